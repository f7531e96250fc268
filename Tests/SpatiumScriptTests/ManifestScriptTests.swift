import Foundation
import Testing

/// `manifest.json`, end to end through the binary.
@Suite struct ManifestScriptTests {
    static func manifest(in directory: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("manifest.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func files(_ manifest: [String: Any]) -> [[String: Any]] {
        manifest["files"] as? [[String: Any]] ?? []
    }

    /// SHA-256 through coreutils (an independent implementation).
    static func sha256sum(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(output.prefix(64))
    }

    static func date(_ text: Any?) -> Date? {
        guard let text = text as? String else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    @Test func successfulRunListsEveryFileWithSizeAndHash() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let out = directory.appendingPathComponent("out")
        let outside = directory.appendingPathComponent("elsewhere.csv").path
        let script = ScriptHarness.write("""
            local w = spatium.csv(spatium.output("rates.csv"), {"burst", "rate"})
            for t = 1, 100 do w:row(t, t / 7) end
            local b = spatium.brain{seed = spatium.seed}
            b:area{name = "a", size = {2, 1, 1}}
            spatium.record(b, {to = "sub/metrics.csv", metrics = {"spikes", "mean_potential"}})
            b:step(3)
            local o = spatium.csv("\(outside)", {"x"}); o:row("far")
            print(params.rate, params.name, params.n)
            """, to: "run.lua", in: directory)
        let before = Date()
        let outcome = try ScriptHarness.run(["--out", out.path, "--seed", "42", "--param", "rate=0.5",
                                             "--param", "name=v1", "--param", "n=3", "--param", "n=4", script, "extra"])
        let after = Date()
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "0.5\tv1\t4\n")
        let manifest = try ManifestScriptTests.manifest(in: out)
        #expect(manifest["format"] as? String == "spatium-run-manifest")
        #expect(manifest["format_version"] as? Int == 1)
        #expect(manifest["command"] as? [String] == [ScriptHarness.binary, "--out", out.path, "--seed", "42", "--param", "rate=0.5",
                                                     "--param", "name=v1", "--param", "n=3", "--param", "n=4", script, "extra"])
        #expect(manifest["script"] as? String == script)
        #expect(manifest["script_sha256"] as? String == (try ManifestScriptTests.sha256sum(script)))
        let params = try #require(manifest["params"] as? [String: Any])
        #expect(params["rate"] as? Double == 0.5)
        #expect(params["name"] as? String == "v1")
        #expect(params["n"] as? Int == 4)
        #expect(params.count == 3)
        #expect(manifest["seed"] as? Int == 42)
        #expect(manifest["spatium_version"] as? String == "0.1.0")
        #expect((manifest["lua_version"] as? String)?.hasPrefix("5.4.") == true)
        #expect(manifest["output_directory"] as? String == out.path)
        #expect(manifest["exit_status"] as? Int == 0)
        #expect(manifest["error"] is NSNull)
        let start = try #require(ManifestScriptTests.date(manifest["start_time"]))
        let end = try #require(ManifestScriptTests.date(manifest["end_time"]))
        #expect((manifest["start_time"] as? String)?.hasSuffix("Z") == true)
        #expect(start >= before.addingTimeInterval(-1) && start <= end && end <= after.addingTimeInterval(1))
        #expect(abs((manifest["duration_seconds"] as? Double ?? -1) - end.timeIntervalSince(start)) < 0.002)

        let files = ManifestScriptTests.files(manifest)
        #expect(files.map { $0["path"] as? String } == ["rates.csv", "sub/metrics.csv", outside])
        for file in files {
            let path = file["path"] as! String
            let absolute = path.hasPrefix("/") ? path : out.appendingPathComponent(path).path
            let size = try FileManager.default.attributesOfItem(atPath: absolute)[.size] as? Int
            #expect(file["bytes"] as? Int == size, "\(path)")
            #expect(file["sha256"] as? String == (try ManifestScriptTests.sha256sum(absolute)), "\(path)")
            #expect(file["error"] == nil)
        }
        // Every row reached the file before the manifest measured it.
        let rates = try String(contentsOfFile: out.appendingPathComponent("rates.csv").path, encoding: .utf8)
        #expect(rates.split(separator: "\n").count == 101)
        #expect(files[1]["bytes"] as? Int == "burst,area,metric,index,value\n".utf8.count + 3 * "1,a,spikes,0,0\n".utf8.count
                + 3 * "1,a,mean_potential,0,0.0\n".utf8.count)
    }

    @Test func failedRunRecordsStatusAndMessage() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let script = ScriptHarness.write("""
            local w = spatium.csv(spatium.output("partial.csv"), {"a"})
            w:row(1); w:row(2)
            local function deep() error("something broke") end
            deep()
            """, to: "fail.lua", in: directory)
        #expect(script.hasSuffix("/fail.lua"))
        let outcome = try ScriptHarness.run(["--out", ".", "fail.lua"], in: directory)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("spatium-script: fail.lua:3: something broke"), "\(outcome.stderr)")
        let manifest = try ManifestScriptTests.manifest(in: directory)
        #expect(manifest["exit_status"] as? Int == 1)
        let error = try #require(manifest["error"] as? String)
        #expect(error.hasPrefix("fail.lua:3: something broke\nstack traceback:"), "\(error)")
        #expect(manifest["script"] as? String == "fail.lua")
        #expect(outcome.stderr == "spatium-script: \(error)\n")
        let file = try #require(ManifestScriptTests.files(manifest).first)
        #expect(file["path"] as? String == "partial.csv")
        #expect(file["bytes"] as? Int == 6)        // "a\n1\n2\n": flushed before it was measured
        #expect(file["sha256"] as? String == (try ManifestScriptTests.sha256sum(directory.appendingPathComponent("partial.csv").path)))
        // A syntax error is a failure too, with nothing written.
        let bad = ScriptHarness.write("x = = 1", to: "bad.lua", in: directory)
        let syntax = try ScriptHarness.run(["--out", directory.path, bad])
        #expect(syntax.status == 1)
        let second = try ManifestScriptTests.manifest(in: directory)
        #expect((second["error"] as? String)?.contains("bad.lua:1:") == true)
        #expect(ManifestScriptTests.files(second).isEmpty)
    }

    @Test func osExitStatusIsRecorded() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let outcome = try ScriptHarness.run(["--out", directory.path, "-e", """
            local w = spatium.csv(spatium.output("x.csv"), {"a"}); w:row(1)
            os.exit(3)
            """])
        #expect(outcome.status == 3)
        let manifest = try ManifestScriptTests.manifest(in: directory)
        #expect(manifest["exit_status"] as? Int == 3)
        #expect(manifest["error"] is NSNull)
        #expect(manifest["script"] is NSNull)
        #expect(ManifestScriptTests.files(manifest).first?["bytes"] as? Int == 4)
    }

    @Test func withoutOutOnlyRunsThatWroteFilesLeaveAManifest() throws {
        let quiet = ScriptHarness.temporaryDirectory()
        let nothing = try ScriptHarness.run(["-e", "print(1)"], in: quiet)
        #expect(nothing.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: quiet.path).isEmpty)

        let writing = ScriptHarness.temporaryDirectory()
        let outcome = try ScriptHarness.run(["-e", "local w = spatium.csv('m.csv', {'a'}); w:row(1)"], in: writing)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: writing.path).sorted() == ["m.csv", "manifest.json"])
        let manifest = try ManifestScriptTests.manifest(in: writing)
        #expect(ManifestScriptTests.files(manifest).map { $0["path"] as? String } == ["m.csv"])
        #expect((manifest["output_directory"] as? String).map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
                == writing.resolvingSymlinksInPath().path)

        // --out given: a manifest even when nothing was written.
        let empty = ScriptHarness.temporaryDirectory().appendingPathComponent("run")
        let given = try ScriptHarness.run(["--out=\(empty.path)", "-e", "print(2)"])
        #expect(given.status == 0)
        #expect(ManifestScriptTests.files(try ManifestScriptTests.manifest(in: empty)).isEmpty)
        // Files written only outside the working directory leave no manifest in it.
        let elsewhere = ScriptHarness.temporaryDirectory(), target = ScriptHarness.temporaryDirectory()
        let outside = try ScriptHarness.run(["-e", "local w = spatium.csv('\(target.path)/m.csv', {'a'}); w:row(1)"], in: elsewhere)
        #expect(outside.status == 0, "\(outside.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
        // An option value that merely looks like --out does not count.
        let lookalike = ScriptHarness.temporaryDirectory()
        _ = try ScriptHarness.run(["-e", "x = '--out'", "-e", "print(x)"], in: lookalike)
        #expect(try FileManager.default.contentsOfDirectory(atPath: lookalike.path).isEmpty)
    }

    @Test func sandboxedRunsWriteTheirManifestUnderOut() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let out = directory.appendingPathComponent("out")
        let outcome = try ScriptHarness.run(["--sandbox", "--out", out.path, "-e", """
            local w = spatium.csv(spatium.output("a.csv"), {"a"}); w:row(1)
            spatium.csv("\(directory.path)/escape.csv", {"a"})
            """])
        #expect(outcome.status == 1)
        let manifest = try ManifestScriptTests.manifest(in: out)
        #expect(manifest["sandbox"] as? Bool == true)
        #expect((manifest["error"] as? String)?.contains("sandbox: writing") == true)
        #expect(ManifestScriptTests.files(manifest).map { $0["path"] as? String } == ["a.csv"])
    }
}
