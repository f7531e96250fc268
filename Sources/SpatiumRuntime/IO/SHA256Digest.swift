/// A 32-byte SHA-256 digest; its text form is 64 lowercase hex digits.
///
/// ```swift
/// let digest = SHA256.hash("abc")
/// digest.hex            // "ba7816bf…15ad"
/// digest.bytes.count    // 32
/// ```
public struct SHA256Digest: Hashable, Sendable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// 64 lowercase hex digits.
    public var hex: String {
        let digits: StaticString = "0123456789abcdef"
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(digits.utf8Start[Int(byte >> 4)])
            text.append(digits.utf8Start[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    public var description: String { hex }
}
