/// FEAGI's built-in ("core") morphologies and the FEAGI JSON form of morphologies
/// (`neuron_morphologies` entries: `{"type", "parameters", "class"}`).
///
/// The table is what FEAGI genomes ship as `class: "core"`: `block_to_block`,
/// `lateral_±x/y/z`, `projector`, `all_to_all`, `0-0-0_to_all`, `all_to_0-0-0`, the function
/// morphologies (`randomizer`, `expander_x`, `reducer_x`, `lateral_pairs_x`, `last_to_first`,
/// `memory`, `episodic_memory`, `projector_xy/xz/yz`, `project_from_end_x/y/z`) and the
/// composite `tile`. A genome that references one of these names without defining it still
/// loads.
///
/// ```swift
/// FEAGICoreMorphologies.builtin(named: "lateral_-y")   // .vectors([(0, -1, 0)])
/// FEAGICoreMorphologies.name(of: .blockToBlock)        // "block_to_block"
/// ```
public enum FEAGICoreMorphologies {
    /// Every core morphology, in FEAGI's table order.
    public static let table: [(name: String, morphology: Morphology)] = {
        var t: [(String, Morphology)] = [
            ("block_to_block", .blockToBlock),
            ("lateral_+x", .lateral(x: 1)), ("lateral_-x", .lateral(x: -1)),
            ("lateral_+y", .lateral(y: 1)), ("lateral_-y", .lateral(y: -1)),
            ("lateral_+z", .lateral(z: 1)), ("lateral_-z", .lateral(z: -1)),
            ("projector", .projector),
            ("all_to_all", .allToAll),
            ("0-0-0_to_all", .patterns([MorphologyPattern(source: [.index(0), .index(0), .index(0)],
                                                          destination: [.any, .any, .any])])),
            ("all_to_0-0-0", .patterns([MorphologyPattern(source: [.any, .any, .any],
                                                          destination: [.index(0), .index(0), .index(0)])])),
        ]
        for name in ["randomizer", "expander_x", "reducer_x", "lateral_pairs_x", "last_to_first", "memory",
                     "episodic_memory", "projector_xy", "projector_xz", "projector_yz",
                     "project_from_end_x", "project_from_end_y", "project_from_end_z"] {
            t.append((name, .function(name)))
        }
        t.append(("tile", .composite(seed: GridVector(16, 16, 1), pattern: [[1, 0], [1, 0], [1, 0]], mapper: "projector")))
        return t
    }()

    private static let byName: [String: Morphology] = Dictionary(table.map { ($0.name, $0.morphology) },
                                                                  uniquingKeysWith: { a, _ in a })

    /// The core morphology called `name`, if FEAGI has one.
    ///
    /// ```swift
    /// FEAGICoreMorphologies.builtin(named: "projector")    // .projector
    /// ```
    public static func builtin(named name: String) -> Morphology? { byName[name] }

    /// The first core name whose morphology equals `morphology`, if any.
    ///
    /// ```swift
    /// FEAGICoreMorphologies.name(of: .allToAll)            // "all_to_all"
    /// ```
    public static func name(of morphology: Morphology) -> String? {
        table.first { $0.morphology == morphology }?.name
    }

    // MARK: - FEAGI JSON form

    /// Parses a `neuron_morphologies` entry named `name`.
    static func parse(name: String, definition: JSONValue, path: String) throws -> Morphology {
        let entry = try DecodeProblem.object(definition, path, "a morphology object with \"type\" and \"parameters\"")
        guard let typeValue = entry["type"] else {
            throw DecodeProblem(.missingGene, path + ".type", "missing morphology type (expected \"vectors\", \"patterns\", \"functions\" or \"composite\")")
        }
        let type = try DecodeProblem.string(typeValue, path + ".type", "a morphology type string")
        let parameters = entry["parameters"] ?? .object(JSONObject())
        let pp = path + ".parameters"
        switch type {
        case "vectors":
            guard let list = parameters["vectors"] else {
                throw DecodeProblem(.missingGene, pp + ".vectors", "missing the vector list (expected [[dx, dy, dz], …])")
            }
            let vectors = try DecodeProblem.array(list, pp + ".vectors", "a list of [dx, dy, dz] vectors")
            return .vectors(try vectors.enumerated().map { i, v in
                try DecodeProblem.triple(v, pp + ".vectors[\(i)]", "a vector [dx, dy, dz] of integers")
            })
        case "patterns":
            guard let list = parameters["patterns"] else {
                throw DecodeProblem(.missingGene, pp + ".patterns", "missing the pattern list (expected [[[sx, sy, sz], [dx, dy, dz]], …])")
            }
            let pairs = try DecodeProblem.array(list, pp + ".patterns", "a list of [source, destination] pattern pairs")
            return .patterns(try pairs.enumerated().map { i, pair in
                let p = pp + ".patterns[\(i)]"
                let sides = try DecodeProblem.array(pair, p, "a [source, destination] pattern pair")
                guard sides.count == 2 else { throw DecodeProblem.invalid(p, expected: "a [source, destination] pattern pair", found: pair) }
                return MorphologyPattern(source: try elements(sides[0], p + "[0]"), destination: try elements(sides[1], p + "[1]"))
            })
        case "functions":
            return name == "projector" ? .projector : .function(name)
        case "composite":
            guard let seedValue = parameters["src_seed"], let patternValue = parameters["src_pattern"],
                  let mapperValue = parameters["mapper_morphology"] else {
                throw DecodeProblem(.missingGene, pp, "composite morphology needs src_seed, src_pattern and mapper_morphology")
            }
            let seed = try DecodeProblem.triple(seedValue, pp + ".src_seed", "a seed size [x, y, z]")
            let rows = try DecodeProblem.array(patternValue, pp + ".src_pattern", "three [count, gap] pairs")
            let pattern = try rows.enumerated().map { i, row in
                try DecodeProblem.array(row, pp + ".src_pattern[\(i)]", "a [count, gap] pair").enumerated().map { j, v in
                    try DecodeProblem.int(v, pp + ".src_pattern[\(i)][\(j)]", "an integer")
                }
            }
            let mapper = try DecodeProblem.string(mapperValue, pp + ".mapper_morphology", "a morphology name")
            return .composite(seed: seed, pattern: pattern, mapper: mapper)
        default:
            throw DecodeProblem(.invalidValue, path + ".type",
                                "unknown morphology type \"\(type)\" (expected \"vectors\", \"patterns\", \"functions\" or \"composite\")")
        }
    }

    private static func elements(_ value: JSONValue, _ path: String) throws -> [PatternElement] {
        let what = "a pattern [x, y, z] of integers or \"*\", \"?\", \"!\""
        let items = try DecodeProblem.array(value, path, what)
        guard items.count == 3 else { throw DecodeProblem.invalid(path, expected: what, found: value) }
        return try items.enumerated().map { i, item in
            if let n = item.intValue, item.doubleValue != nil { return .index(n) }
            if let s = item.stringValue, let e = PatternElement(json: s) { return e }
            throw DecodeProblem.invalid(path + "[\(i)]", expected: "an integer or one of \"*\", \"?\", \"!\", \"?+\", \"?-\", \"?+N\", \"?-A:?+B\"", found: item)
        }
    }

    /// The FEAGI `neuron_morphologies` entry for a morphology (`class` is `"core"` for
    /// FEAGI's built-ins, else `"custom"`). Neuron-level morphologies have no FEAGI form; the
    /// exporter writes an approximation and keeps the exact one in the `spatium` block.
    static func definition(_ morphology: Morphology, core: Bool) -> JSONValue {
        func entry(_ type: String, _ parameters: [(String, JSONValue)]) -> JSONValue {
            .object(JSONObject([("parameters", .object(JSONObject(parameters))), ("type", .string(type)),
                                ("class", .string(core ? "core" : "custom"))]))
        }
        func triple(_ v: GridVector) -> JSONValue { .array([.integer(Int64(v.x)), .integer(Int64(v.y)), .integer(Int64(v.z))]) }
        func element(_ e: PatternElement) -> JSONValue {
            if case .index(let i) = e { return .integer(Int64(i)) }
            return .string(e.jsonText)
        }
        switch morphology {
        case .vectors(let vectors):
            return entry("vectors", [("vectors", .array(vectors.map(triple)))])
        case .patterns(let pairs):
            return entry("patterns", [("patterns", .array(pairs.map {
                .array([.array($0.source.map(element)), .array($0.destination.map(element))])
            }))])
        case .projector, .function, .oneToOne, .random:
            return entry("functions", [])
        case .composite(let seed, let pattern, let mapper):
            return entry("composite", [("src_seed", triple(seed)),
                                       ("src_pattern", .array(pattern.map { .array($0.map { .integer(Int64($0)) }) })),
                                       ("mapper_morphology", .string(mapper))])
        case .explicit:
            return entry("patterns", [("patterns", .array([]))])
        }
    }
}
