/// One activation function evaluated in a Q format (DESIGN.md §4.3), scalar and bulk.
///
/// | function | `spatium` | `tinymind` |
/// |---|---|---|
/// | Linear, ReLU, LeakyReLU(α), HardSigmoid, HardTanh | exact integer arithmetic, one rounding (ties to even), saturating | same, rounding by the TinyMind policy (floor / half up) |
/// | Sigmoid, Tanh | table | TinyMind table |
/// | Sine | sin table after reduction to [−π, π) | TinyMind sin table (clamped to [−6, 5.875], no reduction) |
/// | GELU | gelu table (tanh approximation) | x·σ(s·x) through the sigmoid table (TinyMind's policy) |
/// | Swish | x·σ(x), product rounded to nearest, saturated | x·σ(x) with TinyMind's multiply |
/// | ELU(α) | x > 0 ? x : α(exp(x) − 1), exp table | TinyMind's ELU (α = 1 bit-exact; other α scaled exactly) |
/// | Softplus, Mish | their tables; beyond the domain the asymptote | composed from TinyMind's tables: softplus = x⁺ + log(1 + exp(−\|x\|)), mish = x·tanh(softplus) |
///
/// Spatium's own operations saturate; TinyMind's wrap as TinyMind does. For 8- and 16-bit
/// formats the whole function is precomputed for every input (256 B / 128 KiB) and every
/// evaluation is one indexed load; scalar and bulk give identical results.
///
/// ```swift
/// let gelu = try FixedPointActivation(.gelu, format: .q8_8)                       // spatium
/// gelu.apply(raw: 256)                                                            // ≈ 0.841 · 256
/// let tiny = try FixedPointActivation(.gelu, format: .q8_8, mode: .tinymind(rounding: .truncate))
/// tiny.apply(1.0)                                                                 // TinyMind's GELU(1)
/// ```
public struct FixedPointActivation: Sendable {
    /// The activation function.
    ///
    /// ```swift
    /// activation.function   // .swish
    /// ```
    public let function: ActivationFunction
    /// The Q format of inputs and outputs.
    ///
    /// ```swift
    /// activation.format   // Q8.8
    /// ```
    public let format: QFormat
    /// The lookup-table mode.
    ///
    /// ```swift
    /// activation.mode   // .spatium
    /// ```
    public let mode: LUTMode

    enum Plan: Sendable {
        case linear
        case relu
        case leakyReLU(ExactScale)
        case hardSigmoid
        case hardTanh
        case table(LookupTable)
        case swish(sigmoid: LookupTable)
        case elu(exp: LookupTable, alpha: ExactScale)
        case tinyMindGELU(TinyMindPolicy)
        case tinyMindSoftplus(log: LookupTable, exp: LookupTable)
        case tinyMindMish(log: LookupTable, exp: LookupTable, tanh: LookupTable)
    }

    let plan: Plan
    /// Rounding of Spatium's own arithmetic in this mode.
    let rounding: QRounding
    let wraps: Bool
    let outputs16: [Int16]
    let outputs8: [Int8]

    /// Prepares `function` in `format` and `mode` (building the tables it needs).
    ///
    /// ```swift
    /// let swish = try FixedPointActivation(.swish, format: .q16_16)
    /// ```
    public init(_ function: ActivationFunction, format: QFormat, mode: LUTMode = .spatium) throws {
        try mode.validate(format)
        self.function = function
        self.format = format
        self.mode = mode
        switch mode {
        case .spatium:
            rounding = .roundToNearestEven
            wraps = false
        case let .tinymind(policy):
            rounding = policy.qRounding
            wraps = true
        }
        func table(_ tabulated: LUTFunction) throws -> LookupTable {
            try LookupTable(tabulated, format: format, mode: mode)
        }
        let isTinyMind = mode != .spatium
        switch function {
        case .linear: plan = .linear
        case .relu: plan = .relu
        case let .leakyReLU(alpha): plan = .leakyReLU(ExactScale(alpha))
        case .hardSigmoid: plan = .hardSigmoid
        case .hardTanh: plan = .hardTanh
        case .sigmoid: plan = .table(try table(.sigmoid))
        case .tanh: plan = .table(try table(.tanh))
        case .sine: plan = .table(try table(.sin))
        case .gelu:
            if case let .tinymind(policy) = mode {
                plan = .tinyMindGELU(try TinyMindPolicy(format: format, rounding: policy))
            } else {
                plan = .table(try table(.gelu))
            }
        case .swish: plan = .swish(sigmoid: try table(.sigmoid))
        case let .elu(alpha): plan = .elu(exp: try table(.exp), alpha: ExactScale(alpha))
        case .softplus:
            plan = isTinyMind ? .tinyMindSoftplus(log: try table(.log), exp: try table(.exp)) : .table(try table(.softplus))
        case .mish:
            plan = isTinyMind
                ? .tinyMindMish(log: try table(.log), exp: try table(.exp), tanh: try table(.tanh))
                : .table(try table(.mish))
        }
        var outputs16: [Int16] = []
        var outputs8: [Int8] = []
        let plan = self.plan
        let rounding = self.rounding
        let wraps = self.wraps
        if case let .table(table) = plan {
            outputs16 = table.outputs16
            outputs8 = table.outputs8
        } else if format.storageBits == 16 {
            outputs16 = [Int16](repeating: 0, count: 1 << 16)
            for raw in Int64(-32768)...Int64(32767) {
                outputs16[Int(UInt16(truncatingIfNeeded: raw))] = Int16(truncatingIfNeeded:
                    FixedPointActivation.evaluate(plan, raw, format: format, rounding: rounding, wraps: wraps))
            }
        } else if format.storageBits == 8 {
            outputs8 = [Int8](repeating: 0, count: 256)
            for raw in Int64(-128)...Int64(127) {
                outputs8[Int(UInt8(truncatingIfNeeded: raw))] = Int8(truncatingIfNeeded:
                    FixedPointActivation.evaluate(plan, raw, format: format, rounding: rounding, wraps: wraps))
            }
        }
        self.outputs16 = outputs16
        self.outputs8 = outputs8
    }

    // MARK: Scalar

    /// The activation of a raw input (saturated into the format first).
    ///
    /// ```swift
    /// try FixedPointActivation(.relu, format: .q8_8).apply(raw: -5)   // 0
    /// ```
    public func apply(raw: Int64) -> Int64 {
        let x = format.saturate(raw)
        switch format.storageBits {
        case 16: return Int64(outputs16[Int(UInt16(truncatingIfNeeded: x))])
        case 8: return Int64(outputs8[Int(UInt8(truncatingIfNeeded: x))])
        default: return FixedPointActivation.evaluate(plan, x, format: format, rounding: rounding, wraps: wraps)
        }
    }

    /// The activation of a real input: quantised with `format.raw`, evaluated, converted back.
    ///
    /// ```swift
    /// try FixedPointActivation(.hardTanh, format: .q8_8).apply(2.5)   // 1.0
    /// ```
    public func apply(_ real: Double) -> Double {
        format.real(apply(raw: format.raw(real)))
    }

    /// The evaluation proper, for x inside the format's range.
    @inline(__always)
    static func evaluate(_ plan: Plan, _ x: Int64, format: QFormat, rounding: QRounding, wraps: Bool) -> Int64 {
        let one = Int128(1) << format.fractionalBits
        switch plan {
        case .linear:
            return x
        case .relu:
            return x > 0 ? x : 0
        case let .leakyReLU(alpha):
            return x >= 0 ? x : alpha.apply(x, format: format, rounding: rounding)
        case .hardSigmoid:
            // clamp((x + 3) / 6, 0, 1) with one rounding.
            let numerator = Int128(x) + 3 * one
            if numerator <= 0 { return 0 }
            if numerator >= 6 * one { return format.saturate(wide: one) }
            return format.saturate(wide: divide(numerator, by: 6, rounding: rounding))
        case .hardTanh:
            return format.saturate(wide: Swift.min(Swift.max(Int128(x), -one), one))
        case let .table(table):
            return table.eval(raw: x)
        case let .swish(sigmoid):
            let sigma = sigmoid.eval(raw: x)
            return wraps ? format.wrappingMultiply(x, sigma, rounding: rounding)
                         : format.multiply(x, sigma, rounding: rounding)
        case let .elu(exp, alpha):
            if x > 0 { return x }
            let oneRaw = Int64(truncatingIfNeeded: one)
            let shifted = wraps ? format.wrappingSubtract(exp.eval(raw: x), oneRaw)
                                : format.subtract(exp.eval(raw: x), format.saturate(wide: one))
            return alpha.isOne ? shifted : alpha.apply(shifted, format: format, rounding: rounding)
        case let .tinyMindGELU(policy):
            return policy.gelu(x)
        case let .tinyMindSoftplus(log, exp):
            return tinyMindSoftplus(x, log: log, exp: exp, format: format)
        case let .tinyMindMish(log, exp, tanh):
            let softplus = tinyMindSoftplus(x, log: log, exp: exp, format: format)
            return format.wrappingMultiply(x, tanh.eval(raw: softplus), rounding: rounding)
        }
    }

    /// softplus(x) = max(x, 0) + log(1 + exp(−|x|)) from TinyMind's tables with wrapping adds.
    static func tinyMindSoftplus(_ x: Int64, log: LookupTable, exp: LookupTable, format: QFormat) -> Int64 {
        let oneRaw = Int64(1) << format.fractionalBits
        let negativeMagnitude = x > 0 ? format.wrap(0 &- x) : x
        let logarithm = log.eval(raw: format.wrappingAdd(oneRaw, exp.eval(raw: negativeMagnitude)))
        return x > 0 ? format.wrappingAdd(x, logarithm) : logarithm
    }

    /// `numerator / divisor` (divisor > 0) rounded by `rounding`.
    static func divide(_ numerator: Int128, by divisor: Int128, rounding: QRounding) -> Int128 {
        var quotient = numerator / divisor
        var remainder = numerator - quotient * divisor
        if remainder < 0 { quotient -= 1; remainder += divisor }
        switch rounding {
        case .truncate: return quotient
        case .roundHalfUp: return 2 * remainder >= divisor ? quotient + 1 : quotient
        case .roundToNearestEven:
            if 2 * remainder > divisor || (2 * remainder == divisor && quotient & 1 != 0) { return quotient + 1 }
            return quotient
        }
    }

    // MARK: Bulk

    /// Evaluates every raw of `raws` into `output` (at least as long). 16-bit formats: one load
    /// from the precomputed 65,536-entry output table per element.
    ///
    /// ```swift
    /// let f = try FixedPointActivation(.tanh, format: .q8_8)
    /// let input: [Int16] = [-256, 0, 256]
    /// var output = [Int16](repeating: 0, count: 3)
    /// try input.withUnsafeBufferPointer { i in try output.withUnsafeMutableBufferPointer { try f.apply(raws: i, into: $0) } }
    /// ```
    public func apply(raws: UnsafeBufferPointer<Int16>, into output: UnsafeMutableBufferPointer<Int16>) throws {
        try BulkRawEvaluation.run(raws, into: output, native: format.storageBits == 16,
                                  fast: { s, t, n in outputs16.withUnsafeBufferPointer { LookupTable.gather16($0.baseAddress!, s, t, n) } },
                                  generic: { applyGeneric($0, $1, $2) })
    }

    /// Evaluates every raw of `raws` into `output` (8-bit formats: one load per element).
    ///
    /// ```swift
    /// let f = try FixedPointActivation(.relu, format: QFormat(integerBits: 4, fractionalBits: 4))
    /// ```
    public func apply(raws: UnsafeBufferPointer<Int8>, into output: UnsafeMutableBufferPointer<Int8>) throws {
        try BulkRawEvaluation.run(raws, into: output, native: format.storageBits == 8,
                                  fast: { s, t, n in outputs8.withUnsafeBufferPointer { BulkRawEvaluation.gather8($0.baseAddress!, s, t, n) } },
                                  generic: { applyGeneric($0, $1, $2) })
    }

    /// Evaluates every raw of `raws` into `output` (32-bit formats inline).
    ///
    /// ```swift
    /// let f = try FixedPointActivation(.sigmoid, format: .q16_16)
    /// ```
    public func apply(raws: UnsafeBufferPointer<Int32>, into output: UnsafeMutableBufferPointer<Int32>) throws {
        try BulkRawEvaluation.run(raws, into: output, native: format.storageBits == 32,
                                  fast: { applyWide($0, $1, $2) },
                                  generic: { applyGeneric($0, $1, $2) })
    }

    /// Evaluates every raw of `raws` into `output` (64-bit formats inline).
    ///
    /// ```swift
    /// let f = try FixedPointActivation(.mish, format: .q32_32)
    /// ```
    public func apply(raws: UnsafeBufferPointer<Int64>, into output: UnsafeMutableBufferPointer<Int64>) throws {
        try BulkRawEvaluation.run(raws, into: output, native: format.storageBits == 64,
                                  fast: { applyWide($0, $1, $2) },
                                  generic: { applyGeneric($0, $1, $2) })
    }

    /// Raws of the format's own width: the table plans use the table's inline kernel, the rest
    /// switch once per element on a loop-invariant plan.
    func applyWide<Raw: FixedWidthInteger & SignedInteger>(_ source: UnsafePointer<Raw>,
                                                           _ target: UnsafeMutablePointer<Raw>, _ count: Int) {
        switch plan {
        case let .table(table):
            table.evalKernel(source, target, count)
        case .relu:
            for index in 0..<count { target[index] = Swift.max(source[index], 0) }
        case .linear:
            for index in 0..<count { target[index] = source[index] }
        case let .swish(sigmoid):
            let format = format
            let rounding = rounding
            sigmoid.withEvaluator { sigma in
                if wraps {
                    for index in 0..<count {
                        let x = Int64(source[index])
                        target[index] = Raw(truncatingIfNeeded: format.wrappingMultiply(x, sigma(x), rounding: rounding))
                    }
                } else {
                    for index in 0..<count {
                        let x = Int64(source[index])
                        target[index] = Raw(truncatingIfNeeded: format.multiply(x, sigma(x), rounding: rounding))
                    }
                }
            }
        case let .elu(exp, alpha):
            let format = format
            let rounding = rounding
            let wraps = wraps
            let oneRaw = Int64(1) << format.fractionalBits
            let saturatedOne = format.saturate(wide: Int128(1) << format.fractionalBits)
            exp.withEvaluator { exponential in
                for index in 0..<count {
                    let x = Int64(source[index])
                    if x > 0 { target[index] = source[index]; continue }
                    let shifted = wraps ? format.wrappingSubtract(exponential(x), oneRaw)
                                        : format.subtract(exponential(x), saturatedOne)
                    target[index] = Raw(truncatingIfNeeded: alpha.isOne ? shifted
                                        : alpha.apply(shifted, format: format, rounding: rounding))
                }
            }
        default:
            for index in 0..<count {
                target[index] = Raw(truncatingIfNeeded: FixedPointActivation.evaluate(
                    plan, Int64(source[index]), format: format, rounding: rounding, wraps: wraps))
            }
        }
    }

    func applyGeneric<Raw: FixedWidthInteger & SignedInteger>(_ source: UnsafePointer<Raw>,
                                                              _ target: UnsafeMutablePointer<Raw>, _ count: Int) {
        for index in 0..<count { target[index] = Raw(clamping: apply(raw: Int64(source[index]))) }
    }
}
