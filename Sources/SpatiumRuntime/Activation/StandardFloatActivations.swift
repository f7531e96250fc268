/// The float activation functions of `Activation/` behind the fixed-point layer's
/// ``FloatActivationProvider`` seam (so `Precision.float32` evaluates with the bulk kernels).
///
/// ```swift
/// let e = try ActivationEvaluator(.gelu, precision: .float32)   // uses StandardFloatActivations
/// ```
public struct StandardFloatActivations: FloatActivationProvider {
    public init() {}

    public func apply(_ function: ActivationFunction, to xs: UnsafeBufferPointer<Float>,
                      into output: UnsafeMutableBufferPointer<Float>) {
        let target = UnsafeMutableBufferPointer(rebasing: output[0..<xs.count])
        try? function.apply(xs, into: target)
    }
}
