import Testing
@testable import SpatiumRuntime

/// The shared benchmark model (reference/peers/MODEL.md) in Spatium's dense mode.
enum BenchmarkModel {
    /// Builds the model; `partners` (peers' numbering, `post·K + k`) or seeded random in-degree K.
    static func build(width: Int, height: Int, depth: Int, k: Int, constant: Float, uniform: Float,
                      partners: [Int32]?, threads: Int = 1) throws -> (Brain, BurstEngine, CorticalArea) {
        let brain = Brain(seed: 1)
        let parameters = NeuronParameters(
            threshold: .linear(base: 1, x: 1 / Float(width), y: 0.25 / Float(height), z: 0.25 / Float(depth)),
            thresholdLimit: .uniform(1.8), leak: .uniform(0.1), refractory: 2, mpAccumulation: true)
        let area = try brain.addArea(name: "grid", width: width, height: height, depth: depth, parameters: parameters)
        let morphology: Morphology
        if let partners {
            func local(_ peer: Int) -> Int {
                let x = peer % width, y = (peer / width) % height, z = peer / (width * height)
                return (x * height + y) * depth + z
            }
            var pairs: [(Int, Int)] = []
            pairs.reserveCapacity(partners.count)
            for (n, source) in partners.enumerated() { pairs.append((local(Int(source)), local(n / k))) }
            morphology = .explicit(pairs)
        } else {
            morphology = .random(k: k, seed: 1)
        }
        try brain.connect("grid", "grid", morphology: morphology, weight: 0.05, psp: 1)
        let engine = BurstEngine(brain: brain, dynamics: .dense, threads: threads)
        engine.setDrive(BackgroundDrive(constant: constant, uniform: uniform), for: area)
        return (brain, engine, area)
    }
}

@Suite struct BenchmarkModelTests {
    @Test(arguments: [1, 2])
    func exactnessCheckMatchesEveryPeer(threads: Int) throws {
        let bytes = try GenomeLoader.readFile(Fixtures.root + "/peers/pre_32x32x4_s1.bin")
        #expect(bytes.count == 32 * 32 * 4 * 16 * 4)
        let partners = bytes.withUnsafeBytes { raw in (0..<(bytes.count / 4)).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self) } }
        let (brain, engine, _) = try BenchmarkModel.build(width: 32, height: 32, depth: 4, k: 16, constant: 0.21, uniform: 0,
                                                      partners: partners, threads: threads)
        try engine.run(bursts: 300)
        #expect(engine.totalSpikes == 51_264)
        #expect(engine.synapticEvents == 820_373)
        withExtendedLifetime(brain) {}
    }

    @Test func resultsDoNotDependOnThreadCount() throws {
        var runs: [([UInt32], [Float])] = []
        for threads in [1, 2, 3] {
            let (brain, engine, area) = try BenchmarkModel.build(width: 64, height: 64, depth: 8, k: 16, constant: 0.1, uniform: 0.2,
                                                             partners: nil, threads: threads)
            try engine.run(bursts: 30)
            runs.append((engine.spikeCounts, area.membranePotential))
            withExtendedLifetime(brain) {}
        }
        #expect(runs[0].0.reduce(0, +) > 0)
        for run in runs.dropFirst() {
            #expect(run.0 == runs[0].0)
            #expect(run.1.map(\.bitPattern) == runs[0].1.map(\.bitPattern))
        }
    }
}
