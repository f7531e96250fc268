import Testing
@testable import SpatiumRuntime

@Suite struct LUTErrorReportTests {
    @Test func reportsMaxMeanWhereAndMonotonicity() throws {
        let report = try LUTErrorReport(function: .tanh, format: .q8_8, mode: .tinymind(rounding: .truncate))
        #expect(report.inputCount == 3041 && report.isExhaustive)              // raws −1536 … 1504
        #expect(!report.isMonotone && report.monotonicityViolations > 0)
        #expect(report.maxError > 0.07 && report.maxError < 0.075)              // the quirk: up to 0.074
        #expect(report.maxErrorLSB == report.maxError * 256)
        let table = try LookupTable(.tanh, format: .q8_8, mode: .tinymind(rounding: .truncate))
        let exact = TanhError.exactRaw(report.maxErrorInputRaw)
        #expect(Swift.abs(Double(table.eval(raw: report.maxErrorInputRaw)) - exact) == report.maxErrorLSB)
        #expect(report.meanErrorLSB > 0 && report.meanErrorLSB < report.maxErrorLSB)
        // RMS recomputed independently over every input of the domain.
        var squares = 0.0
        for raw in Int64(-1536)...1504 {
            let error = Double(table.eval(raw: raw)) - TanhError.exactRaw(raw)
            squares += error * error
        }
        #expect(Swift.abs(report.rmsErrorLSB - (squares / 3041).squareRoot()) < 1e-12)
        #expect(report.rmsErrorLSB > report.meanErrorLSB && report.rmsErrorLSB < report.maxErrorLSB)
        #expect(report.rmsError == report.rmsErrorLSB / 256)
        #expect(report.description.contains("not monotone"))
    }

    @Test func wideFormatsAreSampledDensely() throws {
        let table = try LookupTable(.sigmoid, format: try QFormat(parsing: "q8.24"))
        let report = table.errorReport()
        #expect(!report.isExhaustive && report.inputCount >= 1_000_000)
        #expect(report.isMonotone)
        let q16 = LUTErrorReport(table: try LookupTable(.sigmoid, format: try QFormat(parsing: "q24.8")), scope: .domain)
        #expect(q16.isExhaustive && q16.inputCount == 3041)
    }

    @Test func nonMonotoneFunctionsAreJudgedWhereTheyAreMonotone() throws {
        #expect(try LUTErrorReport(function: .sin, format: .q8_8).isMonotone)
        #expect(try LUTErrorReport(function: .gelu, format: .q8_8, scope: .allInputs).isMonotone)
        #expect(!(try LUTErrorReport(function: .sin, format: .q8_8, mode: .tinymind(rounding: .truncate))).isMonotone)
    }
}

enum TanhError {
    static func exactRaw(_ raw: Int64) -> Double {
        LUTFunction.tanh.exact(QFormat.q8_8.real(raw)) * 256
    }
}
