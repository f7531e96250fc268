import Testing
@testable import SpatiumRuntime

@Suite("Activation hit counts")
struct ActivationHitCountsTests {
    @Test("record, subscript, total, add and reset")
    func counting() throws {
        var hits = ActivationHitCounts()
        #expect(hits.cells.count == 64 && hits.total == 0)
        hits.record(5)
        hits.record(5)
        hits.record(63, times: 10)
        #expect(hits[5] == 2 && hits[63] == 10 && hits[0] == 0)
        #expect(hits[row: 0, column: 5] == 2)
        #expect(hits[row: 7, column: 7] == 10)
        #expect(hits.total == 12)
        var other = ActivationHitCounts()
        other.record(5)
        hits.add(other)
        #expect(hits[5] == 3)
        hits.reset()
        #expect(hits.total == 0 && hits == ActivationHitCounts())
    }

    @Test("indices outside the grid are ignored on record and read as 0")
    func outOfRange() {
        var hits = ActivationHitCounts()
        hits.record(-1)
        hits.record(64)
        hits.record(Int.max, times: 3)
        #expect(hits.total == 0)
        #expect(hits[64] == 0 && hits[-5] == 0)
        #expect(hits[row: 8, column: 0] == 0 && hits[row: 0, column: 8] == 0)
    }

    @Test("restoring from 64 counters; other lengths are an error")
    func restore() throws {
        let counters = (0..<64).map { UInt64($0) }
        let hits = try ActivationHitCounts(cells: counters)
        #expect(hits[10] == 10 && hits.total == 2016)
        #expect(throws: ActivationMapError.wrongCellCount(what: "activation hit counts", count: 3)) {
            try ActivationHitCounts(cells: [1, 2, 3])
        }
    }

    @Test("counters wrap instead of trapping")
    func wrapping() throws {
        var hits = try ActivationHitCounts(cells: [UInt64.max] + Array(repeating: 0, count: 63))
        hits.record(0)
        #expect(hits[0] == 0)
    }
}
