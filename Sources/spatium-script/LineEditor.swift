#if canImport(Glibc)
import Glibc
#endif
import CEditLine
import SpatiumLua

/// libedit's readline interface: prompts, history, and Tab completion of globals and of
/// fields (`spatium.te` → `spatium.tensor`, `t:su` → `t:sum`).
enum LineEditor {
    nonisolated(unsafe) static var state: LuaState?
    nonisolated(unsafe) static var lastLine: String?
    nonisolated(unsafe) static var wordBreaks = strdup(" \t\n\"\\'><=;+-*/%^~#{}()[],")

    static func start(state: LuaState, historyPath: String?) {
        self.state = state
        rl_readline_name = UnsafePointer(strdup("spatium"))
        rl_basic_word_break_characters = UnsafePointer(wordBreaks)
        rl_attempted_completion_function = complete
        using_history()
        if let historyPath { _ = read_history(historyPath) }
    }

    static func stop(historyPath: String?) {
        if let historyPath { _ = write_history(historyPath) }
        state = nil
    }

    static func read(prompt: String) -> String? {
        guard let line = readline(prompt) else { return nil }
        defer { free(line) }
        return String(cString: line)
    }

    static func remember(_ entry: String) {
        guard !entry.isEmpty, entry != lastLine else { return }
        lastLine = entry
        _ = add_history(entry)
    }

    /// Candidate completions of `word` (a dotted or colon path) from the live state.
    static func candidates(for word: String, in lua: LuaState) -> [String] {
        let separatorIndex = word.lastIndex(where: { $0 == "." || $0 == ":" })
        let path = separatorIndex.map { String(word[..<$0]) } ?? ""
        let partial = separatorIndex.map { String(word[word.index(after: $0)...]) } ?? word
        let isMethod = separatorIndex.map { word[$0] == ":" } ?? false
        let top = lua.top
        defer { lua.top = top }
        lua.pushGlobalTable()
        if !path.isEmpty {
            for component in path.split(separator: ".", omittingEmptySubsequences: false) {
                guard descend(into: String(component), in: lua) else { return [] }
            }
        }
        var names = Set<String>()
        collectKeys(in: lua, into: &names, methodsOnly: isMethod)
        let prefix = path.isEmpty ? "" : path + (isMethod ? ":" : ".")
        return names.filter { $0.hasPrefix(partial) && isIdentifier($0) }.sorted().map { prefix + $0 }
    }

    /// Replaces the value on top with its field `name` (raw for tables, methods table of userdata).
    static func descend(into name: String, in lua: LuaState) -> Bool {
        if lua.type(at: -1) == .table {
            let type = lua.rawGet(at: -1, key: name)
            lua.remove(at: -2)
            return !type.isAbsent
        }
        if lua.type(at: -1) == .userdata, lua.pushMetatable(of: -1), lua.rawGet(at: -1, key: "__index") == .table {
            let type = lua.rawGet(at: -1, key: name)
            lua.remove(at: -2)
            lua.remove(at: -2)
            lua.remove(at: -2)
            return !type.isAbsent
        }
        return false
    }

    static func collectKeys(in lua: LuaState, into names: inout Set<String>, methodsOnly: Bool) {
        if lua.type(at: -1) == .table {
            lua.forEachPair(in: -1) {
                if lua.type(at: -2) == .string, let key = lua.toString(at: -2),
                   !methodsOnly || lua.type(at: -1) == .function { names.insert(key) }
            }
        }
        guard lua.pushMetatable(of: -1) else { return }
        defer { lua.pop() }
        if lua.rawGet(at: -1, key: "__index") == .table || lua.type(at: -1) == .function {
            if lua.type(at: -1) == .function {
                // A dispatching __index (tensors): its methods table is upvalue 1.
                if lua.pushUpvalue(1, of: -1) {
                    if lua.type(at: -1) == .table { collectKeys(in: lua, into: &names, methodsOnly: methodsOnly) }
                    lua.pop()
                }
            } else {
                collectKeys(in: lua, into: &names, methodsOnly: methodsOnly)
            }
        }
        lua.pop()
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    static let complete: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, _, _ in
        guard let text, let lua = LineEditor.state else { return nil }
        let matches = candidates(for: String(cString: text), in: lua)
        guard !matches.isEmpty else { return nil }
        // readline's convention: [common prefix, match1, …, NULL], all malloc'd.
        let list = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: matches.count + 2)
        let common = matches.dropFirst().reduce(matches[0]) { prefix, next in
            String(zip(prefix, next).prefix { $0 == $1 }.map(\.0))
        }
        list[0] = strdup(common)
        for (i, match) in matches.enumerated() { list[i + 1] = strdup(match) }
        list[matches.count + 1] = nil
        rl_attempted_completion_over = 1
        return list
    }
}
