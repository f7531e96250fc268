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
                    inputs.withUnsafeBufferPointer { buffer.baseAddress!.update(from: $0.baseAddress!, count: count) }
                    f.apply(to: buffer)
                }
                blackHole(values)
            }
        }
        let maps: [(String, ActivationMap)] = [
            ("uniform gelu map", ActivationMap(uniform: .gelu)),
            ("gradient gelu/relu map", try ActivationLayout.gradient(center: .gelu, edge: .relu).sharedMap.unwrap()),
            ("stripes sigmoid/relu map", try ActivationLayout.stripes(.sigmoid, .relu, axis: .rows).sharedMap.unwrap()),
            ("radial gelu/tanh/relu map", try ActivationLayout.radial([.gelu, .tanh, .relu]).sharedMap.unwrap()),
            ("checker gelu/tanh map", try ActivationLayout.checker(.gelu, .tanh).sharedMap.unwrap()),
            ("random 12-function map", try ActivationLayout.random(seed: 7).map(forNeuron: 0, seed: 1)),
        ]
        // Each map against the plain bulk apply of the same functions on the same shares of the
        // elements (contiguous runs, no selection): samples interleaved, so the overhead row
        // (map − plain, per sample) is measured in the same moments.
        for (name, map) in maps {
            let mapName = "map select + apply, \(name)"
            let plainName = "plain apply of the same functions, \(name)"
            let overheadName = "map selection overhead over plain apply, \(name)"
            guard harness.wants("activation", mapName) || harness.wants("activation", overheadName) else { continue }
            var runs: [(ActivationFunction, Range<Int>)] = []
            var cellsOf: [ActivationFunction: Int] = [:]
            for cell in 0..<ActivationMap.cellCount { cellsOf[map.function(atCell: cell)!, default: 0] += 1 }
            var start = 0
            for (function, cells) in cellsOf.sorted(by: { $0.key.name < $1.key.name }) {
                let end = start + count * cells / ActivationMap.cellCount
                runs.append((function, start..<end))
                start = end
            }
            if let last = runs.popLast() { runs.append((last.0, last.1.lowerBound..<count)) }
            var hits = ActivationHitCounts()
            func timeMap() -> Double {
                let begin = BenchmarkHarness.now()
                values.withUnsafeMutableBufferPointer { buffer in
                    _ = inputs.withUnsafeBufferPointer { buffer.baseAddress!.update(from: $0.baseAddress!, count: count) }
                    hashes.withUnsafeBufferPointer { try! map.activate(buffer, hashes: $0, hits: &hits) }
                }
                blackHole(values)
                return (BenchmarkHarness.now() - begin) / Double(count)
            }
            func timePlain() -> Double {
                let begin = BenchmarkHarness.now()
                values.withUnsafeMutableBufferPointer { buffer in
                    _ = inputs.withUnsafeBufferPointer { buffer.baseAddress!.update(from: $0.baseAddress!, count: count) }
                    for (function, range) in runs { function.apply(to: UnsafeMutableBufferPointer(rebasing: buffer[range])) }
                }
                blackHole(values)
                return (BenchmarkHarness.now() - begin) / Double(count)
            }
            _ = timeMap(); _ = timePlain()   // warm-up
            var mapTimes: [Double] = [], plainTimes: [Double] = []
            for _ in 0..<harness.samples {
                mapTimes.append(timeMap())
                plainTimes.append(timePlain())
            }
            harness.record("activation", mapName, unit: "ns/element", samples: mapTimes)
            harness.record("activation", plainName, unit: "ns/element", samples: plainTimes)
            harness.record("activation", overheadName, unit: "ns/element (bar < 2)", samples: zip(mapTimes, plainTimes).map { $0 - $1 })
            // The scalar path, one call per element (what the devlog's ~5 ns of selection refers to).
            harness.measure("activation", "map activate element by element (scalar), \(name)", items: count) {
                values.withUnsafeMutableBufferPointer { buffer in
                    inputs.withUnsafeBufferPointer { input in
                        hashes.withUnsafeBufferPointer { hash in
                            for index in 0..<count {
                                buffer[index] = map.activate(input[index], hash: hash[index], recordingInto: &hits)
                            }
                        }
                    }
                }
                blackHole(values)
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
