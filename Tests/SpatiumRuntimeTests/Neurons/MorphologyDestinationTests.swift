import Testing
@testable import SpatiumRuntime

@Suite("Morphology destination voxels (reference rules)")
struct MorphologyDestinationTests {
    let g = GridVector.init

    @Test func vectorsScaleAndDropOutsideVoxels() {
        let m = Morphology.vectors([GridVector(1, 0, 0), GridVector(0, -1, 1)])
        #expect(m.destinationVoxels(of: g(0, 1, 0), sourceSize: g(3, 3, 2), destinationSize: g(3, 3, 2)) == [g(1, 1, 0), g(0, 0, 1)])
        #expect(m.destinationVoxels(of: g(2, 0, 1), sourceSize: g(3, 3, 2), destinationSize: g(3, 3, 2)) == [])
        #expect(m.destinationVoxels(of: g(0, 0, 0), sourceSize: g(3, 1, 1), destinationSize: g(3, 1, 1), scalar: g(2, 1, 1)) == [g(2, 0, 0)])
        #expect(Morphology.blockToBlock.destinationVoxels(of: g(1, 1, 1), sourceSize: g(2, 2, 2), destinationSize: g(1, 1, 1)) == [])
    }

    @Test func patternsFollowFEAGI() {
        #expect(Morphology.allToAll.destinationVoxels(of: g(1, 0, 0), sourceSize: g(2, 1, 1), destinationSize: g(2, 2, 1))
            == [g(0, 0, 0), g(0, 1, 0), g(1, 0, 0), g(1, 1, 0)])
        let zeroToAll = FEAGICoreMorphologies.builtin(named: "0-0-0_to_all")!
        #expect(zeroToAll.destinationVoxels(of: g(1, 0, 0), sourceSize: g(2, 1, 1), destinationSize: g(2, 1, 1)) == [])
        #expect(zeroToAll.destinationVoxels(of: g(0, 0, 0), sourceSize: g(2, 1, 1), destinationSize: g(2, 1, 1)) == [g(0, 0, 0), g(1, 0, 0)])
        // FEAGI's test_exclude_pattern: ("!", 0, 0) on (3, 1, 1) from (1, 0, 0).
        let exclude = Morphology.patterns([MorphologyPattern(source: [.any, .any, .any], destination: [.notSame, .index(0), .index(0)])])
        #expect(exclude.destinationVoxels(of: g(1, 0, 0), sourceSize: g(3, 1, 1), destinationSize: g(3, 1, 1)) == [g(0, 0, 0), g(2, 0, 0)])
    }

    @Test func projectorScalesEachAxis() {
        let p = Morphology.projector
        // Shrinking 4 → 2: floor(i / 2).
        #expect((0..<4).map { p.destinationVoxels(of: g($0, 0, 0), sourceSize: g(4, 1, 1), destinationSize: g(2, 1, 1))! }
            == [[g(0, 0, 0)], [g(0, 0, 0)], [g(1, 0, 0)], [g(1, 0, 0)]])
        // Growing 2 → 4: every d with floor(d / 2) == i.
        #expect(p.destinationVoxels(of: g(1, 0, 0), sourceSize: g(2, 1, 1), destinationSize: g(4, 1, 1)) == [g(2, 0, 0), g(3, 0, 0)])
        // Axes combine as a product; equal axes are the identity.
        #expect(p.destinationVoxels(of: g(0, 1, 0), sourceSize: g(1, 2, 1), destinationSize: g(2, 2, 1)) == [g(0, 1, 0), g(1, 1, 0)])
        #expect(Morphology.oneToOne.destinationVoxels(of: g(0, 0, 0), sourceSize: g(1, 1, 1), destinationSize: g(1, 1, 1)) == nil)
    }

    @Test func hugeOffsetsFromAGenomeDoNotTrap() {
        let far = Morphology.vectors([GridVector(Int.max, 0, 0)])
        #expect(far.destinationVoxels(of: g(1, 0, 0), sourceSize: g(2, 1, 1), destinationSize: g(2, 1, 1), scalar: g(2, 1, 1)) == [])
        let offset = Morphology.patterns([MorphologyPattern(source: [.any, .any, .any],
                                                            destination: [.offset(Int.max), .range(Int.min, Int.max), .above])])
        #expect(offset.destinationVoxels(of: g(1, 0, 0), sourceSize: g(2, 1, 1), destinationSize: g(2, 1, 1)) == [])
        #expect(PatternElement(json: "?+9223372036854775807") == .offset(Int.max))
        #expect(PatternElement.range(Int.min, Int.max).destinations(source: 3, size: 4) == [0, 1, 2, 3])
    }
}
