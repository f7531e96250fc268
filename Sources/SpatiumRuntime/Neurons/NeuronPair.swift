/// A (source, destination) pair of **local** neuron indices, the unit of an explicit
/// morphology.
///
/// ```swift
/// let pair = NeuronPair(source: 0, destination: 5)
/// ```
public struct NeuronPair: Hashable, Sendable {
    /// Local index in the source area (`0..<source.count`).
    public var source: Int
    /// Local index in the destination area (`0..<destination.count`).
    public var destination: Int

    /// Creates a pair.
    ///
    /// ```swift
    /// let pair = NeuronPair(source: 3, destination: 3)
    /// ```
    public init(source: Int, destination: Int) {
        self.source = source
        self.destination = destination
    }
}
