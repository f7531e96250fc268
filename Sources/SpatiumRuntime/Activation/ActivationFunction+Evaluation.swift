extension ActivationFunction {
    /// f(x) in `Float`.
    ///
    /// Stable over the whole float range: ±inf gives the limit (Sine: NaN, sin has none), huge
    /// |x| never produces NaN from an overflowing exponential, NaN in gives NaN out. Bit-identical
    /// to the bulk `apply(to:)`.
    ///
    /// ```swift
    /// ActivationFunction.sigmoid.apply(0)                 // 0.5
    /// ActivationFunction.elu(alpha: 1).apply(-.infinity)  // -1
    /// ```
    public func apply(_ x: Float) -> Float {
        switch self {
        case .relu: ActivationKernels.ReLU().value(x)
        case .leakyReLU(let alpha): ActivationKernels.LeakyReLU(alpha: alpha).value(x)
        case .sigmoid: ActivationKernels.Sigmoid().value(x)
        case .tanh: ActivationKernels.Tanh().value(x)
        case .gelu: ActivationKernels.GELU().value(x)
        case .swish: ActivationKernels.Swish().value(x)
        case .mish: ActivationKernels.Mish().value(x)
        case .elu(let alpha): ActivationKernels.ELU(alpha: alpha).value(x)
        case .softplus: ActivationKernels.Softplus().value(x)
        case .hardSigmoid: ActivationKernels.HardSigmoid().value(x)
        case .hardTanh: ActivationKernels.HardTanh().value(x)
        case .sine: ActivationKernels.Sine().value(x)
        case .linear: ActivationKernels.Linear().value(x)
        }
    }

    /// f′(x), the analytic derivative with respect to the input x.
    ///
    /// At the kinks of the piecewise functions the right-hand convention of PyTorch is used
    /// where it has one (ReLU′(0) = 0, HardTanh′(±1) = 0, HardSigmoid′(±3) = 0, ELU′(0) = α).
    /// NaN in gives NaN out; ±inf gives the limit. Bit-identical to the bulk `derivative(to:)`.
    ///
    /// ```swift
    /// ActivationFunction.tanh.derivative(0)    // 1
    /// ActivationFunction.relu.derivative(-2)   // 0
    /// ```
    public func derivative(_ x: Float) -> Float {
        switch self {
        case .relu: ActivationKernels.ReLU().derivative(x)
        case .leakyReLU(let alpha): ActivationKernels.LeakyReLU(alpha: alpha).derivative(x)
        case .sigmoid: ActivationKernels.Sigmoid().derivative(x)
        case .tanh: ActivationKernels.Tanh().derivative(x)
        case .gelu: ActivationKernels.GELU().derivative(x)
        case .swish: ActivationKernels.Swish().derivative(x)
        case .mish: ActivationKernels.Mish().derivative(x)
        case .elu(let alpha): ActivationKernels.ELU(alpha: alpha).derivative(x)
        case .softplus: ActivationKernels.Softplus().derivative(x)
        case .hardSigmoid: ActivationKernels.HardSigmoid().derivative(x)
        case .hardTanh: ActivationKernels.HardTanh().derivative(x)
        case .sine: ActivationKernels.Sine().derivative(x)
        case .linear: ActivationKernels.Linear().derivative(x)
        }
    }
}
