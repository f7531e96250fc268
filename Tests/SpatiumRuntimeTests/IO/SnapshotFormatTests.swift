import Testing
@testable import SpatiumRuntime

@Suite("Snapshot format versions")
struct SnapshotFormatTests {
    @Test("stamping and reading the current version")
    func current() throws {
        var metadata: [String: String] = ["seed": "1"]
        SnapshotFormat.stamp(&metadata)
        #expect(metadata["spatium.format"] == "1")
        #expect(try SnapshotFormat.version(of: metadata) == 1)
        #expect(SnapshotFormat.current == 1)
    }

    @Test("newer, missing and invalid versions are refused with clear messages")
    func refused() {
        #expect(throws: SnapshotFormatError.newer(path: nil, version: 2, supported: 1)) {
            try SnapshotFormat.version(of: ["spatium.format": "2"])
        }
        #expect(SnapshotFormatError.newer(path: "s.safetensors", version: 7, supported: 1).description
            == "'s.safetensors' was written by a newer Spatium (format 7, this build reads up to 1)")
        #expect(SnapshotFormatError.newer(path: nil, version: 2, supported: 1).description
            == "the snapshot was written by a newer Spatium (format 2, this build reads up to 1)")
        #expect(throws: SnapshotFormatError.missing(path: nil)) { try SnapshotFormat.version(of: [:]) }
        #expect(SnapshotFormatError.missing(path: "x").description.contains("not a Spatium snapshot"))
        for bad in ["", "0", "-1", "1.0", "one", " 1", "99999999999999999999999"] {
            #expect(throws: SnapshotFormatError.invalid(path: nil, value: bad)) { try SnapshotFormat.version(of: ["spatium.format": bad]) }
        }
    }

    @Test("checking an open file names it")
    func checkFile() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/future.safetensors"
            let writer = try SafetensorsWriter(path: path, metadata: ["spatium.format": "3"])
            try writer.finish()
            let file = try SafetensorsFile(path: path)
            #expect(throws: SnapshotFormatError.newer(path: path, version: 3, supported: 1)) { try SnapshotFormat.check(file) }
        }
    }
}
