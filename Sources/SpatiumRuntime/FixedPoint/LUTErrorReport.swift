/// How far a lookup table is from the exact function (Double), and whether it is monotone.
///
/// The reference for input x is `f(x)·2^F` clamped to the format's range (no raw can do
/// better). Inputs: every representable input of the scope when there are at most 2^21 + 1
/// (always for ≤ 16-bit formats), else a deterministic sample of 2^20 + 1 evenly spaced inputs
/// plus every knot, knot ± 1 and cell midpoint (`isExhaustive` says which).
///
/// `isMonotone`: between consecutive inputs the output never moves against the exact function.
/// For functions monotone on the whole line (sigmoid, tanh, exp, log, softplus, …) this is plain
/// monotonicity of the output; for the others (sin, gelu, mish, derivatives) pairs of inputs in
/// a table cell, or two neighbouring cells, where the exact function turns are not judged.
///
/// ```swift
/// let table = try LookupTable(.tanh, format: .q8_8)
/// let report = table.errorReport()              // all 3,009 inputs of [−6, 5.875]
/// report.maxErrorLSB                            // ≤ 1
/// report.isMonotone                             // true
/// let tiny = try LUTErrorReport(function: .tanh, format: .q8_8, mode: .tinymind(rounding: .truncate))
/// tiny.isMonotone                               // false: TinyMind's T[i] == x quirk
/// ```
public struct LUTErrorReport: Sendable, CustomStringConvertible {
    /// Which inputs are measured.
    ///
    /// ```swift
    /// let report = table.errorReport(scope: .allInputs)
    /// ```
    public enum Scope: String, Sendable, Hashable {
        /// The inputs between the first and the last knot.
        case domain
        /// Every representable input (sampled outside the domain for formats wider than 16 bits).
        case allInputs
    }

    /// The tabulated function.
    ///
    /// ```swift
    /// report.function   // .tanh
    /// ```
    public let function: LUTFunction
    /// The table's format.
    ///
    /// ```swift
    /// report.format   // Q8.8
    /// ```
    public let format: QFormat
    /// The table's mode.
    ///
    /// ```swift
    /// report.mode   // .spatium
    /// ```
    public let mode: LUTMode
    /// The inputs measured.
    ///
    /// ```swift
    /// report.scope   // .domain
    /// ```
    public let scope: Scope
    /// Number of inputs measured.
    ///
    /// ```swift
    /// report.inputCount   // 3041 for a default Q8.8 table
    /// ```
    public let inputCount: Int
    /// Whether every input of the scope was measured.
    ///
    /// ```swift
    /// report.isExhaustive   // true for ≤ 16-bit formats
    /// ```
    public let isExhaustive: Bool
    /// Largest |table − exact| in LSB.
    ///
    /// ```swift
    /// report.maxErrorLSB   // ≈ 0.88 for Q8.8 tanh
    /// ```
    public let maxErrorLSB: Double
    /// Mean |table − exact| in LSB.
    ///
    /// ```swift
    /// report.meanErrorLSB
    /// ```
    public let meanErrorLSB: Double
    /// Root mean square of table − exact in LSB.
    ///
    /// ```swift
    /// report.rmsErrorLSB   // between meanErrorLSB and maxErrorLSB
    /// ```
    public let rmsErrorLSB: Double
    /// The raw input where the largest error occurs (the first one if several).
    ///
    /// ```swift
    /// table.eval(raw: report.maxErrorInputRaw)
    /// ```
    public let maxErrorInputRaw: Int64
    /// Whether the output never moves against the exact function (see the type's notes).
    ///
    /// ```swift
    /// report.isMonotone   // false for TinyMind's tanh (its quirk)
    /// ```
    public let isMonotone: Bool
    /// Number of neighbouring input pairs where the output moves against the exact function.
    ///
    /// ```swift
    /// report.monotonicityViolations   // 0 when isMonotone
    /// ```
    public let monotonicityViolations: Int
    /// The upper input of the first such pair.
    ///
    /// ```swift
    /// report.firstViolationRaw   // nil when isMonotone
    /// ```
    public let firstViolationRaw: Int64?

    /// Largest error in real units.
    ///
    /// ```swift
    /// report.maxError == report.maxErrorLSB * report.format.lsb   // true
    /// ```
    public var maxError: Double { maxErrorLSB * format.lsb }
    /// Mean error in real units.
    ///
    /// ```swift
    /// report.meanError
    /// ```
    public var meanError: Double { meanErrorLSB * format.lsb }
    /// Root mean square error in real units.
    ///
    /// ```swift
    /// report.rmsError
    /// ```
    public var rmsError: Double { rmsErrorLSB * format.lsb }
    /// The real input where the largest error occurs.
    ///
    /// ```swift
    /// report.maxErrorInput   // e.g. -2.4375
    /// ```
    public var maxErrorInput: Double { format.real(maxErrorInputRaw) }

    /// Measures a default table for (function, format, mode).
    ///
    /// ```swift
    /// let r = try LUTErrorReport(function: .sigmoid, format: .q16_16, mode: .spatium)
    /// ```
    public init(function: LUTFunction, format: QFormat, mode: LUTMode = .spatium, scope: Scope = .domain) throws {
        self.init(table: try LookupTable(function, format: format, mode: mode), scope: scope)
    }

    /// Measures `table` over `scope`.
    ///
    /// ```swift
    /// let r = LUTErrorReport(table: try LookupTable(.exp, format: .q8_8), scope: .allInputs)
    /// ```
    public init(table: LookupTable, scope: Scope = .domain) {
        self.init(table: table, scope: scope, sampleCount: ErrorSamples.sampleCount)
    }

    /// As `init(table:scope:)` with a different sample size for wide formats (tests use a small one).
    init(table: LookupTable, scope: Scope, sampleCount: UInt64) {
        let format = table.format
        let lastKnot = Int128(table.lowRaw) + Int128(table.entries - 1) * Int128(table.spacingRaw)
        let high = Int64(clamping: lastKnot)
        let layout = SpatiumTableLayout(lowRaw: table.lowRaw, spacing: UInt64(table.spacingRaw), count: table.entries)
        let samples = ErrorSamples(format: format, function: table.function, scope: scope,
                                   low: table.lowRaw, high: high, knots: layout, sampleCount: sampleCount)
        let directions = LUTErrorReport.cellDirections(table: table)
        let globalDirection = table.function.monotonicity
        var worst = 0.0
        var worstInput = samples.inputs.first ?? 0
        var total = 0.0, totalSquares = 0.0
        var violations = 0
        var firstViolation: Int64?
        var previousOutput: Int64 = 0
        var previousCell = Int.min
        for index in samples.inputs.indices {
            let input = samples.inputs[index]
            let output = table.eval(raw: input)
            let exact = samples.exact[index]
            let error = Swift.abs(Double(output) - exact)
            total += error
            totalSquares += error * error
            if error > worst { worst = error; worstInput = input }
            let cell = table.cell(raw: input)
            if index > 0 {
                var direction = 0
                if globalDirection != 0 {
                    direction = globalDirection
                } else if cell == previousCell || cell == previousCell + 1 {
                    direction = LUTErrorReport.combined(directions[previousCell + 1], directions[cell + 1]) ?? 0
                }
                if (direction > 0 && output < previousOutput) || (direction < 0 && output > previousOutput) {
                    violations += 1
                    if firstViolation == nil { firstViolation = input }
                }
            }
            previousOutput = output
            previousCell = cell
        }
        self.function = table.function
        self.format = format
        self.mode = table.mode
        self.scope = scope
        self.inputCount = samples.inputs.count
        self.isExhaustive = samples.exhaustive
        self.maxErrorLSB = worst
        self.meanErrorLSB = samples.inputs.isEmpty ? 0 : total / Double(samples.inputs.count)
        self.rmsErrorLSB = samples.inputs.isEmpty ? 0 : (totalSquares / Double(samples.inputs.count)).squareRoot()
        self.maxErrorInputRaw = worstInput
        self.isMonotone = violations == 0
        self.monotonicityViolations = violations
        self.firstViolationRaw = firstViolation
    }

    /// The direction two neighbouring cells agree on (0: flat), nil if either turns or they disagree.
    static func combined(_ first: Int?, _ second: Int?) -> Int? {
        guard let first, let second else { return nil }
        if first == 0 { return second }
        if second == 0 || second == first { return first }
        return nil
    }

    /// Direction of the exact function in each cell: index 0 is below the first knot, index
    /// i + 1 is cell i, the last index is above the last knot; nil where the function turns.
    static func cellDirections(table: LookupTable) -> [Int?] {
        let format = table.format
        let function = table.function
        let low = table.domain.lo
        let high = table.domain.hi
        func direction(_ xs: [Double]) -> Int? {
            var rising = false
            var falling = false
            var previous = function.exact(xs[0])
            for x in xs.dropFirst() {
                let value = function.exact(x)
                let tolerance = 1e-12 * Swift.max(1, Swift.abs(value))
                if value > previous + tolerance { rising = true }
                if value < previous - tolerance { falling = true }
                previous = value
            }
            if rising && falling { return nil }
            return rising ? 1 : (falling ? -1 : 0)
        }
        func outside(from edge: Double, to end: Double) -> [Double] {
            var xs = [edge]
            var distance = format.lsb
            let span = Swift.abs(end - edge)
            while distance < span {
                xs.append(edge + (end > edge ? distance : -distance))
                distance *= 2
            }
            for step in 1...64 { xs.append(edge + (end - edge) * Double(step) / 64) }
            return xs.sorted()
        }
        var directions: [Int?] = []
        directions.append(low > format.min ? direction(outside(from: low, to: format.min)) : 0)
        let steps = table.entries > 65_536 ? 4 : 16
        for cell in 0..<(table.entries - 1) {
            let start = low + Double(cell) * table.spacing
            directions.append(direction((0...steps).map { start + table.spacing * Double($0) / Double(steps) }))
        }
        directions.append(high < format.max ? direction(outside(from: high, to: format.max)) : 0)
        return directions
    }

    /// One line: function, format, mode, max and mean error in LSB and real units, where, monotone.
    ///
    /// ```swift
    /// print(table.errorReport())
    /// ```
    public var description: String {
        "\(function) \(format) \(mode) (\(scope), \(inputCount) inputs\(isExhaustive ? "" : ", sampled")):"
            + " max \(maxErrorLSB) LSB (\(maxError)) at x = \(maxErrorInput), mean \(meanErrorLSB) LSB"
            + " (\(meanError)), \(isMonotone ? "monotone" : "not monotone (\(monotonicityViolations) reversals)")"
    }
}

extension LookupTable {
    /// The table's `LUTErrorReport` over `scope`.
    ///
    /// ```swift
    /// print(try LookupTable(.tanh, format: .q8_8).errorReport())
    /// ```
    public func errorReport(scope: LUTErrorReport.Scope = .domain) -> LUTErrorReport {
        LUTErrorReport(table: self, scope: scope)
    }
}
