import Testing
@testable import SpatiumRuntime

@Suite struct LookupTableExportTests {
    @Test func cHeaderForQ8_8() throws {
        let table = try LookupTable(.tanh, format: .q8_8, mode: .tinymind(rounding: .truncate))
        let header = try table.cHeader()
        #expect(header.contains("#ifndef SPATIUM_LUT_TANH_Q8_8_H\n#define SPATIUM_LUT_TANH_Q8_8_H\n"))
        #expect(header.contains("#include <stdint.h>"))
        #expect(header.contains("#define TANH_Q8_8_INTEGER_BITS 8\n"))
        #expect(header.contains("#define TANH_Q8_8_FRACTIONAL_BITS 8\n"))
        #expect(header.contains("#define TANH_Q8_8_ENTRIES 96\n"))
        #expect(header.contains("#define TANH_Q8_8_DOMAIN_LO_RAW (-1536)\n"))
        #expect(header.contains("#define TANH_Q8_8_DOMAIN_HI_RAW 1504\n"))
        #expect(header.contains("#define TANH_Q8_8_SPACING_RAW 32\n"))
        #expect(header.contains("#define TANH_Q8_8_SPACING_SHIFT 5\n"))
        #expect(header.contains("static const int16_t tanh_q8_8[96] = {\n    -255, -255,"))
        #expect(header.contains("mode tinymind:truncate"))
        #expect(header.contains("Monotone: no"))
        #expect(header.contains("max 18."))                                      // the error figures
        #expect(header.hasSuffix("};\n\n#endif /* SPATIUM_LUT_TANH_Q8_8_H */\n"))
        // Every value appears in order.
        let body = header.split(separator: "{")[1].split(separator: "}")[0]
        let numbers = body.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }).compactMap { Int64($0) }
        #expect(numbers == table.values)
    }

    @Test func cHeaderTypesAndLiteralsPerWidth() throws {
        let q8 = try LookupTable(.sigmoid, format: try QFormat(parsing: "q4.4"))
        #expect(try q8.cHeader().contains("static const int8_t sigmoid_q4_4["))
        let q32 = try LookupTable(.tanh, format: try QFormat(parsing: "q20.12"), domain: (-2, 2), entries: 101)
        let header32 = try q32.cHeader(name: "my_tanh")
        #expect(header32.contains("static const int32_t my_tanh[101] = {"))
        #expect(header32.contains("#define MY_TANH_SPACING_RAW 164\n"))         // 4/100 in Q20.12, not 2^k
        #expect(!header32.contains("SPACING_SHIFT"))
        let q64 = try LookupTable(.exp, format: try QFormat(parsing: "q56.8"))
        let header64 = try q64.cHeader()
        #expect(header64.contains("static const int64_t exp_q56_8[96] = {"))
        #expect(header64.contains("    INT64_C(1), INT64_C(1),"))
        #expect(header64.contains("#define EXP_Q56_8_DOMAIN_LO_RAW (-INT64_C(1536))"))
        #expect(LookupTable.cLiteral(Int128(Int32.min), bits: 32, macro: false) == "(-2147483647 - 1)")
        #expect(LookupTable.cLiteral(Int128(Int64.min), bits: 64, macro: false) == "(-INT64_C(9223372036854775807) - 1)")
        #expect(throws: FixedPointError.invalidCIdentifier(name: "2tanh")) { try q8.cHeader(name: "2tanh") }
        #expect(throws: FixedPointError.self) { try q8.cHeader(name: "tanh-table") }
    }

    @Test func csvHasOneRowPerDomainInput() throws {
        let table = try LookupTable(.sigmoid, format: .q8_8)
        let csv = table.csv()
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "x,exact,table,error")
        #expect(lines.count == 1 + 3041)
        #expect(lines[1] == "-6.0,0.0024726231566347748,0.00390625,0.0014336268433652252")
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",").map { Double(String($0))! }
            #expect(fields.count == 4)
            #expect(fields[2] == table.eval(fields[0]))
            #expect(fields[3] == fields[2] - fields[1])
            #expect(Swift.abs(fields[3]) <= 1.0 / 256)
        }
        let wide = try LookupTable(.tanh, format: .q16_16).csv(maxRows: 1001)
        #expect(wide.split(separator: "\n").count == 1002)
        #expect(wide.split(separator: "\n")[1].hasPrefix("-6.0,"))
        #expect(wide.split(separator: "\n").last!.hasPrefix("5.875,"))
    }
}
