/// A shaped view over contiguous typed memory: the one way bulk data crosses between Lua and Swift.
///
/// Views (``slice(from:to:)`` along the first axis, ``reshaped(_:)``) share memory with the
/// tensor they came from; element-wise arithmetic makes new tensors.
///
/// ```swift
/// let t = Tensor(values: [1, 2, 3, 4] as [Float], shape: [2, 2])
/// t.sum()                        // 10
/// let row = try t.slice(from: 2, to: 2)   // the second row, shape [1, 2], shares memory
/// ```
public final class Tensor: @unchecked Sendable {
    /// The memory this view reads and writes.
    public let storage: TensorStorage
    /// First element of this view in ``storage``.
    public let offset: Int
    /// Number of elements (the product of ``shape``).
    public let count: Int
    /// Dimensions, slowest first.
    public let shape: [Int]

    /// The element type.
    public var dtype: TensorDType { storage.dtype }

    init(storage: TensorStorage, offset: Int, shape: [Int]) {
        self.storage = storage
        self.offset = offset
        self.shape = shape
        self.count = shape.reduce(1, *)
    }

    /// A zero-filled tensor.
    public static func zeros(shape: [Int], dtype: TensorDType) throws(TensorError) -> Tensor {
        let count = try Tensor.elementCount(of: shape)
        return Tensor(storage: TensorStorage(dtype: dtype, count: count), offset: 0, shape: shape)
    }

    /// A tensor holding a copy of `values` (shape defaults to one dimension).
    public convenience init<T: TensorElement>(values: [T], shape: [Int]? = nil) {
        let storage = TensorStorage(dtype: T.dtype, count: values.count)
        let typed = storage.base.bindMemory(to: T.self, capacity: values.count)
        values.withUnsafeBufferPointer { source in
            if let start = source.baseAddress { typed.update(from: start, count: values.count) }
        }
        let requested = shape ?? [values.count]
        self.init(storage: storage, offset: 0, shape: requested.reduce(1, *) == values.count ? requested : [values.count])
    }

    /// A tensor of `dtype` filled from `values` (converted element by element).
    public static func from(doubles values: [Double], dtype: TensorDType, shape: [Int]? = nil) throws(TensorError) -> Tensor {
        let shape = shape ?? [values.count]
        let count = try elementCount(of: shape)
        guard count == values.count else { throw .shapeMismatch(expected: count, got: values.count) }
        let tensor = try zeros(shape: shape, dtype: dtype)
        tensor.accept(FillFromDoubles(values: values))
        return tensor
    }

    /// Runs `visitor` over the elements with their static type.
    @inlinable
    public func accept<V: TensorVisitor>(_ visitor: V) -> V.Result {
        switch dtype {
        case .float32: visitor.visit(buffer(of: Float.self))
        case .float64: visitor.visit(buffer(of: Double.self))
        case .int32: visitor.visit(buffer(of: Int32.self))
        case .int64: visitor.visit(buffer(of: Int64.self))
        case .uint8: visitor.visit(buffer(of: UInt8.self))
        }
    }

    /// The elements as a typed buffer; `T` must match ``dtype``.
    @inlinable
    public func buffer<T: TensorElement>(of type: T.Type) -> UnsafeMutableBufferPointer<T> {
        precondition(T.dtype == dtype, "tensor is \(dtype.name), not \(T.dtype.name)")
        let start = storage.base.assumingMemoryBound(to: T.self) + offset
        return UnsafeMutableBufferPointer(start: start, count: count)
    }

    /// A copy of the elements as Swift values, if ``dtype`` is `T`'s.
    public func array<T: TensorElement>(of type: T.Type) -> [T]? {
        guard T.dtype == dtype else { return nil }
        return Array(buffer(of: T.self))
    }

    /// Element `index` (0-based) as a `Double`.
    public func double(at index: Int) -> Double { accept(ReadDouble(index: index)) }

    /// Element `index` (0-based) as an `Int64` (floats truncate toward zero).
    public func int64(at index: Int) -> Int64 { accept(ReadInt64(index: index)) }

    /// Sets element `index` (0-based) from a `Double` (converted to the dtype).
    public func set(_ value: Double, at index: Int) { accept(WriteDouble(index: index, value: value)) }

    /// Sets element `index` (0-based) from an integer (exact for integer dtypes).
    public func set(integer value: Int64, at index: Int) { accept(WriteInt64(index: index, value: value)) }

    /// Sets every element to `value`.
    public func fill(_ value: Double) { accept(Fill(value: value)) }

    /// The number of elements for `shape`, or an error for negative dimensions or overflow.
    public static func elementCount(of shape: [Int]) throws(TensorError) -> Int {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { throw .invalidShape(shape) }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw .invalidShape(shape) }
            count = product
        }
        return count
    }

    /// `"{2, 3}"`.
    public static func describe(shape: [Int]) -> String {
        "{" + shape.map(String.init).joined(separator: ", ") + "}"
    }
}

// MARK: - Element access visitors

@usableFromInline struct ReadDouble: TensorVisitor {
    let index: Int
    @usableFromInline func visit<T: TensorElement>(_ e: UnsafeMutableBufferPointer<T>) -> Double { e[index].doubleValue }
}

@usableFromInline struct ReadInt64: TensorVisitor {
    let index: Int
    @usableFromInline func visit<T: TensorElement>(_ e: UnsafeMutableBufferPointer<T>) -> Int64 { e[index].int64Value }
}

@usableFromInline struct WriteDouble: TensorVisitor {
    let index: Int
    let value: Double
    @usableFromInline func visit<T: TensorElement>(_ e: UnsafeMutableBufferPointer<T>) { e[index] = T(converting: value) }
}

@usableFromInline struct WriteInt64: TensorVisitor {
    let index: Int
    let value: Int64
    @usableFromInline func visit<T: TensorElement>(_ e: UnsafeMutableBufferPointer<T>) { e[index] = T(convertingInteger: value) }
}

@usableFromInline struct Fill: TensorVisitor {
    let value: Double
    @usableFromInline func visit<T: TensorElement>(_ e: UnsafeMutableBufferPointer<T>) { e.update(repeating: T(converting: value)) }
}

@usableFromInline struct FillFromDoubles: TensorVisitor {
    let values: [Double]
    @usableFromInline func visit<T: TensorElement>(_ e: UnsafeMutableBufferPointer<T>) {
        for i in 0..<e.count { e[i] = T(converting: values[i]) }
    }
}
