import Foundation
import Testing

/// `--grid`, `--jobs`, `--shard`, `--resume`, `--timeout` and `summary.csv`, end to end.
@Suite struct SweepScriptTests {
    static let gradientSweep = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("experiments/gradient_sweep.lua").path
    /// Small gradient sweeps: 2×2 points of a few hundred neurons.
    static let smallGrid = ["--grid", "size=8,12", "--grid", "drive=0.1,0.3",
                            "--param", "quick=true", "--param", "increments=0,2", "--param", "bursts=60"]

    static func read(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    }

    /// The summary without its `seconds` column (the only one that differs between runs).
    static func summaryWithoutTimes(_ directory: String) throws -> [String] {
        let lines = try read(directory + "/summary.csv").split(separator: "\n").map(String.init)
        let header = SweepScriptTests.fields(lines[0])
        let column = try #require(header.firstIndex(of: "seconds"))
        return lines.map { line in
            var fields = SweepScriptTests.fields(line)
            fields.remove(at: column)
            return fields.joined(separator: "|")
        }
    }

    /// Splits one CSV line (quoted fields without embedded newlines).
    static func fields(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        var characters = Array(line)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { current.append("\""); characters.removeFirst() } else { quoted = false }
                } else { current.append(character) }
            } else if character == "\"" { quoted = true }
            else if character == "," { fields.append(current); current = "" }
            else { current.append(character) }
        }
        fields.append(current)
        return fields
    }

    static func manifest(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path + "/manifest.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func jobsTwoEqualsPointsRunOneByOne() throws {
        let directory = ScriptHarness.temporaryDirectory().path
        let parallel = try ScriptHarness.run([SweepScriptTests.gradientSweep] + SweepScriptTests.smallGrid
                                             + ["--jobs", "2", "--out", directory + "/parallel"])
        #expect(parallel.status == 0, "\(parallel.stderr)")
        #expect(parallel.stdout.contains("sweep: 4 points, 4 ok, 0 failed; summary: \(directory)/parallel/summary.csv"))
        let serial = try ScriptHarness.run([SweepScriptTests.gradientSweep] + SweepScriptTests.smallGrid
                                           + ["--jobs", "1", "--out", directory + "/serial"])
        #expect(serial.status == 0, "\(serial.stderr)")
        let points = ["size=8,drive=0.1", "size=8,drive=0.3", "size=12,drive=0.1", "size=12,drive=0.3"]
        for point in points {
            let parts = point.split(separator: ",").map { $0.split(separator: "=") }
            let single = try ScriptHarness.run(["--param", "quick=true", "--param", "increments=0,2", "--param", "bursts=60",
                                                "--param", "size=\(parts[0][1])", "--param", "drive=\(parts[1][1])",
                                                "--out", directory + "/single/" + point, SweepScriptTests.gradientSweep])
            #expect(single.status == 0)
            let reference = try SweepScriptTests.read(directory + "/single/\(point)/rates.csv")
            #expect(try SweepScriptTests.read(directory + "/parallel/\(point)/rates.csv") == reference)
            #expect(try SweepScriptTests.read(directory + "/serial/\(point)/rates.csv") == reference)
            #expect(try SweepScriptTests.read(directory + "/parallel/\(point)/output.log").contains("rates written to"))
            let manifest = try SweepScriptTests.manifest(directory + "/parallel/" + point)
            #expect(manifest["status"] as? String == "ok")
            #expect((manifest["results"] as? [String: Any])?["bursts"] as? Int == 60)
        }
        let summary = try SweepScriptTests.summaryWithoutTimes(directory + "/parallel")
        #expect(summary == (try SweepScriptTests.summaryWithoutTimes(directory + "/serial")))
        #expect(summary[0] == "point|size|drive|status|bursts|mean_rate|error")
        #expect(summary.dropFirst().map { $0.split(separator: "|").first.map(String.init) ?? "" } == points)
        #expect(summary.dropFirst().allSatisfy { $0.contains("|ok|60|") })
    }

    @Test func shardsIntoOneDirectoryGiveTheUnshardedSummary() throws {
        let directory = ScriptHarness.temporaryDirectory().path
        let whole = try ScriptHarness.run([SweepScriptTests.gradientSweep] + SweepScriptTests.smallGrid
                                          + ["--out", directory + "/whole"])
        #expect(whole.status == 0)
        // Two shards at the same time into one directory, as a job array would run them.
        let shards = (1...2).map { shard in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ScriptHarness.binary)
            process.arguments = [SweepScriptTests.gradientSweep] + SweepScriptTests.smallGrid
                + ["--shard", "\(shard)/2", "--jobs", "1", "--out", directory + "/sharded"]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            return (process, output)
        }
        for (process, _) in shards { try process.run() }
        for (process, output) in shards {
            let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(stdout.contains("sweep: 2 points (shard"))
        }
        #expect(try SweepScriptTests.summaryWithoutTimes(directory + "/sharded")
                == (try SweepScriptTests.summaryWithoutTimes(directory + "/whole")))

        // One shard alone: the other shard's points are pending.
        let alone = try ScriptHarness.run([SweepScriptTests.gradientSweep] + SweepScriptTests.smallGrid
                                          + ["--shard", "2/2", "--out", directory + "/alone"])
        #expect(alone.status == 0)
        #expect(alone.stdout.contains("(2 points pending in other shards)"))
        let statuses = try SweepScriptTests.summaryWithoutTimes(directory + "/alone").dropFirst().map { $0.split(separator: "|")[3] }
        #expect(statuses == ["pending", "ok", "pending", "ok"])
    }

    @Test func failingAndTimedOutPointsAreReportedAndTheOthersFinish() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let script = ScriptHarness.write("""
            if params.n == 2 then error("point two fails") end
            if params.n == 3 then while true do end end
            if params.n == 4 then os.exit(7) end
            local f = assert(io.open(spatium.output("value.txt"), "w")); f:write(params.n * 10, "\\n"); f:close()
            return {value = params.n * 10, label = "p" .. params.n, curve = {1, 2}}
            """, to: "points.lua", in: directory)
        let out = directory.appendingPathComponent("out").path
        let outcome = try ScriptHarness.run([script, "--grid", "n=1,2,3,4,5", "--timeout", "1", "--jobs", "2", "--out", out])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("points.lua:1: point two fails (log: \(out)/n=2/output.log)\n"))
        #expect(outcome.stderr.contains("spatium-script: point n=2 failed: "))
        #expect(outcome.stderr.contains("spatium-script: point n=3 timed out: stopped after the --timeout of 1 s"))
        #expect(outcome.stderr.contains("spatium-script: point n=4 failed: "))
        #expect(outcome.stdout.contains("sweep: 5 points, 2 ok, 3 failed"))
        var rows = try SweepScriptTests.summaryWithoutTimes(out)
        #expect(rows[2].hasPrefix("n=2|2|failed|||") && rows[2].hasSuffix("points.lua:1: point two fails"))
        rows.remove(at: 2)
        #expect(rows == ["point|n|status|label|value|error",
                         "n=1|1|ok|p1|10|",
                         "n=3|3|timeout|||stopped after the --timeout of 1 s",
                         "n=4|4|failed|||",
                         "n=5|5|ok|p5|50|"])
        #expect(try SweepScriptTests.read(out + "/n=5/value.txt") == "50\n")
        #expect(try SweepScriptTests.read(out + "/n=1/output.log").contains("not recorded in the manifest's results (numbers, strings and booleans only): curve (a table)"))
        #expect(try SweepScriptTests.manifest(out + "/n=4")["exit_status"] as? Int == 7)
        #expect(try SweepScriptTests.manifest(out + "/n=3")["status"] as? String == "timeout")
    }

    @Test func resumeAfterKillingASweepFinishesWithoutRedoingPoints() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let script = ScriptHarness.write("""
            local start = os.clock()
            while os.clock() - start < 0.25 do end
            local f = assert(io.open(spatium.output("done.txt"), "w")); f:write(params.n, "\\n"); f:close()
            return {n = params.n}
            """, to: "slow.lua", in: directory)
        let out = directory.appendingPathComponent("out").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ScriptHarness.binary)
        process.arguments = [script, "--grid", "n=1,2,3,4,5,6,7,8", "--jobs", "1", "--out", out]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        func finished() -> [String] {
            (1...8).map { "n=\($0)" }.filter { (try? SweepScriptTests.manifest(out + "/" + $0))?["status"] as? String == "ok" }
        }
        while finished().count < 2 && Date() < deadline { usleep(20_000) }
        process.terminate()            // SIGTERM, as a scheduler cancelling the job
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 128 + SIGTERM)
        let done = finished()
        #expect(done.count >= 2 && done.count < 8)
        let before = try Dictionary(uniqueKeysWithValues: done.map { ($0, try SweepScriptTests.read(out + "/\($0)/manifest.json")) })
        let interrupted = try SweepScriptTests.summaryWithoutTimes(out).dropFirst().map { $0.split(separator: "|")[2] }
        #expect(interrupted.filter { $0 == "ok" }.count == done.count)
        #expect(interrupted.allSatisfy { ["ok", "pending", "failed"].contains($0) })

        let resumed = try ScriptHarness.run([script, "--grid", "n=1,2,3,4,5,6,7,8", "--jobs", "2", "--resume", "--out", out])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("sweep: 8 points, 8 ok (\(done.count) already done), 0 failed"))
        for (point, manifest) in before {
            #expect(try SweepScriptTests.read(out + "/\(point)/manifest.json") == manifest)   // not run again
        }
        #expect(try SweepScriptTests.summaryWithoutTimes(out).dropFirst().allSatisfy { $0.contains("|ok|") })
        // Resuming a complete sweep runs nothing and rebuilds the summary.
        let again = try ScriptHarness.run([script, "--grid", "n=1,2,3,4,5,6,7,8", "--resume", "--out", out])
        #expect(again.stdout.contains("sweep: 8 points, 8 ok (8 already done), 0 failed"))
    }

    @Test func optionsAfterTheScriptSeedsAndScriptArguments() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let script = ScriptHarness.write("""
            return {seed = spatium.seed, args = table.concat(arg, " "), fixed = params.fixed}
            """, to: "seeds.lua", in: directory)
        let out = directory.appendingPathComponent("out").path
        let outcome = try ScriptHarness.run([script, "--grid", "seed=3,4", "--param", "fixed=yes", "--out", out,
                                             "--", "--grid", "x"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let rows = try SweepScriptTests.summaryWithoutTimes(out)
        #expect(rows == ["point|seed|status|args|fixed|seed|error", "seed=3|3|ok|--grid x|yes|3|", "seed=4|4|ok|--grid x|yes|4|"])
        #expect(try SweepScriptTests.manifest(out + "/seed=4")["seed"] as? Int == 4)

        // A plain run: Spatium options after the script are options, the rest are arguments.
        let plain = try ScriptHarness.run([script, "a", "--param", "fixed=no", "b", "--out", out + "/plain", "--", "--out"])
        #expect(plain.status == 0)
        let results = try #require(try SweepScriptTests.manifest(out + "/plain")["results"] as? [String: Any])
        #expect(results["args"] as? String == "a b --out")
        #expect(results["fixed"] as? String == "no")
    }

    @Test("sweep usage errors", arguments: [
        (["--jobs", "2", "x.lua"], "--jobs needs a sweep (--grid key=v1,v2,…)"),
        (["x.lua", "--resume"], "--resume needs a sweep (--grid key=v1,v2,…)"),
        (["x.lua", "--timeout", "5"], "--timeout needs a sweep (--grid key=v1,v2,…)"),
        (["--grid", "a=1,2"], "--grid needs a script file (spatium-script SCRIPT --grid key=v1,v2,… --out DIR); standard input cannot be run once per point"),
        (["--grid", "a=1,2", "-"], "--grid needs a script file (spatium-script SCRIPT --grid key=v1,v2,… --out DIR); standard input cannot be run once per point"),
        (["-i", "x.lua", "--grid", "a=1"], "--grid cannot be combined with -i"),
        (["x.lua", "--grid", "a=1", "--param", "a=2"], "'a' is both a --grid key and a --param; give it in one place"),
        (["--seed", "2", "x.lua", "--grid", "seed=1"], "'seed' is both a --grid key and --seed; give it in one place"),
        (["x.lua", "--grid", "seed=-1"], "--grid seed: '-1' is not a seed (a non-negative integer)"),
        (["x.lua", "--grid", "a=1", "--shard", "3/2"], "--shard 3/2: the shard index counts from 1 to 2"),
        (["x.lua", "--grid", "a=1", "--shard", "0/4"], "--shard 0/4: the shard index counts from 1 to 4 (for a 0-based task id, pass $((ID + 1))/4)"),
        (["x.lua", "--grid", "a=1", "--shard", "1"], "--shard expects I/N with 1 ≤ I ≤ N (such as 1/4), got '1'"),
        (["x.lua", "--grid", "a=1", "--jobs", "0"], "--jobs expects an integer from 1 to 1024, got '0'"),
        (["x.lua", "--grid", "a=1", "--timeout", "-1"], "--timeout expects a positive number of seconds, got '-1'"),
        (["x.lua", "--grid", "a=1,1"], "--grid a: value '1' is listed twice"),
        (["x.lua", "--grid"], "'--grid' needs an argument"),
    ])
    func usageErrors(arguments: [String], message: String) throws {
        let outcome = try ScriptHarness.run(arguments, in: ScriptHarness.temporaryDirectory())
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "spatium-script: \(message)\nusage: spatium-script [options] [script [args]] (see --help)\n")
        #expect(outcome.stdout.isEmpty)
    }

    @Test func aDirectoryThatNoSweepWroteIsNotCleared() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let script = ScriptHarness.write("return {}", to: "s.lua", in: directory)
        let out = directory.appendingPathComponent("out").path
        ScriptHarness.write("precious", to: "out/n=1/notes.txt", in: directory)
        let outcome = try ScriptHarness.run([script, "--grid", "n=1,2", "--out", out])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("point n=1 failed: '\(out)/n=1' holds files that no sweep wrote (no manifest.json or output.log); move it out of the sweep directory"))
        #expect(try SweepScriptTests.read(out + "/n=1/notes.txt") == "precious")
        #expect(try SweepScriptTests.manifest(out + "/n=2")["status"] as? String == "ok")
    }
}
