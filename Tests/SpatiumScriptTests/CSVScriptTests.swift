import Foundation
import Testing

/// `spatium.csv` and `spatium.record`, end to end through the binary.
@Suite struct CSVScriptTests {
    static func text(_ directory: URL, _ name: String) -> String? {
        try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static let python: String? = {
        for candidate in ["/usr/bin/python3", "/usr/local/bin/python3"] where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        let which = Process()
        which.executableURL = URL(fileURLWithPath: "/bin/sh")
        which.arguments = ["-c", "command -v python3"]
        let pipe = Pipe()
        which.standardOutput = pipe
        try? which.run()
        which.waitUntilExit()
        let path = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return which.terminationStatus == 0 && !path.isEmpty ? path : nil
    }()

    /// Rows with every quoting case, by name, by position and as a sequence.
    static let quotingScript = """
        local w = spatium.csv(spatium.output("q.csv"), {"id", "text", "x"})
        w:row{id = 1, text = "plain", x = 0.1}
        w:row(2, "a,b", 1e-7)
        w:row{3, 'say "hi"', 2.0}
        w:row(4, "line\\nbreak", -0.0)
        w:row(5, " lead", 0/0)
        w:row(6, "trail ", 1/0)
        w:row(7, "", -1/0)
        w:row(8, nil, true)
        w:row{id = 9, text = "é🧠", x = false}
        w:row(10, "cr\\rhere", math.maxinteger)
        w:row{id = 11, text = "\\"", x = 0.30000000000000004}
        print(w.rows, w.closed, #w.columns, w.path == spatium.output("q.csv"))
        w:close()
        print(w.closed, tostring(w):match("^csv '.*q.csv' %(3 columns, 11 rows, closed%)$") ~= nil)
        """

    static let quotingExpected = #"""
        id,text,x
        1,plain,0.1
        2,"a,b",1e-07
        3,"say ""hi""",2.0
        4,"line
        break",-0.0
        5," lead",nan
        6,"trail ",inf
        7,,-inf
        8,,true
        9,é🧠,false
        10,"cr\#rhere",9223372036854775807
        11,"""",0.30000000000000004

        """#

    @Test func quotingAndRowForms() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let outcome = try ScriptHarness.run(["--out", directory.path, "-e", CSVScriptTests.quotingScript])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "11\tfalse\t3\ttrue\ntrue\ttrue\n")
        #expect(CSVScriptTests.text(directory, "q.csv") == CSVScriptTests.quotingExpected)
    }

    @Test(.enabled(if: CSVScriptTests.python != nil, "python3 is not installed"))
    func pythonCSVModuleReadsTheFile() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let outcome = try ScriptHarness.run(["--out", directory.path, "-e", CSVScriptTests.quotingScript])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let check = ScriptHarness.write("""
            import csv, math, sys
            with open(sys.argv[1], newline="", encoding="utf-8") as f:
                rows = list(csv.reader(f))
            assert rows[0] == ["id", "text", "x"], rows[0]
            assert [int(r[0]) for r in rows[1:]] == list(range(1, 12))
            assert [r[1] for r in rows[1:]] == ["plain", "a,b", 'say "hi"', "line\\nbreak", " lead", "trail ", "", "",
                                               "é🧠", "cr\\rhere", '"'], [r[1] for r in rows[1:]]
            x = [r[2] for r in rows[1:]]
            assert float(x[0]) == 0.1 and float(x[1]) == 1e-7 and float(x[2]) == 2.0
            assert float(x[3]) == 0.0 and math.copysign(1, float(x[3])) == -1
            assert math.isnan(float(x[4])) and float(x[5]) == math.inf and float(x[6]) == -math.inf
            assert x[7:9] == ["true", "false"]
            assert int(x[9]) == 2**63 - 1
            assert float(x[10]) == 0.1 + 0.2
            print("ok", len(rows))
            """, to: "check.py", in: directory)
        let python = Process()
        python.executableURL = URL(fileURLWithPath: CSVScriptTests.python!)
        python.arguments = [check, directory.appendingPathComponent("q.csv").path]
        let output = Pipe(), error = Pipe()
        python.standardOutput = output
        python.standardError = error
        try python.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let failure = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        #expect(python.terminationStatus == 0, "\(failure)")
        #expect(printed == "ok 12\n")
    }

    @Test func columnErrorsNameTheColumns() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let outcome = try ScriptHarness.run(["--out", directory.path, "-e", """
            local w = spatium.csv(spatium.output("c.csv"), {"id", "text", "x"})
            local function try(f) local ok, e = pcall(f) print((e:gsub("^%(command line%):%d+: ", ""))) end
            local d = spatium.output("d.csv")
            try(function() w:row{id = 1, text = "a", x = 1, y = 2, zz = 3} end)
            try(function() w:row{id = 1} end)
            try(function() w:row(1, 2) end)
            try(function() w:row{1, 2, 3, 4} end)
            try(function() w:row{id = {}, text = "a", x = 1} end)
            try(function() w:row(1, print, 3) end)
            try(function() w:row{id = 1, 2} end)
            try(function() spatium.csv(d, {"a", "a"}) end)
            try(function() spatium.csv(d, {}) end)
            try(function() spatium.csv(d, {"a", 2}) end)
            try(function() spatium.csv(d, {"a"}, {apend = true}) end)
            w:row(1, "ok", 2)
            w:close(); w:close()
            try(function() w:row(1, 2, 3) end)
            """])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let path = directory.appendingPathComponent("c.csv").path
        #expect(lines[0] == "\(path): unknown column(s) y, zz (columns: id, text, x)")
        #expect(lines[1] == "\(path): row is missing column(s) text, x (use \"\" for an empty field)")
        #expect(lines[2] == "\(path): row has 2 fields, expected 3")
        #expect(lines[3] == "\(path): row has 4 fields, expected 3")
        #expect(lines[4] == "bad argument #1 to 'row' (field 'id': number, string, boolean or nil expected, got table)")
        #expect(lines[5] == "bad argument #2 to 'row' (value: number, string, boolean or nil expected, got function)")
        #expect(lines[6].contains("either named ({name = value}) or positional"), "\(lines[6])")
        #expect(lines[7] == "\(directory.path)/d.csv: column \"a\" appears more than once")
        #expect(lines[8] == "bad argument #2 to 'csv' (at least one column expected)")
        #expect(lines[9] == "bad argument #2 to 'csv' (column 2: string expected, got number)")
        #expect(lines[10] == "bad argument #3 to 'csv' (unknown option 'apend' (valid: append))")
        #expect(lines[11] == "\(path): the CSV writer is closed")
        // Failed rows leave nothing behind; the good row is there.
        #expect(CSVScriptTests.text(directory, "c.csv") == "id,text,x\n1,ok,2\n")
    }

    @Test func rowsAreFlushedWhenTheScriptFails() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let script = ScriptHarness.write("""
            local w = spatium.csv(spatium.output("e.csv"), {"a", "b"})
            for i = 1, 3 do w:row(i, i / 2) end
            error("boom")
            """, to: "fail.lua", in: directory)
        let outcome = try ScriptHarness.run(["--out", directory.path, script])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("fail.lua:3: boom"), "\(outcome.stderr)")
        #expect(CSVScriptTests.text(directory, "e.csv") == "a,b\n1,0.5\n2,1.0\n3,1.5\n")
    }

    @Test func rowsAreFlushedAtOSExit() throws {
        for (call, status) in [("os.exit(3)", Int32(3)), ("os.exit(true)", 0), ("os.exit(false)", 1), ("os.exit()", 0),
                               ("os.exit(0, false)", 0)] {
            let directory = ScriptHarness.temporaryDirectory()
            let outcome = try ScriptHarness.run(["-e", """
                local w = spatium.csv("x.csv", {"a"})
                w:row(1); w:row(2)
                \(call)
                print("not reached")
                """], in: directory)
            #expect(outcome.status == status, "\(call): \(outcome.stderr)")
            #expect(outcome.stdout == "", "\(call)")
            #expect(CSVScriptTests.text(directory, "x.csv") == "a\n1\n2\n", "\(call)")
        }
        // From inside a callback of a running brain, with a recorder attached.
        let directory = ScriptHarness.temporaryDirectory()
        let outcome = try ScriptHarness.run(["--out", directory.path, "-e", """
            local b = spatium.brain{seed = 1}
            local a = b:area{name = "a", size = {1, 1, 1}, threshold = 1}
            spatium.record(b, {to = "m.csv"})
            local w = spatium.csv(spatium.output("cb.csv"), {"t"})
            b:run{bursts = 10, on_burst = function(b, t) w:row(t); if t == 3 then os.exit(7) end end}
            """])
        #expect(outcome.status == 7, "\(outcome.stderr)")
        #expect(CSVScriptTests.text(directory, "cb.csv") == "t\n1\n2\n3\n")
        #expect(CSVScriptTests.text(directory, "m.csv")
                == "burst,area,metric,index,value\n1,a,spikes,0,0\n2,a,spikes,0,0\n3,a,spikes,0,0\n")
    }

    @Test func collectedAndToBeClosedWritersFlush() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let outcome = try ScriptHarness.run(["-e", """
            do local w = spatium.csv("g.csv", {"a"}); w:row(1) end
            collectgarbage(); collectgarbage()
            io.write(io.open("g.csv"):read("a"))
            do local w <close> = spatium.csv("c.csv", {"a"}); w:row(2) end
            io.write(io.open("c.csv"):read("a"))
            local w = spatium.csv("c.csv", {"a"}, {append = true}); w:row(3); w:flush()
            io.write(io.open("c.csv"):read("a"))
            print(pcall(spatium.csv, "c.csv", {"b"}, {append = true}))
            """], in: directory)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("a\n1\na\n2\na\n2\n3\nfalse\t"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("cannot append, the header row is \"a\" but the columns are \"b\""))
    }

    @Test func csvOutsideOutIsRefusedInTheSandbox() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let out = directory.appendingPathComponent("out").path
        for attempt in ["spatium.csv('\(directory.path)/escape.csv', {'a'})",
                        "spatium.csv('\(out)/../escape.csv', {'a'})",
                        "spatium.record(spatium.brain{}, {to = '../escape.csv'})"] {
            let outcome = try ScriptHarness.run(["--sandbox", "--out", out, "-e", attempt])
            #expect(outcome.status == 1, "\(attempt)")
            #expect(outcome.stderr.contains("sandbox: writing"), "\(attempt): \(outcome.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("escape.csv").path))
        let inside = try ScriptHarness.run(["--sandbox", "--out", out, "-e", """
            local w = spatium.csv(spatium.output("ok.csv"), {"a"}); w:row(1)
            spatium.record(spatium.brain{}, {to = "sub/m.csv"})
            """])
        #expect(inside.status == 0, "\(inside.stderr)")
        #expect(CSVScriptTests.text(URL(fileURLWithPath: out), "ok.csv") == "a\n1\n")
        #expect(CSVScriptTests.text(URL(fileURLWithPath: out), "sub/m.csv") == "burst,area,metric,index,value\n")
    }

    /// Area a: 3 × 2 × 1; burst 1 fires (0,0), (0,1), (2,0) and leaves 0.5 in (1,0); burst 2
    /// fires (2,1) and area c. Recorded every 2nd burst.
    @Test func recordWritesHandCheckedValues() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let outcome = try ScriptHarness.run(["--out", directory.path, "-e", """
            local b = spatium.brain{seed = 1}
            local a = b:area{name = "a", size = {3, 2, 1}, threshold = 1, mp_accumulation = true}
            local c = b:area{name = "c", size = {1, 1, 1}, threshold = 1}
            local r = spatium.record(b, {every = 2, to = "metrics.csv",
                metrics = {"spikes", "mean_potential", "rate_by_x", "activation_hits", "saturations"}})
            a:inject{{0, 0, 0, 2}, {0, 1, 0, 2}, {2, 0, 0, 2}, {1, 0, 0, 0.5}}
            b:step()
            a:inject{{2, 1, 0, 3}}; c:inject(3)
            b:step()
            print(r.rows, r.recording, r.every, table.concat(r.metrics, ","))
            b:run{bursts = 2}
            r:stop(); r:stop()
            b:step(2)
            print(r.rows, r.recording, tostring(r):match("stopped") ~= nil)
            local only = spatium.record(b, {to = "only.csv", areas = {c}, metrics = "spikes_by_x"})
            c:inject(3); b:step()
            only:flush()
            io.write(io.open(spatium.output("only.csv")):read("a"))
            """])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            10\ttrue\t2\tspikes,mean_potential,rate_by_x,activation_hits,saturations
            20\tfalse\ttrue
            burst,area,metric,index,value
            7,c,spikes_by_x,0,1

            """)
        let mean = String(0.5 / 6)
        #expect(CSVScriptTests.text(directory, "metrics.csv") == """
            burst,area,metric,index,value
            2,a,spikes,0,1
            2,a,mean_potential,0,\(mean)
            2,a,rate_by_x,0,0.0
            2,a,rate_by_x,1,0.0
            2,a,rate_by_x,2,0.5
            2,a,saturations,0,0
            2,c,spikes,0,1
            2,c,mean_potential,0,0.0
            2,c,rate_by_x,0,1.0
            2,c,saturations,0,0
            4,a,spikes,0,0
            4,a,mean_potential,0,\(mean)
            4,a,rate_by_x,0,0.0
            4,a,rate_by_x,1,0.0
            4,a,rate_by_x,2,0.0
            4,a,saturations,0,0
            4,c,spikes,0,0
            4,c,mean_potential,0,0.0
            4,c,rate_by_x,0,0.0
            4,c,saturations,0,0

            """)
    }

    @Test func recordersLiveAsLongAsTheirBrain() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let outcome = try ScriptHarness.run(["--out", directory.path, "-e", """
            do
              local b = spatium.brain{}; b:area{name = "a", size = {1, 1, 1}}
              spatium.record(b, {to = "gone.csv"}); b:step(2)
            end
            collectgarbage(); collectgarbage()
            io.write(io.open(spatium.output("gone.csv")):read("a"))   -- closed with its brain
            local kept = spatium.brain{}; kept:area{name = "a", size = {1, 1, 1}}
            spatium.record(kept, {to = "kept.csv"})                    -- not held in a variable
            collectgarbage(); collectgarbage()
            kept:step(2)
            """])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "burst,area,metric,index,value\n1,a,spikes,0,0\n2,a,spikes,0,0\n")
        #expect(CSVScriptTests.text(directory, "kept.csv") == "burst,area,metric,index,value\n1,a,spikes,0,0\n2,a,spikes,0,0\n")
    }

    @Test func recordOptionErrors() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let outcome = try ScriptHarness.run(["-e", """
            local b = spatium.brain{}
            b:area{name = "a", size = {1, 1, 1}}
            local function try(...)
              local ok, e = pcall(spatium.record, ...)
              print((e:gsub("^bad argument #(%d) to '%?'", "bad argument #%1 to 'record'")))
            end
            try(b, {metrics = {"spikes", "rates"}})
            try(b, {areas = {"v9"}})
            try(b, {every = 0})
            try(b, {metrics = {}})
            try(b, {metrics = {"spikes", "spikes"}})
            try(b, {evry = 2})
            try({}, {})
            print(select(2, pcall(function() spatium.record(b, {metrics = 3}) end)))
            """], in: directory)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0] == "bad argument #2 to 'record' (field 'metrics': unknown metric 'rates' (valid: spikes, mean_potential, rate_by_x, rate_by_y, rate_by_z, spikes_by_x, spikes_by_y, spikes_by_z, activation_hits, saturations))")
        #expect(lines[1] == "bad argument #2 to 'record' (field 'areas': no area named 'v9' (areas: a))")
        #expect(lines[2] == "bad argument #2 to 'record' (field 'every': must be >= 1, got 0)")
        #expect(lines[3].hasPrefix("bad argument #2 to 'record' (field 'metrics': at least one metric expected"))
        #expect(lines[4] == "bad argument #2 to 'record' (field 'metrics': metric 'spikes' is listed more than once)")
        #expect(lines[5] == "bad argument #2 to 'record' (unknown option 'evry' (valid: append, areas, every, metrics, to))")
        #expect(lines[6] == "bad argument #1 to 'record' (spatium.brain expected, got table)")
        #expect(lines[7] == "(command line):14: bad argument #2 to 'record' (field 'metrics': table of names expected, got number)")
        // Nothing was created for the failed calls, so no manifest either.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}
