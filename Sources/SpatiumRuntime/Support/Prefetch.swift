/// LLVM's prefetch intrinsic (`prefetcht0` on x86-64, `prfm` on arm64), bound by name: Swift
/// has no prefetch of its own, and a plain load stalls retirement when it misses the cache.
@_silgen_name("llvm.prefetch.p0")
private func llvmPrefetch(_ address: UnsafeRawPointer, _ write: Int32, _ locality: Int32, _ dataCache: Int32)

/// Cache prefetch hints for the burst kernels: reads whose addresses are known some work ahead
/// (synaptic rows of the next spikes) start early instead of stalling when they are reached.
/// A hint only: never faults, never changes a result.
///
/// ```swift
/// Prefetch.read(targets + offsets[nextSource])
/// ```
enum Prefetch {
    /// Hints that the cache line holding `address` will be read soon (kept in every cache level).
    @inline(__always)
    static func read<T>(_ address: UnsafePointer<T>) {
        llvmPrefetch(UnsafeRawPointer(address), 0, 3, 1)
    }
}
