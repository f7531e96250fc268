#if canImport(Glibc)
import Glibc
#endif
import CLua

/// Replaces `os.exit` so that exiting never loses buffered output: it always closes the Lua
/// state first (as `os.exit(code, true)` does), which runs every pending `__gc` — CSV writers
/// and metrics recorders flush and close their files — and then exits with the status.
///
/// `os.exit()` and `os.exit(true)` exit with 0, `os.exit(false)` with 1, `os.exit(n)` with n;
/// the second argument is accepted and ignored (the state is always closed).
///
/// A program that must do more at exit (`spatium-script` writes the run manifest) installs
/// ``handler``: `os.exit` then calls it with the status instead, and the handler closes the
/// interpreter, does its work and exits.
///
/// ```swift
/// ExitLibrary.handler = { status in interpreter.close(); writeManifest(status); exit(status) }
/// ```
public enum ExitLibrary: SpatiumLibrary {
    /// Called by `os.exit` with the exit status; must close the interpreter and exit.
    nonisolated(unsafe) public static var handler: ((Int32) -> Never)?

    public static func install(in lua: LuaState, module: Int32) {
        spatium_pushglobaltable(lua.pointer)
        if lua.rawGet(at: -1, key: "os") == .table {
            lua.push(function: exit)
            lua.rawSet(at: -2, key: "exit")
        }
        lua.pop(2)
    }

    /// `os.exit([code [, close]])`.
    static let exit: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let status: Int32
            if lua.type(at: 1) == .boolean {
                status = lua.toBoolean(at: 1) ? EXIT_SUCCESS : EXIT_FAILURE
            } else {
                status = Int32(truncatingIfNeeded: try lua.optionalInteger(1) ?? Int64(EXIT_SUCCESS))
            }
            if let handler { handler(status) }
            lua_close(lua.pointer)
            fflush(nil)
            Glibc.exit(status)
        }
    }
}
