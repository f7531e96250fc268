/// The shared shape of every bulk raw-evaluation entry point of ``LookupTable`` and
/// ``FixedPointActivation``: check the buffer sizes, then run the format's native-width fast
/// path or the saturating generic path.
///
/// ```swift
/// try BulkRawEvaluation.run(raws, into: output, native: format.storageBits == 16,
///                           fast: { s, t, n in … }, generic: { s, t, n in … })
/// ```
enum BulkRawEvaluation {
    @inline(__always)
    static func run<Raw>(_ raws: UnsafeBufferPointer<Raw>, into output: UnsafeMutableBufferPointer<Raw>, native: Bool,
                         fast: (UnsafePointer<Raw>, UnsafeMutablePointer<Raw>, Int) -> Void,
                         generic: (UnsafePointer<Raw>, UnsafeMutablePointer<Raw>, Int) -> Void) throws {
        guard output.count >= raws.count else {
            throw FixedPointError.bufferSizeMismatch(inputCount: raws.count, outputCount: output.count)
        }
        guard let source = raws.baseAddress, let target = output.baseAddress else { return }
        if native { fast(source, target, raws.count) } else { generic(source, target, raws.count) }
    }

    /// One load per element from a 256-entry output table (8-bit formats).
    @inline(__always)
    static func gather8(_ table: UnsafePointer<Int8>, _ source: UnsafePointer<Int8>,
                        _ target: UnsafeMutablePointer<Int8>, _ count: Int) {
        for index in 0..<count { target[index] = table[Int(UInt8(bitPattern: source[index]))] }
    }
}
