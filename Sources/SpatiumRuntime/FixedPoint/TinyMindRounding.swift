/// TinyMind's two multiplication rounding policies (its `TruncatePolicy` / `RoundUpPolicy`).
///
/// ```swift
/// let mode = LUTMode.tinymind(rounding: .roundUp)
/// TinyMindRounding.roundUp.qRounding   // .roundHalfUp
/// ```
public enum TinyMindRounding: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Arithmetic shift right after the widened product (floor). TinyMind's default.
    case truncate
    /// `floor(p / 2^F + ½)`: round half toward +∞.
    case roundUp = "roundup"

    /// The equivalent `QRounding` for `QFormat` arithmetic.
    ///
    /// ```swift
    /// TinyMindRounding.roundUp.qRounding   // .roundHalfUp
    /// ```
    public var qRounding: QRounding { self == .truncate ? .truncate : .roundHalfUp }

    /// `"truncate"` or `"roundup"`.
    ///
    /// ```swift
    /// print(TinyMindRounding.roundUp)   // roundup
    /// ```
    public var description: String { rawValue }
}
