/// The points of a parameter sweep: the cartesian product of one list of values per key, in
/// command-line order (the first key varies slowest, like nested loops).
///
/// Each point has a directory name, `key=value,key=value` in grid order, under the sweep's
/// output directory; `--shard i/n` gives process i the points whose index is i − 1 modulo n,
/// a stable assignment that depends only on the grid.
///
/// ```swift
/// var grid = SweepGrid()
/// try grid.add("size=8,16")
/// try grid.add("drive=0.1,0.2")
/// grid.points.map(\.directoryName)   // ["size=8,drive=0.1", "size=8,drive=0.2", "size=16,drive=0.1", "size=16,drive=0.2"]
/// grid.points(shard: 2, of: 2).map(\.index)   // [1, 3]
/// ```
public struct SweepGrid: Equatable, Sendable {
    /// One `--grid key=v1,v2,…`.
    public struct Axis: Equatable, Sendable {
        /// The parameter name.
        public var key: String
        /// Its values as written.
        public var values: [String]
    }

    /// The axes in command-line order.
    public private(set) var axes: [Axis] = []

    /// An empty grid (one point with no assignments until an axis is added).
    public init() {}

    /// The largest number of points a sweep may have.
    public static let maximumPointCount = 1_000_000

    /// Adds an axis from `key=v1,v2,…`. The key is a Lua name; values are non-empty, distinct
    /// and usable in a directory name (no `/`, no control characters).
    public mutating func add(_ specification: String) throws(SweepError) {
        guard let equals = specification.firstIndex(of: "="), equals != specification.startIndex else {
            throw SweepError("--grid expects key=v1,v2,…, got '\(specification)'")
        }
        let key = String(specification[..<equals])
        guard key.first.map({ $0.isASCII && ($0.isLetter || $0 == "_") }) == true,
              key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw SweepError("--grid key '\(key)' is not a valid name (letters, digits, _)")
        }
        guard !axes.contains(where: { $0.key == key }) else {
            throw SweepError("--grid key '\(key)' is given twice (list all its values in one --grid \(key)=v1,v2,…)")
        }
        let list = specification[specification.index(after: equals)...]
        let values = list.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard !list.isEmpty else { throw SweepError("--grid \(key): no values (expected \(key)=v1,v2,…)") }
        var seen = Set<String>()
        for value in values {
            guard !value.isEmpty else { throw SweepError("--grid \(key): empty value in '\(list)'") }
            guard !value.contains("/"), value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
                throw SweepError("--grid \(key): value '\(value)' cannot be part of a directory name (no '/' or control characters)")
            }
            guard seen.insert(value).inserted else { throw SweepError("--grid \(key): value '\(value)' is listed twice") }
        }
        let count = axes.reduce(values.count) { product, axis in product.multipliedReportingOverflow(by: axis.values.count).partialValue }
        guard count <= SweepGrid.maximumPointCount else {
            throw SweepError("--grid: the sweep would have more than \(SweepGrid.maximumPointCount) points")
        }
        axes.append(Axis(key: key, values: values))
    }

    /// The keys in grid order.
    public var keys: [String] { axes.map(\.key) }

    /// Number of points.
    public var count: Int { axes.reduce(1) { $0 * $1.values.count } }

    /// Every point, in grid order.
    public var points: [SweepPoint] { (0..<count).map(point) }

    /// The point at `index` (0 ..< count).
    public func point(_ index: Int) -> SweepPoint {
        var assignments: [SweepPoint.Assignment] = []
        assignments.reserveCapacity(axes.count)
        var remainder = index
        for axis in axes.reversed() {
            assignments.append(.init(key: axis.key, value: axis.values[remainder % axis.values.count]))
            remainder /= axis.values.count
        }
        return SweepPoint(index: index, assignments: assignments.reversed())
    }

    /// The points of shard `shard` (1-based) of `count`: those with `index % count == shard − 1`.
    public func points(shard: Int, of shardCount: Int) -> [SweepPoint] {
        precondition(shardCount >= 1 && (1...shardCount).contains(shard), "shard \(shard)/\(shardCount)")
        return stride(from: shard - 1, to: count, by: shardCount).map(point)
    }
}
