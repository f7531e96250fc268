import CLua
import SpatiumRuntime

extension Tensor: LuaObject {
    public static let luaTypeName: StaticString = "spatium.tensor"
}

/// `spatium.tensor`: userdata over contiguous Swift memory, the one way bulk data crosses.
///
/// ```lua
/// local t = spatium.tensor.from{{1, 2}, {3, 4}}     -- i64 {2, 2}
/// print(t:sum(), #t, t[4], t.shape[1], t.dtype)      -- 10  4  4  2  i64
/// local u = (t * 0.5):reshape(4)                     -- f64 {4}
/// ```
/// Indexing is 1-based over the flat elements (`t[i]`, `t[i] = v`); rows are `t:slice(i, j)`.
public enum TensorLibrary: SpatiumLibrary {
    public static func install(in lua: LuaState, module: Int32) {
        LuaUserdata.register(Tensor.self, in: lua, methods: [
            ("sum", sum), ("mean", mean), ("min", minimum), ("max", maximum), ("argmax", argmax),
            ("histogram", histogram), ("slice", slice), ("reshape", reshape), ("to_table", toTable),
            ("copy", copy), ("fill", fill),
        ], metamethods: [
            ("__len", length), ("__tostring", describe), ("__newindex", assign), ("__eq", equal),
            ("__add", add), ("__sub", subtract), ("__mul", multiply),
            ("__div", divide), ("__pow", power), ("__unm", negate),
        ], index: index)

        lua.newTable()
        lua.push(function: from)
        lua.rawSet(at: -2, key: "from")
        lua.push(function: zeros)
        lua.rawSet(at: -2, key: "zeros")
        lua.newTable()
        lua.push(function: call)
        lua.rawSet(at: -2, key: "__call")
        lua_setmetatable(lua.pointer, -2)
        lua.rawSet(at: module, key: "tensor")
    }

    /// Pushes `tensor` as a Lua value.
    public static func push(_ tensor: Tensor, in lua: LuaState) { LuaUserdata.push(tensor, in: lua) }

    /// The tensor at `index`, or an argument error.
    public static func check(_ lua: LuaState, _ index: Int32) throws(LuaError) -> Tensor {
        try LuaUserdata.check(Tensor.self, at: index, in: lua)
    }

    static func pushElement(_ tensor: Tensor, _ position: Int, in lua: LuaState) {
        if tensor.dtype.isInteger { lua.push(tensor.int64(at: position)) } else { lua.push(tensor.double(at: position)) }
    }

    /// A shape argument: a positive integer or a table of them.
    static func shapeArgument(_ lua: LuaState, _ index: Int32) throws(LuaError) -> [Int] {
        if lua.type(at: index) == .number { return [try lua.checkInt(index)] }
        guard lua.type(at: index) == .table else { throw lua.expected("shape (integer or table)", at: index) }
        var shape: [Int] = []
        for i in 1...max(lua.rawLength(at: index), 1) where lua.rawLength(at: index) > 0 {
            lua.rawGet(at: index, position: i)
            defer { lua.pop() }
            guard let dimension = lua.toInteger(at: -1), lua.type(at: -1) == .number else {
                throw LuaError.argument(index, "shape element \(i) is not an integer")
            }
            shape.append(Int(dimension))
        }
        return shape
    }

    static func dtypeArgument(_ lua: LuaState, _ index: Int32) throws(LuaError) -> TensorDType? {
        guard let name = try lua.optionalString(index) else { return nil }
        do { return try TensorDType(name: name) } catch { throw LuaError.argument(index, error.description) }
    }

    // MARK: Constructors

    static let zeros: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let shape = try shapeArgument(lua, 1)
            let dtype = try dtypeArgument(lua, 2) ?? .float64
            do { push(try Tensor.zeros(shape: shape, dtype: dtype), in: lua) } catch { throw LuaError.argument(1, "\(error)") }
            return 1
        }
    }

    static let call: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            spatium_remove(lua.pointer, 1) // the `spatium.tensor` table itself
            return try fromBody(lua)
        }
    }

    static let from: LuaCFunction = { L in LuaFunction.run(L) { lua in try fromBody(lua) } }

    /// `spatium.tensor.from(table [, dtype])`: nested tables give the shape; all-integer data
    /// defaults to i64, anything else to f64.
    static func fromBody(_ lua: LuaState) throws -> Int32 {
        try lua.checkTable(1)
        var shape: [Int] = []
        var values: [Double] = []
        var integers: [Int64] = []
        var allIntegers = true
        var leafDepth: Int? = nil
        func walk(_ index: Int32, depth: Int, path: String) throws {
            let length = lua.rawLength(at: index)
            if depth == shape.count { shape.append(length) }
            else if shape[depth] != length {
                throw LuaError.argument(1, "ragged nested table: \(path) has \(length) elements, expected \(shape[depth])")
            }
            for i in 1...max(length, 1) where length > 0 {
                lua.rawGet(at: index, position: i)
                defer { lua.pop() }
                let element = "\(path)[\(i)]"
                switch lua.type(at: -1) {
                case .number:
                    if leafDepth == nil { leafDepth = depth }
                    guard leafDepth == depth else { throw LuaError.argument(1, "ragged nested table: \(element) is a number, expected a table") }
                    if lua.isInteger(at: -1) { integers.append(lua.toInteger(at: -1)!) } else { allIntegers = false }
                    values.append(lua.toNumber(at: -1)!)
                case .table:
                    if let leafDepth, depth >= leafDepth { throw LuaError.argument(1, "ragged nested table: \(element) is a table, expected a number") }
                    try walk(lua.absolute(-1), depth: depth + 1, path: element)
                default:
                    throw LuaError.argument(1, "\(element) is a \(lua.typeName(at: -1)), expected a number or a table")
                }
            }
        }
        try walk(1, depth: 0, path: "t")
        let expected = shape.reduce(1, *)
        guard expected == values.count else { throw LuaError.argument(1, "ragged nested table (\(values.count) numbers for shape \(Tensor.describe(shape: shape)))") }
        let dtype = try dtypeArgument(lua, 2) ?? (allIntegers ? .int64 : .float64)
        let tensor = try Tensor.from(doubles: values, dtype: dtype, shape: shape)
        if dtype.isInteger && allIntegers {
            for (i, value) in integers.enumerated() { tensor.set(integer: value, at: i) }
        }
        push(tensor, in: lua)
        return 1
    }

    // MARK: Elements

    static let index: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let tensor = try check(lua, 1)
            if lua.type(at: 2) == .number {
                guard let position = lua.toInteger(at: 2) else { throw LuaError.runtime("tensor index must be an integer") }
                guard position >= 1, position <= tensor.count else {
                    throw LuaError.runtime(TensorError.indexOutOfRange(index: Int(position), count: tensor.count).description)
                }
                pushElement(tensor, Int(position) - 1, in: lua)
                return 1
            }
            if let key = lua.toString(at: 2) {
                switch key {
                case "shape":
                    lua.newTable(arrayCount: Int32(tensor.shape.count))
                    for (i, dimension) in tensor.shape.enumerated() { lua.push(dimension); lua.rawSet(at: -2, position: i + 1) }
                    return 1
                case "dtype": lua.push(tensor.dtype.name); return 1
                default: break
                }
            }
            lua.pushNil()
            return 1
        }
    }

    static let assign: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let tensor = try check(lua, 1)
            guard let position = lua.toInteger(at: 2), lua.type(at: 2) == .number else {
                throw LuaError.runtime("tensor index must be an integer, got \(lua.typeName(at: 2))")
            }
            guard position >= 1, position <= tensor.count else {
                throw LuaError.runtime(TensorError.indexOutOfRange(index: Int(position), count: tensor.count).description)
            }
            guard lua.type(at: 3) == .number else { throw LuaError.runtime("tensor element must be a number, got \(lua.typeName(at: 3))") }
            if tensor.dtype.isInteger {
                guard let value = lua.toInteger(at: 3) else { throw LuaError.runtime("number has no integer representation (tensor is \(tensor.dtype.name))") }
                tensor.set(integer: value, at: Int(position) - 1)
            } else {
                tensor.set(lua.toNumber(at: 3)!, at: Int(position) - 1)
            }
            return 0
        }
    }

    static let length: LuaCFunction = { L in
        LuaFunction.run(L) { lua in lua.push(try check(lua, 1).count); return 1 }
    }

    static let describe: LuaCFunction = { L in
        LuaFunction.run(L) { lua in lua.push(try check(lua, 1).description); return 1 }
    }

    static let equal: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let a = try check(lua, 1), b = try check(lua, 2)
            var same = a.dtype == b.dtype && a.shape == b.shape
            if same {
                for i in 0..<a.count where a.double(at: i) != b.double(at: i) || a.int64(at: i) != b.int64(at: i) {
                    same = false
                    break
                }
            }
            lua.push(same)
            return 1
        }
    }

    // MARK: Reductions

    static let sum: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let tensor = try check(lua, 1)
            if tensor.dtype.isInteger {
                var total: Int64 = 0
                for i in 0..<tensor.count { total &+= tensor.int64(at: i) }
                lua.push(total)
            } else {
                lua.push(tensor.sum())
            }
            return 1
        }
    }

    static let mean: LuaCFunction = { L in
        LuaFunction.run(L) { lua in lua.push(try check(lua, 1).mean()); return 1 }
    }

    static let minimum: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let tensor = try check(lua, 1)
            let value = try tensor.min()
            if tensor.dtype.isInteger { lua.push(Int64(value)) } else { lua.push(value) }
            return 1
        }
    }

    static let maximum: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let tensor = try check(lua, 1)
            let position = try tensor.argmax()
            pushElement(tensor, position, in: lua)
            return 1
        }
    }

    static let argmax: LuaCFunction = { L in
        LuaFunction.run(L) { lua in lua.push(try check(lua, 1).argmax() + 1); return 1 }
    }

    static let histogram: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let tensor = try check(lua, 1)
            let bins = try lua.optionalInteger(2) ?? 10
            let lower = try lua.optionalNumber(3), upper = try lua.optionalNumber(4)
            guard bins >= 1, bins <= 100_000_000 else { throw LuaError.argument(2, "bin count must be between 1 and 100000000") }
            let result = try tensor.histogram(bins: Int(bins), lower: lower, upper: upper)
            push(result.counts, in: lua)
            push(result.edges, in: lua)
            return 2
        }
    }

    // MARK: Views and copies

    static let slice: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let tensor = try check(lua, 1)
            let from = try lua.checkInt(2)
            let to = try lua.optionalInteger(3).map(Int.init) ?? from
            do { push(try tensor.slice(from: from, to: to), in: lua) } catch { throw LuaError.argument(2, "\(error)") }
            return 1
        }
    }

    static let reshape: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let tensor = try check(lua, 1)
            var shape: [Int] = []
            if lua.type(at: 2) == .table { shape = try shapeArgument(lua, 2) }
            else { for i in 2...max(lua.top, 2) { shape.append(try lua.checkInt(Int32(i))) } }
            do { push(try tensor.reshaped(shape), in: lua) } catch { throw LuaError.argument(2, "\(error)") }
            return 1
        }
    }

    static let copy: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let tensor = try check(lua, 1)
            push(tensor.copy(as: try dtypeArgument(lua, 2)), in: lua)
            return 1
        }
    }

    static let fill: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let tensor = try check(lua, 1)
            if tensor.dtype.isInteger, let value = lua.toInteger(at: 2) {
                for i in 0..<tensor.count { tensor.set(integer: value, at: i) }
            } else {
                tensor.fill(try lua.checkNumber(2))
            }
            lua.pushValue(at: 1)
            return 1
        }
    }

    static let toTable: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let tensor = try check(lua, 1)
            var position = 0
            func build(_ depth: Int) {
                let dimensions = tensor.shape.isEmpty ? [tensor.count] : tensor.shape
                let length = dimensions[depth]
                lua.newTable(arrayCount: Int32(length))
                for i in 1...max(length, 1) where length > 0 {
                    if depth == dimensions.count - 1 {
                        pushElement(tensor, position, in: lua)
                        position += 1
                    } else {
                        build(depth + 1)
                    }
                    lua.rawSet(at: -2, position: i)
                }
            }
            build(0)
            return 1
        }
    }

    // MARK: Arithmetic

    static let add: LuaCFunction = { L in LuaFunction.run(L) { lua in try TensorLibrary.binary(lua, .add) } }
    static let subtract: LuaCFunction = { L in LuaFunction.run(L) { lua in try TensorLibrary.binary(lua, .subtract) } }
    static let multiply: LuaCFunction = { L in LuaFunction.run(L) { lua in try TensorLibrary.binary(lua, .multiply) } }
    static let divide: LuaCFunction = { L in LuaFunction.run(L) { lua in try TensorLibrary.binary(lua, .divide) } }
    static let power: LuaCFunction = { L in LuaFunction.run(L) { lua in try TensorLibrary.binary(lua, .power) } }

    static func binary(_ lua: LuaState, _ operation: TensorOperation) throws -> Int32 {
        let left = LuaUserdata.test(Tensor.self, at: 1, in: lua)
        let right = LuaUserdata.test(Tensor.self, at: 2, in: lua)
        let result: Tensor
        if let left, let right {
            do { result = try left.applying(operation, right) }
            catch { throw LuaError.runtime("tensor \(operation.symbol) tensor: \(error.description)") }
        } else if let left {
            guard let scalar = lua.toNumber(at: 2), lua.type(at: 2) == .number else {
                throw LuaError.runtime("attempt to perform arithmetic on a tensor and a \(lua.typeName(at: 2)) value")
            }
            result = left.applying(operation, scalar: scalar, scalarIsInteger: lua.isInteger(at: 2))
        } else if let right {
            guard let scalar = lua.toNumber(at: 1), lua.type(at: 1) == .number else {
                throw LuaError.runtime("attempt to perform arithmetic on a \(lua.typeName(at: 1)) value and a tensor")
            }
            result = right.applying(operation, scalar: scalar, scalarIsInteger: lua.isInteger(at: 1), scalarOnLeft: true)
        } else {
            throw LuaError.runtime("tensor arithmetic without a tensor")
        }
        push(result, in: lua)
        return 1
    }

    static let negate: LuaCFunction = { L in
        LuaFunction.run(L) { lua in push(try check(lua, 1).negated(), in: lua); return 1 }
    }
}
