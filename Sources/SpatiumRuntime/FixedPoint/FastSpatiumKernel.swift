/// Branch-free interpolation for power-of-two spacing without periodic reduction.
struct FastSpatiumKernel: Sendable {
    let lowRaw: Int64
    /// The last knot's raw position.
    let highRaw: Int64
    let spacing: Int64
    let shift: Int64
    let belowRaw: Int64
    let aboveRaw: Int64
    let aboveIsIdentity: Bool

    @inline(__always)
    func lookup(_ x: Int64, table: UnsafePointer<Int64>) -> Int64 {
        let offset = Swift.min(Swift.max(x, lowRaw), highRaw) &- lowRaw
        let index = Int(truncatingIfNeeded: offset &>> shift)
        let dx = offset & (spacing &- 1)
        let y0 = table[index]
        let y1 = table[index &+ 1]
        let product = (y1 &- y0) &* dx
        let base = y0 &+ (product &>> shift)
        let twiceRemainder = (product & (spacing &- 1)) &<< 1
        let inside = SpatiumLookup.roundAway(base: base, twiceRemainder: twiceRemainder, spacing: spacing)
        let above = aboveIsIdentity ? x : aboveRaw
        let result = x > highRaw ? above : inside
        return x < lowRaw ? belowRaw : result
    }
}
