/// The memory behind one or more ``Tensor`` views: one 64-byte-aligned allocation.
public final class TensorStorage: @unchecked Sendable {
    /// The element type of the memory.
    public let dtype: TensorDType
    /// Number of elements.
    public let count: Int
    /// Start of the memory.
    public let base: UnsafeMutableRawPointer

    /// Allocates zeroed memory for `count` elements of `dtype`.
    public init(dtype: TensorDType, count: Int) {
        self.dtype = dtype
        self.count = count
        let bytes = max(count * dtype.byteWidth, 1)
        base = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
    }

    deinit { base.deallocate() }
}
