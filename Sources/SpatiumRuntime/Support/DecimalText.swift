/// Decimal text straight into byte buffers, without allocating: shared by the JSON encoder
/// and the CSV writer.
///
/// ```swift
/// var out: [UInt8] = []
/// DecimalText.appendInteger(-42, to: &out)      // "-42"
/// ```
enum DecimalText {
    /// Appends the decimal digits of `value` (with `-` when negative; `Int64.min` too).
    @inline(__always)
    static func appendInteger(_ value: Int64, to output: inout [UInt8]) {
        var magnitude = value.magnitude
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 bytes of scratch, filled from the end
        withUnsafeMutableBytes(of: &digits) { scratch in
            var position = scratch.count
            repeat {
                position -= 1
                scratch[position] = UInt8(truncatingIfNeeded: magnitude % 10) &+ UInt8(ascii: "0")
                magnitude /= 10
            } while magnitude > 0
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[position...]))
        }
    }

    /// Appends the UTF-8 bytes of `text` with one copy.
    @inline(__always)
    static func appendUTF8(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { output.append(contentsOf: $0) }
    }
}
