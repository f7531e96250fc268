#if canImport(Glibc)
import Glibc
#endif
@testable import SpatiumRuntime

/// Double-precision references written independently of the runtime, after PyTorch's
/// definitions (torch.nn.functional: relu, leaky_relu, sigmoid, tanh, gelu(approximate="tanh"),
/// silu, mish, elu, softplus, hardsigmoid, hardtanh; sin; identity).
enum ActivationReference {
    /// The straightforward formula, as in the seed; fine on [−5, 5].
    static func value(_ function: ActivationFunction, _ x: Double) -> Double {
        switch function {
        case .relu: return x > 0 ? x : 0
        case .leakyReLU(let alpha): return x >= 0 ? x : Double(alpha) * x
        case .sigmoid: return 1 / (1 + exp(-x))
        case .tanh: return Glibc.tanh(x)
        case .gelu:
            return 0.5 * x * (1 + Glibc.tanh((2 / Double.pi).squareRoot() * (x + 0.044715 * x * x * x)))
        case .swish: return x * (1 / (1 + exp(-x)))
        case .mish: return x * Glibc.tanh(log1p(exp(x)))
        case .elu(let alpha): return x > 0 ? x : Double(alpha) * (exp(x) - 1)
        case .softplus: return log1p(exp(x))
        case .hardSigmoid: return min(max(x + 3, 0), 6) / 6
        case .hardTanh: return min(max(x, -1), 1)
        case .sine: return sin(x)
        case .linear: return x
        }
    }

    /// Central finite difference of `value` with step h, in Double.
    static func centralDifference(_ function: ActivationFunction, _ x: Double, step h: Double = 1e-5) -> Double {
        (value(function, x + h) - value(function, x - h)) / (2 * h)
    }

    /// Points where the function or its derivative has a kink.
    static func kinks(_ function: ActivationFunction) -> [Double] {
        switch function {
        case .relu, .leakyReLU, .elu: return [0]
        case .hardSigmoid: return [-3, 3]
        case .hardTanh: return [-1, 1]
        default: return []
        }
    }

    /// The value for any x including ±inf and huge |x|, in forms that stay finite in Double;
    /// NaN where the function has no limit (sine at ±inf).
    static func limitValue(_ function: ActivationFunction, _ x: Double) -> Double {
        func sigmoid(_ t: Double) -> Double { t >= 0 ? 1 / (1 + exp(-t)) : exp(t) / (1 + exp(t)) }
        func softplus(_ t: Double) -> Double { max(t, 0) + log1p(exp(-Swift.abs(t))) }
        switch function {
        case .sigmoid: return sigmoid(x)
        case .gelu:
            // 0.5x(1 + tanh u) = x·σ(2u), without the cancellation of 1 + tanh u for x < 0.
            if x == -.infinity { return 0 }
            return x * sigmoid(2 * (2 / Double.pi).squareRoot() * (x + 0.044715 * x * x * x))
        case .swish: return x == -.infinity ? 0 : x * sigmoid(x)
        case .mish: return x == -.infinity ? 0 : x * Glibc.tanh(softplus(x))
        case .softplus: return softplus(x)
        case .elu(let alpha): return x > 0 ? x : Double(alpha) * expm1(x)
        default: return value(function, x)
        }
    }

    /// The derivative for any x including ±inf, NaN where there is no limit (sine).
    static func limitDerivative(_ function: ActivationFunction, _ x: Double) -> Double {
        func sigmoid(_ t: Double) -> Double { t >= 0 ? 1 / (1 + exp(-t)) : exp(t) / (1 + exp(t)) }
        switch function {
        case .relu: return x > 0 ? 1 : 0
        case .leakyReLU(let alpha): return x > 0 ? 1 : Double(alpha)
        case .sigmoid: return sigmoid(x) * sigmoid(-x)
        case .tanh: return 1 - Glibc.tanh(x) * Glibc.tanh(x)
        case .gelu, .swish, .mish, .softplus: return x > 0 ? 1 : 0   // only used for |x| ≥ 88
        case .elu(let alpha): return x > 0 ? 1 : Double(alpha) * exp(x)
        case .hardSigmoid: return x > -3 && x < 3 ? 1.0 / 6 : 0
        case .hardTanh: return x > -1 && x < 1 ? 1 : 0
        case .sine: return cos(x)
        case .linear: return 1
        }
    }

    /// Every function, plus the parameterised ones with non-default parameters.
    static let functions: [ActivationFunction] =
        ActivationFunction.twelve + [.linear, .leakyReLU(alpha: 0.1), .elu(alpha: 0.5)]

    /// 1,000 evenly spaced points in [−5, 5] (as Float).
    static let grid: [Float] = (0..<1000).map { Float(-5 + 10 * Double($0) / 999) }

    /// Extremes and ordinary values mixed: infinities, NaN, zeros, huge, subnormal, around the
    /// internal thresholds, and a spread of ordinary values.
    static let mixedInputs: [Float] = {
        var values: [Float] = [
            .infinity, -.infinity, .nan, 0, -0.0, 1e30, -1e30, .greatestFiniteMagnitude,
            -.greatestFiniteMagnitude, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
            .leastNormalMagnitude, -.leastNormalMagnitude, 100, -100, 88, -88, 87.5, -87.5, 89, -89,
            40, -40, 20, -20, 16, -16, 128, -128, 129, -129, 3, -3, 1, -1, 0.625, -0.625,
            0.34, -0.34, 1e-8, -1e-8, 1e-30, -1e-30,
        ]
        var generator = SplitMix64(seed: 99)
        for _ in 0..<1000 {
            values.append(Float(SplitMix64.unitDouble(generator.next()) * 60 - 30))
        }
        return values + grid
    }()

    /// Same bits, or both NaN.
    static func identical(_ a: Float, _ b: Float) -> Bool {
        a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
    }
}
