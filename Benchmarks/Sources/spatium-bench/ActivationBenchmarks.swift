import SpatiumRuntime

/// Bulk activation per function, and activation-map selection + apply over plain apply.
enum ActivationBenchmarks {
    static func run(_ harness: inout BenchmarkHarness) throws {
        let count = 1 << 20
        var rng = SplitMix64(seed: 42)
        let inputs = (0..<count).map { _ in Float(SplitMix64.unitDouble(rng.next()) * 12 - 6) }
        var values = inputs
        let hashes = (0..<count).map { _ in rng.next() }
        let functions: [ActivationFunction] = [.relu, .leakyReLU(alpha: 0.01), .sigmoid, .tanh, .gelu, .swish, .mish,
                                               .elu(alpha: 1), .softplus, .hardSigmoid, .hardTanh, .sine, .linear]
        for f in functions {
            harness.measure("activation", "apply \(f.name), 1 M floats", items: count) {
                values.withUnsafeMutableBufferPointer { buffer in
                    _ = inputs.withUnsafeBufferPointer { buffer.baseAddress!.update(from: $0.baseAddress!, count: count) }
                    f.apply(to: buffer)
                }
            }
        }
        let maps: [(String, ActivationMap)] = [
            ("uniform gelu map", ActivationMap(uniform: .gelu)),
            ("gradient gelu/relu map", try ActivationLayout.gradient(center: .gelu, edge: .relu).sharedMap.unwrap()),
            ("random 12-function map", try ActivationLayout.random(seed: 7).map(forNeuron: 0, seed: 1)),
        ]
        for (name, map) in maps {
            var hits = ActivationHitCounts()
            harness.measure("activation", "map select + apply, \(name)", items: count) {
                values.withUnsafeMutableBufferPointer { buffer in
                    _ = inputs.withUnsafeBufferPointer { buffer.baseAddress!.update(from: $0.baseAddress!, count: count) }
                    hashes.withUnsafeBufferPointer { try? map.activate(buffer, hashes: $0, hits: &hits) }
                }
            }
        }
        blackHole(values)
    }
}

extension Optional {
    struct Missing: Error {}
    func unwrap() throws -> Wrapped {
        guard let value = self else { throw Missing() }
        return value
    }
}
