import Foundation
import Testing

/// Connections, input, bursts and results from Lua, end to end through the binary.
@Suite struct BurstScriptTests {
    func lua(_ chunk: String, options: [String] = []) throws -> ScriptHarness.Outcome {
        try ScriptHarness.evaluate(chunk, options: options)
    }

    func failure(_ chunk: String) throws -> String {
        let outcome = try lua(chunk)
        #expect(outcome.status == 1, "\(chunk) should fail")
        let first = outcome.stderr.split(separator: "\n").first.map(String.init) ?? ""
        let prefix = "spatium-script: (command line):1: "
        return first.hasPrefix(prefix) ? String(first.dropFirst(prefix.count)) : first
    }

    /// retina 4×4 → v1 2×2 by projector (each v1 voxel gets its 2×2 retina block), weight 2.
    /// Four retina neurons fire in burst 1; in burst 2, v1 (0,0) gets 2 + 2 = 4, (1,0) and (1,1)
    /// get 2, (0,1) nothing: with threshold 2, v1 neurons 0, 2 and 3 fire with 4, 2 and 2.
    @Test func projectorNetworkByHand() throws {
        let outcome = try lua("""
            local b = spatium.brain{}
            local retina = b:area{name = "retina", size = {4, 4, 1}}
            local v1 = b:area{name = "v1", size = {2, 2, 1}, threshold = 2}
            b:connect(retina, "v1", {morphology = "projector", weight = 2})
            retina:inject{{0, 0, 0, 1}, {1, 1, 0, 1}, {2, 0, 0, 1}, {3, 3, 0, 1}}
            b:step()
            print(b.burst, table.concat(retina:fired():to_table(), " "), #v1:fired(), retina:fired().dtype)
            b:step()
            print(b.burst, #retina:fired(), table.concat(v1:fired():to_table(), " "), table.concat(v1:fired_potentials():to_table(), " "))
            print(b:spikes(), b:synaptic_events(), v1:spike_counts():sum(), table.concat(retina:spike_counts():to_table(), ""))
            print(v1:potentials().dtype, table.concat(v1:potentials():to_table(), " "))
            b:step()
            print(#v1:fired(), v1:spike_counts().dtype, tostring(b))
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            1\t0 5 8 15\t0\ti64
            2\t0\t0 2 3\t4.0 2.0 2.0
            7\t4\t3\t1000010010000001
            f32\t0.0 0.0 0.0 0.0
            0\ti64\tbrain (seed 1, feagi): 2 areas, 20 neurons, 1 mapping, burst 3

            """)
    }

    @Test func morphologiesAsNamesAndTables() throws {
        // Each connection feeds its own destination; one source neuron at (1, 1, 0) fires.
        let outcome = try lua("""
            local b = spatium.brain{seed = 4}
            local s = b:area{name = "s", size = {3, 3, 1}}
            local function dst(name) return b:area{name = name, size = {3, 3, 1}} end
            local targets = {
              {dst("lat"), "lateral_+x"},
              {dst("b2b"), {morphology = "block_to_block", weight = 1}},
              {dst("all"), {morphology = "all_to_all"}},
              {dst("vec"), {morphology = {vectors = {{0, 1, 0}, {-1, -1, 0}}}}},
              {dst("pat"), {morphology = {patterns = {{{"?", "?", 0}, {"*", "?", "?"}}}}}},
              {dst("prs"), {morphology = {pairs = {{4, 0}, {4, 8}, {3, 1}}}}},
              {dst("one"), {morphology = "one_to_one"}},
              {dst("scl"), {morphology = "lateral_+x", scalar = {2, 1, 1}}},
              {dst("inh"), {morphology = "block_to_block", weight = 3, inhibitory = true}},
            }
            for _, t in ipairs(targets) do b:connect("s", t[1], t[2]) end
            local r = b:area{name = "rnd", size = {4, 4, 1}}
            b:connect(s, r, {morphology = {random = {k = 3}}})
            s:inject{{1, 1, 0, 1}}
            b:step(2)
            for _, t in ipairs(targets) do io.write(t[1].name, "=", table.concat(t[1]:fired():to_table(), ","), " ") end
            print()
            local inh = b:area_named("inh"):potentials()
            print(inh[5], b:summary().mappings[5].morphology, b:summary().mappings[1].morphology)
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            lat=7 b2b=4 all=0,1,2,3,4,5,6,7,8 vec=0,5 pat=1,4,7 prs=0,8 one=4 scl= inh=\u{20}
            -3.0\tpatterns[[?,?,0]→[*,?,?]]\tlateral_+x

            """)
    }

    @Test func randomMorphologyIsSeeded() throws {
        let script = """
            local b = spatium.brain{seed = %SEED%}
            local s = b:area{name = "s", size = {8, 8, 1}}
            local d = b:area{name = "d", size = {8, 8, 1}, threshold = 3}
            b:connect(s, d, {morphology = {random = {k = 4%K%}}, weight = 1})
            local half = spatium.tensor.zeros(64); half:slice(1, 32):fill(1)
            s:inject(half); b:step(2)
            print(table.concat(d:fired():to_table(), ","), b:synaptic_events())
            """
        func run(_ seed: Int, _ k: String = "") throws -> String {
            let outcome = try lua(script.replacingOccurrences(of: "%SEED%", with: String(seed)).replacingOccurrences(of: "%K%", with: k))
            #expect(outcome.status == 0, "\(outcome.stderr)")
            return outcome.stdout
        }
        #expect(try run(1) == run(1))
        #expect(try run(1) != run(2), "the seed defaults to the brain's")
        #expect(try run(1, ", seed = 77") == run(2, ", seed = 77"), "an explicit seed wins")
        let first = try run(1)
        #expect(first.split(separator: ",").count > 1, "some fired: \(first)")
    }

    @Test func injectionForms() throws {
        let outcome = try lua("""
            local b = spatium.brain{}
            local a = b:area{name = "a", size = {2, 1, 1}, neurons_per_voxel = 2, threshold = 1, mp_accumulation = true}
            local function mp() return table.concat(a:potentials():to_table(), " ") end
            a:set{threshold = 100}
            a:inject(0.5); b:step(); print(mp())
            a:inject(spatium.tensor{1, 2, 3, 4}); b:step(); print(mp())
            a:inject(spatium.tensor.from({10, 20}, "f32")); b:step(); print(mp())
            a:inject{{1, 0, 0, 5}, {1, 0, 0, 1}}; a:inject(1); b:step(); print(mp())
            a:set{threshold = 1}
            a:inject(spatium.tensor{0, 0, 0, 100}); b:step()
            print(table.concat(a:fired():to_table(), " "), table.concat(a:fired_potentials():to_table(), " "), mp())
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            0.5 0.5 0.5 0.5
            1.5 2.5 3.5 4.5
            11.5 12.5 23.5 24.5
            12.5 13.5 30.5 31.5
            0 1 2 3\t12.5 13.5 30.5 131.5\t0.0 0.0 0.0 0.0

            """)
    }

    /// A gradient sweep: thresholds 0.5 + x, a uniform drive of amplitude 10, so column x fires
    /// with probability 0.95 − 0.1·x; then a constant drive of 4.5 fires exactly columns 0…4.
    @Test func rateByAlongAnAxisWithADrive() throws {
        let outcome = try lua("""
            local b = spatium.brain{seed = 5}
            local s = b:area{name = "sweep", size = {10, 8, 1}, threshold = 0.5, gradient = {x = 1}}
            s:drive{uniform = 10}
            b:run{bursts = 500}
            local rates, counts = s:rate_by{axis = "x"}
            local worst = 0
            for x = 1, 10 do
              worst = math.max(worst, math.abs(rates[x] - (0.95 - 0.1 * (x - 1))))
              assert(counts[x] == math.floor(rates[x] * 500 * 8 + 0.5))
            end
            print(rates.dtype, counts.dtype, #rates, worst < 0.04, #s:rate_by{axis = "y"}, #s:rate_by("z"))
            b:reset_counts()
            s:drive{constant = 4.5}
            b:run{bursts = 10}
            local r2, c2 = s:rate_by("x")
            print(table.concat(r2:to_table(), " "))
            print(table.concat(c2:to_table(), " "), s:spike_counts():sum())
            s:drive(nil)
            b:step(10)
            print(s:rate_by("x")[1], #s:fired())
            s:drive{constant = 4.5}; s:drive{}; b:step(); print(#s:fired())
            local y = s:rate_by("y"); print(y[1], #y)
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            f64\ti64\t10\ttrue\t8\t1
            1.0 1.0 1.0 1.0 1.0 0.0 0.0 0.0 0.0 0.0
            80 80 80 80 80 0 0 0 0 0\t400
            0.5\t0
            0
            0.23809523809524\t8

            """)
    }

    @Test func runCallsOnBurstEveryNBursts() throws {
        let outcome = try lua("""
            local b = spatium.brain{}
            local a = b:area{name = "a", size = {1, 1, 1}}
            a:drive{constant = 1}
            local seen = {}
            local n = b:run{bursts = 25, every = 10, on_burst = function(brain, t)
              seen[#seen + 1] = string.format("%d:%s:%d", t, tostring(brain == b), #a:fired())
            end}
            print(n, b.burst, table.concat(seen, " "))
            n = b:run{bursts = 100, every = 3, on_burst = function(_, t) return t < 32 end}
            print(n, b.burst)
            print(b:run{bursts = 0}, b:run{bursts = 5, progress = false}, b.burst)
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "25\t25\t10:true:1 20:true:1\n9\t34\n0\t5\t39\n")
    }

    @Test func onBurstErrorsStopTheRunWithTheirTraceback() throws {
        let directory = ScriptHarness.temporaryDirectory()
        ScriptHarness.write("""
            local b = spatium.brain{}
            b:area{name = "a", size = {1, 1, 1}}
            local function check(t)
              if t == 20 then error("boom at " .. t) end
            end
            local ok, message = pcall(b.run, b, {bursts = 100, every = 10, on_burst = function(b, t) check(t) end})
            print(ok, b.burst)
            b:run{bursts = 100, every = 10, on_burst = function(b, t)
              check(t - 20)
            end}
            """, to: "burst.lua", in: directory)
        let script = "burst.lua"
        let outcome = try ScriptHarness.run([script], in: directory)
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "false\t20\n")
        #expect(outcome.stderr == """
            spatium-script: \(script):4: boom at 20
            on_burst traceback (burst 40):
            \t[C]: in function 'error'
            \t\(script):4: in upvalue 'check'
            \t\(script):9: in function <\(script):8>
            stack traceback:
            \t[C]: in method 'run'
            \t\(script):8: in main chunk

            """)
    }

    @Test func burstErrors() throws {
        let net = "local b = spatium.brain{}; local a = b:area{name = 'a', size = {2, 2, 1}}; "
        let other = "local o = spatium.brain{}:area{name = 'o', size = {1, 1, 1}}; "
        let morphologies = "projector, all_to_all, block_to_block, one_to_one, lateral_+x, lateral_-x, lateral_+y, lateral_-y, lateral_+z, lateral_-z, 0-0-0_to_all, all_to_0-0-0, or a table with one of: vectors, patterns, random, pairs"
        let cases: [(String, String)] = [
            (net + "b:connect(a, 'z', {morphology = 'projector'})", "bad argument #2 to 'connect' (unknown area 'z' (areas: a))"),
            (net + "b:connect(1, a, 'projector')", "bad argument #1 to 'connect' (spatium.area or area name expected, got number)"),
            (net + "b:connect({}, a, 'projector')", "bad argument #1 to 'connect' (spatium.area or area name expected, got table)"),
            (net + other + "b:connect(o, a, 'projector')", "bad argument #1 to 'connect' (area 'o' belongs to another brain)"),
            (net + "b:connect(a, a, {morphology = 'projecter'})", "bad argument #3 to 'connect' (field 'morphology': unknown morphology 'projecter' (valid: \(morphologies)))"),
            (net + "b:connect(a, a, 'lateral_x')", "bad argument #3 to 'connect' (unknown morphology 'lateral_x' (valid: \(morphologies)))"),
            (net + "b:connect(a, a, {})", "bad argument #3 to 'connect' (field 'morphology': morphology expected (a name such as 'projector' or a table with one of: vectors, patterns, random, pairs), got nil)"),
            (net + "b:connect(a, a, {morphology = 'projector', wieght = 2})", "bad argument #3 to 'connect' (unknown option 'wieght' (valid: inhibitory, morphology, mp_driven_psp, psp, scalar, weight))"),
            (net + "b:connect(a, a, {morphology = {vector = {}}})", "bad argument #3 to 'connect' (field 'morphology': unknown key 'vector': a morphology table has exactly one of: vectors, patterns, random, pairs)"),
            (net + "b:connect(a, a, {morphology = {vectors = {{1, 0}}}})", "bad argument #3 to 'connect' (field 'morphology': vectors[1]: expected {x, y, z}, got a table of 2)"),
            (net + "b:connect(a, a, {morphology = {patterns = {{{'?', '?', 'x'}, {'*', '*', '*'}}}}})", "bad argument #3 to 'connect' (field 'morphology': patterns[1][1][3]: invalid pattern element 'x' (expected an integer or one of *, ?, !, ?+, ?-, ?+=, ?-=, ?+n, ?-n, ?-a:?+b))"),
            (net + "b:connect(a, a, {morphology = {pairs = {{0, 1}, {0, 9}}}})", "bad argument #3 to 'connect' (field 'morphology': pairs[2]: destination index 9 is outside area 'a' (0..<4))"),
            (net + "b:connect(a, a, {morphology = {random = {k = -1}}})", "bad argument #3 to 'connect' (field 'morphology': random: k must be >= 0, got -1)"),
            (net + "b:connect(a, a, {morphology = {random = {seed = 1}}})", "bad argument #3 to 'connect' (field 'morphology': random: field 'k' (sources per destination neuron) is required)"),
            (net + "b:connect(a, a, {morphology = 'projector', scalar = {0, 1, 1}})", "bad argument #3 to 'connect' (field 'scalar': every component must be >= 1, got 0 for x)"),
            (net + "b:connect(a, a, {morphology = 'projector', weight = 1/0})", "bad argument #3 to 'connect' (field 'weight': must be finite, got inf)"),
            (net + "a:inject(spatium.tensor{1, 2, 3})", "bad argument #1 to 'inject' (tensor has 3 elements, expected 4 (one per neuron) for area 'a')"),
            ("local a = spatium.brain{}:area{name = 'a', size = {2, 2, 1}, neurons_per_voxel = 2}; a:inject(spatium.tensor{1, 2, 3})",
             "bad argument #1 to 'inject' (tensor has 3 elements, expected 8 (one per neuron) or 4 (one per voxel, 2×2×1) for area 'a')"),
            (net + "a:inject{{5, 0, 0, 1}}", "bad argument #1 to 'inject' (area 'a': injection 1 at voxel (5, 0, 0) is outside the area (size 2×2×1, coordinates from 0))"),
            (net + "a:inject{{0, 0, 0}}", "bad argument #1 to 'inject' (entry 1: expected {x, y, z, value}, got a table of 3)"),
            (net + "a:inject{{0.5, 0, 0, 1}}", "bad argument #1 to 'inject' (entry 1: coordinate 1 must be an integer, got 0.5)"),
            (net + "a:inject(-1/0)", "bad argument #1 to 'inject' (area 'a': injected value 1 must be finite, got -inf)"),
            (net + "a:inject('x')", "bad argument #1 to 'inject' (number, tensor or list of {x, y, z, value} expected, got string)"),
            (net + "a:drive{constant = 1, gaussian = 2}", "bad argument #1 to 'drive' (unknown option 'gaussian' (valid: constant, normal, uniform))"),
            (net + "a:rate_by{axis = 'w'}", "bad argument #1 to 'rate_by' (invalid axis 'w' (expected one of: x, y, z))"),
            (net + "a:rate_by{}", "bad argument #1 to 'rate_by' (field 'axis': expected one of: x, y, z, got nil)"),
            (net + "a:rate_by{axis = 'x', per = 1}", "bad argument #1 to 'rate_by' (unknown option 'per' (valid: axis))"),
            (net + "b:step(-1)", "bad argument #1 to 'step' (burst count must be >= 0, got -1)"),
            (net + "b:step('x')", "bad argument #1 to 'step' (number expected, got string)"),
            (net + "b:run{}", "bad argument #1 to 'run' (field 'bursts': number expected, got nil)"),
            (net + "b:run{bursts = 10, every = 0}", "bad argument #1 to 'run' (field 'every': must be >= 1, got 0)"),
            (net + "b:run{bursts = 10, on_burst = 3}", "bad argument #1 to 'run' (field 'on_burst': function expected, got number)"),
            (net + "b:run{bursts = 10, callback = print}", "bad argument #1 to 'run' (unknown option 'callback' (valid: bursts, every, on_burst, progress))"),
        ]
        for (chunk, expected) in cases {
            #expect(try failure(chunk) == expected, "\(chunk)")
        }
    }

    /// Same script twice → same spikes; `--threads 1` and `--threads 2` → the same too. The
    /// 64×64×8 area (32,768 neurons) is large enough for the engine to split it over threads.
    @Test func determinismAcrossRunsAndThreadCounts() throws {
        let chunk = """
            local b = spatium.brain{seed = 11}
            local src = b:area{name = "src", size = {64, 64, 8}, threshold = 1}
            local dst = b:area{name = "dst", size = {64, 64, 8}, threshold = 2, leak = 0.1, mp_accumulation = true,
                               excitability = 0.7}
            b:connect(src, dst, {morphology = {random = {k = 3}}, weight = 0.8})
            b:connect(dst, dst, {morphology = "lateral_+x", weight = 0.5})
            src:drive{uniform = 1.2, normal = 0.1}
            b:run{bursts = 12}
            local counts = dst:spike_counts()
            local weighted = 0
            for i, c in ipairs(counts:to_table()) do weighted = weighted + i * c end
            print(b:spikes(), b:synaptic_events(), counts:sum(), weighted, dst:potentials():sum(), b.threads)
            """
        let one = try lua(chunk, options: ["--threads", "1"])
        let two = try lua(chunk, options: ["--threads", "2"])
        let again = try lua(chunk, options: ["--threads", "2"])
        #expect(one.status == 0, "\(one.stderr)")
        let fields = one.stdout.split(separator: "\t")
        #expect(fields.count == 6 && fields[0] != "0" && fields[2] != "0", "spikes happened: \(one.stdout)")
        #expect(one.stdout.dropLast(2) == two.stdout.dropLast(2), "\(one.stdout) vs \(two.stdout)")
        #expect(one.stdout.hasSuffix("\t1\n") && two.stdout.hasSuffix("\t2\n"))
        #expect(two.stdout == again.stdout)
    }

    @Test func dynamicsModes() throws {
        // A lone neuron with potential 1 and leak 0.5, no input: dense leaks every burst, feagi
        // only when the neuron has input.
        let outcome = try lua("""
            for _, mode in ipairs{"feagi", "dense"} do
              local b = spatium.brain{dynamics = mode}
              local a = b:area{name = "a", size = {1, 1, 1}, threshold = 100, leak = 0.5, mp_accumulation = true}
              a:inject(2); b:step()
              b:step(2)
              print(mode, a:potentials()[1])
            end
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "feagi\t1.0\ndense\t0.25\n")
    }

    /// On a terminal, `b:run` shows a progress line on stderr; Ctrl-C between bursts stops it
    /// with "interrupted!" and the REPL goes on.
    @Test func progressLineAndControlC() throws {
        let home = ScriptHarness.temporaryDirectory()
        let terminal = try PseudoTerminal(executable: ScriptHarness.binary, arguments: [],
                                          environment: ["HOME": home.path, "TERM": "dumb", "PATH": "/usr/bin:/bin"])
        #expect(terminal.expect("> "), "prompt: \(terminal.transcript)")
        terminal.type("b = spatium.brain{}; a = b:area{name = 'a', size = {4, 4, 1}}; b:run{bursts = 1000000000}\r")
        #expect(terminal.expect("bursts/s  ETA "), "progress line: \(terminal.transcript)")
        #expect(terminal.transcript.contains("\rburst "))
        terminal.type("\u{03}")
        #expect(terminal.expect("interrupted!"), "Ctrl-C stops the run: \(terminal.transcript)")
        terminal.clear()
        terminal.type("print(b.burst > 0, b.burst < 1000000000)\r")
        #expect(terminal.expect("true\ttrue\r\n> "), "back at the prompt: \(terminal.transcript)")
        terminal.clear()
        terminal.type("print(b:run{bursts = 3}, 'done')\r")
        #expect(terminal.expect("3\tdone\r\n> "), "no stale interrupt: \(terminal.transcript)")
        terminal.type("\u{04}")
        #expect(terminal.waitForExit() == 0)
    }

    @Test func noProgressLineWhenNotATerminalOrQuiet() throws {
        let outcome = try lua("local b = spatium.brain{}; b:area{name = 'a', size = {2, 2, 1}}; b:run{bursts = 2000}; print(b.burst)")
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "2000\n")
        #expect(outcome.stderr == "")
    }
}
