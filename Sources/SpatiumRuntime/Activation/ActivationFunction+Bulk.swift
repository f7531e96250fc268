extension ActivationFunction {
    /// Which of the two per-element operations a bulk loop computes.
    enum Evaluation: Sendable {
        case value
        case derivative
    }

    /// Replaces every element x of `values` by f(x), in place.
    ///
    /// The function is dispatched once; the loop itself is a tight, vectorised kernel.
    /// Results are bit-identical to calling `apply(_:)` element by element.
    ///
    /// ```swift
    /// var xs: [Float] = [-1, 0, 2]
    /// xs.withUnsafeMutableBufferPointer { ActivationFunction.relu.apply(to: $0) }  // [0, 0, 2]
    /// ```
    public func apply(to values: UnsafeMutableBufferPointer<Float>) {
        guard let base = values.baseAddress else { return }
        run(.value, input: UnsafePointer(base), output: base, count: values.count)
    }

    /// Replaces every element x of `values` by f(x), in place.
    ///
    /// ```swift
    /// var xs: [Float] = [-1, 0, 2]
    /// ActivationFunction.relu.apply(to: &xs)    // [0, 0, 2]
    /// ```
    public func apply(to values: inout [Float]) {
        values.withUnsafeMutableBufferPointer { apply(to: $0) }
    }

    /// Writes f(input[i]) to output[i]. The two buffers must have the same count (else
    /// `ActivationFunctionError.countMismatch` and nothing is written); they may be the same
    /// buffer.
    ///
    /// ```swift
    /// let input: [Float] = [-1, 0, 1]
    /// var output = [Float](repeating: 0, count: 3)
    /// try input.withUnsafeBufferPointer { source in
    ///     try output.withUnsafeMutableBufferPointer { try ActivationFunction.tanh.apply(source, into: $0) }
    /// }
    /// ```
    public func apply(
        _ input: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>
    ) throws(ActivationFunctionError) {
        try run(.value, input: input, output: output)
    }

    /// Replaces every element x of `values` by f′(x), in place; bit-identical to `derivative(_:)`.
    ///
    /// ```swift
    /// var xs: [Float] = [-1, 0, 2]
    /// xs.withUnsafeMutableBufferPointer { ActivationFunction.relu.derivative(to: $0) }  // [0, 0, 1]
    /// ```
    public func derivative(to values: UnsafeMutableBufferPointer<Float>) {
        guard let base = values.baseAddress else { return }
        run(.derivative, input: UnsafePointer(base), output: base, count: values.count)
    }

    /// Replaces every element x of `values` by f′(x), in place.
    ///
    /// ```swift
    /// var xs: [Float] = [0]
    /// ActivationFunction.sigmoid.derivative(to: &xs)   // [0.25]
    /// ```
    public func derivative(to values: inout [Float]) {
        values.withUnsafeMutableBufferPointer { derivative(to: $0) }
    }

    /// Writes f′(input[i]) to output[i]; same rules as `apply(_:into:)`.
    ///
    /// ```swift
    /// try ActivationFunction.gelu.derivative(inputBuffer, into: outputBuffer)
    /// ```
    public func derivative(
        _ input: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>
    ) throws(ActivationFunctionError) {
        try run(.derivative, input: input, output: output)
    }

    private func run(
        _ evaluation: Evaluation, input: UnsafeBufferPointer<Float>,
        output: UnsafeMutableBufferPointer<Float>
    ) throws(ActivationFunctionError) {
        guard input.count == output.count else {
            throw .countMismatch(inputCount: input.count, outputCount: output.count)
        }
        guard let source = input.baseAddress, let destination = output.baseAddress else { return }
        run(evaluation, input: source, output: destination, count: input.count)
    }

    /// The one switch over the function; every case is a specialised, vectorisable loop.
    func run(
        _ evaluation: Evaluation, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        count: Int
    ) {
        switch self {
        case .relu: Self.loop(ActivationKernels.ReLU(), evaluation, input, output, count)
        case .leakyReLU(let alpha):
            Self.loop(ActivationKernels.LeakyReLU(alpha: alpha), evaluation, input, output, count)
        case .sigmoid: Self.loop(ActivationKernels.Sigmoid(), evaluation, input, output, count)
        case .tanh: Self.loop(ActivationKernels.Tanh(), evaluation, input, output, count)
        case .gelu: Self.loop(ActivationKernels.GELU(), evaluation, input, output, count)
        case .swish: Self.loop(ActivationKernels.Swish(), evaluation, input, output, count)
        case .mish: Self.loop(ActivationKernels.Mish(), evaluation, input, output, count)
        case .elu(let alpha):
            Self.loop(ActivationKernels.ELU(alpha: alpha), evaluation, input, output, count)
        case .softplus: Self.loop(ActivationKernels.Softplus(), evaluation, input, output, count)
        case .hardSigmoid: Self.loop(ActivationKernels.HardSigmoid(), evaluation, input, output, count)
        case .hardTanh: Self.loop(ActivationKernels.HardTanh(), evaluation, input, output, count)
        case .sine: Self.loop(ActivationKernels.Sine(), evaluation, input, output, count)
        case .linear: Self.loop(ActivationKernels.Linear(), evaluation, input, output, count)
        }
    }

    /// Each specialisation is its own function (not inlined into the big switch), so that
    /// every kernel's loop gets the whole register file and is scheduled on its own.
    @inline(never)
    private static func loop<Kernel: ActivationKernel>(
        _ kernel: Kernel, _ evaluation: Evaluation, _ input: UnsafePointer<Float>,
        _ output: UnsafeMutablePointer<Float>, _ count: Int
    ) {
        // In place gets its own loop: with one pointer the vectoriser needs no overlap check
        // (which two equal pointers would fail, sending the loop down its scalar fallback).
        if UnsafeMutablePointer(mutating: input) == output {
            switch evaluation {
            case .value:
                for index in 0..<count { output[index] = kernel.value(output[index]) }
            case .derivative:
                for index in 0..<count { output[index] = kernel.derivative(output[index]) }
            }
        } else {
            switch evaluation {
            case .value:
                for index in 0..<count { output[index] = kernel.value(input[index]) }
            case .derivative:
                for index in 0..<count { output[index] = kernel.derivative(input[index]) }
            }
        }
    }
}
