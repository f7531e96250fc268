import Testing

@Suite struct TensorScriptTests {
    func lua(_ chunk: String) throws -> ScriptHarness.Outcome { try ScriptHarness.evaluate(chunk) }

    @Test func constructionAndElements() throws {
        let outcome = try lua("""
            local t = spatium.tensor.from{{1, 2, 3}, {4, 5, 6}}
            print(t.dtype, #t, t.shape[1], t.shape[2], t[1], t[6], math.type(t[1]))
            local f = spatium.tensor{0.5, 1.5}
            print(f.dtype, f[2], math.type(f[2]))
            local z = spatium.tensor.zeros({2, 3}, 'f32')
            z[2] = 2.5; print(z[2], z.dtype, tostring(z))
            local u = spatium.tensor.zeros(3, 'u8'); u[1] = 300; print(u[1])
            print(spatium.tensor.from({1, 2}, 'f32').dtype, #spatium.tensor.from{})
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            i64\t6\t2\t3\t1\t6\tinteger
            f64\t1.5\tfloat
            2.5\tf32\ttensor(f32, {2, 3}) [0.0, 2.5, 0.0, 0.0, 0.0, 0.0]
            44
            f32\t0

            """)
    }

    @Test func reductionsAndHistogram() throws {
        let outcome = try lua("""
            local t = spatium.tensor.from{3, 1, 4, 1, 5, 9, 2, 6}
            print(t:sum(), t:mean(), t:min(), t:max(), t:argmax())
            local counts, edges = t:histogram(4)
            print(counts:to_table()[1], counts:sum(), #edges, edges[1], edges[5])
            local c2 = t:histogram(2, 0, 10)
            print(c2[1], c2[2])
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "31\t3.875\t1\t9\t6\n3\t8\t5\t1.0\t9.0\n5\t3\n")
    }

    @Test func viewsShareMemory() throws {
        let outcome = try lua("""
            local t = spatium.tensor.zeros({3, 4}, 'i32')
            local row = t:slice(2, 2)
            row:fill(7)
            print(t:sum(), row.shape[1], row.shape[2], t[5], t[9])
            local flat = t:reshape(-1); flat[1] = 1
            print(t[1], #flat, t:reshape(2, 6).shape[2], t:reshape{6, 2}.shape[1])
            local c = t:copy(); c[1] = 99; print(t[1], c[1], t:copy('f64').dtype)
            local nested = t:slice(1, 2):to_table()
            print(#nested, #nested[1], nested[2][1])
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "28\t1\t4\t7\t0\n1\t12\t6\t6\n1\t99\tf64\n2\t4\t7\n")
    }

    @Test func arithmetic() throws {
        let outcome = try lua("""
            local a = spatium.tensor.from{1, 2, 3}
            local b = spatium.tensor.from{0.5, 0.5, 0.5}
            print((a + 1).dtype, (a + 1)[3], (a * 0.5)[3], (a / 2).dtype, (2 - a)[1], (-a)[2], (a ^ 2)[3])
            print((a + b).dtype, (a * b):sum(), (a - b)[1], a == spatium.tensor.from{1, 2, 3}, a == b)
            local f = spatium.tensor.from({1, 2}, 'f32'); print((f * 2).dtype, (f + 0.5)[1], (f + a:slice(1, 2)).dtype)
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "i64\t4\t1.5\tf64\t1\t-2\t9.0\nf64\t3.0\t0.5\ttrue\tfalse\nf32\t1.5\tf32\n")
    }

    @Test func errorMessages() throws {
        let cases: [(String, String)] = [
            ("spatium.tensor.zeros('x')", "bad argument #1 to 'zeros' (shape (integer or table) expected, got string)"),
            ("spatium.tensor.zeros({-1})", "bad argument #1 to 'zeros' (invalid shape {-1} (dimensions must be >= 0))"),
            ("spatium.tensor.zeros(2, 'f16')", "bad argument #2 to 'zeros' (unknown dtype 'f16' (expected one of f32, f64, i32, i64, u8))"),
            ("spatium.tensor.from{{1, 2}, {3}}", "bad argument #1 to 'from' (ragged nested table: t[2] has 1 elements, expected 2)"),
            ("spatium.tensor.from{1, 'a'}", "bad argument #1 to 'from' (t[2] is a string, expected a number or a table)"),
            ("spatium.tensor.from(5)", "bad argument #1 to 'from' (table expected, got number)"),
            ("local t = spatium.tensor{1}; return t[2]", "index 2 out of range (1..1)"),
            ("local t = spatium.tensor{1}; t[1] = 'x'", "tensor element must be a number, got string"),
            ("local t = spatium.tensor{1}; t[1] = 0.5", "number has no integer representation (tensor is i64)"),
            ("local t = spatium.tensor{1, 2}; t:slice(2, 5)", "bad argument #1 to 'slice' (slice 2..5 out of range (1..2))"),
            ("local t = spatium.tensor{1, 2}; t:reshape(3)", "bad argument #1 to 'reshape' (shape holds 3 elements but 2 were given)"),
            ("local t = spatium.tensor{1, 2}; return t + spatium.tensor{1}", "tensor + tensor: shapes {2} and {1} differ"),
            ("local t = spatium.tensor{1, 2}; return t + 'x'", "attempt to perform arithmetic on a tensor and a string value"),
            ("local t = spatium.tensor.zeros(0); return t:mean()", "mean of an empty tensor"),
            ("local t = spatium.tensor{1}; t.sum(5)", "bad argument #1 to 'sum' (spatium.tensor expected, got number)"),
        ]
        for (chunk, message) in cases {
            let outcome = try lua(chunk)
            #expect(outcome.status == 1, "\(chunk)")
            #expect(outcome.stderr.hasPrefix("spatium-script: (command line):1: \(message)"), "\(chunk)\n got: \(outcome.stderr)")
        }
    }

    @Test func largeTensorsPrintAbbreviated() throws {
        let outcome = try lua("print(spatium.tensor.zeros(1000, 'i32'))")
        #expect(outcome.stdout == "tensor(i32, {1000}) [0, 0, 0, 0, 0, …, 0, 0, 0, 0, 0]\n")
    }
}
