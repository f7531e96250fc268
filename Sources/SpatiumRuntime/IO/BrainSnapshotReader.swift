#if canImport(Glibc)
import Glibc
#endif

/// Reads one snapshot back into a new ``Brain`` (``BrainSnapshot/load(path:)``), checking
/// everything before it is used: metadata first, then every tensor's dtype and shape against
/// the stored area list (from the header alone), then the structure, then the values.
///
/// ```swift
/// var reader = try BrainSnapshotReader(path: "state.safetensors")
/// let brain = try reader.load()
/// ```
struct BrainSnapshotReader {
    /// One area as `spatium.state` describes it.
    struct AreaPlan {
        let name: String
        /// `[W, H, D, npv]`.
        let shape: [Int]
        let count: Int
        let precision: Precision
        let activation: ActivationPlan?
    }

    /// An area's activation maps as `spatium.state` describes them.
    struct ActivationPlan {
        let layout: ActivationLayout
        let hash: PatternHashSource
        let shared: Bool
        let palette: [ActivationFunction]
        let neuronHits: Bool
    }

    let file: SafetensorsFile
    var path: String { file.path }
    /// Every tensor the plan explains (the rest are refused).
    private var expected: Set<String> = []

    init(path: String) throws(BrainSnapshotError) {
        do { file = try SafetensorsFile(path: path) } catch { throw .file(error) }
        do { _ = try SnapshotFormat.check(file) } catch { throw .format(error) }
    }

    // MARK: - Load

    mutating func load() throws(BrainSnapshotError) -> Brain {
        typealias Key = BrainSnapshot.Key
        let seed = try unsigned(Key.seed)
        let burst = try unsigned(Key.burst)
        let dynamicsName = try metadata(Key.dynamics)
        guard let dynamics = Dynamics(rawValue: dynamicsName) else {
            throw .invalidMetadata(path: path, key: Key.dynamics, problem: "must be one of \(Dynamics.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(dynamicsName)\"")
        }
        let structure = try metadata(Key.structure)
        let state = try json(Key.state)
        let (plans, totals) = try readPlan(state)

        // Every tensor's dtype and shape, from the header, before anything is allocated.
        var neuronCount = 0
        for plan in plans {
            let (sum, overflow) = neuronCount.addingReportingOverflow(plan.count)
            guard !overflow, sum <= CorticalArea.maximumNeuronCount else {
                throw .invalidMetadata(path: path, key: Key.state, problem: "describes more than \(CorticalArea.maximumNeuronCount) neurons")
            }
            neuronCount = sum
            try checkAreaTensors(plan)
        }
        let firedCount = try checkVector("engine/fired_indices", .int32)
        try expect("engine/fired_potentials", .float32, [firedCount])
        let stagedCount = try checkVector("engine/staged_indices", .int64)
        try expect("engine/staged_values", .float32, [stagedCount])
        let patternCount = try checkVector("engine/staged_pattern_indices", .int64)
        try expect("engine/staged_patterns", .uint64, [patternCount])
        var synapseCount = 0
        if totals.synapses {
            try expect("synapses/offsets", .int64, [neuronCount + 1])
            synapseCount = try checkVector("synapses/targets", .uint32)
            try expect("synapses/contributions", .float32, [synapseCount])
        }
        if let extra = file.tensors.first(where: { !expected.contains($0.name) }) {
            throw .unexpectedTensor(path: path, name: extra.name)
        }

        let brain = try buildStructure(structure, seed: seed, plans: plans, neuronCount: neuronCount)
        let engine = brain.engine
        engine.dynamics = dynamics

        var spikeCounts = [UInt32](repeating: 0, count: neuronCount)
        var drives: [String: BackgroundDrive] = [:]
        for (plan, area) in zip(plans, brain.areas) {
            try readArea(area, plan, spikeCounts: &spikeCounts, drives: &drives, engine: engine)
        }

        var fired = FiredSet()
        fired.indices = try read("engine/fired_indices", count: firedCount, as: Int32.self)
        fired.potentials = try read("engine/fired_potentials", count: firedCount, as: Float.self)
        var previous = -1
        for index in fired.indices {
            guard Int(index) > previous, Int(index) < neuronCount else {
                throw .invalidValue(path: path, name: "engine/fired_indices",
                                    problem: "\(index) is not a neuron after \(previous) (indices must ascend within 0..<\(neuronCount))")
            }
            previous = Int(index)
        }
        let stagedIndices = try read("engine/staged_indices", count: stagedCount, as: Int64.self)
        let stagedValues = try read("engine/staged_values", count: stagedCount, as: Float.self)
        let patternIndices = try read("engine/staged_pattern_indices", count: patternCount, as: Int64.self)
        let patterns = try read("engine/staged_patterns", count: patternCount, as: UInt64.self)
        if totals.synapses {
            engine.restoreSynapses(try readSynapses(neuronCount: neuronCount, count: synapseCount))
        }
        engine.restoreRunState(
            burst: burst, fired: fired, spikeCounts: spikeCounts, totalSpikes: totals.spikes, synapticEvents: totals.events,
            staged: zip(stagedIndices, stagedValues).map { (Int($0), $1) },
            stagedPatterns: zip(patternIndices, patterns).map { (Int($0), $1) },
            drives: drives)
        return brain
    }

    // MARK: - Metadata and plan

    func metadata(_ key: String) throws(BrainSnapshotError) -> String {
        guard let value = file.metadata[key] else { throw .missingMetadata(path: path, key: key) }
        return value
    }

    func unsigned(_ key: String) throws(BrainSnapshotError) -> UInt64 {
        let text = try metadata(key)
        guard text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let value = UInt64(text) else {
            throw .invalidMetadata(path: path, key: key, problem: "must be an unsigned 64-bit decimal integer, found \"\(text)\"")
        }
        return value
    }

    func json(_ key: String) throws(BrainSnapshotError) -> JSONObject {
        let text = try metadata(key)
        let value: JSONValue
        do { value = try JSONValue.parse(text, options: .strict) } catch {
            throw .invalidMetadata(path: path, key: key, problem: "is not valid JSON: \(error)")
        }
        guard case .object(let object) = value else {
            throw .invalidMetadata(path: path, key: key, problem: "must be a JSON object, found \(value.kindDescription)")
        }
        return object
    }

    /// The area list and engine totals of `spatium.state`.
    func readPlan(_ state: JSONObject) throws(BrainSnapshotError) -> ([AreaPlan], (spikes: UInt64, events: UInt64, synapses: Bool)) {
        func fail(_ problem: String) -> BrainSnapshotError {
            .invalidMetadata(path: path, key: BrainSnapshot.Key.state, problem: problem)
        }
        guard case .object(let engine) = state["engine"] else { throw fail("has no \"engine\" object") }
        func counter(_ key: String) throws(BrainSnapshotError) -> UInt64 {
            guard case .string(let text) = engine[key], let value = UInt64(text) else {
                throw fail("engine.\(key) must be a decimal string")
            }
            return value
        }
        let spikes = try counter("total_spikes"), events = try counter("synaptic_events")
        guard case .bool(let synapses) = engine["synapses"] else { throw fail("engine.synapses must be true or false") }

        guard case .array(let entries) = state["areas"] else { throw fail("has no \"areas\" array") }
        var plans: [AreaPlan] = []
        var names: Set<String> = []
        for (position, entry) in entries.enumerated() {
            let place = "areas[\(position)]"
            guard case .object(let area) = entry else { throw fail("\(place) must be an object") }
            guard case .string(let name) = area["name"], !name.isEmpty else { throw fail("\(place).name must be a non-empty string") }
            guard names.insert(name).inserted else { throw fail("\(place): area '\(name)' is listed twice") }
            guard case .array(let dimensions) = area["shape"], dimensions.count == 4 else {
                throw fail("\(place).shape must be [width, height, depth, neurons per voxel]")
            }
            var shape: [Int] = []
            for (axis, dimension) in dimensions.enumerated() {
                guard let size = dimension.intValue, size >= (axis < 3 ? 1 : 0), size <= Int(Int32.max) else {
                    throw fail("\(place).shape: \(dimension.encoded()) is not a valid \(["width", "height", "depth", "neurons per voxel"][axis])")
                }
                shape.append(size)
            }
            var count = 1
            for size in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: size)
                guard !overflow, product <= CorticalArea.maximumNeuronCount else { throw fail("\(place).shape \(shape) has too many neurons") }
                count = product
            }
            guard case .string(let precisionText) = area["precision"] else { throw fail("\(place).precision must be a string") }
            let precision: Precision
            do { precision = try Precision(parsing: precisionText) } catch { throw fail("\(place).precision: \(error)") }
            var activation: ActivationPlan?
            if let value = area["activation"] {
                do throws(BrainSnapshotProblem) {
                    activation = try readActivation(value)
                } catch {
                    throw fail("\(place).activation: \(error.message)")
                }
            }
            plans.append(AreaPlan(name: name, shape: shape, count: count, precision: precision, activation: activation))
        }
        return (plans, (spikes, events, synapses))
    }

    func readActivation(_ value: JSONValue) throws(BrainSnapshotProblem) -> ActivationPlan {
        guard case .object(let object) = value else { throw BrainSnapshotProblem("must be an object") }
        guard let layoutValue = object["layout"] else { throw BrainSnapshotProblem("has no \"layout\"") }
        let layout = try BrainSnapshot.decodeLayout(layoutValue)
        let hash = try BrainSnapshot.decodeHash(object)
        guard case .string(let storage) = object["storage"], storage == "shared" || storage == "per_neuron" else {
            throw BrainSnapshotProblem("\"storage\" must be \"shared\" or \"per_neuron\"")
        }
        guard storage == "shared" ? !layout.isPerNeuron : layout.isPerNeuron else {
            throw BrainSnapshotProblem("storage \"\(storage)\" does not fit layout \(layout)")
        }
        guard case .array(let names) = object["palette"], !names.isEmpty, names.count <= 256 else {
            throw BrainSnapshotProblem("\"palette\" must list 1 to 256 function names")
        }
        var palette: [ActivationFunction] = []
        for name in names { palette.append(try BrainSnapshot.decodeFunction(name, "palette")) }
        guard case .bool(let neuronHits) = object["neuron_hits"] else { throw BrainSnapshotProblem("\"neuron_hits\" must be true or false") }
        return ActivationPlan(layout: layout, hash: hash, shared: storage == "shared", palette: palette, neuronHits: neuronHits)
    }

    // MARK: - Tensor checks (header only)

    /// Checks that tensor `name` exists with `dtype` and `shape`, and marks it as expected.
    mutating func expect(_ name: String, _ dtype: SafetensorsDType, _ shape: [Int], optional: Bool = false) throws(BrainSnapshotError) {
        guard file.contains(name) else {
            if optional { return }
            throw .missingTensor(path: path, name: name)
        }
        let info = try tensorInfo(name)
        guard info.dtype == dtype, info.shape == shape else {
            throw .wrongTensor(path: path, name: name, expected: "\(dtype.name) \(shape)", found: "\(info.dtype.name) \(info.shape)")
        }
        expected.insert(name)
    }

    /// Checks a 1-D tensor of `dtype` and returns its length.
    mutating func checkVector(_ name: String, _ dtype: SafetensorsDType) throws(BrainSnapshotError) -> Int {
        guard file.contains(name) else { throw .missingTensor(path: path, name: name) }
        let info = try tensorInfo(name)
        guard info.dtype == dtype, info.shape.count == 1 else {
            throw .wrongTensor(path: path, name: name, expected: "\(dtype.name) [length]", found: "\(info.dtype.name) \(info.shape)")
        }
        expected.insert(name)
        return info.shape[0]
    }

    func tensorInfo(_ name: String) throws(BrainSnapshotError) -> SafetensorsTensorInfo {
        do { return try file.info(name) } catch { throw .file(error) }
    }

    mutating func checkAreaTensors(_ plan: AreaPlan) throws(BrainSnapshotError) {
        func name(_ field: String) -> String { BrainSnapshot.areaTensor(plan.name, field) }
        for (field, dtype) in BrainSnapshot.neuronFields { try expect(name(field), dtype, plan.shape) }
        if case .fixed = plan.precision {
            try expect(name("potential_raw"), .int64, plan.shape)
        }
        try expect(name("drive"), .float32, [3], optional: true)
        if let activation = plan.activation {
            let cells = ActivationMap.cellCount
            try expect(name("activation_codes"), .uint8, activation.shared ? [cells] : plan.shape + [cells])
            try expect(name("activation_hits"), .uint64, [cells])
            if activation.neuronHits { try expect(name("activation_neuron_hits"), .uint32, plan.shape + [cells]) }
        }
    }

    // MARK: - Structure

    /// Builds the brain from `spatium.structure` and checks it against the area list.
    func buildStructure(_ structure: String, seed: UInt64, plans: [AreaPlan], neuronCount: Int) throws(BrainSnapshotError) -> Brain {
        // A structure whose areas are bigger than the stored state would allocate for nothing:
        // refuse it before building (the state's tensors are bounded by the file's size).
        if let declared = Self.declaredNeuronCount(structure), declared > neuronCount {
            throw .structureMismatch(path: path, problem: "the structure declares \(declared) neurons but the state holds \(neuronCount)")
        }
        let brain: Brain
        do {
            brain = try GenomeLoader.load(json: structure, source: "spatium.structure", seed: seed)
        } catch {
            throw .invalidStructure(path: path, message: "\(error)")
        }
        guard brain.areas.count == plans.count else {
            throw .structureMismatch(path: path, problem: "the structure has \(brain.areas.count) areas, the state \(plans.count)")
        }
        for (position, (area, plan)) in zip(brain.areas, plans).enumerated() {
            let shape = BrainSnapshot.neuronShape(area)
            guard area.name == plan.name, shape == plan.shape else {
                throw .structureMismatch(path: path, problem: "area \(position + 1) is '\(area.name)' \(shape) in the structure but '\(plan.name)' \(plan.shape) in the state")
            }
        }
        return brain
    }

    /// Σ W·H·D·npv over the flat blueprint's areas (as ``GenomeExporter`` writes them), or nil
    /// when the text does not have that form.
    static func declaredNeuronCount(_ structure: String) -> Int? {
        guard let root = try? JSONValue.parse(structure), case .object(let blueprint)? = root["blueprint"] else { return nil }
        let genes = ["-cx-___bbx-i": 0, "-cx-___bby-i": 1, "-cx-___bbz-i": 2, "-cx-_n_cnt-i": 3]
        var sizes: [Substring: [Int]] = [:]
        for (key, value) in blueprint.members where key.hasPrefix("_____10c-") && key.utf8.count > 21 {
            let suffix = key.suffix(12)
            guard let axis = genes[String(suffix)] else { continue }
            let id = key.dropFirst(9).dropLast(12)
            guard let size = value.intValue, size >= 0 else { return nil }
            sizes[id, default: [1, 1, 1, 1]][axis] = size
        }
        var total = 0
        for dimensions in sizes.values {
            var count = 1
            for size in dimensions {
                let (product, overflow) = count.multipliedReportingOverflow(by: size)
                if overflow { return Int.max }
                count = product
            }
            let (sum, overflow) = total.addingReportingOverflow(count)
            if overflow { return Int.max }
            total = sum
        }
        return total
    }

    // MARK: - Values

    /// Reads one area's arrays, maps and fixed-point state into `area` and the engine.
    func readArea(_ area: CorticalArea, _ plan: AreaPlan, spikeCounts: inout [UInt32], drives: inout [String: BackgroundDrive],
                  engine: BurstEngine) throws(BrainSnapshotError) {
        func name(_ field: String) -> String { BrainSnapshot.areaTensor(area.name, field) }
        try read(name("membrane_potential"), into: &area.membranePotential)
        try read(name("refractory_countdown"), into: &area.refractoryCountdown)
        try read(name("consecutive_fire_count"), into: &area.consecutiveFireCount)
        try read(name("threshold"), into: &area.threshold)
        try read(name("threshold_limit"), into: &area.thresholdLimit)
        try read(name("leak"), into: &area.leak)
        try read(name("spike_counts"), into: &spikeCounts, at: area.base, count: area.count)
        if file.contains(name("drive")) {
            let values = try read(name("drive"), count: 3, as: Float.self)
            drives[area.name] = BackgroundDrive(constant: values[0], uniform: values[1], normal: values[2])
        }

        if let plan = plan.activation {
            let cells = ActivationMap.cellCount
            let codesName = name("activation_codes")
            let bank: ActivationMapBank
            if plan.shared {
                let codes = try read(codesName, count: cells, as: UInt8.self)
                if let bad = codes.firstIndex(where: { Int($0) >= plan.palette.count }) {
                    throw .invalidValue(path: path, name: codesName, problem: "\(ActivationMapError.invalidCellCode(position: bad, code: codes[bad], paletteCount: plan.palette.count))")
                }
                let map: ActivationMap
                do { map = try ActivationMap(cells: codes.map { plan.palette[Int($0)] }) } catch {
                    throw .invalidValue(path: path, name: codesName, problem: "\(error)")
                }
                guard map == plan.layout.sharedMap else {
                    throw .invalidValue(path: path, name: codesName, problem: "the cells do not match layout \(plan.layout)")
                }
                do { bank = try ActivationMapBank(shared: map, neuronCount: area.count) } catch {
                    throw .invalidValue(path: path, name: codesName, problem: "\(error)")
                }
            } else {
                let codes = try read(codesName, count: area.count * cells, as: UInt8.self)
                do { bank = try ActivationMapBank(palette: plan.palette, cellCodes: codes, neuronCount: area.count) } catch {
                    throw .invalidValue(path: path, name: codesName, problem: "\(error)")
                }
            }
            let hits: ActivationHitCounts
            do { hits = try ActivationHitCounts(cells: try read(name("activation_hits"), count: cells, as: UInt64.self)) } catch {
                throw .invalidValue(path: path, name: name("activation_hits"), problem: "\(error)")
            }
            let neuronHits = plan.neuronHits ? try read(name("activation_neuron_hits"), count: area.count * cells, as: UInt32.self) : nil
            do {
                try engine.restoreActivation(AreaActivation(layout: plan.layout, bank: bank, hashSource: plan.hash, hits: hits,
                                                            neuronHits: neuronHits), for: area)
            } catch {
                throw .invalidValue(path: path, name: codesName, problem: "\(error)")
            }
        }

        if case .fixed(let format, let mode) = plan.precision {
            let rawName = name("potential_raw")
            let raw = try read(rawName, count: area.count, as: Int64.self)
            if let bad = raw.firstIndex(where: { $0 < format.minRaw || $0 > format.maxRaw }) {
                throw .invalidValue(path: path, name: rawName, problem: "neuron \(bad): \(raw[bad]) is outside \(format)'s raw range \(format.minRaw)…\(format.maxRaw)")
            }
            do {
                try engine.restoreFixedPoint(try FixedPointAreaState(format: format, mode: mode, potential: raw, area: area), for: area)
            } catch {
                throw .invalidValue(path: path, name: rawName, problem: "\(error)")
            }
        }
    }

    /// The stored matrix, checked: offsets from 0 ascending to `count`, targets inside the
    /// brain and ascending within each row (delivery relies on both).
    func readSynapses(neuronCount: Int, count: Int) throws(BrainSnapshotError) -> SynapseMatrix {
        let offsets = try read("synapses/offsets", count: neuronCount + 1, as: Int.self)
        let targets = try read("synapses/targets", count: count, as: UInt32.self)
        let contributions = try read("synapses/contributions", count: count, as: Float.self)
        let problem: String? = offsets.withUnsafeBufferPointer { offsets in
            targets.withUnsafeBufferPointer { targets in
                guard offsets[0] == 0, offsets[neuronCount] == count else {
                    return "offsets must run from 0 to \(count), found \(offsets[0]) to \(offsets[neuronCount])"
                }
                let limit = UInt32(truncatingIfNeeded: neuronCount)
                for source in 0..<neuronCount {
                    let start = offsets[source], end = offsets[source + 1]
                    guard start <= end, end <= count else {
                        return "offsets[\(source + 1)] = \(end) is below offsets[\(source)] = \(start) or past \(count)"
                    }
                    var previous: UInt32 = 0
                    for k in start..<end {
                        let target = targets[k]
                        guard target < limit, target >= previous else {
                            return "synapse \(k) (source \(source)): target \(target) is outside the brain or out of order"
                        }
                        previous = target
                    }
                }
                return nil
            }
        }
        if let problem { throw .invalidValue(path: path, name: "synapses/offsets", problem: problem) }
        return SynapseMatrix(offsets: offsets, targets: targets, contributions: contributions)
    }

    /// Reads tensor `name` (already checked) into `count` elements of `array` from `start`.
    func read<T>(_ name: String, into array: inout [T], at start: Int = 0, count: Int? = nil) throws(BrainSnapshotError) {
        let elements = count ?? array.count
        var failure: SafetensorsError?
        array.withUnsafeMutableBytes { bytes in
            let width = MemoryLayout<T>.stride
            let target = UnsafeMutableRawBufferPointer(rebasing: bytes[(start * width)..<((start + elements) * width)])
            do throws(SafetensorsError) { try file.readBytes(name, into: target) } catch { failure = error }
        }
        if let failure { throw .file(failure) }
    }

    /// Reads tensor `name` (already checked) as `count` elements of `T`, straight into new
    /// memory (not zero-filled first; large arrays advised for transparent huge pages, so
    /// filling them costs one page fault per 2 MiB).
    func read<T: BitwiseCopyable>(_ name: String, count: Int, as type: T.Type) throws(BrainSnapshotError) -> [T] {
        var failure: SafetensorsError?
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let bytes = UnsafeMutableRawBufferPointer(start: buffer.baseAddress, count: count * MemoryLayout<T>.stride)
            Self.adviseHugePages(bytes)
            do throws(SafetensorsError) {
                try file.readBytes(name, into: bytes)
                initialized = count
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw .file(failure) }
        return values
    }

    private static let pageSize = max(Int(sysconf(Int32(_SC_PAGESIZE))), 4096)

    /// `MADV_HUGEPAGE` over the whole pages of a region of at least 4 MiB (a hint only).
    static func adviseHugePages(_ region: UnsafeMutableRawBufferPointer) {
        guard region.count >= 4 << 20, let base = region.baseAddress else { return }
        let start = (Int(bitPattern: base) + pageSize - 1) / pageSize * pageSize
        let end = (Int(bitPattern: base) + region.count) / pageSize * pageSize
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(pointer, end - start, MADV_HUGEPAGE)
    }
}
