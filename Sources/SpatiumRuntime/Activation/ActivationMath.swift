/// Branch-free single-precision `exp`, `expm1` and `log1p` used by every activation kernel.
///
/// libm's `expf`/`logf` are opaque calls that stop the compiler from vectorising a loop, so the
/// kernels use these instead: Cody–Waite range reduction plus the Cephes minimax polynomials,
/// written with selects only (no branches, no calls), so a loop over them becomes SIMD code.
/// The scalar `ActivationFunction.apply(_:)` uses the very same functions, which is what makes
/// bulk and scalar results bit-identical. Accuracy: ≤ 2 ulp over the whole range (tested).
///
/// ```swift
/// let y = ActivationMath.exp(1)        // 2.7182817
/// ```
enum ActivationMath {
    /// log2(e), for the range reduction x = n·ln2 + r.
    static let log2e: Float = 1.442_695_04
    /// ln 2 split in two: the high part has 9 significant bits so n·ln2High is exact for |n| ≤ 2^15.
    static let ln2High: Float = 0.693_359_375
    static let ln2Low: Float = -2.121_944_40e-4
    /// 1.5·2^23: adding and subtracting it rounds a float with |t| < 2^22 to the nearest integer,
    /// and the sum's low mantissa bits hold that integer (its bit pattern is `roundingBits + n`).
    static let roundingMagic: Float = 12_582_912
    static let roundingBits: Int32 = 0x4B40_0000

    /// 2^n for n in [-126, 127], built from the exponent bits.
    @inline(__always)
    static func powerOfTwo(_ exponent: Int32) -> Float {
        Float(bitPattern: UInt32(bitPattern: (exponent &+ 127) << 23))
    }

    /// eʳ − 1 for |r| ≤ ln2/2 (Cephes expf coefficients), accurate relative to the result.
    /// The polynomial is evaluated in Estrin's scheme: half the dependency chain of Horner's,
    /// which is what bounds the throughput of the vectorised loops.
    @inline(__always)
    static func expm1Reduced(_ r: Float) -> Float {
        let r2 = r * r
        let low = 5.000_000_120_1e-1 + 1.666_666_545_9e-1 * r
        let middle = 4.166_579_589_4e-2 + 8.333_451_907_3e-3 * r
        let high = 1.398_199_950_7e-3 + 1.987_569_150_0e-4 * r
        let p = low + r2 * (middle + r2 * high)
        return p * r2 + r
    }

    /// Below this, `exp` returns 0 (flush to zero): the scaling below needs 2ⁿ·m to stay a
    /// normal float. The absolute error of the flush is < 2e-38.
    static let expMinimum: Float = -86.9
    /// `exp` is exact to ≤ 2 ulp up to here (n ≤ 127); callers clamp above it.
    static let expMaximum: Float = 88.3

    /// eˣ for x ≤ `expMaximum` (≈ 88.3): ≤ 2 ulp for x ≥ −86.9, 0 below (and for −inf), NaN for
    /// NaN. Callers keep x ≤ `expMaximum` (every kernel passes x ≤ 20). Branch-free.
    @inline(__always)
    static func exp(_ x: Float) -> Float {
        // The clamp keeps the exponent field of the result ≥ 1; NaN passes through both selects.
        let clamped = x < expMinimum ? expMinimum : x
        let shifted = clamped * log2e + roundingMagic
        let n = shifted - roundingMagic
        let r = (clamped - n * ln2High) - n * ln2Low
        let mantissa = expm1Reduced(r) + 1
        // eʳ is in [√½, √2]: adding n to its exponent field multiplies it by 2ⁿ exactly.
        let exponent = Int32(bitPattern: shifted.bitPattern) &- roundingBits
        let result = Float(bitPattern: mantissa.bitPattern &+ UInt32(bitPattern: exponent << 23))
        return x < expMinimum ? 0 : result
    }

    /// eˣ − 1 for x in [-80, 80], accurate relative to the result (also for x near 0).
    /// Callers clamp into that domain; below −17 the result is −1 in float anyway.
    @inline(__always)
    static func expm1(_ x: Float) -> Float {
        let shifted = x * log2e + roundingMagic
        let n = shifted - roundingMagic
        let r = (x - n * ln2High) - n * ln2Low
        let reduced = expm1Reduced(r)
        let scale = powerOfTwo(Int32(bitPattern: shifted.bitPattern) &- roundingBits)
        // eˣ − 1 = 2ⁿ(eʳ − 1) + (2ⁿ − 1); for n = 0 this is eʳ − 1 itself, exactly.
        return scale * reduced + (scale - 1)
    }

    /// ln(1 + y) for y in [0, 1] (the only range softplus needs), accurate relative to the
    /// result also for tiny y: u = 1 + y is rounded, and the rounding error c = y − (u − 1)
    /// is added back. (Exactly it is c/u; c alone is off by c·y/(1+y) ≤ 2⁻²⁴·ln(1+y), under
    /// one ulp, and saves a division.)
    @inline(__always)
    static func log1p(_ y: Float) -> Float {
        let u = 1 + y
        let correction = y - (u - 1)
        // u in [1, 2]: write u = 2^k · m with m in [√½, √2), k ∈ {0, 1}; both steps are exact.
        let aboveRoot2 = u > 1.414_213_56
        let f = aboveRoot2 ? u * 0.5 - 1 : u - 1
        let k: Float = aboveRoot2 ? 1 : 0
        let z = f * f
        // Cephes logf polynomial.
        var p: Float = 7.037_683_629_2e-2
        p = p * f - 1.151_461_031_0e-1
        p = p * f + 1.167_699_874_0e-1
        p = p * f - 1.242_014_084_6e-1
        p = p * f + 1.424_932_278_7e-1
        p = p * f - 1.666_805_766_5e-1
        p = p * f + 2.000_071_476_5e-1
        p = p * f - 2.499_999_399_3e-1
        p = p * f + 3.333_333_117_4e-1
        var tail = p * f * z
        tail = tail + k * ln2Low
        tail = tail - 0.5 * z
        tail = tail + correction
        return (f + tail) + k * ln2High
    }
}
