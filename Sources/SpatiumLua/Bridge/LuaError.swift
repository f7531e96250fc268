/// An error raised from Swift into Lua. The bridge turns it into a Lua error *after* the Swift
/// frame has returned (see ``LuaFunction``), so `defer` blocks and releases always run.
///
/// ```swift
/// throw LuaError.argument(2, "number expected, got string")
/// // Lua sees: script.lua:3: bad argument #2 to 'area' (number expected, got string)
/// ```
public enum LuaError: Error, CustomStringConvertible {
    /// A bad argument: formatted like `luaL_argerror` (position, function name, argument number).
    case argument(Int32, String)
    /// A failure: prefixed with the calling Lua code's `file:line:`.
    case runtime(String)
    /// A message passed through unchanged (already formatted, e.g. a nested Lua error).
    case message(String)

    public var description: String {
        switch self {
        case .argument(let index, let message): "bad argument #\(index) (\(message))"
        case .runtime(let message), .message(let message): message
        }
    }
}
