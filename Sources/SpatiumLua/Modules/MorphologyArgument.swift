import CLua
import SpatiumRuntime

/// The `morphology` of `b:connect`: a name or a table.
///
/// ```lua
/// b:connect(a, b2, {morphology = "projector"})
/// b:connect(a, b2, {morphology = "lateral_+x"})
/// b:connect(a, b2, {morphology = {vectors = {{1, 0, 0}, {-1, 0, 0}}}})
/// b:connect(a, b2, {morphology = {patterns = {{{"?", "?", 0}, {"*", "?", "?"}}}}})
/// b:connect(a, b2, {morphology = {random = {k = 16, seed = 3}}})   -- seed default: the brain's
/// b:connect(a, b2, {morphology = {pairs = {{0, 5}, {1, 6}}}})       -- local indices from 0
/// ```
enum MorphologyArgument {
    /// Every name `connect` accepts, in the order error messages list them.
    static let named: [(name: String, morphology: Morphology)] = [
        ("projector", .projector), ("all_to_all", .allToAll), ("block_to_block", .blockToBlock),
        ("one_to_one", .oneToOne),
        ("lateral_+x", .lateral(x: 1)), ("lateral_-x", .lateral(x: -1)),
        ("lateral_+y", .lateral(y: 1)), ("lateral_-y", .lateral(y: -1)),
        ("lateral_+z", .lateral(z: 1)), ("lateral_-z", .lateral(z: -1)),
        ("0-0-0_to_all", FEAGICoreMorphologies.builtin(named: "0-0-0_to_all")!),
        ("all_to_0-0-0", FEAGICoreMorphologies.builtin(named: "all_to_0-0-0")!),
    ]

    static let tableKeys = ["vectors", "patterns", "random", "pairs"]

    /// The morphology named `name`, or an error listing the valid names.
    static func morphology(named name: String, argument: Int32, prefix: String) throws(LuaError) -> Morphology {
        guard let found = named.first(where: { $0.name == name }) else {
            throw LuaError.argument(argument, "\(prefix)unknown morphology '\(name)' (valid: \(named.map(\.name).joined(separator: ", ")), or a table with one of: \(tableKeys.joined(separator: ", ")))")
        }
        return found.morphology
    }

    /// Reads the morphology at stack `index`; errors name argument `argument` and `field`
    /// (`field 'morphology': …`) when given. Returns the morphology and its name (for names).
    static func read(_ lua: LuaState, at index: Int32, argument: Int32, field: String?,
                     defaultSeed: UInt64) throws(LuaError) -> (Morphology, String?) {
        let prefix = field.map { "field '\($0)': " } ?? ""
        let table = lua.absolute(index)
        switch lua.type(at: table) {
        case .string:
            let name = lua.toString(at: table)!
            return (try morphology(named: name, argument: argument, prefix: prefix), name)
        case .table:
            break
        default:
            throw LuaError.argument(argument, "\(prefix)morphology expected (a name such as 'projector' or a table with one of: \(tableKeys.joined(separator: ", "))), got \(lua.typeName(at: table).replacingNil(lua.type(at: table)))")
        }
        let keys = lua.stringKeys(in: table).sorted()
        let unknown = keys.filter { !tableKeys.contains($0) }
        guard unknown.isEmpty, keys.count == 1, let key = keys.first else {
            let problem = unknown.first.map { "unknown key '\($0)'" } ?? (keys.isEmpty ? "empty table" : "several kinds (\(keys.joined(separator: ", ")))")
            throw LuaError.argument(argument, "\(prefix)\(problem): a morphology table has exactly one of: \(tableKeys.joined(separator: ", "))")
        }
        let fail = { (message: String) in LuaError.argument(argument, "\(prefix)\(key)\(message)") }
        lua.rawGet(at: table, key: key)
        defer { lua.pop() }
        let value = lua.absolute(-1)
        switch key {
        case "vectors":
            let rows = try list(lua, value, fail)
            var vectors: [GridVector] = []
            for row in 1...max(rows, 1) where rows > 0 {
                lua.rawGet(at: value, position: row)
                defer { lua.pop() }
                let v = try integers(lua, -1, count: 3, fail, "[\(row)]", "{x, y, z}")
                vectors.append(GridVector(v[0], v[1], v[2]))
            }
            return (.vectors(vectors), nil)
        case "patterns":
            let rows = try list(lua, value, fail)
            var patterns: [MorphologyPattern] = []
            for row in 1...max(rows, 1) where rows > 0 {
                lua.rawGet(at: value, position: row)
                defer { lua.pop() }
                let pair = lua.absolute(-1)
                guard lua.type(at: pair) == .table, lua.rawLength(at: pair) == 2 else {
                    throw fail("[\(row)]: expected a pair {source pattern, destination pattern}, got \(describe(lua, pair))")
                }
                var sides: [[PatternElement]] = []
                for side in 1...2 {
                    lua.rawGet(at: pair, position: side)
                    defer { lua.pop() }
                    sides.append(try elements(lua, -1, fail, "[\(row)][\(side)]"))
                }
                patterns.append(MorphologyPattern(source: sides[0], destination: sides[1]))
            }
            return (.patterns(patterns), nil)
        case "random":
            guard lua.type(at: value) == .table else { throw fail(": table {k =, seed =} expected, got \(lua.typeName(at: value))") }
            let options: LuaOptions
            let k: Int64?
            let seed: Int64?
            do throws(LuaError) {
                options = try LuaOptions(lua, argument: value, known: ["k", "seed"])
                k = try options.integer("k")
                seed = try options.integer("seed")
            } catch {
                guard case .argument(_, let message) = error else { throw error }
                throw fail(": " + message)
            }
            guard let k else { throw fail(": field 'k' (sources per destination neuron) is required") }
            guard k >= 0 else { throw fail(": k must be >= 0, got \(k)") }
            return (.random(k: Int(k), seed: seed.map { UInt64(bitPattern: $0) } ?? defaultSeed), nil)
        default: // pairs
            let rows = try list(lua, value, fail)
            var pairs: [NeuronPair] = []
            pairs.reserveCapacity(rows)
            for row in 1...max(rows, 1) where rows > 0 {
                lua.rawGet(at: value, position: row)
                defer { lua.pop() }
                let p = try integers(lua, -1, count: 2, fail, "[\(row)]", "{source, destination} local indices")
                pairs.append(NeuronPair(source: p[0], destination: p[1]))
            }
            return (.explicit(pairs: pairs), nil)
        }
    }

    /// The length of the list at `index` (must be a table).
    static func list(_ lua: LuaState, _ index: Int32, _ fail: (String) -> LuaError) throws(LuaError) -> Int {
        guard lua.type(at: index) == .table else { throw fail(": list expected, got \(lua.typeName(at: index))") }
        return lua.rawLength(at: index)
    }

    static func describe(_ lua: LuaState, _ index: Int32) -> String {
        lua.type(at: index) == .table ? "a table of \(lua.rawLength(at: index))" : lua.typeName(at: index)
    }

    /// Exactly `count` integers.
    static func integers(_ lua: LuaState, _ index: Int32, count: Int, _ fail: (String) -> LuaError,
                         _ path: String, _ what: String) throws(LuaError) -> [Int] {
        let table = lua.absolute(index)
        guard lua.type(at: table) == .table, lua.rawLength(at: table) == count else {
            throw fail("\(path): expected \(what), got \(describe(lua, table))")
        }
        var values: [Int] = []
        for i in 1...count {
            lua.rawGet(at: table, position: i)
            defer { lua.pop() }
            guard lua.type(at: -1) == .number, let v = lua.toInteger(at: -1) else {
                throw fail("\(path)[\(i)]: integer expected, got \(lua.type(at: -1) == .number ? "a non-integer number" : lua.typeName(at: -1))")
            }
            values.append(Int(v))
        }
        return values
    }

    /// Three pattern elements: integers, or FEAGI's strings (`*`, `?`, `!`, `?+`, `?-`, `?+=`,
    /// `?-=`, `?+n`, `?-n`, `?-a:?+b`).
    static func elements(_ lua: LuaState, _ index: Int32, _ fail: (String) -> LuaError, _ path: String) throws(LuaError) -> [PatternElement] {
        let table = lua.absolute(index)
        guard lua.type(at: table) == .table, lua.rawLength(at: table) == 3 else {
            throw fail("\(path): expected 3 pattern elements {x, y, z}, got \(describe(lua, table))")
        }
        var out: [PatternElement] = []
        for i in 1...3 {
            lua.rawGet(at: table, position: i)
            defer { lua.pop() }
            if lua.type(at: -1) == .number, let v = lua.toInteger(at: -1) {
                out.append(.index(Int(v)))
            } else if let text = lua.toString(at: -1), let element = PatternElement(json: text) {
                out.append(element)
            } else {
                let shown = lua.toString(at: -1).map { "'\($0)'" } ?? lua.typeName(at: -1)
                throw fail("\(path)[\(i)]: invalid pattern element \(shown) (expected an integer or one of *, ?, !, ?+, ?-, ?+=, ?-=, ?+n, ?-n, ?-a:?+b)")
            }
        }
        return out
    }
}
