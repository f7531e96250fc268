import CLua

/// `spatium.version`, `spatium.output(name)`, `spatium.seed`, `spatium.sandboxed`.
enum CoreLibrary: SpatiumLibrary {
    static func install(in lua: LuaState, module: Int32) {
        lua.push(SpatiumModule.version)
        lua.rawSet(at: module, key: "version")
        let context = LuaContext.of(lua)
        lua.push(Int64(bitPattern: context.seed))
        lua.rawSet(at: module, key: "seed")
        lua.push(context.sandboxed)
        lua.rawSet(at: module, key: "sandboxed")
        lua.push(function: output)
        lua.rawSet(at: module, key: "output")
    }

    /// `spatium.output(name)` → path under `--out` (parent directories created).
    static let output: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let name = try lua.checkString(1)
            guard !name.isEmpty else { throw LuaError.argument(1, "non-empty file name expected") }
            lua.push(try LuaContext.of(lua).outputPath(for: name))
            return 1
        }
    }
}
