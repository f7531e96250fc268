import Testing
@testable import SpatiumRuntime

/// Every stored golden row (TinyMind's own C++ output, compacted into Tests/Fixtures/tinymind/)
/// must be reproduced exactly in tinymind mode.
@Suite struct TinyMindGoldenTests {
    /// Compares every row of every section of `file`; returns (rows checked, sections).
    func checkAll(_ file: String, skipping skipped: Set<String> = []) throws -> (rows: Int, sections: Int) {
        let sections = TinyMindFixtures.sections(file)
        let policies = TinyMindFixtures.PolicyCache()
        var rows = 0
        for section in sections where !skipped.contains(section.format.description) {
            let evaluate = try #require(try TinyMindFixtures.evaluator(section.function, format: section.format,
                                                                        rounding: section.rounding, policies: policies),
                                        "unknown golden function \(section.function)")
            var mismatches = 0
            var first: String?
            for (input, expected) in zip(section.inputs, section.outputs) {
                let got = evaluate(input)
                if got != expected {
                    mismatches += 1
                    if first == nil { first = "x = \(input): expected \(expected), got \(got)" }
                }
            }
            #expect(mismatches == 0, "\(section.format) \(section.function) \(section.rounding): \(mismatches) mismatches, first \(first ?? "")")
            rows += section.inputs.count
        }
        return (rows, sections.count)
    }

    @Test func q8_8TanhAndSigmoidAllInputsBothRoundings() throws {
        let result = try checkAll("q8_8_tanh_sigmoid.tmgf")
        #expect(result.sections == 4)
        #expect(result.rows == 4 * 65_536)
    }

    @Test func q8_8TableLookupsAndPolicies() throws {
        let result = try checkAll("q8_8_extra.tmgf")
        #expect(result.sections == 18)   // exp/log/sin/cos_lut, elu, gelu, relu, two derivatives × 2 roundings
        #expect(result.rows > 50_000)
    }

    @Test func q16_16TablesAndPolicies() throws {
        let result = try checkAll("q16_16.tmgf")
        #expect(result.sections == 13)
        #expect(result.rows > 15_000)
    }

    @Test func otherFormats() throws {
        let result = try checkAll("other_formats.tmgf", skipping: ["Q1.7", "Q1.15"])
        #expect(result.sections == 20)
        #expect(result.rows > 10_000)
    }

    /// Q1.7 and Q1.15 are outside what TinyMind handles: refused, with the reason; what TinyMind
    /// silently computes there (x ≤ 0 → f(−6), x > 0 → f(5.875)) is what LOOKUP.md records.
    @Test func brokenFormatsAreRefusedAndTheirRecordedBehaviourIsUnderstood() throws {
        for section in TinyMindFixtures.sections("other_formats.tmgf")
        where section.format.integerBits < 4 {
            let function = try LUTFunction(name: section.function)
            #expect(throws: FixedPointError.self) {
                try LookupTable(function, format: section.format, mode: .tinymind(rounding: .truncate))
            }
            let values = try LookupTable.tinyMindTableValues(function, format: section.format)
            for (input, expected) in zip(section.inputs, section.outputs) {
                #expect((input <= 0 ? values[0] : values[95]) == expected)
            }
        }
    }

    @Test func softmaxRows() throws {
        let rows = TinyMindFixtures.softmaxRows()
        #expect(rows.count == 400)
        var softmaxes: [String: FixedPointSoftmax] = [:]
        for row in rows {
            let key = "\(row.format) \(row.rounding)"
            let softmax = try softmaxes[key] ?? FixedPointSoftmax(format: row.format, mode: .tinymind(rounding: row.rounding))
            softmaxes[key] = softmax
            #expect(softmax.apply(row.inputs) == row.outputs, "\(row.format) \(row.inputs)")
        }
        #expect(softmaxes.count == 2)
    }

    @Test(arguments: [("tables_q8_8.bin", QFormat.q8_8), ("tables_q16_16.bin", QFormat.q16_16)])
    func tableBytesEqualTinyMindsTables(file: String, format: QFormat) throws {
        let expected = TinyMindFixtures.tableBytes(file)
        #expect(expected.count == 6)
        for (function, bytes) in expected {
            let table = try LookupTable(function, format: format, mode: .tinymind(rounding: .truncate))
            #expect(table.littleEndianBytes == bytes, "\(function) \(format)")
            #expect(table.bytes == 96 * format.storageBytes)
            #expect(table.entries == 96)
        }
    }

    @Test func quirkAndWrapFactsFromLookupMd() throws {
        let truncate = LUTMode.tinymind(rounding: .truncate)
        let tanh = try LookupTable(.tanh, format: .q8_8, mode: truncate)
        #expect(tanh.eval(raw: -162) == -162)     // T[i] == x shortcut
        #expect(tanh.eval(raw: -163) == -143)
        #expect(tanh.values[72] == 254)           // tanh(3)·256 = 254.75 truncated
        let exp = try LookupTable(.exp, format: .q8_8, mode: truncate)
        #expect(exp.values[87] == -32007)         // exp(4.875)·256 wraps
        let log = try LookupTable(.log, format: .q8_8, mode: truncate)
        #expect(log.values[0..<49].allSatisfy { $0 == 0 })
        #expect(try LookupTable.tinyMindTableValues(.exp, format: try QFormat(parsing: "q2.62"))[95] == 0)   // ≥ 2^64 → 0
        #expect(tanh.bytes == 192)
        #expect(try LookupTable(.tanh, format: .q32_32, mode: truncate).bytes == 768)
    }

    @Test func tinyMindModeRefusesWhatItCannotDo() throws {
        let truncate = LUTMode.tinymind(rounding: .truncate)
        let roundUp = LUTMode.tinymind(rounding: .roundUp)
        func reason(_ body: () throws -> Void) -> String {
            do { try body(); return "" } catch { return "\(error)" }
        }
        #expect(reason { _ = try LookupTable(.tanh, format: try QFormat(parsing: "q2.14"), mode: truncate) }.contains("I = 2 < 4"))
        #expect(reason { _ = try LookupTable(.tanh, format: try QFormat(parsing: "q6.2"), mode: truncate) }.contains("F = 2 < 3"))
        #expect(reason { _ = try LookupTable(.tanh, format: try QFormat(parsing: "q30.34"), mode: truncate) }.contains("F = 34 > 33"))
        #expect(reason { _ = try LookupTable(.tanh, format: try QFormat(parsing: "q32.32"), mode: roundUp) }.contains("F = 32 > 31"))
        _ = try LookupTable(.tanh, format: try QFormat(parsing: "q31.33"), mode: truncate)
        _ = try LookupTable(.tanh, format: try QFormat(parsing: "q33.31"), mode: roundUp)
        #expect(reason { _ = try LookupTable(.gelu, format: .q8_8, mode: truncate) }.contains("no gelu table"))
        #expect(reason { _ = try LookupTable(.tanh, format: .q8_8, mode: truncate, entries: 128) }.contains("fixed"))
    }
}
