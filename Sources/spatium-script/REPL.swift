#if canImport(Glibc)
import Glibc
#endif
import CEditLine
import SpatiumLua

/// The interactive loop, following `lua.c`: a line is first tried as `return <line>`; an
/// incomplete chunk (error ending in `<eof>`) reads more lines with `_PROMPT2`; results are
/// printed with `print`; Ctrl-C interrupts a running chunk; Ctrl-D exits.
struct REPL {
    let interpreter: LuaInterpreter
    var lua: LuaState { interpreter.state }

    func run() {
        let history = REPL.historyPath
        LineEditor.start(state: lua, historyPath: history)
        defer { LineEditor.stop(historyPath: history) }
        while let status = readChunk() {
            if status {
                if let error = interpreter.protectedCall(arguments: 0) {
                    ScriptRunner.writeError(error + "\n")
                } else {
                    printResults()
                }
            }
            lua.top = 0
        }
        print("")
    }

    static var historyPath: String? {
        guard let home = getenv("HOME") else { return nil }
        return String(cString: home) + "/.spatium_history"
    }

    /// Reads and compiles one chunk: true = function on the stack, false = a syntax error was
    /// reported, nil = end of input.
    func readChunk() -> Bool? {
        guard let line = LineEditor.read(prompt: prompt(first: true)) else { return nil }
        if interpreter.load(source: Array("return \(line);".utf8), name: "=stdin") == nil {
            LineEditor.remember(line)
            return true
        }
        var buffer = line
        while true {
            guard let error = interpreter.load(source: Array(buffer.utf8), name: "=stdin") else {
                LineEditor.remember(buffer)
                return true
            }
            if error.hasSuffix("<eof>"), let more = LineEditor.read(prompt: prompt(first: false)) {
                buffer += "\n" + more
                continue
            }
            LineEditor.remember(buffer)
            ScriptRunner.writeError(error + "\n")
            return false
        }
    }

    func prompt(first: Bool) -> String {
        lua.pushGlobalTable()
        defer { lua.pop(2) }
        let type = lua.rawGet(at: -1, key: first ? "_PROMPT" : "_PROMPT2")
        if type == .string, let text = lua.toString(at: -1) { return text }
        if type == .number, let number = lua.toNumber(at: -1) {
            return lua.isInteger(at: -1) ? String(Int64(number)) : String(number)
        }
        return first ? "> " : ">> "
    }

    /// Prints whatever the chunk returned, through the global `print`.
    func printResults() {
        let count = lua.top
        guard count > 0 else { return }
        lua.rawGetGlobal("print")
        lua.insert(at: 1)
        if let error = interpreter.protectedCall(arguments: count, results: 0) {
            ScriptRunner.writeError("error calling 'print' (\(error))\n")
        }
    }
}
