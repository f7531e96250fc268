/// Reduction of a raw angle to [−π, π] with a 125-bit π, exact enough for every format.
struct PeriodicReduction: Sendable {
    /// π·2^125 (hex digits of π: 3.243F6A8885A308D313198A2E03707344…).
    static let piQ125: Int128 = 0x6487_ED51_10B4_611A_6263_3145_C06E_0E68

    let extraBits: Int
    let twoPiScaled: Int128
    let piScaled: Int128
    /// floor(π·2^F): inputs with |x| ≤ this need no reduction.
    let piRaw: Int64
    let twoPiRaw: Double

    init(format: QFormat) {
        let fraction = format.fractionalBits
        extraBits = Swift.min(126 - format.storageBits, 124 - fraction)
        twoPiScaled = PeriodicReduction.piQ125 >> (124 - fraction - extraBits)
        piScaled = twoPiScaled >> 1
        piRaw = Int64(truncatingIfNeeded: PeriodicReduction.piQ125 >> (125 - fraction))
        twoPiRaw = 2 * Double.pi * format.scale
    }

    /// `x − k·2π` rounded to a raw, in [−π, π].
    @inline(__always)
    func reduce(_ x: Int64) -> Int64 {
        if x <= piRaw && x >= -piRaw { return x }
        return reduceSlow(x)
    }

    func reduceSlow(_ x: Int64) -> Int64 {
        let turns = Int64((Double(x) / twoPiRaw).rounded())
        var remainder = (Int128(x) << extraBits) - Int128(turns) * twoPiScaled
        while remainder > piScaled { remainder -= twoPiScaled }
        while remainder < -piScaled { remainder += twoPiScaled }
        let half = Int128(1) << (extraBits - 1)
        let rounded = remainder >= 0 ? (remainder + half) >> extraBits : -((-remainder + half) >> extraBits)
        return Int64(truncatingIfNeeded: rounded)
    }
}
