#if canImport(Glibc)
import Glibc
#endif
import CLua
import SpatiumRuntime

/// `spatium.activation` (the functions) and `spatium.activation_map{…}` (8×8 maps).
///
/// ```lua
/// print(spatium.activation.apply("gelu", 1.0), spatium.activation.derivative("tanh", 0))
/// local t = spatium.activation.apply("leaky_relu:0.1", spatium.tensor{-1, 2})   -- one crossing
/// local m = spatium.activation_map{layout = "random", seed = 7}
/// print(m)                       -- the 8×8 grid of short names
/// m:svg(spatium.output("map.svg"))
/// ```
enum ActivationLibrary: SpatiumLibrary {
    static func install(in lua: LuaState, module: Int32) {
        lua.newTable()
        for (name, function) in [("apply", apply), ("derivative", derivative), ("names", names)] as [(String, LuaCFunction)] {
            lua.push(function: function)
            lua.rawSet(at: -2, key: name)
        }
        lua.rawSet(at: module, key: "activation")

        LuaUserdata.register(ActivationMapObject.self, in: lua, methods: [
            ("select", select), ("activate", activate), ("derivative", mapDerivative), ("cell", cell), ("hits", hits), ("stats", stats),
            ("reset_hits", resetHits), ("svg", svg), ("layout", layoutName),
        ], metamethods: [("__tostring", describe)])
        lua.push(function: makeMap)
        lua.rawSet(at: module, key: "activation_map")
    }

    // MARK: Arguments

    /// An activation function from `"name"`, `"name:α"` or `{"name", α}` at `index`.
    static func function(_ lua: LuaState, at index: Int32) throws(LuaError) -> ActivationFunction {
        do {
            switch lua.type(at: index) {
            case .string:
                return try ActivationFunction(name: lua.toString(at: index)!)
            case .table:
                lua.rawGet(at: index, position: 1)
                let name = lua.toString(at: -1)
                lua.pop()
                lua.rawGet(at: index, position: 2)
                let parameter = lua.toNumber(at: -1).map { Float($0) }
                let hasParameter = !lua.type(at: -1).isAbsent
                lua.pop()
                guard let name else { throw LuaError.argument(index, "activation name expected as the first element of the table") }
                if hasParameter && parameter == nil { throw LuaError.argument(index, "activation parameter must be a number") }
                return try ActivationFunction(name: name, parameter: parameter)
            default:
                throw lua.expected("activation name", at: index)
            }
        } catch let error as ActivationFunctionError {
            throw LuaError.argument(index, error.description)
        } catch let error as LuaError {
            throw error
        } catch {
            throw LuaError.argument(index, "\(error)")
        }
    }

    /// A list of functions in the table field `key` of the options at `options.argument`.
    static func functions(_ options: LuaOptions, _ key: String) throws(LuaError) -> [ActivationFunction]? {
        try options.with(key) { (type) throws(LuaError) -> [ActivationFunction]? in
            if type.isAbsent { return nil }
            guard type == .table else { throw LuaError.argument(options.argument, "field '\(key)': table of activation names expected") }
            let list = options.lua.absolute(-1)
            var result: [ActivationFunction] = []
            let count = options.lua.rawLength(at: list)
            for i in 1...max(count, 1) where count > 0 {
                options.lua.rawGet(at: list, position: i)
                defer { options.lua.pop() }
                if options.lua.type(at: -1) == .table && options.lua.rawLength(at: -1) == 8 && key == "cells" {
                    // An 8×8 nested table: flatten row by row.
                    let row = options.lua.absolute(-1)
                    for j in 1...8 {
                        options.lua.rawGet(at: row, position: j)
                        defer { options.lua.pop() }
                        result.append(try fieldFunction(options, key, -1))
                    }
                } else {
                    result.append(try fieldFunction(options, key, -1))
                }
            }
            return result
        }
    }

    static func fieldFunction(_ options: LuaOptions, _ key: String, _ index: Int32) throws(LuaError) -> ActivationFunction {
        do { return try function(options.lua, at: options.lua.absolute(index)) } catch {
            if case .argument(_, let message) = error { throw LuaError.argument(options.argument, "field '\(key)': \(message)") }
            throw error
        }
    }

    static func requiredFunction(_ options: LuaOptions, _ key: String) throws(LuaError) -> ActivationFunction {
        try options.with(key) { (type) throws(LuaError) -> ActivationFunction in
            guard !type.isAbsent else { throw LuaError.argument(options.argument, "field '\(key)': activation name expected, got nil") }
            return try fieldFunction(options, key, -1)
        }
    }

    /// The layout described by an options table (`layout = "gradient"`, …).
    static func layout(_ options: LuaOptions, defaultSeed: UInt64) throws(LuaError) -> (ActivationLayout, UInt64) {
        let kind = try options.string("layout") ?? "uniform"
        let seed = try options.integer("seed").map { UInt64(bitPattern: $0) } ?? defaultSeed
        do {
            switch kind {
            case "uniform": return (.uniform(try requiredFunction(options, "fn")), seed)
            case "random": return (try .random(seed: seed, set: try functions(options, "set")), seed)
            case "gradient":
                return (.gradient(center: try requiredFunction(options, "center"), edge: try requiredFunction(options, "edge")), seed)
            case "radial":
                guard let rings = try functions(options, "rings") else {
                    throw LuaError.argument(options.argument, "field 'rings': table of activation names expected, got nil")
                }
                return (try .radial(rings), seed)
            case "checker": return (.checker(try requiredFunction(options, "a"), try requiredFunction(options, "b")), seed)
            case "stripes":
                let axis = try options.string("axis") ?? "rows"
                guard axis == "rows" || axis == "columns" else {
                    throw LuaError.argument(options.argument, "field 'axis': 'rows' or 'columns' expected, got '\(axis)'")
                }
                return (.stripes(try requiredFunction(options, "a"), try requiredFunction(options, "b"), axis: axis == "rows" ? .rows : .columns), seed)
            case "cells":
                guard let cells = try functions(options, "cells") else {
                    throw LuaError.argument(options.argument, "field 'cells': 8×8 or 64-long table of activation names expected, got nil")
                }
                return (try .cells(cells), seed)
            default:
                throw LuaError.argument(options.argument, "unknown layout '\(kind)' (expected uniform, random, gradient, radial, checker, stripes or cells)")
            }
        } catch let error as LuaError {
            throw error
        } catch {
            throw LuaError.argument(options.argument, "\(error)")
        }
    }

    static let layoutKeys = ["layout", "fn", "seed", "set", "center", "edge", "rings", "a", "b", "axis", "cells"]

    // MARK: spatium.activation

    /// `apply(name, x [, {precision = "q8.8"}])` for a number or a tensor (a new f32 tensor).
    static let apply: LuaCFunction = { L in LuaFunction.run(L) { lua in try evaluate(lua, derivative: false) } }
    static let derivative: LuaCFunction = { L in LuaFunction.run(L) { lua in try evaluate(lua, derivative: true) } }

    static func evaluate(_ lua: LuaState, derivative: Bool) throws -> Int32 {
        let f = try function(lua, at: 1)
        let options = try LuaOptions(lua, argument: 3, known: ["precision"], optional: true)
        if let precision = try options.string("precision"), precision != "f32" {
            return try PrecisionBridge.evaluate(lua, function: f, precision: precision, derivative: derivative, optionsArgument: 3)
        }
        if let tensor = LuaUserdata.test(Tensor.self, at: 2, in: lua) {
            let result = tensor.copy(as: .float32)
            let values = result.buffer(of: Float.self)
            if derivative { f.derivative(to: values) } else { f.apply(to: values) }
            TensorLibrary.push(result, in: lua)
        } else {
            let x = Float(try lua.checkNumber(2))
            lua.push(Double(derivative ? f.derivative(x) : f.apply(x)))
        }
        return 1
    }

    static let names: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            lua.newTable(arrayCount: Int32(ActivationFunction.allNames.count))
            for (i, name) in ActivationFunction.allNames.enumerated() {
                lua.push(name)
                lua.rawSet(at: -2, position: i + 1)
            }
            return 1
        }
    }

    // MARK: spatium.activation_map

    static let makeMap: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let options = try LuaOptions(lua, argument: 1, known: layoutKeys)
            let (layout, seed) = try layout(options, defaultSeed: LuaContext.of(lua).seed)
            LuaUserdata.push(ActivationMapObject(layout: layout, seed: seed), in: lua)
            return 1
        }
    }

    static func hash(_ lua: LuaState, _ index: Int32) throws(LuaError) -> UInt64 {
        UInt64(bitPattern: try lua.checkInteger(index))
    }

    static let select: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let object = try LuaUserdata.check(ActivationMapObject.self, at: 1, in: lua)
            let cell = object.map.select(try hash(lua, 2))
            object.hits.record(cell)
            lua.push(cell / 8)
            lua.push(cell % 8)
            lua.push(object.map.function(atCell: cell)?.name ?? "")
            return 3
        }
    }

    static let activate: LuaCFunction = { L in LuaFunction.run(L) { lua in try evaluateMap(lua, derivative: false) } }
    static let mapDerivative: LuaCFunction = { L in LuaFunction.run(L) { lua in try evaluateMap(lua, derivative: true) } }

    /// `m:activate(x, hash)` and `m:derivative(x, hash)`: a number and an integer hash, or a
    /// tensor of values and an integer tensor of as many hashes (bulk, one crossing; the
    /// result is a new f32 tensor). `activate` counts every selection in the map's hits.
    static func evaluateMap(_ lua: LuaState, derivative: Bool) throws -> Int32 {
        let object = try LuaUserdata.check(ActivationMapObject.self, at: 1, in: lua)
        guard let values = LuaUserdata.test(Tensor.self, at: 2, in: lua) else {
            let x = Float(try lua.checkNumber(2))
            let hash = try hash(lua, 3)
            lua.push(Double(derivative
                ? object.map.derivative(x, hash: hash)
                : object.map.activate(x, hash: hash, recordingInto: &object.hits)))
            return 1
        }
        guard let hashTensor = LuaUserdata.test(Tensor.self, at: 3, in: lua) else {
            throw LuaError.argument(3, "tensor of hashes expected with a tensor of values, got \(lua.typeName(at: 3))")
        }
        guard [.int64, .int32, .uint8].contains(hashTensor.dtype) else {
            throw LuaError.argument(3, "hashes must be an integer tensor (i64, i32 or u8), got \(hashTensor.dtype.rawValue)")
        }
        guard hashTensor.count == values.count else {
            throw LuaError.argument(3, "\(hashTensor.count) hashes for \(values.count) values (one hash per value expected)")
        }
        let result = values.copy(as: .float32)
        let hashCopy = hashTensor.copy(as: .int64)   // kept alive while its buffer is read
        try withExtendedLifetime(hashCopy) {
            try hashCopy.buffer(of: Int64.self).withMemoryRebound(to: UInt64.self) { hashBuffer in
                let buffer = result.buffer(of: Float.self)
                if derivative {
                    try object.map.derivative(buffer, hashes: UnsafeBufferPointer(hashBuffer))
                } else {
                    try object.map.activate(buffer, hashes: UnsafeBufferPointer(hashBuffer), hits: &object.hits)
                }
            }
        }
        TensorLibrary.push(result, in: lua)
        return 1
    }

    static let cell: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let object = try LuaUserdata.check(ActivationMapObject.self, at: 1, in: lua)
            let row = try lua.checkInt(2), column = try lua.checkInt(3)
            guard let f = object.map.function(atRow: row, column: column) else {
                throw LuaError.argument(2, "row and column must be 0…7, got (\(row), \(column))")
            }
            lua.push(f.name)
            return 1
        }
    }

    /// The hit counts as an 8×8 i64 tensor (rows first, 0-based rows map to t[row*8 + col + 1]).
    static func pushHits(_ hits: ActivationHitCounts, in lua: LuaState) {
        TensorLibrary.push(Tensor(values: hits.cells.map { Int64(bitPattern: $0) }, shape: [8, 8]), in: lua)
    }

    static let hits: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            pushHits(try LuaUserdata.check(ActivationMapObject.self, at: 1, in: lua).hits, in: lua)
            return 1
        }
    }

    static let resetHits: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            try LuaUserdata.check(ActivationMapObject.self, at: 1, in: lua).hits.reset()
            return 0
        }
    }

    /// Pushes a statistics table for `hits` over `map`.
    static func pushStatistics(_ hits: ActivationHitCounts, map: ActivationMap, in lua: LuaState) {
        let statistics = ActivationMapStatistics(hits: hits, map: map)
        lua.newTable()
        lua.push(Int64(bitPattern: statistics.totalHits)); lua.rawSet(at: -2, key: "total")
        lua.push(statistics.entropyBits); lua.rawSet(at: -2, key: "entropy_bits")
        lua.push(statistics.deadCells.count); lua.rawSet(at: -2, key: "dead_count")
        lua.newTable(arrayCount: Int32(statistics.deadCells.count))
        for (i, cell) in statistics.deadCells.enumerated() {
            lua.newTable(arrayCount: 2)
            lua.push(cell / 8); lua.rawSet(at: -2, position: 1)
            lua.push(cell % 8); lua.rawSet(at: -2, position: 2)
            lua.rawSet(at: -2, position: i + 1)
        }
        lua.rawSet(at: -2, key: "dead_cells")
        lua.newTable()
        for (name, share) in statistics.functionHitShare.sorted(by: { $0.key < $1.key }) { lua.push(share); lua.rawSet(at: -2, key: name) }
        lua.rawSet(at: -2, key: "function_share")
        lua.newTable()
        for (name, count) in statistics.functionCellCounts.sorted(by: { $0.key < $1.key }) { lua.push(count); lua.rawSet(at: -2, key: name) }
        lua.rawSet(at: -2, key: "function_cells")
        pushHits(hits, in: lua)
        lua.rawSet(at: -2, key: "cell_hits")
    }

    static let stats: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let object = try LuaUserdata.check(ActivationMapObject.self, at: 1, in: lua)
            pushStatistics(object.hits, map: object.map, in: lua)
            return 1
        }
    }

    /// Writes `svg` text to `path` (sandbox-checked, written atomically, recorded for the manifest).
    static func writeText(_ text: String, to path: String, in lua: LuaState) throws(LuaError) {
        let context = LuaContext.of(lua)
        let checked = try context.checkWritable(path)
        do { try AtomicFile.write(path: checked, string: text) } catch { throw LuaError.runtime("\(error)") }
        context.recordWritten(checked)
    }

    static let svg: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let object = try LuaUserdata.check(ActivationMapObject.self, at: 1, in: lua)
            let path = try lua.checkString(2)
            try writeText(object.map.svg(hits: object.hits.total > 0 ? object.hits : nil, title: object.layout.description), to: path, in: lua)
            lua.push(path)
            return 1
        }
    }

    static let layoutName: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            lua.push(try LuaUserdata.check(ActivationMapObject.self, at: 1, in: lua).layout.description)
            return 1
        }
    }

    static let describe: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            lua.push(try LuaUserdata.check(ActivationMapObject.self, at: 1, in: lua).map.textGrid)
            return 1
        }
    }
}
