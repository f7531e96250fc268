import Glibc
import Testing
@testable import SpatiumRuntime

@Suite struct SweepSummaryTests {
    /// Writes a manifest for `point` under `directory` like a point's run would.
    static func finish(_ point: SweepPoint, in directory: String, status: Int32, error: String? = nil,
                       timedOut: Bool = false, results: JSONObject = JSONObject(), seconds: Int64 = 2) throws {
        let pointDirectory = directory + "/" + point.directoryName
        mkdir(pointDirectory, 0o755)
        var manifest = RunManifest(command: ["spatium-script"], outputDirectory: pointDirectory, spatiumVersion: "0.1.0",
                                   luaVersion: "5.4.6", start: RunManifest.Timestamp(seconds: 1_700_000_000),
                                   exitStatus: status, errorMessage: error)
        manifest.timedOut = timedOut
        manifest.results = results
        manifest.end = RunManifest.Timestamp(seconds: 1_700_000_000 + seconds)
        try manifest.write()
    }

    @Test("one row per grid point in grid order with status, seconds, sorted results and the error's first line")
    func rows() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            var grid = SweepGrid()
            try grid.add("n=1,2,3,4,5")
            let points = grid.points
            try SweepSummaryTests.finish(points[0], in: directory, status: 0,
                                         results: JSONObject([("rate", .number(0.25)), ("bursts", .integer(100)),
                                                              ("label", .string("a,b")), ("ok", .bool(true))]))
            try SweepSummaryTests.finish(points[1], in: directory, status: 1, error: "x.lua:2: boom\nstack traceback:\n\t[C]: in ?")
            try SweepSummaryTests.finish(points[2], in: directory, status: 143, error: "stopped after the --timeout of 5 s",
                                         timedOut: true, seconds: 5)
            mkdir(directory + "/n=5", 0o755)
            IOTestSupport.writeFile(directory + "/n=5/manifest.json", Array("{not json".utf8))
            let summary = SweepSummary(grid: grid, directory: directory)
            #expect(summary.rows.map(\.status) == ["ok", "failed", "timeout", "pending", "failed"])
            #expect(summary.count("ok") == 1 && summary.count("pending") == 1)
            #expect(summary.resultKeys == ["bursts", "label", "ok", "rate"])
            let lines = summary.csv.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines[0] == "point,n,status,seconds,bursts,label,ok,rate,error")
            #expect(lines[1] == "n=1,1,ok,2.0,100,\"a,b\",true,0.25,")
            #expect(lines[2] == "n=2,2,failed,2.0,,,,,x.lua:2: boom")
            #expect(lines[3] == "n=3,3,timeout,5.0,,,,,stopped after the --timeout of 5 s")
            #expect(lines[4] == "n=4,4,pending,,,,,,")
            #expect(lines[5].hasPrefix("n=5,5,failed,,,,,,\"cannot read \(directory)/n=5/manifest.json: line 1, column 2"))
            #expect(lines[6] == "")
            #expect(SweepSummary.succeeded(points[0], in: directory))
            #expect(!SweepSummary.succeeded(points[1], in: directory))
            #expect(!SweepSummary.succeeded(points[3], in: directory))

            let path = try summary.write()
            #expect(path == directory + "/summary.csv")
            #expect(IOTestSupport.readFile(path).map { String(decoding: $0, as: UTF8.self) } == summary.csv)
        }
    }

    @Test("the manifest says ok, failed or timeout, and records results")
    func manifestStatus() {
        var manifest = RunManifest(command: [], outputDirectory: "/tmp", spatiumVersion: "0", luaVersion: "5.4", start: .now())
        #expect(manifest.status == "ok")
        manifest.exitStatus = 1
        #expect(manifest.status == "failed")
        manifest.timedOut = true
        #expect(manifest.status == "timeout")
        manifest.results.append("rate", .number(0.5))
        #expect(manifest.json["results"]?["rate"] == .number(0.5))
        #expect(manifest.json["status"] == "timeout")
    }

    @Test("directory trees are listed and emptied without following links")
    func directoryTree() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let outside = directory + "/outside"
            let point = directory + "/point"
            mkdir(outside, 0o755)
            IOTestSupport.writeFile(outside + "/keep.txt", Array("keep".utf8))
            mkdir(point, 0o755)
            mkdir(point + "/nested", 0o755)
            IOTestSupport.writeFile(point + "/nested/a.csv", Array("a".utf8))
            IOTestSupport.writeFile(point + "/b.csv", Array("b".utf8))
            symlink(outside, point + "/link")
            #expect(DirectoryTree.entries(of: point) == ["b.csv", "link", "nested"])
            try DirectoryTree.removeContents(of: point)
            #expect(DirectoryTree.entries(of: point) == [])
            #expect(DirectoryTree.entries(of: outside) == ["keep.txt"])
            #expect(DirectoryTree.entries(of: directory + "/missing") == nil)
            #expect(throws: FileError.self) { try DirectoryTree.removeContents(of: directory + "/missing") }
        }
    }

    @Test("whole files are read, directories refused")
    func fileContents() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let text = String(repeating: "spatium ", count: 5000)
            IOTestSupport.writeFile(directory + "/a.txt", Array(text.utf8))
            let read = try FileContents.read(directory + "/a.txt")
            #expect(read == Array(text.utf8))
            IOTestSupport.writeFile(directory + "/empty", Array("".utf8))
            let empty = try FileContents.read(directory + "/empty")
            #expect(empty.isEmpty)
            #expect(throws: FileError.notRegularFile(path: directory)) { try FileContents.read(directory) }
            #expect(throws: FileError.systemCall(operation: "open", path: directory + "/none", code: ENOENT)) {
                try FileContents.read(directory + "/none")
            }
        }
    }
}
