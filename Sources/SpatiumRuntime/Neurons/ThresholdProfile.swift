import Glibc

/// A spatial profile: one `Float` per voxel of a W×H×D area, shared by the voxel's npv
/// neurons. Areas use profiles for their `threshold`, `thresholdLimit` and `leak`.
///
/// | profile | value at voxel (x, y, z) |
/// |---|---|
/// | ``uniform(_:)`` | `v` — filled with one fill, no per-neuron arithmetic |
/// | ``linear(base:x:y:z:)`` | `((base + x·ix) + y·iy) + z·iz` in `Float`, exactly FEAGI's formula and order; when every \|increment\| ≤ `Float.ulpOfOne` it is FEAGI's uniform fast path (`base` everywhere) |
/// | ``radial(center:base:slope:)`` | `base + slope·d`, d the Euclidean distance from `center` |
/// | ``gaussian(center:sigma:base:peak:)`` | `base + (peak − base)·exp(−d²/(2σ²))` |
/// | ``quadratic(center:base:coefficients:)`` | `base + ax·(x−cx)² + ay·(y−cy)² + az·(z−cz)²` |
/// | ``voxels(_:)`` | explicit values, W·H·D of them in voxel order (x slowest, then y, then z) |
///
/// Radial, gaussian and quadratic are evaluated in `Double` and rounded once to `Float`.
/// Any profile can carry seeded Gaussian noise (``withNoise(sigma:seed:)``): voxel number
/// `v = (x·H + y)·D + z` adds `sigma · n(v)`, where `n(v)` is a standard normal from
/// Box–Muller (in `Double`) over the uniforms `SplitMix64.draw(seed, stream: 0, counter: 2v)`
/// and `… counter: 2v + 1`. Each voxel's noise depends only on (seed, v), never on fill order.
///
/// The bulk ``fill(_:width:height:depth:neuronsPerVoxel:)`` and the scalar
/// ``value(x:y:z:width:height:depth:)`` give bit-identical results.
///
/// ```swift
/// let t = ThresholdProfile.linear(base: 10, x: 1, y: 2, z: 5)
/// t.value(x: 2, y: 2, z: 1, width: 3, height: 3, depth: 2)      // 21
/// let noisy = ThresholdProfile.uniform(5).withNoise(sigma: 0.5, seed: 42)
/// ```
public struct ThresholdProfile: Hashable, Sendable, CustomStringConvertible {
    /// The deterministic part of a profile.
    public enum Shape: Hashable, Sendable {
        /// One value everywhere.
        case uniform(Float)
        /// FEAGI's gradient `base + x·ix + y·iy + z·iz`.
        case linear(base: Float, x: Float, y: Float, z: Float)
        /// `base + slope·distance(center)`.
        case radial(center: SIMD3<Float>, base: Float, slope: Float)
        /// `base + (peak − base)·exp(−d²/(2σ²))`.
        case gaussian(center: SIMD3<Float>, sigma: Float, base: Float, peak: Float)
        /// `base + Σ a·(coord − c)²`.
        case quadratic(center: SIMD3<Float>, base: Float, coefficients: SIMD3<Float>)
        /// Explicit per-voxel values.
        case voxels([Float])
    }

    /// Seeded Gaussian noise added per voxel.
    public struct Noise: Hashable, Sendable {
        /// Standard deviation of the noise (≥ 0).
        public var sigma: Float
        /// Seed of the counter-based draws.
        public var seed: UInt64

        /// Creates noise settings.
        ///
        /// ```swift
        /// let n = ThresholdProfile.Noise(sigma: 0.1, seed: 7)
        /// ```
        public init(sigma: Float, seed: UInt64) {
            self.sigma = sigma
            self.seed = seed
        }
    }

    /// The deterministic shape.
    public var shape: Shape
    /// Optional per-voxel noise.
    public var noise: Noise?

    /// Creates a profile from a shape and optional noise.
    ///
    /// ```swift
    /// let p = ThresholdProfile(shape: .uniform(1), noise: nil)
    /// ```
    public init(shape: Shape, noise: Noise? = nil) {
        self.shape = shape
        self.noise = noise
    }

    /// The same value everywhere.
    ///
    /// ```swift
    /// let p = ThresholdProfile.uniform(50)
    /// ```
    public static func uniform(_ value: Float) -> ThresholdProfile {
        ThresholdProfile(shape: .uniform(value))
    }

    /// FEAGI's linear gradient: `base + x·ix + y·iy + z·iz`.
    ///
    /// ```swift
    /// let p = ThresholdProfile.linear(base: 100, x: -10)
    /// ```
    public static func linear(base: Float, x: Float = 0, y: Float = 0, z: Float = 0) -> ThresholdProfile {
        ThresholdProfile(shape: .linear(base: base, x: x, y: y, z: z))
    }

    /// `base + slope · distance(voxel, center)`.
    ///
    /// ```swift
    /// let p = ThresholdProfile.radial(center: (1, 1, 0), base: 2, slope: 1)
    /// ```
    public static func radial(center: (Float, Float, Float), base: Float, slope: Float) -> ThresholdProfile {
        ThresholdProfile(shape: .radial(center: SIMD3(center.0, center.1, center.2), base: base, slope: slope))
    }

    /// `base + (peak − base) · exp(−d² / (2σ²))`, d the distance from `center`; σ > 0.
    ///
    /// ```swift
    /// let p = ThresholdProfile.gaussian(center: (32, 32, 0), sigma: 8, base: 10, peak: 2)
    /// ```
    public static func gaussian(center: (Float, Float, Float), sigma: Float, base: Float, peak: Float) -> ThresholdProfile {
        ThresholdProfile(shape: .gaussian(center: SIMD3(center.0, center.1, center.2), sigma: sigma, base: base, peak: peak))
    }

    /// `base + ax·(x−cx)² + ay·(y−cy)² + az·(z−cz)²`.
    ///
    /// ```swift
    /// let p = ThresholdProfile.quadratic(center: (2, 0, 0), base: 1, coefficients: (0.5, 0, 0))
    /// ```
    public static func quadratic(center: (Float, Float, Float), base: Float,
                                 coefficients: (Float, Float, Float)) -> ThresholdProfile {
        ThresholdProfile(shape: .quadratic(center: SIMD3(center.0, center.1, center.2), base: base,
                                           coefficients: SIMD3(coefficients.0, coefficients.1, coefficients.2)))
    }

    /// Explicit per-voxel values (W·H·D, voxel order: x slowest, then y, then z).
    ///
    /// ```swift
    /// let p = ThresholdProfile.voxels([1, 2, 3, 4])   // for a 2×2×1 area
    /// ```
    public static func voxels(_ values: [Float]) -> ThresholdProfile {
        ThresholdProfile(shape: .voxels(values))
    }

    /// This profile plus seeded Gaussian noise of standard deviation `sigma` per voxel.
    ///
    /// ```swift
    /// let p = ThresholdProfile.linear(base: 10, x: 0.5).withNoise(sigma: 0.2, seed: 1)
    /// ```
    public func withNoise(sigma: Float, seed: UInt64) -> ThresholdProfile {
        ThresholdProfile(shape: shape, noise: Noise(sigma: sigma, seed: seed))
    }

    /// The value when the profile is one constant everywhere (uniform, or FEAGI-linear with no
    /// gradient, and no noise); `nil` otherwise.
    ///
    /// ```swift
    /// ThresholdProfile.uniform(3).constantValue          // 3
    /// ```
    public var constantValue: Float? {
        guard noise == nil else { return nil }
        switch shape {
        case .uniform(let v): return v
        case .linear(let base, let ix, let iy, let iz):
            return Self.hasGradient(ix, iy, iz) ? nil : base
        default: return nil
        }
    }

    /// The profile's base value: the uniform value, or the `base` parameter, or the first voxel
    /// value (0 for an empty voxel list). Used where one number must stand for the profile.
    ///
    /// ```swift
    /// ThresholdProfile.radial(center: (0, 0, 0), base: 4, slope: 1).baseValue   // 4
    /// ```
    public var baseValue: Float {
        switch shape {
        case .uniform(let v): v
        case .linear(let base, _, _, _): base
        case .radial(_, let base, _): base
        case .gaussian(_, _, let base, _): base
        case .quadratic(_, let base, _): base
        case .voxels(let values): values.first ?? 0
        }
    }

    /// FEAGI's test for a gradient: some |increment| > `Float.ulpOfOne` (f32::EPSILON).
    @inlinable
    static func hasGradient(_ ix: Float, _ iy: Float, _ iz: Float) -> Bool {
        abs(ix) > Float.ulpOfOne || abs(iy) > Float.ulpOfOne || abs(iz) > Float.ulpOfOne
    }

    /// What is wrong with this profile for a W×H×D area, or `nil` when it is usable:
    /// parameters must be finite, gaussian σ > 0, the voxel list W·H·D long, noise σ ≥ 0.
    ///
    /// ```swift
    /// ThresholdProfile.voxels([1, 2]).problem(width: 2, height: 2, depth: 1)
    /// // "voxels profile has 2 values, expected 4 (W·H·D = 2×2×1)"
    /// ```
    public func problem(width: Int, height: Int, depth: Int) -> String? {
        func finite(_ values: [Float], _ names: [String]) -> String? {
            for (v, n) in zip(values, names) where !v.isFinite { return "\(n) must be finite, got \(v)" }
            return nil
        }
        switch shape {
        case .uniform(let v):
            if let p = finite([v], ["value"]) { return p }
        case .linear(let base, let ix, let iy, let iz):
            if let p = finite([base, ix, iy, iz], ["base", "x increment", "y increment", "z increment"]) { return p }
            let corners = [(0, 0, 0), (width - 1, 0, 0), (0, height - 1, 0), (0, 0, depth - 1),
                           (width - 1, height - 1, 0), (width - 1, 0, depth - 1), (0, height - 1, depth - 1),
                           (width - 1, height - 1, depth - 1)]
            for (x, y, z) in corners {
                let v = Self.linearValue(base, ix, iy, iz, x, y, z)
                if !v.isFinite { return "linear gradient overflows Float at voxel (\(x), \(y), \(z)): \(v)" }
            }
        case .radial(let c, let base, let slope):
            if let p = finite([c.x, c.y, c.z, base, slope], ["center x", "center y", "center z", "base", "slope"]) { return p }
        case .gaussian(let c, let sigma, let base, let peak):
            if let p = finite([c.x, c.y, c.z, sigma, base, peak], ["center x", "center y", "center z", "sigma", "base", "peak"]) { return p }
            if !(sigma > 0) { return "gaussian sigma must be > 0, got \(sigma)" }
        case .quadratic(let c, let base, let a):
            if let p = finite([c.x, c.y, c.z, base, a.x, a.y, a.z],
                              ["center x", "center y", "center z", "base", "x coefficient", "y coefficient", "z coefficient"]) { return p }
        case .voxels(let values):
            let (wh, o1) = width.multipliedReportingOverflow(by: height)
            let (expected, o2) = wh.multipliedReportingOverflow(by: depth)
            if o1 || o2 || values.count != expected {
                return "voxels profile has \(values.count) values, expected \(o1 || o2 ? "W·H·D" : String(expected)) (W·H·D = \(width)×\(height)×\(depth))"
            }
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                return "voxels profile value \(bad) must be finite, got \(values[bad])"
            }
        }
        if let noise {
            if !noise.sigma.isFinite || noise.sigma < 0 { return "noise sigma must be finite and >= 0, got \(noise.sigma)" }
        }
        return nil
    }

    // MARK: - Evaluation

    @inline(__always)
    static func linearValue(_ base: Float, _ ix: Float, _ iy: Float, _ iz: Float, _ x: Int, _ y: Int, _ z: Int) -> Float {
        ((base + Float(x) * ix) + Float(y) * iy) + Float(z) * iz
    }

    /// The standard normal draw of voxel `voxel` for `seed` (Box–Muller, `Double`).
    ///
    /// ```swift
    /// let n = ThresholdProfile.standardNormal(seed: 1, voxel: 0)
    /// ```
    @inlinable
    public static func standardNormal(seed: UInt64, voxel: Int) -> Double {
        let counter = UInt64(truncatingIfNeeded: voxel) &* 2
        let u1 = 1.0 - SplitMix64.unitDouble(SplitMix64.draw(seed: seed, stream: 0, counter: counter))
        let u2 = SplitMix64.unitDouble(SplitMix64.draw(seed: seed, stream: 0, counter: counter &+ 1))
        return (-2.0 * Glibc.log(u1)).squareRoot() * Glibc.cos(2.0 * Double.pi * u2)
    }

    @inline(__always)
    static func addNoise(_ value: Float, _ noise: Noise, voxel: Int) -> Float {
        Float(Double(value) + Double(noise.sigma) * standardNormal(seed: noise.seed, voxel: voxel))
    }

    /// Per-(x, y) row state shared by the scalar and bulk paths so both round identically.
    @usableFromInline
    struct Row {
        var a: Double = 0   // row part (distance², quadratic sum, or linear row base as Float bits)
        var rowBase: Float = 0
    }

    @inline(__always)
    func row(x: Int, y: Int) -> Row {
        var r = Row()
        switch shape {
        case .uniform, .voxels:
            break
        case .linear(let base, let ix, let iy, _):
            r.rowBase = (base + Float(x) * ix) + Float(y) * iy
        case .radial(let c, _, _), .gaussian(let c, _, _, _):
            let dx = Double(x) - Double(c.x), dy = Double(y) - Double(c.y)
            r.a = dx * dx + dy * dy
        case .quadratic(let c, _, let k):
            let dx = Double(x) - Double(c.x), dy = Double(y) - Double(c.y)
            r.a = Double(k.x) * dx * dx + Double(k.y) * dy * dy
        }
        return r
    }

    @inline(__always)
    func value(in row: Row, z: Int, voxel: Int) -> Float {
        switch shape {
        case .uniform(let v):
            return v
        case .linear(let base, let ix, let iy, let iz):
            return Self.hasGradient(ix, iy, iz) ? row.rowBase + Float(z) * iz : base
        case .radial(let c, let base, let slope):
            let dz = Double(z) - Double(c.z)
            return Float(Double(base) + Double(slope) * (row.a + dz * dz).squareRoot())
        case .gaussian(let c, let sigma, let base, let peak):
            let dz = Double(z) - Double(c.z)
            let s = Double(sigma)
            return Float(Double(base) + (Double(peak) - Double(base)) * Glibc.exp(-(row.a + dz * dz) / (2 * s * s)))
        case .quadratic(let c, let base, let k):
            let dz = Double(z) - Double(c.z)
            return Float(Double(base) + (row.a + Double(k.z) * dz * dz))
        case .voxels(let values):
            return values[voxel]
        }
    }

    /// The profile's value at voxel (x, y, z) of a W×H×D area (scalar path; identical to the
    /// bulk fill). Coordinates outside the grid give `nil`, as does a voxel list that does not
    /// match the grid.
    ///
    /// ```swift
    /// ThresholdProfile.linear(base: 20, x: 5).value(x: 1, y: 0, z: 0, width: 2, height: 1, depth: 1)  // 25
    /// ```
    public func value(x: Int, y: Int, z: Int, width: Int, height: Int, depth: Int) -> Float? {
        guard x >= 0, x < width, y >= 0, y < height, z >= 0, z < depth,
              let voxels = Self.voxelCount(width, height, depth, 1) else { return nil }
        let voxel = (x * height + y) * depth + z
        if case .voxels(let values) = shape, values.count != voxels { return nil }
        let v = value(in: row(x: x, y: y), z: z, voxel: voxel)
        if let noise { return Self.addNoise(v, noise, voxel: voxel) }
        return v
    }

    /// Writes the profile for a W×H×D area with npv neurons per voxel into `buffer`
    /// (neuron order `((x·H + y)·D + z)·npv + k`; all npv neurons of a voxel get the voxel's
    /// value). The buffer may be uninitialised (`Float` is trivial). Does nothing when the
    /// buffer holds fewer than W·H·D·npv elements or the profile does not fit the grid
    /// (check ``problem(width:height:depth:)`` first).
    ///
    /// ```swift
    /// var t = [Float](repeating: 0, count: 6)
    /// t.withUnsafeMutableBufferPointer {
    ///     ThresholdProfile.linear(base: 20, x: 5).fill($0, width: 2, height: 1, depth: 1, neuronsPerVoxel: 3)
    /// }                                       // [20, 20, 20, 25, 25, 25]
    /// ```
    public func fill(_ buffer: UnsafeMutableBufferPointer<Float>, width: Int, height: Int, depth: Int,
                     neuronsPerVoxel npv: Int) {
        guard let voxelCount = Self.voxelCount(width, height, depth, 1),
              let count = Self.voxelCount(width, height, depth, npv),
              buffer.count >= count, let out = buffer.baseAddress else { return }
        if case .voxels(let values) = shape, values.count != voxelCount { return }
        if let constant = constantValue {
            out.update(repeating: constant, count: count)        // fast path: one fill
            return
        }
        if noise == nil, case .linear(let base, let ix, let iy, let iz) = shape {
            Self.fillLinear(out, base, ix, iy, iz, width, height, depth, npv)
            return
        }
        fillGeneral(out, width, height, depth, npv: npv)
    }

    /// W·H·D·npv when every factor is ≥ 1 and the product fits `Int`, else `nil`.
    static func voxelCount(_ width: Int, _ height: Int, _ depth: Int, _ npv: Int) -> Int? {
        guard width >= 1, height >= 1, depth >= 1, npv >= 1 else { return nil }
        let (a, o1) = width.multipliedReportingOverflow(by: height)
        let (b, o2) = a.multipliedReportingOverflow(by: depth)
        let (c, o3) = b.multipliedReportingOverflow(by: npv)
        return o1 || o2 || o3 ? nil : c
    }

    /// Linear gradient, no noise: the hot path. Each (x, y) row computes its base once; the
    /// z loop is `rowBase + Float(z)·iz`, which vectorises.
    static func fillLinear(_ out: UnsafeMutablePointer<Float>, _ base: Float, _ ix: Float, _ iy: Float, _ iz: Float,
                           _ width: Int, _ height: Int, _ depth: Int, _ npv: Int) {
        var offset = 0
        if npv == 1 {
            for x in 0..<width {
                let xBase = base + Float(x) * ix
                for y in 0..<height {
                    let rowBase = xBase + Float(y) * iy
                    let row = out + offset
                    for z in 0..<depth { row[z] = rowBase + Float(z) * iz }
                    offset &+= depth
                }
            }
        } else {
            for x in 0..<width {
                let xBase = base + Float(x) * ix
                for y in 0..<height {
                    let rowBase = xBase + Float(y) * iy
                    for z in 0..<depth {
                        (out + offset).update(repeating: rowBase + Float(z) * iz, count: npv)
                        offset &+= npv
                    }
                }
            }
        }
    }

    /// General shapes and any noise: each (x, y) row of voxel values is computed (in place when
    /// npv == 1, else into a scratch row that is expanded to npv copies per voxel).
    private func fillGeneral(_ out: UnsafeMutablePointer<Float>, _ width: Int, _ height: Int, _ depth: Int, npv: Int) {
        if npv == 1 {
            for x in 0..<width {
                for y in 0..<height {
                    let rowStart = (x * height + y) * depth
                    computeRow(out + rowStart, x: x, y: y, rowStart: rowStart, depth: depth)
                }
            }
            return
        }
        withUnsafeTemporaryAllocation(of: Float.self, capacity: depth) { scratch in
            guard let row = scratch.baseAddress else { return }
            for x in 0..<width {
                for y in 0..<height {
                    let rowStart = (x * height + y) * depth
                    computeRow(row, x: x, y: y, rowStart: rowStart, depth: depth)
                    var o = out + rowStart * npv
                    for z in 0..<depth {
                        o.update(repeating: row[z], count: npv)
                        o += npv
                    }
                }
            }
        }
    }

    @inline(__always)
    private func computeRow(_ target: UnsafeMutablePointer<Float>, x: Int, y: Int, rowStart: Int, depth: Int) {
        let r = row(x: x, y: y)
        for z in 0..<depth { target[z] = value(in: r, z: z, voxel: rowStart + z) }
        if let noise {
            for z in 0..<depth { target[z] = Self.addNoise(target[z], noise, voxel: rowStart + z) }
        }
    }

    /// A readable form, e.g. `linear(base: 10, x: 1, y: 2, z: 5)` or `uniform(1) + noise(σ 0.5, seed 3)`.
    public var description: String {
        let core: String
        switch shape {
        case .uniform(let v): core = "uniform(\(v))"
        case .linear(let b, let x, let y, let z): core = "linear(base: \(b), x: \(x), y: \(y), z: \(z))"
        case .radial(let c, let b, let s): core = "radial(center: (\(c.x), \(c.y), \(c.z)), base: \(b), slope: \(s))"
        case .gaussian(let c, let sg, let b, let p):
            core = "gaussian(center: (\(c.x), \(c.y), \(c.z)), sigma: \(sg), base: \(b), peak: \(p))"
        case .quadratic(let c, let b, let k):
            core = "quadratic(center: (\(c.x), \(c.y), \(c.z)), base: \(b), coefficients: (\(k.x), \(k.y), \(k.z)))"
        case .voxels(let v): core = "voxels(\(v.count) values)"
        }
        guard let noise else { return core }
        return core + " + noise(σ \(noise.sigma), seed \(noise.seed))"
    }
}
