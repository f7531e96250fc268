import Testing
@testable import SpatiumRuntime

@Suite("Morphologies")
struct MorphologyTests {
    @Test func namedCoreMorphologiesAreValuesOfTheCases() {
        #expect(Morphology.blockToBlock == .vectors([GridVector(0, 0, 0)]))
        #expect(Morphology.lateral(x: 1) == .vectors([GridVector(1, 0, 0)]))
        #expect(Morphology.lateral(z: -1) == .vectors([GridVector(0, 0, -1)]))
        #expect(Morphology.allToAll == .patterns([MorphologyPattern(source: [.same, .same, .same], destination: [.any, .any, .any])]))
        #expect(Morphology.explicit([(1, 2)]) == .explicit(pairs: [NeuronPair(source: 1, destination: 2)]))
        #expect(Morphology.oneToOne.isNeuronLevel && Morphology.random(k: 1, seed: 0).isNeuronLevel && !Morphology.projector.isNeuronLevel)
    }

    @Test func feagiCoreTableResolvesEveryNameTheGenomesUse() {
        let names = ["block_to_block", "lateral_+x", "lateral_-x", "lateral_+y", "lateral_-y", "lateral_+z", "lateral_-z",
                     "projector", "all_to_all", "0-0-0_to_all", "all_to_0-0-0", "randomizer", "expander_x", "reducer_x",
                     "lateral_pairs_x", "last_to_first", "memory", "episodic_memory", "projector_xy", "projector_xz",
                     "projector_yz", "project_from_end_x", "project_from_end_y", "project_from_end_z", "tile"]
        for name in names { #expect(FEAGICoreMorphologies.builtin(named: name) != nil, "\(name)") }
        #expect(FEAGICoreMorphologies.builtin(named: "lateral_+y") == .lateral(y: 1))
        #expect(FEAGICoreMorphologies.builtin(named: "projector") == .projector)
        #expect(FEAGICoreMorphologies.builtin(named: "0-0-0_to_all") == .patterns([MorphologyPattern(source: [.index(0), .index(0), .index(0)], destination: [.any, .any, .any])]))
        #expect(FEAGICoreMorphologies.builtin(named: "nope") == nil)
        #expect(FEAGICoreMorphologies.name(of: .blockToBlock) == "block_to_block")
        #expect(FEAGICoreMorphologies.name(of: .allToAll) == "all_to_all")
        #expect(FEAGICoreMorphologies.name(of: .vectors([GridVector(2, 0, 0)])) == nil)
    }

    @Test func patternElementsParseAndPrint() {
        let cases: [(String, PatternElement)] = [("*", .any), ("?", .same), ("!", .notSame), ("?+", .above), ("?-", .below),
                                                 ("?+=", .atOrAbove), ("?-=", .atOrBelow), ("?+3", .offset(3)), ("?-2", .offset(-2)),
                                                 ("?-1:?+1", .range(-1, 1)), ("7", .index(7))]
        for (text, element) in cases {
            #expect(PatternElement(json: text) == element)
            #expect(element.jsonText == text)
        }
        #expect(PatternElement(json: "x") == nil)
        #expect(PatternElement(json: "?+") == .above)
        #expect(PatternElement(json: "?1") == nil)
    }

    /// FEAGI's own pattern tests (feagi-core `rules/patterns.rs`), as per-axis destinations.
    @Test func patternDestinationsMatchFEAGI() {
        // test_exclude_pattern: dst ("!", 0, 0) on (3, 1, 1) from (1, 0, 0) → x ∈ {0, 2}
        #expect(PatternElement.notSame.destinations(source: 1, size: 3) == [0, 2])
        // test_wildcard_pattern: ("?", "?", 1) on (10, 10, 10) from (5, 5, 0) → (5, 5, 1)
        #expect(PatternElement.same.destinations(source: 5, size: 10) == [5])
        #expect(PatternElement.index(1).destinations(source: 0, size: 10) == [1])
        // direction tests
        #expect(PatternElement.above.destinations(source: 3, size: 8) == [4, 5, 6, 7])
        #expect(PatternElement.below.destinations(source: 3, size: 8) == [0, 1, 2])
        #expect(PatternElement.atOrAbove.destinations(source: 2, size: 6) == [2, 3, 4, 5])
        #expect(PatternElement.atOrBelow.destinations(source: 2, size: 6) == [0, 1, 2])
        #expect(PatternElement.offset(2).destinations(source: 3, size: 10) == [5])
        #expect(PatternElement.offset(-4).destinations(source: 3, size: 10) == [])
        #expect(PatternElement.range(-1, 1).destinations(source: 0, size: 4) == [0, 1])
        #expect(PatternElement.same.destinations(source: 12, size: 10) == [])
        #expect(PatternElement.index(0).matchesSource(0) && !PatternElement.index(0).matchesSource(1) && PatternElement.any.matchesSource(9))
    }

    @Test func descriptionsAndProblems() {
        #expect(Morphology.blockToBlock.description == "block_to_block")
        #expect(Morphology.allToAll.description == "all_to_all")
        #expect(Morphology.lateral(x: 1).description == "vectors[(1, 0, 0)]")
        #expect(Morphology.random(k: 4, seed: 9).description == "random(k: 4, seed: 9)")
        #expect(Morphology.patterns([MorphologyPattern(source: [.index(0), .any, .same], destination: [.notSame, .index(2), .any])]).description
            == "patterns[[0,*,?]→[!,2,*]]")
        #expect(Morphology.composite(seed: GridVector(0, 1, 1), pattern: [[1, 0], [1, 0], [1, 0]], mapper: "projector")
            .problem(sourceCount: 1, destinationCount: 1)?.contains("seed") == true)
        #expect(Morphology.function("").problem(sourceCount: 1, destinationCount: 1) != nil)
        #expect(Morphology.explicit([(-1, 0)]).problem(sourceCount: 1, destinationCount: 1)?.contains("source index -1") == true)
        #expect(Morphology.projector.problem(sourceCount: 0, destinationCount: 0) == nil)
    }
}
