import Testing
@testable import SpatiumRuntime

@Suite("JSON parser and writer")
struct JSONValueTests {
    func error(_ text: String) -> JSONError? {
        do {
            _ = try JSONValue.parse(text)
            return nil
        } catch let e as JSONError {
            return e
        } catch {
            return nil
        }
    }

    @Test func parsesEveryKindAndKeepsKeyOrder() throws {
        let v = try JSONValue.parse(#" { "z": 1, "a": [true, false, null, -0.5, 2e3, "s"], "m": {"y": {}, "b": []} } "#)
        let o = try #require(v.objectValue)
        #expect(o.keys == ["z", "a", "m"])
        #expect(v["z"] == .integer(1))
        #expect(v["a"] == .array([.bool(true), .bool(false), .null, .number(-0.5), .number(2000), .string("s")]))
        #expect(v["m"]?.objectValue?.keys == ["y", "b"])
        #expect(v["a"]?[5]?.stringValue == "s")
        #expect(v["a"]?[6] == nil && v["q"] == nil)
    }

    @Test func duplicateKeysAreKeptAndTheLastWins() throws {
        let v = try JSONValue.parse(#"{"k": 1, "k": 2}"#)
        #expect(v.objectValue?.count == 2)
        #expect(v["k"] == .integer(2))
    }

    @Test func numbersKeepIntegersExact() throws {
        #expect(try JSONValue.parse("9007199254740993") == .integer(9_007_199_254_740_993))
        #expect(try JSONValue.parse("-9223372036854775808") == .integer(Int64.min))
        #expect(try JSONValue.parse("18446744073709551616") == .number(18446744073709551616.0))
        #expect(try JSONValue.parse("0") == .integer(0))
        #expect(try JSONValue.parse("-0.0") == .number(-0.0))
        #expect(try JSONValue.parse("1E-5") == .number(1e-5))
        #expect(JSONValue.number(2.0).intValue == 2 && JSONValue.number(2.5).intValue == nil && JSONValue.integer(3).doubleValue == 3)
        #expect(error("1e400")?.message.contains("out of range") == true)
    }

    @Test func stringEscapesAndUnicode() throws {
        #expect(try JSONValue.parse(#""a\"b\\c\/d\n\t\r\b\f""#) == .string("a\"b\\c/d\n\t\r\u{08}\u{0C}"))
        #expect(try JSONValue.parse(#""\u00e9\u4e2d""#) == .string("é中"))
        #expect(try JSONValue.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONValue.parse(#""\ud800x""#) == .string("\u{FFFD}x"))
        #expect(try JSONValue.parse("\"héllo\"") == .string("héllo"))
    }

    @Test func syntaxErrorsGiveLineAndColumn() throws {
        let truncated = try #require(error("{\n  \"a\": [1, 2,\n"))
        #expect(truncated.line == 3 && truncated.column == 1)
        #expect(truncated.message.contains("unexpected end of input"))
        let missingValue = try #require(error("{\"a\": }"))
        #expect(missingValue.description == "line 1, column 7: expected a value, found '}'")
        let trailingComma = try #require(error("[1, 2,]"))
        #expect(trailingComma.message.contains("expected a value") && trailingComma.column == 7)
        let unquoted = try #require(error("{a: 1}"))
        #expect(unquoted.message.contains("member name in double quotes"))
        let colon = try #require(error("{\"a\" 1}"))
        #expect(colon.message.contains("expected ':' after member name \"a\""))
        #expect(error("01")?.message.contains("leading zeros") == true)
        #expect(error("1.")?.message.contains("after '.'") == true)
        #expect(error("-")?.message.contains("after '-'") == true)
        #expect(error("tru")?.message.contains("'true'") == true)
        #expect(error("\"a\\qb\"")?.message.contains("invalid escape") == true)
        #expect(error("\"a\nb\"")?.message.contains("control character") == true)
        #expect(error("\"abc")?.message.contains("unterminated string") == true)
        #expect(error("[1] 2")?.message.contains("after the end of the JSON value") == true)
        #expect(error("")?.message.contains("unexpected end of input") == true)
        // Columns count characters, not bytes.
        #expect(error("[\"é\", x]")?.column == 7)
    }

    @Test func deepNestingIsRefusedNotCrashed() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(error(deep)?.message.contains("nesting deeper than 512") == true)
        let ok = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(error(ok) == nil)
    }

    @Test func writingRoundTripsAndFormatsFloatsShortly() throws {
        let text = #"{"b":[1,-2.5,"x\"y\n\u0001",true,null,{}],"a":{"k":[]},"c":1e-05}"#
        let v = try JSONValue.parse(text)
        #expect(v.serialized() == text)
        #expect(try JSONValue.parse(v.serialized(indent: 2)) == v)
        #expect(v.serialized(indent: 1).hasPrefix("{\n \"b\": [\n  1,"))
        #expect(JSONValue.float(0.1).serialized() == "0.1")
        #expect(JSONValue.float(100).serialized() == "100.0")
        #expect(JSONValue.float(.nan) == .null)
        #expect(JSONValue.number(.infinity).serialized() == "null")
        let f: Float = 0.3
        #expect(Float(try #require(try JSONValue.parse(JSONValue.float(f).serialized()).doubleValue)) == f)
    }

    @Test func kindDescriptionsForMessages() {
        #expect(JSONValue.string("64").kindDescription == "a string \"64\"")
        #expect(JSONValue.integer(-3).kindDescription == "the number -3")
        #expect(JSONValue.array([.null]).kindDescription == "an array of 1 element")
        #expect(JSONValue.object(JSONObject()).kindDescription == "an object with 0 members")
    }

    @Test func objectEditing() {
        var o = JSONObject([("a", .integer(1))])
        o.set("a", .integer(2))
        o.set("b", .null)
        o.append("a", .integer(3))
        #expect(o.keys == ["a", "b", "a"] && o["a"] == .integer(3))
        #expect(Array(o.members.map(\.0)) == ["a", "b", "a"])
    }
}
