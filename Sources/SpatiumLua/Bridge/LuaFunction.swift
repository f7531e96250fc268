import CLua

/// The C signature of a Swift function exposed to Lua.
public typealias LuaCFunction = @convention(c) (OpaquePointer?) -> Int32

/// Runs the body of a Swift function exposed to Lua and turns thrown errors into Lua errors.
///
/// The Swift function is always entered through the C trampoline of `CLua`'s shim. If `body`
/// throws, the message is pushed and ``errorSentinel`` returned; the trampoline then raises the
/// Lua error from C, after every Swift frame (and its `defer`s) has finished.
///
/// ```swift
/// let twice: LuaCFunction = { L in
///     LuaFunction.run(L) { lua in
///         lua.push(try lua.checkNumber(1) * 2)
///         return 1
///     }
/// }
/// ```
public enum LuaFunction {
    /// What a Swift function returns after pushing an error message.
    public static let errorSentinel: Int32 = -2

    /// Runs `body`; returns its result count, or the sentinel after pushing the error message.
    @inlinable
    public static func run(_ pointer: OpaquePointer?, _ body: (LuaState) throws -> Int32) -> Int32 {
        let lua = LuaState(pointer!)
        do {
            return try body(lua)
        } catch {
            lua.pushError(error)
            return errorSentinel
        }
    }
}

extension LuaState {
    /// Pushes the Lua message for `error` (argument errors as `luaL_argerror` words them).
    public func pushError(_ error: any Error) {
        switch error {
        case LuaError.argument(let index, let message):
            message.withCString { spatium_pushargerror(pointer, index, $0) }
        case LuaError.message(let message):
            push(message)
        case LuaError.runtime(let message):
            message.withCString { spatium_pusherror(pointer, $0) }
        default:
            String(describing: error).withCString { spatium_pusherror(pointer, $0) }
        }
    }
}
