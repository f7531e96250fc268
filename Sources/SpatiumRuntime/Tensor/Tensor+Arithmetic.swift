extension Tensor {
    /// `self op other`, element by element; the counts must be equal (the result has `self`'s shape).
    ///
    /// ```swift
    /// let sum = try a.applying(.add, b)
    /// ```
    public func applying(_ operation: TensorOperation, _ other: Tensor) throws(TensorError) -> Tensor {
        guard count == other.count else { throw .incompatibleShapes(shape, other.shape) }
        let type = operation.resultType(dtype, other.dtype)
        let result = Tensor(storage: TensorStorage(dtype: type, count: count), offset: 0, shape: shape)
        let left = dtype == type ? self : copy(as: type)
        let right = other.dtype == type ? other : other.copy(as: type)
        result.accept(BinaryTensorOperation(operation: operation, left: left, right: right, scalar: nil, scalarOnLeft: false))
        return result
    }

    /// `self op scalar` (or `scalar op self` when `scalarOnLeft`); an integral scalar keeps an
    /// integer tensor's dtype for `+ - *`.
    public func applying(_ operation: TensorOperation, scalar: Double, scalarIsInteger: Bool = false, scalarOnLeft: Bool = false) -> Tensor {
        // An integer scalar takes the tensor's type; a float scalar keeps f32 and promotes integers to f64.
        let scalarType: TensorDType = scalarIsInteger ? dtype : (dtype == .float32 ? .float32 : .float64)
        let type = operation.resultType(dtype, scalarType)
        let result = Tensor(storage: TensorStorage(dtype: type, count: count), offset: 0, shape: shape)
        let operand = dtype == type ? self : copy(as: type)
        result.accept(BinaryTensorOperation(operation: operation, left: operand, right: nil, scalar: scalar, scalarOnLeft: scalarOnLeft))
        return result
    }

    /// `-self`.
    public func negated() -> Tensor {
        applying(.subtract, scalar: 0, scalarIsInteger: true, scalarOnLeft: true)
    }
}

struct BinaryTensorOperation: TensorVisitor {
    let operation: TensorOperation
    let left: Tensor
    let right: Tensor?
    let scalar: Double?
    let scalarOnLeft: Bool

    func visit<T: TensorElement>(_ out: UnsafeMutableBufferPointer<T>) {
        let a = left.buffer(of: T.self)
        let integer = T.dtype.isInteger
        if let right {
            let b = right.buffer(of: T.self)
            if integer {
                for i in 0..<out.count { out[i] = T(convertingInteger: operation.apply(a[i].int64Value, b[i].int64Value)) }
            } else {
                for i in 0..<out.count { out[i] = T(converting: operation.apply(a[i].doubleValue, b[i].doubleValue)) }
            }
        } else if let scalar {
            if integer {
                let s = Int64(scalar)
                if scalarOnLeft {
                    for i in 0..<out.count { out[i] = T(convertingInteger: operation.apply(s, a[i].int64Value)) }
                } else {
                    for i in 0..<out.count { out[i] = T(convertingInteger: operation.apply(a[i].int64Value, s)) }
                }
            } else if scalarOnLeft {
                for i in 0..<out.count { out[i] = T(converting: operation.apply(scalar, a[i].doubleValue)) }
            } else {
                for i in 0..<out.count { out[i] = T(converting: operation.apply(a[i].doubleValue, scalar)) }
            }
        }
    }
}
