import Glibc

/// Spatium's table generation and monotone interpolation (internal kernel of `LookupTable` in
/// `spatium` mode).
///
/// Knot i sits at raw `lowRaw + i·spacing`. Values are the exact function rounded to nearest
/// (ties away from zero) and saturated. Between knots the output is the exact linear
/// interpolation rounded to nearest, ties away from zero (so odd functions stay odd); a monotone
/// rounding of a monotone interpolant, it lies between the two knot values: monotone, in range.
struct SpatiumLookup: Sendable {
    let format: QFormat
    let lowRaw: Int64
    let spacing: UInt64
    /// log2(spacing) when the spacing is a power of two, else −1.
    let shift: Int
    let count: Int
    /// (count − 1)·spacing: the offset of the last knot from `lowRaw`.
    let lastOffset: UInt64
    /// The values plus a copy of the last one (so `values[i + 1]` is always valid).
    let padded: [Int64]
    let belowRaw: Int64
    let aboveRaw: Int64
    let aboveIsIdentity: Bool
    /// Whether |Δy|·spacing fits comfortably in 64 bits (else 128-bit products are used).
    let productFitsInt64: Bool
    let periodic: Bool
    let reduction: PeriodicReduction
    /// Whether `lookupFast` applies: power-of-two spacing, 64-bit products, no reduction.
    let isFast: Bool
    /// The few scalars `lookupFast` needs, as a trivial value the bulk loops keep in registers.
    let fastKernel: FastSpatiumKernel

    init(function: LUTFunction, format: QFormat, lowRaw: Int64, spacing: UInt64, count: Int) {
        self.format = format
        self.lowRaw = lowRaw
        self.spacing = spacing
        self.shift = spacing.nonzeroBitCount == 1 ? spacing.trailingZeroBitCount : -1
        self.count = count
        // When the last knot lies 2^64 or more above the first (Q1.63's knot at +1.0), no input
        // can pass it: UInt64.max then means "never above".
        let last = UInt64(count - 1).multipliedReportingOverflow(by: spacing)
        self.lastOffset = last.overflow ? UInt64.max : last.partialValue
        let lsb = format.lsb
        var values = [Int64](repeating: 0, count: count + 1)
        for index in 0..<count {
            let x = (Double(lowRaw) + Double(index) * Double(spacing)) * lsb
            values[index] = format.raw(function.exact(x))
        }
        values[count] = values[count - 1]
        self.padded = values
        switch function.belowDomain {
        case let .asymptote(value): belowRaw = format.raw(value)
        case .identity, .edge: belowRaw = values[0]
        }
        switch function.aboveDomain {
        case let .asymptote(value): aboveRaw = format.raw(value); aboveIsIdentity = false
        case .identity: aboveRaw = 0; aboveIsIdentity = true
        case .edge: aboveRaw = values[count - 1]; aboveIsIdentity = false
        }
        var largestStep: UInt64 = 0
        for index in 0..<count {
            largestStep = Swift.max(largestStep, (values[index + 1] &- values[index]).magnitude)
        }
        let (product, overflow) = largestStep.multipliedReportingOverflow(by: spacing)
        self.productFitsInt64 = !overflow && product < (UInt64(1) << 61)
        self.periodic = function.isPeriodic
        self.reduction = PeriodicReduction(format: format)
        self.isFast = shift >= 0 && productFitsInt64 && !periodic && lastOffset < UInt64(1) << 62
            && !lowRaw.addingReportingOverflow(Int64(bitPattern: lastOffset)).overflow
        self.fastKernel = FastSpatiumKernel(
            lowRaw: lowRaw, highRaw: lowRaw &+ Int64(bitPattern: lastOffset), spacing: Int64(bitPattern: spacing),
            shift: Int64(Swift.max(shift, 0)), belowRaw: belowRaw, aboveRaw: aboveRaw, aboveIsIdentity: aboveIsIdentity)
    }

    /// The table values (without the padding copy).
    var values: [Int64] { Array(padded[0..<count]) }

    /// The lookup for a raw `x` inside the format's range.
    @inline(__always)
    func lookup(_ input: Int64, table: UnsafePointer<Int64>) -> Int64 {
        if isFast { return lookupFast(input, table: table) }
        return lookupGeneral(input, table: table)
    }

    /// The lookup for every layout (periodic reduction, any spacing, 128-bit products).
    @inline(__always)
    func lookupGeneral(_ input: Int64, table: UnsafePointer<Int64>) -> Int64 {
        var x = input
        if periodic { x = reduction.reduce(x) }
        if x < lowRaw { return belowRaw }
        let offset = UInt64(bitPattern: x &- lowRaw)
        if offset > lastOffset { return aboveIsIdentity ? x : aboveRaw }
        let index: Int
        let dx: UInt64
        if shift >= 0 {
            index = Int(truncatingIfNeeded: offset >> UInt64(shift))
            dx = offset & (spacing &- 1)
        } else {
            index = Int(truncatingIfNeeded: offset / spacing)
            dx = offset &- UInt64(index) &* spacing
        }
        let y0 = table[index]
        if dx == 0 { return y0 }
        let y1 = table[index + 1]
        if productFitsInt64 {
            let product = (y1 &- y0) &* Int64(dx)
            let step = Int64(bitPattern: spacing)
            var quotient: Int64
            var remainder: Int64
            if shift >= 0 {
                quotient = product &>> Int64(shift)
                remainder = product & (step &- 1)
            } else {
                quotient = product / step
                remainder = product &- quotient &* step
                if remainder < 0 { quotient &-= 1; remainder &+= step }
            }
            return SpatiumLookup.roundAway(base: y0 &+ quotient, twiceRemainder: remainder &<< 1, spacing: step)
        }
        let product = (Int128(y1) - Int128(y0)) * Int128(dx)
        let step = Int128(spacing)
        var quotient = product / step
        var remainder = product - quotient * step
        if remainder < 0 { quotient -= 1; remainder += step }
        let base = Int128(y0) + quotient
        let up = 2 * remainder > step || (2 * remainder == step && base >= 0)
        return Int64(truncatingIfNeeded: up ? base + 1 : base)
    }

    /// `base + remainder/spacing` (0 ≤ remainder < spacing) rounded to nearest, ties away from zero.
    @inline(__always)
    static func roundAway(base: Int64, twiceRemainder: Int64, spacing: Int64) -> Int64 {
        // Up iff 2r > h, or 2r == h and base ≥ 0 (the tie goes away from zero):
        // iff 2r − h + [base ≥ 0] > 0. Branch-free: the sign bit of h − [base ≥ 0] − 2r.
        let nonNegative = Int64(bitPattern: UInt64(bitPattern: ~base) &>> 63)
        return base &+ Int64(bitPattern: UInt64(bitPattern: spacing &- nonNegative &- twiceRemainder) &>> 63)
    }


    /// The same lookup without branches (selects only), for the common case `isFast`.
    @inline(__always)
    func lookupFast(_ x: Int64, table: UnsafePointer<Int64>) -> Int64 {
        fastKernel.lookup(x, table: table)
    }


    /// The cell `x` falls into after reduction: −1 below the table, `count − 1` above its last knot.
    func cell(_ input: Int64) -> Int {
        var x = input
        if periodic { x = reduction.reduce(x) }
        if x < lowRaw { return -1 }
        let offset = UInt64(bitPattern: x &- lowRaw)
        if offset > lastOffset { return count - 1 }
        return Swift.min(count - 1, Int(truncatingIfNeeded: offset / spacing))
    }
}
