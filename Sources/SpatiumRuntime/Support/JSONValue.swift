/// A parsed JSON value. Objects keep their members in file order (``JSONObject``), integers
/// that fit 64 bits stay exact (`.integer`), other numbers are `Double`.
///
/// Parse with ``parse(_:options:)`` (``JSONParsingOptions/lenient`` by default, or
/// ``JSONParsingOptions/strict``; errors give the byte offset, line and column), write with
/// ``encoded(pretty:)`` or ``serialized(indent:)`` (one encoder, `JSONValue+Encoding.swift`).
/// Strings and keys compare by their UTF-8 bytes.
///
/// ```swift
/// let v = try JSONValue.parse(#"{"b": 1, "a": [true, 2.5, null]}"#)
/// v["b"]?.intValue                         // 1
/// v.objectValue?.keys                      // ["b", "a"]  (file order)
/// print(v.encoded())                       // {"b":1,"a":[true,2.5,null]}
/// let manifest: JSONValue = ["seed": 42, "files": ["a.csv"]]   // literals keep their order
/// ```
public enum JSONValue: Hashable, Sendable, CustomStringConvertible {
    /// `null`.
    case null
    /// `true` / `false`.
    case bool(Bool)
    /// A number written without fraction or exponent that fits 64 bits.
    case integer(Int64)
    /// Any other number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, members in order.
    case object(JSONObject)

    /// Parses UTF-8 JSON text (RFC 8259; see ``JSONParsingOptions`` for what `options` change).
    ///
    /// - Throws: ``JSONError`` (always that type) with its kind, byte offset, line and column.
    ///
    /// ```swift
    /// let v = try JSONValue.parse("[1, 2]")
    /// let header = try JSONValue.parse(text, options: .strict)
    /// ```
    public static func parse(_ text: String, options: JSONParsingOptions = .lenient) throws -> JSONValue {
        var text = text
        return try text.withUTF8 { try JSONParser.parse(UnsafeRawBufferPointer($0), options: options) }
    }

    /// Parses UTF-8 JSON bytes.
    ///
    /// ```swift
    /// let v = try JSONValue.parse(bytes: Array("{}".utf8))
    /// ```
    public static func parse(bytes: [UInt8], options: JSONParsingOptions = .lenient) throws -> JSONValue {
        try bytes.withUnsafeBytes { try JSONParser.parse($0, options: options) }
    }

    /// Parses UTF-8 JSON bytes in memory (for example a file header read into a buffer).
    ///
    /// ```swift
    /// let v = try buffer.withUnsafeBytes { try JSONValue.parse(bytes: $0, options: .strict) }
    /// ```
    public static func parse(bytes: UnsafeRawBufferPointer, options: JSONParsingOptions = .lenient) throws -> JSONValue {
        try JSONParser.parse(bytes, options: options)
    }

    /// A `Float` as the shortest decimal that reads back as the same `Float` (so `0.1f` is
    /// written `0.1`, not `0.10000000149011612`); non-finite values become `null`.
    ///
    /// ```swift
    /// JSONValue.float(0.1).serialized()        // "0.1"
    /// ```
    public static func float(_ value: Float) -> JSONValue {
        guard value.isFinite else { return .null }
        return .number(Double(value.description) ?? Double(value))
    }

    // MARK: - Accessors

    /// The member `key` of an object (the last one if repeated), else `nil`.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The element at `index` of an array, else `nil`.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }

    /// The object, if this is one.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The array, if this is one.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The string, if this is one.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The boolean, if this is one.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// Any number as `Double`.
    public var doubleValue: Double? {
        switch self {
        case .integer(let i): Double(i)
        case .number(let d): d
        default: nil
        }
    }

    /// An integer, or a number with no fractional part that fits `Int` (e.g. `2.0`).
    public var intValue: Int? {
        switch self {
        case .integer(let i): return Int(exactly: i)
        case .number(let d):
            guard d.rounded() == d, d >= -9.2e18, d <= 9.2e18 else { return nil }
            return Int(d)
        default: return nil
        }
    }

    /// A short phrase for messages: `a string "64"`, `the number -3`, `an array of 2 elements`.
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .integer(let i): return "the number \(i)"
        case .number(let d): return "the number \(d)"
        case .string(let s):
            let shown = s.count > 40 ? String(s.prefix(40)) + "…" : s
            return "a string \"\(shown)\""
        case .array(let a): return "an array of \(a.count) element\(a.count == 1 ? "" : "s")"
        case .object(let o): return "an object with \(o.count) member\(o.count == 1 ? "" : "s")"
        }
    }

    /// Compact JSON text.
    public var description: String { encoded() }
}

extension JSONValue {
    /// Equal when of the same case with equal contents: strings by their UTF-8 bytes, arrays
    /// and objects in order, `.integer(1)` ≠ `.number(1)`, NaN ≠ NaN.
    public static func == (left: JSONValue, right: JSONValue) -> Bool {
        switch (left, right) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8)
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a == b
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(1); hasher.combine(b)
        case .integer(let i): hasher.combine(2); hasher.combine(i)
        case .number(let d): hasher.combine(3); hasher.combine(d)
        case .string(let s): hasher.combine(4); Self.hashBytes(of: s, into: &hasher)
        case .array(let a): hasher.combine(5); hasher.combine(a)
        case .object(let o): hasher.combine(6); hasher.combine(o)
        }
    }

    /// Hashes the UTF-8 bytes of `text` (consistent with byte-wise equality).
    static func hashBytes(of text: String, into hasher: inout Hasher) {
        hasher.combine(text.utf8.count)
        for byte in text.utf8 { hasher.combine(byte) }
    }
}

extension JSONValue: ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// An object; members keep the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
}
