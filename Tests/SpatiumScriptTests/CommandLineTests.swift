import Foundation
import Testing

@Suite struct CommandLineTests {
    @Test func evaluatesAChunk() throws {
        let outcome = try ScriptHarness.evaluate("print(1+1)")
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "2\n")
        #expect(outcome.stderr == "")
    }

    @Test func runsAScriptWithItsArgumentTable() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let script = ScriptHarness.write("""
            print(arg[0], arg[1], arg[2], #arg, select('#', ...), ...)
            print(arg[-1])
            """, to: "args.lua", in: directory)
        let outcome = try ScriptHarness.run(["--quiet", script, "a b", "c"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "\(script)\ta b\tc\t2\t2\ta b\tc\n--quiet\n")
    }

    @Test func runsStandardInputWhenPipedOrGivenAsDash() throws {
        #expect(try ScriptHarness.run([], stdin: "print('from stdin', ...)").stdout == "from stdin\n")
        let dash = try ScriptHarness.run(["-", "x"], stdin: "print(...)")
        #expect(dash.stdout == "x\n")
    }

    @Test func doubleDashEndsOptions() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let script = ScriptHarness.write("print(...)", to: "-weird.lua", in: directory)
        let outcome = try ScriptHarness.run(["--", "-weird.lua", "--param"], in: directory)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "--param\n")
        _ = script
    }

    @Test func executesAndRequiresInOrder() throws {
        let directory = ScriptHarness.temporaryDirectory()
        ScriptHarness.write("return { name = 'mymod' }", to: "mymod.lua", in: directory)
        let outcome = try ScriptHarness.run(["-e", "x = 1", "-l", "mymod", "-l", "m2=mymod", "-e", "print(x, mymod.name, m2.name)"],
                                            environment: ["LUA_PATH": directory.path + "/?.lua"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "1\tmymod\tmymod\n")
    }

    @Test func globalMetatablesCannotUnwindThroughTheRunner() throws {
        let directory = ScriptHarness.temporaryDirectory()
        ScriptHarness.write("return { name = 'mymod' }", to: "mymod.lua", in: directory)
        let strict = "setmetatable(_G, {__index = function(_, k) error('undefined ' .. k) end, __newindex = function(_, k) error('no new global ' .. k) end})"
        let required = try ScriptHarness.run(["-e", strict, "-l", "mymod", "-e", "print(rawget(_G, 'mymod').name)"],
                                             environment: ["LUA_PATH": directory.path + "/?.lua"])
        #expect(required.status == 0, "\(required.stderr)")
        #expect(required.stdout == "mymod\n")
        let repl = try ScriptHarness.run(["-e", "print = nil " + strict, "-i"], stdin: "1 + 1\n")
        #expect(repl.status == 0)
        #expect(repl.stderr.contains("error calling 'print'"), "\(repl.stderr)")
    }

    @Test func versionFlag() throws {
        let outcome = try ScriptHarness.run(["-v"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.hasPrefix("Spatium 0.1.0 (Lua 5.4."))
        #expect(try ScriptHarness.run(["--version"]).stdout == outcome.stdout)
    }

    @Test func helpListsEveryOption() throws {
        let outcome = try ScriptHarness.run(["--help"])
        #expect(outcome.status == 0)
        for option in ["-e stat", "-l mod", "-i", "--param key=value", "--out DIR", "--seed N", "--quiet",
                       "--sandbox", "--max-memory BYTES", "--threads N", "LUA_INIT_5_4"] {
            #expect(outcome.stdout.contains(option), "help mentions \(option)")
        }
    }

    @Test func luaInitRunsFirstUnlessIgnored() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let initFile = ScriptHarness.write("greeting = 'from file'", to: "init.lua", in: directory)
        #expect(try ScriptHarness.run(["-e", "print(greeting)"], environment: ["LUA_INIT_5_4": "greeting = 'hi'"]).stdout == "hi\n")
        #expect(try ScriptHarness.run(["-e", "print(greeting)"], environment: ["LUA_INIT": "greeting = 'plain'"]).stdout == "plain\n")
        #expect(try ScriptHarness.run(["-e", "print(greeting)"], environment: ["LUA_INIT": "@" + initFile]).stdout == "from file\n")
        #expect(try ScriptHarness.run(["-E", "-e", "print(greeting)"], environment: ["LUA_INIT": "greeting = 'x'"]).stdout == "nil\n")
        let broken = try ScriptHarness.run(["-e", "print(1)"], environment: ["LUA_INIT": "error('init failed')"])
        #expect(broken.status == 1)
        #expect(broken.stderr.hasPrefix("spatium-script: LUA_INIT:1: init failed"))
    }

    @Test func syntaxErrorNamesFileAndLine() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let script = ScriptHarness.write("local a = 1\nlocal b = = 2\n", to: "bad.lua", in: directory)
        let outcome = try ScriptHarness.run(["bad.lua"], in: directory)
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr == "spatium-script: bad.lua:2: unexpected symbol near '='\n")
        _ = script
    }

    @Test func runtimeErrorHasMessageAndTraceback() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let script = ScriptHarness.write("local function f()\n  error('boom')\nend\nf()\n", to: "fail.lua", in: directory)
        let outcome = try ScriptHarness.run(["fail.lua"], in: directory)
        _ = script
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("spatium-script: fail.lua:2: boom\nstack traceback:\n"))
        #expect(outcome.stderr.contains("in local 'f'") || outcome.stderr.contains("in function 'f'") || outcome.stderr.contains("in upvalue 'f'"))
        let object = try ScriptHarness.evaluate("error(setmetatable({}, {__tostring = function() return 'custom' end}))")
        #expect(object.stderr == "spatium-script: custom\n")
        let table = try ScriptHarness.evaluate("error({})")
        #expect(table.stderr.hasPrefix("spatium-script: (error object is a table value)"))
    }

    @Test func missingFileIsReported() throws {
        let outcome = try ScriptHarness.run(["/nonexistent/experiment.lua"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "spatium-script: cannot open /nonexistent/experiment.lua: No such file or directory\n")
    }

    @Test func unknownOptionListsTheValidOnes() throws {
        let outcome = try ScriptHarness.run(["--frobnicate", "x.lua"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("spatium-script: unrecognized option '--frobnicate' (valid: -e -l -i -v"))
        #expect(outcome.stderr.contains("--param"))
        let missing = try ScriptHarness.run(["--out"])
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("spatium-script: '--out' needs an argument"))
        for bad in [["--seed", "-3"], ["--threads", "many"], ["--max-memory", "lots"], ["--param", "novalue"], ["--param", "1x=2"]] {
            let outcome = try ScriptHarness.run(bad + ["-e", "print(1)"])
            #expect(outcome.status == 1, "\(bad)")
            #expect(outcome.stderr.hasPrefix("spatium-script: --"), "\(bad): \(outcome.stderr)")
        }
    }

    @Test func paramsAreTypedAndLaterKeysWin() throws {
        let outcome = try ScriptHarness.run([
            "--param", "n=42", "--param", "rate=0.25", "--param", "big=1e3", "--param", "quick=true",
            "--param", "off=false", "--param", "name=v1", "--param", "n=7", "--param=eq=a=b",
            "-e", "for _, k in ipairs{'n','rate','big','quick','off','name','eq'} do print(k, params[k], math.type(params[k]) or type(params[k])) end",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            n\t7\tinteger
            rate\t0.25\tfloat
            big\t1000.0\tfloat
            quick\ttrue\tboolean
            off\tfalse\tboolean
            name\tv1\tstring
            eq\ta=b\tstring

            """)
        #expect(try ScriptHarness.evaluate("print(next(params))").stdout == "nil\n")
    }

    @Test func outputPathsResolveUnderOut() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let outcome = try ScriptHarness.run(["--out", "results/run1", "-e", """
            local p = spatium.output('sub/metrics.csv')
            local f = assert(io.open(p, 'w')); f:write('x\\n'); f:close()
            print(p)
            print(spatium.output('/abs/elsewhere.csv') == '/abs/elsewhere.csv')
            """], in: directory)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let expected = directory.path + "/results/run1/sub/metrics.csv"
        #expect(outcome.stdout.hasPrefix(expected + "\n"))
        #expect(FileManager.default.fileExists(atPath: expected))
        let bad = try ScriptHarness.evaluate("spatium.output('')")
        #expect(bad.stderr.hasPrefix("spatium-script: (command line):1: bad argument #1 to 'output' (non-empty file name expected)"))
    }

    @Test func seedIsVisible() throws {
        #expect(try ScriptHarness.run(["--seed", "1234", "-e", "print(spatium.seed)"]).stdout == "1234\n")
        #expect(try ScriptHarness.evaluate("print(spatium.seed)").stdout == "1\n")
    }

    @Test func requireReturnsTheModule() throws {
        let outcome = try ScriptHarness.evaluate("local s = require 'spatium'; print(s == spatium, type(s.version))")
        #expect(outcome.stdout == "true\tstring\n")
    }

    @Test func scriptsRequireModulesBesideThemFromAnyDirectory() throws {
        let directory = ScriptHarness.temporaryDirectory()
        _ = ScriptHarness.write("local name = ...\nreturn {hello = function() return 'hi from ' .. name end}\n",
                                to: "tools/lib/greet.lua", in: directory)
        let script = ScriptHarness.write("print(require('lib.greet').hello())\n", to: "tools/main.lua", in: directory)
        let elsewhere = ScriptHarness.temporaryDirectory()
        for options in [[], ["--sandbox", "--out", elsewhere.path]] {
            let outcome = try ScriptHarness.run(options + [script], in: elsewhere)
            #expect(outcome.status == 0, "\(options): \(outcome.stderr)")
            #expect(outcome.stdout == "hi from lib.greet\n", "\(options)")
        }
        // Relative script path; and a module that is not there names the searched files.
        let relative = try ScriptHarness.run(["tools/main.lua"], in: directory)
        #expect(relative.stdout == "hi from lib.greet\n", "\(relative.stderr)")
        let missing = ScriptHarness.write("require('lib.absent')\n", to: "tools/missing.lua", in: directory)
        let failure = try ScriptHarness.run([missing], in: elsewhere)
        #expect(failure.status == 1)
        #expect(failure.stderr.contains("module 'lib.absent' not found"), "\(failure.stderr)")
        #expect(failure.stderr.contains("\(directory.path)/tools/lib/absent.lua"), "\(failure.stderr)")
    }

    @Test func interactiveAfterScriptReadsStandardInput() throws {
        let outcome = try ScriptHarness.run(["-e", "x = 20", "-i"], stdin: "x * 2 + 2\n")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("42"))
    }

    @Test func maxMemoryGivesACleanError() throws {
        let outcome = try ScriptHarness.run(["--max-memory", "4M", "-e", "local t = {} for i = 1, 1e9 do t[i] = i end"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("spatium-script: not enough memory"))
        let fine = try ScriptHarness.run(["--max-memory", "64M", "-e", "local t = {} for i = 1, 1e5 do t[i] = i end print(#t)"])
        #expect(fine.stdout == "100000\n")
        // Limits below what the runner itself needs (the arg table, loading the script) give the
        // same clean error instead of aborting in Lua's panic handler.
        let directory = ScriptHarness.temporaryDirectory()
        let script = ScriptHarness.write("local t = {} for i = 1, 1e6 do t[i] = {} end print(#t)", to: "grow.lua", in: directory)
        for limit in ["1", "8K", "24K", "32K", "36K", "40K", "48K"] {
            let tiny = try ScriptHarness.run(["--max-memory", limit, script, "a", "b"])
            #expect(tiny.status == 1, "--max-memory \(limit): \(tiny.stderr)")
            #expect(tiny.stderr.contains("not enough memory"), "--max-memory \(limit): \(tiny.stderr)")
        }
    }
}
