/// One activation function as a small value that the bulk loops are specialised over.
///
/// Both the scalar `ActivationFunction.apply(_:)` and the bulk loops call these methods, so the
/// two paths compute the same operations in the same order and give bit-identical results.
/// Every kernel is written with selects (`c ? a : b` over values already computed) rather than
/// branches or libm calls, so a loop over it vectorises (except `Sine`, which calls libm).
///
/// ```swift
/// let y = ActivationKernels.Sigmoid().value(0.5)
/// ```
protocol ActivationKernel {
    /// f(x).
    func value(_ x: Float) -> Float
    /// f′(x), the derivative with respect to x.
    func derivative(_ x: Float) -> Float
}
