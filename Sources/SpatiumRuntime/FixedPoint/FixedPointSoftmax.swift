import Glibc

/// Softmax over a vector of raws.
///
/// - `tinymind`: TinyMind's `SoftmaxActivationPolicy` bit for bit: eˣ through its exp table,
///   a wrapping sum, truncating division, **no** max subtraction (it overflows once Σ eˣ
///   leaves the format, as TinyMind does).
/// - `spatium`: subtracts the maximum first (saturating), takes eˣ⁻ᵐ from an exp table over
///   [−(F + 2)·ln 2, 0] (below that eˣ⁻ᵐ < ¼ LSB → 0) with spacing fine enough for ≪ 1 LSB
///   interpolation error, sums exactly in 128 bits and divides with rounding to nearest.
///
/// ```swift
/// let softmax = try FixedPointSoftmax(format: .q8_8)
/// softmax.apply([256, 0, -256])      // ≈ [0.665, 0.245, 0.090] · 256
/// try FixedPointSoftmax(format: .q8_8, mode: .tinymind(rounding: .roundUp)).apply([275, 249])   // [134, 121]
/// ```
public struct FixedPointSoftmax: Sendable {
    /// The Q format of inputs and outputs.
    ///
    /// ```swift
    /// softmax.format   // Q8.8
    /// ```
    public let format: QFormat
    /// `tinymind` (TinyMind's policy) or `spatium` (max subtraction).
    ///
    /// ```swift
    /// softmax.mode   // .spatium
    /// ```
    public let mode: LUTMode
    let tinyMind: TinyMindPolicy?
    let expTable: LookupTable

    /// Prepares the exp table for `format` in `mode`.
    ///
    /// ```swift
    /// let softmax = try FixedPointSoftmax(format: .q16_16)
    /// ```
    public init(format: QFormat, mode: LUTMode = .spatium) throws {
        self.format = format
        self.mode = mode
        switch mode {
        case let .tinymind(rounding):
            let policy = try TinyMindPolicy(format: format, rounding: rounding)
            tinyMind = policy
            expTable = policy.expTable
        case .spatium:
            tinyMind = nil
            let low = Swift.max(-Double(format.fractionalBits + 2) * M_LN2, format.min)
            // Interpolation error ≈ h²/8 · max eˣ ≤ 2^−(F+3)/8 LSB-relative with h = 2^−⌈(F+3)/2⌉.
            var spacingExponent = -((format.fractionalBits + 4) / 2)
            spacingExponent = Swift.max(spacingExponent, -format.fractionalBits)
            while -low / Double(sign: .plus, exponent: spacingExponent, significand: 1) > 65_536 { spacingExponent += 1 }
            let spacing = Double(sign: .plus, exponent: spacingExponent, significand: 1)
            let alignedLow = (low / spacing).rounded(.down) * spacing
            let entries = Int((-alignedLow / spacing).rounded()) + 1
            expTable = try LookupTable(.exp, format: format, domain: (Swift.max(alignedLow, format.min), 0),
                                       entries: Swift.max(2, entries))
        }
    }

    /// Softmax of `raws` (an empty input gives an empty output).
    ///
    /// ```swift
    /// try FixedPointSoftmax(format: .q8_8).apply([0, 0])   // [128, 128]
    /// ```
    public func apply(_ raws: [Int64]) -> [Int64] {
        var output = [Int64](repeating: 0, count: raws.count)
        raws.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { applyUnchecked(input, $0) }
        }
        return output
    }

    /// Softmax of `raws` into `output` (at least as long), without allocating.
    ///
    /// ```swift
    /// let s = try FixedPointSoftmax(format: .q16_16)
    /// let input: [Int64] = [65536, 0]
    /// var output = [Int64](repeating: 0, count: 2)
    /// try input.withUnsafeBufferPointer { i in try output.withUnsafeMutableBufferPointer { try s.apply(raws: i, into: $0) } }
    /// ```
    public func apply(raws: UnsafeBufferPointer<Int64>, into output: UnsafeMutableBufferPointer<Int64>) throws {
        guard output.count >= raws.count else {
            throw FixedPointError.bufferSizeMismatch(inputCount: raws.count, outputCount: output.count)
        }
        applyUnchecked(raws, output)
    }

    func applyUnchecked(_ raws: UnsafeBufferPointer<Int64>, _ output: UnsafeMutableBufferPointer<Int64>) {
        if raws.isEmpty { return }
        if tinyMind != nil {
            var sum: Int64 = 0
            for index in raws.indices {
                output[index] = expTable.eval(raw: raws[index])
                sum = format.wrappingAdd(sum, output[index])
            }
            if sum != 0 {
                for index in raws.indices { output[index] = format.tinyMindDivide(output[index], sum) }
            }
            return
        }
        var maximum = format.saturate(raws[0])
        for raw in raws { maximum = Swift.max(maximum, format.saturate(raw)) }
        var sum: Int128 = 0
        for index in raws.indices {
            output[index] = expTable.eval(raw: format.subtract(format.saturate(raws[index]), maximum))
            sum += Int128(output[index])
        }
        if sum <= 0 { return }
        for index in raws.indices {
            let numerator = Int128(output[index]) << format.fractionalBits
            output[index] = format.saturate(wide: FixedPointActivation.divide(numerator, by: sum,
                                                                              rounding: .roundToNearestEven))
        }
    }
}
