import Testing
@testable import SpatiumRuntime

@Suite("Activation function limits and NaN")
struct ActivationFunctionLimitTests {
    static let extremes: [Float] = [.infinity, -.infinity, 1e30, -1e30, 100, -100, 88, -88]

    @Test("apply at ±inf, ±1e30, ±100, ±88 gives the limit and no NaN",
          arguments: ActivationReference.functions)
    func valuesAtExtremes(function: ActivationFunction) {
        for x in Self.extremes {
            let result = function.apply(x)
            let expected = ActivationReference.limitValue(function, Double(x))
            if expected.isNaN {
                // Only sine at ±inf has no limit.
                #expect(result.isNaN, "\(function.name)(\(x)) = \(result), expected NaN")
                continue
            }
            #expect(!result.isNaN, "\(function.name)(\(x)) is NaN")
            if expected.isInfinite {
                #expect(Double(result) == expected, "\(function.name)(\(x)) = \(result), expected \(expected)")
            } else {
                let tolerance = 1e-6 * max(1, Swift.abs(expected))
                #expect(Swift.abs(Double(result) - expected) <= tolerance,
                        "\(function.name)(\(x)) = \(result), expected \(expected)")
            }
        }
    }

    @Test("derivative at ±inf, ±1e30, ±100, ±88 gives the limit and no NaN",
          arguments: ActivationReference.functions)
    func derivativesAtExtremes(function: ActivationFunction) {
        for x in Self.extremes {
            let result = function.derivative(x)
            let expected = ActivationReference.limitDerivative(function, Double(x))
            if expected.isNaN {
                #expect(result.isNaN, "\(function.name)′(\(x)) = \(result), expected NaN")
                continue
            }
            #expect(!result.isNaN, "\(function.name)′(\(x)) is NaN")
            #expect(Swift.abs(Double(result) - expected) <= 1e-6,
                    "\(function.name)′(\(x)) = \(result), expected \(expected)")
        }
    }

    @Test("NaN in gives NaN out, for values and derivatives, scalar and bulk",
          arguments: ActivationReference.functions)
    func nanPropagates(function: ActivationFunction) {
        #expect(function.apply(.nan).isNaN)
        #expect(function.derivative(.nan).isNaN)
        var values: [Float] = [.nan, 1, .nan, -1, .nan]
        function.apply(to: &values)
        #expect(values[0].isNaN && values[2].isNaN && values[4].isNaN)
        var slopes: [Float] = [.nan, 1, .nan, -1, .nan]
        function.derivative(to: &slopes)
        #expect(slopes[0].isNaN && slopes[2].isNaN && slopes[4].isNaN)
    }

    @Test("huge and tiny inputs never produce NaN or infinity where the function is bounded")
    func boundedFunctionsStayBounded() {
        let bounded: [ActivationFunction] = [.sigmoid, .tanh, .hardSigmoid, .hardTanh]
        for function in bounded {
            for x in ActivationReference.mixedInputs where !x.isNaN {
                let value = function.apply(x)
                #expect(value >= -1 && value <= 1, "\(function.name)(\(x)) = \(value)")
                let slope = function.derivative(x)
                #expect(slope.isFinite && slope >= 0, "\(function.name)′(\(x)) = \(slope)")
            }
        }
        for function in ActivationReference.functions where function != .sine {
            for x in ActivationReference.mixedInputs where !x.isNaN {
                #expect(!function.apply(x).isNaN, "\(function.name)(\(x)) is NaN")
                #expect(!function.derivative(x).isNaN, "\(function.name)′(\(x)) is NaN")
            }
        }
    }
}
