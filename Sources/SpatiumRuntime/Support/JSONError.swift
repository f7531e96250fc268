/// A JSON syntax error with its place in the text (1-based line and column, columns
/// counted in characters, and the byte offset).
///
/// ```swift
/// do { _ = try JSONValue.parse("{\"a\": }") }
/// catch let e as JSONError { print(e) }   // line 1, column 7: expected a value, found '}'
/// ```
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong and what was expected.
    public var message: String
    /// 1-based line.
    public var line: Int
    /// 1-based column (characters).
    public var column: Int
    /// 0-based byte offset.
    public var offset: Int

    /// Creates an error.
    ///
    /// ```swift
    /// let e = JSONError(message: "unexpected end of input", line: 3, column: 1, offset: 40)
    /// ```
    public init(message: String, line: Int, column: Int, offset: Int) {
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// `line L, column C: message`.
    public var description: String { "line \(line), column \(column): \(message)" }
}
