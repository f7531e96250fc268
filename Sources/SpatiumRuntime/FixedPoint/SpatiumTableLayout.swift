/// Where the knots of a `spatium` table sit: knot i at raw `lowRaw + i·spacing`, i < count.
/// Chooses the default layout, a user-given domain/entry count, or the coarsest power-of-two
/// spacing that meets `maxErrorLSB`.
struct SpatiumTableLayout: Sendable, Equatable {
    /// The most entries a table may have (8 MB of Int64 values).
    static let maximumEntries = 1 << 20

    let lowRaw: Int64
    let spacing: UInt64
    let count: Int

    /// The default: TinyMind's grid (−6 + i/8, 96 entries, spacing one LSB when 1/8 is finer
    /// than an LSB), limited to the knots that the format's range needs.
    static func standard(format: QFormat) -> SpatiumTableLayout {
        let scale = format.scale
        let spacing = Swift.max(1, scale / 8)
        let gridLow = -6 * scale
        let gridHigh = 5.875 * scale
        // First grid knot at or below the smallest raw, last grid knot at or above the largest.
        let firstIndex = Swift.max(0, ((Double(format.minRaw) - gridLow) / spacing).rounded(.down))
        let lastIndex = Swift.max(firstIndex + 1, ((Swift.min(gridHigh, Double(format.maxRaw)) - gridLow) / spacing).rounded(.up))
        return SpatiumTableLayout(
            lowRaw: Int64(gridLow + firstIndex * spacing),
            spacing: UInt64(spacing),
            count: Int(lastIndex - firstIndex) + 1)
    }

    /// A user-given domain [lo, hi] (knots at both ends) and/or entry count.
    static func fixed(format: QFormat, domain: (lo: Double, hi: Double)?, entries: Int?) throws -> SpatiumTableLayout {
        if domain == nil && entries == nil { return standard(format: format) }
        let (lo, hi) = domain ?? (-6, 5.875)
        try checkDomain(lo: lo, hi: hi, format: format)
        let scale = format.scale
        let lowScaled = (lo * scale).rounded(.toNearestOrAwayFromZero)
        let highScaled = (hi * scale).rounded(.toNearestOrAwayFromZero)
        let width = highScaled - lowScaled
        let spacing: Double
        let count: Int
        if let entries {
            guard entries >= 2, entries <= maximumEntries else {
                throw FixedPointError.invalidTableOption(
                    option: "entries = \(entries)", reason: "expected 2 … \(maximumEntries) entries")
            }
            spacing = (width / Double(entries - 1)).rounded(.toNearestOrAwayFromZero)
            guard spacing >= 1 else {
                throw FixedPointError.invalidTableOption(
                    option: "entries = \(entries)",
                    reason: "the domain [\(lo), \(hi)] holds only \(Int(width) + 1) distinct \(format) inputs;"
                        + " expected at most that many entries")
            }
            count = entries
        } else {
            spacing = Swift.max(1, scale / 8)
            let intervals = (width / spacing).rounded(.up)
            guard intervals + 1 <= Double(maximumEntries) else {
                throw FixedPointError.invalidTableOption(
                    option: "domain [\(lo), \(hi)]",
                    reason: "at spacing 1/8 it needs \(intervals + 1) entries; expected at most \(maximumEntries)"
                        + " (give entries to choose a coarser spacing)")
            }
            count = Int(intervals) + 1
        }
        return SpatiumTableLayout(lowRaw: Int64(lowScaled), spacing: UInt64(spacing), count: count)
    }

    static func checkDomain(lo: Double, hi: Double, format: QFormat) throws {
        guard lo.isFinite, hi.isFinite, lo < hi else {
            throw FixedPointError.invalidTableOption(
                option: "domain [\(lo), \(hi)]", reason: "expected finite bounds with lo < hi")
        }
        guard lo >= format.min else {
            throw FixedPointError.invalidTableOption(
                option: "domain [\(lo), \(hi)]", reason: "lo is below \(format)'s smallest value \(format.min)")
        }
        guard lo <= format.max else {
            throw FixedPointError.invalidTableOption(
                option: "domain [\(lo), \(hi)]", reason: "lo is above \(format)'s largest value \(format.max)")
        }
        guard hi <= -2 * format.min else {
            throw FixedPointError.invalidTableOption(
                option: "domain [\(lo), \(hi)]", reason: "hi is far beyond \(format)'s largest value \(format.max)")
        }
    }

    /// The coarsest power-of-two spacing whose measured maximum error over every representable
    /// input (all of them for ≤ 16-bit formats, a dense sample otherwise) is ≤ `maxErrorLSB`.
    /// Without a domain, the domain is the tightest ±2^j (clipped to the format) beyond which
    /// the out-of-domain rule (asymptote or y = x) is already within `maxErrorLSB`.
    static func searched(function: LUTFunction, format: QFormat, domain: (lo: Double, hi: Double)?,
                         maxErrorLSB: Double) throws -> SpatiumTableLayout {
        guard maxErrorLSB.isFinite, maxErrorLSB > 0 else {
            throw FixedPointError.invalidTableOption(
                option: "maxErrorLSB = \(maxErrorLSB)", reason: "expected a positive number of LSBs")
        }
        let (lo, hi) = try domain.map { bounds -> (Double, Double) in
            try checkDomain(lo: bounds.lo, hi: bounds.hi, format: format)
            return bounds
        } ?? automaticDomain(function: function, format: format, maxErrorLSB: maxErrorLSB)
        let scale = format.scale
        let lowRaw = Int64((lo * scale).rounded(.toNearestOrAwayFromZero))
        let highScaled = Swift.min((hi * scale).rounded(.toNearestOrAwayFromZero), Double(format.maxRaw) + 1)
        let width = Swift.max(1, highScaled - Double(lowRaw))
        let samples = ErrorSamples(format: format, function: function, scope: .allInputs,
                                   low: lowRaw, high: Int64(Swift.min(highScaled, Double(format.maxRaw))),
                                   knots: nil)
        var shift = Swift.max(0, Int(width.exponent))
        var lastReason = ""
        while shift >= 0 {
            let spacing = Double(sign: .plus, exponent: shift, significand: 1)
            let count = Int((width / spacing).rounded(.up)) + 1
            if count > maximumEntries {
                lastReason += "; a spacing of 2^\(shift - format.fractionalBits) would need \(count) entries,"
                    + " more than \(maximumEntries)"
                break
            }
            let layout = SpatiumTableLayout(lowRaw: lowRaw, spacing: UInt64(1) << UInt64(shift), count: count)
            let kernel = SpatiumLookup(function: function, format: format, lowRaw: lowRaw,
                                       spacing: layout.spacing, count: count)
            let worst = samples.maximumError(kernel: kernel, stopAbove: maxErrorLSB)
            if worst <= maxErrorLSB { return layout }
            lastReason = "at a spacing of 2^\(shift - format.fractionalBits) the error still reaches \(worst) LSB"
            shift -= 1
        }
        throw FixedPointError.maxErrorUnreachable(
            function: function.name, format: format.description, maxErrorLSB: maxErrorLSB,
            reason: "no power-of-two spacing over [\(lo), \(hi)] is accurate enough (\(lastReason));"
                + " expected a larger maxErrorLSB or a narrower domain")
    }

    /// The tightest ±2^j domain beyond which the out-of-domain rule is within `maxErrorLSB`.
    static func automaticDomain(function: LUTFunction, format: QFormat, maxErrorLSB: Double) -> (Double, Double) {
        let scale = format.scale
        let limit = -format.min          // 2^(I−1)
        func exactRaw(_ x: Double) -> Double {
            Swift.min(Swift.max(function.exact(x) * scale, Double(format.minRaw)), Double(format.maxRaw))
        }
        func ruleHolds(_ rule: LUTFunction.OutOfDomain, from bound: Double, direction: Double) -> Bool {
            var distance = bound
            while distance <= limit {
                let x = direction * distance
                let expected: Double
                switch rule {
                case let .asymptote(value): expected = Double(format.raw(value))
                case .identity: expected = Double(format.saturate(format.raw(x)))
                case .edge: return false
                }
                if Swift.abs(exactRaw(x) - expected) > maxErrorLSB { return false }
                distance *= 2
            }
            return true
        }
        func bound(_ rule: LUTFunction.OutOfDomain, direction: Double) -> Double {
            if function.isPeriodic { return Swift.min(4, limit) }
            var candidate = 1.0
            while candidate < limit {
                if ruleHolds(rule, from: candidate, direction: direction) { return candidate }
                candidate *= 2
            }
            return limit
        }
        let low: Double
        switch function {
        case .log, .logDerivative: low = 0
        default: low = -bound(function.belowDomain, direction: -1)
        }
        return (low, bound(function.aboveDomain, direction: 1))
    }
}
