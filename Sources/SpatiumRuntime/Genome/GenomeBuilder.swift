/// Turns a parsed genome into a fresh ``Brain``: reads every area's genes into drafts
/// (any gene order), applies the `spatium` block, creates the areas in blueprint order,
/// then the mappings. Any problem throws before the brain is returned.
struct GenomeBuilder {
    let root: JSONObject
    private var drafts: [GenomeAreaDraft] = []
    private var draftIndex: [String: Int] = [:]
    private var aliases: [String: String] = [:]          // cortical_areas key → id
    private var unknownGenes: [GeneRecord] = []
    private var retainedGenes: [GeneRecord] = []
    private var notes: [String] = []
    private var morphologyCache: [String: Morphology] = [:]
    private let morphologyTable: JSONObject?

    init(root: JSONObject) {
        self.root = root
        morphologyTable = root["neuron_morphologies"]?.objectValue
    }

    // MARK: - Entry

    mutating func build(source: String, seed requestedSeed: UInt64?) throws -> Brain {
        guard let blueprintValue = root["blueprint"] else {
            throw DecodeProblem(.unsupportedFormat, "blueprint", "no \"blueprint\" (expected a FEAGI genome: a top-level object with a \"blueprint\")")
        }
        let blueprint = try DecodeProblem.object(blueprintValue, "blueprint", "an object (the genome's blueprint)")
        let format = try readBlueprint(blueprint)

        let spatium = try root["spatium"].map { try DecodeProblem.object($0, "spatium", "an object (Spatium's genome additions)") }
        if let spatium { try applySpatiumAreas(spatium) }

        var seed = requestedSeed ?? 0
        if requestedSeed == nil, let s = spatium?["seed"] { seed = try DecodeProblem.seed(s, "spatium.seed") }
        let brain = Brain(seed: seed)

        var fileNeurons = 0
        for draft in drafts {
            try createArea(draft, in: brain)
            fileNeurons += brain.area(named: draft.name)?.count ?? 0
        }
        let fileAreas = drafts.count

        // Mappings from the FEAGI genes (always checked).
        var connections: [ConnectionSpec] = []
        for draft in drafts {
            guard let (value, path) = draft.mappings else { continue }
            connections += try readMappings(of: draft, value, path, brain: brain)
        }
        if let list = spatium?["connections"] {
            let items = try DecodeProblem.array(list, "spatium.connections", "an array of connections")
            connections = try items.enumerated().map { try SpatiumGenomeBlock.connection($1, "spatium.connections[\($0)]") }
        }
        for (n, spec) in connections.enumerated() {
            do {
                try brain.connect(spec)
            } catch let e as BrainError {
                throw DecodeProblem(.invalidBrain, "mapping \(n)", e.description, area: idOf(spec.source))
            }
        }

        for note in notes { brain.note(note) }
        if !unknownGenes.isEmpty { brain.note(unknownGeneReport()) }
        // Gene records name the area as the brain does (the spatium block may have renamed it).
        let nameOfID = Dictionary(drafts.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        func renamed(_ records: [GeneRecord]) -> [GeneRecord] {
            records.map { GeneRecord(area: nameOfID[$0.area] ?? $0.area, gene: $0.gene, json: $0.json) }
        }
        brain.unknownGenes = renamed(unknownGenes)
        brain.retainedGenes = renamed(retainedGenes)
        brain.genomeInfo = GenomeInfo(
            source: source, format: format,
            version: root["version"].flatMap { $0.stringValue ?? $0.doubleValue.map { String($0) } },
            schemaVersion: root["genome_schema_version"]?.intValue,
            genomeID: root["genome_id"]?.stringValue, title: root["genome_title"]?.stringValue,
            description: root["genome_description"]?.stringValue,
            quantizationPrecision: root["physiology"]?["quantization_precision"]?.stringValue,
            physiologyJSON: root["physiology"].map { $0.serialized() },
            hasSpatiumBlock: spatium != nil, fileAreaCount: fileAreas, fileNeuronCount: fileNeurons)
        return brain
    }

    private func idOf(_ name: String) -> String? {
        drafts.first { $0.name == name }?.id
    }

    // MARK: - Blueprint forms

    private mutating func readBlueprint(_ blueprint: JSONObject) throws -> GenomeInfo.Format {
        if blueprint.keys.contains(where: { $0.hasPrefix("_____10c-") }) || blueprint.count == 0 {
            return try readFlat(blueprint)
        }
        if let areas = blueprint["cortical_areas"] {
            let object = try DecodeProblem.object(areas, "blueprint.cortical_areas", "an object of cortical areas")
            try readHierarchical(object, path: "blueprint.cortical_areas", keyedByName: true)
            return .corticalAreas
        }
        if blueprint.values.allSatisfy({ $0.objectValue != nil }) {
            try readHierarchical(blueprint, path: "blueprint", keyedByName: false)
            return .hierarchical
        }
        throw DecodeProblem(.unsupportedFormat, "blueprint",
                            "unknown blueprint shape (expected flat \"_____10c-<area>-<cx|nx>-<gene>-<type>\" keys, area objects, or \"cortical_areas\")")
    }

    private mutating func draftIndex(for rawID: String, path: String) throws -> Int {
        let id = FEAGIAreaID.decode(rawID)
        if let i = draftIndex[id] {
            if drafts[i].rawID != rawID {
                throw DecodeProblem(.invalidValue, path, "area ids '\(drafts[i].rawID)' and '\(rawID)' both mean '\(id)' (expected each area once)", area: id)
            }
            return i
        }
        draftIndex[id] = drafts.count
        drafts.append(GenomeAreaDraft(id: id, rawID: rawID, pathPrefix: "blueprint._____10c-\(rawID)"))
        return drafts.count - 1
    }

    private mutating func readFlat(_ blueprint: JSONObject) throws -> GenomeInfo.Format {
        var sawBase64 = false
        for (key, value) in blueprint.members {
            let path = "blueprint." + key
            guard key.hasPrefix("_____10c-") else {
                unknownGenes.append(GeneRecord(area: "", gene: key, json: value.serialized()))
                continue
            }
            let parts = key.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count >= 5, parts[parts.count - 3] == "cx" || parts[parts.count - 3] == "nx",
                  !parts[parts.count - 1].isEmpty, !parts[parts.count - 2].isEmpty else {
                throw DecodeProblem(.invalidValue, path,
                                    "malformed blueprint key (expected _____10c-<area>-<cx|nx>-<gene>-<type>)")
            }
            let type = String(parts[parts.count - 1])
            let gene = String(parts[parts.count - 2])
            let level = String(parts[parts.count - 3])
            let rawID = parts[1..<(parts.count - 3)].joined(separator: "-")
            guard !rawID.isEmpty else {
                throw DecodeProblem(.invalidValue, path, "blueprint key names no area (expected _____10c-<area>-<cx|nx>-<gene>-<type>)")
            }
            let index = try draftIndex(for: rawID, path: path)
            let id = drafts[index].id
            if id != rawID { sawBase64 = true }
            if let known = FEAGIGene.flat[gene] {
                do {
                    try drafts[index].apply(known, value, path: path, snoozeSpelling: type)
                } catch var p as DecodeProblem {
                    p.area = id
                    throw p
                }
            } else {
                let record = GeneRecord(area: id, gene: "\(level)-\(gene)-\(type)", json: value.serialized())
                if FEAGIGene.retainedFlat.contains(gene) { retainedGenes.append(record) } else { unknownGenes.append(record) }
            }
        }
        return sawBase64 ? .flatBase64 : .flat
    }

    private mutating func readHierarchical(_ areas: JSONObject, path: String, keyedByName: Bool) throws {
        for (key, value) in areas.members {
            let areaPath = path + "." + key
            let properties = try DecodeProblem.object(value, areaPath, "an area object")
            var rawID = key
            if keyedByName, let idValue = properties["cortical_id"] {
                rawID = try DecodeProblem.string(idValue, areaPath + ".cortical_id", "a cortical id string")
            }
            let index = try draftIndex(for: rawID, path: areaPath)
            drafts[index].pathPrefix = areaPath
            if keyedByName { aliases[key] = drafts[index].id }
            do {
                // Neuron parameters of the `example_*` form live in a top-level "morphologies" entry.
                if keyedByName, let morphologyID = properties["morphology_id"]?.stringValue,
                   let parameters = root["morphologies"]?[morphologyID]?["parameters"]?.objectValue {
                    try readProperties(parameters, path: "morphologies.\(morphologyID).parameters", into: index,
                                       recordPrefix: "morphology:\(morphologyID).")
                }
                try readProperties(properties, path: areaPath, into: index, recordPrefix: "")
            } catch var p as DecodeProblem {
                p.area = p.area ?? drafts[index].id
                throw p
            }
        }
    }

    private mutating func readProperties(_ properties: JSONObject, path: String, into index: Int, recordPrefix: String) throws {
        let id = drafts[index].id
        for (name, value) in properties.members {
            let p = path + "." + name
            if let gene = FEAGIGene.hierarchical[name] {
                try drafts[index].apply(gene, value, path: p)
                continue
            }
            switch name {
            case "block_boundaries":
                let size = try DecodeProblem.triple(value, p, "[width, height, depth] integers")
                try setSize(index, size, value, p)
            case "dimensions":
                if value.arrayValue != nil {
                    try setSize(index, try DecodeProblem.triple(value, p, "[width, height, depth] integers"), value, p)
                } else {
                    let o = try DecodeProblem.object(value, p, "{x, y, z} or [width, height, depth]")
                    for (axis, gene) in [("x", FEAGIGene.width), ("y", .height), ("z", .depth)] {
                        guard let v = o[axis] else { throw DecodeProblem(.missingGene, p + "." + axis, "missing (\(gene.meaning))") }
                        try drafts[index].apply(gene, v, path: p + "." + axis)
                    }
                }
            case "firing_threshold_increment":
                let a = try DecodeProblem.floatTriple(value, p, "[x, y, z] threshold increments")
                drafts[index].increments = a
            case "properties":
                try readProperties(try DecodeProblem.object(value, p, "an object of area properties"), path: p,
                                   into: index, recordPrefix: recordPrefix + "properties.")
            default:
                let record = GeneRecord(area: id, gene: recordPrefix + name, json: value.serialized())
                if FEAGIGene.retainedHierarchical.contains(name) { retainedGenes.append(record) } else { unknownGenes.append(record) }
            }
        }
    }

    private mutating func setSize(_ index: Int, _ size: GridVector, _ value: JSONValue, _ path: String) throws {
        try drafts[index].apply(.width, .integer(Int64(size.x)), path: path + "[0]")
        try drafts[index].apply(.height, .integer(Int64(size.y)), path: path + "[1]")
        try drafts[index].apply(.depth, .integer(Int64(size.z)), path: path + "[2]")
    }

    // MARK: - Spatium block

    private mutating func applySpatiumAreas(_ spatium: JSONObject) throws {
        if let format = spatium["format"] {
            let f = try DecodeProblem.int(format, "spatium.format", "a format number")
            guard f <= SpatiumGenomeBlock.format else {
                throw DecodeProblem(.unsupportedFormat, "spatium.format",
                                    "format \(f) is newer than this Spatium understands (expected <= \(SpatiumGenomeBlock.format))")
            }
        }
        guard let areasValue = spatium["areas"] else { return }
        let areas = try DecodeProblem.object(areasValue, "spatium.areas", "an object of area id → Spatium settings")
        var names: Set<String> = []
        for (rawID, value) in areas.members {
            let path = "spatium.areas." + rawID
            let id = FEAGIAreaID.decode(rawID)
            guard let index = draftIndex[id] else {
                throw DecodeProblem(.invalidValue, path, "settings for area '\(id)', which the blueprint does not define")
            }
            let o = try DecodeProblem.object(value, path, "an object of Spatium area settings")
            do {
                if let v = o["name"] { drafts[index].name = try DecodeProblem.string(v, path + ".name", "an area name") }
                if let v = o["title"] { drafts[index].title = try DecodeProblem.string(v, path + ".title", "a title") }
                if let v = o["threshold"] { drafts[index].thresholdProfile = try SpatiumGenomeBlock.profile(v, path + ".threshold") }
                if let v = o["threshold_limit"] {
                    drafts[index].thresholdLimitProfile = try SpatiumGenomeBlock.profile(v, path + ".threshold_limit")
                }
                if let v = o["leak"] { drafts[index].leakProfile = try SpatiumGenomeBlock.profile(v, path + ".leak") }
                if let v = o["psp"] { drafts[index].parameters.psp = try DecodeProblem.float(v, path + ".psp", "a number") }
            } catch var p as DecodeProblem {
                p.area = id
                throw p
            }
            guard names.insert(drafts[index].name).inserted else {
                throw DecodeProblem(.invalidValue, path + ".name", "name '\(drafts[index].name)' is used by two areas (expected unique names)", area: id)
            }
        }
    }

    // MARK: - Areas

    private mutating func createArea(_ draft: GenomeAreaDraft, in brain: Brain) throws {
        func missing(_ gene: FEAGIGene, _ flatName: String, _ property: String) -> DecodeProblem {
            let key = draft.pathPrefix.hasPrefix("blueprint._____10c-") ? "\(draft.pathPrefix)-cx-\(flatName)-i" : "\(draft.pathPrefix).\(property)"
            return DecodeProblem(.missingGene, key, "missing gene (expected an integer >= 1: \(gene.meaning))", area: draft.id)
        }
        guard let width = draft.width else { throw missing(.width, "___bbx", "block_boundaries") }
        guard let height = draft.height else { throw missing(.height, "___bby", "block_boundaries") }
        guard let depth = draft.depth else { throw missing(.depth, "___bbz", "block_boundaries") }
        let (parameters, note) = draft.finalParameters()
        if let note { notes.append(note) }
        do {
            try brain.addArea(name: draft.name, title: draft.title ?? draft.id, width: width, height: height, depth: depth,
                              neuronsPerVoxel: draft.neuronsPerVoxel, parameters: parameters)
        } catch let e as BrainError {
            throw DecodeProblem(.invalidBrain, draft.pathPrefix, e.description, area: draft.id)
        }
    }

    // MARK: - Mappings

    private mutating func readMappings(of draft: GenomeAreaDraft, _ value: JSONValue, _ path: String,
                                       brain: Brain) throws -> [ConnectionSpec] {
        guard let object = value.objectValue else { return [] }
        var specs: [ConnectionSpec] = []
        for (rawDestination, entriesValue) in object.members {
            let p = path + "." + rawDestination
            let destinationID = aliases[rawDestination] ?? FEAGIAreaID.decode(rawDestination)
            var destinationName: String
            if let i = draftIndex[destinationID] {
                destinationName = drafts[i].name
            } else if destinationID.hasPrefix("_") {
                destinationName = destinationID
                if brain.area(named: destinationID) == nil {
                    do {
                        try brain.addArea(name: destinationID, width: 1, height: 1, depth: 1,
                                          parameters: .feagiGenomeDefaults)
                    } catch let e as BrainError {
                        throw DecodeProblem(.invalidBrain, p, e.description, area: draft.id)
                    }
                    notes.append("core area '\(destinationID)' is a mapping destination but not defined in the genome; added as a 1×1×1 area with FEAGI defaults")
                }
            } else {
                let known = drafts.prefix(12).map(\.id).joined(separator: ", ") + (drafts.count > 12 ? ", …" : "")
                throw DecodeProblem(.missingDestination, p,
                                    "mapping to area '\(destinationID)', which the genome does not define (expected one of its areas: \(known))",
                                    area: draft.id)
            }
            let entries: [JSONValue]
            if let list = entriesValue.arrayValue {
                entries = list
            } else if entriesValue.objectValue != nil {
                entries = [entriesValue]
            } else {
                throw DecodeProblem(.wrongType, p, "expected a list of mappings, found \(entriesValue.kindDescription)", area: draft.id)
            }
            for (n, entry) in entries.enumerated() {
                do {
                    specs.append(try mapping(entry, path: p + "[\(n)]", source: draft.name, destination: destinationName))
                } catch var problem as DecodeProblem {
                    problem.area = problem.area ?? draft.id
                    throw problem
                }
            }
        }
        return specs
    }

    private mutating func mapping(_ entry: JSONValue, path: String, source: String, destination: String) throws -> ConnectionSpec {
        var morphologyName: String
        var scalar = GridVector.one
        var multiplier: Float = 1
        var plasticity = Plasticity.none
        var psp: Float?
        var delay = 1
        var direct: Morphology?
        if let list = entry.arrayValue {
            // [morphology_id, [sx, sy, sz], multiplier, plasticity_flag, plasticity_constant, ltp_multiplier, ltd_multiplier]
            guard let first = list.first else {
                throw DecodeProblem.invalid(path, expected: "[morphology_id, [sx, sy, sz], multiplier, plasticity_flag, …]", found: entry)
            }
            morphologyName = try DecodeProblem.string(first, path + "[0]", "a morphology name")
            if list.count > 1 { scalar = try DecodeProblem.triple(list[1], path + "[1]", "a morphology scalar [sx, sy, sz]") }
            if list.count > 2 { multiplier = try DecodeProblem.float(list[2], path + "[2]", "a number (postsynaptic current multiplier)") }
            if list.count > 3 { plasticity.enabled = try DecodeProblem.bool(list[3], path + "[3]", "true or false (plasticity flag)") }
            if list.count > 4 { plasticity.constant = try DecodeProblem.float(list[4], path + "[4]", "a number (plasticity constant)") }
            if list.count > 5 { plasticity.ltpMultiplier = try DecodeProblem.float(list[5], path + "[5]", "a number (ltp multiplier)") }
            if list.count > 6 { plasticity.ltdMultiplier = try DecodeProblem.float(list[6], path + "[6]", "a number (ltd multiplier)") }
        } else if let o = entry.objectValue {
            if let v = o["morphology_id"] {
                morphologyName = try DecodeProblem.string(v, path + ".morphology_id", "a morphology name")
            } else if let v = o["cortical_mapping_type"] {
                let type = try DecodeProblem.string(v, path + ".cortical_mapping_type", "a mapping type")
                switch type {
                case "fully_connected", "all_to_all": direct = .allToAll
                case "one_to_one": direct = .oneToOne
                case "projector": direct = .projector
                default:
                    throw DecodeProblem(.unknownMorphology, path + ".cortical_mapping_type",
                                        "unknown mapping type \"\(type)\" (expected fully_connected, all_to_all, one_to_one or projector)")
                }
                morphologyName = type
            } else {
                throw DecodeProblem(.missingGene, path + ".morphology_id", "missing morphology_id (expected the name of a morphology)")
            }
            if let v = o["morphology_scalar"] { scalar = try DecodeProblem.triple(v, path + ".morphology_scalar", "a morphology scalar [sx, sy, sz]") }
            if let v = o["postSynapticCurrent_multiplier"] {
                multiplier = try DecodeProblem.float(v, path + ".postSynapticCurrent_multiplier", "a number")
            }
            if let v = o["plasticity_flag"] { plasticity.enabled = try DecodeProblem.bool(v, path + ".plasticity_flag", "true or false") }
            if let v = o["plasticity_constant"] { plasticity.constant = try DecodeProblem.float(v, path + ".plasticity_constant", "a number") }
            if let v = o["ltp_multiplier"] { plasticity.ltpMultiplier = try DecodeProblem.float(v, path + ".ltp_multiplier", "a number") }
            if let v = o["ltd_multiplier"] { plasticity.ltdMultiplier = try DecodeProblem.float(v, path + ".ltd_multiplier", "a number") }
            if let v = o["plasticity_window"] { plasticity.window = try DecodeProblem.int(v, path + ".plasticity_window", "an integer") }
            if let v = o["synaptic_delay_bursts"] { delay = try DecodeProblem.int(v, path + ".synaptic_delay_bursts", "an integer") }
            if let v = o["postsynaptic_current"] {
                psp = min(max(try DecodeProblem.float(v, path + ".postsynaptic_current", "a number"), 0), 255)
            }
        } else {
            throw DecodeProblem.wrongType(path, expected: "a mapping (a list or an object)", found: entry)
        }
        let morphology = try direct ?? resolveMorphology(morphologyName, path: path)
        return ConnectionSpec(source: source, destination: destination, morphology: morphology,
                              morphologyName: direct == nil ? morphologyName : nil, scalar: scalar,
                              weight: min(abs(multiplier), 255), psp: psp, inhibitory: multiplier < 0,
                              plasticity: plasticity, synapticDelay: delay)
    }

    /// Resolves a morphology name through the genome's own table, then FEAGI's built-ins.
    private mutating func resolveMorphology(_ name: String, path: String) throws -> Morphology {
        if let cached = morphologyCache[name] { return cached }
        let morphology: Morphology
        if let definition = morphologyTable?[name] {
            morphology = try FEAGICoreMorphologies.parse(name: name, definition: definition,
                                                         path: "neuron_morphologies.\(name)")
        } else if let builtin = FEAGICoreMorphologies.builtin(named: name) {
            morphology = builtin
        } else {
            throw DecodeProblem(.unknownMorphology, path,
                                "unknown morphology '\(name)' (expected a name from the genome's neuron_morphologies or a FEAGI core morphology such as projector, block_to_block, all_to_all, lateral_+x)")
        }
        morphologyCache[name] = morphology
        return morphology
    }

    // MARK: - Report

    private func unknownGeneReport() -> String {
        var order: [String] = []
        var areas: [String: Set<String>] = [:]
        for g in unknownGenes {
            if areas[g.gene] == nil { order.append(g.gene) }
            areas[g.gene, default: []].insert(g.area)
        }
        let list = order.map { gene in
            let n = areas[gene]?.count ?? 0
            return "\(gene) (\(n) area\(n == 1 ? "" : "s"))"
        }
        return "\(unknownGenes.count) unknown gene\(unknownGenes.count == 1 ? "" : "s") kept but not used (see brain.unknownGenes): " + list.joined(separator: ", ")
    }
}
