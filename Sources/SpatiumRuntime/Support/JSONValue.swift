/// A parsed JSON value. Objects keep their members in file order (``JSONObject``), integers
/// that fit 64 bits stay exact (`.integer`), other numbers are `Double`.
///
/// Parse with ``parse(_:)`` (errors give line and column), write with
/// ``serialized(indent:)``.
///
/// ```swift
/// let v = try JSONValue.parse(#"{"b": 1, "a": [true, 2.5, null]}"#)
/// v["b"]?.intValue                         // 1
/// v.objectValue?.keys                      // ["b", "a"]  (file order)
/// print(v.serialized())                    // {"b":1,"a":[true,2.5,null]}
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

    /// Parses UTF-8 JSON text (RFC 8259; nesting up to 512 levels).
    ///
    /// - Throws: ``JSONError`` with line and column.
    ///
    /// ```swift
    /// let v = try JSONValue.parse("[1, 2]")
    /// ```
    public static func parse(_ text: String) throws -> JSONValue {
        var text = text
        return try text.withUTF8 { try JSONParser.parse($0) }
    }

    /// Parses UTF-8 JSON bytes.
    ///
    /// ```swift
    /// let v = try JSONValue.parse(bytes: Array("{}".utf8))
    /// ```
    public static func parse(bytes: [UInt8]) throws -> JSONValue {
        try bytes.withUnsafeBufferPointer { try JSONParser.parse($0) }
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
    public var description: String { serialized() }

    // MARK: - Writing

    /// JSON text: compact when `indent` is `nil`, else pretty-printed with that many spaces.
    /// Object members keep their order; non-finite numbers are written as `null`.
    ///
    /// ```swift
    /// JSONValue.array([.integer(1), .string("a")]).serialized()   // [1,"a"]
    /// ```
    public func serialized(indent: Int? = nil) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out, indent: indent, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    func write(into out: inout [UInt8], indent: Int?, level: Int) {
        func newline(_ level: Int) {
            guard let indent else { return }
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: indent * level))
        }
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .integer(let i): out.append(contentsOf: String(i).utf8)
        case .number(let d):
            if d.isFinite { out.append(contentsOf: d.description.utf8) } else { out.append(contentsOf: "null".utf8) }
        case .string(let s): Self.writeString(s, into: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            if a.isEmpty { out.append(UInt8(ascii: "]")); return }
            for (i, element) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(level + 1)
                element.write(into: &out, indent: indent, level: level + 1)
            }
            newline(level)
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            if o.count == 0 { out.append(UInt8(ascii: "}")); return }
            for i in 0..<o.count {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(level + 1)
                Self.writeString(o.keys[i], into: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(0x20) }
                o.values[i].write(into: &out, indent: indent, level: level + 1)
            }
            newline(level)
            out.append(UInt8(ascii: "}"))
        }
    }

    static func writeString(_ s: String, into out: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 15)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
