/// One point of a ``SweepGrid``: its index in grid order and one value per key.
///
/// ```swift
/// let point = SweepPoint(index: 0, assignments: [.init(key: "size", value: "8"), .init(key: "seed", value: "2")])
/// point.directoryName    // "size=8,seed=2"
/// ```
public struct SweepPoint: Equatable, Sendable {
    /// `key = value`.
    public struct Assignment: Equatable, Sendable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// Position in grid order (0-based).
    public var index: Int
    /// The values, in grid order.
    public var assignments: [Assignment]

    public init(index: Int, assignments: [Assignment]) {
        self.index = index
        self.assignments = assignments
    }

    /// `key=value,key=value` — the point's directory under the sweep's output directory
    /// (`"default"` for a grid without axes).
    public var directoryName: String {
        assignments.isEmpty ? "default" : assignments.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    /// The value for `key`, if the grid has it.
    public subscript(key: String) -> String? { assignments.first { $0.key == key }?.value }
}
