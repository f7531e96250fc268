import Foundation
import Testing

@Suite struct SandboxTests {
    @Test func dangerousFunctionsAreGone() throws {
        let outcome = try ScriptHarness.run(["--sandbox", "-e", """
            print(os.execute, io.popen, package.loadlib, string.dump, os.tmpname, debug.getupvalue, spatium.sandboxed)
            print(package.cpath, #package.searchers)
            """])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "nil\tnil\tnil\tnil\tnil\tnil\ttrue\n\t2\n")
    }

    @Test func writesOnlyUnderOut() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let out = directory.appendingPathComponent("out").path
        let inside = try ScriptHarness.run(["--sandbox", "--out", out, "-e", """
            local f = assert(io.open(spatium.output('ok.txt'), 'w')); f:write('fine'); f:close()
            print(io.open(spatium.output('ok.txt')):read('a'))
            """])
        #expect(inside.status == 0, "\(inside.stderr)")
        #expect(inside.stdout == "fine\n")
        for attempt in ["io.open('\(directory.path)/escape.txt', 'w')",
                        "io.open('\(out)/../escape.txt', 'a')",
                        "io.output('\(directory.path)/escape.txt')",
                        "os.remove('\(directory.path)/x')",
                        "spatium.output('../escape.txt')"] {
            let outcome = try ScriptHarness.run(["--sandbox", "--out", out, "-e", attempt])
            #expect(outcome.status == 1, "\(attempt)")
            #expect(outcome.stderr.contains("sandbox: writing"), "\(attempt): \(outcome.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("escape.txt").path))
        // Reading is allowed anywhere.
        let read = try ScriptHarness.run(["--sandbox", "--out", out, "-e", "print(io.open('/etc/hostname') ~= nil)"])
        #expect(read.stdout == "true\n")
    }

    @Test func binaryChunksAreRefused() throws {
        let outcome = try ScriptHarness.run(["--sandbox", "-e", """
            print(load('\\27Lua'))
            """])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("attempt to load a binary chunk"))
    }

    @Test func withoutSandboxEverythingIsThere() throws {
        let outcome = try ScriptHarness.evaluate("print(type(os.execute), type(io.popen), spatium.sandboxed)")
        #expect(outcome.stdout == "function\tfunction\tfalse\n")
    }
}
