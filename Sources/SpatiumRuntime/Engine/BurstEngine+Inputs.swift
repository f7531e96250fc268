/// Why an injection could not be staged. Nothing is staged when an injection is refused.
///
/// ```swift
/// do { try brain.engine.inject(area: v1, values: [1, 2, 3]) }
/// catch let error as InjectionError { print(error) }
/// // area 'v1': 3 values to inject, expected 16 (one per neuron) or 16 (one per voxel, 4×4×1)
/// ```
public enum InjectionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A value list whose length is neither the neuron count nor the voxel count.
    case wrongCount(area: String, got: Int, neurons: Int, voxels: Int, width: Int, height: Int, depth: Int)
    /// A voxel coordinate outside the area.
    case outsideArea(area: String, entry: Int, x: Int, y: Int, z: Int, width: Int, height: Int, depth: Int)
    /// A value that is NaN or infinite (it would poison the potential for good).
    case notFinite(area: String, entry: Int, value: Float)

    /// What is wrong and what was expected.
    public var description: String {
        switch self {
        case .wrongCount(let area, let got, let neurons, let voxels, let w, let h, let d):
            return "area '\(area)': \(got) values to inject, expected \(neurons) (one per neuron) or \(voxels) (one per voxel, \(w)×\(h)×\(d))"
        case .outsideArea(let area, let entry, let x, let y, let z, let w, let h, let d):
            return "area '\(area)': injection \(entry + 1) at voxel (\(x), \(y), \(z)) is outside the area (size \(w)×\(h)×\(d), coordinates from 0)"
        case .notFinite(let area, let entry, let value):
            return "area '\(area)': injected value \(entry + 1) must be finite, got \(value)"
        }
    }
}

/// Staging input for the next burst, area by area (DESIGN §6, step 2). Injections add up with
/// each other, with synaptic input and with the background drive, and are consumed by the next
/// ``step()``. Every neuron that receives an injection is a candidate in that burst.
///
/// ```swift
/// try brain.engine.inject(area: retina, value: 2)                    // every neuron
/// try brain.engine.inject(area: retina, values: perVoxelValues)      // W·H·D or W·H·D·npv values
/// try brain.engine.inject(area: retina, voxels: [(x: 0, y: 0, z: 0, value: 5)])
/// ```
extension BurstEngine {
    /// Adds `value` to every neuron of `area` in the next burst.
    ///
    /// - Throws: ``InjectionError/notFinite(area:entry:value:)``.
    ///
    /// ```swift
    /// try brain.engine.inject(area: v1, value: 1.5)
    /// ```
    public func inject(area: CorticalArea, value: Float) throws {
        guard value.isFinite else { throw InjectionError.notFinite(area: area.name, entry: 0, value: value) }
        staged.reserveCapacity(staged.count + area.count)
        for local in 0..<area.count { staged.append((area.base + local, value)) }
    }

    /// Adds one value per neuron (`area.count` values, neuron order) or one value per voxel
    /// (`W·H·D` values, voxel order; each goes to all npv neurons of its voxel). When both
    /// counts are equal (npv = 1) the two readings are the same.
    ///
    /// - Throws: ``InjectionError``; nothing is staged then.
    ///
    /// ```swift
    /// try brain.engine.inject(area: v1, values: [Float](repeating: 2, count: v1.voxelCount))
    /// ```
    public func inject(area: CorticalArea, values: [Float]) throws {
        if values.count == area.count {
            try inject(area: area, perNeuron: values)
        } else if values.count == area.voxelCount {
            try inject(area: area, perVoxel: values)
        } else {
            throw Self.wrongCount(values.count, for: area)
        }
    }

    /// Throws unless `values` has `count` entries, all finite.
    private static func check(_ values: [Float], count: Int, for area: CorticalArea) throws {
        guard values.count == count else { throw wrongCount(values.count, for: area) }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw InjectionError.notFinite(area: area.name, entry: bad, value: values[bad])
        }
    }

    private static func wrongCount(_ got: Int, for area: CorticalArea) -> InjectionError {
        .wrongCount(area: area.name, got: got, neurons: area.count, voxels: area.voxelCount,
                    width: area.width, height: area.height, depth: area.depth)
    }

    /// Adds `values[i]` to local neuron i (exactly `area.count` values).
    ///
    /// - Throws: ``InjectionError``; nothing is staged then.
    ///
    /// ```swift
    /// try brain.engine.inject(area: v1, perNeuron: potentials)
    /// ```
    public func inject(area: CorticalArea, perNeuron values: [Float]) throws {
        try Self.check(values, count: area.count, for: area)
        staged.reserveCapacity(staged.count + values.count)
        for (local, value) in values.enumerated() { staged.append((area.base + local, value)) }
    }

    /// Adds `values[v]` to every neuron of voxel v (voxel order `(x·H + y)·D + z`, exactly
    /// `W·H·D` values).
    ///
    /// - Throws: ``InjectionError``; nothing is staged then.
    ///
    /// ```swift
    /// try brain.engine.inject(area: v1, perVoxel: [Float](repeating: 1, count: v1.voxelCount))
    /// ```
    public func inject(area: CorticalArea, perVoxel values: [Float]) throws {
        try Self.check(values, count: area.voxelCount, for: area)
        let npv = area.neuronsPerVoxel
        staged.reserveCapacity(staged.count + values.count * npv)
        for (voxel, value) in values.enumerated() {
            let first = area.base + voxel * npv
            for k in 0..<npv { staged.append((first + k, value)) }
        }
    }

    /// Adds each entry's value to every neuron of its voxel (x, y, z from 0). Entries may
    /// repeat a voxel; their values add up.
    ///
    /// - Throws: ``InjectionError``; nothing is staged then.
    ///
    /// ```swift
    /// try brain.engine.inject(area: v1, voxels: [(x: 1, y: 2, z: 0, value: 3)])
    /// ```
    public func inject(area: CorticalArea, voxels entries: [(x: Int, y: Int, z: Int, value: Float)]) throws {
        for (n, entry) in entries.enumerated() {
            guard entry.x >= 0, entry.x < area.width, entry.y >= 0, entry.y < area.height,
                  entry.z >= 0, entry.z < area.depth else {
                throw InjectionError.outsideArea(area: area.name, entry: n, x: entry.x, y: entry.y, z: entry.z,
                                                 width: area.width, height: area.height, depth: area.depth)
            }
            guard entry.value.isFinite else { throw InjectionError.notFinite(area: area.name, entry: n, value: entry.value) }
        }
        let npv = area.neuronsPerVoxel
        for entry in entries {
            let first = area.base + ((entry.x * area.height + entry.y) * area.depth + entry.z) * npv
            for k in 0..<npv { staged.append((first + k, entry.value)) }
        }
    }

    /// Number of neuron injections waiting for the next burst.
    ///
    /// ```swift
    /// brain.engine.stagedInjectionCount     // 0 right after a step
    /// ```
    public var stagedInjectionCount: Int { staged.count }
}
