extension Tensor {
    /// Rows `from…to` (1-based, inclusive) along the first axis, sharing memory.
    ///
    /// ```swift
    /// let rows = try t.slice(from: 2, to: 3)   // t[2..3] of a {4, 8} tensor: shape {2, 8}
    /// ```
    public func slice(from: Int, to: Int) throws(TensorError) -> Tensor {
        let length = shape.first ?? count
        guard from >= 1, to <= length, from <= to + 1 else {
            throw .sliceOutOfRange(from: from, to: to, length: length)
        }
        let rowSize = shape.isEmpty ? 1 : shape.dropFirst().reduce(1, *)
        var newShape = shape.isEmpty ? [count] : shape
        newShape[0] = to - from + 1
        return Tensor(storage: storage, offset: offset + (from - 1) * rowSize, shape: newShape)
    }

    /// The same elements under another shape, sharing memory; one dimension may be -1 (inferred).
    ///
    /// ```swift
    /// let grid = try Tensor.zeros(shape: [64], dtype: .int64).reshaped([8, -1])   // {8, 8}
    /// ```
    public func reshaped(_ newShape: [Int]) throws(TensorError) -> Tensor {
        var resolved = newShape
        let inferred = newShape.indices.filter { newShape[$0] == -1 }
        guard inferred.count <= 1 else { throw .invalidArgument("only one dimension can be -1 in \(Tensor.describe(shape: newShape))") }
        if let position = inferred.first {
            var known = newShape
            known[position] = 1
            let knownCount = try Tensor.elementCount(of: known)
            guard knownCount > 0, count % knownCount == 0 else {
                throw .shapeMismatch(expected: count, got: knownCount)
            }
            resolved[position] = count / knownCount
        }
        let newCount = try Tensor.elementCount(of: resolved)
        guard newCount == count else { throw .shapeMismatch(expected: newCount, got: count) }
        return Tensor(storage: storage, offset: offset, shape: resolved)
    }

    /// A new tensor with a copy of the elements (optionally converted to `dtype`).
    public func copy(as dtype: TensorDType? = nil) -> Tensor {
        let target = dtype ?? self.dtype
        let result = Tensor(storage: TensorStorage(dtype: target, count: count), offset: 0, shape: shape)
        if target == self.dtype {
            let bytes = count * target.byteWidth
            result.storage.base.copyMemory(from: storage.base + offset * target.byteWidth, byteCount: bytes)
        } else {
            result.accept(ConvertInto(source: self))
        }
        return result
    }
}

struct ConvertInto: TensorVisitor {
    let source: Tensor
    func visit<T: TensorElement>(_ e: UnsafeMutableBufferPointer<T>) {
        if source.dtype.isInteger {
            for i in 0..<e.count { e[i] = T(convertingInteger: source.int64(at: i)) }
        } else {
            for i in 0..<e.count { e[i] = T(converting: source.double(at: i)) }
        }
    }
}
