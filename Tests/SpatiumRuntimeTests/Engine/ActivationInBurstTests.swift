import Testing
@testable import SpatiumRuntime

@Suite struct ActivationInBurstTests {
    func line(_ count: Int, threshold: Float = 1, acc: Bool = true) throws -> (Brain, CorticalArea) {
        let brain = Brain(seed: 5)
        let area = try brain.addArea(name: "a", width: count, height: 1, depth: 1,
                                     parameters: NeuronParameters(threshold: .uniform(threshold), mpAccumulation: acc))
        return (brain, area)
    }

    @Test func uniformMapTransformsTheSummedInput() throws {
        let (brain, area) = try line(3, threshold: 2)
        try brain.engine.setActivation(.uniform(.relu), for: area)
        brain.engine.inject(area: area, local: 0, value: -2)
        brain.engine.inject(area: area, local: 1, value: 3)
        brain.engine.inject(area: area, local: 2, value: 1.5)
        try brain.step()
        #expect(brain.engine.fired(in: area) == [1])
        #expect(area.membranePotential == [0, 0, 1.5]) // relu(-2) = 0; 3 fired; 1.5 below 2
        #expect(brain.engine.activation(of: area)!.hits.total == 3)
    }

    @Test func sigmoidMapInFEAGIModeOnlyTouchesCandidates() throws {
        let (brain, area) = try line(2, threshold: 10)
        try brain.engine.setActivation(.uniform(.sigmoid), for: area)
        brain.engine.inject(area: area, local: 0, value: 0)
        try brain.step()
        #expect(area.membranePotential[0] == 0.5)
        #expect(area.membranePotential[1] == 0) // not a candidate: no input, no activation
        #expect(brain.engine.activation(of: area)!.hits.total == 1)
        brain.dynamics = .dense
        try brain.step()
        #expect(area.membranePotential == [1.0, 0.5]) // dense: every neuron gets sigmoid(0)
    }

    @Test func positionHashPicksTheVoxelsCell() throws {
        let brain = Brain(seed: 1)
        let area = try brain.addArea(name: "grid", width: 4, height: 3, depth: 2,
                                     parameters: NeuronParameters(threshold: .uniform(100), mpAccumulation: true))
        let layout = ActivationLayout.checker(.linear, .relu)
        try brain.engine.setActivation(layout, hash: .position, perNeuronHits: true, for: area)
        for i in 0..<area.count { brain.engine.inject(area: area, local: i, value: -1) }
        try brain.step()
        let map = try #require(layout.sharedMap)
        for i in 0..<area.count {
            let (x, y, z, _) = try #require(area.coordinates(of: i))
            let h = PatternHashSource.positionHash(x: x, y: y, z: z)
            #expect(area.membranePotential[i] == map.function(forHash: h).apply(-1))
            let hits = try #require(brain.engine.activation(of: area)?.neuronHits)
            #expect(hits[i * 64 + ActivationMap.cell(forHash: h)] == 1)
        }
    }

    @Test func sourcesHashIsTheSumOfMixedSourceIndices() throws {
        let brain = Brain(seed: 1)
        let source = try brain.addArea(name: "s", width: 3, height: 1, depth: 1)
        let target = try brain.addArea(name: "t", width: 1, height: 1, depth: 1,
                                       parameters: NeuronParameters(threshold: .uniform(100), mpAccumulation: true))
        try brain.connect("s", "t", morphology: .allToAll, weight: 1, psp: 1)
        try brain.engine.setActivation(.random(seed: 3), hash: .sources, for: target)
        brain.engine.inject(area: source, local: 0, value: 2)
        brain.engine.inject(area: source, local: 2, value: 2)
        try brain.step()
        brain.engine.inject(area: target, local: 0, value: 0.5, pattern: 77)
        try brain.step()
        let h = SplitMix64.mix(UInt64(source.base + 0)) &+ SplitMix64.mix(UInt64(source.base + 2)) &+ SplitMix64.mix(77)
        let hits = try #require(brain.engine.activation(of: target)?.hits)
        #expect(hits[ActivationMap.cell(forHash: h)] == 1)
        let f = try #require(brain.engine.activation(of: target)?.bank.function(forNeuron: 0, hash: h))
        #expect(target.membranePotential[0] == f.apply(2.5))
    }

    @Test func magnitudeHashBucketsTheInput() throws {
        let (brain, area) = try line(2, threshold: 100)
        try brain.engine.setActivation(.random(seed: 9), hash: .magnitude(resolution: 0.5), for: area)
        brain.engine.inject(area: area, local: 0, value: 1.2)
        brain.engine.inject(area: area, local: 1, value: 1.4)
        try brain.step()
        let hits = try #require(brain.engine.activation(of: area)?.hits)
        let h = PatternHashSource.magnitudeHash(1.2, resolution: 0.5)
        #expect(h == PatternHashSource.magnitudeHash(1.4, resolution: 0.5)) // same bucket 2
        #expect(hits[ActivationMap.cell(forHash: h)] == 2)
    }

    @Test("bulk activation of a range gives the bits, spikes and hits of one neuron at a time",
          arguments: [PatternHashSource.sources, .position, .magnitude(resolution: 0.25)])
    func bulkActivationMatchesOneNeuronAtATime(hash: PatternHashSource) throws {
        let layouts: [ActivationLayout] = [
            .gradient(center: .gelu, edge: .relu),                       // shared, peeled
            try .random(seed: 4),                                        // per neuron, sorted
            try .random(seed: 9, set: [.tanh, .relu, .sigmoid]),         // per neuron, few functions
        ]
        for layout in layouts {
            for threads in [1, 2] {
                var outcomes: [([UInt32], [UInt64], [UInt64], UInt64)] = []
                for bulk in [true, false] {
                    let brain = Brain(seed: 3)
                    let area = try brain.addArea(name: "a", width: 40, height: 30, depth: 9,
                                                 parameters: NeuronParameters(threshold: .linear(base: 0.6, x: 0.01), leak: .uniform(0.1),
                                                                              refractory: 1, mpAccumulation: true))
                    try brain.connect("a", "a", morphology: .random(k: 8, seed: 2), weight: 0.12, psp: 1)
                    try brain.engine.setActivation(layout, hash: hash, perNeuronHits: true, for: area)
                    brain.engine.setDrive(BackgroundDrive(constant: 0.05, uniform: 0.3), for: area)
                    brain.engine.parallelNeuronThreshold = 1_000
                    brain.engine.usesBulkActivation = bulk
                    brain.threads = threads
                    try brain.run(bursts: 12)
                    let activation = try #require(brain.engine.activation(of: area))
                    outcomes.append((area.membranePotential.map(\.bitPattern), activation.hits.cells,
                                     (activation.neuronHits ?? []).map(UInt64.init), brain.engine.totalSpikes))
                }
                #expect(outcomes[0].0 == outcomes[1].0, "\(layout) \(hash) threads \(threads): potentials")
                #expect(outcomes[0].1 == outcomes[1].1, "\(layout) \(hash) threads \(threads): hits")
                #expect(outcomes[0].2 == outcomes[1].2 && !outcomes[0].2.isEmpty, "\(layout) \(hash): per-neuron hits")
                #expect(outcomes[0].3 == outcomes[1].3 && outcomes[0].3 > 0, "\(layout) \(hash): spikes")
            }
        }
    }

    @Test func resultsWithMapsDoNotDependOnThreads() throws {
        var runs: [[Float]] = []
        for threads in [1, 2] {
            let brain = Brain(seed: 2)
            let area = try brain.addArea(name: "big", width: 64, height: 32, depth: 32,
                                         parameters: NeuronParameters(threshold: .linear(base: 0.5, x: 0.01), leak: .uniform(0.1), mpAccumulation: true))
            try brain.connect("big", "big", morphology: .random(k: 4, seed: 1), weight: 0.1, psp: 1)
            try brain.engine.setActivation(.gradient(center: .gelu, edge: .tanh), hash: .sources, for: area)
            brain.engine.setDrive(BackgroundDrive(uniform: 0.3), for: area)
            brain.threads = threads
            try brain.run(bursts: 10)
            runs.append(area.membranePotential)
            #expect(brain.engine.activation(of: area)!.hits.total == UInt64(area.count * 10))
        }
        #expect(runs[0].map(\.bitPattern) == runs[1].map(\.bitPattern))
    }
}
