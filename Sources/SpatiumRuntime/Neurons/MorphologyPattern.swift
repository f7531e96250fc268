/// One `[source pattern, destination pattern]` pair of a FEAGI pattern morphology, one
/// ``PatternElement`` per axis.
///
/// A source voxel that passes all three source elements connects to the Cartesian product of
/// the three destination element sets (see ``PatternElement``). Results of several pairs are
/// united (duplicates removed).
///
/// ```swift
/// // FEAGI's all_to_all: every source voxel to every destination voxel
/// let p = MorphologyPattern(source: [.same, .same, .same], destination: [.any, .any, .any])
/// ```
public struct MorphologyPattern: Hashable, Sendable {
    /// x, y, z elements matched against the source voxel.
    public var source: [PatternElement]
    /// x, y, z elements producing destination voxels.
    public var destination: [PatternElement]

    /// Creates a pattern pair; both sides must have three elements (checked when a brain
    /// accepts the connection).
    ///
    /// ```swift
    /// let p = MorphologyPattern(source: [.index(0), .index(0), .index(0)], destination: [.any, .any, .any])
    /// ```
    public init(source: [PatternElement], destination: [PatternElement]) {
        self.source = source
        self.destination = destination
    }
}
