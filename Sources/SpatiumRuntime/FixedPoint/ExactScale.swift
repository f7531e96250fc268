/// Multiplication of a raw by a `Float` constant (LeakyReLU's and ELU's α) without any
/// intermediate rounding: α = mantissa·2^exponent exactly, the product is formed in 128 bits and
/// rounded once.
///
/// ```swift
/// let scale = ExactScale(0.01)
/// scale.apply(-25600, format: .q8_8, rounding: .roundToNearestEven)   // -256 (−100 · 0.01 = −1.0)
/// ```
public struct ExactScale: Sendable, Hashable {
    /// The integer mantissa (|mantissa| < 2^24).
    ///
    /// ```swift
    /// ExactScale(0.5).mantissa   // 8388608 (0.5 = 2^23 · 2^−24)
    /// ```
    public let mantissa: Int64
    /// The power of two: α = mantissa · 2^exponent.
    ///
    /// ```swift
    /// ExactScale(0.5).exponent   // -24
    /// ```
    public let exponent: Int

    /// Decomposes α; NaN counts as 0 and ±∞ as ±2^100 (so products saturate).
    ///
    /// ```swift
    /// let scale = ExactScale(0.1)
    /// ```
    public init(_ alpha: Float) {
        let value: Float = alpha.isNaN ? 0 : (alpha.isInfinite ? (alpha > 0 ? 0x1p100 : -0x1p100) : alpha)
        if value == 0 {
            mantissa = 0
            exponent = 0
            return
        }
        let magnitude = Int64(value.significand * 0x1p23)
        mantissa = value < 0 ? -magnitude : magnitude
        exponent = Int(value.exponent) - 23
    }

    /// Whether α is exactly 1.
    ///
    /// ```swift
    /// ExactScale(1).isOne   // true
    /// ```
    public var isOne: Bool { mantissa == 1 << 23 && exponent == -23 }

    /// `raw · α`, rounded once by `rounding`, saturated to `format`.
    ///
    /// ```swift
    /// ExactScale(0.5).apply(3, format: .q8_8, rounding: .roundToNearestEven)   // 2 (1.5 → even)
    /// ```
    public func apply(_ raw: Int64, format: QFormat, rounding: QRounding) -> Int64 {
        let product = Int128(raw) * Int128(mantissa)
        if product == 0 { return 0 }
        if exponent >= 0 {
            if exponent >= 64 || product.magnitude >= UInt128(1) << (125 - exponent) {
                return product < 0 ? format.minRaw : format.maxRaw
            }
            return format.saturate(wide: product << exponent)
        }
        let shift = -exponent
        if shift > 120 {
            // |product| < 2^87, so the result is below 2^-33 LSB: 0, or −1 under floor rounding.
            return rounding == .truncate && product < 0 ? -1 : 0
        }
        return format.saturate(wide: QFormat.shiftRight(product, by: shift, rounding: rounding))
    }
}
