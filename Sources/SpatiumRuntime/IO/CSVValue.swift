/// One field of a CSV row. Literals work directly: `1` → `.integer`, `0.5` → `.double`,
/// `"x"` → `.string`, `true` → `.bool`, `nil` → `.empty`.
///
/// How fields are spelled (pandas reads all of them back):
/// - integers exactly (`-42`);
/// - doubles and floats in the shortest text that reads back to the same value (`0.1`,
///   `1e-07`, `1e+300`, `-0.0`, integral values keep `.0`: `2.0`), with `nan`, `inf`, `-inf`;
/// - booleans `true` / `false`; `.empty` as an empty field;
/// - strings as they are, quoted (with `"` doubled) when they hold `,` `"` CR or LF or
///   start or end with a space or tab.
///
/// ```swift
/// try csv.row(["burst": 12, "rate": 0.25, "area": "v1", "ok": true, "note": nil])
/// CSVValue.double(.nan).field       // "nan"
/// CSVValue.string("a,b").field      // "\"a,b\""
/// ```
public enum CSVValue: Equatable, Sendable {
    /// An exact integer.
    case integer(Int64)
    /// A double, shortest round-trip text.
    case double(Double)
    /// A float, shortest text that reads back to the same `Float`.
    case float(Float)
    /// Text, quoted when needed.
    case string(String)
    /// `true` / `false`.
    case bool(Bool)
    /// An empty field (a missing value).
    case empty

    /// The value as written in a CSV file.
    public var field: String {
        var bytes: [UInt8] = []
        CSVValue.append(self, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the CSV spelling of `value` to `output`.
    @inline(__always)
    static func append(_ value: CSVValue, to output: inout [UInt8]) {
        switch value {
        case .integer(let number): DecimalText.appendInteger(number, to: &output)
        case .double(let number): appendReal(number, to: &output)
        case .float(let number): appendReal(number, to: &output)
        case .string(let text): appendString(text, to: &output)
        case .bool(let flag):
            if flag {
                output.append(contentsOf: [UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "u"), UInt8(ascii: "e")])
            } else {
                output.append(contentsOf: [UInt8(ascii: "f"), UInt8(ascii: "a"), UInt8(ascii: "l"), UInt8(ascii: "s"), UInt8(ascii: "e")])
            }
        case .empty: break
        }
    }

    /// Appends `nan`, `inf`, `-inf` or the shortest round-trip decimal of `number`.
    @inline(__always)
    static func appendReal<Real: BinaryFloatingPoint & CustomStringConvertible>(_ number: Real, to output: inout [UInt8]) {
        if number.isNaN {
            output.append(contentsOf: "nan".utf8)
        } else if number.isInfinite {
            output.append(contentsOf: (number < 0 ? "-inf" : "inf").utf8)
        } else {
            DecimalText.appendUTF8(number.description, to: &output)
        }
    }

    /// `text` as an RFC 4180 field: quoted when it holds `,` `"` CR LF or starts or ends with
    /// a space or tab.
    static func appendString(_ text: String, to output: inout [UInt8]) {
        let utf8 = text.utf8
        var needsQuotes = false
        if let first = utf8.first, let last = utf8.last {
            needsQuotes = first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09
        }
        if !needsQuotes {
            for byte in utf8 where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
                needsQuotes = true
                break
            }
        }
        guard needsQuotes else {
            DecimalText.appendUTF8(text, to: &output)
            return
        }
        output.append(UInt8(ascii: "\""))
        for byte in utf8 {
            if byte == UInt8(ascii: "\"") { output.append(UInt8(ascii: "\"")) }
            output.append(byte)
        }
        output.append(UInt8(ascii: "\""))
    }
}

extension CSVValue: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .empty }

    /// An integer field.
    public init(_ value: Int) { self = .integer(Int64(value)) }
    /// A double field.
    public init(_ value: Double) { self = .double(value) }
    /// A float field (printed with `Float` precision: `0.1`, not `0.10000000149011612`).
    public init(_ value: Float) { self = .float(value) }
    /// A string field.
    public init(_ value: String) { self = .string(value) }
    /// A boolean field.
    public init(_ value: Bool) { self = .bool(value) }
}
