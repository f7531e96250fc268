#if canImport(Glibc)
import Glibc
#endif

/// The record of one run (DESIGN.md §8): what was run, with which parameters and versions,
/// when, how it ended, and every file it wrote with its size and SHA-256. `spatium-script`
/// writes it as `manifest.json` in the output directory when the run ends (also after an
/// error), atomically.
///
/// The JSON members, in this order:
///
/// | key | value |
/// |---|---|
/// | `format` | `"spatium-run-manifest"` |
/// | `format_version` | 1 |
/// | `spatium_version`, `lua_version` | version strings (`"0.1.0"`, `"5.4.6"`) |
/// | `command` | the command line, one string per argument (`argv`, program first) |
/// | `working_directory` | absolute path the run started in |
/// | `script` | the script path as given (null for `-e`, stdin, the REPL) |
/// | `script_sha256` | SHA-256 of the script file (null when there is none or it cannot be read) |
/// | `params` | `--param` values: integers, numbers, booleans or strings (later keys win) |
/// | `seed` | `--seed` (an integer; a string if above 2⁶³ − 1) |
/// | `threads` | `--threads` (0 = all cores) |
/// | `sandbox` | whether `--sandbox` was on |
/// | `output_directory` | absolute path (`--out`, or the current directory) |
/// | `start_time`, `end_time` | UTC, ISO 8601 with milliseconds (`2025-03-04T05:06:07.089Z`) |
/// | `duration_seconds` | `end_time − start_time` |
/// | `exit_status` | the process's exit status (0 success) |
/// | `status` | `"ok"` (exit status 0), `"failed"` or `"timeout"` (stopped by a sweep's `--timeout`) |
/// | `error` | the error message (with traceback) when the run failed, else null |
/// | `results` | what the script returned: its table's number, string and boolean members (`{}` when it returned nothing) |
/// | `files` | one object per file the run wrote: `path` (relative to the output directory when inside it, else absolute), `bytes`, `sha256` (64 hex digits); a file that could no longer be read has `bytes` and `sha256` null and an `error` |
///
/// ```swift
/// var manifest = RunManifest(command: CommandLine.arguments, outputDirectory: "/runs/a",
///                            spatiumVersion: "0.1.0", luaVersion: "5.4.6", start: .now())
/// manifest.files = ["/runs/a/metrics.csv"].map { RunManifest.OutputFile(describing: $0, in: "/runs/a") }
/// manifest.end = .now()
/// try manifest.write()                      // /runs/a/manifest.json
/// ```
public struct RunManifest: Sendable {
    /// The manifest's file name.
    public static let fileName = "manifest.json"
    /// Value of the `format` member.
    public static let format = "spatium-run-manifest"
    /// Value of the `format_version` member.
    public static let formatVersion = 1

    /// One file the run wrote.
    public struct OutputFile: Hashable, Sendable {
        /// As written in the manifest: relative to the output directory when inside it, else absolute.
        public var path: String
        /// Size in bytes (nil when the file could not be read).
        public var bytes: Int?
        /// SHA-256 of the contents, 64 lowercase hex digits (nil when the file could not be read).
        public var sha256: String?
        /// Why the file could not be read.
        public var error: String?

        public init(path: String, bytes: Int?, sha256: String?, error: String? = nil) {
            self.path = path
            self.bytes = bytes
            self.sha256 = sha256
            self.error = error
        }

        /// Reads the file at `absolutePath` now (size and SHA-256) and names it relative to
        /// `outputDirectory` when it lies inside it.
        ///
        /// ```swift
        /// RunManifest.OutputFile(describing: "/runs/a/sub/x.csv", in: "/runs/a").path   // "sub/x.csv"
        /// ```
        public init(describing absolutePath: String, in outputDirectory: String) {
            path = RunManifest.relativePath(absolutePath, to: outputDirectory) ?? absolutePath
            do {
                let (size, digest) = try RunManifest.measure(fileAt: absolutePath)
                bytes = size
                sha256 = digest.hex
            } catch {
                self.error = error.description
            }
        }

        /// The file's JSON object.
        public var json: JSONValue {
            var object = JSONObject()
            object.append("path", .string(path))
            object.append("bytes", bytes.map { .integer(Int64($0)) } ?? .null)
            object.append("sha256", sha256.map { .string($0) } ?? .null)
            if let error { object.append("error", .string(error)) }
            return .object(object)
        }
    }

    /// The command line, program first.
    public var command: [String]
    /// The directory the run started in (absolute).
    public var workingDirectory: String
    /// The script path as given, nil for `-e`, stdin or the REPL.
    public var script: String?
    /// SHA-256 of the script file, hex.
    public var scriptSHA256: String?
    /// `--param` values in order (objects keep one member per key, the last value).
    public var parameters: JSONObject
    /// `--seed`.
    public var seed: UInt64
    /// `--threads` (0 = all cores).
    public var threads: Int
    /// `--sandbox`.
    public var sandboxed: Bool
    /// Spatium's version.
    public var spatiumVersion: String
    /// The Lua release.
    public var luaVersion: String
    /// Where outputs go (absolute); the manifest is written there.
    public var outputDirectory: String
    /// When the run started.
    public var start: Timestamp
    /// When the run ended (set before writing).
    public var end: Timestamp
    /// The exit status.
    public var exitStatus: Int32
    /// The error message of a failed run.
    public var errorMessage: String?
    /// Files the run wrote, in the order they were first written.
    public var files: [OutputFile]
    /// Whether a sweep stopped the run at its time limit.
    public var timedOut = false
    /// The script's key results (`return {mean_rate = 0.2}`): numbers, strings, booleans.
    public var results = JSONObject()

    /// `"ok"`, `"failed"` or `"timeout"`.
    public var status: String { exitStatus == 0 ? "ok" : timedOut ? "timeout" : "failed" }

    /// A manifest for a run starting at `start`; `end` is `start` until set.
    public init(command: [String], workingDirectory: String? = nil, script: String? = nil,
                parameters: JSONObject = JSONObject(), seed: UInt64 = 1, threads: Int = 0, sandboxed: Bool = false,
                outputDirectory: String, spatiumVersion: String, luaVersion: String, start: Timestamp,
                exitStatus: Int32 = 0, errorMessage: String? = nil, files: [OutputFile] = []) {
        self.command = command
        self.workingDirectory = workingDirectory ?? RunManifest.currentDirectory() ?? outputDirectory
        self.script = script
        self.parameters = parameters
        self.seed = seed
        self.threads = threads
        self.sandboxed = sandboxed
        self.outputDirectory = outputDirectory
        self.spatiumVersion = spatiumVersion
        self.luaVersion = luaVersion
        self.start = start
        self.end = start
        self.exitStatus = exitStatus
        self.errorMessage = errorMessage
        self.files = files
    }

    /// The manifest as JSON (members in the documented order).
    public var json: JSONValue {
        var object = JSONObject()
        object.append("format", .string(RunManifest.format))
        object.append("format_version", .integer(Int64(RunManifest.formatVersion)))
        object.append("spatium_version", .string(spatiumVersion))
        object.append("lua_version", .string(luaVersion))
        object.append("command", .array(command.map { .string($0) }))
        object.append("working_directory", .string(workingDirectory))
        object.append("script", script.map { .string($0) } ?? .null)
        object.append("script_sha256", scriptSHA256.map { .string($0) } ?? .null)
        var params = JSONObject()
        for (key, value) in parameters.members { params.set(key, value) }
        object.append("params", .object(params))
        object.append("seed", seed <= UInt64(Int64.max) ? .integer(Int64(seed)) : .string(String(seed)))
        object.append("threads", .integer(Int64(threads)))
        object.append("sandbox", .bool(sandboxed))
        object.append("output_directory", .string(outputDirectory))
        object.append("start_time", .string(start.iso8601))
        object.append("end_time", .string(end.iso8601))
        object.append("duration_seconds", .number((start.seconds(until: end) * 1000).rounded() / 1000))
        object.append("exit_status", .integer(Int64(exitStatus)))
        object.append("status", .string(status))
        object.append("error", errorMessage.map { .string($0) } ?? .null)
        object.append("results", .object(results))
        object.append("files", .array(files.map(\.json)))
        return .object(object)
    }

    /// Pretty-printed JSON text with a final newline.
    public var text: String { json.encoded(pretty: true) + "\n" }

    /// Writes `manifest.json` into ``outputDirectory`` (atomically: a temporary file renamed
    /// over the old one); returns its path.
    @discardableResult
    public func write() throws(FileError) -> String {
        let path = outputDirectory.hasSuffix("/") ? outputDirectory + RunManifest.fileName
            : outputDirectory + "/" + RunManifest.fileName
        try AtomicFile.write(path: path, string: text)
        return path
    }

    // MARK: Helpers

    /// `path` relative to `directory` when it lies inside it (compared as written, then with
    /// symbolic links resolved), else nil. Both should be absolute.
    ///
    /// ```swift
    /// RunManifest.relativePath("/a/b/c.csv", to: "/a")     // "b/c.csv"
    /// RunManifest.relativePath("/x/c.csv", to: "/a")       // nil
    /// ```
    public static func relativePath(_ path: String, to directory: String) -> String? {
        func inside(_ path: String, _ directory: String) -> String? {
            let root = directory.hasSuffix("/") ? directory : directory + "/"
            guard path.hasPrefix(root), path.count > root.count else { return nil }
            return String(path.dropFirst(root.count))
        }
        if let relative = inside(path, directory) { return relative }
        guard let realDirectory = realPath(directory) else { return nil }
        // Resolve the file's directory (the file itself may be a symbolic link: keep its name).
        let slash = path.lastIndex(of: "/") ?? path.startIndex
        let parent = slash == path.startIndex ? "/" : String(path[..<slash])
        guard let realParent = realPath(parent) else { return nil }
        let name = String(path[path.index(after: slash)...])
        return inside(realParent == "/" ? "/" + name : realParent + "/" + name, realDirectory)
    }

    /// Size and SHA-256 of a file, read in 1 MB chunks.
    public static func measure(fileAt path: String) throws(FileError) -> (bytes: Int, digest: SHA256Digest) {
        try SHA256.measure(fileAt: path)
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func currentDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
