import CLua

/// A part of the `spatium` Lua module (`spatium.tensor`, `spatium.activation`, …).
///
/// A capability adds a submodule by conforming a type and listing it in
/// ``SpatiumModule/libraries``; the bridge itself does not change.
///
/// ```swift
/// enum HelloLibrary: SpatiumLibrary {
///     static func install(in lua: LuaState, module: Int32) {
///         lua.push(function: { L in LuaFunction.run(L) { lua in lua.push("hi"); return 1 } })
///         lua.rawSet(at: module, key: "hello")
///     }
/// }
/// ```
public protocol SpatiumLibrary {
    /// Registers metatables and adds fields to the module table at stack index `module`.
    static func install(in lua: LuaState, module: Int32)
}

/// The `spatium` module: preloaded in every ``LuaInterpreter`` as global `spatium` and
/// `require "spatium"`.
public enum SpatiumModule {
    /// Spatium's version.
    public static let version = "0.1.0"

    /// Every library of the module, installed in this order.
    public static let libraries: [any SpatiumLibrary.Type] = [
        CoreLibrary.self,
        TensorLibrary.self,
        BrainLibrary.self,
        ActivationLibrary.self,
        FixedPointLibrary.self,
        CSVLibrary.self,
        RecorderLibrary.self,
        ExitLibrary.self,
        SnapshotLibrary.self,
    ]

    /// Registers `package.preload.spatium` and sets the global `spatium`.
    static func preload(in lua: LuaState) {
        lua.rawGetGlobal("package")
        lua.rawGet(at: -1, key: "preload")
        lua.push(function: open)
        lua.rawSet(at: -2, key: "spatium")
        lua.pop(2)
        lua.push(function: open)
        lua.push(static: "spatium")
        lua_callk(lua.pointer, 1, 1, 0, nil) // runs only `open`, which cannot raise but for OOM at start-up
        // Make require "spatium" return the same table.
        lua.rawGetGlobal("package")
        lua.rawGet(at: -1, key: "loaded")
        lua.pushValue(at: -3)
        lua.rawSet(at: -2, key: "spatium")
        lua.pop(2)
        lua.rawSetGlobal("spatium")
    }

    static let open: LuaCFunction = { L in
        let lua = LuaState(L!)
        lua.newTable()
        let module = lua.top
        for library in libraries { library.install(in: lua, module: module) }
        return 1
    }
}
