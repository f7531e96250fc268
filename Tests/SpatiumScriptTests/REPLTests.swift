import Foundation
import Testing

@Suite(.serialized) struct REPLTests {
    func start() throws -> (PseudoTerminal, URL) {
        let home = ScriptHarness.temporaryDirectory()
        let terminal = try PseudoTerminal(executable: ScriptHarness.binary, arguments: [],
                                          environment: ["HOME": home.path, "TERM": "dumb", "PATH": "/usr/bin:/bin"])
        #expect(terminal.expect("> "), "prompt appears: \(terminal.transcript)")
        return (terminal, home)
    }

    @Test func printsExpressionsAndContinuesIncompleteInput() throws {
        let (terminal, home) = try start()
        #expect(terminal.transcript.contains("Spatium 0.1.0"))
        terminal.type("1 + 1\r")
        #expect(terminal.expect("2\r\n"), "auto-print: \(terminal.transcript)")
        terminal.clear()
        terminal.type("function f(x)\r")
        #expect(terminal.expect(">> "), "continuation prompt: \(terminal.transcript)")
        terminal.type("  return x * 21\r")
        terminal.type("end\r")
        terminal.type("f(2), 'two'\r")
        #expect(terminal.expect("42\ttwo"), "multi-line function works: \(terminal.transcript)")
        terminal.clear()
        terminal.type("error('oops')\r")
        #expect(terminal.expect("stdin:1: oops"), "errors are reported and the REPL goes on")
        terminal.type("_PROMPT = 'sp> '\r")
        #expect(terminal.expect("\r\nsp> "), "custom prompt shown")
        terminal.type("\u{04}")
        #expect(terminal.waitForExit() == 0, "Ctrl-D exits 0: status \(terminal.lastWaitStatus) \(terminal.transcript)")
        let history = try String(contentsOfFile: home.appendingPathComponent(".spatium_history").path, encoding: .utf8)
        #expect(history.contains("1\\040+\\0401") || history.contains("1 + 1"), "history saved: \(history)")
    }

    @Test func controlCInterruptsARunningChunk() throws {
        let (terminal, _) = try start()
        terminal.type("while true do end\r")
        Thread.sleep(forTimeInterval: 0.3)
        terminal.type("\u{03}")
        #expect(terminal.expect("interrupted!"), "Ctrl-C interrupts: \(terminal.transcript)")
        terminal.clear()
        terminal.type("print('still here')\r")
        #expect(terminal.expect("still here\r\n> "), "back at the prompt")
        terminal.type("\u{04}")
        #expect(terminal.waitForExit() == 0)
    }

    @Test func tabCompletesSpatiumFields() throws {
        let (terminal, _) = try start()
        terminal.type("spatium.vers\t")
        terminal.type("\r")
        #expect(terminal.expect("0.1.0\r\n> "), "completed to spatium.version: \(terminal.transcript)")
        terminal.type("\u{04}")
        #expect(terminal.waitForExit() == 0)
    }
}
