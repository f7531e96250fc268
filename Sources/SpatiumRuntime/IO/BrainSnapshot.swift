/// Brain snapshots (DESIGN.md §8): everything a run needs to continue bit for bit, in one
/// safetensors file that plain numpy can read.
///
/// **Structure** — areas, parameters (with their profiles), connections and the seed — is the
/// brain's genome (``GenomeExporter``, compact JSON) in `__metadata__["spatium.structure"]`,
/// built back with ``GenomeLoader``. **State** is tensors, per-neuron ones shaped
/// `[W, H, D, npv]` (neuron order, so `v[x, y, z, k]` in numpy):
///
/// | tensor | dtype | shape | when |
/// |---|---|---|---|
/// | `area/<name>/membrane_potential` | F32 | [W, H, D, npv] | always |
/// | `area/<name>/refractory_countdown`, `…/consecutive_fire_count` | I32 | [W, H, D, npv] | always |
/// | `area/<name>/threshold`, `…/threshold_limit`, `…/leak` | F32 | [W, H, D, npv] | always (these values win over the profiles) |
/// | `area/<name>/spike_counts` | U32 | [W, H, D, npv] | always |
/// | `area/<name>/potential_raw` | I64 | [W, H, D, npv] | Q-format areas |
/// | `area/<name>/drive` | F32 | [3] (constant, uniform, normal) | areas with a background drive |
/// | `area/<name>/activation_codes` | U8 | [64] shared, [W, H, D, npv, 64] per neuron | areas with maps (codes into the palette) |
/// | `area/<name>/activation_hits` | U64 | [64] | areas with maps |
/// | `area/<name>/activation_neuron_hits` | U32 | [W, H, D, npv, 64] | when counted per neuron |
/// | `engine/fired_indices`, `engine/fired_potentials` | I32, F32 | [F] | the last burst's spikes (delivered in the next) |
/// | `engine/staged_indices`, `engine/staged_values` | I64, F32 | [S] | injections pending for the next burst |
/// | `engine/staged_pattern_indices`, `engine/staged_patterns` | I64, U64 | [P] | their patterns |
/// | `synapses/offsets`, `synapses/targets`, `synapses/contributions` | I64, U32, F32 | [N + 1], [M], [M] | CSR by global source |
///
/// `__metadata__`: `spatium.format` (``SnapshotFormat/current``), `spatium.seed`, `spatium.burst`,
/// `spatium.dynamics`, `spatium.structure`, `spatium.state` (JSON: per-area precision with its
/// LUT mode, activation layouts, hash sources and palettes; spike and event totals), plus the
/// caller's entries (the Lua layer adds `spatium.version`, `spatium.script`,
/// `spatium.script_sha256`, `spatium.params`). The background drive's random draws are
/// counter-based (seed, burst, neuron), so the seed and the burst counter are the RNG state.
///
/// Saving streams each tensor from the live arrays through ``SafetensorsWriter`` (a hidden
/// temporary file beside `path`, flushed and renamed: a crash or a full disk never leaves a
/// partial file under the final name). Loading refuses, with a message naming the file and
/// the problem, anything ``SafetensorsFile`` refuses, files without a supported
/// `spatium.format`, missing or malformed metadata, missing, extra or mis-shaped tensors,
/// and impossible values (fired indices outside the brain, activation codes outside the
/// palette, raw potentials outside their format).
///
/// Synapses are loaded as the engine's matrix (checked: offsets ascending from 0, targets inside
/// the brain and ascending per row), so a loaded brain does not rebuild them.
///
/// ```swift
/// try brain.run(bursts: 500)
/// try BrainSnapshot.save(brain, to: "run/burst-500.safetensors", metadata: ["experiment": "gradient"])
/// let again = try BrainSnapshot.load(path: "run/burst-500.safetensors")
/// try again.run(bursts: 500)                      // same spikes as 500 more bursts of `brain`
/// let info = try BrainSnapshot.info(path: "run/burst-500.safetensors")
/// print(info.metadata["spatium.burst"]!, info.tensors.count)
/// ```
public enum BrainSnapshot {
    /// `__metadata__` keys the snapshot writes itself; callers cannot set them.
    public static let reservedMetadataKeys: Set<String> = [
        SnapshotFormat.metadataKey, Key.seed, Key.burst, Key.dynamics, Key.structure, Key.state,
    ]

    /// Metadata keys.
    enum Key {
        static let seed = "spatium.seed"
        static let burst = "spatium.burst"
        static let dynamics = "spatium.dynamics"
        static let structure = "spatium.structure"
        static let state = "spatium.state"
    }

    /// Per-neuron state tensors every area has: field name and dtype.
    static let neuronFields: [(field: String, dtype: SafetensorsDType)] = [
        ("membrane_potential", .float32), ("refractory_countdown", .int32), ("consecutive_fire_count", .int32),
        ("threshold", .float32), ("threshold_limit", .float32), ("leak", .float32), ("spike_counts", .uint32),
    ]

    /// `area/<name>/<field>`.
    static func areaTensor(_ area: String, _ field: String) -> String { "area/" + area + "/" + field }

    /// The shape of an area's per-neuron tensors, `[W, H, D, npv]`.
    static func neuronShape(_ area: CorticalArea) -> [Int] {
        [area.width, area.height, area.depth, area.neuronsPerVoxel]
    }

    // MARK: - API

    /// Writes `brain` (structure, state, engine) to `path`; `metadata` adds the caller's own
    /// string entries to `__metadata__` (not the ``reservedMetadataKeys``).
    ///
    /// The brain's synapses are built first if they are not current (as the next burst would).
    ///
    /// - Throws: ``BrainSnapshotError``; nothing appears at `path` then.
    ///
    /// ```swift
    /// try BrainSnapshot.save(brain, to: "state.safetensors", metadata: ["note": "after training"])
    /// ```
    public static func save(_ brain: Brain, to path: String, metadata: [String: String] = [:]) throws(BrainSnapshotError) {
        if let key = metadata.keys.sorted().first(where: { reservedMetadataKeys.contains($0) }) {
            throw .reservedMetadataKey(path: path, key: key)
        }
        let engine = brain.engine
        // Synapses as the next burst would have them; a structure that cannot be built (a
        // morphology the engine does not support) is still saved, without them.
        let storesSynapses = (try? engine.prepare()) != nil && engine.synapsesAreCurrent

        var all = metadata
        SnapshotFormat.stamp(&all)
        all[Key.seed] = String(brain.seed)
        all[Key.burst] = String(engine.burst)
        all[Key.dynamics] = engine.dynamics.rawValue
        all[Key.structure] = GenomeExporter.export(brain, indent: nil)
        all[Key.state] = stateDescription(of: brain, synapses: storesSynapses).encoded()
        do throws(SafetensorsError) {
            let writer = try SafetensorsWriter(path: path, metadata: all)
            try addTensors(of: brain, synapses: storesSynapses, to: writer)
            try writer.finish()
        } catch {
            throw .file(error)
        }
    }

    /// Reads the brain saved at `path`: same areas, parameters, connections, seed, dynamics,
    /// state, activation maps, precisions, drives, pending injections and counters.
    ///
    /// - Throws: ``BrainSnapshotError`` naming the file and the problem.
    ///
    /// ```swift
    /// let brain = try BrainSnapshot.load(path: "state.safetensors")
    /// brain.threads = 4                          // not stored: results do not depend on it
    /// ```
    public static func load(path: String) throws(BrainSnapshotError) -> Brain {
        var reader = try BrainSnapshotReader(path: path)
        return try reader.load()
    }

    /// The metadata and tensor list of the snapshot at `path`, from its header only.
    ///
    /// - Throws: ``BrainSnapshotError`` for files that are not valid safetensors files or have
    ///   no supported `spatium.format`.
    ///
    /// ```swift
    /// let info = try BrainSnapshot.info(path: "state.safetensors")
    /// info.tensors.first { $0.name == "area/v1/membrane_potential" }?.shape   // [64, 64, 4, 1]
    /// ```
    public static func info(path: String) throws(BrainSnapshotError) -> BrainSnapshotInfo {
        let file: SafetensorsFile
        do { file = try SafetensorsFile(path: path) } catch { throw .file(error) }
        let version: Int
        do { version = try SnapshotFormat.check(file) } catch { throw .format(error) }
        return BrainSnapshotInfo(path: path, fileSize: file.fileSize, formatVersion: version,
                                 metadata: file.metadata, tensors: file.tensors)
    }

    // MARK: - Writing

    /// `spatium.state`: what the tensors and the genome do not say.
    static func stateDescription(of brain: Brain, synapses: Bool) -> JSONValue {
        let engine = brain.engine
        var areas: [JSONValue] = []
        areas.reserveCapacity(brain.areas.count)
        for area in brain.areas {
            var entry = JSONObject()
            entry.append("name", .string(area.name))
            entry.append("shape", .array(neuronShape(area).map { .integer(Int64($0)) }))
            entry.append("precision", .string(engine.precision(of: area).description))
            if let activation = engine.activations[area.name] {
                var maps = JSONObject()
                maps.append("layout", encodeLayout(activation.layout))
                encodeHash(activation.hashSource, into: &maps)
                maps.append("storage", activation.bank.isShared ? "shared" : "per_neuron")
                maps.append("palette", .array(activation.bank.palette.map { .string($0.name) }))
                maps.append("neuron_hits", .bool(activation.neuronHits != nil))
                entry.append("activation", .object(maps))
            }
            areas.append(.object(entry))
        }
        let counters: JSONValue = [
            "total_spikes": .string(String(engine.totalSpikes)),
            "synaptic_events": .string(String(engine.synapticEvents)),
            "synapses": .bool(synapses),
        ]
        return ["engine": counters, "areas": .array(areas)]
    }

    /// Declares every tensor; the bytes are copied from the live arrays while the writer
    /// streams the file (no second copy of the brain in memory).
    static func addTensors(of brain: Brain, synapses: Bool, to writer: SafetensorsWriter) throws(SafetensorsError) {
        let engine = brain.engine
        for area in brain.areas {
            let shape = neuronShape(area)
            func add<T>(_ field: String, _ dtype: SafetensorsDType, _ shape: [Int], _ values: [T], from start: Int = 0) throws(SafetensorsError) {
                try addArray(areaTensor(area.name, field), dtype, shape, values, from: start, to: writer)
            }
            try add("membrane_potential", .float32, shape, area.membranePotential)
            try add("refractory_countdown", .int32, shape, area.refractoryCountdown)
            try add("consecutive_fire_count", .int32, shape, area.consecutiveFireCount)
            try add("threshold", .float32, shape, area.threshold)
            try add("threshold_limit", .float32, shape, area.thresholdLimit)
            try add("leak", .float32, shape, area.leak)
            if engine.spikeCounts.count >= area.globalRange.upperBound {
                try add("spike_counts", .uint32, shape, engine.spikeCounts, from: area.base)
            } else {
                try add("spike_counts", .uint32, shape, engine.spikeCounts(in: area))
            }
            if let fixed = engine.fixedAreas[area.name] {
                try add("potential_raw", .int64, shape, fixed.potential)
            }
            if let drive = engine.backgroundDrives[area.name] {
                try add("drive", .float32, [3], [drive.constant, drive.uniform, drive.normal])
            }
            if let activation = engine.activations[area.name] {
                switch activation.bank.storage {
                case .shared(let map):
                    try add("activation_codes", .uint8, [ActivationMap.cellCount], map.cellCodes)
                case .perNeuron(_, let codes):
                    try add("activation_codes", .uint8, shape + [ActivationMap.cellCount], codes)
                }
                try add("activation_hits", .uint64, [ActivationMap.cellCount], activation.hits.cells)
                if let hits = activation.neuronHits {
                    try add("activation_neuron_hits", .uint32, shape + [ActivationMap.cellCount], hits)
                }
            }
        }

        let fired = engine.fired
        try addArray("engine/fired_indices", .int32, [fired.count], fired.indices, to: writer)
        try addArray("engine/fired_potentials", .float32, [fired.count], fired.potentials, to: writer)
        let staged = engine.stagedInjections
        try addGenerated("engine/staged_indices", .int64, count: staged.count, to: writer) { UInt64(bitPattern: Int64(staged[$0].index)) }
        try addGenerated("engine/staged_values", .float32, count: staged.count, to: writer) { UInt64(staged[$0].value.bitPattern) }
        let patterns = engine.stagedInjectionPatterns
        try addGenerated("engine/staged_pattern_indices", .int64, count: patterns.count, to: writer) { UInt64(bitPattern: Int64(patterns[$0].index)) }
        try addGenerated("engine/staged_patterns", .uint64, count: patterns.count, to: writer) { patterns[$0].pattern }

        if synapses {
            let matrix = engine.synapses
            try addArray("synapses/offsets", .int64, [matrix.offsets.count], matrix.offsets, to: writer)
            try addArray("synapses/targets", .uint32, [matrix.count], matrix.targets, to: writer)
            try addArray("synapses/contributions", .float32, [matrix.count], matrix.contributions, to: writer)
        }
    }

    /// A tensor whose bytes are `values[start…]` (little-endian hosts: the memory is the format).
    static func addArray<T>(_ name: String, _ dtype: SafetensorsDType, _ shape: [Int], _ values: [T], from start: Int = 0,
                            to writer: SafetensorsWriter) throws(SafetensorsError) {
        precondition(MemoryLayout<T>.stride == dtype.byteWidth, "\(T.self) does not match \(dtype.name)")
        let first = start * dtype.byteWidth
        try writer.add(name: name, dtype: dtype, shape: shape) { chunk, offset in
            values.withUnsafeBytes { source in
                let begin = first + offset
                chunk.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[begin..<(begin + chunk.count)]))
            }
        }
    }

    /// A 1-D tensor of `count` elements whose element i has the (low) bits `element(i)`.
    static func addGenerated(_ name: String, _ dtype: SafetensorsDType, count: Int, to writer: SafetensorsWriter,
                             _ element: @escaping (Int) -> UInt64) throws(SafetensorsError) {
        let width = dtype.byteWidth
        try writer.add(name: name, dtype: dtype, shape: [count]) { chunk, offset in
            let first = offset / width
            for i in 0..<(chunk.count / width) {
                let bits = element(first + i)
                for byte in 0..<width { chunk[i * width + byte] = UInt8(truncatingIfNeeded: bits >> (8 * byte)) }
            }
        }
    }
}
