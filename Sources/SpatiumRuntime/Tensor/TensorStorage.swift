import Glibc

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

    /// Allocates memory for `count` elements of `dtype` and leaves it uninitialised, for a
    /// reader that overwrites every byte before anything reads it (the safetensors reader
    /// `pread`s into it).
    ///
    /// Allocations of at least ``hugePageSize`` are aligned to it and advised for transparent
    /// huge pages (`MADV_HUGEPAGE`), so filling fresh memory takes one page fault per 2 MiB
    /// instead of one per 4 KiB (the advice is ignored where THP is off).
    init(uninitializedDType dtype: TensorDType, count: Int) {
        self.dtype = dtype
        self.count = count
        let bytes = max(count * dtype.byteWidth, 1)
        if bytes >= Self.hugePageSize {
            base = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: Self.hugePageSize)
            _ = madvise(base, bytes & ~(Self.hugePageSize - 1), MADV_HUGEPAGE)
        } else {
            base = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        }
    }

    /// The x86-64 and arm64 (4 KiB base pages) transparent huge page size.
    static let hugePageSize = 2 << 20

    deinit { base.deallocate() }
}
