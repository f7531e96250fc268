import Glibc
import Testing
@testable import SpatiumRuntime

/// A stand-in for the lead's wiring of `ActivationFunction.apply` (tanh only, in Double).
struct TestFloatProvider: FloatActivationProvider {
    func apply(_ function: ActivationFunction, to xs: UnsafeBufferPointer<Float>,
               into output: UnsafeMutableBufferPointer<Float>) {
        for index in xs.indices {
            output[index] = function == .tanh ? Float(Glibc.tanh(Double(xs[index]))) : xs[index]
        }
    }
}

@Suite struct PrecisionTests {
    @Test func parsesFloatAndFixedPrecisions() throws {
        #expect(try Precision(parsing: "f32") == .float32)
        #expect(try Precision(parsing: "float32") == .float32)
        #expect(try Precision(parsing: "q8.8") == .fixed(.q8_8, .spatium))
        #expect(try Precision(parsing: "Q16.16:tinymind") == .fixed(.q16_16, .tinymind(rounding: .truncate)))
        #expect(try Precision(parsing: "q16.16:tinymind:roundup") == .fixed(.q16_16, .tinymind(rounding: .roundUp)))
        #expect(try Precision(parsing: "q8.8:spatium") == .fixed(.q8_8, .spatium))
        #expect(try Precision(parsing: "q8.8", mode: .tinymind(rounding: .roundUp)) == .fixed(.q8_8, .tinymind(rounding: .roundUp)))
        #expect(try Precision(parsing: "q8.8").format == .q8_8)
        #expect(Precision.float32.mode == nil)
        for text in ["f32", "q8.8", "q16.16:tinymind:truncate", "q8.8:tinymind:roundup"] {
            #expect(try Precision(parsing: text).description == text)
        }
        #expect(try LUTMode(parsing: "TinyMind:RoundUp") == .tinymind(rounding: .roundUp))
    }

    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch { return "\(error)" }
    }

    @Test func precisionErrorsExplain() {
        #expect(message { _ = try Precision(parsing: "f64") }.contains("not a valid Q format"))
        #expect(message { _ = try Precision(parsing: "f64") }.contains("expected \"f32\""))
        #expect(message { _ = try Precision(parsing: "q8.8:fast") }.contains("not a lookup-table mode"))
        #expect(message { _ = try Precision(parsing: "q1.15:tinymind") }.contains("I = 1 < 4"))
        #expect(message { _ = try Precision(parsing: "f32:tinymind") }.contains("f32 takes no lookup-table mode"))
        #expect(message { _ = try LUTMode(parsing: "fast") }.contains("\"spatium\", \"tinymind\""))
    }

    @Test func evaluatorRunsEveryPrecision() throws {
        let float = try ActivationEvaluator(.tanh, precision: .float32, floatProvider: TestFloatProvider())
        #expect(float.apply(0.5) == Float(Glibc.tanh(0.5)))
        // Without a provider, .float32 uses the float activation functions of Activation/.
        #expect(try ActivationEvaluator(.tanh, precision: .float32).apply(0.5) == ActivationFunction.tanh.apply(0.5))

        let fixed = try ActivationEvaluator(.tanh, precision: try Precision(parsing: "q8.8"))
        let table = try LookupTable(.tanh, format: .q8_8)
        #expect(fixed.apply(0.5) == Float(table.eval(0.5)))
        let input: [Float] = [-1, 0.25, 3]
        var output = [Float](repeating: 0, count: 3)
        try input.withUnsafeBufferPointer { i in try output.withUnsafeMutableBufferPointer { try fixed.apply(i, into: $0) } }
        #expect(output == input.map { fixed.apply($0) })
        try input.withUnsafeBufferPointer { i in try output.withUnsafeMutableBufferPointer { try float.apply(i, into: $0) } }
        #expect(output == input.map { float.apply($0) })

        let raws: [Int16] = [-256, 0, 256]
        var rawOutput = [Int16](repeating: 0, count: 3)
        try raws.withUnsafeBufferPointer { i in try rawOutput.withUnsafeMutableBufferPointer { try fixed.apply(raws: i, into: $0) } }
        #expect(rawOutput.map(Int64.init) == raws.map { table.eval(raw: Int64($0)) })
        #expect(throws: FixedPointError.self) {
            try raws.withUnsafeBufferPointer { i in try rawOutput.withUnsafeMutableBufferPointer { try float.apply(raws: i, into: $0) } }
        }
        let tiny = try ActivationEvaluator(.gelu, precision: try Precision(parsing: "q8.8:tinymind"))
        #expect(tiny.fixedPoint?.apply(raw: 256) == (try TinyMindPolicy(format: .q8_8, rounding: .truncate)).gelu(256))
    }
}
