#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import SpatiumRuntime

@Suite("Activation function accuracy")
struct ActivationFunctionAccuracyTests {
    @Test("apply is within 1e-6 of the Double reference at 1,000 points in [-5, 5]",
          arguments: ActivationReference.functions)
    func valuesMatchReference(function: ActivationFunction) {
        var worst = 0.0
        for x in ActivationReference.grid {
            let error = Swift.abs(Double(function.apply(x)) - ActivationReference.value(function, Double(x)))
            worst = max(worst, error)
        }
        #expect(worst < 1e-6, "\(function.name): max |apply − reference| = \(worst)")
    }

    @Test("derivative is within 1e-4 of the central difference (h = 1e-5) in Double",
          arguments: ActivationReference.functions)
    func derivativesMatchFiniteDifference(function: ActivationFunction) {
        var worst = 0.0
        var checked = 0
        for x in ActivationReference.grid {
            let point = Double(x)
            if ActivationReference.kinks(function).contains(where: { Swift.abs($0 - point) < 1e-4 }) { continue }
            let numeric = ActivationReference.centralDifference(function, point)
            worst = max(worst, Swift.abs(Double(function.derivative(x)) - numeric))
            checked += 1
        }
        #expect(checked >= 990)
        #expect(worst < 1e-4, "\(function.name): max |derivative − central difference| = \(worst)")
    }

    @Test("values far from [-5, 5] keep relative accuracy in the tails")
    func tailsKeepRelativeAccuracy() {
        // Where the value is tiny, an absolute 1e-6 test says nothing: check relative error.
        let cases: [(ActivationFunction, Float)] = [
            (.sigmoid, -20), (.sigmoid, -60), (.swish, -30), (.softplus, -25), (.softplus, -80),
            (.mish, -30), (.gelu, -6), (.tanh, 1e-4), (.tanh, -3e-6), (.elu(alpha: 1), -1e-6),
            (.softplus, 1e-7), (.sigmoid, 0.001),
        ]
        for (function, x) in cases {
            let expected = ActivationReference.limitValue(function, Double(x))
            let relative = Swift.abs(Double(function.apply(x)) - expected) / Swift.abs(expected)
            #expect(relative < 1e-6, "\(function.name)(\(x)): relative error \(relative)")
        }
    }

    @Test("the internal exp is within 2 ulp from its flush threshold (≈ −86.9) to 88.3, 0 below")
    func expIsAccurate() {
        let low = Double(ActivationMath.expMinimum)
        let width = Double(ActivationMath.expMaximum) - low
        var generator = SplitMix64(seed: 5)
        var worstUlps = 0.0
        for step in 0..<200_000 {
            // Dense over the domain, plus uniform random points.
            let x: Float = step < 100_000
                ? Float(low + width * Double(step) / 100_000)
                : Float(low + width * SplitMix64.unitDouble(generator.next()))
            guard x >= ActivationMath.expMinimum, x <= ActivationMath.expMaximum else { continue }
            let exact = exp(Double(x))
            let ulp = Double(Float(exact).ulp)
            worstUlps = max(worstUlps, Swift.abs(Double(ActivationMath.exp(x)) - exact) / ulp)
        }
        #expect(worstUlps <= 2, "worst exp error \(worstUlps) ulp")
        #expect(ActivationMath.expMinimum < -86.8 && ActivationMath.expMaximum > 88.2)
        #expect(ActivationMath.exp(ActivationMath.expMinimum.nextDown) == 0)
        #expect(ActivationMath.exp(-88) == 0)
        #expect(ActivationMath.exp(-.infinity) == 0)
        #expect(ActivationMath.exp(0) == 1)
        #expect(ActivationMath.exp(.nan).isNaN)
    }

    @Test("the internal expm1 and log1p are accurate relative to their results")
    func expm1AndLog1pAreAccurate() {
        var worstExpm1 = 0.0
        var worstLog1p = 0.0
        for step in 1...20_000 {
            let x = Float(-80 + 80 * Double(step) / 20_000)            // (-80, 0]
            let exact = expm1(Double(x))
            worstExpm1 = max(worstExpm1, Swift.abs(Double(ActivationMath.expm1(x)) - exact) / Double(Float(exact).ulp))
            let y = Float(Double(step) / 20_000)                        // (0, 1]
            let exactLog = log1p(Double(y))
            worstLog1p = max(worstLog1p, Swift.abs(Double(ActivationMath.log1p(y)) - exactLog) / Double(Float(exactLog).ulp))
        }
        for tiny: Float in [1e-10, 1e-20, 3e-38] {
            #expect(ActivationMath.log1p(tiny) == tiny)
            #expect(ActivationMath.expm1(-tiny) == -tiny)
        }
        #expect(worstExpm1 <= 3, "worst expm1 error \(worstExpm1) ulp")
        #expect(worstLog1p <= 3, "worst log1p error \(worstLog1p) ulp")
    }

    @Test("hand-checked values")
    func handCheckedValues() {
        #expect(ActivationFunction.relu.apply(-2) == 0)
        #expect(ActivationFunction.relu.apply(2) == 2)
        #expect(ActivationFunction.leakyReLU(alpha: 0.1).apply(-2) == -0.2)
        #expect(ActivationFunction.sigmoid.apply(0) == 0.5)
        #expect(ActivationFunction.tanh.apply(0) == 0)
        #expect(ActivationFunction.gelu.apply(0) == 0)
        #expect(ActivationFunction.swish.apply(0) == 0)
        #expect(ActivationFunction.mish.apply(0) == 0)
        #expect(ActivationFunction.elu(alpha: 1).apply(0) == 0)
        #expect(Swift.abs(ActivationFunction.softplus.apply(0) - 0.693_147_2) < 1e-7)
        #expect(ActivationFunction.hardSigmoid.apply(0) == 0.5)
        #expect(ActivationFunction.hardSigmoid.apply(3) == 1)
        #expect(ActivationFunction.hardTanh.apply(0.5) == 0.5)
        #expect(ActivationFunction.linear.apply(-7.25) == -7.25)
        #expect(ActivationFunction.sigmoid.derivative(0) == 0.25)
        #expect(ActivationFunction.tanh.derivative(0) == 1)
        #expect(ActivationFunction.gelu.derivative(0) == 0.5)
        #expect(ActivationFunction.softplus.derivative(0) == 0.5)
        #expect(ActivationFunction.relu.derivative(0) == 0)
        #expect(ActivationFunction.elu(alpha: 0.5).derivative(0) == 0.5)
        #expect(ActivationFunction.hardTanh.derivative(1) == 0)
        #expect(ActivationFunction.hardSigmoid.derivative(0) == Float(1.0 / 6))
        // Odd functions stay odd, including the sign of zero.
        #expect(ActivationFunction.tanh.apply(-0.0).sign == .minus)
        #expect(ActivationFunction.tanh.apply(0.3) == -ActivationFunction.tanh.apply(-0.3))
    }
}
