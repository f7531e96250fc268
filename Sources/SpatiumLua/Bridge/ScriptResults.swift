import CLua
import SpatiumRuntime

/// What a script returned, in the form the run manifest records (`results`): the number,
/// string and boolean members of a returned table under string keys, sorted by key; a single
/// returned number, string or boolean is recorded as `result`. Other members (tables,
/// functions, userdata) are listed in ``skipped`` so the caller can say so.
///
/// ```swift
/// // the script ends with: return {mean_rate = 0.21, bursts = 1000, note = "ok"}
/// let results = ScriptResults(lua, at: -1)
/// results.values.keys            // ["bursts", "mean_rate", "note"]
/// ```
public struct ScriptResults {
    /// The recorded members.
    public var values = JSONObject()
    /// Keys whose values cannot be recorded, with their Lua type (`"curve (a table)"`).
    public var skipped: [String] = []

    /// Reads the value at `index` (raw access only: no metamethod runs).
    public init(_ lua: LuaState, at index: Int32) {
        switch lua.type(at: index) {
        case .none, .nil: return
        case .table:
            var members: [(String, JSONValue)] = []
            lua.forEachPair(in: index) {
                guard lua.type(at: -2) == .string, let key = lua.toString(at: -2) else {
                    skipped.append("a non-string key")
                    return
                }
                if let value = ScriptResults.scalar(lua, at: -1) {
                    members.append((key, value))
                } else {
                    skipped.append("\(key) (a \(lua.typeName(at: -1)))")
                }
            }
            for (key, value) in members.sorted(by: { $0.0 < $1.0 }) { values.append(key, value) }
            skipped.sort()
        default:
            if let value = ScriptResults.scalar(lua, at: index) { values.append("result", value) }
            else { skipped.append("result (a \(lua.typeName(at: index)))") }
        }
    }

    /// A number, string or boolean as JSON; nil for other types. Non-finite numbers become
    /// their text (`"nan"`, `"inf"`, `"-inf"`), since JSON has no spelling for them.
    static func scalar(_ lua: LuaState, at index: Int32) -> JSONValue? {
        switch lua.type(at: index) {
        case .boolean: return .bool(lua.toBoolean(at: index))
        case .number:
            if lua.isInteger(at: index), let integer = lua.toInteger(at: index) { return .integer(integer) }
            guard let number = lua.toNumber(at: index) else { return nil }
            if number.isNaN { return .string("nan") }
            if number.isInfinite { return .string(number < 0 ? "-inf" : "inf") }
            return .number(number)
        case .string: return lua.toString(at: index).map { .string($0) }
        default: return nil
        }
    }
}
