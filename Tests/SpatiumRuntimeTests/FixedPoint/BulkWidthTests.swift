import Testing
@testable import SpatiumRuntime

/// Bulk evaluation equals scalar evaluation at every storage width, in both modes, for tables
/// and activations (the native fast path and the saturating generic path).
@Suite struct BulkWidthTests {
    func inputs(_ format: QFormat) -> [Int64] {
        var rng = SplitMix64(seed: 11)
        return (0..<2_000).map { _ in format.raw(SplitMix64.unitDouble(rng.next()) * 20 - 10) } + [format.minRaw, format.maxRaw, 0]
    }

    func check<Raw: FixedWidthInteger & SignedInteger>(_ type: Raw.Type, _ format: QFormat, scalar: (Int64) -> Int64,
                                                       bulk: (UnsafeBufferPointer<Raw>, UnsafeMutableBufferPointer<Raw>) throws -> Void) throws {
        let raws = inputs(format).map { Raw(clamping: $0) }
        var output = [Raw](repeating: 0, count: raws.count)
        try raws.withUnsafeBufferPointer { input in try output.withUnsafeMutableBufferPointer { try bulk(input, $0) } }
        for (raw, result) in zip(raws, output) {
            #expect(Int64(result) == Int64(Raw(clamping: scalar(format.saturate(Int64(raw))))), "\(format) raw \(raw)")
        }
    }

    @Test(arguments: ["q4.4", "q8.8", "q16.16", "q32.32"], ["spatium", "tinymind"])
    func tablesAndActivations(formatText: String, modeText: String) throws {
        let format = try QFormat(parsing: formatText)
        let mode = try LUTMode(parsing: modeText)
        guard (try? mode.validate(format)) != nil else { return }
        let table = try LookupTable(.tanh, format: format, mode: mode)
        let activation = try FixedPointActivation(.sigmoid, format: format, mode: mode)
        switch format.storageBits {
        case 8:
            try check(Int8.self, format, scalar: table.eval(raw:)) { try table.eval(raws: $0, into: $1) }
            try check(Int8.self, format, scalar: activation.apply(raw:)) { try activation.apply(raws: $0, into: $1) }
        case 16:
            try check(Int16.self, format, scalar: table.eval(raw:)) { try table.eval(raws: $0, into: $1) }
            try check(Int16.self, format, scalar: activation.apply(raw:)) { try activation.apply(raws: $0, into: $1) }
        case 32:
            try check(Int32.self, format, scalar: table.eval(raw:)) { try table.eval(raws: $0, into: $1) }
            try check(Int32.self, format, scalar: activation.apply(raw:)) { try activation.apply(raws: $0, into: $1) }
        default:
            try check(Int64.self, format, scalar: table.eval(raw:)) { try table.eval(raws: $0, into: $1) }
            try check(Int64.self, format, scalar: activation.apply(raw:)) { try activation.apply(raws: $0, into: $1) }
        }
        // Wider buffers than the format (generic, saturating path) agree with scalar too.
        try check(Int64.self, format, scalar: table.eval(raw:)) { try table.eval(raws: $0, into: $1) }
    }
}
