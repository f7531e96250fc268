/// Where a neuron's 64-bit pattern hash comes from in a burst, which picks its activation-map
/// cell (DESIGN.md §3).
///
/// | case | hash |
/// |---|---|
/// | ``sources`` | wrapping sum of `mix64(global index)` over the neurons whose spikes reached it this burst, plus `mix64(pattern)` of injections that carried one |
/// | ``position`` | `mix64(x | y << 21 | z << 42)` of its voxel: a fixed spatial texture |
/// | ``magnitude(resolution:)`` | `mix64(floor(u / resolution))` of its summed input u: similar inputs, same cell |
///
/// ```swift
/// let source = try PatternHashSource(name: "magnitude", resolution: 0.5)
/// ```
public enum PatternHashSource: Hashable, Sendable, CustomStringConvertible {
    case sources
    case position
    case magnitude(resolution: Float)

    /// Parses `"sources"`, `"position"` or `"magnitude"` (with `resolution`, default 1).
    public init(name: String, resolution: Float? = nil) throws(EngineError) {
        switch name {
        case "sources": self = .sources
        case "position": self = .position
        case "magnitude":
            let step = resolution ?? 1
            guard step.isFinite, step > 0 else { throw .invalidArgument("hash resolution must be a finite number > 0, got \(step)") }
            self = .magnitude(resolution: step)
        default:
            throw .invalidArgument("unknown hash source '\(name)' (expected sources, position or magnitude)")
        }
    }

    public var description: String {
        switch self {
        case .sources: "sources"
        case .position: "position"
        case .magnitude(let resolution): "magnitude(\(resolution))"
        }
    }

    /// The hash of local neuron `local` (global `global`) with summed input `input`, in an area
    /// of `height` × `depth` voxels with `neuronsPerVoxel` neurons each; `sources` holds the
    /// accumulated source hashes by global index.
    @inlinable
    public func hash(local: Int, global: Int, input: Float, height: Int, depth: Int, neuronsPerVoxel: Int,
                     sources: UnsafePointer<UInt64>?) -> UInt64 {
        switch self {
        case .sources:
            return sources?[global] ?? 0
        case .position:
            let voxel = local / max(neuronsPerVoxel, 1)
            return Self.positionHash(x: voxel / (height * depth), y: (voxel / depth) % height, z: voxel % depth)
        case .magnitude(let resolution):
            return Self.magnitudeHash(input, resolution: resolution)
        }
    }

    /// The position hash of voxel (x, y, z).
    @inlinable
    public static func positionHash(x: Int, y: Int, z: Int) -> UInt64 {
        SplitMix64.mix(UInt64(truncatingIfNeeded: x) | UInt64(truncatingIfNeeded: y) << 21 | UInt64(truncatingIfNeeded: z) << 42)
    }

    /// The magnitude hash of input `u`.
    @inlinable
    public static func magnitudeHash(_ u: Float, resolution: Float) -> UInt64 {
        let bucket = (u / resolution).rounded(.down)
        let index: Int64 = bucket.isNaN ? 0 : (bucket >= 9.2e18 ? .max : bucket <= -9.2e18 ? .min : Int64(bucket))
        return SplitMix64.mix(UInt64(bitPattern: index))
    }
}
