import Testing
@testable import SpatiumRuntime

@Suite struct QFormatTests {
    static let eightBit = (1...8).map { QFormat(unchecked: $0, 8 - $0) }
    static let sixteenBit = (1...16).map { QFormat(unchecked: $0, 16 - $0) }

    @Test func parsesTheWrittenForms() throws {
        #expect(try QFormat(parsing: "q8.8") == .q8_8)
        #expect(try QFormat(parsing: "Q16.16") == .q16_16)
        #expect(try QFormat(parsing: "q4.12") == .q4_12)
        #expect(try QFormat(parsing: "q64.0").storageBits == 64)
        #expect(try QFormat(parsing: "Q1.63").fractionalBits == 63)
        #expect(QFormat.q8_8.description == "Q8.8")
        #expect(try QFormat(integerBits: 24, fractionalBits: 8).description == "Q24.8")
    }

    func message(_ text: String) -> String {
        do { _ = try QFormat(parsing: text); return "" } catch { return "\(error)" }
    }

    @Test func parseErrorsSayWhatIsValidAndWhyNot() {
        let validList = "I + F ∈ {8, 16, 32, 64}"
        #expect(message("q8.9").contains("I + F = 17 is not a storage width"))
        #expect(message("q8.9").contains(validList))
        #expect(message("q8.9").contains("\"q8.9\""))
        #expect(message("q0.16").contains("at least one integer bit"))
        #expect(message("8.8").contains("does not start with \"q\""))
        #expect(message("q88").contains("no \".\""))
        #expect(message("q8.").contains("fractional-bit count F is missing"))
        #expect(message("qx.8").contains("not a small decimal number"))
        #expect(message("").contains("empty"))
        #expect(message("q99999999.1").contains("not a small decimal number"))
        #expect(throws: FixedPointError.self) { try QFormat(integerBits: 3, fractionalBits: 3) }
    }

    @Test func rangeAndLsb() {
        let q = QFormat.q8_8
        #expect(q.minRaw == -32768 && q.maxRaw == 32767)
        #expect(q.min == -128 && q.max == 127.99609375 && q.lsb == 1.0 / 256)
        let wide = QFormat(unchecked: 1, 63)
        #expect(wide.minRaw == Int64.min && wide.maxRaw == Int64.max && wide.min == -1)
        #expect(QFormat(unchecked: 8, 0).lsb == 1)
    }

    @Test(arguments: eightBit + sixteenBit)
    func roundTripAndSaturationOverEveryRaw(format: QFormat) {
        var failures = 0
        for raw in format.minRaw...format.maxRaw {
            if format.raw(format.real(raw)) != raw { failures += 1 }
        }
        #expect(failures == 0)
        #expect(format.raw(format.max + format.lsb) == format.maxRaw)
        #expect(format.raw(1e300) == format.maxRaw)
        #expect(format.raw(.infinity) == format.maxRaw)
        #expect(format.raw(format.min - format.lsb) == format.minRaw)
        #expect(format.raw(-.infinity) == format.minRaw)
        #expect(format.raw(.nan) == 0)
        #expect(format.saturate(format.maxRaw + 1) == format.maxRaw)
        #expect(format.saturate(format.minRaw - 1) == format.minRaw)
        #expect(format.add(format.maxRaw, 1) == format.maxRaw)
        #expect(format.subtract(format.minRaw, 1) == format.minRaw)
        #expect(format.wrappingAdd(format.maxRaw, 1) == format.minRaw)
        #expect(format.wrappingSubtract(format.minRaw, 1) == format.maxRaw)
    }

    @Test func realToRawRoundsToNearestTiesAwayFromZero() {
        let q = QFormat.q8_8
        #expect(q.raw(0.5 / 256) == 1)
        #expect(q.raw(-0.5 / 256) == -1)
        #expect(q.raw(1.5 / 256) == 2)
        #expect(q.raw(0.49 / 256) == 0)
        #expect(q.raw(2.5 / 256) == 3)
    }

    /// Reference: the exact product a·b/2^F as a Double (exact for ≤ 16-bit raws), rounded by
    /// Double's own rounding, clamped.
    static func referenceMultiply(_ a: Int64, _ b: Int64, _ format: QFormat, _ rounding: QRounding) -> Int64 {
        let exact = Double(a * b) / format.scale
        let rounded: Double
        switch rounding {
        case .truncate: rounded = exact.rounded(.down)
        case .roundHalfUp: rounded = (exact + 0.5).rounded(.down)
        case .roundToNearestEven: rounded = exact.rounded(.toNearestOrEven)
        }
        return Swift.min(Swift.max(Int64(rounded), format.minRaw), format.maxRaw)
    }

    static func referenceDivide(_ a: Int64, _ b: Int64, _ format: QFormat, _ rounding: QRounding) -> Int64 {
        if b == 0 { return a > 0 ? format.maxRaw : (a < 0 ? format.minRaw : 0) }
        let exact = Double(a) * format.scale / Double(b)
        let rounded: Double
        switch rounding {
        case .truncate: rounded = exact.rounded(.down)
        case .roundHalfUp: rounded = (exact + 0.5).rounded(.down)
        case .roundToNearestEven: rounded = exact.rounded(.toNearestOrEven)
        }
        return Swift.min(Swift.max(Int64(rounded), format.minRaw), format.maxRaw)
    }

    @Test(arguments: QRounding.allCases)
    func multiplyAndDivideAgainstReferenceForEveryEightBitPair(rounding: QRounding) {
        for format in QFormatTests.eightBit {
            var failures = 0
            for a in format.minRaw...format.maxRaw {
                for b in format.minRaw...format.maxRaw {
                    if format.multiply(a, b, rounding: rounding) != QFormatTests.referenceMultiply(a, b, format, rounding) { failures += 1 }
                    if format.divide(a, b, rounding: rounding) != QFormatTests.referenceDivide(a, b, format, rounding) { failures += 1 }
                }
            }
            #expect(failures == 0, "\(format) \(rounding)")
        }
    }

    @Test(arguments: QRounding.allCases)
    func multiplyAndDivideAgainstReferenceForSixteenBitRaws(rounding: QRounding) {
        // Every raw a of five 16-bit formats, each against one b: a special value or a seeded draw.
        var rng = SplitMix64(seed: 7)
        for text in ["q1.15", "q4.12", "q8.8", "q12.4", "q16.0"] {
            let format = QFormat(unchecked: Int(text.dropFirst().split(separator: ".")[0])!,
                                 Int(text.split(separator: ".")[1])!)
            var failures = 0
            let specials: [Int64] = [format.minRaw, format.minRaw + 1, -1, 0, 1, format.maxRaw, 1 << format.fractionalBits]
            for a in format.minRaw...format.maxRaw {
                let draw = Int64(Int16(truncatingIfNeeded: rng.next()))
                let b = a & 7 == 7 ? draw : specials[Int(a & 7)]
                if format.multiply(a, b, rounding: rounding) != QFormatTests.referenceMultiply(a, b, format, rounding) { failures += 1 }
                if format.divide(a, b, rounding: rounding) != QFormatTests.referenceDivide(a, b, format, rounding) { failures += 1 }
            }
            #expect(failures == 0, "\(format) \(rounding)")
        }
    }

    @Test func roundingModesOnTies() {
        let q = QFormat.q8_8
        let minusOneAndHalfLSB = (q.raw(1.5), Int64(-1))   // 1.5 · (−1/256) = −1.5 LSB
        #expect(q.multiply(minusOneAndHalfLSB.0, minusOneAndHalfLSB.1, rounding: .truncate) == -2)
        #expect(q.multiply(minusOneAndHalfLSB.0, minusOneAndHalfLSB.1, rounding: .roundHalfUp) == -1)
        #expect(q.multiply(minusOneAndHalfLSB.0, minusOneAndHalfLSB.1, rounding: .roundToNearestEven) == -2)
        #expect(q.multiply(q.raw(2.5), 1, rounding: .roundToNearestEven) == 2)
        #expect(q.multiply(q.raw(2.5), 1, rounding: .roundHalfUp) == 3)
    }

    @Test func sixtyFourBitMultiplyUsesTheFullProduct() {
        let q = QFormat.q32_32
        let three = q.raw(3)
        let big = q.raw(1_000_000.25)
        #expect(q.multiply(big, three, rounding: .truncate) == q.raw(3_000_000.75))
        #expect(q.multiply(q.raw(100_000), q.raw(100_000)) == q.maxRaw)        // 10^10 saturates
        #expect(q.multiply(q.raw(-100_000), q.raw(100_000)) == q.minRaw)
        let fine = QFormat(unchecked: 1, 63)
        let half = Int64(1) << 62
        #expect(fine.multiply(half, half) == Int64(1) << 61)                     // 0.5 · 0.5
        #expect(fine.multiply(fine.minRaw, fine.minRaw) == fine.maxRaw)           // (−1)² = 1 saturates
        #expect(fine.wrappingMultiply(fine.minRaw, fine.minRaw, rounding: .truncate) == fine.minRaw)   // wraps
        #expect(q.divide(q.raw(1), q.raw(3), rounding: .truncate) == 1_431_655_765)
        #expect(q.divide(q.raw(1), 0) == q.maxRaw && q.divide(-5, 0) == q.minRaw && q.divide(0, 0) == 0)
    }

    @Test func tinyMindArithmetic() {
        let q = QFormat.q8_8
        #expect(q.wrap(33529) == -32007)
        #expect(q.wrappingMultiply(q.raw(100), q.raw(2), rounding: .truncate) == -14336)
        #expect(q.tinyMindDivide(q.raw(1), q.raw(3)) == 85)
        #expect(q.tinyMindDivide(q.raw(-1), q.raw(3)) == -85)    // toward zero (floor would be −86)
        #expect(q.tinyMindDivide(q.raw(1), 0) == 0)
    }
}
