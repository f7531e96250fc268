import Testing
@testable import SpatiumRuntime

@Suite("Activation layouts")
struct ActivationLayoutTests {
    /// The grid as 8 strings of 8 characters, one letter per function.
    static func picture(_ map: ActivationMap, _ letters: [ActivationFunction: Character]) -> [String] {
        (0..<8).map { row in
            String((0..<8).map { column in letters[map.cells[row * 8 + column]] ?? "?" })
        }
    }

    @Test("uniform: all 64 cells the same")
    func uniform() {
        let map = ActivationLayout.uniform(.mish).map(forNeuron: 3, seed: 4)
        #expect(map.cells == Array(repeating: .mish, count: 64))
        #expect(map == ActivationMap(uniform: .mish))
    }

    @Test("gradient: the inner 4×4 (rows and columns 2–5) is the centre function")
    func gradient() {
        let map = ActivationLayout.gradient(center: .gelu, edge: .relu).map(forNeuron: 0, seed: 0)
        #expect(Self.picture(map, [.gelu: "G", .relu: "r"]) == [
            "rrrrrrrr",
            "rrrrrrrr",
            "rrGGGGrr",
            "rrGGGGrr",
            "rrGGGGrr",
            "rrGGGGrr",
            "rrrrrrrr",
            "rrrrrrrr",
        ])
    }

    @Test("radial: ring k = ⌊max(|r − 3.5|, |c − 3.5|)⌋ uses f_k, the last repeating")
    func radial() throws {
        let four = try ActivationLayout.radial([.gelu, .tanh, .relu, .sine]).map(forNeuron: 0, seed: 0)
        #expect(Self.picture(four, [.gelu: "0", .tanh: "1", .relu: "2", .sine: "3"]) == [
            "33333333",
            "32222223",
            "32111123",
            "32100123",
            "32100123",
            "32111123",
            "32222223",
            "33333333",
        ])
        let two = try ActivationLayout.radial([.gelu, .tanh]).map(forNeuron: 0, seed: 0)
        #expect(Self.picture(two, [.gelu: "0", .tanh: "1"]) == [
            "11111111", "11111111", "11111111", "11100111",
            "11100111", "11111111", "11111111", "11111111",
        ])
        let extra = try ActivationLayout.radial([.gelu, .tanh, .relu, .sine, .mish]).map(forNeuron: 0, seed: 0)
        #expect(extra == four)
        #expect(try ActivationLayout.radial([.elu(alpha: 1)]).map(forNeuron: 0, seed: 0) == ActivationMap(uniform: .elu(alpha: 1)))
        #expect(throws: ActivationMapError.emptyFunctionList(layout: "radial")) { try ActivationLayout.radial([]) }
    }

    @Test("checker: a where row + column is even")
    func checker() {
        let map = ActivationLayout.checker(.relu, .sine).map(forNeuron: 0, seed: 0)
        let picture = Self.picture(map, [.relu: "a", .sine: "b"])
        #expect(picture[0] == "abababab")
        #expect(picture[1] == "babababa")
        #expect(picture[6] == "abababab")
        #expect(picture[7] == "babababa")
    }

    @Test("stripes: alternating single rows or columns, a first")
    func stripes() {
        let rows = ActivationLayout.stripes(.relu, .tanh, axis: .rows).map(forNeuron: 0, seed: 0)
        #expect(Self.picture(rows, [.relu: "a", .tanh: "b"]) == [
            "aaaaaaaa", "bbbbbbbb", "aaaaaaaa", "bbbbbbbb", "aaaaaaaa", "bbbbbbbb", "aaaaaaaa", "bbbbbbbb",
        ])
        let columns = ActivationLayout.stripes(.relu, .tanh, axis: .columns).map(forNeuron: 0, seed: 0)
        #expect(Self.picture(columns, [.relu: "a", .tanh: "b"]) == Array(repeating: "abababab", count: 8))
    }

    @Test("cells: exactly 64, row-major; other counts rejected")
    func cells() throws {
        let functions = (0..<64).map { ActivationFunction.twelve[$0 % 12] }
        let map = try ActivationLayout.cells(functions).map(forNeuron: 5, seed: 1)
        #expect(map.cells == functions)
        #expect(map.function(atRow: 1, column: 0) == ActivationFunction.twelve[8 % 12])
        for count in [0, 1, 63, 65, 128] {
            #expect(throws: ActivationMapError.wrongCellCount(what: "activation layout 'cells'", count: count)) {
                try ActivationLayout.cells(Array(repeating: .relu, count: count))
            }
        }
    }

    @Test("random: the same (layout seed, caller seed, neuron) gives the same map")
    func randomDeterminism() throws {
        let layout = try ActivationLayout.random(seed: 42)
        let again = try ActivationLayout.random(seed: 42)
        for neuron in [0, 1, 17, 100_000] {
            #expect(layout.map(forNeuron: neuron, seed: 7) == again.map(forNeuron: neuron, seed: 7))
        }
        // A pinned map, so that a change of the derivation is noticed.
        let first = layout.map(forNeuron: 0, seed: 7)
        #expect(first.cells.count == 64)
        #expect(first.cells.allSatisfy { ActivationFunction.twelve.contains($0) })
    }

    @Test("random: neurons, layout seeds and caller seeds all vary the map")
    func randomVariation() throws {
        let layout = try ActivationLayout.random(seed: 42)
        let maps = (0..<200).map { layout.map(forNeuron: $0, seed: 7) }
        #expect(Set(maps).count == 200)
        #expect(layout.map(forNeuron: 0, seed: 7) != layout.map(forNeuron: 0, seed: 8))
        #expect(layout.map(forNeuron: 0, seed: 7) != (try ActivationLayout.random(seed: 43)).map(forNeuron: 0, seed: 7))
        // Every one of the twelve functions turns up, and roughly evenly (64 · 200 draws).
        var counts: [ActivationFunction: Int] = [:]
        for map in maps { for function in map.cells { counts[function, default: 0] += 1 } }
        #expect(Set(counts.keys) == Set(ActivationFunction.twelve))
        let expected = 64.0 * 200 / 12
        let chiSquare = counts.values.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        #expect(chiSquare < 31.26, "chi-square \(chiSquare) over 11 dof (p = 0.001)")
    }

    @Test("random: a restricted set, duplicates weighting, and an empty set rejected")
    func randomSet() throws {
        let layout = try ActivationLayout.random(seed: 1, set: [.relu, .tanh])
        let map = layout.map(forNeuron: 3, seed: 0)
        #expect(Set(map.cells).isSubset(of: [.relu, .tanh]))
        #expect(Set(map.cells).count == 2)
        let weighted = try ActivationLayout.random(seed: 1, set: [.relu, .relu, .relu, .sine])
        var reluCells = 0
        for neuron in 0..<100 { reluCells += weighted.map(forNeuron: neuron, seed: 0).cells.filter { $0 == .relu }.count }
        #expect(Double(reluCells) / 6400 > 0.7 && Double(reluCells) / 6400 < 0.8)
        #expect(throws: ActivationMapError.emptyFunctionList(layout: "random")) {
            try ActivationLayout.random(seed: 1, set: [])
        }
        #expect(ActivationMapError.emptyFunctionList(layout: "random").description.contains("at least one"))
        let tooMany = (0..<300).map { ActivationFunction.leakyReLU(alpha: Float($0) / 1000) }
        #expect(throws: ActivationMapError.tooManyDistinctFunctions(count: 300, limit: 256)) {
            try ActivationLayout.random(seed: 1, set: tooMany)
        }
    }

    @Test("isPerNeuron only for random; shared layouts hand every neuron the same storage")
    func sharing() throws {
        let shared: [ActivationLayout] = [
            .uniform(.relu), .gradient(center: .gelu, edge: .relu), try .radial([.gelu, .tanh]),
            .checker(.relu, .sine), .stripes(.relu, .tanh, axis: .rows),
            try .cells(Array(repeating: .softplus, count: 64)),
        ]
        for layout in shared {
            #expect(!layout.isPerNeuron)
            let first = layout.map(forNeuron: 0, seed: 1)
            let other = layout.map(forNeuron: 123_456, seed: 99)
            #expect(first == other)
            #expect(layout.sharedMap == first)
            let firstStorage = first.cells.withUnsafeBufferPointer { $0.baseAddress }
            let otherStorage = other.cells.withUnsafeBufferPointer { $0.baseAddress }
            #expect(firstStorage == otherStorage, "\(layout): maps do not share storage")
        }
        #expect(try ActivationLayout.random(seed: 0).isPerNeuron)
        #expect(try ActivationLayout.random(seed: 0).sharedMap == nil)
    }

    @Test("layouts compare by kind and describe themselves")
    func equalityAndDescription() throws {
        #expect(ActivationLayout.checker(.relu, .tanh) == .checker(.relu, .tanh))
        #expect(ActivationLayout.checker(.relu, .tanh) != .checker(.tanh, .relu))
        #expect(try ActivationLayout.random(seed: 3) == (try ActivationLayout.random(seed: 3, set: ActivationFunction.twelve)))
        #expect(ActivationLayout.gradient(center: .gelu, edge: .relu).description == "gradient(center: gelu, edge: relu)")
        #expect(ActivationLayout.stripes(.relu, .elu(alpha: 0.5), axis: .columns).description == "stripes(relu, elu:0.5, axis: columns)")
        #expect(try ActivationLayout.random(seed: 3, set: [.relu]).description == "random(seed: 3, set: [relu])")
        if case .gradient(let center, let edge) = ActivationLayout.gradient(center: .gelu, edge: .relu).kind {
            #expect(center == .gelu && edge == .relu)
        } else {
            Issue.record("kind lost the layout")
        }
    }
}
