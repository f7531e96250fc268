/// The arithmetic an area (or a single evaluation) uses: 32-bit float, or a Q format with a
/// lookup-table mode (DESIGN.md §4, §6).
///
/// Text form: `"f32"` (also `"float32"`), or a Q format optionally followed by a mode —
/// `"q8.8"` (spatium), `"q8.8:spatium"`, `"q8.8:tinymind"` (= truncate),
/// `"q8.8:tinymind:truncate"`, `"q8.8:tinymind:roundup"`. Case-insensitive.
/// `description` gives the same text back (`"f32"`, `"q8.8"`, `"q8.8:tinymind:roundup"`).
///
/// ```swift
/// let p = try Precision(parsing: "q8.8")                    // .fixed(.q8_8, .spatium)
/// let t = try Precision(parsing: "q16.16", mode: .tinymind(rounding: .roundUp))
/// let f = try Precision(parsing: "f32")                     // .float32
/// print(t)                                                  // q16.16:tinymind:roundup
/// ```
public enum Precision: Hashable, Sendable, CustomStringConvertible {
    /// IEEE single precision: activation functions through `FloatActivationProvider`.
    case float32
    /// A Q format, activation functions through lookup tables in the given mode.
    case fixed(QFormat, LUTMode)

    /// Parses the text form; a tinymind mode is checked against the format right away.
    ///
    /// ```swift
    /// let p = try Precision(parsing: "q16.16:tinymind")
    /// ```
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let head = String(parts[0]).lowercased()
        if head == "f32" || head == "float32" {
            guard parts.count == 1 else {
                throw FixedPointError.invalidPrecision(text: text, reason: "f32 takes no lookup-table mode")
            }
            self = .float32
            return
        }
        let mode: LUTMode
        do {
            mode = parts.count == 2 ? try LUTMode(parsing: String(parts[1])) : .spatium
        } catch {
            throw FixedPointError.invalidPrecision(text: text, reason: "\"\(parts[1])\" is not a lookup-table mode"
                + " (spatium, tinymind, tinymind:truncate, tinymind:roundup)")
        }
        try self.init(head, mode: mode, text: text)
    }

    /// Parses a format (or `"f32"`) and attaches `mode` to it.
    ///
    /// ```swift
    /// let p = try Precision(parsing: "q8.8", mode: try LUTMode(parsing: "tinymind"))
    /// ```
    public init(parsing text: String, mode: LUTMode) throws {
        let lowered = text.lowercased()
        if lowered == "f32" || lowered == "float32" {
            guard mode == .spatium else {
                throw FixedPointError.invalidPrecision(text: text, reason: "f32 takes no lookup-table mode")
            }
            self = .float32
            return
        }
        try self.init(lowered, mode: mode, text: text)
    }

    private init(_ formatText: String, mode: LUTMode, text: String) throws {
        let format: QFormat
        do {
            format = try QFormat(parsing: formatText)
        } catch let error as FixedPointError {
            guard case let .invalidFormat(_, reason) = error else { throw error }
            throw FixedPointError.invalidPrecision(text: text, reason: "not a valid Q format: \(reason)")
        }
        do {
            try mode.validate(format)
        } catch let error as FixedPointError {
            guard case let .unsupportedTinyMindFormat(_, _, reason) = error else { throw error }
            throw FixedPointError.invalidPrecision(text: text, reason: "mode \(mode) cannot use \(format): \(reason)")
        }
        self = .fixed(format, mode)
    }

    /// The Q format, nil for `.float32`.
    ///
    /// ```swift
    /// try Precision(parsing: "q8.8").format   // Q8.8
    /// ```
    public var format: QFormat? {
        if case let .fixed(format, _) = self { return format }
        return nil
    }

    /// The lookup-table mode, nil for `.float32`.
    ///
    /// ```swift
    /// try Precision(parsing: "q8.8").mode   // .spatium
    /// ```
    public var mode: LUTMode? {
        if case let .fixed(_, mode) = self { return mode }
        return nil
    }

    /// `"f32"`, `"q8.8"` or `"q8.8:tinymind:truncate"`: the text `init(parsing:)` reads.
    ///
    /// ```swift
    /// print(Precision.fixed(.q8_8, .spatium))   // q8.8
    /// ```
    public var description: String {
        switch self {
        case .float32: return "f32"
        case let .fixed(format, .spatium): return "q\(format.integerBits).\(format.fractionalBits)"
        case let .fixed(format, mode): return "q\(format.integerBits).\(format.fractionalBits):\(mode)"
        }
    }
}
