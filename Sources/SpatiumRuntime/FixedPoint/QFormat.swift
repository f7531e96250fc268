/// A signed two's-complement fixed-point format `Q<I>.<F>` (DESIGN.md §4.1).
///
/// `I` integer bits **including the sign bit**, `F` fractional bits, `I + F ∈ {8, 16, 32, 64}`
/// storage bits. A raw integer `r` stands for the real `r / 2^F`. Raws travel as `Int64` in
/// this generic-free API, whatever the storage width.
///
/// Conversions and arithmetic saturate (clamp to `[minRaw, maxRaw]`); the `wrapping…` and
/// `tinyMind…` members reproduce TinyMind's two's-complement wrap-around instead.
/// `raw(_:)` rounds to nearest with **ties away from zero** (so `raw(-x) == -raw(x)`).
///
/// ```swift
/// let q = try QFormat(parsing: "q8.8")
/// q.raw(1.5)                                  // 384
/// q.real(384)                                 // 1.5
/// q.multiply(q.raw(2), q.raw(3), rounding: .roundToNearestEven)   // 1536 (6.0)
/// q.add(q.maxRaw, 1)                          // 32767: saturates
/// q.wrappingAdd(q.maxRaw, 1)                  // -32768: TinyMind's wrap
/// print(q)                                    // Q8.8
/// ```
public struct QFormat: Hashable, Sendable, CustomStringConvertible {
    /// Integer bits, counting the sign bit (≥ 1).
    ///
    /// ```swift
    /// QFormat.q4_12.integerBits   // 4
    /// ```
    public let integerBits: Int
    /// Fractional bits (≥ 0).
    ///
    /// ```swift
    /// QFormat.q4_12.fractionalBits   // 12
    /// ```
    public let fractionalBits: Int

    /// The storage widths a Q format may have.
    ///
    /// ```swift
    /// QFormat.storageWidths   // [8, 16, 32, 64]
    /// ```
    public static let storageWidths = [8, 16, 32, 64]

    /// Q8.8: 16-bit, range [−128, 128), LSB 1/256.
    ///
    /// ```swift
    /// QFormat.q8_8.max   // 127.99609375
    /// ```
    public static let q8_8 = QFormat(unchecked: 8, 8)
    /// Q16.16: 32-bit, range [−32768, 32768), LSB 2⁻¹⁶.
    ///
    /// ```swift
    /// QFormat.q16_16.lsb   // 1.52587890625e-05
    /// ```
    public static let q16_16 = QFormat(unchecked: 16, 16)
    /// Q4.12: 16-bit, range [−8, 8), LSB 2⁻¹².
    ///
    /// ```swift
    /// QFormat.q4_12.min   // -8.0
    /// ```
    public static let q4_12 = QFormat(unchecked: 4, 12)
    /// Q32.32: 64-bit, range [−2³¹, 2³¹), LSB 2⁻³².
    ///
    /// ```swift
    /// QFormat.q32_32.storageBits   // 64
    /// ```
    public static let q32_32 = QFormat(unchecked: 32, 32)

    init(unchecked integerBits: Int, _ fractionalBits: Int) {
        self.integerBits = integerBits
        self.fractionalBits = fractionalBits
    }

    /// Creates `Q<integerBits>.<fractionalBits>`, checking the split.
    ///
    /// ```swift
    /// let q = try QFormat(integerBits: 4, fractionalBits: 12)   // Q4.12
    /// ```
    public init(integerBits: Int, fractionalBits: Int) throws {
        let text = "Q\(integerBits).\(fractionalBits)"
        if let reason = QFormat.problem(integerBits: integerBits, fractionalBits: fractionalBits) {
            throw FixedPointError.invalidFormat(text: text, reason: reason)
        }
        self.init(unchecked: integerBits, fractionalBits)
    }

    /// Parses `"q8.8"`, `"Q16.16"`, `"q4.12"`, …; anything else throws with a message that
    /// lists what is valid and says why the given text is not.
    ///
    /// ```swift
    /// let q = try QFormat(parsing: "Q16.16")
    /// ```
    public init(parsing text: String) throws {
        func fail(_ reason: String) -> FixedPointError { .invalidFormat(text: text, reason: reason) }
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw fail("the text is empty") }
        guard bytes[0] == UInt8(ascii: "q") || bytes[0] == UInt8(ascii: "Q") else {
            throw fail("it does not start with \"q\" or \"Q\"")
        }
        let body = bytes.dropFirst()
        guard let dot = body.firstIndex(of: UInt8(ascii: ".")) else {
            throw fail("there is no \".\" between the integer bits I and the fractional bits F")
        }
        func number(_ digits: ArraySlice<UInt8>, _ what: String) throws -> Int {
            guard !digits.isEmpty else { throw fail("\(what) is missing") }
            guard digits.count <= 4, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                throw fail("\(what) \"\(String(decoding: digits, as: UTF8.self))\" is not a small decimal number")
            }
            return digits.reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        let integerBits = try number(body[body.startIndex..<dot], "the integer-bit count I")
        let fractionalBits = try number(body[(dot + 1)...], "the fractional-bit count F")
        if let reason = QFormat.problem(integerBits: integerBits, fractionalBits: fractionalBits) {
            throw fail(reason)
        }
        self.init(unchecked: integerBits, fractionalBits)
    }

    static func problem(integerBits: Int, fractionalBits: Int) -> String? {
        if integerBits < 1 {
            return "I = \(integerBits), but at least one integer bit (the sign bit) is needed"
        }
        if fractionalBits < 0 { return "F = \(fractionalBits) is negative" }
        let width = integerBits + fractionalBits
        if !storageWidths.contains(width) {
            return "I + F = \(width) is not a storage width"
        }
        return nil
    }

    /// `"Q8.8"`.
    ///
    /// ```swift
    /// print(QFormat.q8_8)   // Q8.8
    /// ```
    public var description: String { "Q\(integerBits).\(fractionalBits)" }

    /// Storage bits N = I + F (8, 16, 32 or 64).
    ///
    /// ```swift
    /// QFormat.q8_8.storageBits   // 16
    /// ```
    @inlinable public var storageBits: Int { integerBits + fractionalBits }
    /// Storage bytes (1, 2, 4 or 8).
    ///
    /// ```swift
    /// QFormat.q16_16.storageBytes   // 4
    /// ```
    @inlinable public var storageBytes: Int { storageBits / 8 }
    /// The largest raw value, 2^(N−1) − 1.
    ///
    /// ```swift
    /// QFormat.q8_8.maxRaw   // 32767
    /// ```
    @inlinable public var maxRaw: Int64 { Int64.max >> (64 - storageBits) }
    /// The smallest raw value, −2^(N−1).
    ///
    /// ```swift
    /// QFormat.q8_8.minRaw   // -32768
    /// ```
    @inlinable public var minRaw: Int64 { Int64.min >> (64 - storageBits) }
    /// The real value of one LSB, 2^−F.
    ///
    /// ```swift
    /// QFormat.q8_8.lsb   // 0.00390625
    /// ```
    public var lsb: Double { Double(sign: .plus, exponent: -fractionalBits, significand: 1) }
    /// The largest representable real, (2^(N−1) − 1)·2^−F.
    ///
    /// ```swift
    /// QFormat.q8_8.max   // 127.99609375
    /// ```
    public var max: Double { real(maxRaw) }
    /// The smallest representable real, −2^(I−1).
    ///
    /// ```swift
    /// QFormat.q8_8.min   // -128.0
    /// ```
    public var min: Double { real(minRaw) }
    /// 2^F as a Double (the real 1.0 in raw units).
    var scale: Double { Double(sign: .plus, exponent: fractionalBits, significand: 1) }

    // MARK: Conversion

    /// The raw value nearest to `real` (ties away from zero), saturated to `[minRaw, maxRaw]`;
    /// NaN gives 0.
    ///
    /// ```swift
    /// QFormat.q8_8.raw(0.5)      // 128
    /// QFormat.q8_8.raw(1000)     // 32767
    /// ```
    @inlinable
    public func raw(_ real: Double) -> Int64 {
        let scaled = (real * Double(sign: .plus, exponent: fractionalBits, significand: 1))
            .rounded(.toNearestOrAwayFromZero)
        if scaled.isNaN { return 0 }
        if scaled >= Double(maxRaw) { return maxRaw }
        if scaled <= Double(minRaw) { return minRaw }
        return Int64(scaled)
    }

    /// The real value of `raw` (`raw / 2^F`; exact unless |raw| > 2^53).
    ///
    /// ```swift
    /// QFormat.q8_8.real(-384)    // -1.5
    /// ```
    @inlinable
    public func real(_ raw: Int64) -> Double {
        Double(raw) * Double(sign: .plus, exponent: -fractionalBits, significand: 1)
    }

    // MARK: Saturating arithmetic

    /// `raw` clamped to `[minRaw, maxRaw]`.
    ///
    /// ```swift
    /// QFormat.q8_8.saturate(40000)   // 32767
    /// ```
    @inlinable
    public func saturate(_ raw: Int64) -> Int64 {
        Swift.min(Swift.max(raw, minRaw), maxRaw)
    }

    @inlinable
    func saturate(wide value: Int128) -> Int64 {
        if value > Int128(maxRaw) { return maxRaw }
        if value < Int128(minRaw) { return minRaw }
        return Int64(truncatingIfNeeded: value)
    }

    /// `a + b`, saturated.
    ///
    /// ```swift
    /// QFormat.q8_8.add(32000, 1000)   // 32767
    /// ```
    @inlinable
    public func add(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        if overflow { return a < 0 ? minRaw : maxRaw }
        return saturate(sum)
    }

    /// `a − b`, saturated.
    ///
    /// ```swift
    /// QFormat.q8_8.subtract(-32000, 1000)   // -32768
    /// ```
    @inlinable
    public func subtract(_ a: Int64, _ b: Int64) -> Int64 {
        let (difference, overflow) = a.subtractingReportingOverflow(b)
        if overflow { return a < 0 ? minRaw : maxRaw }
        return saturate(difference)
    }

    /// `a · b` (full 128-bit product), rounded to F fractional bits, saturated.
    ///
    /// ```swift
    /// let q = QFormat.q8_8
    /// q.multiply(q.raw(0.5), q.raw(-3), rounding: .roundToNearestEven)   // -384 (-1.5)
    /// ```
    @inlinable
    public func multiply(_ a: Int64, _ b: Int64, rounding: QRounding = .roundToNearestEven) -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        if !overflow && product.magnitude < UInt64(1) << 62 {
            return saturate(QFormat.shiftRight(product, by: fractionalBits, rounding: rounding))
        }
        return saturate(wide: QFormat.shiftRight(QFormat.fullProduct(a, b), by: fractionalBits, rounding: rounding))
    }

    /// `a / b` (computed as `a·2^F / b` exactly, then rounded), saturated. Division by zero
    /// saturates toward the sign of `a` (0/0 = 0). `.truncate` rounds toward −∞ here too.
    ///
    /// ```swift
    /// let q = QFormat.q8_8
    /// q.divide(q.raw(1), q.raw(3), rounding: .roundToNearestEven)   // 85 (0.33203125)
    /// ```
    @inlinable
    public func divide(_ a: Int64, _ b: Int64, rounding: QRounding = .roundToNearestEven) -> Int64 {
        if b == 0 { return a > 0 ? maxRaw : (a < 0 ? minRaw : 0) }
        var numerator = Int128(a) << fractionalBits
        var divisor = Int128(b)
        if divisor < 0 { numerator = -numerator; divisor = -divisor }
        var quotient = numerator / divisor
        var remainder = numerator - quotient * divisor
        if remainder < 0 { quotient -= 1; remainder += divisor }   // floor, 0 ≤ remainder < divisor
        switch rounding {
        case .truncate: break
        case .roundHalfUp:
            if 2 * remainder >= divisor { quotient += 1 }
        case .roundToNearestEven:
            if 2 * remainder > divisor || (2 * remainder == divisor && quotient & 1 != 0) { quotient += 1 }
        }
        return saturate(wide: quotient)
    }

    // MARK: TinyMind's wrapping arithmetic

    /// Keeps the low N bits of `raw` as a two's-complement value (TinyMind's overflow behaviour).
    ///
    /// ```swift
    /// QFormat.q8_8.wrap(33539)   // -31997
    /// ```
    @inlinable
    public func wrap(_ raw: Int64) -> Int64 {
        let unused = 64 - storageBits
        return (raw << unused) >> unused
    }

    @inlinable
    func wrap(wide value: Int128) -> Int64 {
        wrap(Int64(truncatingIfNeeded: value))
    }

    /// `a + b` modulo 2^N (TinyMind).
    ///
    /// ```swift
    /// QFormat.q8_8.wrappingAdd(32767, 1)   // -32768
    /// ```
    @inlinable
    public func wrappingAdd(_ a: Int64, _ b: Int64) -> Int64 { wrap(a &+ b) }

    /// `a − b` modulo 2^N (TinyMind).
    ///
    /// ```swift
    /// QFormat.q8_8.wrappingSubtract(-32768, 1)   // 32767
    /// ```
    @inlinable
    public func wrappingSubtract(_ a: Int64, _ b: Int64) -> Int64 { wrap(a &- b) }

    /// TinyMind's multiplication: the 2N-bit product, rounded by `rounding` (TinyMind uses
    /// `.truncate` = floor or `.roundHalfUp`), then wrapped to N bits.
    ///
    /// ```swift
    /// let q = QFormat.q8_8
    /// q.wrappingMultiply(q.raw(100), q.raw(2), rounding: .truncate)   // -14336: 200 wraps to -56
    /// ```
    @inlinable
    public func wrappingMultiply(_ a: Int64, _ b: Int64, rounding: QRounding) -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        if !overflow && product.magnitude < UInt64(1) << 62 {
            return wrap(QFormat.shiftRight(product, by: fractionalBits, rounding: rounding))
        }
        return wrap(wide: QFormat.shiftRight(QFormat.fullProduct(a, b), by: fractionalBits, rounding: rounding))
    }

    /// TinyMind's division: `(a·2^F) / b` truncated **toward zero** (its rounding policy does not
    /// apply), wrapped to N bits. Division by zero (undefined in TinyMind) gives 0.
    ///
    /// ```swift
    /// let q = QFormat.q8_8
    /// q.tinyMindDivide(q.raw(1), q.raw(3))   // 85
    /// ```
    @inlinable
    public func tinyMindDivide(_ a: Int64, _ b: Int64) -> Int64 {
        if b == 0 { return 0 }
        return wrap(wide: (Int128(a) << fractionalBits) / Int128(b))
    }

    // MARK: Helpers

    /// The exact 128-bit product of two raws (via `multipliedFullWidth`).
    @inlinable
    static func fullProduct(_ a: Int64, _ b: Int64) -> Int128 {
        let product = a.multipliedFullWidth(by: b)
        return Int128(product.high) << 64 | Int128(product.low)
    }

    /// `value / 2^shift` rounded by `rounding`, for |value| < 2^62.
    @inlinable
    static func shiftRight(_ value: Int64, by shift: Int, rounding: QRounding) -> Int64 {
        if shift <= 0 { return value }
        let amount = Int64(shift)
        switch rounding {
        case .truncate:
            return value &>> amount
        case .roundHalfUp:
            return (value &+ (Int64(1) &<< (amount &- 1))) &>> amount
        case .roundToNearestEven:
            // Up iff r > ½ or (r == ½ and q odd) iff r − ½ + (q & 1) > 0: branch-free sign test.
            let quotient = value &>> amount
            let remainder = value &- (quotient &<< amount)
            let half = Int64(1) &<< (amount &- 1)
            return quotient &+ Int64(bitPattern: UInt64(bitPattern: half &- (quotient & 1) &- remainder) &>> 63)
        }
    }

    /// `value / 2^shift` rounded by `rounding`.
    @inlinable
    static func shiftRight(_ value: Int128, by shift: Int, rounding: QRounding) -> Int128 {
        if shift <= 0 { return value }
        switch rounding {
        case .truncate:
            return value >> shift
        case .roundHalfUp:
            return (value + (Int128(1) << (shift - 1))) >> shift
        case .roundToNearestEven:
            let quotient = value >> shift
            let remainder = value - (quotient << shift)
            let half = Int128(1) << (shift - 1)
            if remainder > half || (remainder == half && quotient & 1 != 0) { return quotient + 1 }
            return quotient
        }
    }
}
