/// Short failure messages for bit-for-bit comparisons of long arrays.
enum BitComparison {
    /// The first position where two arrays differ, or nil when they are equal.
    static func firstDifference<T: Equatable>(_ a: [T], _ b: [T]) -> String? {
        if let i = a.indices.first(where: { $0 < b.count && a[$0] != b[$0] }) { return "position \(i): \(a[i]) vs \(b[i])" }
        return a.count == b.count ? nil : "lengths \(a.count) vs \(b.count)"
    }
}
