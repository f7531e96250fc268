import Foundation
import Testing

/// `Benchmarks/peers/compare.py` (what `scripts/bench --compare` runs): a peer that disagrees on
/// the exactness configuration is named and the command exits 1; agreeing peers are timed and
/// compared. Fake peers stand in for Spatium and the C kernel, so only python3 is needed.
@Suite struct BenchCompareTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A peer that prints one JSON line in the peers' format with the given totals.
    static func fakePeer(named name: String, spikes: Int, events: Int, in directory: URL) -> String {
        ScriptHarness.write("""
            #!/usr/bin/env python3
            import json
            print(json.dumps({"peer": "\(name)", "total_spikes": \(spikes), "syn_events": \(events),
                              "spikes_per_x": [1, 2, 3], "neuron_updates_per_s": 1.5e8, "build_s": 0.01}))
            """, to: name, in: directory)
        let path = directory.appendingPathComponent(name).path
        chmod(path, 0o755)
        return path
    }

    static func compare(spatium: String, kernel: String, work: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", repository.appendingPathComponent("Benchmarks/peers/compare.py").path,
                             "--spatium", spatium, "--kernel", kernel, "--work", work.path,
                             "--only", "spatium,kernel", "--threads", "1", "--sizes", "32x32x4"]
        process.currentDirectoryURL = repository
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, out, err)
    }

    @Test func aPeerThatDisagreesIsNamedAndFailsTheRun() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let spatium = Self.fakePeer(named: "spatium-fake", spikes: 51_264, events: 820_373, in: directory)
        let wrong = Self.fakePeer(named: "kernel-wrong", spikes: 51_337, events: 820_373, in: directory)
        let right = Self.fakePeer(named: "kernel-right", spikes: 51_264, events: 820_373, in: directory)

        let failing = try Self.compare(spatium: spatium, kernel: wrong, work: directory.appendingPathComponent("w1"))
        #expect(failing.status == 1, "\(failing.stderr)")
        #expect((failing.stdout + failing.stderr).contains("disagrees: spikes 51,337 ≠ 51,264"))

        let agreeing = try Self.compare(spatium: spatium, kernel: right, work: directory.appendingPathComponent("w2"))
        #expect(agreeing.status == 0, "\(agreeing.stderr)")
        #expect(agreeing.stdout.contains("| C kernel (clang -O3 -march=native, f32) | kernel-right | 1 | 51,264 | 820,373 | same as Spatium | yes |"))
        #expect(agreeing.stdout.contains("(1.00×)"))
    }
}
