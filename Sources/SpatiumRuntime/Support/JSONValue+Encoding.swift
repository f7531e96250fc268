/// The one JSON encoder: genomes, safetensors headers and manifests all go through it.
///
/// - Object members keep their order; nothing is sorted or merged.
/// - Strings escape `"`, `\`, and the control characters U+0000–U+001F only: `\b \f \n \r \t`
///   by name, the rest as `\u00XX` (lowercase hex). That is serde_json's set, so safetensors
///   headers come out byte-identical to the reference writer's. `/`, DEL and non-ASCII
///   characters are written as they are (UTF-8).
/// - Integers are written exactly; doubles as the shortest text that reads back to the same
///   value (`0.1`, `2.0`, `1e-07`, `1e+300`, `-0.0`); NaN and infinities, which JSON cannot
///   spell, as `null`.
/// - Compact output has no spaces at all; pretty output puts each element and member on its
///   own line, `"key": value`, empty arrays and objects as `[]` and `{}`.
///
/// ```swift
/// let v: JSONValue = ["a": [1, 2.5, "x\n"], "b": [:]]
/// v.encoded()                  // {"a":[1,2.5,"x\n"],"b":{}}
/// v.encoded(pretty: true)      // two-space indentation
/// v.serialized(indent: 1)      // one-space indentation (genome files)
/// ```
extension JSONValue {
    /// JSON text: compact, or with `pretty` two-space indentation.
    ///
    /// ```swift
    /// JSONValue.array([1, "a"]).encoded()   // [1,"a"]
    /// ```
    public func encoded(pretty: Bool = false) -> String {
        String(decoding: encodedBytes(pretty: pretty), as: UTF8.self)
    }

    /// ``encoded(pretty:)`` as UTF-8 bytes.
    ///
    /// ```swift
    /// let header = JSONValue.object(members).encodedBytes()
    /// ```
    public func encodedBytes(pretty: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        encode(into: &out, indent: pretty ? 2 : nil)
        return out
    }

    /// JSON text: compact when `indent` is `nil`, else pretty-printed with that many spaces
    /// per level.
    ///
    /// ```swift
    /// JSONValue.array([.integer(1), .string("a")]).serialized()   // [1,"a"]
    /// ```
    public func serialized(indent: Int? = nil) -> String {
        var out: [UInt8] = []
        encode(into: &out, indent: indent)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the JSON text of this value to `out` (`indent` spaces per level, or compact).
    func encode(into out: inout [UInt8], indent: Int?, level: Int = 0) {
        func newline(_ level: Int) {
            guard let indent else { return }
            out.append(UInt8(ascii: "\n"))
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
        }
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .integer(let i): DecimalText.appendInteger(i, to: &out)
        case .number(let d): DecimalText.appendUTF8(d.isFinite ? d.description : "null", to: &out)
        case .string(let s): Self.appendQuoted(s, to: &out)
        case .array(let a):
            guard !a.isEmpty else { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, element) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(level + 1)
                element.encode(into: &out, indent: indent, level: level + 1)
            }
            newline(level)
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            guard o.count > 0 else { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for i in 0..<o.count {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(level + 1)
                Self.appendQuoted(o.keys[i], to: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(UInt8(ascii: " ")) }
                o.values[i].encode(into: &out, indent: indent, level: level + 1)
            }
            newline(level)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `text` as a JSON string literal.
    static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        let hexDigits: StaticString = "0123456789abcdef"
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                out.append(byte)
                continue
            }
            out.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "f"))
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "t"))
            default:
                out.append(contentsOf: "u00".utf8)
                out.append(hexDigits.utf8Start[Int(byte >> 4)])
                out.append(hexDigits.utf8Start[Int(byte & 0xF)])
            }
        }
        out.append(UInt8(ascii: "\""))
    }

}
