#if canImport(Glibc)
import Glibc
#endif

/// Whole-process figures: runs the release `spatium-script` next to this binary.
enum ProcessBenchmarks {
    static var scriptBinary: String {
        let me = CommandLine.arguments[0]
        let directory = me.contains("/") ? String(me[..<me.lastIndex(of: "/")!]) : "."
        return directory + "/spatium-script"
    }

    /// Spawns `arguments` with stdout/stderr to /dev/null and waits; false if it failed.
    static func spawn(_ arguments: [String]) -> Bool {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, arguments[0], &actions, nil, argv, environ) == 0 else { return false }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return status == 0
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
    }
}
