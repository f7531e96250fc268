/// A JSON object that keeps its members in file order (repeated keys are kept; lookups
/// return the last one, as most parsers do). Keys are compared by their UTF-8 bytes, so
/// `"é"` and `"e\u{301}"` are two keys (Swift's `String ==` would merge them).
///
/// ```swift
/// var o = JSONObject()
/// o.append("z", .integer(1))
/// o.append("a", .bool(true))
/// o.keys                                    // ["z", "a"]
/// o["a"]                                    // .bool(true)
/// ```
public struct JSONObject: Hashable, Sendable {
    /// Member names in order.
    public private(set) var keys: [String] = []
    /// Member values, parallel to `keys`.
    public private(set) var values: [JSONValue] = []

    /// An empty object.
    ///
    /// ```swift
    /// let o = JSONObject()
    /// ```
    public init() {}

    /// An object from ordered `(key, value)` pairs.
    ///
    /// ```swift
    /// let o = JSONObject([("x", .integer(1)), ("y", .integer(2))])
    /// ```
    public init(_ members: [(String, JSONValue)]) {
        keys = members.map(\.0)
        values = members.map(\.1)
    }

    /// Number of members.
    public var count: Int { keys.count }

    /// Members in order.
    public var members: Zip2Sequence<[String], [JSONValue]> { zip(keys, values) }

    /// The value of the last member named `key`, or `nil`.
    public subscript(key: String) -> JSONValue? {
        guard let i = index(of: key) else { return nil }
        return values[i]
    }

    /// The position of the last member whose name has the same UTF-8 bytes as `key`.
    func index(of key: String) -> Int? {
        let count = key.utf8.count
        return keys.lastIndex { $0.utf8.count == count && $0.utf8.elementsEqual(key.utf8) }
    }

    /// Appends a member (keeps earlier members of the same name).
    ///
    /// ```swift
    /// o.append("k", .null)
    /// ```
    public mutating func append(_ key: String, _ value: JSONValue) {
        keys.append(key)
        values.append(value)
    }

    /// Replaces the last member named `key`, or appends it.
    ///
    /// ```swift
    /// o.set("k", .integer(2))
    /// ```
    public mutating func set(_ key: String, _ value: JSONValue) {
        if let i = index(of: key) { values[i] = value } else { append(key, value) }
    }

    /// Appends with reserved capacity (parser use).
    mutating func reserve(_ n: Int) {
        keys.reserveCapacity(n)
        values.reserveCapacity(n)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object from a literal, members in the literal's order.
    ///
    /// ```swift
    /// let o: JSONObject = ["seed": 42, "name": "run"]
    /// ```
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}

extension JSONObject {
    /// Equal when the members are equal in order, keys compared by their UTF-8 bytes.
    public static func == (left: JSONObject, right: JSONObject) -> Bool {
        left.keys.count == right.keys.count && left.values == right.values
            && zip(left.keys, right.keys).allSatisfy { $0.utf8.elementsEqual($1.utf8) }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(keys.count)
        for (key, value) in members {
            JSONValue.hashBytes(of: key, into: &hasher)
            hasher.combine(value)
        }
    }
}
