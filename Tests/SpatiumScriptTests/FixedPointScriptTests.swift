import Foundation
import Testing

@Suite struct FixedPointScriptTests {
    func lua(_ chunk: String, options: [String] = []) throws -> ScriptHarness.Outcome { try ScriptHarness.evaluate(chunk, options: options) }

    @Test func formats() throws {
        let outcome = try lua("""
            local q = spatium.q("Q8.8")
            print(q, q:raw(1.5), q:raw(1000), q:raw(-1000), q:real(384), q:min(), q:max(), q:lsb())
            print(q:bits())
            print(spatium.q("q16.16"):raw(0.5), q == spatium.q("q8.8"), q == spatium.q("q4.12"))
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            Q8.8\t384\t32767\t-32768\t1.5\t-128.0\t127.99609375\t0.00390625
            8\t8\t16
            32768\ttrue\tfalse

            """)
    }

    @Test func tablesInBothModes() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let outcome = try lua("""
            local tm = spatium.lut{fn = "tanh", format = "q8.8", mode = "tinymind", rounding = "truncate"}
            local sp = spatium.lut{fn = "tanh", format = "q8.8"}
            print(tm:eval_raw(-162), tm:eval_raw(-163), #tm:values(), tm:bytes(), tm:values()[1], tm:values()[96])
            local e = sp:error()
            print(e.max_lsb <= 1 and e.rms_lsb <= e.max_lsb and e.rms_lsb >= e.mean_lsb and e.rms == e.rms_lsb / 256, e.monotone, e.exhaustive, tm:error().monotone)
            local wide = spatium.lut{fn = "sigmoid", format = "q16.16", max_error_lsb = 2}
            print(wide:error().max_lsb <= 2, wide:info().entries)
            local t = sp:eval(spatium.tensor{-1, 0, 1})
            print(t.dtype, t[2], t[1] == -t[3])
            print(sp:eval_raw(spatium.tensor{-256, 0, 256})[3], spatium.lut{fn = "exp", format = "q8.8"}:eval(10))
            print(spatium.activation.apply("tanh", 0.5, {precision = "q8.8:tinymind"}) == tm:eval(0.5))
            print(spatium.activation.apply("relu", spatium.tensor{-1, 1.5}, {precision = "q8.8"})[2])
            tm:export_c(spatium.output("tanh_q8_8.h")); tm:export_csv(spatium.output("tanh_q8_8.csv"))
            """, options: ["--out", directory.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            -162\t-143\t96\t192\t-255\t255
            true\ttrue\ttrue\tfalse
            true\t1025
            f64\t0.0\ttrue
            195\t127.99609375
            true
            1.5

            """)
        let header = try String(contentsOf: directory.appendingPathComponent("tanh_q8_8.h"), encoding: .utf8)
        #expect(header.contains("static const int16_t tanh_q8_8[96] = {"))
        #expect(header.contains("#define"))
        let csv = try String(contentsOf: directory.appendingPathComponent("tanh_q8_8.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("x,exact,table,error\n"))
    }

    @Test func errorMessages() throws {
        let cases: [(String, String)] = [
            ("spatium.q('q7.7')", "bad argument #1 to 'q' (invalid Q format \"q7.7\""),
            ("spatium.q(3)", "bad argument #1 to 'q' (invalid Q format \"3\""),
            ("spatium.lut{fn = 'tanh', format = 'q2.6', mode = 'tinymind'}", "bad argument #1 to 'lut' (lookup mode tinymind"),
            ("spatium.lut{fn = 'softmax'}", "bad argument #1 to 'lut' (field 'fn': "),
            ("spatium.lut{format = 'q8.8'}", "bad argument #1 to 'lut' (field 'fn': string expected, got nil)"),
            ("spatium.lut{fn = 'tanh', rounding = 'truncate'}", "bad argument #1 to 'lut' (field 'rounding' applies to mode = \"tinymind\" only)"),
            ("spatium.lut{fn = 'tanh', mode = 'tinymind', rounding = 'up'}", "bad argument #1 to 'lut' (field 'rounding': 'truncate' or 'roundup' expected, got 'up')"),
            ("spatium.lut{fn = 'tanh', mode = 'fast'}", "bad argument #1 to 'lut' (field 'mode': "),
            ("spatium.lut{fn = 'tanh', domain = {1}}", "bad argument #1 to 'lut' (field 'domain': {low, high} expected)"),
            ("spatium.lut{fn = 'tanh', colour = 1}", "bad argument #1 to 'lut' (unknown option 'colour'"),
            ("spatium.lut{fn = 'tanh'}:eval('x')", "bad argument #1 to 'eval' (number expected, got string)"),
        ]
        for (chunk, message) in cases {
            let outcome = try lua(chunk)
            #expect(outcome.status == 1, "\(chunk)")
            #expect(outcome.stderr.hasPrefix("spatium-script: (command line):1: \(message)"), "\(chunk)\n got: \(outcome.stderr)")
        }
    }
}
