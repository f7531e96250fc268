import Testing
@testable import SpatiumRuntime

@Suite struct SweepGridTests {
    static func grid(_ specifications: String...) throws -> SweepGrid {
        var grid = SweepGrid()
        for specification in specifications { try grid.add(specification) }
        return grid
    }

    @Test("the cartesian product in command-line order, first key slowest")
    func order() throws {
        let grid = try SweepGridTests.grid("size=8,16,32", "drive=0.1,0.2")
        #expect(grid.count == 6)
        #expect(grid.keys == ["size", "drive"])
        #expect(grid.points.map(\.directoryName) == ["size=8,drive=0.1", "size=8,drive=0.2", "size=16,drive=0.1",
                                                     "size=16,drive=0.2", "size=32,drive=0.1", "size=32,drive=0.2"])
        #expect(grid.points.map(\.index) == Array(0..<6))
        #expect(grid.point(3)["size"] == "16" && grid.point(3)["drive"] == "0.2")
        #expect(SweepGrid().points.map(\.directoryName) == ["default"])
    }

    @Test("shards partition the points, stably and evenly")
    func shards() throws {
        let grid = try SweepGridTests.grid("a=1,2,3,4,5", "b=x,y")
        for count in 1...12 {
            var seen: [Int] = []
            for shard in 1...count {
                let points = grid.points(shard: shard, of: count)
                #expect(points.allSatisfy { $0.index % count == shard - 1 })
                #expect(points.count == grid.count / count || points.count == grid.count / count + 1)
                seen += points.map(\.index)
            }
            #expect(seen.sorted() == Array(0..<grid.count))
        }
        #expect(grid.points(shard: 2, of: 3).map(\.directoryName) == ["a=1,b=y", "a=3,b=x", "a=4,b=y"])
    }

    @Test("bad specifications say what is wrong", arguments: [
        ("size", "--grid expects key=v1,v2,…, got 'size'"),
        ("=1,2", "--grid expects key=v1,v2,…, got '=1,2'"),
        ("2x=1", "--grid key '2x' is not a valid name (letters, digits, _)"),
        ("a-b=1", "--grid key 'a-b' is not a valid name (letters, digits, _)"),
        ("size=", "--grid size: no values (expected size=v1,v2,…)"),
        ("size=1,,2", "--grid size: empty value in '1,,2'"),
        ("size=1,2,1", "--grid size: value '1' is listed twice"),
        ("path=a/b", "--grid path: value 'a/b' cannot be part of a directory name (no '/' or control characters)"),
        ("name=a\tb", "--grid name: value 'a\tb' cannot be part of a directory name (no '/' or control characters)"),
    ])
    func errors(specification: String, message: String) {
        var grid = SweepGrid()
        #expect(throws: SweepError(message)) { try grid.add(specification) }
    }

    @Test("a key cannot be given twice and a grid cannot explode")
    func limits() throws {
        var grid = try SweepGridTests.grid("a=1,2")
        #expect(throws: SweepError("--grid key 'a' is given twice (list all its values in one --grid a=v1,v2,…)")) {
            try grid.add("a=3")
        }
        let thousand = (0..<1000).map(String.init).joined(separator: ",")
        grid = SweepGrid()
        try grid.add("v=" + thousand)
        try grid.add("w=" + thousand)
        #expect(grid.count == 1_000_000)
        #expect(throws: SweepError("--grid: the sweep would have more than 1000000 points")) {
            try grid.add("z=1,2")
        }
    }
}
