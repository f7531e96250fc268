/// Evaluates one `ActivationFunction` at any `Precision`, scalar and bulk: `.float32` through a
/// `FloatActivationProvider`, a Q format through `FixedPointActivation` (lookup tables).
///
/// Float buffers work at every precision (a fixed precision quantises each element with
/// `format.raw`, evaluates, and converts back); raw integer buffers need a fixed precision.
///
/// ```swift
/// let q = try ActivationEvaluator(.gelu, precision: try Precision(parsing: "q8.8"))
/// q.apply(1.0 as Float)                       // ≈ 0.8398 (a Q8.8 value)
/// let input: [Int16] = [256]
/// var output = [Int16](repeating: 0, count: 1)
/// try input.withUnsafeBufferPointer { i in try output.withUnsafeMutableBufferPointer { try q.apply(raws: i, into: $0) } }
/// ```
public struct ActivationEvaluator: Sendable {
    /// The activation function evaluated.
    ///
    /// ```swift
    /// evaluator.function   // .gelu
    /// ```
    public let function: ActivationFunction
    /// The precision it is evaluated at.
    ///
    /// ```swift
    /// evaluator.precision.description   // "q8.8"
    /// ```
    public let precision: Precision
    /// The fixed-point evaluation (nil for `.float32`).
    ///
    /// ```swift
    /// evaluator.fixedPoint?.apply(raw: 256)
    /// ```
    public let fixedPoint: FixedPointActivation?
    let floatProvider: (any FloatActivationProvider)?

    /// Prepares `function` at `precision`. `.float32` uses `floatProvider` (default: the float
    /// activation functions of `Activation/`); fixed precisions ignore it.
    ///
    /// ```swift
    /// let e = try ActivationEvaluator(.tanh, precision: .fixed(.q16_16, .spatium))
    /// ```
    public init(_ function: ActivationFunction, precision: Precision,
                floatProvider: (any FloatActivationProvider)? = StandardFloatActivations()) throws {
        self.function = function
        self.precision = precision
        self.floatProvider = floatProvider
        switch precision {
        case .float32:
            guard floatProvider != nil else {
                throw FixedPointError.floatPrecisionNeedsProvider(
                    reason: "evaluating \(function) in f32 needs a FloatActivationProvider; expected one to be passed")
            }
            fixedPoint = nil
        case let .fixed(format, mode):
            fixedPoint = try FixedPointActivation(function, format: format, mode: mode)
        }
    }

    /// One value.
    ///
    /// ```swift
    /// try ActivationEvaluator(.relu, precision: .fixed(.q8_8, .spatium)).apply(-1 as Float)   // 0
    /// ```
    public func apply(_ x: Float) -> Float {
        if let fixedPoint { return Float(fixedPoint.apply(Double(x))) }
        var output: Float = 0
        var input = x
        withUnsafePointer(to: &input) { inputPointer in
            withUnsafeMutablePointer(to: &output) { outputPointer in
                floatProvider?.apply(function, to: UnsafeBufferPointer(start: inputPointer, count: 1),
                                     into: UnsafeMutableBufferPointer(start: outputPointer, count: 1))
            }
        }
        return output
    }

    /// A buffer of floats into `output` (at least as long).
    ///
    /// ```swift
    /// try xs.withUnsafeBufferPointer { i in try ys.withUnsafeMutableBufferPointer { try evaluator.apply(i, into: $0) } }
    /// ```
    public func apply(_ xs: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>) throws {
        guard output.count >= xs.count else {
            throw FixedPointError.bufferSizeMismatch(inputCount: xs.count, outputCount: output.count)
        }
        guard let fixedPoint else {
            floatProvider?.apply(function, to: xs, into: output)
            return
        }
        let format = fixedPoint.format
        for index in xs.indices {
            output[index] = Float(format.real(fixedPoint.apply(raw: format.raw(Double(xs[index])))))
        }
    }

    func requireFixed(_ count: Int) throws -> FixedPointActivation {
        guard let fixedPoint else {
            throw FixedPointError.floatPrecisionNeedsProvider(
                reason: "raw integer buffers have no meaning in f32; expected a Q-format precision")
        }
        return fixedPoint
    }

    /// Raws of the precision's Q format (Int8 buffers); throws for `.float32`.
    ///
    /// ```swift
    /// try evaluator.apply(raws: int8Input, into: int8Output)
    /// ```
    public func apply(raws: UnsafeBufferPointer<Int8>, into output: UnsafeMutableBufferPointer<Int8>) throws {
        try requireFixed(raws.count).apply(raws: raws, into: output)
    }

    /// Raws of the precision's Q format (Int16 buffers; one load per element for 16-bit formats).
    ///
    /// ```swift
    /// try evaluator.apply(raws: int16Input, into: int16Output)
    /// ```
    public func apply(raws: UnsafeBufferPointer<Int16>, into output: UnsafeMutableBufferPointer<Int16>) throws {
        try requireFixed(raws.count).apply(raws: raws, into: output)
    }

    /// Raws of the precision's Q format (Int32 buffers).
    ///
    /// ```swift
    /// try evaluator.apply(raws: int32Input, into: int32Output)
    /// ```
    public func apply(raws: UnsafeBufferPointer<Int32>, into output: UnsafeMutableBufferPointer<Int32>) throws {
        try requireFixed(raws.count).apply(raws: raws, into: output)
    }

    /// Raws of the precision's Q format (Int64 buffers).
    ///
    /// ```swift
    /// try evaluator.apply(raws: int64Input, into: int64Output)
    /// ```
    public func apply(raws: UnsafeBufferPointer<Int64>, into output: UnsafeMutableBufferPointer<Int64>) throws {
        try requireFixed(raws.count).apply(raws: raws, into: output)
    }
}
