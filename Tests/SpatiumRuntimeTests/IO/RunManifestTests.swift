import Glibc
import Testing
@testable import SpatiumRuntime

@Suite("Run manifest")
struct RunManifestTests {
    @Test("timestamps are UTC ISO 8601 with milliseconds")
    func timestamps() {
        #expect(RunManifest.Timestamp(seconds: 0).iso8601 == "1970-01-01T00:00:00.000Z")
        #expect(RunManifest.Timestamp(seconds: 951_782_400 + 86_399, nanoseconds: 999_999_999).iso8601
                == "2000-02-29T23:59:59.999Z")
        #expect(RunManifest.Timestamp(seconds: 1_700_000_000, nanoseconds: 5_000_000).iso8601 == "2023-11-14T22:13:20.005Z")
        let start = RunManifest.Timestamp(seconds: 10, nanoseconds: 900_000_000)
        #expect(start.seconds(until: RunManifest.Timestamp(seconds: 12, nanoseconds: 100_000_000)) == 1.2000000000000002
                || abs(start.seconds(until: RunManifest.Timestamp(seconds: 12, nanoseconds: 100_000_000)) - 1.2) < 1e-9)
        let now = RunManifest.Timestamp.now()
        #expect(now.seconds > 1_700_000_000)
        #expect(now.iso8601.count == 24 && now.iso8601.hasSuffix("Z"))
    }

    @Test("relative paths inside the output directory, absolute outside")
    func relativePaths() {
        #expect(RunManifest.relativePath("/a/b/c.csv", to: "/a") == "b/c.csv")
        #expect(RunManifest.relativePath("/a/b/c.csv", to: "/a/") == "b/c.csv")
        #expect(RunManifest.relativePath("/ab/c.csv", to: "/a") == nil)
        #expect(RunManifest.relativePath("/a", to: "/a") == nil)
        IOTestSupport.withTemporaryDirectory { directory in
            // The output directory reached through a symbolic link still matches.
            #expect(mkdir(directory + "/real", 0o755) == 0)
            #expect(symlink(directory + "/real", directory + "/link") == 0)
            IOTestSupport.writeFile(directory + "/real/x.csv", Array("a\n".utf8))
            #expect(RunManifest.relativePath(directory + "/real/x.csv", to: directory + "/link") == "x.csv")
            #expect(RunManifest.relativePath(directory + "/link/x.csv", to: directory + "/real") == "x.csv")
        }
    }

    @Test("files are described with size and SHA-256; unreadable ones say why")
    func fileRecords() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            IOTestSupport.writeFile(directory + "/abc.txt", Array("abc".utf8))
            let file = RunManifest.OutputFile(describing: directory + "/abc.txt", in: directory)
            #expect(file.path == "abc.txt")
            #expect(file.bytes == 3)
            #expect(file.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
            #expect(file.error == nil)
            let empty = directory + "/empty"
            IOTestSupport.writeFile(empty, [])
            #expect(RunManifest.OutputFile(describing: empty, in: "/elsewhere").path == empty)
            #expect(RunManifest.OutputFile(describing: empty, in: directory).sha256
                    == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
            // Larger than one read chunk.
            let big = [UInt8]((0..<(SHA256.fileChunkSize + 123)).map { UInt8(truncatingIfNeeded: $0 &* 7) })
            IOTestSupport.writeFile(directory + "/big.bin", big)
            let measured = try RunManifest.measure(fileAt: directory + "/big.bin")
            #expect(measured.bytes == big.count)
            #expect(measured.digest == SHA256.hash(big))
            let missing = RunManifest.OutputFile(describing: directory + "/gone.csv", in: directory)
            #expect(missing.bytes == nil && missing.sha256 == nil)
            #expect(missing.error?.contains("gone.csv") == true)
            #expect(missing.json.encoded().contains(#""bytes":null,"sha256":null,"error":"#))
        }
    }

    @Test("the JSON has every member in order, and is written atomically")
    func jsonAndWrite() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            IOTestSupport.writeFile(directory + "/m.csv", Array("x\n1\n".utf8))
            var manifest = RunManifest(
                command: ["spatium-script", "--out", directory, "run.lua"], workingDirectory: "/work", script: "run.lua",
                parameters: JSONObject([("rate", .number(0.5)), ("n", .integer(3)), ("rate", .number(0.25)),
                                        ("name", .string("a \"b\"")), ("on", .bool(true))]),
                seed: UInt64.max, threads: 2, sandboxed: true, outputDirectory: directory, spatiumVersion: "0.1.0",
                luaVersion: "5.4.6", start: RunManifest.Timestamp(seconds: 1_700_000_000),
                exitStatus: 1, errorMessage: "run.lua:3: boom\nstack traceback:\n\t[C]: in ?")
            manifest.end = RunManifest.Timestamp(seconds: 1_700_000_002, nanoseconds: 250_000_000)
            manifest.files = [RunManifest.OutputFile(describing: directory + "/m.csv", in: directory)]
            let json = manifest.json
            #expect(json.objectValue?.keys == ["format", "format_version", "spatium_version", "lua_version", "command",
                                               "working_directory", "script", "script_sha256", "params", "seed", "threads",
                                               "sandbox", "output_directory", "start_time", "end_time", "duration_seconds",
                                               "exit_status", "status", "error", "results", "files"])
            #expect(json["format"] == "spatium-run-manifest")
            #expect(json["params"]?.objectValue?.keys == ["rate", "n", "name", "on"])   // later value wins, first position
            #expect(json["params"]?["rate"] == .number(0.25))
            #expect(json["seed"] == .string("18446744073709551615"))                   // above Int64: text
            #expect(json["start_time"] == "2023-11-14T22:13:20.000Z")
            #expect(json["end_time"] == "2023-11-14T22:13:22.250Z")
            #expect(json["duration_seconds"] == .number(2.25))
            #expect(json["exit_status"] == .integer(1))
            #expect(json["status"] == "failed")
            #expect(json["results"] == .object(JSONObject()))
            #expect(json["error"]?.stringValue?.hasPrefix("run.lua:3: boom\n") == true)
            #expect(json["files"]?[0]?["path"] == "m.csv")
            #expect(json["files"]?[0]?["bytes"] == .integer(4))
            #expect(json["files"]?[0]?["sha256"]?.stringValue == SHA256.hash("x\n1\n").hex)

            let path = try manifest.write()
            #expect(path == directory + "/manifest.json")
            let text = String(decoding: IOTestSupport.readFile(path) ?? [], as: UTF8.self)
            #expect(text == manifest.text)
            #expect(text.hasPrefix("{\n  \"format\": \"spatium-run-manifest\",\n"))
            #expect(text.hasSuffix("}\n"))
            #expect(try JSONValue.parse(text, options: .strict) == json)
            #expect(IOTestSupport.entries(of: directory) == ["m.csv", "manifest.json"])   // no temporary left

            // A success has a null error; writing again replaces the file.
            manifest.exitStatus = 0
            manifest.errorMessage = nil
            manifest.seed = 42
            try manifest.write()
            let again = try JSONValue.parse(String(decoding: IOTestSupport.readFile(path) ?? [], as: UTF8.self))
            #expect(again["error"] == .null)
            #expect(again["seed"] == .integer(42))
        }
    }

    @Test("writing into a missing directory fails with a file error")
    func writeFailure() {
        let manifest = RunManifest(command: ["x"], outputDirectory: "/nonexistent-spatium-dir/out", spatiumVersion: "0",
                                   luaVersion: "5.4", start: .now())
        #expect(throws: FileError.self) { try manifest.write() }
    }
}
