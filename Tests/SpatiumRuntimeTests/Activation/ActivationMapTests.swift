import Testing
@testable import SpatiumRuntime

@Suite("Activation map selection and activation")
struct ActivationMapTests {
    static let mixedMap = ActivationLayout.mixedMapForTests

    @Test("cells come from bits 0–2 (column) and 8–10 (row)")
    func cellBits() {
        #expect(ActivationMap.cell(forHash: 0) == 0)
        #expect(ActivationMap.cell(forHash: 0x0305) == 3 * 8 + 5)
        #expect(ActivationMap.cell(forHash: 0x0707) == 63)
        // Bits 3–7 and 11–63 do not matter.
        #expect(ActivationMap.cell(forHash: 0xFFFF_FFFF_FFFF_F8F8) == 0)
        #expect(ActivationMap.cell(forHash: 0xABCD_EF01_2345_6305 | 0xF8) == ActivationMap.cell(forHash: 0x0305))
        #expect(ActivationMap.cell(row: 3, column: 5) == 29)
        #expect(ActivationMap.cell(row: 8, column: 0) == nil)
        #expect(ActivationMap.cell(row: 0, column: -1) == nil)
    }

    @Test("selection is deterministic; equal low 3 bits give the same column, bits 8–10 the row")
    func selection() {
        let map = Self.mixedMap
        var generator = SplitMix64(seed: 11)
        for _ in 0..<1000 {
            let hash = generator.next()
            let cell = map.select(hash)
            #expect(map.select(hash) == cell)
            #expect(cell % 8 == Int(hash & 7))
            #expect(cell / 8 == Int((hash >> 8) & 7))
            // Another hash with the same low 3 bits: same column, row from its own bits 8–10.
            let other = (generator.next() & ~0x7) | (hash & 0x7)
            #expect(map.select(other) % 8 == cell % 8)
            #expect(map.select(other) / 8 == Int((other >> 8) & 7))
            #expect(map.function(forHash: hash) == map.cells[cell])
        }
    }

    @Test("function(atRow:column:) and function(atCell:) address the row-major grid")
    func functionLookup() throws {
        var cells = [ActivationFunction](repeating: .relu, count: 64)
        cells[2 * 8 + 6] = .sine
        let map = try ActivationMap(cells: cells)
        #expect(map.function(atRow: 2, column: 6) == .sine)
        #expect(map.function(atCell: 22) == .sine)
        #expect(map.function(atRow: 6, column: 2) == .relu)
        #expect(map.function(atRow: 8, column: 0) == nil)
        #expect(map.function(atRow: 0, column: -1) == nil)
        #expect(map.function(atCell: 64) == nil)
        #expect(map.palette == [.relu, .sine])
        #expect(map.cellCodes[22] == 1 && map.cellCodes[0] == 0)
        #expect(map.cellCountsByFunction == [63, 1])
        #expect(!map.isUniform)
        #expect(ActivationMap(uniform: .gelu).isUniform)
    }

    @Test("a map needs exactly 64 cells")
    func wrongCellCount() {
        #expect(throws: ActivationMapError.wrongCellCount(what: "activation map cells", count: 63)) {
            try ActivationMap(cells: Array(repeating: .relu, count: 63))
        }
        #expect(throws: ActivationMapError.self) { try ActivationMap(cells: Array(repeating: .relu, count: 65)) }
        #expect(ActivationMapError.wrongCellCount(what: "x", count: 3).description.contains("expected exactly 64"))
    }

    @Test("activate applies the selected cell's function and counts the hit")
    func scalarActivate() {
        let map = Self.mixedMap
        var hits = ActivationHitCounts()
        var generator = SplitMix64(seed: 12)
        for step in 0..<500 {
            let hash = generator.next()
            let x = Float(step) / 50 - 5
            let cell = map.select(hash)
            #expect(map.activate(x, hash: hash).bitPattern == map.cells[cell].apply(x).bitPattern)
            #expect(map.derivative(x, hash: hash).bitPattern == map.cells[cell].derivative(x).bitPattern)
            let before = hits[cell]
            _ = map.activate(x, hash: hash, recordingInto: &hits)
            #expect(hits[cell] == before + 1)
        }
        #expect(hits.total == 500)
    }

    @Test("10,000 uniform hashes spread evenly: chi-square over 64 cells < 103.44 (p = 0.001, 63 dof)")
    func chiSquare() {
        let map = Self.mixedMap
        var hits = ActivationHitCounts()
        var generator = SplitMix64(seed: 2026)
        for _ in 0..<10_000 { hits.record(map.select(generator.next())) }
        let expected = 10_000.0 / 64
        let chiSquare = hits.cells.reduce(0.0) { sum, count in
            let difference = Double(count) - expected
            return sum + difference * difference / expected
        }
        #expect(hits.total == 10_000)
        #expect(chiSquare < 103.44, "chi-square \(chiSquare)")
    }

    @Test("bulk activate is bit-identical to scalar and counts the same hits",
          arguments: ActivationMapTests.bulkCases)
    func bulkMatchesScalar(label: String, map: ActivationMap, count: Int, hashSpread: Bool) throws {
        var generator = SplitMix64(seed: UInt64(count))
        let inputs: [Float] = (0..<count).map { ActivationReference.mixedInputs[$0 % ActivationReference.mixedInputs.count] }
        let hashes: [UInt64] = (0..<count).map { _ in hashSpread ? generator.next() : 0x0203 }
        var scalarHits = ActivationHitCounts()
        let expected = zip(inputs, hashes).map { map.activate($0, hash: $1, recordingInto: &scalarHits) }
        var values = inputs
        var hits = ActivationHitCounts()
        try map.activate(&values, hashes: hashes, hits: &hits)
        #expect(hits == scalarHits, "\(label)")
        #expect(zip(values, expected).allSatisfy { ActivationReference.identical($0, $1) }, "\(label)")

        // The buffer form without counting, and the derivative.
        var unrecorded = inputs
        var slopes = inputs
        try unrecorded.withUnsafeMutableBufferPointer { buffer in
            try hashes.withUnsafeBufferPointer { try map.activate(buffer, hashes: $0) }
        }
        try slopes.withUnsafeMutableBufferPointer { buffer in
            try hashes.withUnsafeBufferPointer { try map.derivative(buffer, hashes: $0) }
        }
        #expect(zip(unrecorded, expected).allSatisfy { ActivationReference.identical($0, $1) })
        let expectedSlopes = zip(inputs, hashes).map { map.derivative($0, hash: $1) }
        #expect(zip(slopes, expectedSlopes).allSatisfy { ActivationReference.identical($0, $1) }, "\(label)")
    }

    static let bulkCases: [(String, ActivationMap, Int, Bool)] = [
        ("uniform", ActivationMap(uniform: .gelu), 3001, true),
        ("checker", ActivationLayout.checker(.relu, .tanh).map(forNeuron: 0, seed: 0), 2500, true),
        // Few cheap functions take the blend path (each present function over the whole chunk).
        ("gradient gelu/relu", ActivationLayout.gradient(center: .gelu, edge: .relu).sharedMap!, 5000, true),
        ("three cheap functions", try! ActivationMap(cells: (0..<64).map { [.relu, .hardTanh, .linear][$0 % 3] }), 4500, true),
        ("two cheap functions, one cell only", ActivationLayout.checker(.hardSigmoid, .leakyReLU(alpha: 0.2)).map(forNeuron: 0, seed: 0), 2100, false),
        ("twelve functions", mixedMap, 5000, true),
        ("twelve functions, one cell only", mixedMap, 2100, false),
        ("twelve functions, short", mixedMap, 7, true),
        ("twelve functions, empty", mixedMap, 0, true),
        ("all thirteen", ActivationLayout.allThirteenMapForTests, 4099, true),
    ]

    @Test("bulk with mismatched counts throws and changes nothing")
    func bulkMismatch() {
        var values: [Float] = [1, 2, 3]
        var hits = ActivationHitCounts()
        #expect(throws: ActivationMapError.countMismatch(values: 3, hashes: 2)) {
            try Self.mixedMap.activate(&values, hashes: [1, 2], hits: &hits)
        }
        #expect(values == [1, 2, 3])
        #expect(hits.total == 0)
        #expect(ActivationMapError.countMismatch(values: 3, hashes: 2).description.contains("3 values but 2"))
    }

    @Test("text grid: 8 lines of 8 short names in aligned columns")
    func textGrid() throws {
        let map = ActivationLayout.checker(.relu, .elu(alpha: 1)).map(forNeuron: 0, seed: 0)
        let lines = map.textGrid.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 8)
        #expect(lines[0] == "relu elu  relu elu  relu elu  relu elu")
        #expect(lines[1] == "elu  relu elu  relu elu  relu elu  relu")
        let mixed = Self.mixedMap
        for (row, line) in mixed.textGrid.split(separator: "\n").enumerated() {
            let characters = Array(line)
            for column in 0..<8 {
                // Column c starts at character 5c and holds the short name of cell (row, c).
                let name = mixed.cells[row * 8 + column].shortName
                let start = column * 5
                #expect(String(characters[start..<min(characters.count, start + name.count)]) == name)
            }
        }
        #expect(mixed.description == mixed.textGrid)
    }
}

extension ActivationLayout {
    /// A map holding each of the twelve functions (five or six cells each).
    static let mixedMapForTests: ActivationMap = {
        // A fixed 12-function grid: the twelve functions repeated in order, so that every
        // function is present and the test does not depend on the random layout itself.
        let cells = (0..<64).map { ActivationFunction.twelve[($0 * 5) % 12] }
        return (try? ActivationMap(cells: cells)) ?? ActivationMap(uniform: .relu)
    }()

    /// A map holding all thirteen functions plus two parameter variants.
    static let allThirteenMapForTests: ActivationMap = {
        let functions = ActivationReference.functions
        let cells = (0..<64).map { functions[($0 * 7) % functions.count] }
        return (try? ActivationMap(cells: cells)) ?? ActivationMap(uniform: .relu)
    }()
}
