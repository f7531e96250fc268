import Foundation
import Testing

@Suite struct AreaEngineScriptTests {
    func lua(_ chunk: String, options: [String] = []) throws -> ScriptHarness.Outcome { try ScriptHarness.evaluate(chunk, options: options) }

    @Test func activationMapsAndPrecisionInsideBursts() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let outcome = try lua("""
            local b = spatium.brain{seed = 3}
            local m = spatium.activation_map{layout = "uniform", fn = "relu"}
            local a = b:area{name = "a", size = {3, 1, 1}, threshold = 2, mp_accumulation = true, activation = m}
            a:inject(spatium.tensor{-2, 3, 1.5})
            b:step()
            print(a:fired()[1], a:potentials(), a:activation_hits():sum())
            local q = b:area{name = "q", size = {2, 1, 1}, threshold = 100, mp_accumulation = true, precision = "q8.8"}
            q:inject(spatium.tensor{1.3, -200})
            b:step()
            print(q:precision(), q:potentials()[1] == 333 / 256, q:potentials()[2])
            local t = b:area{name = "t", size = {1, 1, 1}, threshold = 100, mp_accumulation = true,
                             activation = "tanh", precision = "q8.8:tinymind"}
            t:inject(0.5) b:step()
            print(t:potentials()[1] == spatium.lut{fn = "tanh", format = "q8.8", mode = "tinymind"}:eval(0.5))
            local g = b:area{name = "g", size = {4, 4, 1}, threshold = 100,
                             activation = spatium.activation_map{layout = "checker", a = "relu", b = "linear"},
                             hash = "position", activation_neuron_hits = true}
            g:inject(-1) b:step()
            local per = g:activation_hits{per_neuron = true}
            print(per.shape[1], per.shape[2], per:sum(), g:activation_stats().total)
            g:activation_svg(spatium.output("g.svg"))
            g:set{activation = false}; print(pcall(g.activation_hits, g))
            q:set{precision = "f32"}; print(q:precision())
            """, options: ["--out", directory.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 6)
        #expect(lines[0] == "1\ttensor(f32, {3}) [0.0, 0.0, 1.5]\t3")
        #expect(lines[1] == "q8.8\ttrue\t-128.0")
        #expect(lines[2] == "true")
        #expect(lines[3] == "16\t64\t16\t16")
        #expect(lines[4].hasPrefix("false\t") && lines[4].contains("has no activation map"))
        #expect(lines[5] == "f32")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("g.svg").path))
    }

    @Test func anAreaShowsTheMapEachNeuronUses() throws {
        let outcome = try lua("""
            local b = spatium.brain{seed = 3}
            local layout = spatium.activation_map{layout = "random", seed = 7}
            local a = b:area{name = "v1", size = {4, 4, 1}, activation = layout}
            local differs = false
            for n = 1, 15 do differs = differs or tostring(a:activation_map(n)) ~= tostring(a:activation_map(0)) end
            print(differs, tostring(a:activation_map()) == tostring(a:activation_map(0)))
            -- The map a neuron uses is the one that selects its function in the burst.
            a:inject(0.3, 0x0102) b:step()
            local g = b:area{name = "g", size = {2, 1, 1},
                             activation = spatium.activation_map{layout = "gradient", center = "gelu", edge = "relu"}}
            print(g:activation_map(1):cell(3, 3), g:activation_map(1):cell(0, 0))
            print(pcall(function() return a:activation_map(16) end))
            print(pcall(function() return b:area{name = "plain", size = {1, 1, 1}}:activation_map() end))
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0] == "true\ttrue")
        #expect(lines[1] == "gelu\trelu")
        #expect(lines[2].hasSuffix("bad argument #1 to 'activation_map' (neuron index 16 is outside area 'v1' (0 to 15))"))
        #expect(lines[3].hasSuffix("area 'plain' has no activation map (give it one with activation = spatium.activation_map{…})"))
    }

    @Test func errorsLeaveNothingHalfBuilt() throws {
        let cases: [(String, String)] = [
            ("b:area{name = 'x', size = {1, 1, 1}, precision = 'q7.7'}", "bad argument #1 to 'area' (field 'precision': invalid precision \"q7.7\""),
            ("b:area{name = 'x', size = {1, 1, 1}, precision = 'q2.6:tinymind'}", "bad argument #1 to 'area' (field 'precision': "),
            ("b:area{name = 'x', size = {1, 1, 1}, hash = 'position'}", "bad argument #1 to 'area' (fields 'hash' and 'activation_neuron_hits' need an activation map"),
            ("b:area{name = 'x', size = {1, 1, 1}, activation = 'ReLU'}", "bad argument #1 to 'area' (field 'activation': unknown activation function 'ReLU'"),
            ("b:area{name = 'x', size = {1, 1, 1}, activation = 3}", "bad argument #1 to 'area' (field 'activation': spatium.activation_map, a function name or false expected, got number)"),
            ("b:area{name = 'x', size = {1, 1, 1}, activation = 'relu', hash = 'colour'}", "bad argument #1 to 'area' (field 'hash': unknown hash source 'colour'"),
            ("b:area{name = 'x', size = {1, 1, 1}, activation = 'relu', hash = 'magnitude', hash_resolution = 0}", "bad argument #1 to 'area' (field 'hash': hash resolution must be"),
        ]
        for (statement, message) in cases {
            let outcome = try lua("b = spatium.brain{} \(statement)")
            #expect(outcome.status == 1, "\(statement)")
            #expect(outcome.stderr.hasPrefix("spatium-script: (command line):1: \(message)"), "\(statement)\n got: \(outcome.stderr)")
            let after = try lua("b = spatium.brain{} pcall(function() \(statement) end) print(b:area_named('x'))")
            #expect(after.stdout == "nil\n", "\(statement) left an area behind")
        }
    }
}
