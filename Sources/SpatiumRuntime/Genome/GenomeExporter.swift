import Glibc

/// Writes a ``Brain`` as a flat 2.x FEAGI genome, plus Spatium's additions under `"spatium"`.
///
/// - **Ids**: each area gets a 6-character id from its name (``FEAGIAreaID/derive(from:taken:)``,
///   in area order); a name that already is a FEAGI id (e.g. loaded from a genome) is kept.
///   The area's title goes into `__name-t`.
/// - **Genes**: the full gene set FEAGI's shipped genomes carry. Layout and memory genes that
///   were kept from a loaded genome (``Brain/retainedGenes``) are written back, unknown genes
///   too; otherwise FEAGI's defaults (areas placed side by side along x).
/// - **Profiles**: FEAGI gets `fire_t` = the profile's base and, for linear profiles, the
///   increments; `fthlim` and `leak_c` get their profile's base. `pstcr_` is clamped to 0…255 as
///   FEAGI requires. The exact profiles and psp go into the `spatium` block.
/// - **Mappings**: `dstmap` lists `[morphology, [sx, sy, sz], ±weight, plasticity_flag,
///   plasticity_constant, ltp_multiplier, ltd_multiplier]`. Morphologies are named by their
///   genome name when they had one, by FEAGI's core name when they equal a core morphology, and
///   otherwise get a custom entry (`spatium_vectors_1`, …) in `neuron_morphologies`. Spatium-only
///   morphologies are approximated for FEAGI (`one_to_one` → `block_to_block`, `random` →
///   `randomizer`, `explicit` → a voxel pattern list) and kept exactly in the `spatium` block.
///
/// Loading the result with ``GenomeLoader`` gives back the same areas (names, sizes,
/// parameters, per-neuron arrays), connections and seed.
///
/// ```swift
/// let text = GenomeExporter.export(brain, title: "my experiment")
/// let again = try GenomeLoader.load(json: text)
/// try GenomeExporter.write(brain, to: "out/genome.json")
/// ```
public enum GenomeExporter {
    /// The FEAGI id each area gets, parallel to `brain.areas`.
    ///
    /// ```swift
    /// GenomeExporter.areaIDs(for: brain)        // ["cretin", "cv1___"]
    /// ```
    public static func areaIDs(for brain: Brain) -> [String] {
        var taken: Set<String> = []
        var ids: [String] = []
        // Names that are already ids keep them, even when a later area would derive the same id.
        for area in brain.areas where FEAGIAreaID.isValid(area.name) { taken.insert(area.name) }
        for area in brain.areas {
            if FEAGIAreaID.isValid(area.name) {
                ids.append(area.name)
                continue
            }
            let id = FEAGIAreaID.derive(from: area.name, taken: taken)
            taken.insert(id)
            ids.append(id)
        }
        return ids
    }

    /// The genome as JSON text (pretty-printed with `indent` spaces, compact for `nil`).
    ///
    /// ```swift
    /// let text = GenomeExporter.export(brain, indent: nil)
    /// ```
    public static func export(_ brain: Brain, title: String? = nil, description: String? = nil, indent: Int? = 1) -> String {
        genome(brain, title: title, description: description).serialized(indent: indent)
    }

    /// Writes the genome to `path` through a temporary file and a rename, so a crash never
    /// leaves a half-written genome under the final name.
    ///
    /// - Throws: ``GenomeError`` of kind ``GenomeError/Kind/io``.
    ///
    /// ```swift
    /// try GenomeExporter.write(brain, to: "genome.json")
    /// ```
    public static func write(_ brain: Brain, to path: String, title: String? = nil, description: String? = nil) throws {
        let bytes = Array(export(brain, title: title, description: description).utf8)
        let temporary = path + ".tmp.\(getpid())"
        guard let file = fopen(temporary, "wb") else {
            throw GenomeError(kind: .io, file: path, message: "cannot create \(temporary): " + String(cString: strerror(errno)))
        }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        let flushed = fflush(file) == 0
        fclose(file)
        guard written == bytes.count, flushed else {
            unlink(temporary)
            throw GenomeError(kind: .io, file: path, message: "cannot write \(temporary): " + String(cString: strerror(errno)))
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw GenomeError(kind: .io, file: path, message: "cannot rename \(temporary) to \(path): " + reason)
        }
    }

    /// The genome as a ``JSONValue``.
    ///
    /// ```swift
    /// let json = GenomeExporter.genome(brain)
    /// json["blueprint"]?.objectValue?.count
    /// ```
    public static func genome(_ brain: Brain, title: String? = nil, description: String? = nil) -> JSONValue {
        let ids = areaIDs(for: brain)
        var idOfName: [String: String] = [:]
        for (area, id) in zip(brain.areas, ids) { idOfName[area.name] = id }
        var morphologies = MorphologyNamer()
        let info = brain.genomeInfo

        // Kept genes by area id, keyed by the gene's middle name (e.g. "rcordx").
        var kept: [String: [(gene: String, key: String, value: JSONValue)]] = [:]
        var blueprintLevel: [(String, JSONValue)] = []
        for record in brain.retainedGenes + brain.unknownGenes {
            guard let value = try? JSONValue.parse(record.json) else { continue }
            if record.area.isEmpty {
                blueprintLevel.append((record.gene, value))
                continue
            }
            let parts = record.gene.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0] == "cx" || parts[0] == "nx" else { continue }   // hierarchical-only
            guard let id = idOfName[record.area] else { continue }
            kept[id, default: []].append((String(parts[1]), record.gene, value))
        }

        var blueprint = JSONObject()
        var spatiumAreas = JSONObject()
        var xPosition = 0
        for (area, id) in zip(brain.areas, ids) {
            let prefix = "_____10c-\(id)-"
            var keptHere = kept[id] ?? []
            var emitted: Set<String> = []
            func add(_ key: String, _ value: JSONValue) {
                let parts = key.split(separator: "-")
                emitted.insert(String(parts[1]))
                blueprint.append(prefix + key, value)
            }
            /// A layout/memory gene: the kept value (under its original key) or the default.
            func layout(_ key: String, _ fallback: JSONValue) {
                let gene = String(key.split(separator: "-")[1])
                if let i = keptHere.firstIndex(where: { $0.gene == gene }) {
                    let k = keptHere.remove(at: i)
                    emitted.insert(gene)
                    blueprint.append(prefix + k.key, k.value)
                } else {
                    add(key, fallback)
                }
            }
            let p = area.parameters
            let (base, ix, iy, iz): (Float, Float, Float, Float)
            if case .linear(let b, let x, let y, let z) = p.threshold.shape {
                (base, ix, iy, iz) = (b, x, y, z)
            } else {
                (base, ix, iy, iz) = (p.threshold.baseValue, 0, 0, 0)
            }
            add("cx-__name-t", .string(area.title))
            layout("cx-_group-t", .string(defaultGroup(id)))
            add("cx-_n_cnt-i", int(area.neuronsPerVoxel))
            layout("cx-gd_vis-b", .bool(true))
            layout("cx-rcordx-i", int(xPosition))
            layout("cx-rcordy-i", int(0))
            layout("cx-rcordz-i", int(0))
            layout("cx-2dcorx-i", int(xPosition))
            layout("cx-2dcory-i", int(0))
            add("cx-___bbx-i", int(area.width))
            add("cx-___bby-i", int(area.height))
            add("cx-___bbz-i", int(area.depth))
            layout("cx-synatt-f", .float(100))
            add("nx-pstcr_-f", .float(min(max(p.psp, 0), 255)))
            layout("nx-pstcrm-f", .float(35))
            add("nx-fire_t-f", .float(base))
            add("nx-ftincx-f", .float(ix))
            add("nx-ftincy-f", .float(iy))
            add("nx-ftincz-f", .float(iz))
            add("nx-fthlim-f", .float(p.thresholdLimit.baseValue))
            add("nx-refrac-i", int(p.refractory))
            add("nx-leak_c-f", .float(p.leak.baseValue))
            add("nx-leak_v-f", .float(p.leakVariability))
            add("nx-c_fr_c-i", int(p.consecutiveFireLimit))
            add("nx-snooze-f", int(p.snooze))
            add("nx-excite-f", .float(p.excitability))
            add("nx-mp_acc-b", .bool(p.mpAccumulation))
            add("nx-mp_psp-b", .bool(p.mpDrivenPSP))
            add("cx-pspuni-b", .bool(p.pspUniform))
            layout("cx-memory-b", .bool(false))
            layout("cx-mem__t-i", int(100))
            layout("cx-mem_gr-i", int(1))
            layout("cx-mem_ls-i", int(9))
            layout("cx-de_gen-f", .float(0))
            layout("cx-subgrp-t", .string(""))

            var dstmap = JSONObject()
            for spec in brain.connections where spec.source == area.name {
                guard let destinationID = idOfName[spec.destination],
                      let sourceArea = brain.area(named: spec.source),
                      let destinationArea = brain.area(named: spec.destination) else { continue }
                let name = morphologies.name(for: spec, source: sourceArea, destination: destinationArea)
                let signed = spec.inhibitory ? -spec.weight : spec.weight
                let multiplier: JSONValue = signed.rounded() == signed && abs(signed) < 1e15 ? int(Int(signed)) : .float(signed)
                let entry = JSONValue.array([
                    .string(name), .array([int(spec.scalar.x), int(spec.scalar.y), int(spec.scalar.z)]), multiplier,
                    .bool(spec.plasticity.enabled), .float(spec.plasticity.constant),
                    .float(spec.plasticity.ltpMultiplier), .float(spec.plasticity.ltdMultiplier),
                ])
                var list = dstmap[destinationID]?.arrayValue ?? []
                list.append(entry)
                dstmap.set(destinationID, .array(list))
            }
            add("cx-dstmap-d", .object(dstmap))
            for k in keptHere where !emitted.contains(k.gene) {
                blueprint.append(prefix + k.key, k.value)
            }

            spatiumAreas.append(id, .object(JSONObject([
                ("name", .string(area.name)), ("title", .string(area.title)),
                ("threshold", SpatiumGenomeBlock.encode(p.threshold)),
                ("threshold_limit", SpatiumGenomeBlock.encode(p.thresholdLimit)),
                ("leak", SpatiumGenomeBlock.encode(p.leak)), ("psp", .float(p.psp)),
            ])))
            xPosition += area.width + 10
        }
        for (key, value) in blueprintLevel { blueprint.append(key, value) }

        var morphologyTable = JSONObject()
        for (name, morphology) in FEAGICoreMorphologies.table {
            morphologyTable.append(name, FEAGICoreMorphologies.definition(morphology, core: true))
        }
        for (name, definition) in morphologies.custom { morphologyTable.append(name, definition) }

        let physiology = info?.physiologyJSON.flatMap { try? JSONValue.parse($0) } ?? .object(JSONObject([
            ("simulation_timestep", .number(0.025)), ("max_age", int(10_000_000)), ("evolution_burst_count", int(50)),
            ("ipu_idle_threshold", int(1000)), ("plasticity_queue_depth", int(3)), ("lifespan_mgmt_interval", int(10)),
            ("quantization_precision", .string("fp32")),
        ]))
        let spatium = JSONObject([
            ("format", int(SpatiumGenomeBlock.format)), ("seed", .string(String(brain.seed))),
            ("areas", .object(spatiumAreas)),
            ("connections", .array(brain.connections.map { SpatiumGenomeBlock.encode($0) })),
        ])
        return .object(JSONObject([
            ("genome_id", .string(info?.genomeID ?? "spatium")),
            ("genome_title", .string(title ?? info?.title ?? "Spatium brain")),
            ("genome_description", .string(description ?? info?.description ?? "Exported by Spatium")),
            ("version", .string("2.0")),
            ("neuron_morphologies", .object(morphologyTable)),
            ("physiology", physiology),
            ("blueprint", .object(blueprint)),
            ("spatium", .object(spatium)),
        ]))
    }

    private static func int(_ value: Int) -> JSONValue { .integer(Int64(value)) }

    private static func defaultGroup(_ id: String) -> String {
        switch id.first {
        case "_": "CORE"
        case "i": "IPU"
        case "o": "OPU"
        case "m": "MEMORY"
        default: "CUSTOM"
        }
    }
}

/// Names morphologies for `dstmap` and collects the custom `neuron_morphologies` entries.
struct MorphologyNamer {
    private(set) var custom: [(String, JSONValue)] = []
    private var byName: [String: Morphology] = [:]
    private var counter = 0

    mutating func name(for spec: ConnectionSpec, source: CorticalArea, destination: CorticalArea) -> String {
        let morphology = spec.morphology
        if let given = spec.morphologyName, !given.isEmpty, !morphology.isNeuronLevel {
            if let core = FEAGICoreMorphologies.builtin(named: given) {
                if core == morphology { return given }
            } else if let known = byName[given] {
                if known == morphology { return given }
            } else {
                register(given, morphology, FEAGICoreMorphologies.definition(morphology, core: false))
                return given
            }
        }
        if let core = FEAGICoreMorphologies.name(of: morphology) { return core }
        switch morphology {
        case .oneToOne: return "block_to_block"
        case .random: return "randomizer"
        case .explicit(let pairs):
            var seen: Set<[Int]> = []
            var patterns: [JSONValue] = []
            for pair in pairs {
                guard let s = source.coordinates(of: pair.source), let d = destination.coordinates(of: pair.destination) else { continue }
                guard seen.insert([s.x, s.y, s.z, d.x, d.y, d.z]).inserted else { continue }
                patterns.append(.array([
                    .array([.integer(Int64(s.x)), .integer(Int64(s.y)), .integer(Int64(s.z))]),
                    .array([.integer(Int64(d.x)), .integer(Int64(d.y)), .integer(Int64(d.z))]),
                ]))
            }
            let definition = JSONValue.object(JSONObject([
                ("parameters", .object(JSONObject([("patterns", .array(patterns))]))),
                ("type", .string("patterns")), ("class", .string("custom")),
            ]))
            return fresh("spatium_explicit", morphology, definition)
        case .function(let name):
            if byName[name] == nil { register(name, morphology, FEAGICoreMorphologies.definition(morphology, core: false)) }
            return name
        case .vectors:
            return existing(morphology) ?? fresh("spatium_vectors", morphology, FEAGICoreMorphologies.definition(morphology, core: false))
        case .patterns:
            return existing(morphology) ?? fresh("spatium_patterns", morphology, FEAGICoreMorphologies.definition(morphology, core: false))
        case .composite:
            return existing(morphology) ?? fresh("spatium_composite", morphology, FEAGICoreMorphologies.definition(morphology, core: false))
        case .projector:
            return "projector"
        }
    }

    private func existing(_ morphology: Morphology) -> String? {
        custom.first { byName[$0.0] == morphology }?.0
    }

    private mutating func fresh(_ stem: String, _ morphology: Morphology, _ definition: JSONValue) -> String {
        var name: String
        repeat {
            counter += 1
            name = "\(stem)_\(counter)"
        } while byName[name] != nil || FEAGICoreMorphologies.builtin(named: name) != nil
        register(name, morphology, definition)
        return name
    }

    private mutating func register(_ name: String, _ morphology: Morphology, _ definition: JSONValue) {
        byName[name] = morphology
        custom.append((name, definition))
    }
}
