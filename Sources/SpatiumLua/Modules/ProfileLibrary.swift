import CLua
import SpatiumRuntime

/// `spatium.profile`: spatial profiles for an area's `threshold`, `limit` and `leak`
/// (userdata over ``ThresholdProfile``).
///
/// ```lua
/// local p = spatium.profile
/// local t1 = p.linear{base = 10, x = 0.5}                    -- FEAGI's gradient
/// local t2 = p.radial{center = {8, 8, 0}, base = 2, slope = 0.5}
/// local t3 = p.gaussian{center = {8, 8, 0}, sigma = 3, base = 10, peak = 2}
/// local t4 = p.quadratic{center = {8, 8, 0}, base = 1, coefficients = {0.1, 0.1, 0}}
/// local t5 = p.uniform(5)                                    -- or p.uniform{value = 5, noise = {sigma = 1}}
/// local t6 = p.voxels(spatium.tensor.zeros({16, 16, 1}, "f32") + 3)
/// local noisy = p.linear{base = 10, x = 1, noise = {sigma = 0.2, seed = 7}}
/// print(noisy)     -- profile linear(base: 10.0, x: 1.0, y: 0.0, z: 0.0) + noise(σ 0.2, seed 7)
/// b:area{name = "v1", size = {16, 16, 1}, threshold = t3, leak = p.uniform(0.1)}
/// ```
///
/// `noise = {sigma =, seed =}` is accepted by every constructor; without `seed` the noise uses
/// the seed of the brain the profile is applied to.
public enum ProfileLibrary: SpatiumLibrary {
    /// A profile as Lua holds it: a shape and optional noise whose seed may be left to the brain.
    ///
    /// ```lua
    /// local p = spatium.profile.uniform{value = 5, noise = {sigma = 1}}   -- seed: the brain's
    /// ```
    public final class Profile: LuaObject {
        public static let luaTypeName: StaticString = "spatium.profile"
        /// The deterministic part.
        public let shape: ThresholdProfile.Shape
        /// Noise standard deviation, if the profile has noise.
        public let noiseSigma: Float?
        /// Noise seed; `nil`: the seed of the brain the profile is applied to.
        public let noiseSeed: UInt64?

        init(shape: ThresholdProfile.Shape, noiseSigma: Float?, noiseSeed: UInt64?) {
            self.shape = shape
            self.noiseSigma = noiseSigma
            self.noiseSeed = noiseSeed
        }

        /// The runtime profile, with `seed` for noise that has no seed of its own.
        ///
        /// ```swift
        /// let threshold = profile.resolved(seed: brain.seed)
        /// ```
        public func resolved(seed: UInt64) -> ThresholdProfile {
            let profile = ThresholdProfile(shape: shape)
            guard let noiseSigma else { return profile }
            return profile.withNoise(sigma: noiseSigma, seed: noiseSeed ?? seed)
        }

        /// `linear(base: 10.0, …) + noise(σ 0.2, seed 7)`; `seed of the brain` when unset.
        public var description: String {
            let core = ThresholdProfile(shape: shape).description
            guard let noiseSigma else { return core }
            return core + " + noise(σ \(noiseSigma), seed \(noiseSeed.map(String.init) ?? "of the brain"))"
        }
    }

    /// Registers the profile type and adds `spatium.profile` (installed by ``BrainLibrary``).
    ///
    /// ```lua
    /// local t = spatium.profile.uniform(5)
    /// ```
    public static func install(in lua: LuaState, module: Int32) {
        LuaUserdata.register(Profile.self, in: lua, methods: [], metamethods: [("__tostring", describe)])
        lua.newTable()
        for (name, function) in [("linear", linear), ("radial", radial), ("gaussian", gaussian),
                                 ("quadratic", quadratic), ("uniform", uniform), ("voxels", voxels)] {
            lua.push(function: function)
            lua.rawSet(at: -2, key: name)
        }
        lua.rawSet(at: module, key: "profile")
    }

    /// The profile at `index`, if it is one.
    static func test(_ lua: LuaState, _ index: Int32) -> Profile? {
        LuaUserdata.test(Profile.self, at: index, in: lua)
    }

    // MARK: Constructors

    static let linear: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let o = try LuaOptions(lua, argument: 1, known: ["base", "x", "y", "z", "noise"])
            let shape = ThresholdProfile.Shape.linear(base: try required(o, "base"), x: try float(o, "x") ?? 0,
                                                      y: try float(o, "y") ?? 0, z: try float(o, "z") ?? 0)
            return try finish(lua, o, shape)
        }
    }

    static let radial: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let o = try LuaOptions(lua, argument: 1, known: ["center", "base", "slope", "noise"])
            let shape = ThresholdProfile.Shape.radial(center: try center(o), base: try required(o, "base"),
                                                      slope: try required(o, "slope"))
            return try finish(lua, o, shape)
        }
    }

    static let gaussian: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let o = try LuaOptions(lua, argument: 1, known: ["center", "sigma", "base", "peak", "noise"])
            let shape = ThresholdProfile.Shape.gaussian(center: try center(o), sigma: try required(o, "sigma"),
                                                        base: try required(o, "base"), peak: try required(o, "peak"))
            return try finish(lua, o, shape)
        }
    }

    static let quadratic: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let o = try LuaOptions(lua, argument: 1, known: ["center", "base", "coefficients", "noise"])
            let shape = ThresholdProfile.Shape.quadratic(center: try center(o), base: try required(o, "base"),
                                                         coefficients: try triple(o, "coefficients", required: true)!)
            return try finish(lua, o, shape)
        }
    }

    /// `uniform(v [, {noise =}])` or `uniform{value =, noise =}`.
    static let uniform: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            if lua.type(at: 1) == .table {
                let o = try LuaOptions(lua, argument: 1, known: ["value", "noise"])
                return try finish(lua, o, .uniform(try required(o, "value")))
            }
            let value = Float(try lua.checkNumber(1))
            let o = try LuaOptions(lua, argument: 2, known: ["noise"], optional: true)
            return try finish(lua, o, .uniform(value))
        }
    }

    /// `voxels(tensor [, {noise =}])` or `voxels{values = tensor, noise =}`: W·H·D values in
    /// voxel order (x slowest, then y, then z), checked against the area when applied.
    static let voxels: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let o: LuaOptions
            let tensor: Tensor
            if lua.type(at: 1) == .table {
                o = try LuaOptions(lua, argument: 1, known: ["values", "noise"])
                tensor = try o.with("values") { (type) throws(LuaError) -> Tensor in
                    guard let t = LuaUserdata.test(Tensor.self, at: -1, in: lua) else {
                        throw LuaError.argument(1, "field 'values': spatium.tensor expected, got \(lua.typeName(at: -1))")
                    }
                    return t
                }
            } else {
                tensor = try TensorLibrary.check(lua, 1)
                o = try LuaOptions(lua, argument: 2, known: ["noise"], optional: true)
            }
            let values = floats(of: tensor)
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw LuaError.argument(1, "voxel value \(bad + 1) must be finite, got \(values[bad])")
            }
            return try finish(lua, o, .voxels(values))
        }
    }

    static let describe: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let profile = try LuaUserdata.check(Profile.self, at: 1, in: lua)
            lua.push("profile " + profile.description)
            return 1
        }
    }

    // MARK: Helpers

    /// A tensor's elements as `Float`s (one bulk conversion).
    static func floats(of tensor: Tensor) -> [Float] {
        if tensor.dtype == .float32 { return Array(tensor.buffer(of: Float.self)) }
        return tensor.copy(as: .float32).array(of: Float.self) ?? []
    }

    /// Reads `noise`, checks the shape's own parameters and pushes the profile.
    static func finish(_ lua: LuaState, _ o: LuaOptions, _ shape: ThresholdProfile.Shape) throws(LuaError) -> Int32 {
        var sigma: Float? = nil
        var seed: UInt64? = nil
        try o.with("noise") { (type) throws(LuaError) in
            if type.isAbsent { return }
            do throws(LuaError) {
                let noise = try LuaOptions(lua, argument: -1, known: ["sigma", "seed"])
                guard let s = try noise.number("sigma") else { throw LuaError.argument(o.argument, "field 'noise': field 'sigma' is required") }
                guard s.isFinite, s >= 0 else { throw LuaError.argument(o.argument, "field 'noise': sigma must be finite and >= 0, got \(s)") }
                sigma = Float(s)
                seed = try noise.integer("seed").map { UInt64(bitPattern: $0) }
            } catch {
                guard case .argument(_, let message) = error, !message.hasPrefix("field 'noise'") else { throw error }
                throw LuaError.argument(o.argument, "field 'noise': " + message)
            }
        }
        if case .voxels = shape {} else if let problem = ThresholdProfile(shape: shape).problem(width: 1, height: 1, depth: 1) {
            throw LuaError.argument(o.argument, problem)
        }
        LuaUserdata.push(Profile(shape: shape, noiseSigma: sigma, noiseSeed: seed), in: lua)
        return 1
    }

    static func float(_ o: LuaOptions, _ key: String) throws(LuaError) -> Float? {
        try o.number(key).map { Float($0) }
    }

    static func required(_ o: LuaOptions, _ key: String) throws(LuaError) -> Float {
        guard let value = try float(o, key) else {
            throw LuaError.argument(o.argument, "field '\(key)': number expected, got nil")
        }
        return value
    }

    static func center(_ o: LuaOptions) throws(LuaError) -> SIMD3<Float> {
        try triple(o, "center", required: true)!
    }

    /// `{a, b, c}` or `{x = a, y = b, z = c}` (missing keys 0).
    static func triple(_ o: LuaOptions, _ key: String, required: Bool) throws(LuaError) -> SIMD3<Float>? {
        try o.with(key) { (type) throws(LuaError) -> SIMD3<Float>? in
            if type.isAbsent && !required { return nil }
            guard type == .table else {
                throw LuaError.argument(o.argument, "field '\(key)': table {x, y, z} expected, got \(o.lua.typeName(at: -1))")
            }
            return try readTriple(o.lua, at: -1, argument: o.argument, field: key)
        }
    }

    /// The three numbers of the table at `index`: `{a, b, c}` or `{x =, y =, z =}` (missing keys 0).
    static func readTriple(_ lua: LuaState, at index: Int32, argument: Int32, field: String) throws(LuaError) -> SIMD3<Float> {
        let table = lua.absolute(index)
        let length = lua.rawLength(at: table)
        var values = SIMD3<Float>(0, 0, 0)
        if length > 0 {
            guard length == 3 else {
                throw LuaError.argument(argument, "field '\(field)': expected 3 numbers {x, y, z}, got \(length)")
            }
            for i in 0..<3 {
                lua.rawGet(at: table, position: i + 1)
                defer { lua.pop() }
                guard lua.type(at: -1) == .number, let v = lua.toNumber(at: -1) else {
                    throw LuaError.argument(argument, "field '\(field)': element \(i + 1) must be a number, got \(lua.typeName(at: -1))")
                }
                values[i] = Float(v)
            }
            return values
        }
        let keys = lua.stringKeys(in: table)
        if let unknown = keys.filter({ !["x", "y", "z"].contains($0) }).sorted().first {
            throw LuaError.argument(argument, "field '\(field)': unknown key '\(unknown)' (expected {x, y, z} or {x = , y = , z = })")
        }
        for (i, axis) in ["x", "y", "z"].enumerated() {
            lua.rawGet(at: table, key: axis)
            defer { lua.pop() }
            if lua.type(at: -1).isAbsent { continue }
            guard lua.type(at: -1) == .number, let v = lua.toNumber(at: -1) else {
                throw LuaError.argument(argument, "field '\(field)': '\(axis)' must be a number, got \(lua.typeName(at: -1))")
            }
            values[i] = Float(v)
        }
        return values
    }
}
