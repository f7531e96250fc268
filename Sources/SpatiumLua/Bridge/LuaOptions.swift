import CLua

/// Reads an options table argument (`f{name = "v1", size = {4, 4, 1}}`) with raw access and
/// argument errors that name the field.
///
/// ```swift
/// let options = try LuaOptions(lua, argument: 1, known: ["name", "size"])
/// let name = try options.string("name") ?? "area"
/// // bad argument #1 to 'area' (field 'name': string expected, got number)
/// ```
public struct LuaOptions {
    public let lua: LuaState
    /// The argument position of the table (absolute stack index).
    public let argument: Int32

    /// Checks that argument `argument` is a table (or absent, when `optional`) and, when `known`
    /// is given, that it has no other string keys (a misspelt option is an error, not ignored).
    public init(_ lua: LuaState, argument: Int32, known: [String]? = nil, optional: Bool = false) throws(LuaError) {
        self.lua = lua
        self.argument = lua.absolute(argument)
        if optional && lua.type(at: argument).isAbsent {
            if lua.top < self.argument { lua.top = self.argument } // grow the frame to hold it
            lua.newTable()
            lua.pointer.replaceValue(at: self.argument)
        }
        try lua.checkTable(self.argument)
        if let known {
            let unknown = lua.stringKeys(in: self.argument).filter { !known.contains($0) }.sorted()
            if let first = unknown.first {
                throw .argument(argument, "unknown option '\(first)' (valid: \(known.sorted().joined(separator: ", ")))")
            }
        }
    }

    func fieldError(_ key: String, _ expectation: String) -> LuaError {
        .argument(argument, "field '\(key)': \(expectation) expected, got \(lua.typeName(at: -1))")
    }

    /// Runs `body` with `t[key]` pushed at the top of the stack; pops it afterwards.
    public func with<R>(_ key: String, _ body: (LuaType) throws(LuaError) -> R) throws(LuaError) -> R {
        let type = lua.rawGet(at: argument, key: key)
        defer { lua.pop() }
        return try body(type)
    }

    /// Whether `t[key]` is present (not nil).
    public func has(_ key: String) -> Bool {
        let type = lua.rawGet(at: argument, key: key)
        lua.pop()
        return !type.isAbsent
    }

    /// `t[key]` as a number, nil when absent.
    public func number(_ key: String) throws(LuaError) -> Double? {
        try with(key) { (type) throws(LuaError) -> Double? in
            if type.isAbsent { return nil }
            guard type == .number, let value = lua.toNumber(at: -1) else { throw fieldError(key, "number") }
            return value
        }
    }

    /// `t[key]` as an integer, nil when absent.
    public func integer(_ key: String) throws(LuaError) -> Int64? {
        try with(key) { (type) throws(LuaError) -> Int64? in
            if type.isAbsent { return nil }
            guard type == .number else { throw fieldError(key, "number") }
            guard let value = lua.toInteger(at: -1) else {
                throw .argument(argument, "field '\(key)': number has no integer representation")
            }
            return value
        }
    }

    /// `t[key]` as a string, nil when absent.
    public func string(_ key: String) throws(LuaError) -> String? {
        try with(key) { (type) throws(LuaError) -> String? in
            if type.isAbsent { return nil }
            guard type == .string, let value = lua.toString(at: -1) else { throw fieldError(key, "string") }
            return value
        }
    }

    /// `t[key]` as a boolean, nil when absent.
    public func boolean(_ key: String) throws(LuaError) -> Bool? {
        try with(key) { (type) throws(LuaError) -> Bool? in
            if type.isAbsent { return nil }
            guard type == .boolean else { throw fieldError(key, "boolean") }
            return lua.toBoolean(at: -1)
        }
    }

    /// `t[key]` as a list of numbers (a Lua sequence), nil when absent.
    public func numbers(_ key: String) throws(LuaError) -> [Double]? {
        try with(key) { (type) throws(LuaError) -> [Double]? in
            if type.isAbsent { return nil }
            guard type == .table else { throw fieldError(key, "table") }
            var values: [Double] = []
            let count = lua.rawLength(at: -1)
            for i in 1...max(count, 1) where count > 0 {
                lua.rawGet(at: -1, position: i)
                defer { lua.pop() }
                guard let value = lua.toNumber(at: -1), lua.type(at: -1) == .number else {
                    throw .argument(argument, "field '\(key)': element \(i) is not a number (got \(lua.typeName(at: -1)))")
                }
                values.append(value)
            }
            return values
        }
    }
}

extension OpaquePointer {
    /// `lua_replace`: moves the top value to `index`.
    func replaceValue(at index: Int32) { spatium_replace(self, index) }
}
