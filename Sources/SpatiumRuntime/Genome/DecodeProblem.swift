/// A problem found while interpreting JSON, before the file name is known: the kind, the key
/// path inside the value being decoded, and the message. The loader turns it into a
/// ``GenomeError``.
struct DecodeProblem: Error {
    var kind: GenomeError.Kind
    var path: String
    var message: String
    var area: String?

    init(_ kind: GenomeError.Kind, _ path: String, _ message: String, area: String? = nil) {
        self.kind = kind
        self.path = path
        self.message = message
        self.area = area
    }

    static func wrongType(_ path: String, expected: String, found value: JSONValue) -> DecodeProblem {
        DecodeProblem(.wrongType, path, "expected \(expected), found \(value.kindDescription)")
    }

    static func invalid(_ path: String, expected: String, found value: JSONValue) -> DecodeProblem {
        DecodeProblem(.invalidValue, path, "expected \(expected), found \(value.kindDescription)")
    }

    // MARK: - Typed readers

    static func int(_ value: JSONValue, _ path: String, _ what: String) throws -> Int {
        guard value.doubleValue != nil else { throw wrongType(path, expected: what, found: value) }
        guard let i = value.intValue else { throw invalid(path, expected: what, found: value) }
        return i
    }

    static func int(_ value: JSONValue, _ path: String, _ what: String, atLeast minimum: Int) throws -> Int {
        let i = try int(value, path, what)
        guard i >= minimum else { throw invalid(path, expected: what, found: value) }
        return i
    }

    static func float(_ value: JSONValue, _ path: String, _ what: String) throws -> Float {
        guard let d = value.doubleValue else { throw wrongType(path, expected: what, found: value) }
        let f = Float(d)
        guard f.isFinite else { throw DecodeProblem(.invalidValue, path, "expected \(what) within Float range, found \(value.kindDescription)") }
        return f
    }

    static func bool(_ value: JSONValue, _ path: String, _ what: String) throws -> Bool {
        guard let b = value.boolValue else { throw wrongType(path, expected: what, found: value) }
        return b
    }

    static func string(_ value: JSONValue, _ path: String, _ what: String) throws -> String {
        guard let s = value.stringValue else { throw wrongType(path, expected: what, found: value) }
        return s
    }

    static func array(_ value: JSONValue, _ path: String, _ what: String) throws -> [JSONValue] {
        guard let a = value.arrayValue else { throw wrongType(path, expected: what, found: value) }
        return a
    }

    static func object(_ value: JSONValue, _ path: String, _ what: String) throws -> JSONObject {
        guard let o = value.objectValue else { throw wrongType(path, expected: what, found: value) }
        return o
    }

    /// A `[x, y, z]` integer triple.
    static func triple(_ value: JSONValue, _ path: String, _ what: String) throws -> GridVector {
        let a = try array(value, path, what)
        guard a.count == 3 else { throw invalid(path, expected: what, found: value) }
        return GridVector(try int(a[0], path + "[0]", "an integer"), try int(a[1], path + "[1]", "an integer"),
                          try int(a[2], path + "[2]", "an integer"))
    }

    /// A `[x, y, z]` float triple.
    static func floatTriple(_ value: JSONValue, _ path: String, _ what: String) throws -> SIMD3<Float> {
        let a = try array(value, path, what)
        guard a.count == 3 else { throw invalid(path, expected: what, found: value) }
        return SIMD3(try float(a[0], path + "[0]", "a number"), try float(a[1], path + "[1]", "a number"),
                     try float(a[2], path + "[2]", "a number"))
    }

    /// A seed written as a decimal string (or a small integer).
    static func seed(_ value: JSONValue, _ path: String) throws -> UInt64 {
        if let s = value.stringValue, let seed = UInt64(s) { return seed }
        if case .integer(let i) = value, i >= 0 { return UInt64(i) }
        throw wrongType(path, expected: "a seed (an unsigned 64-bit integer as a decimal string)", found: value)
    }
}
