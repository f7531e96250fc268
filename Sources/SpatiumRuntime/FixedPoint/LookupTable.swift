/// A fixed-point lookup table with linear interpolation (DESIGN.md §4.2–4.3).
///
/// - `.tinymind(rounding:)` builds TinyMind's 96-entry table (x_i = −6 + i/8, values truncated
///   toward zero and wrapped to N bits) and evaluates TinyMind's `getValue` bit for bit,
///   including its `T[i] == x` quirk; formats with I ≥ 4, 3 ≤ F ≤ 33 (RoundUp: F ≤ 31).
/// - `.spatium` (default) rounds values to nearest and saturates them, interpolates
///   monotonically with rounding to nearest, reduces sin/cos to [−π, π) first, and outside
///   its domain returns the asymptote (sigmoid → 0/1, tanh → ∓1, exp → 0 / saturation,
///   softplus/gelu/mish → 0 and y = x, derivatives → their limits) or, where there is none
///   (log, periodic functions), the edge value. Any Q format; `domain`, `entries` and
///   `maxErrorLSB` are settable.
///
/// Raws outside the format's range are saturated into it before the lookup. For 8- and 16-bit
/// formats the table also holds the output for every possible input (256 B / 128 KiB), so
/// scalar and bulk evaluation are one indexed load.
///
/// ```swift
/// let table = try LookupTable(.tanh, format: .q8_8)                 // spatium, 96 entries
/// table.eval(raw: 128)                                               // 118 (tanh 0.5 ≈ 0.4621)
/// table.eval(0.5)                                                    // 0.4609375
/// let tiny = try LookupTable(.tanh, format: .q8_8, mode: .tinymind(rounding: .truncate))
/// tiny.eval(raw: -162)                                               // -162 (the quirk)
/// let fine = try LookupTable(.sigmoid, format: .q16_16, maxErrorLSB: 2)
/// print(fine.entries, fine.domain, fine.spacing)
/// ```
public struct LookupTable: Sendable {
    /// The tabulated function.
    ///
    /// ```swift
    /// table.function   // .tanh
    /// ```
    public let function: LUTFunction
    /// The fixed-point format of inputs, table values and outputs.
    ///
    /// ```swift
    /// table.format   // Q8.8
    /// ```
    public let format: QFormat
    /// TinyMind emulation or Spatium's own tables.
    ///
    /// ```swift
    /// table.mode   // .spatium
    /// ```
    public let mode: LUTMode
    /// The raw table entries (signed), `entries` of them.
    ///
    /// ```swift
    /// try LookupTable(.tanh, format: .q8_8).values[48]   // 0 (tanh 0)
    /// ```
    public let values: [Int64]
    /// Raw position of the first knot.
    ///
    /// ```swift
    /// try LookupTable(.tanh, format: .q8_8).lowRaw   // -1536 (−6.0)
    /// ```
    public let lowRaw: Int64
    /// Raw distance between knots (a power of two unless `entries` forced another spacing).
    ///
    /// ```swift
    /// try LookupTable(.tanh, format: .q8_8).spacingRaw   // 32 (1/8)
    /// ```
    public let spacingRaw: Int64

    enum Kernel: Sendable {
        case tinymind(TinyMindLookup)
        case spatium(SpatiumLookup)
    }

    let kernel: Kernel
    /// Output for every 16-bit input, indexed by the input's bit pattern (16-bit formats only).
    let outputs16: [Int16]
    /// Output for every 8-bit input, indexed by the input's bit pattern (8-bit formats only).
    let outputs8: [Int8]

    /// Builds a table.
    ///
    /// - Parameters:
    ///   - function: what to tabulate; `tinymind` mode accepts only TinyMind's six tables.
    ///   - format: the Q format.
    ///   - mode: `.spatium` (default) or `.tinymind(rounding:)`.
    ///   - domain: `spatium` only: first and last knot (reals); default [−6, 5.875] (clipped to
    ///     the format's range), or chosen automatically with `maxErrorLSB`.
    ///   - entries: `spatium` only: number of knots; the spacing `(hi − lo)/(entries − 1)` is
    ///     rounded to whole LSBs and the reported `domain` adjusted. Default: spacing 1/8.
    ///   - maxErrorLSB: `spatium` only: pick the coarsest power-of-two spacing (fewest entries)
    ///     whose measured maximum error over every representable input is ≤ this many LSB.
    ///
    /// ```swift
    /// let t = try LookupTable(.gelu, format: .q8_8, domain: (-8, 8), entries: 257)   // spacing 1/16
    /// ```
    public init(_ function: LUTFunction, format: QFormat, mode: LUTMode = .spatium,
                domain: (lo: Double, hi: Double)? = nil, entries: Int? = nil,
                maxErrorLSB: Double? = nil) throws {
        switch mode {
        case let .tinymind(rounding):
            try mode.validate(format)
            guard function.isTinyMindTable else {
                throw FixedPointError.notATinyMindTable(function: function.name)
            }
            if domain != nil || entries != nil || maxErrorLSB != nil {
                throw FixedPointError.invalidTableOption(
                    option: "domain/entries/maxErrorLSB in mode tinymind",
                    reason: "TinyMind's tables are fixed (96 entries, x = −6 … 5.875, spacing 1/8);"
                        + " expected mode spatium for a custom table")
            }
            let values = TinyMindLookup.tableValues(function, format: format)
            self.init(function: function, format: format, mode: mode, values: values,
                      lowRaw: -(Int64(6) << format.fractionalBits),
                      spacingRaw: Int64(1) << (format.fractionalBits - 3),
                      kernel: .tinymind(TinyMindLookup(values: values, format: format, rounding: rounding)))
        case .spatium:
            let layout: SpatiumTableLayout
            if let maxErrorLSB {
                if entries != nil {
                    throw FixedPointError.invalidTableOption(
                        option: "entries together with maxErrorLSB",
                        reason: "maxErrorLSB chooses the number of entries; expected only one of them")
                }
                layout = try SpatiumTableLayout.searched(function: function, format: format, domain: domain,
                                                         maxErrorLSB: maxErrorLSB)
            } else {
                layout = try SpatiumTableLayout.fixed(format: format, domain: domain, entries: entries)
            }
            let kernel = SpatiumLookup(function: function, format: format, lowRaw: layout.lowRaw,
                                       spacing: layout.spacing, count: layout.count)
            self.init(function: function, format: format, mode: mode, values: kernel.values,
                      lowRaw: layout.lowRaw, spacingRaw: Int64(layout.spacing), kernel: .spatium(kernel))
        }
    }

    init(function: LUTFunction, format: QFormat, mode: LUTMode, values: [Int64], lowRaw: Int64,
         spacingRaw: Int64, kernel: Kernel) {
        self.function = function
        self.format = format
        self.mode = mode
        self.values = values
        self.lowRaw = lowRaw
        self.spacingRaw = spacingRaw
        self.kernel = kernel
        self.outputs16 = format.storageBits == 16 ? LookupTable.allOutputs(kernel, bits: 16) : []
        self.outputs8 = format.storageBits == 8 ? LookupTable.allOutputs(kernel, bits: 8) : []
    }

    /// The output for every input of an 8- or 16-bit format, indexed by the input's bit pattern.
    static func allOutputs<Word: FixedWidthInteger & SignedInteger>(_ kernel: Kernel, bits: Int) -> [Word] {
        let inputs = (0..<(1 << bits)).map { Int64(truncatingIfNeeded: Word(truncatingIfNeeded: $0)) }
        var outputs = [Word](repeating: 0, count: 1 << bits)
        outputs.withUnsafeMutableBufferPointer { target in
            inputs.withUnsafeBufferPointer { source in
                switch kernel {
                case let .tinymind(lookup):
                    lookup.values.withUnsafeBufferPointer { table in
                        let base = table.baseAddress!
                        for index in source.indices {
                            target[index] = Word(truncatingIfNeeded: lookup.lookup(source[index], table: base))
                        }
                    }
                case let .spatium(lookup):
                    lookup.padded.withUnsafeBufferPointer { table in
                        let base = table.baseAddress!
                        for index in source.indices {
                            target[index] = Word(truncatingIfNeeded: lookup.lookup(source[index], table: base))
                        }
                    }
                }
            }
        }
        return outputs
    }

    /// TinyMind's generator output for `function` in any format — also the formats its lookup
    /// cannot use (for inspection and C export of what TinyMind ships): x_i = −6 + i/8, values
    /// `f(x_i)·2^F` truncated toward zero and wrapped to N bits. Non-TinyMind functions throw.
    ///
    /// ```swift
    /// try LookupTable.tinyMindTableValues(.exp, format: .q8_8)[87]   // -32007: exp(4.875) wrapped
    /// ```
    public static func tinyMindTableValues(_ function: LUTFunction, format: QFormat) throws -> [Int64] {
        guard function.isTinyMindTable else { throw FixedPointError.notATinyMindTable(function: function.name) }
        return TinyMindLookup.tableValues(function, format: format)
    }

    // MARK: Shape

    /// Number of table entries (knots).
    ///
    /// ```swift
    /// try LookupTable(.tanh, format: .q8_8).entries   // 96
    /// ```
    public var entries: Int { values.count }

    /// First and last knot as reals.
    ///
    /// ```swift
    /// try LookupTable(.tanh, format: .q8_8).domain   // (lo: -6.0, hi: 5.875)
    /// ```
    public var domain: (lo: Double, hi: Double) {
        let low = format.real(lowRaw)
        return (low, low + Double(entries - 1) * spacing)
    }

    /// Distance between knots as a real.
    ///
    /// ```swift
    /// try LookupTable(.tanh, format: .q8_8).spacing   // 0.125
    /// ```
    public var spacing: Double { Double(spacingRaw) * format.lsb }

    /// log2 of `spacingRaw` when the spacing is a power of two, else nil.
    ///
    /// ```swift
    /// try LookupTable(.tanh, format: .q8_8).spacingShift   // 5
    /// ```
    public var spacingShift: Int? {
        spacingRaw > 0 && spacingRaw.nonzeroBitCount == 1 ? spacingRaw.trailingZeroBitCount : nil
    }

    /// Size of the table proper in bytes: `entries` × storage bytes (192 for a 96-entry Q8.8 table).
    ///
    /// ```swift
    /// try LookupTable(.tanh, format: .q16_16).bytes   // 384
    /// ```
    public var bytes: Int { entries * format.storageBytes }

    /// The table as it would sit in a microcontroller's memory: each entry as an N-bit
    /// two's-complement word, little-endian.
    ///
    /// ```swift
    /// try LookupTable(.tanh, format: .q8_8, mode: .tinymind(rounding: .truncate)).littleEndianBytes.prefix(2)   // [0x01, 0xFF]
    /// ```
    public var littleEndianBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(self.bytes)
        for value in values {
            for byte in 0..<format.storageBytes { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * byte))) }
        }
        return bytes
    }

    // MARK: Scalar evaluation

    /// The table's output for a raw input (saturated into the format first).
    ///
    /// ```swift
    /// try LookupTable(.sigmoid, format: .q8_8).eval(raw: 0)   // 128 (0.5)
    /// ```
    public func eval(raw: Int64) -> Int64 {
        let x = format.saturate(raw)
        switch format.storageBits {
        case 16: return Int64(outputs16[Int(UInt16(truncatingIfNeeded: x))])
        case 8: return Int64(outputs8[Int(UInt8(truncatingIfNeeded: x))])
        default: return evalWide(x)
        }
    }

    /// The table's output for a real input: quantised with `format.raw`, looked up, converted back.
    ///
    /// ```swift
    /// try LookupTable(.exp, format: .q16_16).eval(1.0)   // ≈ 2.71828
    /// ```
    public func eval(_ real: Double) -> Double {
        format.real(eval(raw: format.raw(real)))
    }

    func evalWide(_ x: Int64) -> Int64 {
        switch kernel {
        case let .tinymind(lookup):
            return lookup.values.withUnsafeBufferPointer { lookup.lookup(x, table: $0.baseAddress!) }
        case let .spatium(lookup):
            return lookup.padded.withUnsafeBufferPointer { lookup.lookup(x, table: $0.baseAddress!) }
        }
    }

    /// The cell (knot interval) an input falls into, after periodic reduction in `spatium`
    /// mode: −1 below the first knot, `entries − 1` at or above the last.
    func cell(raw: Int64) -> Int {
        switch kernel {
        case let .tinymind(lookup): return lookup.cell(format.saturate(raw))
        case let .spatium(lookup): return lookup.cell(format.saturate(raw))
        }
    }

    // MARK: Bulk evaluation

    /// Evaluates every raw of `raws` into `output` (which must be at least as long). 8-bit
    /// formats take one indexed load per element; other formats saturate each result into Int8.
    ///
    /// ```swift
    /// let t = try LookupTable(.tanh, format: QFormat(integerBits: 4, fractionalBits: 4))
    /// let input: [Int8] = [-16, 0, 16]
    /// var output = [Int8](repeating: 0, count: 3)
    /// try input.withUnsafeBufferPointer { i in try output.withUnsafeMutableBufferPointer { try t.eval(raws: i, into: $0) } }
    /// ```
    public func eval(raws: UnsafeBufferPointer<Int8>, into output: UnsafeMutableBufferPointer<Int8>) throws {
        try BulkRawEvaluation.run(raws, into: output, native: format.storageBits == 8,
                                  fast: { s, t, n in outputs8.withUnsafeBufferPointer { BulkRawEvaluation.gather8($0.baseAddress!, s, t, n) } },
                                  generic: { evalGeneric($0, $1, $2) })
    }

    /// Evaluates every raw of `raws` into `output`. For 16-bit formats (Q8.8, Q4.12, …) this is
    /// one load from the 65,536-entry output table per element (< 1 ns).
    ///
    /// ```swift
    /// let t = try LookupTable(.tanh, format: .q8_8)
    /// let input: [Int16] = [-256, 0, 256]
    /// var output = [Int16](repeating: 0, count: 3)
    /// try input.withUnsafeBufferPointer { i in try output.withUnsafeMutableBufferPointer { try t.eval(raws: i, into: $0) } }
    /// // output == [-195, 0, 195]
    /// ```
    public func eval(raws: UnsafeBufferPointer<Int16>, into output: UnsafeMutableBufferPointer<Int16>) throws {
        try BulkRawEvaluation.run(raws, into: output, native: format.storageBits == 16,
                                  fast: { s, t, n in outputs16.withUnsafeBufferPointer { LookupTable.gather16($0.baseAddress!, s, t, n) } },
                                  generic: { evalGeneric($0, $1, $2) })
    }

    /// Evaluates every raw of `raws` into `output`. 32-bit formats (Q16.16, …) run the
    /// interpolation inline; 16-/8-bit formats saturate each input into the format and use
    /// their output table.
    ///
    /// ```swift
    /// let t = try LookupTable(.sigmoid, format: .q16_16)
    /// let input: [Int32] = [0, 65536]
    /// var output = [Int32](repeating: 0, count: 2)
    /// try input.withUnsafeBufferPointer { i in try output.withUnsafeMutableBufferPointer { try t.eval(raws: i, into: $0) } }
    /// ```
    public func eval(raws: UnsafeBufferPointer<Int32>, into output: UnsafeMutableBufferPointer<Int32>) throws {
        try BulkRawEvaluation.run(raws, into: output, native: format.storageBits == 32,
                                  fast: { evalKernel($0, $1, $2) },
                                  generic: { evalGeneric($0, $1, $2) })
    }

    /// Evaluates every raw of `raws` into `output` (any format; 64-bit formats inline).
    ///
    /// ```swift
    /// let t = try LookupTable(.tanh, format: .q32_32)
    /// let input: [Int64] = [1 << 32]
    /// var output = [Int64](repeating: 0, count: 1)
    /// try input.withUnsafeBufferPointer { i in try output.withUnsafeMutableBufferPointer { try t.eval(raws: i, into: $0) } }
    /// ```
    public func eval(raws: UnsafeBufferPointer<Int64>, into output: UnsafeMutableBufferPointer<Int64>) throws {
        try BulkRawEvaluation.run(raws, into: output, native: format.storageBits == 64,
                                  fast: { evalKernel($0, $1, $2) },
                                  generic: { evalGeneric($0, $1, $2) })
    }

    @inline(__always)
    static func gather16(_ table: UnsafePointer<Int16>, _ source: UnsafePointer<Int16>,
                         _ target: UnsafeMutablePointer<Int16>, _ count: Int) {
        for index in 0..<count { target[index] = table[Int(UInt16(bitPattern: source[index]))] }
    }

    /// The inline interpolation for raws already of the format's width.
    func evalKernel<Raw: FixedWidthInteger & SignedInteger>(_ source: UnsafePointer<Raw>,
                                                            _ target: UnsafeMutablePointer<Raw>, _ count: Int) {
        switch kernel {
        case let .tinymind(lookup):
            lookup.values.withUnsafeBufferPointer { table in
                let base = table.baseAddress!
                for index in 0..<count {
                    target[index] = Raw(truncatingIfNeeded: lookup.lookup(Int64(source[index]), table: base))
                }
            }
        case let .spatium(lookup):
            lookup.padded.withUnsafeBufferPointer { table in
                let base = table.baseAddress!
                if lookup.isFast {
                    let fast = lookup.fastKernel
                    for index in 0..<count {
                        target[index] = Raw(truncatingIfNeeded: fast.lookup(Int64(source[index]), table: base))
                    }
                } else {
                    for index in 0..<count {
                        target[index] = Raw(truncatingIfNeeded: lookup.lookup(Int64(source[index]), table: base))
                    }
                }
            }
        }
    }

    /// Runs `body` with an evaluator for raws inside the format's range whose per-element call
    /// allocates nothing and retains nothing (for bulk loops of composite functions).
    func withEvaluator<Result>(_ body: (TableEvaluator) -> Result) -> Result {
        switch kernel {
        case let .tinymind(lookup):
            return lookup.values.withUnsafeBufferPointer { table in
                body(TableEvaluator(path: .tinymind, base: table.baseAddress!, tinyMind: lookup, spatium: nil))
            }
        case let .spatium(lookup):
            return lookup.padded.withUnsafeBufferPointer { table in
                body(TableEvaluator(path: lookup.isFast ? .fast : .spatium, base: table.baseAddress!,
                                    tinyMind: nil, spatium: lookup))
            }
        }
    }

    /// Any buffer type against any format: saturate in, evaluate, saturate out.
    func evalGeneric<Raw: FixedWidthInteger & SignedInteger>(_ source: UnsafePointer<Raw>,
                                                             _ target: UnsafeMutablePointer<Raw>, _ count: Int) {
        for index in 0..<count {
            target[index] = Raw(clamping: eval(raw: Int64(source[index])))
        }
    }
}
