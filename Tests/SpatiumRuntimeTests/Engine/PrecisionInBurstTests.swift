import Testing
@testable import SpatiumRuntime

@Suite struct PrecisionInBurstTests {
    func area(_ brain: Brain, _ name: String, count: Int = 1, threshold: Float, leak: Float = 0, acc: Bool = true) throws -> CorticalArea {
        try brain.addArea(name: name, width: count, height: 1, depth: 1,
                          parameters: NeuronParameters(threshold: .uniform(threshold), leak: .uniform(leak), mpAccumulation: acc))
    }

    @Test func potentialsAddSaturatingInTheFormat() throws {
        let brain = Brain(seed: 1)
        let a = try area(brain, "q", count: 2, threshold: 100)
        #expect(try brain.engine.setPrecision(.fixed(.q8_8, .spatium), for: a).isEmpty)
        brain.engine.inject(area: a, local: 0, value: 1.3)     // rounds to 333/256
        brain.engine.inject(area: a, local: 1, value: -100)
        try brain.step()
        brain.engine.inject(area: a, local: 1, value: -100)    // -200 saturates at -32768/256
        try brain.step()
        let state = try #require(brain.engine.fixedPointState(of: a))
        #expect(state.potential == [333, -32768])
        #expect(a.membranePotential == [333.0 / 256, -128])
        let high = try area(brain, "high", threshold: 1000)
        let warnings = try brain.engine.setPrecision(.fixed(.q8_8, .spatium), for: high)
        #expect(warnings.first?.contains("outside Q8.8's range") == true)
        #expect(brain.engine.precision(of: a) == .fixed(.q8_8, .spatium))
    }

    @Test func thresholdAndLeakAreHeldInTheFormat() throws {
        let brain = Brain(seed: 1)
        let a = try area(brain, "q", count: 1, threshold: 2, leak: 0.1)
        try brain.engine.setPrecision(.fixed(.q8_8, .spatium), for: a)
        brain.engine.inject(area: a, local: 0, value: 1.5)
        try brain.step()
        // v = 384; leak: 384 · 230 / 256 = 345 (round to nearest even)
        #expect(brain.engine.fixedPointState(of: a)!.potential == [345])
        brain.engine.inject(area: a, local: 0, value: 0.66)     // 169 → v = 514 ≥ 512 fires
        try brain.step()
        #expect(brain.engine.fired(in: a) == [0])
        #expect(brain.engine.firedPotentials(in: a) == [514.0 / 256])
        #expect(brain.engine.fixedPointState(of: a)!.potential == [0])
    }

    @Test func floatAreasDriveFixedAreasWithRoundedContributions() throws {
        let brain = Brain(seed: 1)
        let source = try area(brain, "float", threshold: 1, acc: false)
        let target = try area(brain, "fixed", threshold: 100)
        try brain.connect("float", "fixed", morphology: .oneToOne, weight: 0.3, psp: 1)
        try brain.engine.setPrecision(.fixed(.q8_8, .tinymind(rounding: .truncate)), for: target)
        brain.engine.inject(area: source, local: 0, value: 2)
        try brain.run(bursts: 2)
        #expect(brain.engine.fixedPointState(of: target)!.potential == [77]) // 0.3 · 256 = 76.8 → 77
    }

    @Test(arguments: ["spatium", "tinymind"])
    func lookupTableActivationMatchesFloatWithinTheTableError(mode: String) throws {
        let brain = Brain(seed: 1)
        let inputs: [Float] = (0..<40).map { Float($0) * 0.15 - 3 }
        let float = try area(brain, "float", count: inputs.count, threshold: 100)
        let fixed = try area(brain, "fixed", count: inputs.count, threshold: 100)
        for a in [float, fixed] { try brain.engine.setActivation(.uniform(.tanh), for: a) }
        let lutMode = try LUTMode(parsing: mode)
        try brain.engine.setPrecision(.fixed(.q8_8, lutMode), for: fixed)
        for (i, x) in inputs.enumerated() {
            brain.engine.inject(area: float, local: i, value: x)
            brain.engine.inject(area: fixed, local: i, value: x)
        }
        try brain.step()
        let report = try LUTErrorReport(function: .tanh, format: .q8_8, mode: lutMode)
        // Input rounding (½ LSB, slope ≤ 1) plus the table's own worst error.
        let bound = Float((report.maxErrorLSB + 1) * QFormat.q8_8.lsb)
        for i in inputs.indices {
            #expect(abs(fixed.membranePotential[i] - float.membranePotential[i]) <= bound, "x = \(inputs[i])")
        }
        #expect(brain.engine.activation(of: fixed)!.hits.total == UInt64(inputs.count))
    }

    @Test func unsupportedTinyMindFormatIsRefused() throws {
        let brain = Brain(seed: 1)
        let a = try area(brain, "q", threshold: 1)
        #expect(throws: (any Error).self) { try brain.engine.setPrecision(.fixed(try QFormat(parsing: "q2.6"), .tinymind(rounding: .truncate)), for: a) }
        #expect(brain.engine.precision(of: a) == .float32)
    }
}
