import SpatiumRuntime

/// `--grid`, `--jobs`, `--shard`, `--resume` and `--timeout`: the options that turn a run into a
/// parameter sweep (one process per point, see ``SweepRunner``).
struct SweepOptions {
    /// The points (empty axes: not a sweep).
    var grid = SweepGrid()
    /// `--jobs N`: points run at once (nil: the core count).
    var jobs: Int?
    /// `--shard I/N`: this process runs points whose index is I − 1 modulo N.
    var shard = (index: 1, count: 1)
    /// `--resume`: skip points whose manifest says they succeeded.
    var resume = false
    /// `--timeout S`: seconds a point may run before it is stopped.
    var timeout: Double?
    /// Whether any sweep option other than `--grid` was given (they need a grid).
    private var needsGrid: String?

    typealias UsageError = ScriptOptions.UsageError

    /// Whether the command line asks for a sweep.
    var isSweep: Bool { !grid.axes.isEmpty }

    mutating func addGrid(_ text: String) throws(UsageError) {
        do { try grid.add(text) } catch { throw UsageError(description: error.description) }
    }

    mutating func setJobs(_ text: String) throws(UsageError) {
        guard let count = Int(text), (1...1024).contains(count) else {
            throw UsageError(description: "--jobs expects an integer from 1 to 1024, got '\(text)'")
        }
        jobs = count
        needsGrid = needsGrid ?? "--jobs"
    }

    mutating func setShard(_ text: String) throws(UsageError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, count <= 1_000_000 else {
            throw UsageError(description: "--shard expects I/N with 1 ≤ I ≤ N (such as 1/4), got '\(text)'")
        }
        guard (1...count).contains(index) else {
            throw UsageError(description: "--shard \(text): the shard index counts from 1 to \(count)"
                             + (index == 0 ? " (for a 0-based task id, pass $((ID + 1))/\(count))" : ""))
        }
        shard = (index, count)
        needsGrid = needsGrid ?? "--shard"
    }

    mutating func setTimeout(_ text: String) throws(UsageError) {
        guard let seconds = Double(text), seconds.isFinite, seconds > 0, seconds <= 31_536_000 else {
            throw UsageError(description: "--timeout expects a positive number of seconds, got '\(text)'")
        }
        timeout = seconds
        needsGrid = needsGrid ?? "--timeout"
    }

    /// Checks the combination with the rest of the command line (`script`: the script argument).
    func validate(given options: ScriptOptions, script: String?) throws(UsageError) {
        if resume && !isSweep { throw UsageError(description: "--resume needs a sweep (--grid key=v1,v2,…)") }
        guard isSweep else {
            if let needsGrid { throw UsageError(description: "\(needsGrid) needs a sweep (--grid key=v1,v2,…)") }
            return
        }
        guard let script, script != "-" else {
            throw UsageError(description: "--grid needs a script file (spatium-script SCRIPT --grid key=v1,v2,… --out DIR); standard input cannot be run once per point")
        }
        guard !options.interactive else { throw UsageError(description: "--grid cannot be combined with -i") }
        for key in grid.keys where options.parameters.contains(where: { $0.key == key }) {
            throw UsageError(description: "'\(key)' is both a --grid key and a --param; give it in one place")
        }
        if let values = grid.axes.first(where: { $0.key == "seed" })?.values {
            if options.forwarded.contains("--seed") {
                throw UsageError(description: "'seed' is both a --grid key and --seed; give it in one place")
            }
            for value in values where UInt64(value) == nil {
                throw UsageError(description: "--grid seed: '\(value)' is not a seed (a non-negative integer)")
            }
        }
    }
}
