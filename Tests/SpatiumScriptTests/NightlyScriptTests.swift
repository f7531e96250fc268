import Foundation
import Testing

/// `scripts/nightly`: lock, log, pruning and the one-line failure reason, with the debug binary.
@Suite struct NightlyScriptTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let nightly = repository.appendingPathComponent("scripts/nightly").path

    /// A nightly process with its config, root and day set; stdout and stderr captured.
    static func process(config: String, root: String, keep: Int = 14, day: String = "2026-11-23",
                        extra: String? = nil) -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: nightly)
        var environment = ProcessInfo.processInfo.environment
        environment["SPATIUM_NIGHTLY_CONFIG"] = config
        environment["SPATIUM_NIGHTLY_ROOT"] = root
        environment["SPATIUM_NIGHTLY_KEEP"] = String(keep)
        environment["SPATIUM_NIGHTLY_DATE"] = day
        environment["SPATIUM_BIN"] = ScriptHarness.binary
        environment["SPATIUM_NIGHTLY_ARGS"] = extra
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        return (process, output)
    }

    static func run(config: String, root: String, keep: Int = 14, day: String = "2026-11-23",
                    extra: String? = nil) throws -> (status: Int32, output: String) {
        let (process, output) = NightlyScriptTests.process(config: config, root: root, keep: keep, day: day, extra: extra)
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test func aSecondRunExitsAtOnceWhileTheFirstHoldsTheLock() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let script = ScriptHarness.write("""
            local start = os.clock()
            while os.clock() - start < 0.4 do end
            return {n = params.n}
            """, to: "slow.lua", in: directory)
        let config = ScriptHarness.write("slow \(script) --grid n=1,2,3 --jobs 1\n", to: "nightly.conf", in: directory)
        let root = directory.appendingPathComponent("runs").path
        let (first, firstOutput) = NightlyScriptTests.process(config: config, root: root)
        try first.run()
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: root + "/.lock.owner") && Date() < deadline { usleep(10_000) }

        let started = Date()
        let second = try NightlyScriptTests.run(config: config, root: root)
        #expect(Date().timeIntervalSince(started) < 1.0)
        #expect(second.status == 75)
        #expect(second.output.hasPrefix("nightly: another nightly run holds the lock (pid \(first.processIdentifier) since "))
        #expect(second.output.hasSuffix("); not starting\n"))
        #expect(second.output.split(separator: "\n").count == 1)

        let firstText = String(decoding: firstOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        first.waitUntilExit()
        #expect(first.terminationStatus == 0, "\(firstText)")
        #expect(firstText.isEmpty)
        let summary = try String(contentsOfFile: root + "/2026-11-23/slow/summary.csv", encoding: .utf8)
        #expect(summary.split(separator: "\n").count == 4 && summary.split(separator: "\n").dropFirst().allSatisfy { $0.contains(",ok,") })
        let log = try String(contentsOfFile: root + "/2026-11-23/nightly.log", encoding: .utf8)
        #expect(log.contains("sweep slow: exit status 0"))
        #expect(log.contains("nightly 2026-11-23 done: 1 sweeps ok"))
        #expect(!FileManager.default.fileExists(atPath: root + "/.lock.owner"))

        // The lock is free again: a rerun the same day resumes (nothing left to do).
        let rerun = try NightlyScriptTests.run(config: config, root: root)
        #expect(rerun.status == 0)
        #expect(try String(contentsOfFile: root + "/2026-11-23/nightly.log", encoding: .utf8).contains("3 ok (3 already done)"))
    }

    @Test func aFailedSweepGivesOneLineAndTheOtherSweepsStillRun() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let good = ScriptHarness.write("return {ok = true}", to: "good.lua", in: directory)
        let bad = ScriptHarness.write("if params.n == 2 then error('broken') end", to: "bad.lua", in: directory)
        let config = ScriptHarness.write("""
            # two sweeps
            broken  \(bad) --grid n=1,2,3
            fine    \(good) --grid n=1,2   # trailing comment
            """, to: "nightly.conf", in: directory)
        let root = directory.appendingPathComponent("runs").path
        let outcome = try NightlyScriptTests.run(config: config, root: root)
        #expect(outcome.status == 1)
        #expect(outcome.output == "nightly: 1 of 2 sweeps failed: broken (1 points not ok, see \(root)/2026-11-23/broken/summary.csv)\n")
        #expect(FileManager.default.fileExists(atPath: root + "/2026-11-23/fine/summary.csv"))
    }

    @Test func onlyTheNewestDaysAreKept() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let script = ScriptHarness.write("return {}", to: "s.lua", in: directory)
        let config = ScriptHarness.write("quick \(script) --grid n=1\n", to: "nightly.conf", in: directory)
        let root = directory.appendingPathComponent("runs").path
        for day in ["2026-11-19", "2026-11-20", "2026-11-21"] {
            try FileManager.default.createDirectory(atPath: root + "/" + day, withIntermediateDirectories: true)
        }
        try FileManager.default.createDirectory(atPath: root + "/notes", withIntermediateDirectories: true)
        let outcome = try NightlyScriptTests.run(config: config, root: root, keep: 2, day: "2026-11-22")
        #expect(outcome.status == 0, "\(outcome.output)")
        let left = try FileManager.default.contentsOfDirectory(atPath: root).filter { !$0.hasPrefix(".") }.sorted()
        #expect(left == ["2026-11-21", "2026-11-22", "notes"])
    }

    @Test func theShippedSweepListRunsInQuickMode() throws {
        let root = ScriptHarness.temporaryDirectory().appendingPathComponent("runs").path
        let config = NightlyScriptTests.repository.appendingPathComponent("experiments/nightly.conf").path
        let outcome = try NightlyScriptTests.run(config: config, root: root, extra: "--param quick=true")
        #expect(outcome.status == 0, "\(outcome.output)")
        let sweeps = try FileManager.default.contentsOfDirectory(atPath: root + "/2026-11-23").sorted()
        #expect(sweeps == ["feagi", "gradient", "layouts", "lut_tables", "nightly.log", "precision"])
    }

    @Test("a broken sweep list is refused before anything runs", arguments: [
        ("9bad!  x.lua", "nightly: CONFIG:1: sweep name '9bad!' may use only letters, digits, _ and -\n"),
        ("lonely", "nightly: CONFIG:1: sweep 'lonely' has no script\n"),
        ("a x.lua\na y.lua", "nightly: CONFIG:2: sweep name 'a' is used twice\n"),
        ("# nothing", "nightly: 'CONFIG' lists no sweeps\n"),
    ])
    func brokenConfig(text: String, message: String) throws {
        let directory = ScriptHarness.temporaryDirectory()
        let config = ScriptHarness.write(text + "\n", to: "nightly.conf", in: directory)
        let root = directory.appendingPathComponent("runs").path
        let outcome = try NightlyScriptTests.run(config: config, root: root)
        #expect(outcome.status == 1)
        #expect(outcome.output == message.replacingOccurrences(of: "CONFIG", with: config))
        #expect(!FileManager.default.fileExists(atPath: root))
    }
}
