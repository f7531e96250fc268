/// Maps names to positions comparing names by their exact UTF-8 bytes (Swift's `String`
/// equality treats canonically equivalent spellings as equal; file formats do not).
struct NameIndex {
    private var buckets: [String: [(name: String, position: Int)]] = [:]

    /// Adds `name` at `position`; returns the position of a byte-identical name already present
    /// (and adds nothing) or `nil`.
    mutating func insert(_ name: String, at position: Int) -> Int? {
        if let existing = self[name] { return existing }
        buckets[name, default: []].append((name, position))
        return nil
    }

    /// The position of the byte-identical `name`.
    subscript(name: String) -> Int? {
        guard let bucket = buckets[name] else { return nil }
        for entry in bucket where entry.name.utf8.elementsEqual(name.utf8) { return entry.position }
        return nil
    }

    /// Whether `a` sorts before `b` by bytes (the order Rust's `str` comparison uses).
    static func bytewiseLess(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
