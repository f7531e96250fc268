import CLua

/// A non-owning, typed view of a `lua_State` for Swift code running inside a Lua call.
///
/// Every method here uses only Lua API calls that cannot raise (no metamethods, no `luaL_check*`),
/// so no Lua error ever unwinds a Swift frame. Argument checks throw ``LuaError`` instead.
///
/// ```swift
/// let n = try lua.checkNumber(1)       // bad argument #1 to 'f' (number expected, got nil)
/// lua.push(n * 2)
/// return 1
/// ```
public struct LuaState {
    /// The raw state.
    public let pointer: OpaquePointer

    /// Wraps a raw state.
    @inlinable public init(_ pointer: OpaquePointer) { self.pointer = pointer }

    /// Index of the top of the stack (= number of values in the current frame).
    @inlinable public var top: Int32 {
        get { lua_gettop(pointer) }
        nonmutating set { lua_settop(pointer, newValue) }
    }

    /// The type of the value at `index`.
    @inlinable public func type(at index: Int32) -> LuaType {
        LuaType(rawValue: lua_type(pointer, index)) ?? .none
    }

    /// The type name Lua would print for the value (honours `__name` of userdata).
    public func typeName(at index: Int32) -> String {
        if type(at: index) == .userdata, lua_getmetatable(pointer, index) != 0 {
            defer { spatium_pop(pointer, 1) }
            lua_pushstring(pointer, "__name")
            if lua_rawget(pointer, -2) == LUA_TSTRING, let name = spatium_tostring(pointer, -1) {
                defer { spatium_pop(pointer, 1) }
                return String(cString: name)
            }
            spatium_pop(pointer, 1)
        }
        return type(at: index).name
    }

    /// Converts a relative index into an absolute one.
    @inlinable public func absolute(_ index: Int32) -> Int32 { lua_absindex(pointer, index) }

    // MARK: Push

    @inlinable public func push(_ value: Double) { lua_pushnumber(pointer, value) }
    @inlinable public func push(_ value: Int64) { lua_pushinteger(pointer, value) }
    @inlinable public func push(_ value: Int) { lua_pushinteger(pointer, lua_Integer(value)) }
    @inlinable public func push(_ value: Bool) { lua_pushboolean(pointer, value ? 1 : 0) }
    @inlinable public func pushNil() { lua_pushnil(pointer) }
    public func push(_ value: String) {
        var value = value
        value.withUTF8 { bytes in
            _ = bytes.withMemoryRebound(to: CChar.self) { lua_pushlstring(pointer, $0.baseAddress, $0.count) }
        }
    }
    /// Pushes a compile-time string without allocating a Swift `String`.
    @inlinable public func push(static value: StaticString) {
        lua_pushlstring(pointer, UnsafeRawPointer(value.utf8Start).assumingMemoryBound(to: CChar.self), value.utf8CodeUnitCount)
    }
    @inlinable public func pushValue(at index: Int32) { lua_pushvalue(pointer, index) }
    @inlinable public func pop(_ count: Int32 = 1) { spatium_pop(pointer, count) }
    @inlinable public func newTable(arrayCount: Int32 = 0, recordCount: Int32 = 0) {
        lua_createtable(pointer, arrayCount, recordCount)
    }

    /// Pushes a Swift function (called through the C trampoline, see ``LuaFunction``).
    @inlinable public func push(function: LuaCFunction, upvalues: Int32 = 0) {
        spatium_pushswiftfunction(pointer, function, upvalues)
    }

    // MARK: Read (no conversion side effects)

    /// The number at `index`, or nil if it is not a number or a numeric string.
    @inlinable public func toNumber(at index: Int32) -> Double? {
        var ok: Int32 = 0
        let value = lua_tonumberx(pointer, index, &ok)
        return ok != 0 ? value : nil
    }

    /// The integer at `index` if it is a number with an exact integer value.
    @inlinable public func toInteger(at index: Int32) -> Int64? {
        var ok: Int32 = 0
        let value = lua_tointegerx(pointer, index, &ok)
        return ok != 0 ? value : nil
    }

    /// Whether the value is a Lua integer (subtype), not a float.
    @inlinable public func isInteger(at index: Int32) -> Bool { lua_isinteger(pointer, index) != 0 }

    /// The string at `index` (strings only; numbers are not converted).
    public func toString(at index: Int32) -> String? {
        guard type(at: index) == .string else { return nil }
        var length = 0
        guard let bytes = lua_tolstring(pointer, index, &length) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
    }

    /// Lua truthiness of the value.
    @inlinable public func toBoolean(at index: Int32) -> Bool { lua_toboolean(pointer, index) != 0 }

    /// The raw length (`#` without metamethods) of a table or string.
    @inlinable public func rawLength(at index: Int32) -> Int { Int(lua_rawlen(pointer, index)) }

    // MARK: Tables (raw access only: never runs a metamethod)

    /// Pushes `t[key]` (raw) for the table at `index`; returns the type pushed.
    @discardableResult
    public func rawGet(at index: Int32, key: String) -> LuaType {
        let table = absolute(index)
        push(key)
        return LuaType(rawValue: lua_rawget(pointer, table)) ?? .none
    }

    /// Pushes `t[i]` (raw) for the table at `index`; returns the type pushed.
    @discardableResult
    @inlinable public func rawGet(at index: Int32, position: Int) -> LuaType {
        LuaType(rawValue: lua_rawgeti(pointer, index, lua_Integer(position))) ?? .none
    }

    /// `t[key] = <top>` (raw), popping the value.
    public func rawSet(at index: Int32, key: String) {
        let table = absolute(index)
        push(key)
        lua_rotate(pointer, -2, 1)
        lua_rawset(pointer, table)
    }

    /// Pushes the global `name` (raw: a metatable on `_G` is not consulted, so this cannot raise).
    @discardableResult
    public func rawGetGlobal(_ name: String) -> LuaType {
        spatium_pushglobaltable(pointer)
        let type = rawGet(at: -1, key: name)
        spatium_remove(pointer, -2)
        return type
    }

    /// Sets the global `name` to the value on top, popping it (raw, cannot raise but for memory).
    public func rawSetGlobal(_ name: String) {
        spatium_pushglobaltable(pointer)
        lua_rotate(pointer, -2, 1)
        rawSet(at: -2, key: name)
        pop()
    }

    /// `t[i] = <top>` (raw), popping the value.
    @inlinable public func rawSet(at index: Int32, position: Int) {
        lua_rawseti(pointer, index, lua_Integer(position))
    }

    /// Calls `body` with each key (at -2) and value (at -1) of the table at `index`.
    /// `body` must leave the stack as it found it.
    public func forEachPair(in index: Int32, _ body: () throws -> Void) rethrows {
        let table = absolute(index)
        pushNil()
        while lua_next(pointer, table) != 0 {
            do { try body() } catch { pop(2); throw error }
            pop(1)
        }
    }

    /// The string keys of the table at `index` (other keys are skipped).
    public func stringKeys(in index: Int32) -> [String] {
        var keys: [String] = []
        forEachPair(in: index) {
            if type(at: -2) == .string, let key = toString(at: -2) { keys.append(key) }
        }
        return keys
    }
}
