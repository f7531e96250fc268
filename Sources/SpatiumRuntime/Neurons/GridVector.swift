/// An integer (x, y, z) triple on a cortical area's voxel grid: a voxel coordinate, a
/// morphology offset or a per-axis morphology scalar.
///
/// ```swift
/// let step = GridVector(1, 0, 0)           // one voxel along +x
/// let scalar = GridVector.one              // FEAGI's default morphology scalar
/// print(step, scalar)                      // (1, 0, 0) (1, 1, 1)
/// ```
public struct GridVector: Hashable, Sendable, CustomStringConvertible {
    /// Component along x (the slowest axis in neuron order).
    public var x: Int
    /// Component along y.
    public var y: Int
    /// Component along z.
    public var z: Int

    /// Creates a vector from its three components.
    ///
    /// ```swift
    /// let v = GridVector(0, -1, 2)
    /// ```
    public init(_ x: Int, _ y: Int, _ z: Int) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// (0, 0, 0).
    public static let zero = GridVector(0, 0, 0)
    /// (1, 1, 1): the identity scalar.
    public static let one = GridVector(1, 1, 1)

    /// `"(x, y, z)"`.
    public var description: String { "(\(x), \(y), \(z))" }
}
