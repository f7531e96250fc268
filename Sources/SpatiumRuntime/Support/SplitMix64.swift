/// SplitMix64: the seeded generator and the 64-bit mixer every random draw in Spatium uses.
///
/// `mix(_:)` is SplitMix64's finaliser (DESIGN.md §3 calls it `mix64`): a bijection on 64-bit
/// words with good avalanche, used for pattern hashes and for counter-based draws that depend
/// only on (seed, burst, neuron) and never on thread count or evaluation order.
///
/// ```swift
/// var rng = SplitMix64(seed: 7)
/// let a = rng.next()                       // sequential stream
/// let u = SplitMix64.unitFloat(SplitMix64.mix(42))   // counter-based uniform in [0, 1)
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The golden-ratio increment of SplitMix64.
    public static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The generator's whole state: resuming from it continues the stream exactly.
    public var state: UInt64

    /// Creates a generator whose stream is fixed by `seed`.
    @inlinable
    public init(seed: UInt64) { state = seed }

    /// The next 64-bit value of the stream.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= Self.increment
        return Self.mix(state)
    }

    /// SplitMix64's finaliser (`mix64`).
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A counter-based draw: a hash of `(seed, stream, counter)` with no state, so any
    /// thread can compute draw `counter` of `stream` independently.
    @inlinable
    public static func draw(seed: UInt64, stream: UInt64, counter: UInt64) -> UInt64 {
        mix(mix(seed &+ increment &* (stream &+ 1)) ^ (counter &* 0xD1B5_4A32_D192_ED03))
    }

    /// The top 24 bits of `bits` as a `Float` uniform in [0, 1).
    @inlinable
    public static func unitFloat(_ bits: UInt64) -> Float {
        Float(bits >> 40) * 0x1p-24
    }

    /// The top 53 bits of `bits` as a `Double` uniform in [0, 1).
    @inlinable
    public static func unitDouble(_ bits: UInt64) -> Double {
        Double(bits >> 11) * 0x1p-53
    }
}
