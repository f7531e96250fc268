/// How a lookup table is generated and read (DESIGN.md §4.2).
///
/// - `tinymind(rounding:)`: bit-for-bit TinyMind — truncated, wrapping 96-entry tables and its
///   `getValue` lookup including the `T[i] == x` quirk; only formats with I ≥ 4, 3 ≤ F ≤ 33
///   (RoundUp: F ≤ 31).
/// - `spatium` (default): the best answer a table can give — rounded, saturated values,
///   monotone interpolation rounded to nearest, any Q format, settable size.
///
/// ```swift
/// let mode = try LUTMode(parsing: "tinymind:roundup")   // .tinymind(rounding: .roundUp)
/// print(LUTMode.spatium)                                // spatium
/// ```
public enum LUTMode: Hashable, Sendable, CustomStringConvertible {
    /// TinyMind emulation with its multiplication rounding policy.
    case tinymind(rounding: TinyMindRounding)
    /// Spatium's own accurate tables.
    case spatium

    /// `.spatium`.
    ///
    /// ```swift
    /// LUTMode.default == .spatium   // true
    /// ```
    public static let `default` = LUTMode.spatium

    /// Parses `"spatium"`, `"tinymind"` (= truncate), `"tinymind:truncate"`, `"tinymind:roundup"`
    /// (case-insensitive).
    ///
    /// ```swift
    /// let mode = try LUTMode(parsing: "tinymind")   // .tinymind(rounding: .truncate)
    /// ```
    public init(parsing text: String) throws {
        switch text.lowercased() {
        case "spatium": self = .spatium
        case "tinymind", "tinymind:truncate": self = .tinymind(rounding: .truncate)
        case "tinymind:roundup": self = .tinymind(rounding: .roundUp)
        default: throw FixedPointError.invalidMode(text: text)
        }
    }

    /// `"spatium"`, `"tinymind:truncate"` or `"tinymind:roundup"`.
    ///
    /// ```swift
    /// print(LUTMode.tinymind(rounding: .roundUp))   // tinymind:roundup
    /// ```
    public var description: String {
        switch self {
        case .spatium: return "spatium"
        case let .tinymind(rounding): return "tinymind:\(rounding)"
        }
    }

    /// Checks that `format` can be used in this mode; throws the reason otherwise.
    ///
    /// ```swift
    /// try LUTMode.tinymind(rounding: .truncate).validate(QFormat.q8_8)   // fine
    /// ```
    public func validate(_ format: QFormat) throws {
        guard case let .tinymind(rounding) = self else { return }
        let fractionalBits = format.fractionalBits
        var reasons: [String] = []
        if format.integerBits < 4 {
            reasons.append("I = \(format.integerBits) < 4, so the table domain ±6 is not representable"
                + " (TinyMind then returns f(−6) for every x ≤ 0 and f(5.875) for every x > 0)")
        }
        if fractionalBits < 3 {
            reasons.append("F = \(fractionalBits) < 3, so the 1/8 table spacing is below one LSB")
        }
        let maximum = rounding == .roundUp ? 31 : 33
        if fractionalBits > maximum {
            reasons.append("F = \(fractionalBits) > \(maximum), where TinyMind's \(rounding) lookup overflows")
        }
        if !reasons.isEmpty {
            throw FixedPointError.unsupportedTinyMindFormat(
                format: format.description, rounding: rounding.rawValue, reason: reasons.joined(separator: "; "))
        }
    }
}
