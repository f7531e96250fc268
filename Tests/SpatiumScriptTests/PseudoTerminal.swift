import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Drives a child process through a pseudo-terminal, as a person at a keyboard would.
final class PseudoTerminal {
    let master: Int32
    let pid: pid_t
    private(set) var transcript = ""
    private(set) var lastWaitStatus: Int32 = -1

    /// Starts `executable` with the terminal as its controlling terminal and standard streams.
    init(executable: String, arguments: [String], environment: [String: String]) throws {
        var master: Int32 = -1, slave: Int32 = -1
        guard openpty(&master, &slave, nil, nil, nil) == 0 else { throw POSIXError(.EIO) }
        let slaveName = String(cString: ttyname(slave))
        close(slave)
        self.master = master
        var attributes: posix_spawnattr_t = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        // New session, empty signal mask and default SIGINT (the test runner's threads may block or ignore it).
        posix_spawnattr_setflags(&attributes, 0x80 | 0x08 | 0x04) // SETSID | SETSIGMASK | SETSIGDEF (glibc)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        // Opened after setsid: the terminal becomes the child's controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slaveName, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        posix_spawn_file_actions_addclose(&actions, master)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        posix_spawn_file_actions_destroy(&actions)
        posix_spawnattr_destroy(&attributes)
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EIO) }
        pid = child
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }

    /// Types `text` (use "\u{03}" for Ctrl-C, "\u{04}" for Ctrl-D).
    /// Waits a moment first, as a person would: libedit flushes keys typed before it is ready.
    func type(_ text: String) {
        usleep(150_000)
        _ = text.withCString { write(master, $0, strlen($0)) }
    }

    /// Reads until the transcript (since `from`) contains `needle`, or `timeout` seconds pass.
    @discardableResult
    func expect(_ needle: String, timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !transcript.contains(needle) {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return false }
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32(remaining * 1000)) > 0 else { return false }
            let count = read(master, &buffer, buffer.count)
            if count <= 0 { return transcript.contains(needle) }
            transcript += String(decoding: buffer[0..<count], as: UTF8.self)
        }
        return true
    }

    /// Forgets what was read so far (so the next `expect` looks only at new output).
    func clear() { transcript = "" }

    /// Waits for the child to exit; its exit status, or nil on timeout or a signal.
    func waitForExit(timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                lastWaitStatus = status
                // WIFEXITED / WEXITSTATUS
                return (status & 0x7f) == 0 ? (status >> 8) & 0xff : nil
            }
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 50) > 0, (descriptor.revents & Int16(POLLIN)) != 0 {
                let count = read(master, &buffer, buffer.count)
                if count > 0 { transcript += String(decoding: buffer[0..<count], as: UTF8.self) }
            }
        }
        return nil
    }
}
