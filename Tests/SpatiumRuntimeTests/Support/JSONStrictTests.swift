import Testing
@testable import SpatiumRuntime

/// The parts of the JSON layer the file formats rely on: strict parsing (byte offsets, error
/// kinds, duplicate keys, UTF-8, depth), literals, byte-wise equality, and the encoder.
/// (`Genome/JSONValueTests.swift` covers the lenient defaults genomes use.)
@Suite("JSON strict parsing and encoding")
struct JSONStrictTests {
    func failure(_ text: String, _ options: JSONParsingOptions = .strict) -> JSONError? {
        do {
            _ = try JSONValue.parse(text, options: options)
            return nil
        } catch {
            return error as? JSONError
        }
    }

    func failure(bytes: [UInt8], _ options: JSONParsingOptions = .strict) -> JSONError? {
        do {
            _ = try JSONValue.parse(bytes: bytes, options: options)
            return nil
        } catch {
            return error as? JSONError
        }
    }

    @Test("parses every kind of value, keeping member order")
    func parsesValues() throws {
        let value = try JSONValue.parse(#" {"z": [1, -2, 3.5, -0.25e2, 1E3], "a": {"t": true, "f": false, "n": null}, "s": "x\"\\\/\b\f\n\r\t\u00e9\ud83e\udde0"} "#,
                                        options: .strict)
        #expect(value.objectValue?.keys == ["z", "a", "s"])
        #expect(value["z"] == .array([.integer(1), .integer(-2), .number(3.5), .number(-25), .number(1000)]))
        #expect(value["a"]?["t"]?.boolValue == true)
        #expect(value["a"]?["f"]?.boolValue == false)
        #expect(value["a"]?["n"] == .null)
        #expect(value["s"]?.stringValue == "x\"\\/\u{8}\u{c}\n\r\té🧠")
        #expect(value["missing"] == nil)
        #expect(value["z"]?[2]?.doubleValue == 3.5)
        #expect(value["z"]?[9] == nil)
        #expect(value["z"]?[0]?.intValue == 1)
    }

    @Test("integers are exact over the whole Int64 range; larger ones become doubles")
    func integers() throws {
        for options in [JSONParsingOptions.strict, .lenient] {
            #expect(try JSONValue.parse("9223372036854775807", options: options) == .integer(Int64.max))
            #expect(try JSONValue.parse("-9223372036854775808", options: options) == .integer(Int64.min))
            #expect(try JSONValue.parse("9223372036854775808", options: options) == .number(9223372036854775808.0))
            #expect(try JSONValue.parse("-0", options: options) == .integer(0))
            #expect(try JSONValue.parse("0", options: options) == .integer(0))
            #expect(try JSONValue.parse("1e-400", options: options) == .number(0))
        }
    }

    @Test("errors give the byte offset, kind and message")
    func errors() throws {
        let cases: [(String, Int, JSONError.Kind, String)] = [
            ("", 0, .syntax, "unexpected end of input: expected a value"),
            ("{", 1, .syntax, "unexpected end of input: expected a member name or '}'"),
            (#"{"a" 1}"#, 5, .syntax, #"expected ':' after member name "a", found '1'"#),
            (#"{"a":1,}"#, 7, .syntax, "expected a member name in double quotes, found '}'"),
            ("[1,]", 3, .syntax, "expected a value, found ']'"),
            ("[1 2]", 3, .syntax, "expected ',' or ']' after array element 0, found '2'"),
            ("01", 0, .syntax, "invalid number: leading zeros are not allowed"),
            ("1.", 2, .syntax, "invalid number: expected a digit after '.'"),
            (".5", 0, .syntax, "expected a value, found '.'"),
            ("-", 1, .syntax, "invalid number: expected a digit after '-'"),
            ("1e+", 3, .syntax, "invalid number: expected a digit in the exponent"),
            ("tru", 0, .syntax, "invalid literal: expected 'true'"),
            ("nul1", 0, .syntax, "invalid literal: expected 'null'"),
            ("\"abc", 0, .syntax, "unexpected end of input: unterminated string"),
            ("\"a\u{1}\"", 2, .syntax, "control character 0x01 inside a string (escape it)"),
            (#""\x""#, 1, .syntax, #"invalid escape '\x' in a string"#),
            (#""\u12g4""#, 5, .syntax, #"expected 4 hexadecimal digits after \u, found 'g'"#),
            ("\u{FEFF}{}", 0, .syntax, "expected a value, found byte 0xEF"),
            ("{} {}", 3, .syntax, "unexpected '{' after the end of the JSON value"),
            ("NaN", 0, .syntax, "expected a value, found 'N'"),
            ("1e400", 0, .numberOutOfRange, "number 1e400 is out of range for a 64-bit float"),
            (#"{"k":1,"k":2}"#, 7, .duplicateKey("k"), #"duplicate key "k""#),
            (#""\ud800""#, 1, .invalidUnicode, #"\u escape of a lone surrogate (U+D800) is not a character"#),
            (#""\udc00""#, 1, .invalidUnicode, #"\u escape of a lone surrogate (U+DC00) is not a character"#),
            (#""\ud800\u0041""#, 1, .invalidUnicode, #"\u escape of a lone surrogate (U+D800) is not a character"#),
        ]
        for (text, offset, kind, message) in cases {
            let error = try #require(failure(text), "\(text)")
            #expect(error.offset == offset, "\(text)")
            #expect(error.kind == kind, "\(text)")
            #expect(error.message == message, "\(text)")
        }
        let placed = try #require(failure("{\n  \"a\": x}"))
        #expect(placed.offset == 9 && placed.line == 2 && placed.column == 8)
        #expect(placed.description == "line 2, column 8: expected a value, found 'x'")
        #expect(JSONError(message: "m", line: 1, column: 1, offset: 0).kind == .syntax)
    }

    @Test("the lenient default accepts what strict refuses, as genomes need")
    func lenientDefault() throws {
        #expect(try JSONValue.parse("\u{FEFF}{}") == .object(JSONObject()))
        let repeated = try JSONValue.parse(#"{"k":1,"k":2}"#)
        #expect(repeated.objectValue?.count == 2 && repeated["k"] == .integer(2))
        #expect(try JSONValue.parse(#""\ud800\u0041""#) == .string("\u{FFFD}A"))
        #expect(try JSONValue.parse(bytes: [0x22, 0x61, 0xFF, 0x22]) == .string("a\u{FFFD}"))
        var custom = JSONParsingOptions.lenient
        custom.rejectsDuplicateKeys = true
        #expect(failure(#"{"k":1,"k":2}"#, custom)?.kind == .duplicateKey("k"))
        #expect(failure("\u{FEFF}{}", custom) == nil)
    }

    @Test("strict parsing requires valid UTF-8 in strings")
    func invalidUTF8() throws {
        let cases: [([UInt8], Int)] = [
            ([0x22, 0xC0, 0x80, 0x22], 1),              // overlong NUL
            ([0x22, 0x61, 0xED, 0xA0, 0x80, 0x22], 2),  // encoded surrogate
            ([0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], 1),  // beyond U+10FFFF
            ([0x22, 0xE2, 0x82, 0x22], 1),              // truncated sequence
            ([0x22, 0x80, 0x22], 1),                    // lone continuation byte
            ([0x22, 0xF0, 0x8F, 0xBF, 0xBF, 0x22], 1),  // overlong 4-byte
            ([0x22, 0xE2, 0x82], 1),                    // sequence cut by the end of the text
        ]
        for (bytes, offset) in cases {
            let error = try #require(failure(bytes: bytes), "\(bytes)")
            #expect(error.kind == .invalidUnicode && error.offset == offset, "\(bytes)")
        }
        #expect(try JSONValue.parse(bytes: [0x22, 0xF0, 0x9F, 0xA7, 0xA0, 0x22], options: .strict) == .string("🧠"))
        #expect(try JSONValue.parse(bytes: [0x22, 0xEF, 0xBF, 0xBF, 0xF4, 0x8F, 0xBF, 0xBF, 0x22], options: .strict)
            == .string("\u{FFFF}\u{10FFFF}"))
    }

    @Test("deep nesting is refused at the limit, not a stack overflow")
    func deepNesting() throws {
        let limit = JSONParsingOptions.strict.maximumDepth
        let deep = try #require(failure(String(repeating: "[", count: 100_000)))
        #expect(deep.kind == .tooDeep(limit: limit) && deep.offset == limit)
        let objects = try #require(failure(String(repeating: #"{"a":"#, count: 200)))
        #expect(objects.kind == .tooDeep(limit: limit) && objects.offset == 5 * limit)
        let ok = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(failure(ok) == nil)
        var shallow = JSONParsingOptions.strict
        shallow.maximumDepth = 2
        #expect(failure("[[1]]", shallow) == nil)
        #expect(failure("[[[1]]]", shallow)?.kind == .tooDeep(limit: 2))
    }

    @Test("the encoder escapes exactly what serde_json escapes and round trips")
    func encoding() throws {
        let value: JSONValue = [
            "text": "quote\" backslash\\ slash/ newline\n tab\t cr\r bs\u{8} ff\u{c} nul\u{0} us\u{1f} del\u{7f} é 🧠",
            "numbers": [1, -2, 0.1, 1e-7, 1e300, -0.0, 2.0, .number(.nan), .number(.infinity), .integer(Int64.min)],
            "flags": [true, false, .null],
            "empty": ["list": [], "object": [:]],
        ]
        let text = value.encoded()
        #expect(text == #"{"text":"quote\" backslash\\ slash/ newline\n tab\t cr\r bs\b ff\f nul\u0000 us\u001f del"# + "\u{7f}"
            + #" é 🧠","numbers":[1,-2,0.1,1e-07,1e+300,-0.0,2.0,null,null,-9223372036854775808],"flags":[true,false,null],"empty":{"list":[],"object":{}}}"#)
        #expect(value.encodedBytes() == Array(text.utf8))
        #expect(value.serialized() == text && value.description == text)
        let back = try JSONValue.parse(text, options: .strict)
        #expect(back["text"] == value["text"])
        #expect(back["numbers"]?[3]?.doubleValue == 1e-7)
        #expect(back["numbers"]?[5]?.doubleValue?.sign == .minus)
        #expect(back["numbers"]?[9] == .integer(Int64.min))
        #expect(back["empty"] == value["empty"])
        // Shortest text that reads back to the same double.
        for d in [0.1, 1.0 / 3.0, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude, 123456789.125, -1e-300] {
            let encoded = JSONValue.number(d).encoded()
            #expect(try JSONValue.parse(encoded, options: .strict).doubleValue == d, "\(encoded)")
        }
        #expect(JSONValue.number(0.1).encoded() == "0.1" && JSONValue.number(100).encoded() == "100.0")
    }

    @Test("pretty printing uses two-space indentation")
    func pretty() {
        let value: JSONValue = ["seed": 42, "files": [["name": "a.csv", "size": 10]], "none": []]
        let expected = """
        {
          "seed": 42,
          "files": [
            {
              "name": "a.csv",
              "size": 10
            }
          ],
          "none": []
        }
        """
        #expect(value.encoded(pretty: true) == expected)
        #expect(value.serialized(indent: 2) == expected)
    }

    @Test("equality and hashing compare strings by bytes and members in order")
    func equality() {
        #expect(JSONValue.string("é") != JSONValue.string("e\u{301}"))
        #expect(Set<JSONValue>([.string("é"), .string("e\u{301}"), .string("é")]).count == 2)
        #expect(JSONValue.object(["a": 1, "b": 2]) != JSONValue.object(["b": 2, "a": 1]))
        #expect(JSONValue.object(["a": 1, "b": 2]) == ["a": 1, "b": 2])
        #expect(JSONObject([("é", .null)]) != JSONObject([("e\u{301}", .null)]))
        #expect(JSONValue.integer(1) != JSONValue.number(1))
        #expect(JSONValue.number(1).intValue == 1)
        #expect(JSONValue.number(1.5).intValue == nil)
    }

    @Test("canonically equivalent but different keys are distinct, not duplicates")
    func distinctKeys() throws {
        let value = try JSONValue.parse("{\"é\":1,\"e\u{301}\":2}", options: .strict)
        #expect(value["é"] == .integer(1))
        #expect(value["e\u{301}"] == .integer(2))
        #expect(failure("{\"é\":1,\"e\u{301}\":2,\"é\":3}")?.kind == .duplicateKey("é"))
        var object = value.objectValue ?? JSONObject()
        object.set("e\u{301}", .integer(5))
        #expect(object["é"] == .integer(1) && object["e\u{301}"] == .integer(5) && object.count == 2)
    }
}
