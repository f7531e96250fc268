/// The neurons that fired in one burst: global indices ascending, with the potential each had
/// just before its reset (FEAGI's v@fire).
///
/// ```swift
/// let fired = engine.fired
/// for (index, potential) in zip(fired.indices, fired.potentials) { … }
/// ```
public struct FiredSet: Sendable {
    /// Global neuron indices, ascending.
    public internal(set) var indices: [Int32] = []
    /// Pre-reset potentials, parallel to ``indices``.
    public internal(set) var potentials: [Float] = []

    /// Number of neurons that fired.
    public var count: Int { indices.count }

    /// The positions in ``indices`` of the neurons of global range `range` (an area).
    public func positions(in range: Range<Int>) -> Range<Int> {
        func lowerBound(_ value: Int) -> Int {
            var low = 0, high = indices.count
            while low < high {
                let middle = (low + high) / 2
                if Int(indices[middle]) < value { low = middle + 1 } else { high = middle }
            }
            return low
        }
        return lowerBound(range.lowerBound)..<lowerBound(range.upperBound)
    }

    mutating func removeAll() {
        indices.removeAll(keepingCapacity: true)
        potentials.removeAll(keepingCapacity: true)
    }
}
