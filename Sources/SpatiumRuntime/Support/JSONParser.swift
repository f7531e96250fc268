/// An RFC 8259 JSON parser over UTF-8 bytes that keeps object member order. What it does with
/// byte-order marks, repeated keys, bad UTF-8 and lone surrogates, and how deep it lets
/// arrays and objects nest, is set by ``JSONParsingOptions``; the grammar is always strict.
/// Errors carry the byte offset, line and column (counted only when an error is thrown).
///
/// ```swift
/// let value = try JSONParser.parse(bytes, options: .strict)   // bytes: UnsafeRawBufferPointer
/// ```
struct JSONParser {
    private let bytes: UnsafeRawBufferPointer
    private let options: JSONParsingOptions
    private var position = 0
    private var depth = 0
    /// Reused buffer for strings with escapes.
    private var scratch: [UInt8] = []

    private init(_ bytes: UnsafeRawBufferPointer, options: JSONParsingOptions) {
        self.bytes = bytes
        self.options = options
    }

    /// Parses one JSON value that must fill the whole text (surrounding whitespace allowed).
    static func parse(_ bytes: UnsafeRawBufferPointer, options: JSONParsingOptions) throws(JSONError) -> JSONValue {
        var parser = JSONParser(bytes, options: options)
        if options.allowsByteOrderMark, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            parser.position = 3
        }
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.position < bytes.count {
            throw parser.error("unexpected \(parser.describeCurrent()) after the end of the JSON value")
        }
        return value
    }

    // MARK: - Errors

    private func error(_ message: String, _ kind: JSONError.Kind = .syntax, at offset: Int? = nil) -> JSONError {
        let end = min(offset ?? position, bytes.count)
        var line = 1
        var column = 1
        var i = 0
        while i < end {
            let b = bytes[i]
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {      // count characters, not continuation bytes
                column += 1
            }
            i += 1
        }
        return JSONError(kind, message: message, line: line, column: column, offset: end)
    }

    private func describeCurrent() -> String { Self.describe(bytes, at: position) }

    /// `end of input`, `'x'` for printable ASCII, `byte 0x1F` otherwise.
    static func describe(_ bytes: UnsafeRawBufferPointer, at index: Int) -> String {
        guard index < bytes.count else { return "end of input" }
        let b = bytes[index]
        if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte " + hex(b)
    }

    /// `0x0A`.
    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return byte < 0x10 ? "0x0" + digits : "0x" + digits
    }

    // MARK: - Values

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(JSONError) -> JSONValue {
        guard position < bytes.count else { throw error("unexpected end of input: expected a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("expected a value, found \(describeCurrent())")
        }
    }

    private mutating func expectLiteral(_ word: StaticString) throws(JSONError) {
        let start = position
        let w = word.utf8Start
        for i in 0..<word.utf8CodeUnitCount {
            guard position < bytes.count, bytes[position] == w[i] else {
                throw error("invalid literal: expected '\(word)'", at: start)
            }
            position += 1
        }
    }

    private mutating func enter() throws(JSONError) {
        depth += 1
        let limit = options.maximumDepth
        if depth > limit { throw error("nesting deeper than \(limit) levels", .tooDeep(limit: limit)) }
    }

    private mutating func parseObject() throws(JSONError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        position += 1                                // {
        var object = JSONObject()
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(object)
        }
        // Keys seen so far, to find repeats; `Set<String>` merges canonically equivalent
        // keys, so a hit is confirmed by comparing bytes.
        var seen = Set<String>()
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input: expected a member name or '}'") }
            guard bytes[position] == UInt8(ascii: "\"") else {
                throw error("expected a member name in double quotes, found \(describeCurrent())")
            }
            let keyOffset = position
            let key = try parseString()
            if options.rejectsDuplicateKeys, !seen.insert(key).inserted, object.index(of: key) != nil {
                throw error("duplicate key \"\(key)\"", .duplicateKey(key), at: keyOffset)
            }
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input: expected ':' after member name \"\(key)\"") }
            guard bytes[position] == UInt8(ascii: ":") else {
                throw error("expected ':' after member name \"\(key)\", found \(describeCurrent())")
            }
            position += 1
            skipWhitespace()
            let value = try parseValue()
            object.append(key, value)
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input: expected ',' or '}' in an object") }
            switch bytes[position] {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return .object(object)
            default: throw error("expected ',' or '}' after member \"\(key)\", found \(describeCurrent())")
            }
        }
    }

    private mutating func parseArray() throws(JSONError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        position += 1                                // [
        var array: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(array)
        }
        while true {
            skipWhitespace()
            array.append(try parseValue())
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input: expected ',' or ']' in an array") }
            switch bytes[position] {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"): position += 1; return .array(array)
            default: throw error("expected ',' or ']' after array element \(array.count - 1), found \(describeCurrent())")
            }
        }
    }

    // MARK: - Strings

    private mutating func parseString() throws(JSONError) -> String {
        let start = position                         // opening quote
        position += 1
        var segment = position                       // start of the bytes not yet copied to `scratch`
        var escaped = false
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                let text: String
                if escaped {
                    scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[segment..<position]))
                    text = String(decoding: scratch, as: UTF8.self)
                } else {
                    text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[segment..<position]), as: UTF8.self)
                }
                position += 1
                return text
            }
            if b == UInt8(ascii: "\\") {
                if !escaped { scratch.removeAll(keepingCapacity: true) }
                scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[segment..<position]))
                escaped = true
                try parseEscape()
                segment = position
            } else if b < 0x20 {
                throw error("control character \(Self.hex(b)) inside a string (escape it)")
            } else if b < 0x80 || !options.requiresValidUnicode {
                position += 1
            } else {
                position += try utf8SequenceLength(at: position)
            }
        }
        throw error("unexpected end of input: unterminated string", at: start)
    }

    /// Decodes the escape at `position` (a backslash) into `scratch`.
    private mutating func parseEscape() throws(JSONError) {
        let escapeStart = position
        position += 1
        guard position < bytes.count else { throw error("unexpected end of input after '\\' in a string") }
        let e = bytes[position]
        position += 1
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(e)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4()
            var lone = (0xDC00..<0xE000).contains(scalar)
            if (0xD800..<0xDC00).contains(scalar) {
                lone = true
                if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                    let save = position
                    position += 2
                    let low = try parseHex4()
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        lone = false
                    } else {
                        position = save
                    }
                }
            }
            if lone && options.requiresValidUnicode {
                throw error("\\u escape of a lone surrogate (U+\(String(scalar, radix: 16, uppercase: true))) is not a character",
                            .invalidUnicode, at: escapeStart)
            }
            let us = Unicode.Scalar(scalar) ?? "\u{FFFD}"     // lone surrogates become U+FFFD
            scratch.append(contentsOf: UTF8.encode(us)!)
        default:
            throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))' in a string", at: escapeStart)
        }
    }

    private mutating func parseHex4() throws(JSONError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard position < bytes.count else { throw error("unexpected end of input in a \\u escape") }
            let b = bytes[position]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw error("expected 4 hexadecimal digits after \\u, found \(describeCurrent())")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    /// The length of the valid UTF-8 sequence (2–4 bytes) starting at `index` (RFC 3629: no
    /// overlong forms, no encoded surrogates, nothing past U+10FFFF).
    private func utf8SequenceLength(at index: Int) throws(JSONError) -> Int {
        let lead = bytes[index]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw invalidUTF8(at: index)
        }
        guard index + length <= bytes.count, (low...high).contains(bytes[index + 1]) else { throw invalidUTF8(at: index) }
        for i in (index + 2)..<(index + length) where bytes[i] & 0xC0 != 0x80 { throw invalidUTF8(at: index) }
        return length
    }

    private func invalidUTF8(at index: Int) -> JSONError {
        error("invalid UTF-8 sequence starting with byte \(Self.hex(bytes[index])) in a string", .invalidUnicode, at: index)
    }

    // MARK: - Numbers

    private mutating func parseNumber() throws(JSONError) -> JSONValue {
        let start = position
        var negative = false
        if bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        guard isDigit(position) else { throw error("invalid number: expected a digit after '-'", at: position) }
        let intStart = position
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if isDigit(position) { throw error("invalid number: leading zeros are not allowed", at: start) }
        } else {
            while isDigit(position) { position += 1 }
        }
        let intDigits = position - intStart
        var isInteger = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard isDigit(position) else { throw error("invalid number: expected a digit after '.'", at: position) }
            while isDigit(position) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard isDigit(position) else { throw error("invalid number: expected a digit in the exponent", at: position) }
            while isDigit(position) { position += 1 }
        }
        if isInteger && intDigits <= 18 {
            var value: Int64 = 0
            for i in intStart..<position { value = value &* 10 &+ Int64(bytes[i] &- 0x30) }
            return .integer(negative ? -value : value)
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if isInteger, let exact = Int64(text) { return .integer(exact) }
        guard let d = Double(text), d.isFinite else {
            throw error("number \(text) is out of range for a 64-bit float", .numberOutOfRange, at: start)
        }
        return .number(d)
    }
}
