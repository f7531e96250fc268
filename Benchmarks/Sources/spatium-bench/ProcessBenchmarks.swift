#if canImport(Glibc)
import Glibc
#endif
import SpatiumRuntime

/// Whole-process figures: runs the release `spatium-script` next to this binary.
enum ProcessBenchmarks {
    static var scriptBinary: String {
        let me = CommandLine.arguments[0]
        let directory = me.contains("/") ? String(me[..<me.lastIndex(of: "/")!]) : "."
        return directory + "/spatium-script"
    }

    /// Spawns `arguments` with stdout/stderr to /dev/null and waits; false if it failed.
    static func spawn(_ arguments: [String]) -> Bool { timedSpawn(arguments).ok }

    /// Spawns `arguments` (stdout/stderr to /dev/null), waits with `wait4` and returns whether it
    /// exited with status 0, its wall time in seconds and its peak resident set (`ru_maxrss`, bytes).
    static func timedSpawn(_ arguments: [String]) -> (ok: Bool, seconds: Double, peakRSS: Double) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = BenchmarkHarness.now()
        guard posix_spawn(&pid, arguments[0], &actions, nil, argv, environ) == 0 else { return (false, 0, 0) }
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, 0, &usage) == pid else { return (false, 0, 0) }
        let seconds = (BenchmarkHarness.now() - start) / 1e9
        return (status == 0, seconds, Double(usage.ru_maxrss) * 1024)   // Linux: ru_maxrss in KiB
    }

    /// Removes a directory and what one run's --out put in it.
    static func removeDirectory(_ path: String) {
        try? DirectoryTree.removeContents(of: path)
        rmdir(path)
    }

    /// The main job end to end, as `scripts/run` runs it: `spatium-script --out DIR
    /// experiments/gradient_sweep.lua` from the release build. One warm-up run, then `samples`
    /// runs: wall time and the child's peak RSS (wait4's ru_maxrss).
    static func mainJob(_ harness: inout BenchmarkHarness, binary: String) {
        let script = "experiments/gradient_sweep.lua"
        let wallName = "spatium-script \(script) (whole process, wall time)"
        let rssName = "spatium-script \(script) (whole process, peak RSS)"
        guard harness.wants("process", wallName) || harness.wants("process", rssName) else { return }
        guard access(script, R_OK) == 0 else {
            fputs("spatium-bench: \(script) not found (run from the repository root)\n", stderr)
            return
        }
        var template = Array("/tmp/spatium-bench-sweep-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { return }
        let out = String(cString: made)
        defer { removeDirectory(out) }
        var seconds: [Double] = [], peaks: [Double] = []
        for run in 0...harness.samples {
            let result = timedSpawn([binary, "--out", out, script])
            guard result.ok else {
                fputs("spatium-bench: \(binary) --out \(out) \(script) failed; no whole-process figure\n", stderr)
                return
            }
            if run > 0 { seconds.append(result.seconds); peaks.append(result.peakRSS / 1e6) }   // run 0: warm-up
        }
        harness.record("process", wallName, unit: "s", samples: seconds)
        harness.record("process", rssName, unit: "MB", samples: peaks)
    }

    static func run(_ harness: inout BenchmarkHarness) {
        let binary = scriptBinary
        guard access(binary, X_OK) == 0 else {
            fputs("spatium-bench: \(binary) not found; build it with the same --scratch-path\n", stderr)
            return
        }
        let runs = 40
        harness.measure("process", "spatium-script -e 'print(1+1)' (whole process)", items: runs, unit: "ms") {
            for _ in 0..<runs { _ = spawn([binary, "-e", "print(1+1)"]) }
        }
        harness.rescaleLast(by: 1e-6)
        mainJob(&harness, binary: binary)
    }
}
