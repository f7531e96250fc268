/// The inputs an error measurement visits, in increasing order, with the exact reference of
/// each (`f(x)·2^F`, clamped to the format's range: no raw can do better than the clamp).
///
/// Every input of the range when there are at most 2^21 + 1 of them; otherwise 2^20 + 1 evenly
/// spaced inputs plus every knot, knot ± 1 and cell midpoint. Scope `.allInputs` adds, for wide
/// formats, inputs outside the domain at distances 1, 2, 4, … and 4096 evenly spaced ones.
struct ErrorSamples {
    static let exhaustiveLimit: UInt64 = (1 << 21) + 1
    static let sampleCount: UInt64 = 1 << 20

    let inputs: [Int64]
    let exact: [Double]
    let exhaustive: Bool

    init(format: QFormat, function: LUTFunction, scope: LUTErrorReport.Scope,
         low requestedLow: Int64, high requestedHigh: Int64, knots: SpatiumTableLayout?,
         sampleCount: UInt64 = ErrorSamples.sampleCount) {
        let low = Swift.max(requestedLow, format.minRaw)
        let high = Swift.max(low, Swift.min(requestedHigh, format.maxRaw))
        var list: [Int64] = []
        var exhaustive = true
        if scope == .allInputs && format.storageBits <= 16 {
            list = ErrorSamples.range(format.minRaw, format.maxRaw)
        } else {
            let width = UInt64(bitPattern: high &- low)
            if width < Swift.max(ErrorSamples.exhaustiveLimit, sampleCount) {
                list = ErrorSamples.range(low, high)
            } else {
                exhaustive = false
                list.reserveCapacity(Int(sampleCount) + 4096)
                for step in 0...sampleCount {
                    let offset = (UInt128(width) * UInt128(step)) / UInt128(sampleCount)
                    list.append(low &+ Int64(truncatingIfNeeded: offset))
                }
                if let knots, knots.count <= 1 << 18 {
                    for index in 0..<knots.count {
                        let knot = Int128(knots.lowRaw) + Int128(index) * Int128(knots.spacing)
                        for candidate in [knot - 1, knot, knot + 1, knot + Int128(knots.spacing / 2)]
                        where candidate >= Int128(low) && candidate <= Int128(high) {
                            list.append(Int64(candidate))
                        }
                    }
                }
                list.sort()
                list = ErrorSamples.unique(list)
            }
            if scope == .allInputs {
                // Outside samples lie strictly below `low` or above `high`: sort only those.
                exhaustive = false
                var below: [Int64] = []
                var above: [Int64] = []
                ErrorSamples.appendOutside(from: low, toward: format.minRaw, into: &below)
                ErrorSamples.appendOutside(from: high, toward: format.maxRaw, into: &above)
                list = ErrorSamples.unique(below.sorted()) + list + ErrorSamples.unique(above.sorted())
            }
        }
        let scale = format.scale
        let lsb = format.lsb
        let minimum = Double(format.minRaw)
        let maximum = Double(format.maxRaw)
        var exact = [Double](repeating: 0, count: list.count)
        exact.withUnsafeMutableBufferPointer { target in
            list.withUnsafeBufferPointer { source in
                for index in source.indices {
                    let value = function.exact(Double(source[index]) * lsb) * scale
                    target[index] = value.isNaN ? 0 : Swift.min(Swift.max(value, minimum), maximum)
                }
            }
        }
        self.exact = exact
        self.inputs = list
        self.exhaustive = exhaustive
    }

    static func appendOutside(from edge: Int64, toward end: Int64, into list: inout [Int64]) {
        if edge == end { return }
        let direction: Int64 = end > edge ? 1 : -1
        let span = (Int128(end) - Int128(edge)).magnitude
        var distance: UInt128 = 1
        while distance <= span {
            list.append(Int64(Int128(edge) + Int128(direction) * Int128(distance)))
            distance <<= 1
        }
        for step in 1...4096 {
            let distance = span * UInt128(step) / 4096
            if distance > 0 { list.append(Int64(Int128(edge) + Int128(direction) * Int128(distance))) }
        }
    }

    /// Every raw of [low, high].
    static func range(_ low: Int64, _ high: Int64) -> [Int64] {
        let count = Int(high - low) + 1
        return [Int64](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count { buffer[index] = low &+ Int64(index) }
            initialized = count
        }
    }

    static func unique(_ sorted: [Int64]) -> [Int64] {
        var result: [Int64] = []
        result.reserveCapacity(sorted.count)
        for value in sorted where result.last != value { result.append(value) }
        return result
    }

    /// The largest |table − exact| in LSB, stopping early once it exceeds `stopAbove`.
    func maximumError(kernel: SpatiumLookup, stopAbove: Double) -> Double {
        kernel.padded.withUnsafeBufferPointer { table in
            inputs.withUnsafeBufferPointer { inputs in
                exact.withUnsafeBufferPointer { exact in
                    let base = table.baseAddress!
                    var worst = 0.0
                    // A sparse pass first, so that too-coarse candidates are rejected quickly.
                    for index in stride(from: 0, to: inputs.count, by: 61) {
                        let error = Swift.abs(Double(kernel.lookup(inputs[index], table: base)) - exact[index])
                        if error > stopAbove { return error }
                    }
                    for index in inputs.indices {
                        let error = Swift.abs(Double(kernel.lookup(inputs[index], table: base)) - exact[index])
                        if error > worst {
                            worst = error
                            if worst > stopAbove { return worst }
                        }
                    }
                    return worst
                }
            }
        }
    }
}
