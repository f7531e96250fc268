/// A JSON parse error: what kind of problem, a message, and its place in the text (1-based
/// line and column, columns counted in characters, and the 0-based byte offset).
///
/// ```swift
/// do { _ = try JSONValue.parse("{\"a\": }") }
/// catch { print(error, error.offset) }   // line 1, column 7: expected a value, found '}'   6
/// ```
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The kinds of problem, for callers that react to one of them.
    public enum Kind: Equatable, Sendable {
        /// The text breaks the JSON grammar.
        case syntax
        /// A string holds bytes that are not UTF-8, or escapes a lone surrogate (only with
        /// ``JSONParsingOptions/requiresValidUnicode``).
        case invalidUnicode
        /// A number is too large for a `Double`.
        case numberOutOfRange
        /// An object names this key twice (only with ``JSONParsingOptions/rejectsDuplicateKeys``).
        case duplicateKey(String)
        /// Arrays and objects nest deeper than `limit` levels.
        case tooDeep(limit: Int)
    }

    /// What kind of problem this is.
    public var kind: Kind
    /// What is wrong and what was expected.
    public var message: String
    /// 1-based line.
    public var line: Int
    /// 1-based column (characters).
    public var column: Int
    /// 0-based byte offset.
    public var offset: Int

    /// Creates a ``Kind/syntax`` error.
    ///
    /// ```swift
    /// let e = JSONError(message: "unexpected end of input", line: 3, column: 1, offset: 40)
    /// ```
    public init(message: String, line: Int, column: Int, offset: Int) {
        self.init(.syntax, message: message, line: line, column: column, offset: offset)
    }

    /// Creates an error of `kind`.
    ///
    /// ```swift
    /// let e = JSONError(.duplicateKey("a"), message: "duplicate key \"a\"", line: 1, column: 8, offset: 7)
    /// ```
    public init(_ kind: Kind, message: String, line: Int, column: Int, offset: Int) {
        self.kind = kind
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// `line L, column C: message`.
    public var description: String { "line \(line), column \(column): \(message)" }
}
