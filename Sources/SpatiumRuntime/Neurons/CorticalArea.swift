import Glibc

/// A W×H×D grid of voxels with `neuronsPerVoxel` (npv) neurons each, stored as contiguous
/// struct-of-arrays for the engine.
///
/// **Neuron order** (FEAGI's): x slowest, then y, then z, then the npv copies:
/// `local = ((x·H + y)·D + z)·npv + k`; the global index is `base + local`, `base` being set
/// by the ``Brain`` (areas in creation order).
///
/// Per neuron: `threshold`, `thresholdLimit` (0 = none) and `leak` (materialised from the
/// ``NeuronParameters`` profiles) and the state `membranePotential`, `refractoryCountdown`,
/// `consecutiveFireCount` (zero at creation). Area-level scalars: `refractory`,
/// `consecutiveFireLimit`, `snooze`, `mpAccumulation`, `excitability`, `psp`, `pspUniform`,
/// `mpDrivenPSP`. Storage costs ``bytesPerNeuron`` bytes per neuron; sizes and the memory
/// estimate are checked before anything is allocated.
///
/// ```swift
/// let v1 = try CorticalArea(name: "v1", width: 3, height: 3, depth: 2,
///                           parameters: NeuronParameters(threshold: .linear(base: 10, x: 1, y: 2, z: 5)))
/// v1.threshold[v1.index(x: 2, y: 2, z: 1)!]    // 21
/// v1.coordinates(of: 17)!                      // (x: 2, y: 2, z: 1, k: 0)
/// ```
public final class CorticalArea {
    /// Unique name within a brain (for genome areas: the 6-character FEAGI id).
    public let name: String
    /// Human-readable title (FEAGI's `__name-t`); defaults to `name`.
    public var title: String
    /// Voxels along x.
    public let width: Int
    /// Voxels along y.
    public let height: Int
    /// Voxels along z.
    public let depth: Int
    /// Neurons per voxel (0: the area has no neurons).
    public let neuronsPerVoxel: Int
    /// Number of neurons, `width·height·depth·neuronsPerVoxel`.
    public let count: Int
    /// Global index of local neuron 0 (set by the brain that owns the area).
    public internal(set) var base: Int = 0

    /// The parameters the per-neuron arrays and scalars were built from.
    public private(set) var parameters: NeuronParameters

    /// Per-neuron firing threshold.
    public internal(set) var threshold: [Float] { didSet { uniformity = nil } }
    /// Per-neuron threshold limit (0 = none).
    public internal(set) var thresholdLimit: [Float] { didSet { uniformity = nil } }
    /// Per-neuron leak coefficient.
    public internal(set) var leak: [Float] { didSet { uniformity = nil } }
    /// Whether `threshold`, `thresholdLimit` and `leak` each hold a single value; found on
    /// first use after a change (see ``parameterUniformity``).
    private var uniformity: (threshold: Bool, limit: Bool, leak: Bool)?

    /// Refractory period in bursts.
    public var refractory: Int32 { Int32(clamping: parameters.refractory) }
    /// Consecutive fire limit (0 or 65535 = unlimited).
    public var consecutiveFireLimit: Int32 { Int32(clamping: parameters.consecutiveFireLimit) }
    /// Snooze length in bursts.
    public var snooze: Int32 { Int32(clamping: parameters.snooze) }
    /// Membrane potential accumulates across bursts.
    public var mpAccumulation: Bool { parameters.mpAccumulation }
    /// Firing probability in the window (≥ 0.999 always fires).
    public var excitability: Float { parameters.excitability }
    /// psp of the area's outgoing synapses.
    public var psp: Float { parameters.psp }
    /// false: contributions are divided by the source's out-degree.
    public var pspUniform: Bool { parameters.pspUniform }
    /// psp = the source's firing potential.
    public var mpDrivenPSP: Bool { parameters.mpDrivenPSP }

    /// Per-neuron membrane potential (state).
    public var membranePotential: [Float]
    /// Per-neuron refractory countdown (state).
    public var refractoryCountdown: [Int32]
    /// Per-neuron consecutive fire count (state).
    public var consecutiveFireCount: [Int32]

    /// Warnings about the current parameters (e.g. a threshold limit below the threshold).
    public private(set) var warnings: [String] = []

    /// Bytes of storage per neuron: six 4-byte arrays.
    public static let bytesPerNeuron = 24

    /// Largest number of neurons in one brain: global indices must fit 32 bits.
    public static let maximumNeuronCount = Int(Int32.max)

    /// Default memory budget for neuron storage: the machine's physical memory.
    public static let defaultMemoryBudget: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, pageSize > 0 else { return Int.max }
        let (bytes, overflow) = pages.multipliedReportingOverflow(by: pageSize)
        return overflow ? Int.max : bytes
    }()

    /// Number of voxels, `width·height·depth`.
    public var voxelCount: Int { width * height * depth }

    /// Whether the consecutive-fire limit is enabled (not 0 and not 65535).
    public var hasFireLimit: Bool { consecutiveFireLimit != 0 && consecutiveFireLimit != 65535 }

    /// Global indices of this area's neurons.
    public var globalRange: Range<Int> { base..<(base + count) }

    /// Creates an area and all its neurons. Dimensions, the neuron count, the memory
    /// estimate and every parameter are checked before any allocation.
    ///
    /// - Throws: ``BrainError`` naming the area and the problem.
    ///
    /// ```swift
    /// let a = try CorticalArea(name: "retina", width: 64, height: 64, depth: 1)
    /// ```
    public init(name: String, title: String? = nil, width: Int, height: Int, depth: Int, neuronsPerVoxel: Int = 1,
                parameters: NeuronParameters = NeuronParameters(),
                memoryBudget: Int = CorticalArea.defaultMemoryBudget) throws {
        let count = try Self.plannedNeuronCount(name: name, width: width, height: height, depth: depth,
                                                neuronsPerVoxel: neuronsPerVoxel)
        try Self.checkCapacity(name: name, neurons: count, existingNeurons: 0, existingBytes: 0,
                               memoryBudget: memoryBudget)
        try parameters.validate(area: name, width: width, height: height, depth: depth)
        self.name = name
        self.title = title ?? name
        self.width = width
        self.height = height
        self.depth = depth
        self.neuronsPerVoxel = neuronsPerVoxel
        self.count = count
        self.parameters = parameters
        threshold = Self.materialise(parameters.threshold, width, height, depth, neuronsPerVoxel, count)
        thresholdLimit = Self.materialise(parameters.thresholdLimit, width, height, depth, neuronsPerVoxel, count)
        leak = Self.materialise(parameters.leak, width, height, depth, neuronsPerVoxel, count)
        membranePotential = Self.allocate(count) { $0.initialize(repeating: 0) }
        refractoryCountdown = Self.allocate(count) { $0.initialize(repeating: 0) }
        consecutiveFireCount = Self.allocate(count) { $0.initialize(repeating: 0) }
        warnings = windowWarnings()
    }

    /// Whether the per-neuron `threshold`, `thresholdLimit` and `leak` arrays each hold one value
    /// for every neuron (the burst kernels then read a single value instead of streaming the
    /// array). Scanned once after any change to the arrays.
    var parameterUniformity: (threshold: Bool, limit: Bool, leak: Bool) {
        if let uniformity { return uniformity }
        func isUniform(_ values: [Float]) -> Bool {
            guard let first = values.first else { return true }
            let bits = first.bitPattern
            return values.allSatisfy { $0.bitPattern == bits }
        }
        let found = (threshold: isUniform(threshold), limit: isUniform(thresholdLimit), leak: isUniform(leak))
        uniformity = found
        return found
    }

    /// Validates the dimensions and returns W·H·D·npv without allocating.
    ///
    /// ```swift
    /// try CorticalArea.plannedNeuronCount(name: "a", width: 2, height: 1, depth: 1, neuronsPerVoxel: 3)  // 6
    /// ```
    public static func plannedNeuronCount(name: String, width: Int, height: Int, depth: Int,
                                          neuronsPerVoxel: Int) throws -> Int {
        guard !name.isEmpty else { throw BrainError.invalidName(name) }
        guard width >= 1, height >= 1, depth >= 1, neuronsPerVoxel >= 0 else {
            throw BrainError.invalidDimensions(area: name, width: width, height: height, depth: depth,
                                               neuronsPerVoxel: neuronsPerVoxel)
        }
        let (wh, o1) = width.multipliedReportingOverflow(by: height)
        let (whd, o2) = wh.multipliedReportingOverflow(by: depth)
        let (total, o3) = whd.multipliedReportingOverflow(by: neuronsPerVoxel)
        if o1 || o2 || o3 {
            throw BrainError.neuronCountOverflow(area: name, width: width, height: height, depth: depth,
                                                 neuronsPerVoxel: neuronsPerVoxel)
        }
        return total
    }

    /// Checks an area of `neurons` neurons against the 32-bit index range and the memory
    /// budget, given what a brain already holds.
    ///
    /// ```swift
    /// try CorticalArea.checkCapacity(name: "a", neurons: 100, existingNeurons: 0, existingBytes: 0,
    ///                                memoryBudget: 1 << 30)
    /// ```
    public static func checkCapacity(name: String, neurons: Int, existingNeurons: Int, existingBytes: Int,
                                     memoryBudget: Int) throws {
        let (total, o1) = existingNeurons.addingReportingOverflow(neurons)
        if o1 || total > maximumNeuronCount {
            throw BrainError.tooManyNeurons(area: name, neurons: neurons, brainTotal: o1 ? Int.max : total,
                                            limit: maximumNeuronCount)
        }
        let (bytes, o2) = neurons.multipliedReportingOverflow(by: bytesPerNeuron)
        let (allBytes, o3) = bytes.addingReportingOverflow(existingBytes)
        if o2 || o3 || allBytes > memoryBudget {
            throw BrainError.exceedsMemory(area: name, neurons: neurons, bytes: o2 ? Int.max : bytes,
                                           alreadyUsedBytes: existingBytes, budgetBytes: memoryBudget)
        }
    }

    private static func materialise(_ profile: ThresholdProfile, _ w: Int, _ h: Int, _ d: Int, _ npv: Int,
                                     _ count: Int) -> [Float] {
        allocate(count) { profile.fill($0, width: w, height: h, depth: d, neuronsPerVoxel: npv) }
    }

    /// An array of `count` elements initialised by `fill`. Large arrays are advised to use
    /// transparent huge pages before their first touch: creation is dominated by page faults
    /// (six arrays of 4 bytes per neuron), and 2 MiB pages cut them 512-fold (and help the
    /// engine's TLB later). The advice is only a hint; nothing depends on it.
    private static func allocate<T>(_ count: Int, _ fill: (UnsafeMutableBufferPointer<T>) -> Void) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialised in
            adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            fill(buffer)
            initialised = count
        }
    }

    private static let pageSize = max(Int(sysconf(Int32(_SC_PAGESIZE))), 4096)

    private static func adviseHugePages(_ region: UnsafeMutableRawBufferPointer) {
        guard region.count >= 4 << 20, let base = region.baseAddress else { return }
        let start = (Int(bitPattern: base) + pageSize - 1) / pageSize * pageSize
        let end = (Int(bitPattern: base) + region.count) / pageSize * pageSize
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(pointer, end - start, MADV_HUGEPAGE)
    }

    // MARK: - Indexing

    /// Local index of neuron k of voxel (x, y, z), or `nil` outside the area.
    ///
    /// ```swift
    /// area.index(x: 1, y: 0, z: 0, k: 2)
    /// ```
    @inlinable
    public func index(x: Int, y: Int, z: Int, k: Int = 0) -> Int? {
        guard x >= 0, x < width, y >= 0, y < height, z >= 0, z < depth, k >= 0, k < neuronsPerVoxel else { return nil }
        return ((x * height + y) * depth + z) * neuronsPerVoxel + k
    }

    /// Voxel coordinates and copy number of a local index, or `nil` outside `0..<count`.
    ///
    /// ```swift
    /// let (x, y, z, k) = area.coordinates(of: 5)!
    /// ```
    @inlinable
    public func coordinates(of local: Int) -> (x: Int, y: Int, z: Int, k: Int)? {
        guard local >= 0, local < count else { return nil }
        let k = local % neuronsPerVoxel
        var voxel = local / neuronsPerVoxel
        let z = voxel % depth
        voxel /= depth
        return (voxel / height, voxel % height, z, k)
    }

    // MARK: - Changing parameters

    /// Replaces the parameters and re-applies the profiles to the existing arrays (no
    /// reallocation; neuron state is kept). Returns the new warnings.
    ///
    /// - Throws: ``BrainError/invalidParameter(area:parameter:problem:)``; the area is unchanged then.
    ///
    /// ```swift
    /// var p = area.parameters
    /// p.threshold = .radial(center: (8, 8, 0), base: 1, slope: 0.5)
    /// try area.set(p)
    /// ```
    @discardableResult
    public func set(_ parameters: NeuronParameters) throws -> [String] {
        try parameters.validate(area: name, width: width, height: height, depth: depth)
        let old = self.parameters
        self.parameters = parameters
        if parameters.threshold != old.threshold { refill(&threshold, parameters.threshold) }
        if parameters.thresholdLimit != old.thresholdLimit { refill(&thresholdLimit, parameters.thresholdLimit) }
        if parameters.leak != old.leak { refill(&leak, parameters.leak) }
        warnings = windowWarnings()
        return warnings
    }

    /// Replaces the threshold profile.
    ///
    /// ```swift
    /// try area.set(threshold: .linear(base: 5, z: 1))
    /// ```
    @discardableResult
    public func set(threshold profile: ThresholdProfile) throws -> [String] {
        var p = parameters
        p.threshold = profile
        return try set(p)
    }

    /// Replaces the threshold-limit profile.
    ///
    /// ```swift
    /// try area.set(thresholdLimit: .uniform(40))
    /// ```
    @discardableResult
    public func set(thresholdLimit profile: ThresholdProfile) throws -> [String] {
        var p = parameters
        p.thresholdLimit = profile
        return try set(p)
    }

    /// Replaces the leak profile.
    ///
    /// ```swift
    /// try area.set(leak: .gaussian(center: (4, 4, 0), sigma: 2, base: 0.1, peak: 0.5))
    /// ```
    @discardableResult
    public func set(leak profile: ThresholdProfile) throws -> [String] {
        var p = parameters
        p.leak = profile
        return try set(p)
    }

    /// Sets the neuron state back to creation values (all zero).
    ///
    /// ```swift
    /// area.resetState()
    /// ```
    public func resetState() {
        for i in membranePotential.indices { membranePotential[i] = 0 }
        for i in refractoryCountdown.indices { refractoryCountdown[i] = 0 }
        for i in consecutiveFireCount.indices { consecutiveFireCount[i] = 0 }
    }

    private func refill(_ array: inout [Float], _ profile: ThresholdProfile) {
        let (w, h, d, npv) = (width, height, depth, neuronsPerVoxel)
        array.withUnsafeMutableBufferPointer { profile.fill($0, width: w, height: h, depth: d, neuronsPerVoxel: npv) }
    }

    /// A window that can never open: a limit that is set (≠ 0) and below the threshold.
    private func windowWarnings() -> [String] {
        guard count > 0 else { return [] }
        if parameters.thresholdLimit.constantValue == 0 { return [] }
        var blocked = 0
        var first = -1
        threshold.withUnsafeBufferPointer { t in
            thresholdLimit.withUnsafeBufferPointer { l in
                for i in 0..<count where l[i] != 0 && l[i] < t[i] {
                    if first < 0 { first = i }
                    blocked &+= 1
                }
            }
        }
        guard blocked > 0, let c = coordinates(of: first) else { return [] }
        return ["area '\(name)': threshold limit is below the threshold for \(Formatting.grouped(blocked)) of \(Formatting.grouped(count)) neurons (first: neuron \(first) at (\(c.x), \(c.y), \(c.z)), threshold \(threshold[first]), limit \(thresholdLimit[first])); they can never fire, because the window threshold <= v <= limit is empty"]
    }
}
