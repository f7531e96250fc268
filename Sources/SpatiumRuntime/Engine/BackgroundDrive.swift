#if canImport(Glibc)
import Glibc
#endif

/// Input an area receives every burst on top of synapses and injections:
/// `constant + uniform·U[0,1) + normal·N(0,1)` per neuron per burst.
///
/// Draws come from a counter-based hash of (seed, burst, neuron), so they depend neither on
/// thread count nor on evaluation order, and vectorise.
///
/// ```swift
/// let drive = BackgroundDrive(constant: 0.1, uniform: 0.2)
/// drive.value(neuron: 5, burst: 1, seed: 1)
/// ```
public struct BackgroundDrive: Hashable, Sendable {
    /// Added to every neuron every burst.
    public var constant: Float
    /// Amplitude of a uniform draw in [0, 1).
    public var uniform: Float
    /// Standard deviation of a normal draw (mean 0).
    public var normal: Float

    public init(constant: Float = 0, uniform: Float = 0, normal: Float = 0) {
        self.constant = constant
        self.uniform = uniform
        self.normal = normal
    }

    /// Whether the drive adds anything at all (a zero drive makes no neuron a candidate).
    public var isActive: Bool { constant != 0 || uniform != 0 || normal != 0 }

    /// A 32-bit finaliser (Murmur3-style), cheap in SIMD lanes.
    @inlinable
    public static func hash32(_ value: UInt32) -> UInt32 {
        var x = value
        x ^= x >> 16
        x &*= 0x7FEB_352D
        x ^= x >> 15
        x &*= 0x846C_A68B
        x ^= x >> 16
        return x
    }

    /// The per-burst key: mixes the seed and the burst number.
    @inlinable
    public static func key(seed: UInt64, burst: UInt64) -> UInt32 {
        let seed32 = UInt32(truncatingIfNeeded: seed ^ (seed >> 32))
        return hash32(seed32 &* 0x9E37_79B9 ^ hash32(UInt32(truncatingIfNeeded: burst)))
    }

    /// Uniform in [0, 1) for `neuron` under `key`: a multiple of 2⁻²³, made by putting 23 hash
    /// bits in the mantissa of a float in [1, 2) and subtracting 1 (no int→float conversion, so
    /// SIMD lanes compute the same value).
    @inlinable
    public static func unit(key: UInt32, neuron: Int) -> Float {
        Float(bitPattern: 0x3F80_0000 | (hash32(key ^ UInt32(truncatingIfNeeded: neuron)) >> 9)) - 1
    }

    /// Standard normal for `neuron` under `key` (Box–Muller over two independent draws).
    @inlinable
    public static func gaussian(key: UInt32, neuron: Int) -> Float {
        let a = hash32(key ^ 0xA511_E9B3 ^ UInt32(truncatingIfNeeded: neuron))
        let b = hash32(key ^ 0x63D8_3595 ^ UInt32(truncatingIfNeeded: neuron))
        let u1 = (Float(a >> 8) + 1) * 0x1p-24     // (0, 1]
        let u2 = Float(b >> 8) * 0x1p-24
        return sqrtf(-2 * logf(u1)) * cosf(2 * Float.pi * u2)
    }

    /// The drive of global neuron `neuron` in `burst`.
    @inlinable
    public func value(neuron: Int, burst: UInt64, seed: UInt64) -> Float {
        let key = BackgroundDrive.key(seed: seed, burst: burst)
        var total = constant
        if uniform != 0 { total += uniform * BackgroundDrive.unit(key: key, neuron: neuron) }
        if normal != 0 { total += normal * BackgroundDrive.gaussian(key: key, neuron: neuron) }
        return total
    }
}
