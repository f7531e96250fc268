#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import SpatiumRuntime

@Suite("Activation map statistics")
struct ActivationMapStatisticsTests {
    @Test("a hand-made case: checker map, hits 6 in cell 0 and 2 in cell 1")
    func handMade() throws {
        let map = ActivationLayout.checker(.relu, .tanh).map(forNeuron: 0, seed: 0)
        var hits = ActivationHitCounts()
        hits.record(0, times: 6)   // relu (row 0, column 0)
        hits.record(1, times: 2)   // tanh (row 0, column 1)
        let stats = ActivationMapStatistics(hits: hits, map: map)
        #expect(stats.totalHits == 8)
        #expect(stats.cellHits[0] == 6 && stats.cellHits[1] == 2)
        #expect(stats.deadCells == Array(2..<64))
        let entropy = -(0.75 * log2(0.75) + 0.25 * log2(0.25))   // 0.811278…
        #expect(Swift.abs(stats.entropyBits - entropy) < 1e-12)
        #expect(Swift.abs(stats.normalizedEntropy - entropy / 6) < 1e-12)
        #expect(stats.functionHitShare == ["relu": 0.75, "tanh": 0.25])
        #expect(stats.functionHits == ["relu": 6, "tanh": 2])
        #expect(stats.functionCellCounts == ["relu": 32, "tanh": 32])
        #expect(stats.maximumCellHits == 6)
    }

    @Test("an even spread has 6 bits of entropy and no dead cells")
    func evenSpread() throws {
        let hits = try ActivationHitCounts(cells: Array(repeating: 10, count: 64))
        let map = try ActivationLayout.radial([.gelu, .relu, .leakyReLU(alpha: 0.2)]).map(forNeuron: 0, seed: 0)
        let stats = ActivationMapStatistics(hits: hits, map: map)
        #expect(Swift.abs(stats.entropyBits - 6) < 1e-12)
        #expect(stats.deadCells.isEmpty)
        #expect(stats.functionCellCounts == ["gelu": 4, "relu": 12, "leaky_relu:0.2": 48])
        #expect(stats.functionHitShare["leaky_relu:0.2"] == 0.75)
        #expect(Swift.abs(stats.functionHitShare.values.reduce(0, +) - 1) < 1e-12)
    }

    @Test("no hits: entropy 0, every cell dead, shares 0")
    func noHits() {
        let stats = ActivationMapStatistics(hits: ActivationHitCounts(), map: ActivationMap(uniform: .sine))
        #expect(stats.totalHits == 0)
        #expect(stats.entropyBits == 0)
        #expect(stats.deadCells.count == 64)
        #expect(stats.functionHitShare == ["sine": 0])
        #expect(stats.functionCellCounts == ["sine": 64])
    }

    @Test("all hits in one cell: entropy 0")
    func oneCell() {
        var hits = ActivationHitCounts()
        hits.record(42, times: 1000)
        let stats = ActivationMapStatistics(hits: hits, map: ActivationMap(uniform: .relu))
        #expect(stats.entropyBits == 0)
        #expect(stats.deadCells.count == 63 && !stats.deadCells.contains(42))
    }
}
