/// TinyMind's fixed-point activation policies (`activationFunctions.hpp`), bit for bit: built
/// on its tables, its wrapping additions and its Truncate/RoundUp multiplication. Reproduces the
/// golden `relu`, `elu`, `gelu`, `*_deriv_of_output` and softmax vectors of
/// `reference/tinymind/`. Raws outside the format are saturated into it first.
///
/// | policy | f(x) | derivative, called with the output y |
/// |---|---|---|
/// | Linear | x | 1 |
/// | ReLU | x ≤ 0 ? 0 : x | y ≤ 0 ? 0 : 1 |
/// | Sigmoid | table | y·(1 − y) |
/// | Tanh | table | 1 − y·y |
/// | ELU | x > 0 ? x : exp(x) − 1 | y > 0 ? 1 : y + 1 |
/// | GELU | x·σ(s·x), s = 1 + ⌊0.702·2^F⌋/2^F | σ + s·y·σ·(1 − σ), σ = σ(s·y) (not in the golden files) |
/// | Softmax | eˣᵏ / Σ eˣ (wrapping sum, truncating division, no max subtraction) | — |
///
/// ```swift
/// let policy = try TinyMindPolicy(format: .q8_8, rounding: .truncate)
/// policy.gelu(256)                        // GELU(1.0) in Q8.8
/// policy.tanhDerivativeOfOutput(128)      // 1 − 0.5² = 192
/// policy.softmax([275, 249])              // two raws summing to about 256
/// ```
public struct TinyMindPolicy: Sendable {
    /// The Q format (one TinyMind accepts).
    ///
    /// ```swift
    /// policy.format   // Q8.8
    /// ```
    public let format: QFormat
    /// TinyMind's multiplication rounding policy.
    ///
    /// ```swift
    /// policy.rounding   // .truncate
    /// ```
    public let rounding: TinyMindRounding
    /// TinyMind's sigmoid table in this format.
    ///
    /// ```swift
    /// policy.sigmoidTable.eval(raw: 0)   // 128
    /// ```
    public let sigmoidTable: LookupTable
    /// TinyMind's tanh table in this format.
    ///
    /// ```swift
    /// policy.tanhTable.eval(raw: -162)   // -162
    /// ```
    public let tanhTable: LookupTable
    /// TinyMind's exp table in this format (it wraps for large x).
    ///
    /// ```swift
    /// policy.expTable.values[87]   // -32007 in Q8.8
    /// ```
    public let expTable: LookupTable

    /// Builds the three tables the policies need; throws for formats TinyMind cannot use.
    ///
    /// ```swift
    /// let policy = try TinyMindPolicy(format: .q16_16, rounding: .truncate)
    /// ```
    public init(format: QFormat, rounding: TinyMindRounding) throws {
        let mode = LUTMode.tinymind(rounding: rounding)
        self.format = format
        self.rounding = rounding
        sigmoidTable = try LookupTable(.sigmoid, format: format, mode: mode)
        tanhTable = try LookupTable(.tanh, format: format, mode: mode)
        expTable = try LookupTable(.exp, format: format, mode: mode)
    }

    /// The raw of 1.0, 2^F.
    ///
    /// ```swift
    /// policy.one   // 256 in Q8.8
    /// ```
    public var one: Int64 { Int64(1) << format.fractionalBits }

    /// GELU's input scale s as a raw: 2^F + ⌊0.702·2^F⌋ (1 + 179/256 in Q8.8).
    ///
    /// ```swift
    /// policy.geluScale   // 435 in Q8.8
    /// ```
    public var geluScale: Int64 {
        one + Int64((0.702 * format.scale).rounded(.towardZero))
    }

    @inline(__always)
    func multiply(_ a: Int64, _ b: Int64) -> Int64 {
        format.wrappingMultiply(a, b, rounding: rounding.qRounding)
    }

    /// ReLU: `x ≤ 0 ? 0 : x`.
    ///
    /// ```swift
    /// policy.relu(-5)   // 0
    /// ```
    public func relu(_ x: Int64) -> Int64 {
        let input = format.saturate(x)
        return input <= 0 ? 0 : input
    }

    /// ELU (α = 1): `x > 0 ? x : exp_table(x) − 1` with a wrapping subtraction.
    ///
    /// ```swift
    /// policy.elu(-256)   // ≈ (e⁻¹ − 1)·256
    /// ```
    public func elu(_ x: Int64) -> Int64 {
        let input = format.saturate(x)
        if input > 0 { return input }
        return format.wrappingSubtract(expTable.eval(raw: input), one)
    }

    /// GELU: `x · sigmoid_table(s · x)`, both products TinyMind multiplications.
    ///
    /// ```swift
    /// policy.gelu(256)
    /// ```
    public func gelu(_ x: Int64) -> Int64 {
        let input = format.saturate(x)
        let scaled = multiply(geluScale, input)
        return multiply(input, sigmoidTable.eval(raw: scaled))
    }

    /// Linear's derivative: 1.
    ///
    /// ```swift
    /// policy.linearDerivativeOfOutput(77)   // 256 in Q8.8
    /// ```
    public func linearDerivativeOfOutput(_ y: Int64) -> Int64 { one }

    /// ReLU's derivative from the output: `y ≤ 0 ? 0 : 1`.
    ///
    /// ```swift
    /// policy.reluDerivativeOfOutput(3)   // 256 in Q8.8
    /// ```
    public func reluDerivativeOfOutput(_ y: Int64) -> Int64 { format.saturate(y) <= 0 ? 0 : one }

    /// Sigmoid's derivative from the output: `y · (1 − y)`.
    ///
    /// ```swift
    /// policy.sigmoidDerivativeOfOutput(128)   // 64 (0.25) in Q8.8
    /// ```
    public func sigmoidDerivativeOfOutput(_ y: Int64) -> Int64 {
        let output = format.saturate(y)
        return multiply(output, format.wrappingSubtract(one, output))
    }

    /// Tanh's derivative from the output: `1 − y · y`.
    ///
    /// ```swift
    /// policy.tanhDerivativeOfOutput(128)   // 192 (0.75) in Q8.8
    /// ```
    public func tanhDerivativeOfOutput(_ y: Int64) -> Int64 {
        let output = format.saturate(y)
        return format.wrappingSubtract(one, multiply(output, output))
    }

    /// ELU's derivative from the output: `y > 0 ? 1 : y + 1`.
    ///
    /// ```swift
    /// policy.eluDerivativeOfOutput(-64)   // 192 in Q8.8
    /// ```
    public func eluDerivativeOfOutput(_ y: Int64) -> Int64 {
        let output = format.saturate(y)
        return output > 0 ? one : format.wrappingAdd(output, one)
    }

    /// GELU's derivative as LOOKUP.md states it: σ + s·y·σ·(1 − σ) with σ = sigmoid_table(s·y),
    /// multiplied left to right. Not covered by the golden files.
    ///
    /// ```swift
    /// policy.geluDerivativeOfOutput(256)
    /// ```
    public func geluDerivativeOfOutput(_ y: Int64) -> Int64 {
        let output = format.saturate(y)
        let sigma = sigmoidTable.eval(raw: multiply(geluScale, output))
        let product = multiply(multiply(multiply(geluScale, output), sigma), format.wrappingSubtract(one, sigma))
        return format.wrappingAdd(sigma, product)
    }

    /// Softmax: r_k = exp_table(x_k), a wrapping sum, then r_k / sum with TinyMind's
    /// truncating division when the sum is not 0 (else the r_k themselves). No max subtraction,
    /// so it overflows once Σ eˣ reaches the format's range.
    ///
    /// ```swift
    /// try TinyMindPolicy(format: .q8_8, rounding: .roundUp).softmax([275, 249])   // [134, 121]
    /// ```
    public func softmax(_ raws: [Int64]) -> [Int64] {
        let exponentials = raws.map { expTable.eval(raw: $0) }
        var sum: Int64 = 0
        for value in exponentials { sum = format.wrappingAdd(sum, value) }
        if sum == 0 { return exponentials }
        return exponentials.map { format.tinyMindDivide($0, sum) }
    }
}
