/// How forgiving ``JSONValue/parse(_:options:)`` is. Both settings follow the RFC 8259
/// grammar (no comments, trailing commas, `NaN`, leading zeros or unescaped control
/// characters); they differ in what they do with text that is grammatical but doubtful.
///
/// - ``lenient`` (the default, used for FEAGI genomes): a leading UTF-8 byte-order mark is
///   skipped, repeated keys are kept (lookups return the last), bytes that are not UTF-8 and
///   escaped lone surrogates become U+FFFD, nesting up to 512 levels.
/// - ``strict`` (used for safetensors headers): all of those are errors, and nesting is
///   limited to 128 levels.
///
/// ```swift
/// try JSONValue.parse(#"{"a":1,"a":2}"#)                       // kept; v["a"] is 2
/// try JSONValue.parse(#"{"a":1,"a":2}"#, options: .strict)     // JSONError, kind .duplicateKey("a")
/// var limited = JSONParsingOptions.strict
/// limited.maximumDepth = 8
/// ```
public struct JSONParsingOptions: Equatable, Sendable {
    /// Deepest nesting of arrays and objects accepted; deeper input is an error
    /// (``JSONError/Kind/tooDeep(limit:)``), never a stack overflow.
    public var maximumDepth: Int
    /// Whether an object naming the same key twice (compared by UTF-8 bytes) is an error
    /// (``JSONError/Kind/duplicateKey(_:)``) instead of being kept.
    public var rejectsDuplicateKeys: Bool
    /// Whether bytes that are not UTF-8 and `\u` escapes of lone surrogates are errors
    /// (``JSONError/Kind/invalidUnicode``) instead of becoming U+FFFD.
    public var requiresValidUnicode: Bool
    /// Whether a leading UTF-8 byte-order mark (EF BB BF) is skipped instead of refused.
    public var allowsByteOrderMark: Bool

    /// Options with each setting given (defaults: ``lenient``).
    ///
    /// ```swift
    /// let options = JSONParsingOptions(rejectsDuplicateKeys: true)
    /// ```
    public init(maximumDepth: Int = 512, rejectsDuplicateKeys: Bool = false,
                requiresValidUnicode: Bool = false, allowsByteOrderMark: Bool = true) {
        self.maximumDepth = maximumDepth
        self.rejectsDuplicateKeys = rejectsDuplicateKeys
        self.requiresValidUnicode = requiresValidUnicode
        self.allowsByteOrderMark = allowsByteOrderMark
    }

    /// Byte-order mark skipped, duplicate keys kept, bad UTF-8 replaced, 512 levels.
    public static let lenient = JSONParsingOptions()

    /// No byte-order mark, no duplicate keys, valid UTF-8 only, 128 levels.
    public static let strict = JSONParsingOptions(maximumDepth: 128, rejectsDuplicateKeys: true,
                                                  requiresValidUnicode: true, allowsByteOrderMark: false)
}
