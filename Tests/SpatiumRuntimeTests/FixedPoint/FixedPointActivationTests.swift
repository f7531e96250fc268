import Glibc
import Testing
@testable import SpatiumRuntime

@Suite struct FixedPointActivationTests {
    static let all: [ActivationFunction] = [.relu, .leakyReLU(alpha: 0.01), .sigmoid, .tanh, .gelu, .swish, .mish,
                                            .elu(alpha: 1), .softplus, .hardSigmoid, .hardTanh, .sine, .linear]

    /// Double references (PyTorch's definitions; GELU the tanh approximation).
    static func reference(_ function: ActivationFunction, _ x: Double) -> Double {
        switch function {
        case .relu: return Swift.max(x, 0)
        case let .leakyReLU(alpha): return x >= 0 ? x : Double(alpha) * x
        case .sigmoid: return 1 / (1 + Glibc.exp(-x))
        case .tanh: return Glibc.tanh(x)
        case .gelu: return 0.5 * x * (1 + Glibc.tanh((2 / Double.pi).squareRoot() * (x + 0.044715 * x * x * x)))
        case .swish: return x / (1 + Glibc.exp(-x))
        case .mish: return x * Glibc.tanh(Glibc.log1p(Glibc.exp(x)))
        case let .elu(alpha): return x > 0 ? x : Double(alpha) * (Glibc.exp(x) - 1)
        case .softplus: return x > 30 ? x : Glibc.log1p(Glibc.exp(x))
        case .hardSigmoid: return Swift.min(Swift.max((x + 3) / 6, 0), 1)
        case .hardTanh: return Swift.min(Swift.max(x, -1), 1)
        case .sine: return Glibc.sin(x)
        case .linear: return x
        }
    }

    @Test(arguments: all)
    func spatiumQ8_8IsCloseToTheReferenceOnMinusEightToEight(function: ActivationFunction) throws {
        let q = QFormat.q8_8
        let activation = try FixedPointActivation(function, format: q)
        var worst = 0.0
        for raw in Int64(-2048)...Int64(2048) {
            let exact = Swift.min(Swift.max(FixedPointActivationTests.reference(function, q.real(raw)), q.min), q.max)
            worst = Swift.max(worst, Swift.abs(q.real(activation.apply(raw: raw)) - exact))
        }
        // Exact functions: ≤ ½ LSB; tables: a few LSB (swish multiplies a 1-LSB sigmoid error by |x| ≤ 8).
        let bound: Double
        switch function {
        case .relu, .linear, .hardTanh, .leakyReLU, .hardSigmoid: bound = 0.5 * q.lsb
        case .swish: bound = 10 * q.lsb
        default: bound = 4 * q.lsb
        }
        #expect(worst <= bound, "\(function): \(worst / q.lsb) LSB")
    }

    @Test func exactIntegerFunctionsAgainstRationalArithmetic() throws {
        for text in ["q8.8", "q4.12", "q1.15", "q2.6", "q16.16"] {
            let q = try QFormat(parsing: text)
            let hardSigmoid = try FixedPointActivation(.hardSigmoid, format: q)
            let hardTanh = try FixedPointActivation(.hardTanh, format: q)
            let leaky = try FixedPointActivation(.leakyReLU(alpha: 0.1), format: q)
            let relu = try FixedPointActivation(.relu, format: q)
            let linear = try FixedPointActivation(.linear, format: q)
            let one = Int64(1) << q.fractionalBits
            let step = Int(Swift.max(1, (q.maxRaw - q.minRaw) / 20_000))
            for raw in stride(from: q.minRaw, through: q.maxRaw, by: step) {
                // (x + 3)/6 in raws: (raw + 3·one)/6, ties to even, clamped to [0, one] then saturated.
                let numerator = Double(raw) + 3 * Double(one)
                let expectedSigmoid = q.saturate(Swift.min(Swift.max(Int64((numerator / 6).rounded(.toNearestOrEven)), 0), one))
                #expect(hardSigmoid.apply(raw: raw) == expectedSigmoid, "\(text) hardSigmoid \(raw)")
                #expect(hardTanh.apply(raw: raw) == q.saturate(Swift.min(Swift.max(raw, -one), one)))
                let alpha = Double(Float(0.1))
                let expectedLeaky = raw >= 0 ? raw : Int64((Double(raw) * alpha).rounded(.toNearestOrEven))
                if raw.magnitude < 1 << 28 {   // α·raw is exact in Double there (≤ 52 significant bits)
                    #expect(leaky.apply(raw: raw) == expectedLeaky, "\(text) leaky \(raw)")
                }
                #expect(relu.apply(raw: raw) == Swift.max(raw, 0))
                #expect(linear.apply(raw: raw) == raw)
            }
        }
    }

    @Test func tinyMindGELUAndELUAreTinyMindsPolicies() throws {
        for rounding in TinyMindRounding.allCases {
            let mode = LUTMode.tinymind(rounding: rounding)
            let policy = try TinyMindPolicy(format: .q8_8, rounding: rounding)
            let gelu = try FixedPointActivation(.gelu, format: .q8_8, mode: mode)
            let elu = try FixedPointActivation(.elu(alpha: 1), format: .q8_8, mode: mode)
            let sigmoid = try FixedPointActivation(.sigmoid, format: .q8_8, mode: mode)
            let table = try LookupTable(.sigmoid, format: .q8_8, mode: mode)
            for raw in stride(from: QFormat.q8_8.minRaw, through: QFormat.q8_8.maxRaw, by: 3) {
                #expect(gelu.apply(raw: raw) == policy.gelu(raw))
                #expect(elu.apply(raw: raw) == policy.elu(raw))
                #expect(sigmoid.apply(raw: raw) == table.eval(raw: raw))
            }
        }
        #expect(try TinyMindPolicy(format: .q8_8, rounding: .truncate).geluScale == 256 + 179)
    }

    @Test func spatiumGELUUsesTheGeluTableAndSineIsReduced() throws {
        let gelu = try FixedPointActivation(.gelu, format: .q16_16)
        let table = try LookupTable(.gelu, format: .q16_16)
        for x in stride(from: -10.0, through: 10.0, by: 0.173) {
            #expect(gelu.apply(x) == table.eval(x))
        }
        let sine = try FixedPointActivation(.sine, format: .q16_16)
        #expect(Swift.abs(sine.apply(100.0) - Glibc.sin(100.0)) < 1e-3)
        let tinySine = try FixedPointActivation(.sine, format: .q16_16, mode: .tinymind(rounding: .truncate))
        #expect(Swift.abs(tinySine.apply(100.0) - Glibc.sin(5.875)) < 1e-4)          // TinyMind clamps
    }

    @Test func eluAlphaAndTinyMindCompositions() throws {
        let q = QFormat.q16_16
        let elu = try FixedPointActivation(.elu(alpha: 0.5), format: q)
        #expect(Swift.abs(elu.apply(-2) - 0.5 * (Glibc.exp(-2) - 1)) < 1e-3)
        #expect(elu.apply(3) == 3)
        let mode = LUTMode.tinymind(rounding: .truncate)
        let softplus = try FixedPointActivation(.softplus, format: q, mode: mode)
        let mish = try FixedPointActivation(.mish, format: q, mode: mode)
        for x in stride(from: -5.0, through: 5.0, by: 0.25) {
            #expect(Swift.abs(softplus.apply(x) - Glibc.log1p(Glibc.exp(x))) < 5e-3, "softplus \(x)")
            #expect(Swift.abs(mish.apply(x) - x * Glibc.tanh(Glibc.log1p(Glibc.exp(x)))) < 2e-2, "mish \(x)")
        }
        let log = try LookupTable(.log, format: q, mode: mode)
        let exp = try LookupTable(.exp, format: q, mode: mode)
        #expect(softplus.apply(raw: q.raw(20)) == q.raw(20) + log.eval(raw: q.raw(1) + exp.eval(raw: q.raw(-20))))
    }

    @Test(arguments: all)
    func bulkEqualsScalar(function: ActivationFunction) throws {
        var rng = SplitMix64(seed: 11)
        let draws = (0..<600).map { _ in Int64(bitPattern: rng.next()) }
        for format in [QFormat.q8_8, .q16_16, .q32_32, try QFormat(parsing: "q3.5")] {
            // 16-bit formats evaluate through one precomputed output table in both modes.
            let modes: [LUTMode] = format.storageBits == 16 ? [.spatium] : [.spatium, .tinymind(rounding: .truncate)]
            for mode in modes {
                guard (try? mode.validate(format)) != nil else { continue }
                let activation = try FixedPointActivation(function, format: format, mode: mode)
                let raws = draws.map { $0 >> (64 - format.storageBits) }
                func check<Raw: FixedWidthInteger & SignedInteger>(_: Raw.Type, _ bulk: (UnsafeBufferPointer<Raw>, UnsafeMutableBufferPointer<Raw>) throws -> Void) throws {
                    let input = raws.map { Raw(clamping: $0) }
                    var output = [Raw](repeating: 0, count: input.count)
                    try input.withUnsafeBufferPointer { i in try output.withUnsafeMutableBufferPointer { try bulk(i, $0) } }
                    var mismatches = 0
                    for (x, y) in zip(input, output) where Raw(clamping: activation.apply(raw: Int64(x))) != y { mismatches += 1 }
                    #expect(mismatches == 0, "\(function) \(format) \(mode) \(Raw.self)")
                }
                try check(Int8.self) { try activation.apply(raws: $0, into: $1) }
                try check(Int16.self) { try activation.apply(raws: $0, into: $1) }
                try check(Int32.self) { try activation.apply(raws: $0, into: $1) }
                try check(Int64.self) { try activation.apply(raws: $0, into: $1) }
            }
        }
    }

    @Test func spatiumSoftmaxSubtractsTheMaximum() throws {
        let softmax = try FixedPointSoftmax(format: .q8_8)
        let q = QFormat.q8_8
        let big = softmax.apply([q.raw(100), q.raw(99), q.raw(98)])           // TinyMind would overflow
        let weights = [1.0, Glibc.exp(-1.0), Glibc.exp(-2.0)]
        let total = weights.reduce(0, +)
        for (value, weight) in zip(big, weights) { #expect(Swift.abs(q.real(value) - weight / total) <= 1.5 * q.lsb) }
        #expect(softmax.apply([]).isEmpty)
        #expect(softmax.apply([q.raw(5)]) == [q.raw(1)])
        let wide = try FixedPointSoftmax(format: .q16_16)
        let values = wide.apply([QFormat.q16_16.raw(2), QFormat.q16_16.raw(-20)])
        #expect(Swift.abs(QFormat.q16_16.real(values[0]) - 1 / (1 + Glibc.exp(-22.0))) <= 2 * QFormat.q16_16.lsb)
        let tiny = try FixedPointSoftmax(format: .q8_8, mode: .tinymind(rounding: .roundUp))
        #expect(tiny.apply([275, 249]) == [134, 121])
    }
}
