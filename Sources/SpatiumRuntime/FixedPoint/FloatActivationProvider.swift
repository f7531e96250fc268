/// The seam through which `ActivationEvaluator` evaluates `.float32` precision: the float
/// activation functions live in `Activation/` and are connected by conforming a type to this
/// protocol (one call per buffer, never per element).
///
/// ```swift
/// struct FloatActivations: FloatActivationProvider {
///     func apply(_ function: ActivationFunction, to xs: UnsafeBufferPointer<Float>,
///                into output: UnsafeMutableBufferPointer<Float>) {
///         for i in xs.indices { output[i] = function.apply(xs[i]) }
///     }
/// }
/// let evaluator = try ActivationEvaluator(.tanh, precision: .float32, floatProvider: FloatActivations())
/// ```
public protocol FloatActivationProvider: Sendable {
    /// Writes `function(xs[i])` to `output[i]` for every i; `output.count ≥ xs.count` is guaranteed.
    func apply(_ function: ActivationFunction, to xs: UnsafeBufferPointer<Float>,
               into output: UnsafeMutableBufferPointer<Float>)
}
