import Testing
@testable import SpatiumRuntime

/// The vectorised kernel (`AreaKernel.updateFast`, blocks of 64 and groups of 8, uniform
/// parameters read once, fire limits and snooze) against the one-neuron-at-a-time
/// `updateGeneral`: the same spikes, potentials, countdowns and fire counts, bit for bit.
@Suite struct AreaKernelTests {
    struct State {
        var fired: [[Int32]] = []
        var potentials: [[UInt32]] = []
        var membrane: [UInt32] = []
        var countdown: [Int32] = []
        var fires: [Int32] = []
        var input: [UInt32] = []
    }

    /// Two areas (one with per-neuron threshold, limit and leak, one with uniform ones), random
    /// synapses, a uniform drive on one and injections on the other; sizes that are not
    /// multiples of 8 or 64, and one large enough for two update workers.
    static func run(dynamics: Dynamics, threads: Int, generalOnly: Bool, side: Int, bursts: Int,
                    fireLimits: Bool = false) throws -> State {
        let brain = Brain(seed: 3)
        let varied = NeuronParameters(
            threshold: .linear(base: 0.6, x: 0.05, y: 0.02, z: 0.01).withNoise(sigma: 0.05, seed: 2),
            thresholdLimit: .radial(center: (3, 3, 1), base: 1.6, slope: 0.05),
            leak: .gaussian(center: (2, 2, 1), sigma: 3, base: 0.05, peak: 0.3),
            refractory: 1, consecutiveFireLimit: fireLimits ? 2 : 0, snooze: fireLimits ? 3 : 0, mpAccumulation: true)
        let plain = NeuronParameters(threshold: .uniform(0.7), thresholdLimit: .uniform(0), leak: .uniform(0.2),
                                     refractory: fireLimits ? 0 : 3, consecutiveFireLimit: fireLimits ? 3 : 0,
                                     mpAccumulation: true)
        let a = try brain.addArea(name: "a", width: side, height: side - 2, depth: 7, parameters: varied)
        let b = try brain.addArea(name: "b", width: side - 3, height: side, depth: 5, parameters: plain)
        try brain.connect("a", "b", morphology: .random(k: 6, seed: 4), weight: 0.12, psp: 1)
        try brain.connect("b", "a", morphology: .random(k: 5, seed: 5), weight: 0.09, psp: 1)
        try brain.connect("b", "b", morphology: .random(k: 3, seed: 6), weight: 0.2, psp: 1, inhibitory: true)
        // Driven hard, so that a countdown that ends at the fire limit is followed by a burst in
        // the window (fires only if the count was reset when the countdown ended).
        let pushed = try brain.addArea(name: "pushed", width: side, height: 3, depth: 3, parameters: NeuronParameters(
            threshold: .linear(base: 0.5, x: 0.1), refractory: 1, consecutiveFireLimit: fireLimits ? 2 : 0,
            snooze: fireLimits ? 1 : 0, mpAccumulation: true))
        let engine = BurstEngine(brain: brain, dynamics: dynamics, threads: threads)
        engine.usesGeneralKernelOnly = generalOnly
        engine.parallelNeuronThreshold = 1_024 // split even the small case between the threads
        engine.setDrive(BackgroundDrive(constant: 0.05, uniform: 0.4), for: a)
        engine.setDrive(BackgroundDrive(constant: 0.6, uniform: 0.5), for: pushed)
        var state = State()
        for burst in 0..<bursts {
            for neuron in stride(from: burst % 7, to: b.count, by: 11) {
                engine.inject(area: b, local: neuron, value: 0.3 + Float(neuron % 5) * 0.1)
            }
            try engine.step()
            state.fired.append(engine.fired.indices)
            state.potentials.append(engine.fired.potentials.map(\.bitPattern))
        }
        for area in [a, b, pushed] {
            state.membrane += area.membranePotential.map(\.bitPattern)
            state.countdown += area.refractoryCountdown
            state.fires += area.consecutiveFireCount
        }
        state.input = engine.input.map(\.bitPattern)
        return state
    }

    @Test(arguments: [Dynamics.dense, .feagi], [1, 2])
    func vectorisedKernelMatchesTheGeneralKernel(dynamics: Dynamics, threads: Int) throws {
        for (side, fireLimits) in [(9, false), (40, false), (9, true), (40, true)] {
            let general = try Self.run(dynamics: dynamics, threads: 1, generalOnly: true, side: side, bursts: 40,
                                       fireLimits: fireLimits)
            let fast = try Self.run(dynamics: dynamics, threads: threads, generalOnly: false, side: side, bursts: 40,
                                    fireLimits: fireLimits)
            #expect(general.fired.joined().count > 100, "the case must fire")
            let label = "side \(side), fire limits \(fireLimits), \(dynamics), \(threads) thread(s)"
            #expect(BitComparison.firstDifference(fast.fired, general.fired) == nil, "fired, \(label)")
            #expect(BitComparison.firstDifference(fast.potentials, general.potentials) == nil, "fired potentials, \(label)")
            #expect(BitComparison.firstDifference(fast.membrane, general.membrane) == nil, "membrane potentials, \(label)")
            #expect(BitComparison.firstDifference(fast.countdown, general.countdown) == nil, "refractory countdowns, \(label)")
            #expect(BitComparison.firstDifference(fast.fires, general.fires) == nil, "consecutive fire counts, \(label)")
            #expect(BitComparison.firstDifference(fast.input, general.input) == nil, "input buffer, \(label)")
        }
    }

    @Test func uniformityFollowsTheParameterArrays() throws {
        let area = try CorticalArea(name: "u", width: 4, height: 4, depth: 4,
                                    parameters: NeuronParameters(threshold: .linear(base: 1, x: 0.5, y: 0, z: 0)))
        #expect(area.parameterUniformity == (threshold: false, limit: true, leak: true))
        try area.set(leak: .radial(center: (1, 1, 1), base: 0.1, slope: 0.1))
        #expect(area.parameterUniformity == (threshold: false, limit: true, leak: false))
        try area.set(threshold: .uniform(2))
        #expect(area.parameterUniformity == (threshold: true, limit: true, leak: false))
        area.thresholdLimit[5] = 3   // a direct change of one neuron (as a snapshot restore does)
        #expect(area.parameterUniformity == (threshold: true, limit: false, leak: false))
    }
}
