/// FEAGI's stateless excitability draw: a PCG hash of (neuron id, burst), reproduced bit for bit
/// (reference/feagi/DYNAMICS.md §5).
///
/// ```swift
/// ExcitabilityHash.pcg(42)                          // 1223963391
/// ExcitabilityHash.random(neuron: 7, burst: 12)     // 0.10860177
/// ```
public enum ExcitabilityHash {
    /// The PCG output function FEAGI uses.
    @inlinable
    public static func pcg(_ input: UInt32) -> UInt32 {
        let state = input &* 747_796_405 &+ 2_891_336_453
        let word = ((state >> ((state >> 28) &+ 4)) ^ state) &* 277_803_737
        return (word >> 22) ^ word
    }

    /// The uniform draw in [0, 1] for global neuron `neuron` (from 0) in burst `burst` (from 1).
    @inlinable
    public static func random(neuron: Int, burst: UInt64) -> Float {
        let seed = UInt32(truncatingIfNeeded: neuron) &* 2_654_435_761 &+ UInt32(truncatingIfNeeded: burst) &* 1_597_334_677
        return Float(pcg(seed)) / 4_294_967_296
    }

    /// Whether a neuron with excitability `excitability` fires when its window is met.
    @inlinable
    public static func fires(excitability: Float, neuron: Int, burst: UInt64) -> Bool {
        if excitability >= 0.999 { return true }
        if excitability <= 0 { return false }
        return random(neuron: neuron, burst: burst) < excitability
    }
}
