import Testing
@testable import SpatiumRuntime

@Suite struct LookupTableTests {
    @Test(arguments: [LUTFunction.tanh, .sigmoid])
    func spatiumQ8_8WithinOneLSBOverAllInputsAndMonotone(function: LUTFunction) throws {
        let table = try LookupTable(function, format: .q8_8)
        #expect(table.entries == 96 && table.bytes == 192)
        let report = table.errorReport(scope: .allInputs)
        #expect(report.inputCount == 65_536 && report.isExhaustive)
        #expect(report.maxErrorLSB <= 1, "\(report)")
        #expect(report.isMonotone)
        // The same, directly: monotone over every input.
        var previous = table.eval(raw: QFormat.q8_8.minRaw)
        for raw in QFormat.q8_8.minRaw...QFormat.q8_8.maxRaw {
            let value = table.eval(raw: raw)
            #expect(value >= previous)
            previous = value
        }
    }

    @Test(arguments: [LUTFunction.tanh, .sigmoid])
    func spatiumQ16_16WithMaxErrorTwoLSB(function: LUTFunction) throws {
        let q = QFormat.q16_16
        let table = try LookupTable(function, format: q, maxErrorLSB: 2)
        #expect(table.spacingShift != nil)
        // Independent check (the search measured every input of the domain): every 13th raw of
        // [−40, 40], every knot ± 1 and ± half a spacing, and the extremes.
        var inputs = Array(stride(from: q.raw(-40), through: q.raw(40), by: 13)) + [q.minRaw, q.maxRaw]
        for index in 0..<table.entries {
            let knot = table.lowRaw + Int64(index) * table.spacingRaw
            inputs += [knot - 1, knot, knot + 1, knot + table.spacingRaw / 2]
        }
        inputs.sort()
        func worst(_ candidate: LookupTable) -> Double {
            inputs.map { Swift.abs(Double(candidate.eval(raw: $0)) - Swift.min(function.exact(q.real($0)) * q.scale, Double(q.maxRaw))) }.max()!
        }
        #expect(worst(table) <= 2)
        let outputs = inputs.map { table.eval(raw: $0) }
        #expect(zip(outputs, outputs.dropFirst()).allSatisfy { $0 <= $1 })
        // Fewest entries: the next coarser spacing misses the bound.
        let (lo, hi) = table.domain
        let coarser = try LookupTable(function, format: q, domain: (lo, hi), entries: (table.entries - 1) / 2 + 1)
        #expect(coarser.spacing == 2 * table.spacing)
        #expect(worst(coarser) > 2)
    }

    @Test func maxErrorLSBPicksFewerEntriesForLooserBounds() throws {
        let tight = try LookupTable(.tanh, format: .q8_8, maxErrorLSB: 1)
        let loose = try LookupTable(.tanh, format: .q8_8, maxErrorLSB: 4)
        #expect(loose.entries < tight.entries)
        #expect(tight.errorReport(scope: .allInputs).maxErrorLSB <= 1)
        #expect(loose.errorReport(scope: .allInputs).maxErrorLSB <= 4)
        #expect(throws: FixedPointError.self) { try LookupTable(.tanh, format: .q8_8, maxErrorLSB: 0) }
        #expect(throws: FixedPointError.self) { try LookupTable(.tanh, format: .q8_8, entries: 10, maxErrorLSB: 1) }
        // log needs ever finer spacing towards 0: unreachable within the entry cap in Q16.16.
        #expect(throws: FixedPointError.self) { try LookupTable(.log, format: .q16_16, maxErrorLSB: 1) }
    }

    @Test func expSaturatesInsteadOfWrapping() throws {
        let table = try LookupTable(.exp, format: .q8_8)
        #expect(table.values.allSatisfy { $0 >= 0 })
        #expect(table.values.last == QFormat.q8_8.maxRaw)
        #expect(table.eval(raw: QFormat.q8_8.maxRaw) == QFormat.q8_8.maxRaw)   // beyond the domain
        #expect(table.eval(10.0) == QFormat.q8_8.max)
        #expect(table.eval(raw: QFormat.q8_8.minRaw) == 0)                     // e^−128 → 0
        #expect(table.errorReport(scope: .allInputs).isMonotone)
        let tiny = try LookupTable(.exp, format: .q8_8, mode: .tinymind(rounding: .truncate))
        #expect(tiny.values.contains { $0 < 0 })                                  // TinyMind wraps
        #expect(!tiny.errorReport().isMonotone)
    }

    @Test func outsideTheDomainAsymptotesOrEdges() throws {
        let q = QFormat.q16_16
        let sigmoid = try LookupTable(.sigmoid, format: q)
        #expect(sigmoid.eval(-100) == 0 && sigmoid.eval(100) == 1)
        let tanh = try LookupTable(.tanh, format: q)
        #expect(tanh.eval(-50) == -1 && tanh.eval(50) == 1)
        for function in [LUTFunction.softplus, .gelu, .mish] {
            let table = try LookupTable(function, format: q)
            #expect(table.eval(raw: q.raw(20)) == q.raw(20), "\(function)")
            #expect(table.eval(raw: q.raw(-20)) == 0, "\(function)")
        }
        let log = try LookupTable(.log, format: q)
        #expect(log.eval(raw: q.raw(100)) == log.values.last!)                    // no asymptote: edge
        #expect(log.eval(raw: -5) == q.minRaw)                                    // log(x ≤ 0) → −∞, saturated
        #expect(try LookupTable(.tanhDerivative, format: q).eval(30) == 0)
        #expect(try LookupTable(.softplusDerivative, format: q).eval(30) == 1)
    }

    @Test func sineAndCosineAreReducedToOnePeriod() throws {
        let q = QFormat.q16_16
        for function in [LUTFunction.sin, .cos] {
            let table = try LookupTable(function, format: q, maxErrorLSB: 2)
            for x in stride(from: -1000.0, through: 1000.0, by: 7.3) {
                let raw = q.raw(x)
                let exact = function.exact(q.real(raw)) * q.scale
                #expect(Swift.abs(Double(table.eval(raw: raw)) - exact) <= 2.5, "\(function)(\(x))")
            }
        }
        let tiny = try LookupTable(.sin, format: q, mode: .tinymind(rounding: .truncate))
        #expect(tiny.eval(raw: q.raw(100)) == tiny.values[95])                    // TinyMind clamps
    }

    @Test func customDomainAndEntries() throws {
        let table = try LookupTable(.gelu, format: .q8_8, domain: (-8, 8), entries: 257)
        #expect(table.entries == 257)
        #expect(table.domain == (-8, 8))
        #expect(table.spacing == 1.0 / 16 && table.spacingRaw == 16 && table.spacingShift == 4)
        #expect(table.bytes == 514)
        let odd = try LookupTable(.tanh, format: .q8_8, domain: (-4, 4), entries: 100)   // spacing not 2^k
        #expect(odd.spacingShift == nil)
        #expect(odd.errorReport().isMonotone)
        #expect(odd.errorReport().maxErrorLSB < 3)
        let byDomain = try LookupTable(.tanh, format: .q8_8, domain: (-2, 2))
        #expect(byDomain.spacing == 0.125 && byDomain.entries == 33)
        func reason(_ body: () throws -> Void) -> String {
            do { try body(); return "" } catch { return "\(error)" }
        }
        #expect(reason { _ = try LookupTable(.tanh, format: .q8_8, domain: (2, -2)) }.contains("lo < hi"))
        #expect(reason { _ = try LookupTable(.tanh, format: .q4_12, domain: (-9, 4)) }.contains("below Q4.12's smallest value"))
        #expect(reason { _ = try LookupTable(.tanh, format: .q8_8, domain: (0, 1), entries: 1000) }.contains("holds only 257"))
        #expect(reason { _ = try LookupTable(.tanh, format: .q8_8, entries: 1) }.contains("expected 2"))
    }

    @Test func anyFormatWorksInSpatiumMode() throws {
        for text in ["q1.7", "q8.0", "q2.6", "q1.15", "q16.0", "q2.30", "q1.63", "q64.0", "q4.60"] {
            let format = try QFormat(parsing: text)
            let table = try LookupTable(.tanh, format: format)
            let report = LUTErrorReport(table: table, scope: .allInputs, sampleCount: 1 << 14)
            #expect(report.isMonotone, "\(text): \(report)")
            // Error bounded by rounding plus curvature of the 1/8 grid (≤ 0.004 in real units).
            #expect(report.maxError <= Swift.max(0.0045, 1.01 * format.lsb), "\(text): \(report) first \(table.values.prefix(4)) last \(table.values.suffix(4)) lo \(table.lowRaw) sp \(table.spacingRaw)")
        }
        let q1_15 = try LookupTable(.sigmoid, format: try QFormat(parsing: "q1.15"))
        #expect(q1_15.entries == 17 && q1_15.domain == (-1, 1))                   // clipped to the range
    }

    @Test func bulkEqualsScalarForEveryBufferType() throws {
        let formats: [QFormat] = [try QFormat(parsing: "q4.4"), .q8_8, .q16_16, .q32_32]
        var rng = SplitMix64(seed: 3)
        let draws = (0..<4096).map { _ in Int64(bitPattern: rng.next()) }
        for format in formats {
            for mode in [LUTMode.spatium, .tinymind(rounding: .roundUp)] where (try? mode.validate(format)) != nil {
                let tables = [try LookupTable(.tanh, format: format, mode: mode), try LookupTable(.sin, format: format, mode: mode)]
                for table in tables {
                    let raws = draws.map { format.saturate($0 >> (64 - format.storageBits)) } + [format.minRaw, format.maxRaw, 0]
                    func check<Raw: FixedWidthInteger & SignedInteger>(_: Raw.Type, _ bulk: (UnsafeBufferPointer<Raw>, UnsafeMutableBufferPointer<Raw>) throws -> Void) throws {
                        let input = raws.map { Raw(clamping: $0) }
                        var output = [Raw](repeating: 0, count: input.count)
                        try input.withUnsafeBufferPointer { i in try output.withUnsafeMutableBufferPointer { try bulk(i, $0) } }
                        for (x, y) in zip(input, output) { #expect(Raw(clamping: table.eval(raw: Int64(x))) == y) }
                    }
                    try check(Int8.self) { try table.eval(raws: $0, into: $1) }
                    try check(Int16.self) { try table.eval(raws: $0, into: $1) }
                    try check(Int32.self) { try table.eval(raws: $0, into: $1) }
                    try check(Int64.self) { try table.eval(raws: $0, into: $1) }
                }
            }
        }
        let table = try LookupTable(.tanh, format: .q8_8)
        let input: [Int16] = [1, 2, 3]
        var output = [Int16](repeating: 0, count: 2)
        #expect(throws: FixedPointError.bufferSizeMismatch(inputCount: 3, outputCount: 2)) {
            try input.withUnsafeBufferPointer { i in try output.withUnsafeMutableBufferPointer { try table.eval(raws: i, into: $0) } }
        }
    }

    @Test func branchFreeKernelEqualsGeneralKernel() throws {
        for function in LUTFunction.allCases where !function.isPeriodic {
            for format in [QFormat.q8_8, try QFormat(parsing: "q4.12")] {
                let table = try LookupTable(function, format: format)
                guard case let .spatium(kernel) = table.kernel else { continue }
                #expect(kernel.isFast)
                kernel.padded.withUnsafeBufferPointer { values in
                    var mismatches = 0
                    for raw in stride(from: format.minRaw, through: format.maxRaw, by: 3)
                    where kernel.lookupFast(raw, table: values.baseAddress!) != kernel.lookupGeneral(raw, table: values.baseAddress!) {
                        mismatches += 1
                    }
                    #expect(mismatches == 0, "\(function) \(format)")
                }
            }
        }
    }

    @Test func realEvaluationAndOddSymmetry() throws {
        let table = try LookupTable(.tanh, format: .q8_8)
        #expect(table.eval(raw: 128) == 118)
        #expect(table.eval(0.5) == 0.4609375)
        for raw in Int64(0)...Int64(2000) { #expect(table.eval(raw: -raw) == -table.eval(raw: raw)) }
        #expect(table.eval(raw: 1_000_000) == table.eval(raw: QFormat.q8_8.maxRaw))   // saturated input
    }

    @Test func derivativeTablesExistForEveryBaseFunction() throws {
        for function in LUTFunction.allCases where function.derivative != nil {
            let derivative = try #require(function.derivative)
            let table = try LookupTable(derivative, format: .q16_16, domain: (-4, 4), entries: 1025)
            // Interior points against a central difference of the exact function.
            for x in stride(from: -3.9, through: 3.9, by: 0.37) where !(function == .log && x <= 0.5) {
                let h = 1e-5
                let difference = (function.exact(x + h) - function.exact(x - h)) / (2 * h)
                #expect(Swift.abs(table.eval(x) - difference) < 2e-3, "\(derivative) at \(x)")
            }
        }
        #expect(throws: FixedPointError.self) { try LUTFunction(name: "cube") }
        #expect(try LUTFunction(name: "GELU_derivative") == .geluDerivative)
    }
}
