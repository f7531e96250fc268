import CLua

/// An owned Lua 5.4 state with the standard libraries, the `spatium` module preloaded and,
/// optionally, a sandbox and a memory limit. Everything runs in protected mode.
///
/// ```swift
/// let lua = try LuaInterpreter(context: LuaContext(outputDirectory: "out"))
/// try lua.run(source: "print(spatium.version)", name: "=(command line)")
/// ```
public final class LuaInterpreter {
    /// The state (valid until ``close()``).
    public let state: LuaState
    /// The run's context, shared with every Swift function called from this state.
    public let context: LuaContext
    let allocation: UnsafeMutablePointer<spatium_alloc_state>
    private var closed = false

    /// Creates a state. `memoryLimit` (bytes, 0 = none) makes Lua's allocator refuse beyond it,
    /// which scripts see as a "not enough memory" error.
    public init(context: LuaContext, memoryLimit: Int = 0) throws(LuaError) {
        allocation = .allocate(capacity: 1)
        allocation.initialize(to: spatium_alloc_state(in_use: 0, peak: 0, limit: 0, in_swift: 0, deferred_failure: 0))
        guard let pointer = spatium_newstate(allocation) else {
            allocation.deallocate()
            throw .message("cannot create Lua state: not enough memory")
        }
        state = LuaState(pointer)
        self.context = context
        spatium_getextraspace(pointer)!.storeBytes(of: Unmanaged.passUnretained(context).toOpaque(), as: UnsafeMutableRawPointer.self)
        luaL_openlibs(pointer)
        spatium_gc_generational(pointer)
        SpatiumModule.preload(in: state)
        try installParameters()
        if context.sandboxed { try installSandbox() }
        // The limit applies to the script, not to the libraries' own start-up.
        allocation.pointee.limit = memoryLimit > 0 ? max(memoryLimit, allocation.pointee.in_use) : 0
        // From here on the host (the runner, the REPL) is a Swift frame too: a refusal while it
        // calls Lua outside a protected call (building `arg`, loading a chunk) would abort the
        // process through Lua's panic, so it is deferred like one inside a Swift function; Lua
        // code itself runs under spatium_pcall, which refuses again (and meets the limit itself).
        allocation.pointee.in_swift = 1
    }

    deinit { close() }

    /// Closes the state (runs every pending `__gc`); further use is invalid.
    public func close() {
        guard !closed else { return }
        closed = true
        lua_close(state.pointer)
        allocation.deallocate()
    }

    /// Bytes Lua currently holds, and the peak.
    public var memoryInUse: (current: Int, peak: Int) {
        (Int(allocation.pointee.in_use), Int(allocation.pointee.peak))
    }

    // MARK: Running code

    /// Compiles `source` (`name` as in `luaL_loadbuffer`: `"=stdin"`, `"@file.lua"`) and leaves
    /// the chunk on the stack; returns the error message on failure (nothing pushed).
    public func load(source: [UInt8], name: String) -> String? {
        let status = source.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                name.withCString { spatium_loadbuffer(state.pointer, chars.baseAddress, chars.count, $0) }
            }
        }
        if status == LUA_OK { return nil }
        let message = state.toString(at: -1) ?? "(error object is not a string)"
        state.pop()
        return message
    }

    /// Calls the function below `arguments` values on the stack in protected mode with a
    /// traceback handler; on success leaves `results` values (LUA_MULTRET for all).
    /// Returns the error message with traceback on failure (stack restored).
    public func protectedCall(arguments: Int32, results: Int32 = LUA_MULTRET, interruptible: Bool = true) -> String? {
        let base = state.top - arguments
        lua_pushcclosure(state.pointer, spatium_msghandler, 0)
        spatium_insert(state.pointer, base)
        if interruptible { spatium_arm_interrupt(state.pointer) }
        let status = spatium_pcall(state.pointer, arguments, results, base)
        if interruptible { spatium_disarm_interrupt() }
        spatium_remove(state.pointer, base)
        guard status != LUA_OK else { return nil }
        let message = state.toString(at: -1) ?? "(error object is a \(state.typeName(at: -1)) value)"
        state.pop()
        return message
    }

    /// Whether Ctrl-C was pressed during the current protected call; clears the request, so the
    /// caller (a long Swift loop polling between bursts) raises "interrupted!" itself.
    ///
    /// ```swift
    /// if LuaInterpreter.consumeInterrupt(lua) { throw LuaError.message("interrupted!") }
    /// ```
    public static func consumeInterrupt(_ lua: LuaState) -> Bool {
        spatium_consume_interrupt(lua.pointer) != 0
    }

    /// Loads and runs `source`; throws ``LuaError/message(_:)`` with the message and traceback.
    public func run(source: String, name: String) throws(LuaError) {
        if let error = load(source: Array(source.utf8), name: name) { throw .message(error) }
        if let error = protectedCall(arguments: 0, results: 0) { throw .message(error) }
    }

    /// Puts the directory of the script at `path` first on `package.path`
    /// (`DIR/?.lua;DIR/?/init.lua`), so the script `require`s the modules beside it from any
    /// working directory, in a sweep point or under --sandbox (which keeps Lua modules, not C
    /// ones). A directory whose name holds `;` or `?` (package.path's separator and
    /// placeholder) is left out.
    ///
    /// ```swift
    /// interpreter.prependModuleDirectory(ofScript: "experiments/x.lua")   // require("lib.params")
    /// ```
    public func prependModuleDirectory(ofScript path: String) {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) }
            .map { $0.isEmpty ? "/" : $0 } ?? "."
        guard !directory.contains(";"), !directory.contains("?") else { return }
        let prefix = directory == "/" ? "/" : directory + "/"
        guard state.rawGetGlobal("package") == .table else {
            state.pop(1)
            return
        }
        _ = state.rawGet(at: -1, key: "path")
        let current = state.toString(at: -1) ?? ""
        state.pop(1)
        state.push("\(prefix)?.lua;\(prefix)?/init.lua;" + current)
        state.rawSet(at: -2, key: "path")
        state.pop(1)
    }

    // MARK: Set-up

    private func installParameters() throws(LuaError) {
        state.newTable()
        for (key, value) in context.parameters {
            switch value {
            case .integer(let v): state.push(v)
            case .number(let v): state.push(v)
            case .boolean(let v): state.push(v)
            case .text(let v): state.push(v)
            }
            state.rawSet(at: -2, key: key)
        }
        state.rawSetGlobal("params")
    }

    private func installSandbox() throws(LuaError) {
        state.push(function: LuaInterpreter.sandboxCheck)
        state.rawSetGlobal("__spatium_sandbox_check")
        try run(source: LuaInterpreter.sandboxPrelude, name: "=sandbox")
    }

    static let sandboxCheck: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let path = try lua.checkString(1)
            lua.push(try LuaContext.of(lua).checkWritable(path))
            return 1
        }
    }

    static let sandboxPrelude = """
    local check = __spatium_sandbox_check
    __spatium_sandbox_check = nil
    local open, output, remove, rename = io.open, io.output, os.remove, os.rename
    local rawload, rawloadfile, traceback = load, loadfile, debug.traceback
    os.execute = nil
    io.popen = nil
    os.tmpname = nil
    package.loadlib = nil
    package.cpath = ""
    table.remove(package.searchers, 4)
    table.remove(package.searchers, 3)
    string.dump = nil
    io.open = function(path, mode)
      if type(mode) == "string" and mode:find("[wa+]") then path = check(path) end
      return open(path, mode)
    end
    io.output = function(file)
      if type(file) == "string" then file = check(file) end
      return output(file)
    end
    os.remove = function(path) return remove(check(path)) end
    os.rename = function(from, to) return rename(check(from), check(to)) end
    load = function(chunk, name, mode, env) return rawload(chunk, name, "t", env) end
    loadfile = function(path, mode, env) return rawloadfile(path, "t", env) end
    dofile = function(path)
      local f = assert(rawloadfile(path, "t"))
      return f()
    end
    debug = { traceback = traceback }
    package.loaded.debug = debug
    package.loaded.io = io
    package.loaded.os = os
    """
}
