/// One of the activation functions a neuron's map cell can hold (DESIGN.md §2).
///
/// ```swift
/// let f = try ActivationFunction(name: "leaky_relu:0.1")
/// f.apply(-2)        // -0.2
/// ```
public enum ActivationFunction: Hashable, Sendable {
    case relu
    case leakyReLU(alpha: Float)
    case sigmoid
    case tanh
    case gelu
    case swish
    case mish
    case elu(alpha: Float)
    case softplus
    case hardSigmoid
    case hardTanh
    case sine
    case linear
}
