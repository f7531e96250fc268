import Testing
@testable import SpatiumRuntime

/// Delivery with several workers (spikes split between workers, rows copied into per-owner
/// buckets and added in worker order) against one worker: every target must sum the same
/// contributions in the same order, so potentials agree bit for bit.
@Suite struct SynapticDeliveryTests {
    struct Outcome {
        var fired: [[Int32]] = []
        var potentials: [[UInt32]] = []
        var state: [UInt32] = []
        var events: UInt64 = 0
        var spikeCounts: [UInt32] = []
        var schemes = (oneWorker: 0, targetRanges: 0, buckets: 0)
    }

    /// Over 65,536 events per burst (so delivery runs on every worker), first with most of area
    /// A firing (the target-range scheme), then with a sixth of it firing by injection (the
    /// bucket scheme): random weights, an area B whose psp is divided by out-degree, an `mp_driven_psp`
    /// source, inhibition, and injections that leave non-zero input before delivery.
    static func run(dynamics: Dynamics, threads: Int, uniformWeights: Bool, fused: Bool = false) throws -> Outcome {
        let brain = Brain(seed: 11)
        let a = try brain.addArea(name: "a", width: 64, height: 32, depth: 8, parameters: NeuronParameters(
            threshold: .linear(base: 0.5, x: 0.01, y: 0.005, z: 0), leak: .uniform(0.1), refractory: 1,
            mpAccumulation: true))
        let b = try brain.addArea(name: "b", width: 32, height: 32, depth: 8, parameters: NeuronParameters(
            threshold: .uniform(1.2), leak: .uniform(0.3), refractory: 2, mpAccumulation: true,
            psp: 0.7, pspUniform: uniformWeights))
        let c = try brain.addArea(name: "c", width: 16, height: 16, depth: 8, parameters: NeuronParameters(
            threshold: .uniform(0.9), mpAccumulation: true, mpDrivenPSP: !uniformWeights))
        try brain.connect("a", "b", morphology: .random(k: 12, seed: 1), weight: uniformWeights ? 0.1 : 0.13, psp: 1)
        try brain.connect("a", "a", morphology: .random(k: 40, seed: 2), weight: 0.008, psp: 1)
        if !uniformWeights {
            try brain.connect("b", "a", morphology: .random(k: 6, seed: 3), weight: 0.37, psp: 1, inhibitory: true)
            try brain.connect("c", "a", morphology: .random(k: 20, seed: 4), weight: 0.021, psp: 1)
            try brain.connect("a", "c", morphology: .random(k: 3, seed: 5), weight: 0.3, psp: 1)
        }
        let engine = BurstEngine(brain: brain, dynamics: dynamics, threads: threads)
        if fused { engine.parallelNeuronThreshold = 1_024 } // below the brain's size: one region for delivery and updates
        engine.setDrive(BackgroundDrive(constant: 0.3, uniform: 0.5), for: a)
        var outcome = Outcome()
        for burst in 0..<10 {
            for neuron in stride(from: burst % 5, to: b.count, by: 3) {
                engine.inject(area: b, local: neuron, value: 0.05 * Float(neuron % 7))
            }
            if burst == 4 { engine.setDrive(BackgroundDrive(), for: a) }
            if burst >= 4 {
                // Sparse from here: about one neuron in six of A fires, by injection.
                for neuron in stride(from: burst % 6, to: a.count, by: 6) { engine.inject(area: a, local: neuron, value: 2) }
            }
            try engine.step()
            outcome.fired.append(engine.fired.indices)
            outcome.potentials.append(engine.fired.potentials.map(\.bitPattern))
        }
        outcome.state = (a.membranePotential + b.membranePotential + c.membranePotential).map(\.bitPattern)
        outcome.events = engine.synapticEvents
        outcome.spikeCounts = engine.spikeCounts
        outcome.schemes = engine.deliverySchemes
        withExtendedLifetime(brain) {}
        return outcome
    }

    @Test(arguments: [Dynamics.dense, .feagi], [false, true])
    func everyWorkerCountGivesTheSameBits(dynamics: Dynamics, uniformWeights: Bool) throws {
        let one = try Self.run(dynamics: dynamics, threads: 1, uniformWeights: uniformWeights)
        #expect(one.events / 10 > 65_536, "the case must split delivery (\(one.events / 10) events per burst)")
        for (threads, fused) in [(2, false), (3, false), (2, true), (3, true)] {
            let many = try Self.run(dynamics: dynamics, threads: threads, uniformWeights: uniformWeights, fused: fused)
            let label = "\(dynamics), \(threads) threads, fused \(fused), uniform weights \(uniformWeights)"
            #expect(many.events == one.events, "\(label)")
            #expect(BitComparison.firstDifference(many.spikeCounts, one.spikeCounts) == nil, "spike counts, \(label)")
            #expect(many.schemes.oneWorker < 3, "\(label): \(many.schemes)")
            #expect(many.schemes.targetRanges > 0 && many.schemes.buckets > 0, "both schemes, \(label): \(many.schemes)")
            #expect(BitComparison.firstDifference(many.fired, one.fired) == nil, "fired sets, \(label)")
            #expect(BitComparison.firstDifference(many.potentials, one.potentials) == nil, "fired potentials, \(label)")
            #expect(BitComparison.firstDifference(many.state, one.state) == nil, "membrane potentials, \(label)")
        }
    }

    @Test func bucketsGrowAndKeepOrder() {
        let bucket = DeliveryBucket()
        var writer = bucket.writer()
        var expected: [UInt32] = []
        for round in 0..<5 {
            if writer.count + 703 > writer.capacity { writer = bucket.grow(writer, toHold: 703) }
            for i in 0..<703 {
                writer.targets[writer.count] = UInt32(i)
                writer.values[writer.count] = Float(i) * 0.5
                writer.count += 1
            }
            expected += (0..<703).map(UInt32.init)
            bucket.finish(writer)
            #expect(bucket.count == 703 * (round + 1))
            #expect(bucket.capacity >= bucket.count)
        }
        #expect((0..<bucket.count).map { bucket.targets[$0] } == expected)
        #expect(bucket.values[703 + 701] == 350.5)
        bucket.removeAll()
        #expect(bucket.count == 0 && bucket.writer().count == 0)
    }
}
