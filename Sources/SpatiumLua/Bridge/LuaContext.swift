#if canImport(Glibc)
import Glibc
#endif
import CLua

/// What a running script knows about its run: output directory, params, seed, sandbox.
///
/// One context per Lua state, reachable from any Swift function through ``of(_:)``.
///
/// ```swift
/// let path = try LuaContext.of(lua).outputPath(for: "rates.csv")   // <--out>/rates.csv
/// ```
public final class LuaContext {
    /// A `--param` value: numbers and booleans are converted, everything else stays text.
    public enum Parameter: Equatable, Sendable {
        case integer(Int64), number(Double), boolean(Bool), text(String)

        /// Parses `"3"` → integer, `"0.5"`/`"1e3"` → number, `"true"`/`"false"` → boolean.
        public init(parsing text: String) {
            if let integer = Int64(text) { self = .integer(integer) }
            else if let number = Double(text), !text.isEmpty, text.first != "+" || text.count > 1,
                    !text.lowercased().hasPrefix("nan"), !text.lowercased().hasPrefix("inf") { self = .number(number) }
            else if text == "true" { self = .boolean(true) }
            else if text == "false" { self = .boolean(false) }
            else { self = .text(text) }
        }
    }

    /// Absolute output directory (`--out`, default the current directory).
    public var outputDirectory: String
    /// `--param` values in command-line order (later keys win when the table is built).
    public var parameters: [(key: String, value: Parameter)]
    /// Default seed for everything random (`--seed`).
    public var seed: UInt64
    /// `--sandbox`: no processes, no C modules, writes only under ``outputDirectory``.
    public var sandboxed: Bool
    /// `--quiet`: no progress lines.
    public var quiet: Bool
    /// Requested worker threads (`--threads`, 0 = all cores).
    public var threads: Int
    /// The script being run (nil for `-e`, stdin or the REPL).
    public var scriptPath: String?
    /// Files written through Spatium's writers, in order (for the run manifest).
    public private(set) var writtenFiles: [String] = []

    public init(outputDirectory: String = ".", parameters: [(key: String, value: Parameter)] = [],
                seed: UInt64 = 1, sandboxed: Bool = false, quiet: Bool = false, threads: Int = 0) {
        self.outputDirectory = LuaContext.absolutePath(outputDirectory)
        self.parameters = parameters
        self.seed = seed
        self.sandboxed = sandboxed
        self.quiet = quiet
        self.threads = threads
    }

    /// The context of the state `lua` belongs to.
    public static func of(_ lua: LuaState) -> LuaContext {
        let slot = spatium_getextraspace(lua.pointer)!
        let reference = slot.load(as: UnsafeMutableRawPointer.self)
        return Unmanaged<LuaContext>.fromOpaque(reference).takeUnretainedValue()
    }

    /// Records a file a Spatium writer produced (for the manifest).
    public func recordWritten(_ path: String) {
        let absolute = LuaContext.absolutePath(path)
        if !writtenFiles.contains(absolute) { writtenFiles.append(absolute) }
    }

    /// `name` resolved under the output directory (absolute names are kept), with missing
    /// parent directories created. In the sandbox the result must stay under the output directory.
    public func outputPath(for name: String) throws(LuaError) -> String {
        let path = name.hasPrefix("/") ? name : LuaContext.join(outputDirectory, name)
        let checked = try checkWritable(path)
        try LuaContext.makeDirectories(LuaContext.parent(of: checked))
        return checked
    }

    /// `path` if this run may write it: anywhere normally, only under the output directory in
    /// the sandbox (after resolving `..` and symbolic links of existing directories).
    @discardableResult
    public func checkWritable(_ path: String) throws(LuaError) -> String {
        guard sandboxed else { return path }
        let resolved = LuaContext.resolve(LuaContext.absolutePath(path))
        let root = LuaContext.resolve(outputDirectory)
        guard let resolved, let root, resolved == root || resolved.hasPrefix(root == "/" ? "/" : root + "/") else {
            throw .runtime("sandbox: writing '\(path)' is not allowed (only under \(outputDirectory))")
        }
        return resolved
    }

    // MARK: Paths (Glibc only: keeps start-up free of Foundation)

    /// `path` made absolute against the current directory (no symlink resolution).
    public static func absolutePath(_ path: String) -> String {
        if path.hasPrefix("/") { return normalise(path) }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return normalise(join(cwd, path))
    }

    /// Removes `.`, empty components and folds `..` textually.
    static func normalise(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The real path: symlinks of the longest existing prefix resolved, the rest appended.
    static func resolve(_ absolute: String) -> String? {
        var existing = absolute
        var rest: [String] = []
        while true {
            if let real = realpath(existing, nil) {
                defer { free(real) }
                let base = String(cString: real)
                return normalise(([base] + rest.reversed()).joined(separator: "/"))
            }
            guard existing != "/" else { return nil }
            rest.append(String(existing.split(separator: "/").last ?? ""))
            existing = parent(of: existing)
        }
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `mkdir -p`.
    public static func makeDirectories(_ path: String) throws(LuaError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw .runtime("cannot create directory '\(current)': \(String(cString: strerror(errno)))")
            }
        }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw .runtime("'\(path)' exists and is not a directory")
        }
    }
}
