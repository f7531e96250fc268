#if canImport(Glibc)
import Glibc
#endif
import SpatiumLua
import SpatiumRuntime

/// Runs a parameter sweep: each point of the grid (this shard's share) in its own
/// `spatium-script` process with `--out DIR/<point>`, its `--param`s and `--quiet`, at most
/// `--jobs` at once; stdout and stderr of a point go to `DIR/<point>/output.log`. A point that
/// fails does not stop the others; one that exceeds `--timeout` is stopped (SIGTERM, then SIGKILL
/// after a grace period) and recorded as `timeout`. At the end `DIR/summary.csv` is rebuilt from
/// the point directories under a lock, so shards writing into one directory merge.
///
/// SIGINT, SIGTERM and SIGHUP stop the sweep: running points are stopped, the summary is
/// written (their rows say `pending` or `failed`), and the exit status is 128 + the signal.
struct SweepRunner {
    let options: ScriptOptions
    let arguments: [String]
    /// Absolute sweep directory.
    let directory: String

    /// Seconds between SIGTERM and SIGKILL for a point past its time limit.
    static let gracePeriod = 5.0
    /// Name of a point's log of stdout and stderr.
    static let logName = "output.log"

    /// A point being run.
    private struct Running {
        let point: SweepPoint
        let pid: pid_t
        let started: RunManifest.Timestamp
        let startSeconds: Double
        var terminatedAt: Double?
    }

    /// Runs this process's share of the sweep; returns the exit status.
    func run() -> Int32 {
        let grid = options.sweep.grid
        let mine = grid.points(shard: options.sweep.shard.index, of: options.sweep.shard.count)
        let cores = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let jobs = max(1, min(options.sweep.jobs ?? cores, max(mine.count, 1)))
        let threadsPerPoint = options.threadsGiven ? options.threads : max(1, cores / jobs)
        guard let executable = SweepRunner.executablePath() else {
            report("cannot find the spatium-script executable (/proc/self/exe)")
            return 1
        }

        var pending: [SweepPoint] = []
        var skipped = 0
        for point in mine {
            if options.sweep.resume && SweepSummary.succeeded(point, in: directory) {
                skipped += 1
            } else {
                pending.append(point)
            }
        }

        var signals = sigset_t()
        sigemptyset(&signals)
        for signal in [SIGCHLD, SIGINT, SIGTERM, SIGHUP] { sigaddset(&signals, signal) }
        var previousMask = sigset_t()
        pthread_sigmask(SIG_BLOCK, &signals, &previousMask)
        defer { pthread_sigmask(SIG_SETMASK, &previousMask, nil) }

        let progress = !options.quiet && isatty(2) != 0
        let sweepStart = SweepRunner.monotonicSeconds()
        var running: [Running] = []
        var finished = 0, failed = 0
        var stopSignal: Int32?
        var next = 0

        func drawProgress() {
            guard progress else { return }
            let elapsed = Int(SweepRunner.monotonicSeconds() - sweepStart)
            ScriptRunner.writeError("\r\u{1B}[Ksweep: \(finished + skipped)/\(mine.count) done (\(failed) failed), \(running.count) running, \(elapsed) s")
        }

        while true {
            // Start points while there is room.
            while stopSignal == nil, running.count < jobs, next < pending.count {
                let point = pending[next]
                next += 1
                do {
                    let pid = try start(point, executable: executable, threads: threadsPerPoint)
                    running.append(Running(point: point, pid: pid, started: .now(), startSeconds: SweepRunner.monotonicSeconds()))
                } catch {
                    finished += 1
                    failed += 1
                    recordFailure(point, message: error.description, exitStatus: 1, timedOut: false, started: .now(), threads: threadsPerPoint)
                    reportFailure(point, progress: progress)
                }
            }
            drawProgress()
            if running.isEmpty && (next >= pending.count || stopSignal != nil) { break }

            // Reap finished points.
            var status: Int32 = 0
            var reaped = false
            while true {
                let pid = waitpid(-1, &status, WNOHANG)
                if pid <= 0 { break }
                guard let slot = running.firstIndex(where: { $0.pid == pid }) else { continue }
                let entry = running.remove(at: slot)
                reaped = true
                finished += 1
                if !complete(entry, status: status, threads: threadsPerPoint, stopSignal: stopSignal) {
                    failed += 1
                    reportFailure(entry.point, progress: progress)
                }
            }
            if reaped { continue }

            // Time limits.
            let now = SweepRunner.monotonicSeconds()
            var wait = 0.5
            for i in running.indices {
                if let terminatedAt = running[i].terminatedAt {
                    if now - terminatedAt >= SweepRunner.gracePeriod { kill(running[i].pid, SIGKILL) }
                    else { wait = min(wait, SweepRunner.gracePeriod - (now - terminatedAt)) }
                } else if let timeout = options.sweep.timeout {
                    let left = timeout - (now - running[i].startSeconds)
                    if left <= 0 {
                        kill(running[i].pid, SIGTERM)
                        running[i].terminatedAt = now
                    } else {
                        wait = min(wait, left)
                    }
                }
            }

            // Sleep until a child exits, a signal arrives or a deadline passes.
            var timeout = timespec(tv_sec: Int(wait), tv_nsec: Int((wait - wait.rounded(.down)) * 1e9))
            var information = siginfo_t()
            let signal = sigtimedwait(&signals, &information, &timeout)
            if signal == SIGINT || signal == SIGTERM || signal == SIGHUP, stopSignal == nil {
                stopSignal = signal
                for entry in running { kill(entry.pid, SIGTERM) }
                for i in running.indices where running[i].terminatedAt == nil { running[i].terminatedAt = SweepRunner.monotonicSeconds() }
            }
        }
        if progress { ScriptRunner.writeError("\r\u{1B}[K") }

        let summary: SweepSummary
        do { summary = try writeSummary(grid) } catch {
            report("cannot write \(directory)/\(SweepSummary.fileName): \(error)")
            return 1
        }
        if let stopSignal {
            report("sweep stopped by signal \(stopSignal) after \(finished) of \(pending.count) points; \(directory)/\(SweepSummary.fileName) has what finished (rerun with --resume)")
            return 128 + stopSignal
        }
        if !options.quiet {
            var line = "sweep: \(mine.count) points"
            if options.sweep.shard.count > 1 { line += " (shard \(options.sweep.shard.index)/\(options.sweep.shard.count) of \(grid.count))" }
            line += ", \(mine.count - failed) ok"
            if skipped > 0 { line += " (\(skipped) already done)" }
            line += ", \(failed) failed; summary: \(directory)/\(SweepSummary.fileName)"
            if summary.count("pending") > 0 { line += " (\(summary.count("pending")) points pending in other shards)" }
            print(line)
        }
        return failed == 0 ? 0 : 1
    }

    // MARK: Points

    /// The command line of one point's process.
    func commandLine(for point: SweepPoint, executable: String, threads: Int) -> [String] {
        var command = [executable]
        command += options.forwarded
        for assignment in point.assignments {
            if assignment.key == "seed" {
                command += ["--seed", assignment.value]
            } else {
                command += ["--param", "\(assignment.key)=\(assignment.value)"]
            }
        }
        command += ["--threads", String(threads), "--quiet", "--out", pointDirectory(point)]
        command.append(arguments[options.scriptIndex!])
        if !options.scriptArguments.isEmpty { command.append("--") }
        command += options.scriptArguments
        return command
    }

    func pointDirectory(_ point: SweepPoint) -> String { directory + "/" + point.directoryName }

    /// Clears the point's directory and starts its process.
    private func start(_ point: SweepPoint, executable: String, threads: Int) throws(SweepError) -> pid_t {
        let pointDirectory = pointDirectory(point)
        try SweepRunner.clear(pointDirectory)
        let command = commandLine(for: point, executable: executable, threads: threads)
        let logPath = pointDirectory + "/" + SweepRunner.logName

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = command.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard code == 0 else {
            throw SweepError("cannot start \(executable) for point \(point.directoryName): \(String(cString: strerror(code)))")
        }
        return pid
    }

    /// Records how a point's process ended; returns whether the point succeeded.
    private func complete(_ entry: Running, status: Int32, threads: Int, stopSignal: Int32?) -> Bool {
        let exited = status & 0x7F == 0
        let exitStatus = exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let timedOut = entry.terminatedAt != nil && options.sweep.timeout != nil
        let manifestPath = pointDirectory(entry.point) + "/" + RunManifest.fileName
        if timedOut {
            let limit = SweepRunner.formatSeconds(options.sweep.timeout!)
            recordFailure(entry.point, message: "stopped after the --timeout of \(limit) s", exitStatus: exitStatus,
                          timedOut: true, started: entry.started, threads: threads)
            return false
        }
        if exited && access(manifestPath, F_OK) == 0 {
            return exitStatus == 0 && SweepSummary.succeeded(entry.point, in: directory)
        }
        var message = exited ? "exited with status \(exitStatus) without writing a manifest"
            : "killed by signal \(status & 0x7F) (\(String(cString: strsignal(status & 0x7F))))"
        if let stopSignal, entry.terminatedAt != nil {
            message = "stopped because the sweep received signal \(stopSignal) (\(String(cString: strsignal(stopSignal)))); rerun with --resume"
        }
        if let last = SweepRunner.lastLine(of: pointDirectory(entry.point) + "/" + SweepRunner.logName) {
            message += "; last output: \(last)"
        }
        recordFailure(entry.point, message: message, exitStatus: exitStatus == 0 ? 1 : exitStatus, timedOut: false,
                      started: entry.started, threads: threads)
        return false
    }

    /// Writes the manifest of a point whose process could not write its own.
    private func recordFailure(_ point: SweepPoint, message: String, exitStatus: Int32, timedOut: Bool,
                               started: RunManifest.Timestamp, threads: Int) {
        var parameters = ScriptRunner.json(parameters: options.parameters)
        var seed = options.seed
        for assignment in point.assignments {
            if assignment.key == "seed" { seed = UInt64(assignment.value) ?? seed }
            else { parameters.set(assignment.key, ScriptRunner.json(parameter: LuaContext.Parameter(parsing: assignment.value))) }
        }
        let executable = SweepRunner.executablePath() ?? arguments[0]
        var manifest = RunManifest(command: commandLine(for: point, executable: executable, threads: threads),
                                   script: arguments[options.scriptIndex!], parameters: parameters, seed: seed,
                                   threads: threads, sandboxed: options.sandbox, outputDirectory: pointDirectory(point),
                                   spatiumVersion: SpatiumModule.version, luaVersion: LuaInterpreter.luaRelease, start: started,
                                   exitStatus: exitStatus, errorMessage: message)
        manifest.timedOut = timedOut
        manifest.end = .now()
        do { try LuaContext.makeDirectories(pointDirectory(point)); try manifest.write() } catch {
            report("cannot write the manifest of point \(point.directoryName): \(error)")
        }
    }

    private func reportFailure(_ point: SweepPoint, progress: Bool) {
        let row = SweepSummary.row(for: point, in: directory)
        if progress { ScriptRunner.writeError("\r\u{1B}[K") }
        report("point \(point.directoryName) \(row.status == "timeout" ? "timed out" : "failed"): \(row.error ?? "no message") (log: \(pointDirectory(point))/\(SweepRunner.logName))")
    }

    /// Rebuilds `summary.csv` under an exclusive lock on `DIR/.summary.lock`, so that the last
    /// shard to finish writes a summary that includes every shard's points.
    private func writeSummary(_ grid: SweepGrid) throws -> SweepSummary {
        let lockPath = directory + "/.summary.lock"
        let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if lock >= 0 {
            while flock(lock, LOCK_EX) != 0 && errno == EINTR {}
        }
        defer { if lock >= 0 { close(lock) } }
        let summary = SweepSummary(grid: grid, directory: directory)
        try summary.write()
        return summary
    }

    private func report(_ message: String) { ScriptRunner.printMessage(message) }

    // MARK: Helpers

    /// Empties a point's directory for a fresh run (creating it if missing). A directory that
    /// holds files but neither a manifest nor a log is not a point directory and is left alone.
    static func clear(_ path: String) throws(SweepError) {
        var information = stat()
        if lstat(path, &information) == 0 {
            guard information.st_mode & S_IFMT == S_IFDIR else {
                throw SweepError("'\(path)' exists and is not a directory; move it out of the sweep directory")
            }
            let entries = DirectoryTree.entries(of: path) ?? []
            guard entries.isEmpty || entries.contains(RunManifest.fileName) || entries.contains(logName) else {
                throw SweepError("'\(path)' holds files that no sweep wrote (no \(RunManifest.fileName) or \(logName)); move it out of the sweep directory")
            }
            unlink(path + "/" + RunManifest.fileName)
            do { try DirectoryTree.removeContents(of: path) } catch { throw SweepError("cannot clear '\(path)' for a new run: \(error)") }
        }
        do { try LuaContext.makeDirectories(path) } catch { throw SweepError("cannot create '\(path)': \(error.description)") }
    }

    /// The running binary (`/proc/self/exe`).
    static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// `5`, `0.5`.
    static func formatSeconds(_ seconds: Double) -> String {
        seconds == seconds.rounded() && seconds < 1e15 ? String(Int(seconds)) : String(seconds)
    }

    /// The last non-empty line of a small text file (at most its last 4 KB are read).
    static func lastLine(of path: String) -> String? {
        guard let bytes = try? FileContents.read(path) else { return nil }
        let text = String(decoding: bytes.suffix(4096), as: UTF8.self)
        return text.split(whereSeparator: \.isNewline).last.map(String.init)
    }
}
