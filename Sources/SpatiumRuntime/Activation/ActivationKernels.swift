#if canImport(Glibc)
import Glibc
#endif

/// The thirteen kernels. Conventions shared by all of them: NaN in gives NaN out (also for the
/// derivative); ±inf gives the limit; no intermediate inf·0 or inf−inf reaches a result.
///
/// ```swift
/// let slope = ActivationKernels.ELU(alpha: 0.5).derivative(-1)
/// ```
enum ActivationKernels {
    /// max(0, x).
    struct ReLU: ActivationKernel {
        @inline(__always) func value(_ x: Float) -> Float { x < 0 ? 0 : x }
        @inline(__always) func derivative(_ x: Float) -> Float { x > 0 ? 1 : (x == x ? 0 : x) }
    }

    /// x for x > 0, αx otherwise.
    struct LeakyReLU: ActivationKernel {
        let alpha: Float
        @inline(__always) func value(_ x: Float) -> Float {
            let scaled = alpha * x
            return x > 0 ? x : scaled
        }
        @inline(__always) func derivative(_ x: Float) -> Float { x > 0 ? 1 : (x == x ? alpha : x) }
    }

    /// 1 / (1 + e⁻ˣ), evaluated through e^−|x| so neither tail overflows:
    /// σ(x) = 1/(1 + e^−|x|) for x ≥ 0 and e^−|x|/(1 + e^−|x|) for x < 0.
    struct Sigmoid: ActivationKernel {
        @inline(__always) func value(_ x: Float) -> Float {
            let decay = ActivationMath.exp(-x.magnitude)
            let numerator: Float = x >= 0 ? 1 : decay
            return numerator / (1 + decay)
        }
        @inline(__always) func derivative(_ x: Float) -> Float {
            // σ(x)(1 − σ(x)) = e^−|x| / (1 + e^−|x|)²
            let decay = ActivationMath.exp(-x.magnitude)
            let denominator = 1 + decay
            return decay / (denominator * denominator)
        }
    }

    /// tanh x = sign(x) · −m / (2 + m) with m = e^−2|x| − 1, evaluated with `expm1` so the
    /// result is accurate relative to itself also near 0.
    struct Tanh: ActivationKernel {
        /// tanh is ±1 in float beyond here; the clamp keeps expm1 in its domain.
        static let saturation: Float = 40

        @inline(__always) func value(_ x: Float) -> Float {
            let magnitude = x.magnitude
            let clamped = magnitude > Self.saturation ? Self.saturation : magnitude
            let m = ActivationMath.expm1(-2 * clamped)
            let t = -m / (2 + m)
            return Float(bitPattern: (t.bitPattern & 0x7FFF_FFFF) | (x.bitPattern & 0x8000_0000))
        }
        @inline(__always) func derivative(_ x: Float) -> Float {
            // sech²x = 4e^−2|x| / (1 + e^−2|x|)², accurate relative to the result for all x.
            let decay = ActivationMath.exp(-2 * x.magnitude)
            let denominator = 1 + decay
            return (4 * decay) / (denominator * denominator)
        }
    }

    /// 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))), evaluated as the identical x·σ(2u).
    struct GELU: ActivationKernel {
        /// 2·√(2/π).
        static let twiceRootTwoOverPi: Float = 1.595_769_121_605_730_8
        static let cubicCoefficient: Float = 0.044_715
        /// Beyond ±16 GELU is x (resp. 0) in float.
        static let saturation: Float = 16

        @inline(__always) func value(_ x: Float) -> Float {
            // x·σ(2u) = max(x, 0) − |x|·σ(−2|u|), and 2|u| = c·|x|·(1 + 0.044715x²) needs only
            // |x|. Clamping |x| at 16 changes nothing (σ(−2|u|) is 0 in float there) but keeps
            // ±inf from meeting that 0.
            let magnitude = x.magnitude
            let clamped = magnitude > Self.saturation ? Self.saturation : magnitude
            let negativeU2 = (-Self.twiceRootTwoOverPi * clamped)
                * (1 + Self.cubicCoefficient * (clamped * clamped))
            let decay = ActivationMath.exp(negativeU2)
            let lower = decay / (1 + decay)                // σ(−2|u|)
            let positivePart: Float = x > 0 ? x : 0
            return positivePart - clamped * lower
        }
        @inline(__always) func derivative(_ x: Float) -> Float {
            // d/dx x·σ(2u) = σ(2u) + x·σ(2u)σ(−2u)·(2u)′; at |x| = 16 the second term is 0.
            let limit = Self.saturation
            let clamped = x < -limit ? -limit : (x > limit ? limit : x)
            let square = clamped * clamped
            let u2 = Self.twiceRootTwoOverPi * (clamped + Self.cubicCoefficient * (square * clamped))
            let slope = Self.twiceRootTwoOverPi * (1 + (3 * Self.cubicCoefficient) * square)
            let decay = ActivationMath.exp(-u2.magnitude)
            let upper = 1 / (1 + decay)
            let lower = decay * upper
            let sigma = clamped >= 0 ? upper : lower
            return sigma + clamped * (upper * lower) * slope
        }
    }

    /// x·σ(x) (also called SiLU).
    struct Swish: ActivationKernel {
        /// Beyond ±128 swish is x (resp. 0) in float.
        static let saturation: Float = 128

        @inline(__always) func value(_ x: Float) -> Float {
            // x·σ(x) = max(x, 0) − |x|·σ(−|x|); beyond |x| = 128, σ(−|x|) is 0 in float and the
            // clamp keeps ±inf from meeting it.
            let decay = ActivationMath.exp(-x.magnitude)
            let lower = decay / (1 + decay)
            let magnitude = x.magnitude
            let clampedMagnitude = magnitude > Self.saturation ? Self.saturation : magnitude
            let positivePart: Float = x > 0 ? x : 0
            return positivePart - clampedMagnitude * lower
        }
        @inline(__always) func derivative(_ x: Float) -> Float {
            // σ(x) + x·σ(x)(1 − σ(x)); at |x| = 128 the second term is exactly 0.
            let limit = Self.saturation
            let clamped = x < -limit ? -limit : (x > limit ? limit : x)
            let decay = ActivationMath.exp(-clamped.magnitude)
            let upper = 1 / (1 + decay)
            let lower = decay * upper
            let sigma = clamped >= 0 ? upper : lower
            return sigma + clamped * (upper * lower)
        }
    }

    /// x·tanh(softplus(x)), evaluated with n = eˣ(eˣ + 2): tanh(ln(1 + eˣ)) = n / (n + 2).
    struct Mish: ActivationKernel {
        /// Above 20 mish is x and its derivative 1 in float; below −128 both are 0.
        static let upperSaturation: Float = 20
        static let lowerSaturation: Float = -128

        @inline(__always) func value(_ x: Float) -> Float {
            let clamped = x > Self.upperSaturation
                ? Self.upperSaturation : (x < Self.lowerSaturation ? Self.lowerSaturation : x)
            let growth = ActivationMath.exp(clamped)
            let n = growth * (growth + 2)
            let gap = 2 / (n + 2)                          // 1 − tanh(softplus(x))
            let positive = clamped - clamped * gap
            let negative = clamped * ((n * 0.5) * gap)
            let inner = clamped >= 0 ? positive : negative
            return x > Self.upperSaturation ? x : inner
        }
        @inline(__always) func derivative(_ x: Float) -> Float {
            // tanh(sp) + x·sech²(sp)·σ(x) = n/(n+2) + x·eˣ(1 + eˣ)·(2/(n+2))²
            let clamped = x > Self.upperSaturation
                ? Self.upperSaturation : (x < Self.lowerSaturation ? Self.lowerSaturation : x)
            let growth = ActivationMath.exp(clamped)
            let n = growth * (growth + 2)
            let gap = 2 / (n + 2)
            let ratio = clamped >= 0 ? 1 - gap : (n * 0.5) * gap
            let inner = ratio + clamped * (growth * (1 + growth)) * (gap * gap)
            return x > Self.upperSaturation ? 1 : inner
        }
    }

    /// x for x > 0, α(eˣ − 1) otherwise.
    struct ELU: ActivationKernel {
        let alpha: Float
        @inline(__always) func value(_ x: Float) -> Float {
            // Below −80, eˣ − 1 is −1 in float; the clamp keeps expm1 in its domain.
            let negativePart = x > 0 ? 0 : (x < -80 ? -80 : x)
            let scaled = alpha * ActivationMath.expm1(negativePart)
            return x > 0 ? x : scaled
        }
        @inline(__always) func derivative(_ x: Float) -> Float {
            let negativePart: Float = x > 0 ? 0 : x
            let scaled = alpha * ActivationMath.exp(negativePart)
            return x > 0 ? 1 : scaled
        }
    }

    /// ln(1 + eˣ) = max(x, 0) + ln(1 + e^−|x|).
    struct Softplus: ActivationKernel {
        @inline(__always) func value(_ x: Float) -> Float {
            let decay = ActivationMath.exp(-x.magnitude)
            let positivePart: Float = x > 0 ? x : 0
            return positivePart + ActivationMath.log1p(decay)
        }
        @inline(__always) func derivative(_ x: Float) -> Float { Sigmoid().value(x) }
    }

    /// clamp(x + 3, 0, 6) / 6 (PyTorch's relu6(x + 3)/6).
    struct HardSigmoid: ActivationKernel {
        /// PyTorch's vectorised kernel multiplies by 1/6 too (a division would cost a `divps`).
        static let oneSixth: Float = 1 / 6

        @inline(__always) func value(_ x: Float) -> Float {
            let shifted = x + 3
            let clamped: Float = shifted < 0 ? 0 : (shifted > 6 ? 6 : shifted)
            return clamped * Self.oneSixth
        }
        @inline(__always) func derivative(_ x: Float) -> Float {
            let inside: Float = x > -3 && x < 3 ? 1 / 6 : 0
            return x == x ? inside : x
        }
    }

    /// clamp(x, −1, 1).
    struct HardTanh: ActivationKernel {
        @inline(__always) func value(_ x: Float) -> Float { x < -1 ? -1 : (x > 1 ? 1 : x) }
        @inline(__always) func derivative(_ x: Float) -> Float {
            let inside: Float = x > -1 && x < 1 ? 1 : 0
            return x == x ? inside : x
        }
    }

    /// sin x (libm; sin has no limit at ±inf, so ±inf gives NaN).
    struct Sine: ActivationKernel {
        @inline(__always) func value(_ x: Float) -> Float { sinf(x) }
        @inline(__always) func derivative(_ x: Float) -> Float { cosf(x) }
    }

    /// The identity.
    struct Linear: ActivationKernel {
        @inline(__always) func value(_ x: Float) -> Float { x }
        @inline(__always) func derivative(_ x: Float) -> Float { x == x ? 1 : x }
    }
}
