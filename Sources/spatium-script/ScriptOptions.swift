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
    var outputDirectory = "."
    var parameters: [(key: String, value: LuaContext.Parameter)] = []
    var seed: UInt64 = 1
    var threads = 0
    var quiet = false
    var sandbox = false
    var memoryLimit = 0

    /// Every option, for `--help` and for the "unrecognized option" message.
    static let valid = ["-e", "-l", "-i", "-v", "-E", "-W", "-", "--", "--version", "--help", "--param", "--out",
                        "--seed", "--threads", "--quiet", "--sandbox", "--max-memory"]

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
        while i < arguments.count {
            let argument = arguments[i]
            guard argument.hasPrefix("-") else { scriptIndex = i; break }
            if argument == "-" { scriptIndex = i; break }
            if argument == "--" {
                if i + 1 < arguments.count { scriptIndex = i + 1 }
                break
            }
            var name = argument
            var inline: String? = nil
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            } else if !argument.hasPrefix("--"), argument.count > 2, ["-e", "-l"].contains(String(argument.prefix(2))) {
                name = String(argument.prefix(2))
                inline = String(argument.dropFirst(2))
            }
            switch name {
            case "-e": actions.append(.execute(try value(for: name, inline: inline)))
            case "-l":
                let spec = try value(for: name, inline: inline)
                if let equals = spec.firstIndex(of: "=") {
                    actions.append(.require(global: String(spec[..<equals]), module: String(spec[spec.index(after: equals)...])))
                } else {
                    actions.append(.require(global: spec, module: spec))
                }
            case "-i": interactive = true; showVersion = true
            case "-v", "--version": showVersion = true
            case "-E": ignoreEnvironment = true
            case "-W": warnings = true
            case "--help", "-h": help = true
            case "--quiet", "-q": quiet = true
            case "--sandbox": sandbox = true
            case "--out": outputDirectory = try value(for: name, inline: inline)
            case "--param":
                let pair = try value(for: name, inline: inline)
                guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                    throw UsageError(description: "--param expects key=value, got '\(pair)'")
                }
                let key = String(pair[..<equals])
                guard key.first.map({ $0.isLetter || $0 == "_" }) == true,
                      key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                    throw UsageError(description: "--param key '\(key)' is not a valid name (letters, digits, _)")
                }
                parameters.append((key, LuaContext.Parameter(parsing: String(pair[pair.index(after: equals)...]))))
            case "--seed":
                let text = try value(for: name, inline: inline)
                guard let parsed = UInt64(text) else { throw UsageError(description: "--seed expects a non-negative integer, got '\(text)'") }
                seed = parsed
            case "--threads":
                let text = try value(for: name, inline: inline)
                guard let parsed = Int(text), parsed >= 0, parsed <= 1024 else {
                    throw UsageError(description: "--threads expects an integer from 0 (all cores) to 1024, got '\(text)'")
                }
                threads = parsed
            case "--max-memory":
                let text = try value(for: name, inline: inline)
                guard let bytes = ScriptOptions.parseBytes(text), bytes > 0 else {
                    throw UsageError(description: "--max-memory expects a byte count such as 65536, 512K, 64M or 2G, got '\(text)'")
                }
                memoryLimit = bytes
            default:
                throw UsageError(description: "unrecognized option '\(argument)' (valid: \(ScriptOptions.valid.joined(separator: " ")); see --help)")
            }
            i += 1
        }
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
