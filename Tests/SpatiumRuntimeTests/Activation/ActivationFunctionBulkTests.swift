import Testing
@testable import SpatiumRuntime

@Suite("Activation function bulk evaluation")
struct ActivationFunctionBulkTests {
    @Test("bulk apply and derivative are bit-identical to scalar over mixed inputs",
          arguments: ActivationReference.functions)
    func bulkMatchesScalar(function: ActivationFunction) throws {
        let inputs = ActivationReference.mixedInputs
        // In place, through the array form and the buffer form.
        var values = inputs
        function.apply(to: &values)
        var slopes = inputs
        slopes.withUnsafeMutableBufferPointer { function.derivative(to: $0) }
        // Out of place.
        var outputValues = [Float](repeating: 0, count: inputs.count)
        var outputSlopes = [Float](repeating: 0, count: inputs.count)
        try inputs.withUnsafeBufferPointer { source in
            try outputValues.withUnsafeMutableBufferPointer { try function.apply(source, into: $0) }
            try outputSlopes.withUnsafeMutableBufferPointer { try function.derivative(source, into: $0) }
        }
        for (index, x) in inputs.enumerated() {
            let value = function.apply(x)
            let slope = function.derivative(x)
            #expect(ActivationReference.identical(values[index], value),
                    "\(function.name)(\(x)): bulk \(values[index]) vs scalar \(value)")
            #expect(ActivationReference.identical(outputValues[index], value))
            #expect(ActivationReference.identical(slopes[index], slope),
                    "\(function.name)′(\(x)): bulk \(slopes[index]) vs scalar \(slope)")
            #expect(ActivationReference.identical(outputSlopes[index], slope))
        }
    }

    @Test("every length from 0 to 40 (vector loop remainders) matches scalar")
    func shortLengths() {
        for function in ActivationReference.functions {
            for length in 0...40 {
                let inputs = Array(ActivationReference.mixedInputs[7..<(7 + length)])
                var values = inputs
                function.apply(to: &values)
                #expect(zip(values, inputs).allSatisfy { ActivationReference.identical($0, function.apply($1)) },
                        "\(function.name), length \(length)")
            }
        }
    }

    @Test("a sub-buffer is evaluated without touching its neighbours")
    func subBufferOnly() {
        var values: [Float] = [-1, -2, -3, -4, -5]
        values.withUnsafeMutableBufferPointer { buffer in
            ActivationFunction.relu.apply(to: UnsafeMutableBufferPointer(rebasing: buffer[1..<4]))
        }
        #expect(values == [-1, 0, 0, 0, -5])
    }

    @Test("out of place with different counts throws and writes nothing")
    func mismatchedCountsThrow() {
        let input: [Float] = [1, 2, 3]
        var output: [Float] = [9, 9]
        input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                #expect(throws: ActivationFunctionError.countMismatch(inputCount: 3, outputCount: 2)) {
                    try ActivationFunction.tanh.apply(source, into: destination)
                }
                #expect(throws: ActivationFunctionError.countMismatch(inputCount: 3, outputCount: 2)) {
                    try ActivationFunction.tanh.derivative(source, into: destination)
                }
            }
        }
        #expect(output == [9, 9])
        let message = ActivationFunctionError.countMismatch(inputCount: 3, outputCount: 2).description
        #expect(message.contains("2 elements") && message.contains("3"))
    }

    @Test("empty buffers are fine")
    func emptyBuffers() throws {
        var empty: [Float] = []
        ActivationFunction.gelu.apply(to: &empty)
        ActivationFunction.gelu.derivative(to: &empty)
        try empty.withUnsafeMutableBufferPointer { buffer in
            try ActivationFunction.gelu.apply(UnsafeBufferPointer(buffer), into: buffer)
        }
        #expect(empty.isEmpty)
    }
}
