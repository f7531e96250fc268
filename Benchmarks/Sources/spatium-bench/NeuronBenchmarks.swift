import SpatiumRuntime

/// Area creation and genome loading (run from the repository root: fixtures are read from Tests/).
enum NeuronBenchmarks {
    static func run(_ harness: inout BenchmarkHarness) throws {
        harness.measure("neurons", "create 256×256×64 area (4.2 M neurons), linear gradient", items: 1, unit: "ms") {
            let brain = Brain(seed: 1)
            blackHole(try? brain.addArea(name: "big", width: 256, height: 256, depth: 64,
                                         parameters: NeuronParameters(threshold: .linear(base: 1, x: 0.01, y: 0.02, z: 0.03))))
        }
        harness.rescaleLast(by: 1e-6)
        let path = "Tests/Fixtures/feagi/vision_genome.json"
        let bytes = try GenomeLoader.readFile(path)
        harness.measure("neurons", "load vision_genome.json + create 204,862 neurons", items: 1, unit: "ms") {
            blackHole(try? GenomeLoader.load(bytes: bytes, source: path))
        }
        harness.rescaleLast(by: 1e-6)
    }
}
