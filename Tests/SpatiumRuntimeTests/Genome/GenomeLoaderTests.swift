import Testing
@testable import SpatiumRuntime

/// A small flat genome exercising genes, a gradient, mappings, an unknown gene and a core
/// destination that is not defined.
let smallGenome = #"""
{
 "version": "2.0",
 "neuron_morphologies": {"diag": {"type": "vectors", "parameters": {"vectors": [[1, 1, 0]]}, "class": "custom"}},
 "blueprint": {
  "_____10c-csrc__-cx-__name-t": "source",
  "_____10c-csrc__-cx-___bbx-i": 4,
  "_____10c-csrc__-cx-___bby-i": 3,
  "_____10c-csrc__-cx-___bbz-i": 2,
  "_____10c-csrc__-cx-_n_cnt-i": 2,
  "_____10c-csrc__-nx-fire_t-f": 10.0,
  "_____10c-csrc__-nx-ftincx-f": 1.0,
  "_____10c-csrc__-nx-ftincy-f": 2.0,
  "_____10c-csrc__-nx-ftincz-f": 5.0,
  "_____10c-csrc__-nx-fthlim-f": 40.0,
  "_____10c-csrc__-nx-refrac-i": 1,
  "_____10c-csrc__-nx-pstcr_-f": 300.0,
  "_____10c-csrc__-nx-snooze-i": 2,
  "_____10c-csrc__-cx-dstmap-d": {"cdst__": [["diag", [1, 1, 1], -3, false, 1, 1, 1], ["lateral_+x", [2, 1, 1], 500, true, 1, 100, 1]],
                                  "_power": [["projector", [1, 1, 1], 1, false, 1, 1, 1]]},
  "_____10c-cdst__-cx-___bbx-i": 4,
  "_____10c-cdst__-cx-___bby-i": 3,
  "_____10c-cdst__-cx-___bbz-i": 1,
  "_____10c-cdst__-cx-pspuni-b": true,
  "_____10c-cdst__-cx-mystery-i": 7,
  "_____10c-cdst__-cx-rcordx-i": 12
 }
}
"""#

@Suite("Genome loading")
struct GenomeLoaderTests {
    // MARK: - Helpers

    func loadError(_ text: String, source: String = "broken.json") -> GenomeError? {
        do {
            _ = try GenomeLoader.load(json: text, source: source)
            return nil
        } catch let e as GenomeError {
            return e
        } catch {
            return nil
        }
    }

    func replacing(_ text: String, _ old: String, _ new: String) -> String {
        var parts = text.split(separator: old, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else { return "replacement not found: \(old)" }
        parts.insert(new, at: 1)
        return parts.joined()
    }

    /// The differences between two brains: areas (by name, in any order), geometry, parameters,
    /// per-neuron arrays and connections (as a multiset). Empty when they are the same.
    func differences(_ a: Brain, _ b: Brain) -> [String] {
        var out: [String] = []
        if Set(a.areas.map(\.name)) != Set(b.areas.map(\.name)) { out.append("area names") }
        if a.neuronCount != b.neuronCount { out.append("neuron count") }
        for x in a.areas {
            guard let y = b.area(named: x.name) else { continue }
            if x.title != y.title || x.width != y.width || x.height != y.height || x.depth != y.depth
                || x.neuronsPerVoxel != y.neuronsPerVoxel { out.append("\(x.name) geometry") }
            let (p, q) = (x.parameters, y.parameters)
            for (name, differs) in [("threshold", p.threshold != q.threshold), ("thresholdLimit", p.thresholdLimit != q.thresholdLimit),
                                    ("leak", p.leak != q.leak), ("leakVariability", p.leakVariability != q.leakVariability),
                                    ("refractory", p.refractory != q.refractory),
                                    ("consecutiveFireLimit", p.consecutiveFireLimit != q.consecutiveFireLimit),
                                    ("snooze", p.snooze != q.snooze), ("mpAccumulation", p.mpAccumulation != q.mpAccumulation),
                                    ("excitability", p.excitability != q.excitability), ("psp", p.psp != q.psp),
                                    ("pspUniform", p.pspUniform != q.pspUniform), ("mpDrivenPSP", p.mpDrivenPSP != q.mpDrivenPSP)]
            where differs { out.append("\(x.name) \(name)") }
            if x.threshold != y.threshold || x.thresholdLimit != y.thresholdLimit || x.leak != y.leak {
                if p.threshold == q.threshold && p.thresholdLimit == q.thresholdLimit && p.leak == q.leak { out.append("\(x.name) arrays") }
            }
        }
        let describe: (ConnectionSpec) -> String = { "\($0)" }
        if a.connections.map(describe).sorted() != b.connections.map(describe).sorted() { out.append("connections") }
        return out
    }

    // MARK: - Real genomes

    @Test func everyFixtureGenomeLoads() throws {
        let paths = Fixtures.allGenomes
        #expect(paths.count >= 40)
        for path in paths {
            do {
                let brain = try GenomeLoader.load(path: path)
                #expect(brain.areas.count > 0, "\(path)")
                #expect(brain.genomeInfo?.fileAreaCount == brain.areas.count, "\(path)")
            } catch {
                Issue.record("\(path): \(error)")
            }
        }
    }

    @Test func areaAndNeuronCountsMatchCOUNTS() throws {
        let table = try Fixtures.text(Fixtures.feagi("COUNTS.tsv"))
        var rows = 0
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 4, let areas = Int(fields[2]), let neurons = Int(fields[3]) else { continue }
            let brain = try GenomeLoader.load(path: Fixtures.feagi(fields[0]))
            #expect(brain.areas.count == areas, "\(fields[0])")
            #expect(brain.neuronCount == neurons, "\(fields[0])")
            #expect(brain.genomeInfo?.version == fields[1], "\(fields[0])")
            rows += 1
        }
        #expect(rows == 10)
    }

    /// The 2.x files and their schema-7 migrations give the same brains, except for two values
    /// the migration itself changed in the files: essential `iic000` has `snooze-i: 1` in 2.x
    /// (FEAGI 2.0 ignores `snooze-i`, so the migration wrote 0; Spatium reads both spellings), and
    /// vision `_power` has no `pspuni-b` in 2.x (default false) but `true` in 3.0.
    @Test func flatAndBase64FormsGiveTheSameBrain() throws {
        let known = ["essential_genome": ["iic000 snooze"], "vision_genome": ["_power pspUniform"]]
        for name in ["barebones_genome", "essential_genome", "test_genome", "vision_genome"] {
            let flat = try GenomeLoader.load(path: Fixtures.feagi(name + ".json"))
            let v3 = try GenomeLoader.load(path: Fixtures.feagi("v3/" + name + ".v3.json"))
            #expect(flat.genomeInfo?.format == .flat && v3.genomeInfo?.format == .flatBase64)
            #expect(differences(flat, v3) == known[name, default: []], "\(name)")
        }
        let essential = try GenomeLoader.load(path: Fixtures.feagi("essential_genome.json"))
        let migrated = try GenomeLoader.load(path: Fixtures.feagi("v3/essential_genome.v3.json"))
        #expect(essential.area(named: "iic000")?.snooze == 1 && migrated.area(named: "iic000")?.snooze == 0)
    }

    /// Every area and mapping of every flat fixture checked gene by gene against the JSON,
    /// read independently here.
    @Test func genesAndMappingsMatchTheJSON() throws {
        let base = Fixtures.root + "/feagi/"
        let files = Fixtures.list(base).filter { !$0.hasPrefix("example_") }.map { base + $0 }
            + Fixtures.list(base + "community").map { base + "community/" + $0 }
            + Fixtures.list(base + "v3").map { base + "v3/" + $0 }
        var checkedAreas = 0, checkedMappings = 0
        for path in files {
            let json = try JSONValue.parse(Fixtures.text(path))
            let brain = try GenomeLoader.load(path: path)
            guard let blueprint = json["blueprint"]?.objectValue else { Issue.record("no blueprint in \(path)"); continue }
            var genes: [String: [String: JSONValue]] = [:]
            var order: [String] = []
            for (key, value) in blueprint.members {
                let parts = key.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
                let id = FEAGIAreaID.decode(parts[1])
                if genes[id] == nil { order.append(id) }
                genes[id, default: [:]][parts[3] + "-" + parts[4]] = value
            }
            #expect(brain.areas.map(\.name) == order, "\(path): area order is the blueprint's")
            var mappings: [(String, String, JSONValue)] = []
            for id in order {
                let g = genes[id] ?? [:]
                let area = try #require(brain.area(named: id))
                func number(_ key: String, _ fallback: Float) -> Float { g[key]?.doubleValue.map { Float($0) } ?? fallback }
                #expect(area.width == g["___bbx-i"]?.intValue && area.height == g["___bby-i"]?.intValue
                        && area.depth == g["___bbz-i"]?.intValue, "\(path) \(id)")
                #expect(area.neuronsPerVoxel == (g["_n_cnt-i"]?.intValue ?? 1))
                if area.count > 0 {
                    #expect(area.threshold[0] == number("fire_t-f", 1), "\(path) \(id) threshold")
                    #expect(area.thresholdLimit[0] == number("fthlim-f", number("fthlim-i", 0)), "\(path) \(id) limit")
                    #expect(area.leak[0] == number("leak_c-f", 0), "\(path) \(id) leak")
                    let last = area.count - 1
                    let c = try #require(area.coordinates(of: last))
                    let expected = ((number("fire_t-f", 1) + Float(c.x) * number("ftincx-f", 0)) + Float(c.y) * number("ftincy-f", 0))
                        + Float(c.z) * number("ftincz-f", 0)
                    #expect(area.threshold[last] == expected, "\(path) \(id) gradient")
                }
                #expect(area.refractory == Int32(g["refrac-i"]?.intValue ?? 0))
                #expect(area.consecutiveFireLimit == Int32(g["c_fr_c-i"]?.intValue ?? 0))
                #expect(area.snooze == Int32(g["snooze-f"]?.intValue ?? g["snooze-i"]?.intValue ?? 0))
                #expect(area.excitability == number("excite-f", number("excite-i", 1)))
                #expect(area.mpAccumulation == (g["mp_acc-b"]?.boolValue ?? false))
                #expect(area.pspUniform == (g["pspuni-b"]?.boolValue ?? false))
                #expect(area.mpDrivenPSP == (g["mp_psp-b"]?.boolValue ?? false))
                #expect(area.psp == min(max(number("pstcr_-f", 1), 0), 255))
                #expect(area.title == (g["__name-t"]?.stringValue ?? id))
                for (dst, list) in g["dstmap-d"]?.objectValue?.members ?? JSONObject().members {
                    for entry in list.arrayValue ?? [] { mappings.append((id, FEAGIAreaID.decode(dst), entry)) }
                }
                checkedAreas += 1
            }
            #expect(brain.connections.count == mappings.count, "\(path) mappings")
            for (spec, (src, dst, entry)) in zip(brain.connections, mappings) {
                let name = entry[0]?.stringValue ?? entry["morphology_id"]?.stringValue
                let multiplier = Float(entry[2]?.doubleValue ?? entry["postSynapticCurrent_multiplier"]?.doubleValue ?? 1)
                #expect(spec.source == src && spec.destination == dst && spec.morphologyName == name, "\(path) \(src)→\(dst)")
                #expect(spec.weight == min(abs(multiplier), 255) && spec.inhibitory == (multiplier < 0))
                #expect(spec.psp == nil && spec.mpDrivenPSP == nil)
                checkedMappings += 1
            }
        }
        #expect(checkedAreas > 700 && checkedMappings > 650, "\(checkedAreas) areas, \(checkedMappings) mappings")
    }

    @Test func exampleFormTakesNeuronParametersFromItsMorphology() throws {
        let brain = try GenomeLoader.load(path: Fixtures.feagi("example_fp32_genome.json"))
        #expect(brain.genomeInfo?.format == .corticalAreas)
        #expect(brain.areas.map(\.name) == ["sens_1", "motor_1"])
        let sensory = try #require(brain.area(named: "sens_1"))
        #expect(sensory.title == "Sensory Input" && sensory.count == 100)
        #expect(sensory.threshold[0] == 50 && sensory.thresholdLimit[0] == 100 && sensory.leak[0] == 0.97)
        #expect(sensory.refractory == 2 && sensory.consecutiveFireLimit == 1_000_000 && sensory.mpAccumulation)
        #expect(sensory.psp == 255 && !sensory.pspUniform)
        #expect(brain.connections == [ConnectionSpec(source: "motor_1", destination: "sens_1", morphology: .allToAll, psp: 50)])
        #expect(brain.genomeInfo?.quantizationPrecision == "fp32")
        let int8 = try GenomeLoader.load(path: Fixtures.feagi("example_int8_genome.json"))
        #expect(int8.genomeInfo?.quantizationPrecision == "int8" && int8.neuronCount == 150)
    }

    @Test func areaOrderFollowsTheFile() throws {
        let flat = try GenomeLoader.load(path: Fixtures.feagi("vision_genome.json"))
        #expect(flat.areas.first?.name == "omot00" && flat.areas.last?.name == "_death")
        #expect(flat.area(named: "iic400")?.base == 52)
        let v3 = try GenomeLoader.load(path: Fixtures.feagi("v3/vision_genome.v3.json"))
        #expect(v3.areas.first?.name == "_death" && v3.areas.last?.name == "ogaz00")
    }

    @Test func unknownGenesAreKeptAndReportedOnce() throws {
        let brain = try GenomeLoader.load(path: Fixtures.feagi("vision_genome.json"))
        #expect(brain.unknownGenes.count == 23)
        #expect(brain.unknownGenes.allSatisfy { $0.gene == "cx-tmpdpt-i" && $0.json == "1" })
        #expect(brain.unknownGenes.first?.area == "omot00")
        let reports = brain.warnings.filter { $0.contains("unknown gene") }
        #expect(reports.count == 1)
        #expect(reports.first?.contains("cx-tmpdpt-i (23 areas)") == true)
        #expect(brain.retainedGenes.contains(GeneRecord(area: "iic400", gene: "cx-_group-t", json: "\"IPU\"")))
        #expect(brain.summary.unknownGeneCount == 23)
    }

    // MARK: - Gene semantics on a small genome

    @Test func smallGenomeGenesMapAsGENOMEmd() throws {
        let brain = try GenomeLoader.load(json: smallGenome, source: "small.json", seed: 3)
        #expect(brain.seed == 3)
        #expect(brain.areas.map(\.name) == ["csrc__", "cdst__", "_power"])
        let src = try #require(brain.area(named: "csrc__"))
        #expect(src.title == "source" && src.count == 48)
        #expect(src.parameters.threshold == .linear(base: 10, x: 1, y: 2, z: 5))
        for i in 0..<src.count {
            let c = try #require(src.coordinates(of: i))
            #expect(src.threshold[i] == 10 + Float(c.x) + 2 * Float(c.y) + 5 * Float(c.z))
        }
        #expect(src.thresholdLimit.allSatisfy { $0 == 40 } && src.refractory == 1)
        #expect(src.psp == 255)                       // pstcr_ 300 clamped
        #expect(src.snooze == 2)                      // snooze-i is read too
        #expect(!src.pspUniform)                      // gene absent: FEAGI's default
        let dst = try #require(brain.area(named: "cdst__"))
        #expect(dst.pspUniform && dst.title == "cdst__" && dst.threshold.allSatisfy { $0 == 1 })
        #expect(brain.connections == [
            ConnectionSpec(source: "csrc__", destination: "cdst__", morphology: .vectors([GridVector(1, 1, 0)]),
                           morphologyName: "diag", weight: 3, inhibitory: true),
            ConnectionSpec(source: "csrc__", destination: "cdst__", morphology: .lateral(x: 1), morphologyName: "lateral_+x",
                           scalar: GridVector(2, 1, 1), weight: 255,
                           plasticity: Plasticity(enabled: true, constant: 1, ltpMultiplier: 100, ltdMultiplier: 1)),
            ConnectionSpec(source: "csrc__", destination: "_power", morphology: .projector, morphologyName: "projector"),
        ])
        #expect(brain.unknownGenes == [GeneRecord(area: "cdst__", gene: "cx-mystery-i", json: "7")])
        #expect(brain.retainedGenes == [GeneRecord(area: "cdst__", gene: "cx-rcordx-i", json: "12")])
        #expect(brain.warnings.contains { $0.contains("core area '_power'") && $0.contains("added") })
        #expect(brain.genomeInfo?.fileAreaCount == 2 && brain.genomeInfo?.fileNeuronCount == 60)
    }

    @Test func bothSnoozeSpellingsAreRead() throws {
        let onlyF = replacing(smallGenome, "\"_____10c-csrc__-nx-snooze-i\": 2", "\"_____10c-csrc__-nx-snooze-f\": 4")
        #expect(try GenomeLoader.load(json: onlyF).area(named: "csrc__")?.snooze == 4)
        let both = replacing(smallGenome, "\"_____10c-csrc__-nx-snooze-i\": 2",
                             "\"_____10c-csrc__-nx-snooze-i\": 2, \"_____10c-csrc__-nx-snooze-f\": 5")
        let brain = try GenomeLoader.load(json: both)
        #expect(brain.area(named: "csrc__")?.snooze == 5)
        #expect(brain.warnings.contains { $0.contains("snooze-f (5) and snooze-i (2) disagree") })
    }

    @Test func hierarchicalFormLoads() throws {
        let text = #"""
        {"blueprint": {
          "c_in__": {"cortical_name": "in", "block_boundaries": [2, 2, 1], "per_voxel_neuron_cnt": 1,
                     "firing_threshold": 3, "firing_threshold_increment_x": 0.5, "firing_threshold_limit": 9,
                     "leak_coefficient": 0.1, "refractory_period": 2, "consecutive_fire_cnt_max": 3,
                     "neuron_excitability": 0.5, "mp_charge_accumulation": true, "mp_driven_psp": true,
                     "postsynaptic_current": 7, "location": [0, 0, 0], "surprise": "x",
                     "cortical_mapping_dst": {"c_out_": [{"morphology_id": "projector", "morphology_scalar": [1, 1, 1],
                                                        "postSynapticCurrent_multiplier": -2, "plasticity_flag": false,
                                                        "synaptic_delay_bursts": 1}]}},
          "c_out_": {"cortical_name": "out", "block_boundaries": [1, 1, 1], "snooze_length": 3, "psp_uniform_distribution": true}
        }}
        """#
        let brain = try GenomeLoader.load(json: text)
        #expect(brain.genomeInfo?.format == .hierarchical)
        let a = try #require(brain.area(named: "c_in__"))
        #expect(a.title == "in" && a.threshold == [3, 3, 3.5, 3.5] && a.thresholdLimit[0] == 9 && a.leak[0] == 0.1)
        #expect(a.refractory == 2 && a.consecutiveFireLimit == 3 && a.excitability == 0.5 && a.mpAccumulation && a.mpDrivenPSP && a.psp == 7)
        let b = try #require(brain.area(named: "c_out_"))
        #expect(b.snooze == 3 && b.pspUniform)
        #expect(brain.connections == [ConnectionSpec(source: "c_in__", destination: "c_out_", morphology: .projector,
                                                     morphologyName: "projector", weight: 2, inhibitory: true)])
        #expect(brain.unknownGenes == [GeneRecord(area: "c_in__", gene: "surprise", json: "\"x\"")])
        #expect(brain.retainedGenes == [GeneRecord(area: "c_in__", gene: "location", json: "[0,0,0]")])
    }

    @Test func coreMorphologiesResolveWithoutATable() throws {
        let text = replacing(smallGenome, #""neuron_morphologies": {"diag": {"type": "vectors", "parameters": {"vectors": [[1, 1, 0]]}, "class": "custom"}},"#, "")
        let e = try #require(loadError(text))
        #expect(e.kind == .unknownMorphology && e.message.contains("'diag'"))     // custom names need the table …
        let coreOnly = replacing(text, "\"diag\"", "\"block_to_block\"")
        let brain = try GenomeLoader.load(json: coreOnly)                        // … core names do not
        #expect(brain.connections.first?.morphology == .blockToBlock)
    }

    // MARK: - Broken genomes

    @Test func truncatedJSONNamesTheFileLineAndColumn() throws {
        let bytes = try GenomeLoader.readFile(Fixtures.feagi("test_genome.json"))
        do {
            _ = try GenomeLoader.load(bytes: Array(bytes.prefix(bytes.count / 2)), source: "test_genome.json")
            Issue.record("expected an error")
        } catch let e as GenomeError {
            #expect(e.kind == .invalidJSON)
            #expect(e.line != nil && e.line! > 100)
            #expect(e.description.hasPrefix("test_genome.json: line \(e.line!), column \(e.column!): invalid JSON: unexpected end of input"))
        }
    }

    @Test func wrongTypeNamesAreaGeneAndExpectation() throws {
        let e = try #require(loadError(replacing(smallGenome, "\"_____10c-csrc__-cx-___bbx-i\": 4", "\"_____10c-csrc__-cx-___bbx-i\": \"4\"")))
        #expect(e.kind == .wrongType && e.area == "csrc__")
        #expect(e.description == "broken.json: area 'csrc__': blueprint._____10c-csrc__-cx-___bbx-i: expected an integer >= 1 (width in voxels), found a string \"4\"")
        let flag = try #require(loadError(replacing(smallGenome, "\"_____10c-cdst__-cx-pspuni-b\": true", "\"_____10c-cdst__-cx-pspuni-b\": 1")))
        #expect(flag.kind == .wrongType && flag.message == "expected true or false (psp uniform distribution), found the number 1")
        let fraction = try #require(loadError(replacing(smallGenome, "\"_____10c-csrc__-nx-refrac-i\": 1", "\"_____10c-csrc__-nx-refrac-i\": 1.5")))
        #expect(fraction.kind == .invalidValue && fraction.message.contains("an integer >= 0 (refractory period in bursts)"))
        let mapping = try #require(loadError(replacing(smallGenome, "[\"diag\", [1, 1, 1], -3", "[\"diag\", [1, 1], -3")))
        #expect(mapping.kind == .invalidValue && mapping.key == "blueprint._____10c-csrc__-cx-dstmap-d.cdst__[0][1]")
    }

    @Test func negativeSizesAreRefused() throws {
        let e = try #require(loadError(replacing(smallGenome, "\"_____10c-cdst__-cx-___bby-i\": 3", "\"_____10c-cdst__-cx-___bby-i\": -3")))
        #expect(e.kind == .invalidValue && e.area == "cdst__")
        #expect(e.description.contains("blueprint._____10c-cdst__-cx-___bby-i: expected an integer >= 1 (height in voxels), found the number -3"))
        let npv = try #require(loadError(replacing(smallGenome, "\"_____10c-csrc__-cx-_n_cnt-i\": 2", "\"_____10c-csrc__-cx-_n_cnt-i\": -1")))
        #expect(npv.message.contains("an integer >= 0 (neurons per voxel)"))
    }

    @Test func unknownMorphologyIsNamed() throws {
        let e = try #require(loadError(replacing(smallGenome, "[\"diag\",", "[\"nosuch\",")))
        #expect(e.kind == .unknownMorphology && e.area == "csrc__")
        #expect(e.description.contains("unknown morphology 'nosuch'") && e.description.contains("neuron_morphologies"))
        let bad = try #require(loadError(replacing(smallGenome, "\"vectors\": [[1, 1, 0]]", "\"vectors\": [[1, 1]]")))
        #expect(bad.key == "neuron_morphologies.diag.parameters.vectors[0]")
    }

    @Test func missingDestinationIsNamed() throws {
        let e = try #require(loadError(replacing(smallGenome, "{\"cdst__\": [[", "{\"cmiss_\": [[")))
        #expect(e.kind == .missingDestination && e.area == "csrc__")
        #expect(e.description.contains("mapping to area 'cmiss_', which the genome does not define"))
    }

    @Test func missingDimensionsMalformedKeysAndShapes() throws {
        let missing = try #require(loadError(replacing(smallGenome, "\"_____10c-cdst__-cx-___bbz-i\": 1,", "")))
        #expect(missing.kind == .missingGene && missing.key == "blueprint._____10c-cdst__-cx-___bbz-i" && missing.area == "cdst__")
        let malformed = try #require(loadError(replacing(smallGenome, "\"_____10c-cdst__-cx-pspuni-b\": true", "\"_____10c-cdst__-pspuni\": true")))
        #expect(malformed.message.contains("malformed blueprint key"))
        #expect(loadError("[1, 2]")?.kind == .unsupportedFormat)
        #expect(loadError("{\"version\": \"2.0\"}")?.message.contains("no \"blueprint\"") == true)
        #expect(loadError("{\"blueprint\": {\"a\": 1}}")?.kind == .unsupportedFormat)
        do {
            _ = try GenomeLoader.load(path: "/nonexistent/genome.json")
            Issue.record("expected an error")
        } catch let e as GenomeError {
            #expect(e.kind == .io && e.description == "/nonexistent/genome.json: cannot open the file: No such file or directory")
        }
    }

    @Test func aGenomeLoadsWholeOrNotAtAll() throws {
        // The error comes after both areas were created; no brain is returned, and the same
        // text without the error loads fine.
        #expect(loadError(replacing(smallGenome, "[\"lateral_+x\",", "[\"nope\",")) != nil)
        let good = try GenomeLoader.load(json: smallGenome)
        #expect(good.areas.count == 3)
        // An area the brain refuses (too big) is reported with the area's id.
        let huge = try #require(loadError(replacing(smallGenome, "\"_____10c-cdst__-cx-___bbx-i\": 4", "\"_____10c-cdst__-cx-___bbx-i\": 4000000000")))
        #expect(huge.kind == .invalidBrain && huge.area == "cdst__" && huge.message.contains("neurons"))
    }
}
