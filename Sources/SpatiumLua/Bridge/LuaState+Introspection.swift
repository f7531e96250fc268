import CLua

/// Stack operations the command line needs for `arg`, the REPL and Tab completion, so that it
/// never calls the C API itself.
extension LuaState {
    /// Pushes the global table.
    @inlinable public func pushGlobalTable() { spatium_pushglobaltable(pointer) }

    /// Removes the value at `index`, shifting the ones above down.
    @inlinable public func remove(at index: Int32) { spatium_remove(pointer, index) }

    /// Moves the top value to `index`, shifting the ones above up.
    @inlinable public func insert(at index: Int32) { spatium_insert(pointer, index) }

    /// Pushes the metatable of the value at `index` and returns true, or pushes nothing and
    /// returns false when it has none.
    @inlinable public func pushMetatable(of index: Int32) -> Bool { lua_getmetatable(pointer, index) != 0 }

    /// Pushes upvalue `number` (1-based) of the function at `index` and returns true, or
    /// pushes nothing and returns false when there is no such upvalue.
    @inlinable public func pushUpvalue(_ number: Int32, of index: Int32) -> Bool {
        lua_getupvalue(pointer, index, number) != nil
    }
}

extension LuaInterpreter {
    /// `-W`: turns warnings (`warn("…")`) on or off.
    public func setWarnings(_ on: Bool) { lua_warning(state.pointer, on ? "@on" : "@off", 0) }

    /// Compiles the file at `path` (nil: standard input) and leaves the chunk on the stack;
    /// returns the error message on failure (nothing pushed).
    ///
    /// ```swift
    /// if let error = interpreter.loadFile("run.lua") { print(error) }
    /// ```
    public func loadFile(_ path: String?) -> String? {
        guard luaL_loadfilex(state.pointer, path, nil) != LUA_OK else { return nil }
        let message = state.toString(at: -1) ?? "cannot load \(path ?? "stdin")"
        state.pop()
        return message
    }

    /// The Lua release the binary is linked against (`"5.4.4"`).
    public static var luaRelease: String { "\(LUA_VERSION_MAJOR).\(LUA_VERSION_MINOR).\(LUA_VERSION_RELEASE)" }
}
