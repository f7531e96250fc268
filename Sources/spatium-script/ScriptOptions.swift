import SpatiumLua

/// The command line of `spatium-script`, parsed as `lua.c` does plus Spatium's own options.
struct ScriptOptions {
    /// `-e chunk` and `-l module`, in command-line order.
    enum Action: Equatable {
        case execute(String)
        case require(global: String, module: String)
    }

    var actions: [Action] = []
    var interactive = false        // -i
    var showVersion = false        // -v
    var ignoreEnvironment = false  // -E
    var warnings = false           // -W
    var help = false
    /// Index in `arguments` of the script (or "-" for stdin); nil if none.
    var scriptIndex: Int?
    /// The script's own arguments (`arg[1]`, `arg[2]`, …): what follows the script name, less
    /// the Spatium options recognised there (everything after a `--` that follows the script).
    var scriptArguments: [String] = []
    var outputDirectory = "."
    var outputDirectoryGiven = false
    var parameters: [(key: String, value: LuaContext.Parameter)] = []
    var seed: UInt64 = 1
    var threads = 0
    var threadsGiven = false
    var quiet = false
    var sandbox = false
    var memoryLimit = 0
    /// The options a sweep hands on to each point's process (`-e`, `-l`, `-E`, `-W`, `--param`,
    /// `--seed`, `--sandbox`, `--max-memory`), normalised, in command-line order.
    var forwarded: [String] = []

    /// `--grid`, `--jobs`, `--shard`, `--resume`, `--timeout`.
    var sweep = SweepOptions()

    /// Every option, for `--help` and for the "unrecognized option" message.
    static let valid = ["-e", "-l", "-i", "-v", "-E", "-W", "-", "--", "--version", "--help", "--param", "--out",
                        "--seed", "--threads", "--quiet", "--sandbox", "--max-memory",
                        "--grid", "--jobs", "--shard", "--resume", "--timeout"]

    /// Spatium's long options, which are recognised after the script name too (up to a `--`).
    static let spatiumOptions: Set<String> = ["--param", "--out", "--seed", "--threads", "--quiet", "--sandbox",
                                              "--max-memory", "--grid", "--jobs", "--shard", "--resume", "--timeout"]

    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    /// Parses `arguments` (`arguments[0]` is the program name).
    init(_ arguments: [String]) throws(UsageError) {
        var i = 1
        func value(for option: String, inline: String?) throws(UsageError) -> String {
            if let inline { return inline }
            i += 1
            guard i < arguments.count else { throw UsageError(description: "'\(option)' needs an argument") }
            return arguments[i]
        }
        /// `--name=value` → ("--name", "value"); `-evalue` → ("-e", "value").
        func split(_ argument: String) -> (name: String, inline: String?) {
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
            }
            if !argument.hasPrefix("--"), argument.count > 2, ["-e", "-l"].contains(String(argument.prefix(2))) {
                return (String(argument.prefix(2)), String(argument.dropFirst(2)))
            }
            return (argument, nil)
        }
        var optionsEnded = false
        while i < arguments.count {
            let argument = arguments[i]
            guard argument.hasPrefix("-") else { scriptIndex = i; break }
            if argument == "-" { scriptIndex = i; break }
            if argument == "--" {
                if i + 1 < arguments.count { scriptIndex = i + 1 }
                optionsEnded = true
                break
            }
            let (name, inline) = split(argument)
            switch name {
            case "-e":
                let chunk = try value(for: name, inline: inline)
                actions.append(.execute(chunk))
                forwarded += ["-e", chunk]
            case "-l":
                let spec = try value(for: name, inline: inline)
                if let equals = spec.firstIndex(of: "=") {
                    actions.append(.require(global: String(spec[..<equals]), module: String(spec[spec.index(after: equals)...])))
                } else {
                    actions.append(.require(global: spec, module: spec))
                }
                forwarded += ["-l", spec]
            case "-i": interactive = true; showVersion = true
            case "-v", "--version": showVersion = true
            case "-E": ignoreEnvironment = true; forwarded.append("-E")
            case "-W": warnings = true; forwarded.append("-W")
            case "--help", "-h": help = true
            case "-q": quiet = true
            default:
                guard ScriptOptions.spatiumOptions.contains(name) else {
                    throw UsageError(description: "unrecognized option '\(argument)' (valid: \(ScriptOptions.valid.joined(separator: " ")); see --help)")
                }
                try parseSpatiumOption(name, value: { () throws(UsageError) -> String in try value(for: name, inline: inline) })
            }
            i += 1
        }
        // After the script: Spatium's long options are still ours (`SCRIPT --grid k=1,2 --out DIR`),
        // anything else is the script's, and so is everything after a `--` (before the script
        // too: `-- SCRIPT args` hands every argument to the script, as lua.c does).
        if let scriptIndex, optionsEnded {
            scriptArguments = Array(arguments[(scriptIndex + 1)...])
        } else if let scriptIndex {
            i = scriptIndex + 1
            while i < arguments.count {
                let argument = arguments[i]
                if argument == "--" {
                    scriptArguments += arguments[(i + 1)...]
                    break
                }
                let (name, inline) = split(argument)
                if ScriptOptions.spatiumOptions.contains(name) {
                    try parseSpatiumOption(name, value: { () throws(UsageError) -> String in try value(for: name, inline: inline) })
                } else {
                    scriptArguments.append(argument)
                }
                i += 1
            }
        }
        try sweep.validate(given: self, script: scriptIndex.map { arguments[$0] })
    }

    /// One of ``spatiumOptions``; `value` reads its argument.
    private mutating func parseSpatiumOption(_ name: String, value: () throws(UsageError) -> String) throws(UsageError) {
        switch name {
        case "--quiet": quiet = true
        case "--sandbox": sandbox = true; forwarded.append("--sandbox")
        case "--resume": sweep.resume = true
        case "--out":
            outputDirectory = try value()
            outputDirectoryGiven = true
        case "--param":
            let pair = try value()
            let (key, text) = try ScriptOptions.parameter(pair, option: "--param")
            parameters.append((key, LuaContext.Parameter(parsing: text)))
            forwarded += ["--param", pair]
        case "--seed":
            let text = try value()
            seed = try ScriptOptions.seed(text, option: "--seed")
            forwarded += ["--seed", text]
        case "--threads":
            let text = try value()
            guard let parsed = Int(text), parsed >= 0, parsed <= 1024 else {
                throw UsageError(description: "--threads expects an integer from 0 (all cores) to 1024, got '\(text)'")
            }
            threads = parsed
            threadsGiven = true
        case "--max-memory":
            let text = try value()
            guard let bytes = ScriptOptions.parseBytes(text), bytes > 0 else {
                throw UsageError(description: "--max-memory expects a byte count such as 65536, 512K, 64M or 2G, got '\(text)'")
            }
            memoryLimit = bytes
            forwarded += ["--max-memory", text]
        case "--grid": try sweep.addGrid(try value())
        case "--jobs": try sweep.setJobs(try value())
        case "--shard": try sweep.setShard(try value())
        case "--timeout": try sweep.setTimeout(try value())
        default: preconditionFailure("not a Spatium option: \(name)")
        }
    }

    /// `key=value` with a valid Lua name as key.
    static func parameter(_ pair: String, option: String) throws(UsageError) -> (key: String, value: String) {
        guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
            throw UsageError(description: "\(option) expects key=value, got '\(pair)'")
        }
        let key = String(pair[..<equals])
        guard key.first.map({ $0.isLetter || $0 == "_" }) == true,
              key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw UsageError(description: "\(option) key '\(key)' is not a valid name (letters, digits, _)")
        }
        return (key, String(pair[pair.index(after: equals)...]))
    }

    /// A seed: a non-negative integer below 2⁶⁴.
    static func seed(_ text: String, option: String) throws(UsageError) -> UInt64 {
        guard let parsed = UInt64(text) else { throw UsageError(description: "\(option) expects a non-negative integer, got '\(text)'") }
        return parsed
    }

    /// `"64M"` → 67108864; plain numbers are bytes; K, M, G (powers of 1024), case-insensitive.
    static func parseBytes(_ text: String) -> Int? {
        guard let last = text.last else { return nil }
        let multipliers: [Character: Int] = ["k": 1 << 10, "m": 1 << 20, "g": 1 << 30]
        if let multiplier = multipliers[Character(last.lowercased())] {
            guard let number = Int(text.dropLast()) else { return nil }
            let (product, overflow) = number.multipliedReportingOverflow(by: multiplier)
            return overflow ? nil : product
        }
        return Int(text)
    }
}
