import Testing
@testable import SpatiumRuntime

@Suite("Activation dispatch plans (bulk map evaluation)")
struct ActivationDispatchTests {
    /// Shared maps with 2, 3, 4, 5 and 12 functions (peel applies up to 4, then sorts).
    static let sharedMaps: [(String, ActivationMap)] = [
        ("gradient gelu/relu", ActivationLayout.gradient(center: .gelu, edge: .relu).sharedMap!),
        ("checker gelu/tanh", ActivationLayout.checker(.gelu, .tanh).sharedMap!),
        ("radial gelu/tanh/relu", try! ActivationLayout.radial([.gelu, .tanh, .relu]).sharedMap!),
        ("radial 4", try! ActivationLayout.radial([.mish, .sine, .hardSigmoid, .leakyReLU(alpha: 0.1)]).sharedMap!),
        ("five functions", try! ActivationMap(cells: (0..<64).map { [.relu, .tanh, .swish, .elu(alpha: 0.5), .linear][($0 / 3) % 5] })),
        ("twelve functions", ActivationMapTests.mixedMap),
    ]
    static let lengths = [0, 1, 7, 9, 2047, 2048 + 13, 5000]

    @Test("every plan gives the scalar path's bits and hits, for values and derivatives",
          arguments: sharedMaps.map(\.0), ActivationDispatch.Plan.allCases)
    func everyPlanIsExact(mapName: String, plan: ActivationDispatch.Plan) throws {
        let map = try #require(Self.sharedMaps.first { $0.0 == mapName }?.1)
        for length in Self.lengths {
            var generator = SplitMix64(seed: UInt64(length))
            let inputs = (0..<length).map { ActivationReference.mixedInputs[$0 % ActivationReference.mixedInputs.count] }
            let hashes = (0..<length).map { _ in generator.next() }
            for evaluation in [ActivationFunction.Evaluation.value, .derivative] {
                var expectedHits = [UInt64](repeating: 0, count: ActivationMap.cellCount)
                let expected = zip(inputs, hashes).map { x, hash in
                    expectedHits[ActivationMap.cell(forHash: hash)] += 1
                    return evaluation == .value ? map.activate(x, hash: hash) : map.derivative(x, hash: hash)
                }
                let (values, hits) = Self.dispatch(evaluation, inputs, hashes, palette: map.palette,
                                                   codes: map.cellCodes, stride: 0, plan: plan)
                #expect(hits == expectedHits, "\(mapName) \(plan) n=\(length)")
                #expect(zip(values, expected).allSatisfy { ActivationReference.identical($0, $1) },
                        "\(mapName) \(plan) \(evaluation) n=\(length)")
            }
        }
    }

    @Test("every plan is exact with per-neuron maps (codes by neuron)",
          arguments: ActivationDispatch.Plan.allCases)
    func perNeuronPlans(plan: ActivationDispatch.Plan) throws {
        let sets: [[ActivationFunction]] = [
            [.relu, .gelu], [.tanh, .hardTanh, .sigmoid], [.relu, .tanh, .sigmoid, .gelu],
            [.relu, .tanh, .sigmoid, .gelu, .linear, .mish],
        ]
        for (index, set) in sets.enumerated() {
            let count = 3000
            let bank = try ActivationLayout.random(seed: UInt64(index), set: set).bank(neuronCount: count, seed: 9)
            let maps = try (0..<count).map { try #require(bank.map(forNeuron: $0)) }
            guard case .perNeuron(let palette, let codes) = bank.storage else {
                Issue.record("expected per-neuron storage"); continue
            }
            var generator = SplitMix64(seed: 17)
            let inputs = (0..<count).map { ActivationReference.mixedInputs[$0 % ActivationReference.mixedInputs.count] }
            let hashes = (0..<count).map { _ in generator.next() }
            let expected = (0..<count).map { maps[$0].activate(inputs[$0], hash: hashes[$0]) }
            let (values, hits) = Self.dispatch(.value, inputs, hashes, palette: palette, codes: codes,
                                               stride: ActivationMap.cellCount, plan: plan)
            #expect(hits.reduce(0, +) == UInt64(count))
            #expect(zip(values, expected).allSatisfy { ActivationReference.identical($0, $1) }, "\(set.map(\.name)) \(plan)")
        }
    }

    @Test("no plan writes outside the buffer it is given", arguments: ActivationDispatch.Plan.allCases)
    func staysInsideTheBuffer(plan: ActivationDispatch.Plan) throws {
        for (name, map) in Self.sharedMaps {
            for length in [5, 13, 2051] {
                var storage = [Float](repeating: -7.25, count: length + 32)   // every kept function changes it
                var generator = SplitMix64(seed: 5)
                let hashes = (0..<length).map { _ in generator.next() }
                hashes.withUnsafeBufferPointer { hashBuffer in
                    map.cellCodes.withUnsafeBufferPointer { codes in
                        storage.withUnsafeMutableBufferPointer { buffer in
                            _ = ActivationDispatch.run(
                                .value, values: buffer.baseAddress! + 16, hashes: hashBuffer.baseAddress!,
                                count: length, palette: map.palette, codes: codes.baseAddress!,
                                codeStride: 0, plan: plan)
                        }
                    }
                }
                #expect(storage.prefix(16).allSatisfy { $0 == -7.25 } && storage.suffix(16).allSatisfy { $0 == -7.25 },
                        "\(name) \(plan) n=\(length)")
            }
        }
    }

    @Test("the cost model: ReLU kept in place for a GELU/ReLU gradient, blend for two cheap functions, sort for twelve")
    func costModel() throws {
        // The gradient's shares: 16 GELU cells, 48 ReLU cells.
        let gradient = try #require(ActivationDispatch.plan(palette: [.gelu, .relu], elementsPerCode: [512, 1536]))
        #expect(gradient.plan == .peel)
        #expect(gradient.peelOrder == [.relu, .gelu])
        // Radial rings: ReLU (48 cells) in place, then tanh (12) over the rest, GELU (4) last.
        let radial = try #require(ActivationDispatch.plan(palette: [.gelu, .tanh, .relu], elementsPerCode: [128, 384, 1536]))
        #expect(radial.plan == .peel)
        #expect(radial.peelOrder == [.relu, .tanh, .gelu])
        let cheap = try #require(ActivationDispatch.plan(palette: [.relu, .hardTanh], elementsPerCode: [1024, 1024]))
        #expect(cheap.plan == .blend)
        let twelve = ActivationFunction.twelve
        let mixed = try #require(ActivationDispatch.plan(palette: twelve, elementsPerCode: twelve.map { _ in 170 }))
        #expect(mixed.plan == .sort)
        #expect(ActivationDispatch.plan(palette: [.relu, .gelu], elementsPerCode: [0, 2048]) == nil)
    }

    @Test("compactPositions lists the set flags in order, 8 at a time and in the tail")
    func compactPositions() {
        var generator = SplitMix64(seed: 11)
        for length in Array(0...41) + [2048] {
            for density in [0, 3, 8] {   // eighths of the flags set
                let flags = (0..<length).map { _ in UInt8(generator.next() % 8 < UInt64(density) ? 1 : 0) }
                var positions = [UInt16](repeating: 0, count: length + 8)
                let count = flags.withUnsafeBufferPointer { flagBuffer in
                    positions.withUnsafeMutableBufferPointer {
                        ActivationDispatch.compactPositions(flags: flagBuffer.baseAddress!, length, into: $0.baseAddress!)
                    }
                }
                let expected = flags.indices.filter { flags[$0] == 1 }.map { UInt16($0) }
                #expect(Array(positions.prefix(count)) == expected, "length \(length) density \(density)")
            }
        }
    }

    /// Runs the dispatcher on copies of `inputs` with the given plan.
    static func dispatch(
        _ evaluation: ActivationFunction.Evaluation, _ inputs: [Float], _ hashes: [UInt64],
        palette: [ActivationFunction], codes: [UInt8], stride: Int, plan: ActivationDispatch.Plan
    ) -> ([Float], [UInt64]) {
        var values = inputs
        let hits = hashes.withUnsafeBufferPointer { hashBuffer in
            codes.withUnsafeBufferPointer { codeBuffer in
                values.withUnsafeMutableBufferPointer { buffer in
                    guard let base = buffer.baseAddress, let hashBase = hashBuffer.baseAddress,
                          let codeBase = codeBuffer.baseAddress
                    else { return [UInt64](repeating: 0, count: ActivationMap.cellCount) }
                    return ActivationDispatch.run(
                        evaluation, values: base, hashes: hashBase, count: inputs.count,
                        palette: palette, codes: codeBase, codeStride: stride, plan: plan)
                }
            }
        }
        return (values, hits)
    }
}
