import SpatiumRuntime

/// Bulk lookup-table evaluation per mode and format, and Q arithmetic.
enum FixedPointBenchmarks {
    static func run(_ harness: inout BenchmarkHarness) throws {
        let count = 1 << 20
        var rng = SplitMix64(seed: 42)
        let reals = (0..<count).map { _ in SplitMix64.unitDouble(rng.next()) * 8 - 4 }
        let inputs16 = reals.map { Int16(QFormat.q8_8.raw($0)) }
        let inputs32 = reals.map { Int32(QFormat.q16_16.raw($0)) }
        var output16 = [Int16](repeating: 0, count: count)
        var output32 = [Int32](repeating: 0, count: count)
        for (modeName, mode) in [("tinymind", LUTMode.tinymind(rounding: .truncate)), ("spatium", LUTMode.spatium)] {
            let table16 = try LookupTable(.tanh, format: .q8_8, mode: mode)
            harness.measure("fixed point", "LUT tanh Q8.8 \(modeName), 1 M inputs", items: count) {
                inputs16.withUnsafeBufferPointer { input in
                    output16.withUnsafeMutableBufferPointer { try! table16.eval(raws: input, into: $0) }   // an error must not time as 0 ns
                }
                blackHole(output16)   // every element, every sample: nothing can be dropped
            }
            let table32 = try LookupTable(.tanh, format: .q16_16, mode: mode)
            harness.measure("fixed point", "LUT tanh Q16.16 \(modeName), 1 M inputs", items: count) {
                inputs32.withUnsafeBufferPointer { input in
                    output32.withUnsafeMutableBufferPointer { try! table32.eval(raws: input, into: $0) }
                }
                blackHole(output32)
            }
        }
        let format = QFormat.q16_16
        let raws = reals.map { format.raw($0) }
        harness.measure("fixed point", "Q16.16 multiply (round to nearest even)", items: count) {
            var total: Int64 = 0
            for i in 0..<count { total &+= format.multiply(raws[i], raws[count - 1 - i]) }
            blackHole(total)
        }
        harness.measure("fixed point", "Q16.16 saturating add", items: count) {
            var total: Int64 = 0
            for i in 0..<count { total &+= format.add(raws[i], raws[count - 1 - i]) }
            blackHole(total)
        }
        blackHole((output16, output32))
    }
}
