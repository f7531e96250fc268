#if canImport(Glibc)
import Glibc
#endif

/// Issue #8's bar: a 16-point sweep of `experiments/gradient_sweep.lua` (4 drives × 4 seeds,
/// 64×64×8 neurons, 4 increments, 500 bursts per point) with `--jobs 2` against `--jobs 1`,
/// whole process, release build; three samples each, interleaved.
enum SweepBenchmarks {
    static let grid = ["--grid", "drive=0.05,0.1,0.2,0.3", "--grid", "seed=1,2,3,4", "--param", "bursts=500"]

    static func run(_ harness: inout BenchmarkHarness) {
        let script = "experiments/gradient_sweep.lua"
        let names = (1...2).map { "16-point sweep of \(script), --jobs \($0) (whole process)" }
        let ratioName = "16-point sweep, time with --jobs 2 / --jobs 1"
        guard names.contains(where: { harness.wants("sweep", $0) }) || harness.wants("sweep", ratioName) else { return }
        let binary = ProcessBenchmarks.scriptBinary
        guard access(binary, X_OK) == 0, access(script, R_OK) == 0 else {
            fputs("spatium-bench: \(binary) or \(script) missing (run from the repository root); no sweep figure\n", stderr)
            return
        }
        var template = Array("/tmp/spatium-bench-grid-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { return }
        let root = String(cString: made)
        defer { ProcessBenchmarks.removeDirectory(root) }
        let samples = min(harness.samples, 3)
        var seconds: [[Double]] = [[], []]
        for sample in 0..<samples {
            for jobs in [1, 2] {
                let out = "\(root)/jobs\(jobs)-\(sample)"
                let result = ProcessBenchmarks.timedSpawn([binary, script] + grid + ["--jobs", String(jobs), "--quiet", "--out", out])
                guard result.ok else {
                    fputs("spatium-bench: the sweep with --jobs \(jobs) failed (see \(out)/summary.csv)\n", stderr)
                    return
                }
                seconds[jobs - 1].append(result.seconds)
            }
        }
        harness.record("sweep", names[0], unit: "s", samples: seconds[0])
        harness.record("sweep", names[1], unit: "s", samples: seconds[1])
        let ratios = zip(seconds[1], seconds[0]).map { $0 / $1 }
        harness.record("sweep", ratioName, unit: "× (bar ≤ 0.6)", samples: ratios)
    }
}
