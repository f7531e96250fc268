import Glibc
import Testing
@testable import SpatiumRuntime

@Suite("Atomic small files")
struct AtomicFileTests {
    @Test("writes a new file and replaces an existing one, leaving no temporary file")
    func writeAndReplace() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/manifest.json"
            try AtomicFile.write(path: path, string: "{\"a\":1}\n")
            #expect(IOTestSupport.readFile(path) == Array("{\"a\":1}\n".utf8))
            try AtomicFile.write(path: path, bytes: [1, 2, 3])
            #expect(IOTestSupport.readFile(path) == [1, 2, 3])
            try AtomicFile.write(path: path, bytes: [])
            #expect(IOTestSupport.readFile(path) == [])
            #expect(IOTestSupport.entries(of: directory) == ["manifest.json"])
        }
    }

    @Test("a failed rename leaves the old file and no temporary file")
    func failureCleansUp() {
        IOTestSupport.withTemporaryDirectory { directory in
            // The target is a non-empty directory, so rename fails after the data was written.
            let path = directory + "/target"
            mkdir(path, 0o755)
            IOTestSupport.writeFile(path + "/inside", [9])
            do throws(FileError) {
                try AtomicFile.write(path: path, bytes: [1, 2, 3])
                Issue.record("rename over a directory should fail")
            } catch {
                guard case .rename(let from, let to, _) = error else {
                    Issue.record("expected a rename error, got \(error)")
                    return
                }
                #expect(to == path)
                #expect(from.hasPrefix(directory + "/.target.tmp-"))
                #expect(error.description.contains("could not rename"))
            }
            #expect(IOTestSupport.entries(of: directory) == ["target"])
            #expect(IOTestSupport.readFile(path + "/inside") == [9])
        }
    }

    @Test("a missing directory is reported with the path")
    func missingDirectory() {
        do throws(FileError) {
            try AtomicFile.write(path: "/nonexistent-dir/x.json", string: "{}")
            Issue.record("should fail")
        } catch {
            guard case .systemCall(let operation, let path, let code) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(operation == "create")
            #expect(path.hasPrefix("/nonexistent-dir/.x.json.tmp-"))
            #expect(code == ENOENT)
        }
    }

    @Test("a disk-full error on the temporary file names the final file")
    func diskFullNamesFinalPath() {
        let error = FileError.diskFull(path: "/d/.x.tmp-1-2", needed: nil, available: nil)
        #expect(error.naming(finalPath: "/d/x", temporaryPath: "/d/.x.tmp-1-2") == .diskFull(path: "/d/x", needed: nil, available: nil))
        let other = FileError.systemCall(operation: "write", path: "/d/.x.tmp-1-2", code: EIO)
        #expect(other.naming(finalPath: "/d/x", temporaryPath: "/d/.x.tmp-1-2") == other)
        #expect(FileError.diskFull(path: "/d/x", needed: 10, available: 4).description == "no space left on device for '/d/x' (needs 10 bytes, 4 available)")
    }

    @Test("very long names still get a valid temporary name")
    func longName() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let name = String(repeating: "n", count: 250)
            try AtomicFile.write(path: directory + "/" + name, bytes: [1])
            #expect(IOTestSupport.entries(of: directory) == [name])
        }
    }
}
