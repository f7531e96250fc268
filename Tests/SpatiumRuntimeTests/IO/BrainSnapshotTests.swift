import Glibc
import Testing
@testable import SpatiumRuntime

/// Brain snapshots: exact resume, layout, metadata, refusals and random corruption.
@Suite("Brain snapshots")
struct BrainSnapshotTests {
    // MARK: - Brains and runs

    /// A brain with every kind of state: float and Q-format areas (both LUT modes), shared and
    /// random per-neuron activation maps with every hash source, per-neuron hit counts, a
    /// background drive, non-uniform psp, mp-driven psp, refractory/snooze/fire limits,
    /// excitability < 1, inhibitory and recurrent connections.
    static func richBrain(_ dynamics: Dynamics) throws -> Brain {
        let brain = Brain(seed: 0xDEAD_BEEF_0000_0001)
        brain.dynamics = dynamics
        let retina = try brain.addArea(name: "retina", width: 8, height: 8, depth: 1,
                                       parameters: NeuronParameters(threshold: .uniform(0.5), pspUniform: false))
        let v1 = try brain.addArea(name: "v1", title: "primary", width: 8, height: 8, depth: 2, neuronsPerVoxel: 2,
                                   parameters: NeuronParameters(threshold: .linear(base: 1, x: 0.1), thresholdLimit: .uniform(30),
                                                                leak: .uniform(0.1), refractory: 1, consecutiveFireLimit: 3,
                                                                snooze: 1, mpAccumulation: true, excitability: 0.8))
        let q = try brain.addArea(name: "q", width: 4, height: 4, depth: 1,
                                  parameters: NeuronParameters(threshold: .uniform(1.5), leak: .uniform(0.05), mpAccumulation: true))
        let w = try brain.addArea(name: "w/odd name", width: 4, height: 4, depth: 1,
                                  parameters: NeuronParameters(threshold: .radial(center: (2, 2, 0), base: 0.8, slope: 0.1),
                                                               leak: .uniform(0.2), mpAccumulation: true, mpDrivenPSP: true))
        try brain.connect("retina", "v1", morphology: .projector, weight: 1.2)
        try brain.connect("v1", "q", morphology: .random(k: 3, seed: 9), weight: 0.8)
        try brain.connect("q", "v1", morphology: .random(k: 2, seed: 4), weight: 0.5, inhibitory: true)
        try brain.connect("v1", "w/odd name", morphology: .random(k: 2, seed: 7), weight: 0.6)
        try brain.connect("w/odd name", "retina", morphology: .oneToOne, weight: 0.3)
        try brain.connect("v1", "v1", morphology: .lateral(x: 1), weight: 0.2)
        brain.engine.setDrive(BackgroundDrive(constant: 0.05, uniform: 0.6, normal: 0.2), for: retina)
        brain.engine.setDrive(BackgroundDrive(normal: 0.3), for: q)
        try brain.engine.setActivation(.gradient(center: .gelu, edge: .leakyReLU(alpha: 0.1)), hash: .sources,
                                       perNeuronHits: true, for: v1)
        try brain.engine.setActivation(.random(seed: 5), hash: .magnitude(resolution: 0.5), for: q)
        try brain.engine.setActivation(.checker(.tanh, .sine), hash: .position, for: w)
        try brain.engine.setPrecision(.fixed(.q8_8, .tinymind(rounding: .truncate)), for: q)
        try brain.engine.setPrecision(.fixed(.q16_16, .spatium), for: w)
        return brain
    }

    /// Float areas only, no maps, no drives.
    static func plainBrain(_ dynamics: Dynamics) throws -> Brain {
        let brain = Brain(seed: 7)
        brain.dynamics = dynamics
        try brain.addArea(name: "in", width: 6, height: 6, depth: 1)
        try brain.addArea(name: "out", width: 6, height: 6, depth: 3,
                          parameters: NeuronParameters(threshold: .linear(base: 1, z: 0.5), leak: .uniform(0.25), refractory: 2,
                                                       mpAccumulation: true))
        try brain.connect("in", "out", morphology: .projector, weight: 0.7)
        try brain.connect("out", "out", morphology: .lateral(y: 1), weight: 0.4)
        return brain
    }

    /// The injections staged before burst `t` (some with patterns).
    static func inject(_ brain: Brain, before t: Int) throws {
        let first = brain.areas[0]
        brain.engine.inject(area: first, local: (t * 7) % first.count, value: 1.5, pattern: UInt64(t))
        brain.engine.inject(area: first, local: (t * 13 + 3) % first.count, value: 0.75)
        if t % 3 == 0 { try brain.engine.inject(area: first, value: 0.25) }
    }

    /// Runs bursts `range` (1-based), injecting before each one except `skipping` (already
    /// staged); returns each burst's fired indices and potential bits.
    static func run(_ brain: Brain, _ range: ClosedRange<Int>, skipping: Int? = nil) throws -> [[UInt64]] {
        var raster: [[UInt64]] = []
        for t in range {
            if t != skipping { try inject(brain, before: t) }
            try brain.step()
            raster.append(zip(brain.engine.fired.indices, brain.engine.fired.potentials).map {
                UInt64(UInt32(bitPattern: $0)) << 32 | UInt64($1.bitPattern)
            })
        }
        return raster
    }

    static func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

    /// Everything that decides the future of a run, compared bit for bit.
    static func expectSameState(_ a: Brain, _ b: Brain, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(a.seed == b.seed, sourceLocation: sourceLocation)
        #expect(a.dynamics == b.dynamics, sourceLocation: sourceLocation)
        #expect(a.neuronCount == b.neuronCount, sourceLocation: sourceLocation)
        #expect(a.connections == b.connections, sourceLocation: sourceLocation)
        try #require(a.areas.count == b.areas.count, sourceLocation: sourceLocation)
        for (x, y) in zip(a.areas, b.areas) {
            #expect(x.name == y.name && x.title == y.title && x.base == y.base, sourceLocation: sourceLocation)
            #expect(x.parameters == y.parameters, "area \(x.name)", sourceLocation: sourceLocation)
            #expect(bits(x.membranePotential) == bits(y.membranePotential), "area \(x.name)", sourceLocation: sourceLocation)
            #expect(x.refractoryCountdown == y.refractoryCountdown, "area \(x.name)", sourceLocation: sourceLocation)
            #expect(x.consecutiveFireCount == y.consecutiveFireCount, "area \(x.name)", sourceLocation: sourceLocation)
            #expect(bits(x.threshold) == bits(y.threshold), sourceLocation: sourceLocation)
            #expect(bits(x.thresholdLimit) == bits(y.thresholdLimit), sourceLocation: sourceLocation)
            #expect(bits(x.leak) == bits(y.leak), sourceLocation: sourceLocation)
        }
        let e = a.engine, f = b.engine
        #expect(e.burst == f.burst, sourceLocation: sourceLocation)
        #expect(e.fired.indices == f.fired.indices, sourceLocation: sourceLocation)
        #expect(bits(e.fired.potentials) == bits(f.fired.potentials), sourceLocation: sourceLocation)
        #expect(e.totalSpikes == f.totalSpikes && e.synapticEvents == f.synapticEvents, sourceLocation: sourceLocation)
        #expect(e.stagedInjections.map(\.index) == f.stagedInjections.map(\.index), sourceLocation: sourceLocation)
        #expect(bits(e.stagedInjections.map(\.value)) == bits(f.stagedInjections.map(\.value)), sourceLocation: sourceLocation)
        #expect(e.stagedInjectionPatterns.map(\.index) == f.stagedInjectionPatterns.map(\.index), sourceLocation: sourceLocation)
        #expect(e.stagedInjectionPatterns.map(\.pattern) == f.stagedInjectionPatterns.map(\.pattern), sourceLocation: sourceLocation)
        #expect(e.backgroundDrives == f.backgroundDrives, sourceLocation: sourceLocation)
        #expect(Set(e.activations.keys) == Set(f.activations.keys), sourceLocation: sourceLocation)
        for (name, x) in e.activations {
            let y = try #require(f.activations[name], sourceLocation: sourceLocation)
            #expect(x.layout == y.layout && x.bank == y.bank && x.hashSource == y.hashSource, "area \(name)", sourceLocation: sourceLocation)
            #expect(x.hits == y.hits && x.neuronHits == y.neuronHits, "area \(name)", sourceLocation: sourceLocation)
        }
        #expect(Set(e.fixedAreas.keys) == Set(f.fixedAreas.keys), sourceLocation: sourceLocation)
        for (name, x) in e.fixedAreas {
            let y = try #require(f.fixedAreas[name], sourceLocation: sourceLocation)
            #expect(x.format == y.format && x.mode == y.mode && x.potential == y.potential, "area \(name)", sourceLocation: sourceLocation)
        }
        try e.prepare()
        try f.prepare()
        #expect(e.spikeCounts == f.spikeCounts, sourceLocation: sourceLocation)
        #expect(e.synapses.offsets == f.synapses.offsets && e.synapses.targets == f.synapses.targets, sourceLocation: sourceLocation)
        #expect(bits(e.synapses.contributions) == bits(f.synapses.contributions), sourceLocation: sourceLocation)
    }

    /// The file's bytes.
    static func bytes(_ path: String) throws -> [UInt8] { try #require(IOTestSupport.readFile(path)) }

    // MARK: - Exact resume

    @Test("run 2N ≡ run N, save, load, run N: same spikes, same state, same snapshot bytes",
          arguments: [Dynamics.feagi, .dense], [true, false])
    func resumeIsExact(dynamics: Dynamics, rich: Bool) throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let make = { rich ? try Self.richBrain(dynamics) : try Self.plainBrain(dynamics) }
            let n = 25
            // Never stopped.
            let reference = try make()
            let fullRaster = try Self.run(reference, 1...(2 * n))

            // Stopped after N bursts with injections already staged for burst N + 1.
            let first = try make()
            let firstRaster = try Self.run(first, 1...n)
            try Self.inject(first, before: n + 1)
            let path = directory + "/half.safetensors"
            try BrainSnapshot.save(first, to: path)
            #expect(firstRaster == Array(fullRaster[0..<n]))

            let resumed = try BrainSnapshot.load(path: path)
            try Self.expectSameState(first, resumed)
            let secondRaster = try Self.run(resumed, (n + 1)...(2 * n), skipping: n + 1)
            #expect(secondRaster == Array(fullRaster[n...]))
            #expect(fullRaster.contains { !$0.isEmpty })
            try Self.expectSameState(reference, resumed)

            // The brain that was saved goes on exactly like the one never saved.
            _ = try Self.run(first, (n + 1)...(2 * n), skipping: n + 1)
            try Self.expectSameState(reference, first)

            // Byte-identical snapshots at the end.
            try BrainSnapshot.save(reference, to: directory + "/reference.safetensors")
            try BrainSnapshot.save(resumed, to: directory + "/resumed.safetensors")
            #expect(try Self.bytes(directory + "/reference.safetensors") == Self.bytes(directory + "/resumed.safetensors"))
        }
    }

    @Test("a brain loaded from a FEAGI genome resumes exactly")
    func feagiGenome() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let make = { () throws -> Brain in
                let brain = try GenomeLoader.load(path: Fixtures.feagi("essential_genome.json"), seed: 5)
                brain.engine.setDrive(BackgroundDrive(uniform: 1.5), for: brain.areas[3])
                return brain
            }
            let reference = try make()
            let full = try Self.run(reference, 1...12)
            let first = try make()
            _ = try Self.run(first, 1...6)
            try Self.inject(first, before: 7)
            try BrainSnapshot.save(first, to: directory + "/genome.safetensors")
            let resumed = try BrainSnapshot.load(path: directory + "/genome.safetensors")
            #expect(resumed.areas.map(\.title) == reference.areas.map(\.title))
            #expect(try Self.run(resumed, 7...12, skipping: 7) == Array(full[6...]))
            #expect(full.contains { !$0.isEmpty })
            try Self.expectSameState(reference, resumed)
        }
    }

    @Test("a brain that never ran (no synapses built, nothing prepared) round-trips")
    func freshBrain() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let brain = try Self.richBrain(.feagi)
            try Self.inject(brain, before: 1)
            try BrainSnapshot.save(brain, to: directory + "/fresh.safetensors")
            let loaded = try BrainSnapshot.load(path: directory + "/fresh.safetensors")
            #expect(loaded.burst == 0)
            #expect(try Self.run(brain, 1...10, skipping: 1) == Self.run(loaded, 1...10, skipping: 1))
            try Self.expectSameState(brain, loaded)
        }
    }

    @Test("an empty brain round-trips")
    func emptyBrain() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let brain = Brain(seed: 3)
            brain.dynamics = .dense
            try BrainSnapshot.save(brain, to: directory + "/empty.safetensors")
            let loaded = try BrainSnapshot.load(path: directory + "/empty.safetensors")
            #expect(loaded.areas.isEmpty && loaded.seed == 3 && loaded.dynamics == .dense)
        }
    }

    @Test("explicit per-neuron thresholds, limits and leaks win over the profiles")
    func explicitValuesWin() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let brain = try Self.plainBrain(.feagi)
            let out = try #require(brain.area(named: "out"))
            out.threshold[5] = 42
            out.thresholdLimit[6] = 99
            out.leak[7] = 0.5
            out.membranePotential[8] = -3.25
            try BrainSnapshot.save(brain, to: directory + "/s.safetensors")
            let loaded = try BrainSnapshot.load(path: directory + "/s.safetensors")
            let back = try #require(loaded.area(named: "out"))
            #expect(back.threshold[5] == 42 && back.thresholdLimit[6] == 99 && back.leak[7] == 0.5)
            #expect(back.membranePotential[8] == -3.25)
        }
    }

    // MARK: - Layout, metadata, info

    @Test("tensors have the documented names, dtypes and shapes; metadata has the documented keys")
    func layout() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let brain = try Self.richBrain(.feagi)
            _ = try Self.run(brain, 1...5)
            try Self.inject(brain, before: 6)
            let path = directory + "/s.safetensors"
            try BrainSnapshot.save(brain, to: path, metadata: ["experiment": "layout", "spatium.version": "9.9"])
            let info = try BrainSnapshot.info(path: path)
            #expect(info.formatVersion == SnapshotFormat.current)
            #expect(info.fileSize == IOTestSupport.fileSize(path))
            var shapes: [String: String] = [:]
            for tensor in info.tensors { shapes[tensor.name] = "\(tensor.dtype.name) \(tensor.shape)" }
            #expect(shapes["area/v1/membrane_potential"] == "F32 [8, 8, 2, 2]")
            #expect(shapes["area/v1/refractory_countdown"] == "I32 [8, 8, 2, 2]")
            #expect(shapes["area/v1/consecutive_fire_count"] == "I32 [8, 8, 2, 2]")
            #expect(shapes["area/v1/threshold"] == "F32 [8, 8, 2, 2]")
            #expect(shapes["area/v1/threshold_limit"] == "F32 [8, 8, 2, 2]")
            #expect(shapes["area/v1/leak"] == "F32 [8, 8, 2, 2]")
            #expect(shapes["area/v1/spike_counts"] == "U32 [8, 8, 2, 2]")
            #expect(shapes["area/v1/activation_codes"] == "U8 [64]")
            #expect(shapes["area/v1/activation_hits"] == "U64 [64]")
            #expect(shapes["area/v1/activation_neuron_hits"] == "U32 [8, 8, 2, 2, 64]")
            #expect(shapes["area/q/activation_codes"] == "U8 [4, 4, 1, 1, 64]")
            #expect(shapes["area/q/potential_raw"] == "I64 [4, 4, 1, 1]")
            #expect(shapes["area/q/drive"] == "F32 [3]")
            #expect(shapes["area/w/odd name/potential_raw"] == "I64 [4, 4, 1, 1]")
            #expect(shapes["area/retina/drive"] == "F32 [3]")
            #expect(shapes["area/v1/drive"] == nil && shapes["area/v1/potential_raw"] == nil)
            let e = brain.engine
            #expect(shapes["engine/fired_indices"] == "I32 [\(e.fired.count)]")
            #expect(shapes["engine/fired_potentials"] == "F32 [\(e.fired.count)]")
            #expect(shapes["engine/staged_indices"] == "I64 [\(e.stagedInjectionCount)]")
            #expect(shapes["engine/staged_values"] == "F32 [\(e.stagedInjectionCount)]")
            #expect(shapes["engine/staged_pattern_indices"] == "I64 [1]" && shapes["engine/staged_patterns"] == "U64 [1]")
            #expect(shapes["synapses/offsets"] == "I64 [\(brain.neuronCount + 1)]")
            #expect(shapes["synapses/targets"] == "U32 [\(e.synapses.count)]")
            #expect(shapes["synapses/contributions"] == "F32 [\(e.synapses.count)]")
            #expect(shapes.count == 4 * 7 + 11 + 6 + 3)

            let m = info.metadata
            #expect(m["spatium.format"] == "1" && m["spatium.seed"] == String(brain.seed) && m["spatium.burst"] == "5")
            #expect(m["spatium.dynamics"] == "feagi" && m["experiment"] == "layout" && m["spatium.version"] == "9.9")
            let state = try JSONValue.parse(try #require(m["spatium.state"]))
            #expect(state["areas"]?[2]?["precision"]?.stringValue == "q8.8:tinymind:truncate")
            #expect(state["areas"]?[3]?["precision"]?.stringValue == "q16.16")
            #expect(state["areas"]?[1]?["activation"]?["layout"]?["type"]?.stringValue == "gradient")
            #expect(state["areas"]?[1]?["activation"]?["palette"] == ["leaky_relu:0.1", "gelu"])
            #expect(state["areas"]?[2]?["activation"]?["hash"]?.stringValue == "magnitude")
            #expect(state["engine"]?["total_spikes"]?.stringValue == String(e.totalSpikes))
            let structure = try JSONValue.parse(try #require(m["spatium.structure"]))
            #expect(structure["spatium"]?["connections"]?.arrayValue?.count == 6)

            // Reading the state straight from the file gives the live arrays.
            let file = try SafetensorsFile(path: path)
            let v1 = try #require(brain.area(named: "v1"))
            #expect(try file.read("area/v1/membrane_potential").array(of: Float.self) == v1.membranePotential)
        }
    }

    @Test("the caller cannot overwrite the snapshot's own metadata")
    func reservedMetadata() {
        IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/s.safetensors"
            #expect(throws: BrainSnapshotError.reservedMetadataKey(path: path, key: "spatium.seed")) {
                try BrainSnapshot.save(try Self.plainBrain(.feagi), to: path, metadata: ["spatium.seed": "1"])
            }
            #expect(IOTestSupport.entries(of: directory).isEmpty)
        }
    }

    @Test("a failed save leaves nothing under the final name, a good one no temporary file")
    func atomicSave() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let brain = try Self.plainBrain(.feagi)
            let missing = directory + "/no/such/dir/s.safetensors"
            do {
                try BrainSnapshot.save(brain, to: missing)
                Issue.record("saving into a missing directory succeeded")
            } catch {
                #expect("\(error)".contains(directory + "/no/such/dir"), "\(error)")
            }
            let path = directory + "/s.safetensors"
            try BrainSnapshot.save(brain, to: path)
            try BrainSnapshot.save(brain, to: path)          // replaces
            #expect(IOTestSupport.entries(of: directory) == ["s.safetensors"])
            let directoryAsTarget = directory + "/taken"
            mkdir(directoryAsTarget, 0o755)
            #expect(throws: BrainSnapshotError.self) { try BrainSnapshot.save(brain, to: directoryAsTarget) }
            #expect(IOTestSupport.entries(of: directory) == ["s.safetensors", "taken"])
        }
    }

    // MARK: - Refusals

    /// One tensor of a file, with its bytes.
    struct RawTensor {
        var name: String
        var dtype: SafetensorsDType
        var shape: [Int]
        var bytes: [UInt8]
    }

    /// Writes a copy of `source` to `target` after `change` edits its tensors and metadata.
    static func rewrite(_ source: String, to target: String,
                        _ change: (inout [RawTensor], inout [String: String]) throws -> Void) throws {
        let file = try SafetensorsFile(path: source)
        var tensors = try file.tensors.map { RawTensor(name: $0.name, dtype: $0.dtype, shape: $0.shape, bytes: try file.readRaw($0.name)) }
        var metadata = file.metadata
        try change(&tensors, &metadata)
        let writer = try SafetensorsWriter(path: target, metadata: metadata)
        for tensor in tensors { try writer.add(name: tensor.name, dtype: tensor.dtype, shape: tensor.shape, bytes: tensor.bytes) }
        try writer.finish()
    }

    /// The error loading `path` gives (an issue when it loads).
    static func loadError(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) -> BrainSnapshotError? {
        do throws(BrainSnapshotError) {
            _ = try BrainSnapshot.load(path: path)
            Issue.record("'\(path)' loaded", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(error.description.contains("'\(path)'"), "\(error)", sourceLocation: sourceLocation)
            return error
        }
    }

    @Test("truncated, overlapping, oversized, unknown-dtype and foreign files are refused with the file named")
    func refusesBrokenFiles() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let valid = directory + "/valid.safetensors"
            try BrainSnapshot.save(try Self.plainBrain(.feagi), to: valid)
            let bytes = try Self.bytes(valid)
            let path = directory + "/broken.safetensors"

            IOTestSupport.writeFile(path, Array(bytes.dropLast(5)))
            #expect(Self.loadError(path)?.description.contains("file truncated?") == true)

            IOTestSupport.writeFile(path, Array(bytes.prefix(5)))
            #expect(Self.loadError(path)?.description.contains("fewer than the 8-byte header length") == true)

            let meta = #"{"__metadata__":{"spatium.format":"1"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
            IOTestSupport.writeFile(path, IOTestSupport.headerBytes(meta) + [UInt8](repeating: 0, count: 12))
            #expect(Self.loadError(path)?.description.contains("offsets overlap") == true)

            IOTestSupport.writeFile(path, IOTestSupport.bytes([UInt64(200_000_000)]) + [UInt8](repeating: 0x20, count: 64))
            #expect(Self.loadError(path)?.description.contains("exceeds the 100000000-byte limit") == true)

            let dtype = #"{"__metadata__":{"spatium.format":"1"},"a":{"dtype":"F8","shape":[2],"data_offsets":[0,2]}}"#
            IOTestSupport.writeFile(path, IOTestSupport.headerBytes(dtype) + [0, 0])
            #expect(Self.loadError(path)?.description.contains("unknown dtype \"F8\"") == true)

            let foreign = #"{"weight":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
            IOTestSupport.writeFile(path, IOTestSupport.headerBytes(foreign) + [0, 0, 0, 0])
            #expect(Self.loadError(path) == .format(.missing(path: path)))
            #expect(throws: BrainSnapshotError.format(.missing(path: path))) { try BrainSnapshot.info(path: path) }

            let absent = directory + "/absent.safetensors"
            #expect(Self.loadError(absent)?.description.contains("No such file or directory") == true)
        }
    }

    @Test("newer formats, missing metadata or tensors, wrong shapes and impossible values are refused")
    func refusesWrongSnapshots() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let valid = directory + "/valid.safetensors"
            let brain = try Self.richBrain(.feagi)
            _ = try Self.run(brain, 1...6)
            try BrainSnapshot.save(brain, to: valid)
            let path = directory + "/wrong.safetensors"
            func check(_ expected: String, sourceLocation: SourceLocation = #_sourceLocation,
                       _ change: (inout [RawTensor], inout [String: String]) throws -> Void) throws {
                try Self.rewrite(valid, to: path, change)
                let message = Self.loadError(path, sourceLocation: sourceLocation)?.description ?? ""
                #expect(message.contains(expected), "\(message)", sourceLocation: sourceLocation)
            }
            func edit(_ tensors: inout [RawTensor], _ name: String, _ body: (inout RawTensor) -> Void) {
                body(&tensors[tensors.firstIndex { $0.name == name }!])
            }

            try check("was written by a newer Spatium (format 2, this build reads up to 1)") { _, m in m["spatium.format"] = "2" }
            try check("__metadata__ has no \"spatium.state\"") { _, m in m["spatium.state"] = nil }
            try check("__metadata__[\"spatium.burst\"] must be an unsigned 64-bit decimal integer, found \"-1\"") { _, m in m["spatium.burst"] = "-1" }
            try check("__metadata__[\"spatium.dynamics\"] must be one of feagi, dense, found \"lazy\"") { _, m in m["spatium.dynamics"] = "lazy" }
            try check("__metadata__[\"spatium.state\"] is not valid JSON") { _, m in m["spatium.state"] = "{" }
            try check("tensor 'area/v1/leak' is missing") { t, _ in t.removeAll { $0.name == "area/v1/leak" } }
            try check("tensor 'area/v1/extra' is not part of a Spatium snapshot") { t, _ in
                t.append(RawTensor(name: "area/v1/extra", dtype: .uint8, shape: [1], bytes: [0]))
            }
            try check("tensor 'area/v1/membrane_potential' must be F32 [8, 8, 2, 2], found F32 [256]") { t, _ in
                edit(&t, "area/v1/membrane_potential") { $0.shape = [256] }
            }
            try check("tensor 'area/retina/spike_counts' must be U32 [8, 8, 1, 1], found I32 [8, 8, 1, 1]") { t, _ in
                edit(&t, "area/retina/spike_counts") { $0.dtype = .int32 }
            }
            try check("tensor 'engine/fired_indices': 1000000 is not a neuron") { t, _ in
                edit(&t, "engine/fired_indices") { $0.shape = [1]; $0.bytes = IOTestSupport.bytes([Int32(1_000_000)]) }
                edit(&t, "engine/fired_potentials") { $0.shape = [1]; $0.bytes = [0, 0, 0, 0] }
            }
            try check("tensor 'area/q/activation_codes': activation map bank: cell code 200 at position 17 is outside the palette of 12 functions") { t, _ in
                edit(&t, "area/q/activation_codes") { $0.bytes[17] = 200 }
            }
            try check("tensor 'area/v1/activation_codes': the cells do not match layout") { t, _ in
                edit(&t, "area/v1/activation_codes") { $0.bytes[0] = 1 - $0.bytes[0] }
            }
            try check("tensor 'area/q/potential_raw': neuron 3: 40000 is outside Q8.8's raw range -32768…32767") { t, _ in
                edit(&t, "area/q/potential_raw") { $0.bytes.replaceSubrange(24..<32, with: IOTestSupport.bytes([Int64(40000)])) }
            }
            try check("tensor 'synapses/offsets': synapse 0 (source 0): target 4000000 is outside the brain or out of order") { t, _ in
                edit(&t, "synapses/targets") { $0.bytes.replaceSubrange(0..<4, with: IOTestSupport.bytes([UInt32(4_000_000)])) }
            }
            try check("tensor 'synapses/offsets': offsets must run from 0 to") { t, _ in
                edit(&t, "synapses/offsets") { $0.bytes.replaceSubrange(0..<8, with: IOTestSupport.bytes([Int64(1)])) }
            }
            try check("the stored structure (spatium.structure) cannot be built") { _, m in m["spatium.structure"] = "[]" }
            try check("the structure declares 512 neurons but the state holds 352") { _, m in
                m["spatium.structure"] = m["spatium.structure"]!.replacingOccurrences("\"_____10c-cq____-cx-___bbx-i\":4", "\"_____10c-cq____-cx-___bbx-i\":44")
            }
            try check("area 3 is 'q' [2, 4, 1, 1] in the structure but 'q' [4, 4, 1, 1] in the state") { _, m in
                m["spatium.structure"] = m["spatium.structure"]!.replacingOccurrences("\"_____10c-cq____-cx-___bbx-i\":4", "\"_____10c-cq____-cx-___bbx-i\":2")
            }
            try check("areas[1].activation: storage \"per_neuron\" does not fit layout") { _, m in
                m["spatium.state"] = m["spatium.state"]!.replacingOccurrences("\"storage\":\"shared\"", "\"storage\":\"per_neuron\"")
            }
        }
    }

    // MARK: - Random corruption

    @Test("random mutations (flipped bytes, truncation, rewritten header values) give an error or a working brain")
    func randomMutations() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let brain = try Self.richBrain(.feagi)
            // Two functions in the Q8.8 area's random maps: building 12 TinyMind tables per load
            // would dominate the test's time.
            let q = try #require(brain.area(named: "q"))
            try brain.engine.setActivation(.random(seed: 5, set: [.relu, .tanh]), hash: .magnitude(resolution: 0.5), for: q)
            _ = try Self.run(brain, 1...4)
            try Self.inject(brain, before: 5)
            let validPath = directory + "/valid.safetensors"
            try BrainSnapshot.save(brain, to: validPath)
            let valid = try Self.bytes(validPath)
            let headerEnd = 8 + Int(valid[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
            let digits = (8..<headerEnd).filter { valid[$0] >= 0x30 && valid[$0] <= 0x39 }
            let path = directory + "/mutated.safetensors"
            var random = SplitMix64(seed: 20_250_301)
            var loaded = 0, refused = 0
            for round in 0..<400 {
                var bytes = valid
                switch round % 4 {
                case 0:      // flip bytes anywhere
                    for _ in 0..<(1 + Int(random.next() % 3)) {
                        bytes[Int(random.next() % UInt64(bytes.count))] ^= UInt8(1 << (random.next() % 8))
                    }
                case 1:      // flip bytes in the header
                    bytes[8 + Int(random.next() % UInt64(headerEnd - 8))] ^= UInt8(1 << (random.next() % 8))
                case 2:      // rewrite a number in the header
                    bytes[digits[Int(random.next() % UInt64(digits.count))]] = 0x30 + UInt8(random.next() % 10)
                default:     // truncate, or rewrite the header length
                    if random.next() % 2 == 0 {
                        bytes.removeLast(1 + Int(random.next() % UInt64(bytes.count - 1)))
                    } else {
                        bytes[Int(random.next() % 4)] = UInt8(truncatingIfNeeded: random.next())
                    }
                }
                IOTestSupport.writeFile(path, bytes)
                do throws(BrainSnapshotError) {
                    let brain = try BrainSnapshot.load(path: path)
                    loaded += 1
                    try? brain.run(bursts: 3)
                } catch {
                    refused += 1
                    #expect(error.description.contains("'\(path)'"), "\(error)")
                }
            }
            #expect(loaded > 20 && refused > 100, "loaded \(loaded), refused \(refused)")
        }
    }

    // MARK: - Size and speed (SPATIUM_HEAVY_TESTS=1)

    static let heavy = IOTestSupport.environment("SPATIUM_HEAVY_TESTS") == "1"

    /// 1 M neurons, 16 M synapses: save and load throughput and peak memory while saving.
    @Test("1 M neurons, 16 M synapses: throughput and peak memory", .enabled(if: BrainSnapshotTests.heavy))
    func heavyThroughput() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let brain = Brain(seed: 1)
            try brain.addArea(name: "a", width: 128, height: 128, depth: 32,
                              parameters: NeuronParameters(threshold: .uniform(2), leak: .uniform(0.1), mpAccumulation: true))
            try brain.connect("a", "a", morphology: .random(k: 16, seed: 3), weight: 0.2)
            brain.engine.setDrive(BackgroundDrive(uniform: 1), for: brain.areas[0])
            try brain.run(bursts: 2)
            let stateBytes = brain.neuronCount * (CorticalArea.bytesPerNeuron + 4)
                + brain.engine.synapses.count * 8 + (brain.neuronCount + 1) * 8
            let path = directory + "/heavy.safetensors"
            let resetWorked = IOTestSupport.resetPeakMemory()
            let before = IOTestSupport.procStatus("VmRSS") ?? 0
            var start = timespec(), end = timespec()
            clock_gettime(CLOCK_MONOTONIC, &start)
            try BrainSnapshot.save(brain, to: path)
            clock_gettime(CLOCK_MONOTONIC, &end)
            let saveSeconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) * 1e-9
            let peak = IOTestSupport.procStatus("VmHWM") ?? 0
            let size = IOTestSupport.fileSize(path)
            clock_gettime(CLOCK_MONOTONIC, &start)
            let loaded = try BrainSnapshot.load(path: path)
            clock_gettime(CLOCK_MONOTONIC, &end)
            let loadSeconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) * 1e-9
            print("snapshot: \(size) bytes (state \(stateBytes)); save \(saveSeconds) s = \(Double(size) / saveSeconds / 1e9) GB/s; load \(loadSeconds) s = \(Double(size) / loadSeconds / 1e9) GB/s; RSS before save \(before) kB, peak while saving \(peak) kB (reset: \(resetWorked))")
            #expect(loaded.neuronCount == brain.neuronCount)
        }
    }
}

extension String {
    /// Every occurrence of `target` replaced (Foundation-free).
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

