/// How a fixed-point multiplication or division drops the bits below the LSB.
///
/// ```swift
/// let q = QFormat.q8_8
/// q.multiply(q.raw(1.5), q.raw(-0.00390625), rounding: .truncate)   // floor: -2 LSB (-1.5 → -2)
/// q.multiply(q.raw(1.5), q.raw(-0.00390625), rounding: .roundHalfUp) // -1 LSB (-1.5 → -1)
/// ```
public enum QRounding: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Floor (round toward −∞): an arithmetic shift right, TinyMind's default policy.
    case truncate
    /// Round to nearest, ties toward +∞ (`floor(v + ½)`): TinyMind's RoundUp policy.
    case roundHalfUp
    /// Round to nearest, ties to even: unbiased, Spatium's default for arithmetic.
    case roundToNearestEven

    /// The case name.
    ///
    /// ```swift
    /// print(QRounding.roundHalfUp)   // roundHalfUp
    /// ```
    public var description: String { rawValue }
}
