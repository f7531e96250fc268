import Testing
@testable import SpatiumRuntime

@Suite struct SynapseMatrixTests {
    @Test("rows are sorted by target, and a single shared contribution is recognised bit for bit")
    func uniformContribution() {
        let uniform = SynapseMatrix(neuronCount: 3, synapses: [(0, 2, 0.05), (0, 1, 0.05), (2, 0, 0.05)])
        #expect(uniform.targets(of: 0) == [1, 2] && uniform.outDegree(of: 1) == 0)
        #expect(uniform.uniformContribution == 0.05)
        #expect(SynapseMatrix(neuronCount: 2, synapses: [(0, 1, 0.05), (1, 0, 0.5)]).uniformContribution == nil)
        #expect(SynapseMatrix(neuronCount: 2, synapses: [(0, 1, 0.0), (1, 0, -0.0)]).uniformContribution == nil)
        #expect(SynapseMatrix(neuronCount: 4).uniformContribution == nil)
    }

    @Test("the engine's uniform-weight delivery gives exactly what per-synapse weights give", arguments: [1, 2])
    func uniformDeliveryMatchesGeneral(threads: Int) throws {
        var runs: [([UInt32], [UInt32])] = []
        for general in [false, true] {
            let (brain, engine, area) = try BenchmarkModel.build(width: 64, height: 64, depth: 8, k: 16, constant: 0.1,
                                                             uniform: 0.2, partners: nil, threads: threads)
            try engine.run(bursts: 1)
            #expect(engine.uniformContribution == 0.05)
            if general { engine.uniformContribution = nil }   // per-synapse weights from here on
            try engine.run(bursts: 40)
            runs.append((engine.spikeCounts, area.membranePotential.map(\.bitPattern)))
            withExtendedLifetime(brain) {}
        }
        #expect(runs[0].0.reduce(0, +) > 1000)
        #expect(runs[0].0 == runs[1].0)
        #expect(runs[0].1 == runs[1].1)
    }
}
