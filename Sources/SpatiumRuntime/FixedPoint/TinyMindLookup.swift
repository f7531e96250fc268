import Glibc

/// TinyMind's table generator and its `LookupTable<Q>::getValue`, in the closed form of
/// `reference/tinymind/LOOKUP.md` (internal kernel of `LookupTable` in `tinymind` mode).
struct TinyMindLookup: Sendable {
    /// Number of entries of every TinyMind table.
    static let entryCount = 96
    /// Table domain start, −6.
    static let domainStart = -6.0
    /// log2 of the inverse spacing (spacing 1/8).
    static let spacingShift = 3

    /// The 96 signed table values (two's-complement reinterpretation of the N-bit words).
    let values: [Int64]
    let fractionalBits: Int
    let storageBits: Int
    let rounding: TinyMindRounding

    init(values: [Int64], format: QFormat, rounding: TinyMindRounding) {
        self.values = values
        self.fractionalBits = format.fractionalBits
        self.storageBits = format.storageBits
        self.rounding = rounding
    }

    /// TinyMind's generator, for any format (also the ones its lookup cannot use):
    /// x_i = −6 + i/8, value = f(x_i)·2^F truncated toward zero, low N bits kept
    /// (for N = 64, values ≥ 2^64 become 0 as with g++).
    static func tableValues(_ function: LUTFunction, format: QFormat) -> [Int64] {
        let scale = format.scale
        return (0..<entryCount).map { index in
            let x = domainStart + Double(index) / 8
            let value: Double
            switch function {
            case .tanh: value = Glibc.tanh(x)
            case .sigmoid:
                let e = Glibc.exp(x)
                value = e / (e + 1)
            case .exp: value = Glibc.exp(x)
            case .log: value = x <= 0 ? 0 : Glibc.log(x)
            case .sin: value = Glibc.sin(x)
            case .cos: value = Glibc.cos(x)
            default: value = 0
            }
            return format.wrap(castToWord((value * scale).rounded(.towardZero)))
        }
    }

    /// `(uintN_t)(double)` as g++ on x86-64 does it for the values a table can hold.
    static func castToWord(_ truncated: Double) -> Int64 {
        if truncated.isNaN { return 0 }
        if truncated >= 0x1p64 { return 0 }
        if truncated >= 0x1p63 { return Int64(bitPattern: UInt64(truncated)) }
        if truncated < -0x1p63 { return Int64.min }
        return Int64(truncated)
    }

    /// `getValue(x)` for a raw `x` already inside the format's range. (Masking shifts and
    /// wrapping operators: every intermediate is bounded, so they are exact and check-free.)
    @inline(__always)
    func lookup(_ x: Int64, table: UnsafePointer<Int64>) -> Int64 {
        let fraction = Int64(fractionalBits)
        let low = 0 &- (Int64(6) &<< fraction)
        if x <= low { return table[0] }
        if x >= Int64(6) &<< fraction { return table[95] }
        let index = Int(truncatingIfNeeded: (x &- low) &>> (fraction &- 3))
        if index >= 95 { return table[95] }
        let y0 = table[index]
        let y1 = table[index &+ 1]
        let unused = Int64(64 &- storageBits)
        // Compare as unsigned N-bit words (two's complement, so equal words ⇔ equal signed values).
        let word0 = y0 &<< unused
        let word1 = y1 &<< unused
        let wordX = x &<< unused
        if word0 == word1 { return y1 }
        if word0 == wordX { return y0 }   // TinyMind's quirk: a table y compared with the input x
        if word1 == wordX { return y1 }
        let dx = x &- (low &+ (Int64(index) &<< (fraction &- 3)))
        let dy = ((y1 &- y0) &<< unused) &>> unused
        if storageBits <= 32 {
            let product = dy &* (dx &<< 3)
            let step = rounding == .truncate
                ? product &>> fraction
                : (product &+ (Int64(1) &<< (fraction &- 1))) &>> fraction
            return ((y0 &+ step) &<< unused) &>> unused
        }
        let product = QFormat.fullProduct(dy, dx &<< 3)
        let step = rounding == .truncate
            ? product >> fractionalBits
            : (product + (Int128(1) << (fractionalBits - 1))) >> fractionalBits
        return Int64(truncatingIfNeeded: Int128(y0) + step)
    }

    /// The knot interval (cell) that `x` falls into: −1 below the table, 95 at and above its end.
    func cell(_ x: Int64) -> Int {
        let low = -(Int64(6) << fractionalBits)
        if x < low { return -1 }
        if x >= Int64(6) << fractionalBits { return 95 }
        return Swift.min(95, Int((x - low) >> (fractionalBits - 3)))
    }
}
