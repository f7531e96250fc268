import Testing
@testable import SpatiumRuntime

@Suite("Activation map banks")
struct ActivationMapBankTests {
    @Test("a shared layout's bank stores one map, whatever the neuron count")
    func sharedBankIsSmall() throws {
        let layout = ActivationLayout.gradient(center: .gelu, edge: .relu)
        let small = try layout.bank(neuronCount: 10, seed: 0)
        let large = try layout.bank(neuronCount: 1_000_000, seed: 0)
        #expect(small.isShared && large.isShared)
        #expect(small.storageByteCount == large.storageByteCount)
        #expect(large.storageByteCount < 64 * 20)
        #expect(large.sharedMap == layout.sharedMap)
        #expect(large.map(forNeuron: 999_999) == layout.sharedMap)
        #expect(large.map(forNeuron: 1_000_000) == nil)
        #expect(large.palette == [.relu, .gelu])
    }

    @Test("a random layout's bank stores 64 one-byte codes per neuron and reproduces each map")
    func randomBank() throws {
        let layout = try ActivationLayout.random(seed: 77)
        let bank = try layout.bank(neuronCount: 300, seed: 5)
        #expect(!bank.isShared && bank.sharedMap == nil)
        guard case .perNeuron(let palette, let codes) = bank.storage else {
            Issue.record("expected per-neuron storage")
            return
        }
        #expect(codes.count == 300 * 64)
        #expect(palette == ActivationFunction.twelve)
        #expect(bank.storageByteCount == 300 * 64 + 12 * MemoryLayout<ActivationFunction>.stride)
        for neuron in [0, 1, 150, 299] {
            let map = try #require(bank.map(forNeuron: neuron))
            #expect(map == layout.map(forNeuron: neuron, seed: 5))
            var generator = SplitMix64(seed: UInt64(neuron))
            for _ in 0..<20 {
                let hash = generator.next()
                #expect(bank.function(forNeuron: neuron, hash: hash) == map.function(forHash: hash))
            }
        }
        #expect(bank.map(forNeuron: -1) == nil && bank.map(forNeuron: 300) == nil)
        #expect(bank.function(forNeuron: 300, hash: 0) == nil)
    }

    @Test("bulk bank activation equals each neuron's own map, with hits, from any first neuron")
    func bulkBank() throws {
        let layout = try ActivationLayout.random(seed: 8, set: [.relu, .tanh, .sigmoid, .gelu, .linear])
        let bank = try layout.bank(neuronCount: 5000, seed: 2)
        try Self.checkBulk(bank: bank, first: 700, count: 3000)
        // One function only, and a palette larger than the 64 cells of any one map.
        try Self.checkBulk(bank: ActivationLayout.random(seed: 1, set: [.elu(alpha: 0.3)]).bank(neuronCount: 3000, seed: 0), first: 10, count: 2500)
        // Per-neuron maps of two cheap functions take the blend path.
        try Self.checkBulk(bank: ActivationLayout.random(seed: 4, set: [.relu, .hardTanh]).bank(neuronCount: 4000, seed: 1), first: 5, count: 3500)
        try Self.checkBulk(bank: ActivationLayout.random(seed: 5, set: [.relu, .gelu]).bank(neuronCount: 4000, seed: 1), first: 0, count: 4000)
        let many = (0..<100).map { ActivationFunction.leakyReLU(alpha: Float($0) / 100) }
        try Self.checkBulk(bank: ActivationLayout.random(seed: 2, set: many).bank(neuronCount: 3000, seed: 0), first: 0, count: 3000)
    }

    static func checkBulk(bank: ActivationMapBank, first: Int, count: Int) throws {
        var generator = SplitMix64(seed: 3)
        let inputs: [Float] = (0..<count).map { ActivationReference.mixedInputs[$0 % ActivationReference.mixedInputs.count] }
        let hashes: [UInt64] = (0..<count).map { _ in generator.next() }
        var expectedHits = ActivationHitCounts()
        var expected: [Float] = []
        for index in 0..<count {
            let map = try #require(bank.map(forNeuron: first + index))
            expected.append(map.activate(inputs[index], hash: hashes[index], recordingInto: &expectedHits))
        }
        var values = inputs
        var hits = ActivationHitCounts()
        try values.withUnsafeMutableBufferPointer { buffer in
            try hashes.withUnsafeBufferPointer { try bank.activate(buffer, hashes: $0, firstNeuron: first, hits: &hits) }
        }
        #expect(hits == expectedHits)
        #expect(zip(values, expected).allSatisfy { ActivationReference.identical($0, $1) })

        var slopes = inputs
        try slopes.withUnsafeMutableBufferPointer { buffer in
            try hashes.withUnsafeBufferPointer { try bank.derivative(buffer, hashes: $0, firstNeuron: first) }
        }
        for index in stride(from: 0, to: count, by: 37) {
            let map = try #require(bank.map(forNeuron: first + index))
            #expect(ActivationReference.identical(slopes[index], map.derivative(inputs[index], hash: hashes[index])))
        }
    }

    @Test("a shared bank's bulk activation equals the map's")
    func sharedBulk() throws {
        let map = ActivationLayout.checker(.swish, .hardTanh).map(forNeuron: 0, seed: 0)
        let bank = try ActivationMapBank(shared: map, neuronCount: 2000)
        let inputs = Array(ActivationReference.mixedInputs.prefix(2000))
        var generator = SplitMix64(seed: 4)
        let hashes = (0..<2000).map { _ in generator.next() }
        var viaBank = inputs
        var viaMap = inputs
        var bankHits = ActivationHitCounts()
        var mapHits = ActivationHitCounts()
        try viaBank.withUnsafeMutableBufferPointer { buffer in
            try hashes.withUnsafeBufferPointer { try bank.activate(buffer, hashes: $0, hits: &bankHits) }
        }
        try map.activate(&viaMap, hashes: hashes, hits: &mapHits)
        #expect(bankHits == mapHits)
        #expect(zip(viaBank, viaMap).allSatisfy { ActivationReference.identical($0, $1) })
    }

    @Test("neurons outside the bank, mismatched counts and bad neuron counts are errors")
    func errors() throws {
        let bank = try ActivationLayout.uniform(.relu).bank(neuronCount: 10, seed: 0)
        var values: [Float] = [1, 2, 3]
        var hits = ActivationHitCounts()
        let hashes: [UInt64] = [1, 2, 3]
        for first in [-1, 8, Int.max] {
            #expect(throws: ActivationMapError.neuronsOutOfRange(first: first, count: 3, neuronCount: 10)) {
                try values.withUnsafeMutableBufferPointer { buffer in
                    try hashes.withUnsafeBufferPointer { try bank.activate(buffer, hashes: $0, firstNeuron: first, hits: &hits) }
                }
            }
        }
        #expect(throws: ActivationMapError.countMismatch(values: 3, hashes: 2)) {
            try values.withUnsafeMutableBufferPointer { buffer in
                try [UInt64(1), 2].withUnsafeBufferPointer { try bank.activate(buffer, hashes: $0, hits: &hits) }
            }
        }
        #expect(values == [1, 2, 3] && hits.total == 0)
        #expect(throws: ActivationMapError.invalidNeuronCount(-1)) {
            try ActivationLayout.uniform(.relu).bank(neuronCount: -1, seed: 0)
        }
        #expect(throws: ActivationMapError.invalidNeuronCount(-5)) {
            try ActivationMapBank(shared: ActivationMap(uniform: .relu), neuronCount: -5)
        }
        let message = ActivationMapError.neuronsOutOfRange(first: 8, count: 3, neuronCount: 10).description
        #expect(message.contains("8..<11") && message.contains("0..<10"))
    }

    @Test("restoring from palette and codes validates lengths and codes")
    func restore() throws {
        let codes = [UInt8](repeating: 1, count: 128)
        let bank = try ActivationMapBank(palette: [.relu, .tanh], cellCodes: codes, neuronCount: 2)
        #expect(bank.map(forNeuron: 1) == ActivationMap(uniform: .tanh))
        #expect(throws: ActivationMapError.wrongCodeCount(count: 127, neuronCount: 2)) {
            try ActivationMapBank(palette: [.relu, .tanh], cellCodes: Array(codes.dropLast()), neuronCount: 2)
        }
        var bad = codes
        bad[70] = 2
        #expect(throws: ActivationMapError.invalidCellCode(position: 70, code: 2, paletteCount: 2)) {
            try ActivationMapBank(palette: [.relu, .tanh], cellCodes: bad, neuronCount: 2)
        }
        #expect(ActivationMapError.wrongCodeCount(count: 127, neuronCount: 2).description.contains("2 × 64 = 128"))
        #expect(ActivationMapError.invalidCellCode(position: 70, code: 2, paletteCount: 2).description.contains("0..<2"))
    }

    @Test("a bank from per-neuron maps shares storage when they are equal")
    func fromMaps() throws {
        let map = ActivationLayout.checker(.relu, .tanh).map(forNeuron: 0, seed: 0)
        let same = try ActivationMapBank(maps: Array(repeating: map, count: 50))
        #expect(same.isShared && same.neuronCount == 50)
        let layout = try ActivationLayout.random(seed: 9)
        let maps = (0..<20).map { layout.map(forNeuron: $0, seed: 0) }
        let mixed = try ActivationMapBank(maps: maps)
        #expect(!mixed.isShared)
        for (neuron, expected) in maps.enumerated() { #expect(mixed.map(forNeuron: neuron) == expected) }
        #expect(try ActivationMapBank(maps: []).neuronCount == 0)
        let tooMany = (0..<300).map { ActivationMap(uniform: .leakyReLU(alpha: Float($0) / 1000)) }
        #expect(throws: ActivationMapError.tooManyDistinctFunctions(count: 257, limit: 256)) {
            try ActivationMapBank(maps: tooMany)
        }
        #expect(throws: ActivationMapError.tooManyDistinctFunctions(count: 300, limit: 256)) {
            try ActivationMapBank(palette: tooMany.map { $0.palette[0] }, cellCodes: [], neuronCount: 0)
        }
        #expect(ActivationMapError.tooManyDistinctFunctions(count: 300, limit: 256).description.contains("at most 256"))
    }
}
