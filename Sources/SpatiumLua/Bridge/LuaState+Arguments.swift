import CLua

/// Argument checks with Lua's own messages, thrown as ``LuaError/argument(_:_:)``.
extension LuaState {
    /// The error `<what> expected, got <type>` for argument `index`.
    public func expected(_ what: String, at index: Int32) -> LuaError {
        .argument(index, "\(what) expected, got \(typeName(at: index).replacingNil(type(at: index)))")
    }

    /// A number argument (numeric strings are accepted, as Lua does).
    public func checkNumber(_ index: Int32) throws(LuaError) -> Double {
        guard let value = toNumber(at: index) else { throw expected("number", at: index) }
        return value
    }

    /// An optional number argument.
    public func optionalNumber(_ index: Int32) throws(LuaError) -> Double? {
        type(at: index).isAbsent ? nil : try checkNumber(index)
    }

    /// An integer argument: floats with an exact integer value are accepted.
    public func checkInteger(_ index: Int32) throws(LuaError) -> Int64 {
        if let value = toInteger(at: index) { return value }
        if toNumber(at: index) != nil { throw .argument(index, "number has no integer representation") }
        throw expected("number", at: index)
    }

    /// An integer argument converted to `Int`.
    public func checkInt(_ index: Int32) throws(LuaError) -> Int { Int(try checkInteger(index)) }

    /// An optional integer argument.
    public func optionalInteger(_ index: Int32) throws(LuaError) -> Int64? {
        type(at: index).isAbsent ? nil : try checkInteger(index)
    }

    /// A string argument (numbers are accepted and converted, as Lua does).
    public func checkString(_ index: Int32) throws(LuaError) -> String {
        switch type(at: index) {
        case .string: return toString(at: index)!
        case .number:
            return isInteger(at: index) ? String(toInteger(at: index)!) : String(toNumber(at: index)!)
        default: throw expected("string", at: index)
        }
    }

    /// An optional string argument.
    public func optionalString(_ index: Int32) throws(LuaError) -> String? {
        type(at: index).isAbsent ? nil : try checkString(index)
    }

    /// A table argument.
    public func checkTable(_ index: Int32) throws(LuaError) {
        guard type(at: index) == .table else { throw expected("table", at: index) }
    }

    /// A function argument.
    public func checkFunction(_ index: Int32) throws(LuaError) {
        guard type(at: index) == .function else { throw expected("function", at: index) }
    }

    /// One of `options` (`invalid option 'x'`, listing the valid ones).
    public func checkOption(_ index: Int32, _ options: [String], default fallback: String? = nil) throws(LuaError) -> String {
        if let fallback, type(at: index).isAbsent { return fallback }
        let value = try checkString(index)
        guard options.contains(value) else {
            throw .argument(index, "invalid option '\(value)' (expected one of: \(options.joined(separator: ", ")))")
        }
        return value
    }
}

extension LuaType {
    /// `nil` or no value.
    public var isAbsent: Bool { self == .nil || self == .none }
}

extension String {
    func replacingNil(_ type: LuaType) -> String { type == .none ? "no value" : self }
}
