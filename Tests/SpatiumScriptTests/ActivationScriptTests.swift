import Foundation
import Testing

@Suite struct ActivationScriptTests {
    func lua(_ chunk: String, options: [String] = []) throws -> ScriptHarness.Outcome { try ScriptHarness.evaluate(chunk, options: options) }

    @Test func functionsOnNumbersAndTensors() throws {
        let outcome = try lua("""
            local a = spatium.activation
            print(a.apply("relu", -1), a.apply("relu", 2), a.apply("hard_tanh", 3), a.apply("sigmoid", 0))
            print(a.apply({"elu", 0.5}, -1) == a.apply("elu:0.5", -1), a.apply("leaky_relu:0.1", -2))
            print(a.derivative("sigmoid", 0), a.derivative("relu", 1))
            local t = a.apply("tanh", spatium.tensor{-1, 0, 1})
            print(t.dtype, #t, t[2], t[1] == -t[3])
            print(table.concat(a.names(), ","))
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            0.0\t2.0\t1.0\t0.5
            true\t-0.20000000298023
            0.25\t1.0
            f32\t3\t0.0\ttrue
            relu,leaky_relu,sigmoid,tanh,gelu,swish,mish,elu,softplus,hard_sigmoid,hard_tanh,sine,linear

            """)
    }

    @Test func mapsLayoutsSelectionAndHits() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let outcome = try lua("""
            local m = spatium.activation_map{layout = "gradient", center = "gelu", edge = "relu"}
            print(m:cell(2, 2), m:cell(5, 5), m:cell(1, 2), m:cell(6, 3))
            local row, column, name = m:select(0x0305)
            print(row, column, name)
            print(m:activate(-1, 0x0000), m:activate(1, 0x0303))
            local hits = m:hits()
            print(hits.shape[1], hits.shape[2], hits:sum(), hits[3 * 8 + 5 + 1], hits[1])
            local s = m:stats()
            print(s.total, s.dead_count, #s.dead_cells, s.function_share.relu, s.function_cells.gelu)
            m:reset_hits(); print(m:hits():sum())
            print(spatium.activation_map{layout = "checker", a = "relu", b = "tanh"}:cell(0, 1))
            print(spatium.activation_map{layout = "stripes", a = "relu", b = "tanh", axis = "columns"}:cell(0, 1))
            print(spatium.activation_map{layout = "radial", rings = {"gelu", "tanh", "relu"}}:cell(0, 0))
            local cells = {} for i = 1, 64 do cells[i] = (i % 2 == 0) and "sine" or "linear" end
            print(spatium.activation_map{layout = "cells", cells = cells}:cell(0, 1))
            print(spatium.activation_map{layout = "uniform", fn = "mish"}:cell(7, 7))
            local r1 = spatium.activation_map{layout = "random", seed = 7}
            local r2 = spatium.activation_map{layout = "random", seed = 7}
            print(tostring(r1) == tostring(r2), spatium.activation_map{layout = "random", set = {"relu"}}:cell(4, 4))
            print(m:svg(spatium.output("map.svg")) ~= nil)
            """, options: ["--out", directory.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            gelu\tgelu\trelu\trelu
            3\t5\tgelu
            0.0\t0.84119200706482
            8\t8\t3\t1\t1
            3\t61\t61\t0.33333333333333\t16
            0
            tanh
            tanh
            relu
            sine
            mish
            true\trelu
            true

            """)
        let svg = try String(contentsOf: directory.appendingPathComponent("map.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<?xml"))
        let cells = svg.components(separatedBy: "class=\"cell\"").count - 1 + svg.components(separatedBy: "class=\"cell dead\"").count - 1
        #expect(cells == 64)
    }

    @Test func mapsInBulkOverTensors() throws {
        // Tensors of values and i64 hashes in one crossing each way, equal to the scalar form
        // element by element, for every plan's kind of map (2, 3 and 12 functions).
        let outcome = try lua("""
            local maps = {
              spatium.activation_map{layout = "gradient", center = "gelu", edge = "relu"},
              spatium.activation_map{layout = "radial", rings = {"gelu", "tanh", "relu"}},
              spatium.activation_map{layout = "random", seed = 3},
            }
            local n = 5000
            local xs, hs = {}, {}
            local state = 12345
            for i = 1, n do
              state = (state * 6364136223846793005 + 1442695040888963407)
              hs[i] = state
              xs[i] = ((state >> 20) % 2001 - 1000) / 125
            end
            local values = spatium.tensor.from(xs, "f32")
            local hashes = spatium.tensor.from(hs, "i64")
            for k, m in ipairs(maps) do
              local y = m:activate(values, hashes)
              local d = m:derivative(values, hashes)
              local counted = m:hits():sum()
              local same, sameSlope = true, true
              for i = 1, n do
                if y[i] ~= m:activate(values[i], hs[i]) then same = false end
                if d[i] ~= m:derivative(values[i], hs[i]) then sameSlope = false end
              end
              print(k, y.dtype, #y, same, sameSlope, counted, m:hits():sum())
            end
            local small = maps[1]:activate(spatium.tensor.from({-1, 1}, "f64"), spatium.tensor.from({0, 0x0303}, "i32"))
            print(small.dtype, small[1], small[2])
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            1\tf32\t5000\ttrue\ttrue\t5000\t10000
            2\tf32\t5000\ttrue\ttrue\t5000\t10000
            3\tf32\t5000\ttrue\ttrue\t5000\t10000
            f32\t0.0\t0.84119200706482

            """)
    }

    @Test func textGrid() throws {
        let outcome = try lua("print(spatium.activation_map{layout = 'checker', a = 'relu', b = 'sigmoid'})")
        let lines = outcome.stdout.split(separator: "\n")
        #expect(lines.count == 8)
        #expect(lines[0] == "relu sigm relu sigm relu sigm relu sigm")
        #expect(lines[1] == "sigm relu sigm relu sigm relu sigm relu")
    }

    @Test func errorMessages() throws {
        let cases: [(String, String)] = [
            ("spatium.activation.apply('ReLU', 1)", "bad argument #1 to 'apply' (unknown activation function 'ReLU'; valid names: relu, leaky_relu, sigmoid"),
            ("spatium.activation.apply('relu:2', 1)", "bad argument #1 to 'apply' ("),
            ("spatium.activation.apply('relu', 'x')", "bad argument #2 to 'apply' (number expected, got string)"),
            ("spatium.activation.apply(5, 1)", "bad argument #1 to 'apply' (activation name expected, got number)"),
            ("spatium.activation.apply('tanh', 1, {precision = 'q7.7'})", "bad argument #3 to 'apply' (field 'precision': "),
            ("spatium.activation.apply('tanh', 1, {precison = 'q8.8'})", "bad argument #3 to 'apply' (unknown option 'precison' (valid: precision))"),
            ("spatium.activation_map{layout = 'weird'}", "bad argument #1 to 'activation_map' (unknown layout 'weird' (expected uniform, random, gradient, radial, checker, stripes or cells))"),
            ("spatium.activation_map{layout = 'gradient', center = 'gelu'}", "bad argument #1 to 'activation_map' (field 'edge': activation name expected, got nil)"),
            ("spatium.activation_map{layout = 'cells', cells = {'relu'}}", "bad argument #1 to 'activation_map' ("),
            ("spatium.activation_map{layout = 'stripes', a = 'relu', b = 'tanh', axis = 'z'}", "bad argument #1 to 'activation_map' (field 'axis': 'rows' or 'columns' expected, got 'z')"),
            ("spatium.activation_map{layot = 'uniform'}", "bad argument #1 to 'activation_map' (unknown option 'layot'"),
            ("spatium.activation_map{layout = 'uniform', fn = 'relu'}:cell(8, 0)", "bad argument #1 to 'cell' (row and column must be 0…7, got (8, 0))"),
            ("spatium.activation_map{layout = 'uniform', fn = 'relu'}:activate(spatium.tensor.from{1, 2}, 7)", "bad argument #2 to 'activate' (tensor of hashes expected with a tensor of values, got number)"),
            ("spatium.activation_map{layout = 'uniform', fn = 'relu'}:derivative(spatium.tensor.from{1, 2}, spatium.tensor.from{1.5, 2})", "bad argument #2 to 'derivative' (hashes must be an integer tensor (i64, i32 or u8), got f64)"),
            ("spatium.activation_map{layout = 'uniform', fn = 'relu'}:activate(spatium.tensor.from{1, 2}, spatium.tensor.from{1})", "bad argument #2 to 'activate' (1 hashes for 2 values (one hash per value expected))"),
            ("spatium.activation_map{layout = 'uniform', fn = 'relu'}:activate(1)", "bad argument #2 to 'activate' (number expected, got no value)"),
        ]
        for (chunk, message) in cases {
            let outcome = try lua(chunk)
            #expect(outcome.status == 1, "\(chunk)")
            #expect(outcome.stderr.hasPrefix("spatium-script: (command line):1: \(message)"), "\(chunk)\n got: \(outcome.stderr)")
        }
    }

    @Test func svgHonoursTheSandbox() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let outcome = try lua("spatium.activation_map{layout = 'uniform', fn = 'relu'}:svg('/tmp/escape-\(UUID().uuidString).svg')",
                              options: ["--sandbox", "--out", directory.path])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("sandbox: writing"))
    }
}
