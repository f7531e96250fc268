import Glibc
import Testing
@testable import SpatiumRuntime

@Suite("Genome export")
struct GenomeExporterTests {
    /// A brain built in code with every profile kind, non-default parameters and every
    /// morphology kind.
    func codeBrain() throws -> Brain {
        let brain = Brain(seed: 0xDEAD_BEEF_CAFE_F00D)
        try brain.addArea(name: "retina", title: "Retina (left)", width: 8, height: 6, depth: 1,
                          parameters: NeuronParameters(threshold: .uniform(0.1), psp: 300, pspUniform: true))
        try brain.addArea(name: "v1", width: 8, height: 6, depth: 3, neuronsPerVoxel: 2,
                          parameters: NeuronParameters(threshold: .linear(base: 10, x: 0.5, y: -0.25, z: 1.5),
                                                       thresholdLimit: .uniform(40), leak: .uniform(0.1), leakVariability: 0.01,
                                                       refractory: 1, consecutiveFireLimit: 3, snooze: 2, mpAccumulation: true,
                                                       excitability: 0.75, psp: 2.5, pspUniform: false, mpDrivenPSP: true))
        try brain.addArea(name: "v2", width: 5, height: 5, depth: 2,
                          parameters: NeuronParameters(threshold: .radial(center: (2, 2, 0.5), base: 1, slope: 0.3).withNoise(sigma: 0.05, seed: 77),
                                                       thresholdLimit: .gaussian(center: (2, 2, 0), sigma: 1.5, base: 50, peak: 20),
                                                       leak: .quadratic(center: (2, 2, 1), base: 0.05, coefficients: (0.01, 0.02, 0))))
        try brain.addArea(name: "v2 copy", width: 2, height: 1, depth: 1,
                          parameters: NeuronParameters(threshold: .voxels([1.25, 7.5])))
        try brain.addArea(name: "empty", width: 3, height: 1, depth: 1, neuronsPerVoxel: 0)
        try brain.connect("retina", "v1", morphology: .projector, weight: 2.5)
        try brain.connect("v1", "v1", morphology: .lateral(x: 1), scalar: GridVector(2, 1, 1), weight: 300, inhibitory: true)
        try brain.connect("v1", "v2", morphology: .allToAll, weight: 0.125, psp: 9)
        try brain.connect("v2", "v1", morphology: .vectors([GridVector(0, 1, 1), GridVector(1, -1, 0)]), weight: 1,
                          plasticity: Plasticity(enabled: true, constant: 0.5, ltpMultiplier: 2, ltdMultiplier: 3, window: 4))
        try brain.connect("v2", "v2 copy", morphology: .patterns([MorphologyPattern(source: [.index(0), .any, .same],
                                                                                   destination: [.notSame, .range(-1, 1), .any])]))
        try brain.connect("retina", "v2", morphology: .oneToOne, mpDrivenPSP: false)
        try brain.connect("retina", "v2", morphology: .random(k: 3, seed: UInt64.max))
        try brain.connect("v2", "retina", morphology: .explicit([(0, 47), (49, 0), (1, 47)]))
        try brain.connect("v1", "v2", morphology: .function("randomizer"))
        try brain.connect("v1", "v2", morphology: .composite(seed: GridVector(4, 4, 1), pattern: [[1, 0], [1, 0], [1, 0]], mapper: "projector"))
        try brain.connect(ConnectionSpec(source: "v1", destination: "v2", morphology: .lateral(y: 1), morphologyName: "my_up", synapticDelay: 3))
        return brain
    }

    func expectIdentical(_ a: Brain, _ b: Brain) {
        #expect(a.seed == b.seed)
        #expect(a.areas.map(\.name) == b.areas.map(\.name))
        #expect(a.areas.map(\.base) == b.areas.map(\.base))
        for (x, y) in zip(a.areas, b.areas) {
            #expect(x.title == y.title, "\(x.name)")
            #expect(x.width == y.width && x.height == y.height && x.depth == y.depth && x.neuronsPerVoxel == y.neuronsPerVoxel)
            #expect(x.parameters == y.parameters, "\(x.name)")
            #expect(x.threshold.map(\.bitPattern) == y.threshold.map(\.bitPattern), "\(x.name)")
            #expect(x.thresholdLimit.map(\.bitPattern) == y.thresholdLimit.map(\.bitPattern))
            #expect(x.leak.map(\.bitPattern) == y.leak.map(\.bitPattern))
        }
        #expect(a.connections == b.connections)
    }

    @Test func codeBuiltBrainRoundTrips() throws {
        let brain = try codeBrain()
        let text = GenomeExporter.export(brain, title: "round trip")
        let again = try GenomeLoader.load(json: text, source: "exported.json")
        expectIdentical(brain, again)
        #expect(again.genomeInfo?.hasSpatiumBlock == true && again.genomeInfo?.title == "round trip")
        // Exporting the reloaded brain gives the same text.
        #expect(GenomeExporter.export(again, title: "round trip") == text)
    }

    @Test func exportFollowsFEAGIsRules() throws {
        let brain = try codeBrain()
        let ids = GenomeExporter.areaIDs(for: brain)
        #expect(ids == ["cretin", "cv1___", "cv2___", "cv2_co", "cempty"])
        let json = GenomeExporter.genome(brain)
        #expect(json["version"]?.stringValue == "2.0")
        let blueprint = try #require(json["blueprint"]?.objectValue)
        let morphologies = try #require(json["neuron_morphologies"]?.objectValue)
        let required = ["cx-__name-t", "cx-_n_cnt-i", "cx-___bbx-i", "cx-___bby-i", "cx-___bbz-i", "nx-fire_t-f", "nx-ftincx-f",
                        "nx-ftincy-f", "nx-ftincz-f", "nx-fthlim-f", "nx-refrac-i", "nx-leak_c-f", "nx-c_fr_c-i", "nx-snooze-f",
                        "nx-excite-f", "nx-mp_acc-b", "nx-pstcr_-f", "cx-pspuni-b", "cx-dstmap-d", "cx-rcordx-i", "cx-_group-t"]
        for id in ids {
            #expect(FEAGIAreaID.isValid(id))
            for gene in required { #expect(blueprint["_____10c-\(id)-\(gene)"] != nil, "\(id) \(gene)") }
        }
        for key in blueprint.keys {
            let parts = key.split(separator: "-")
            #expect(parts.count == 5 && parts[0] == "_____10c" && (parts[2] == "cx" || parts[2] == "nx"), "\(key)")
        }
        // Every morphology a mapping names is defined; weights carry sign and FEAGI's psp is clamped.
        for (key, value) in blueprint.members where key.hasSuffix("dstmap-d") {
            for (_, list) in value.objectValue?.members ?? JSONObject().members {
                for entry in list.arrayValue ?? [] {
                    let name = try #require(entry[0]?.stringValue)
                    #expect(morphologies[name] != nil, "\(name)")
                    #expect(entry.arrayValue?.count == 7)
                }
            }
        }
        #expect(blueprint["_____10c-cretin-nx-pstcr_-f"] == .number(255))
        #expect(blueprint["_____10c-cretin-cx-__name-t"] == .string("Retina (left)"))
        #expect(blueprint["_____10c-cv1___-cx-dstmap-d"]?["cv1___"]?[0]?[2] == .integer(-300))
        #expect(blueprint["_____10c-cv1___-nx-ftincy-f"] == .number(-0.25))
        #expect(blueprint["_____10c-cv1___-cx-dstmap-d"]?["cv2___"]?[0]?[0] == .string("all_to_all"))
        #expect(morphologies["my_up"]?["type"] == .string("vectors"))
        #expect(json["spatium"]?["seed"] == .string(String(UInt64(0xDEAD_BEEF_CAFE_F00D))))
    }

    @Test func withoutTheSpatiumBlockFEAGIsViewRemains() throws {
        let brain = try codeBrain()
        guard case .object(var root) = GenomeExporter.genome(brain) else { Issue.record("not an object"); return }
        var stripped = JSONObject()
        for (k, v) in root.members where k != "spatium" { stripped.append(k, v) }
        root = stripped
        let feagi = try GenomeLoader.load(json: JSONValue.object(root).serialized())
        #expect(feagi.areas.map(\.name) == GenomeExporter.areaIDs(for: brain))
        #expect(feagi.areas.map(\.title) == brain.areas.map(\.title))
        #expect(feagi.neuronCount == brain.neuronCount)
        let v1 = try #require(feagi.area(named: "cv1___"))
        #expect(v1.parameters.threshold == .linear(base: 10, x: 0.5, y: -0.25, z: 1.5))
        #expect(v1.threshold == brain.area(named: "v1")?.threshold)
        #expect(v1.parameters.refractory == 1 && v1.parameters.snooze == 2 && v1.parameters.excitability == 0.75)
        #expect(feagi.area(named: "cretin")?.psp == 255)
        #expect(feagi.area(named: "cv2___")?.parameters.threshold == .uniform(1))          // radial → its base for FEAGI
        #expect(feagi.connections.count == brain.connections.count)
        // FEAGI's dstmap lists mappings by source area, then by destination.
        #expect(feagi.connections.map(\.source) == ["cretin", "cretin", "cretin", "cv1___", "cv1___", "cv1___", "cv1___",
                                                     "cv1___", "cv2___", "cv2___", "cv2___"])
        #expect(feagi.connections[3] == ConnectionSpec(source: "cv1___", destination: "cv1___", morphology: .lateral(x: 1),
                                                       morphologyName: "lateral_+x", scalar: GridVector(2, 1, 1), weight: 255, inhibitory: true))
        #expect(feagi.connections[1].morphology == .blockToBlock)          // one_to_one, approximated
        #expect(feagi.connections[2].morphologyName == "randomizer")
        #expect(feagi.connections[7].morphologyName == "my_up")
        #expect(feagi.connections[10].morphology == .patterns([
            MorphologyPattern(source: [.index(0), .index(0), .index(0)], destination: [.index(7), .index(5), .index(0)]),
            MorphologyPattern(source: [.index(4), .index(4), .index(1)], destination: [.index(0), .index(0), .index(0)]),
            MorphologyPattern(source: [.index(0), .index(0), .index(1)], destination: [.index(7), .index(5), .index(0)]),
        ]))
    }

    @Test func loadedGenomesRoundTrip() throws {
        for name in ["essential_genome.json", "vision_genome.json", "v3/essential_genome.v3.json", "probe_genome.json",
                     "example_fp32_genome.json", "community/LearningV1.1B_genome.json",
                     "community/GestureRecognition_feagi_genome_gesture_z_1211.json"] {
            let brain = try GenomeLoader.load(path: Fixtures.feagi(name))
            let text = GenomeExporter.export(brain)
            let again = try GenomeLoader.load(json: text, source: name)
            expectIdentical(brain, again)
            #expect(again.unknownGenes == brain.unknownGenes.filter { $0.gene.split(separator: "-").count == 3 }, "\(name)")
            // Layout genes come back from the original file.
            for g in brain.retainedGenes where g.gene.hasPrefix("cx-rcord") {
                #expect(again.retainedGenes.contains(g), "\(name) \(g)")
            }
        }
    }

    @Test func writeIsAtomicAndReadable() throws {
        let brain = try codeBrain()
        let path = Fixtures.temporaryPath("genome.json")
        defer { unlink(path) }
        try GenomeExporter.write(brain, to: path, title: "written")
        let again = try GenomeLoader.load(path: path)
        expectIdentical(brain, again)
        #expect(access(path + ".tmp.\(getpid())", F_OK) != 0)
        do {
            try GenomeExporter.write(brain, to: "/nonexistent-dir/genome.json")
            Issue.record("expected an error")
        } catch let e as GenomeError {
            #expect(e.kind == .io && e.description.contains("cannot create"))
        }
    }

    @Test func spatiumBlockProblemsAreReported() throws {
        let text = GenomeExporter.export(try codeBrain(), indent: nil)
        let badProfile = text.replacingFirst(#""threshold":{"type":"uniform""#, with: #""threshold":{"type":"spline""#)
        do {
            _ = try GenomeLoader.load(json: badProfile, source: "x.json")
            Issue.record("expected an error")
        } catch let e as GenomeError {
            #expect(e.kind == .invalidValue && e.area == "cretin" && e.key == "spatium.areas.cretin.threshold.type")
            #expect(e.message.contains("unknown profile type \"spline\""))
        }
        let badConnection = text.replacingFirst(#""source":"retina""#, with: #""source":"nowhere""#)
        do {
            _ = try GenomeLoader.load(json: badConnection, source: "x.json")
            Issue.record("expected an error")
        } catch let e as GenomeError {
            #expect(e.kind == .invalidBrain && e.message.contains("unknown source area 'nowhere'"))
        }
        #expect(throws: GenomeError.self) {
            _ = try SpatiumGenomeBlock.decodeProfile(.object(JSONObject([("type", .string("gaussian"))])), path: "p")
        }
        let p = ThresholdProfile.quadratic(center: (1, 2, 3), base: 4, coefficients: (5, 6, 7)).withNoise(sigma: 0.5, seed: UInt64.max)
        #expect(try SpatiumGenomeBlock.decodeProfile(SpatiumGenomeBlock.encode(p), path: "p") == p)
    }
}

extension String {
    /// The string with the first occurrence of `target` replaced (tests only).
    func replacingFirst(_ target: String, with replacement: String) -> String {
        let parts = split(separator: target, maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return self }
        return parts[0] + replacement + parts[1]
    }
}
