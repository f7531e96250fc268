#if canImport(Glibc)
import Glibc
#endif
import SpatiumLua
import SpatiumRuntime

/// Runs `spatium-script` as `lua.c` would: init code, `-e`/`-l` in order, the script with its
/// `arg` table, then the REPL when asked for or when standard input is a terminal.
struct ScriptRunner {
    static let programName = "spatium-script"
    let arguments: [String]

    /// The last message given to ``report(_:)`` and what the script returned (the run
    /// manifest's `error` and `results`).
    let record = RunRecord()

    /// Runs and returns the exit status.
    func run() -> Int32 {
        let start = RunManifest.Timestamp.now()
        let options: ScriptOptions
        do { options = try ScriptOptions(arguments) } catch {
            report(error.description + "\n" + "usage: spatium-script [options] [script [args]] (see --help)")
            return 1
        }
        if options.help {
            print(Usage.text)
            return 0
        }
        if options.sweep.isSweep {
            let directory = LuaContext.absolutePath(options.outputDirectory)
            do { try LuaContext.makeDirectories(directory) } catch {
                report("--out: \(error.description)")
                return 1
            }
            return SweepRunner(options: options, arguments: arguments, directory: directory).run()
        }
        let context = LuaContext(outputDirectory: options.outputDirectory, parameters: options.parameters,
                                 seed: options.seed, sandboxed: options.sandbox, quiet: options.quiet,
                                 threads: options.threads)
        do { try LuaContext.makeDirectories(context.outputDirectory) } catch {
            report("--out: \(error.description)")
            return 1
        }
        let interpreter: LuaInterpreter
        do { interpreter = try LuaInterpreter(context: context, memoryLimit: options.memoryLimit) } catch {
            report(error.description)
            return 1
        }
        // From here on every way out closes the interpreter (its __gc flush CSV files) and then
        // writes the run manifest: the return below, and os.exit through ExitLibrary.handler.
        let finish = { (status: Int32) -> Int32 in
            ExitLibrary.handler = nil
            interpreter.close()
            return writeManifest(status: status, start: start, context: context, outputDirectoryGiven: options.outputDirectoryGiven)
        }
        ExitLibrary.handler = { status in
            let final = finish(status)
            fflush(nil)
            exit(final)
        }
        return finish(run(interpreter, options: options, context: context))
    }

    /// The run proper, once the interpreter exists (its state is closed by the caller).
    private func run(_ interpreter: LuaInterpreter, options: ScriptOptions, context: LuaContext) -> Int32 {
        if options.warnings { interpreter.setWarnings(true) }
        createArgumentTable(interpreter, options: options)

        if options.showVersion { print(ScriptRunner.versionLine) }
        if !options.ignoreEnvironment, !runInit(interpreter) { return 1 }
        for action in options.actions {
            switch action {
            case .execute(let chunk):
                if !execute(interpreter, source: chunk, name: "=(command line)") { return 1 }
            case .require(let global, let module):
                if !require(interpreter, global: global, module: module) { return 1 }
            }
        }
        if let scriptIndex = options.scriptIndex {
            context.scriptPath = arguments[scriptIndex] == "-" ? nil : arguments[scriptIndex]
            if !runScript(interpreter, index: scriptIndex, arguments: options.scriptArguments) { return 1 }
        }
        if options.interactive {
            REPL(interpreter: interpreter).run()
        } else if options.scriptIndex == nil && options.actions.isEmpty && !options.showVersion {
            if isatty(0) != 0 {
                print(ScriptRunner.versionLine)
                REPL(interpreter: interpreter).run()
            } else {
                context.scriptPath = nil
                if !runFile(interpreter, path: nil, arguments: 0) { return 1 }
            }
        }
        return 0
    }

    // MARK: Run manifest

    /// Writes `manifest.json` into the output directory when `--out` was given or the run wrote
    /// files inside the output directory (the current one without `--out`) through Spatium's
    /// writers; returns the exit status (1 instead of 0 when the manifest could not be written).
    private func writeManifest(status: Int32, start: RunManifest.Timestamp, context: LuaContext, outputDirectoryGiven: Bool) -> Int32 {
        let files = context.writtenFiles
        let root = context.outputDirectory.hasSuffix("/") ? context.outputDirectory : context.outputDirectory + "/"
        guard outputDirectoryGiven || files.contains(where: { $0.hasPrefix(root) }) else { return status }
        var manifest = RunManifest(command: arguments, script: context.scriptPath,
                                   parameters: ScriptRunner.json(parameters: context.parameters),
                                   seed: context.seed, threads: context.threads, sandboxed: context.sandboxed,
                                   outputDirectory: context.outputDirectory, spatiumVersion: SpatiumModule.version,
                                   luaVersion: LuaInterpreter.luaRelease, start: start,
                                   exitStatus: status, errorMessage: status == 0 ? nil : record.message)
        manifest.results = record.results
        if let script = context.scriptPath {
            manifest.scriptSHA256 = try? RunManifest.measure(fileAt: script).digest.hex
        }
        manifest.files = files.map { RunManifest.OutputFile(describing: $0, in: context.outputDirectory) }
        manifest.end = .now()
        do { try manifest.write() } catch {
            report("cannot write the run manifest: \(error)")
            return status == 0 ? 1 : status
        }
        return status
    }

    /// `--param` values as the manifest's `params` (later keys win).
    static func json(parameters: [(key: String, value: LuaContext.Parameter)]) -> JSONObject {
        var object = JSONObject()
        for (key, value) in parameters { object.set(key, json(parameter: value)) }
        return object
    }

    static func json(parameter: LuaContext.Parameter) -> JSONValue {
        switch parameter {
        case .integer(let v): .integer(v)
        case .number(let v): .number(v)
        case .boolean(let v): .bool(v)
        case .text(let v): .string(v)
        }
    }

    static var versionLine: String { "Spatium \(SpatiumModule.version) (Lua \(LuaInterpreter.luaRelease))" }

    /// `arg`: the script at 0, its arguments at 1…n, the interpreter's options at negative indices.
    func createArgumentTable(_ interpreter: LuaInterpreter, options: ScriptOptions) {
        let lua = interpreter.state
        let script = options.scriptIndex ?? 0
        lua.newTable(arrayCount: Int32(options.scriptArguments.count), recordCount: Int32(script + 1))
        for (i, argument) in arguments[...script].enumerated() {
            lua.push(argument)
            lua.rawSet(at: -2, position: i - script)
        }
        for (i, argument) in options.scriptArguments.enumerated() {
            lua.push(argument)
            lua.rawSet(at: -2, position: i + 1)
        }
        lua.rawSetGlobal("arg")
    }

    func runInit(_ interpreter: LuaInterpreter) -> Bool {
        var name = "=LUA_INIT_5_4"
        var value = getenv("LUA_INIT_5_4")
        if value == nil {
            name = "=LUA_INIT"
            value = getenv("LUA_INIT")
        }
        guard let value else { return true }
        let code = String(cString: value)
        if code.hasPrefix("@") { return runFile(interpreter, path: String(code.dropFirst()), arguments: 0) }
        return execute(interpreter, source: code, name: name)
    }

    func execute(_ interpreter: LuaInterpreter, source: String, name: String) -> Bool {
        do { try interpreter.run(source: source, name: name) } catch {
            report(error.description)
            return false
        }
        return true
    }

    func require(_ interpreter: LuaInterpreter, global: String, module: String) -> Bool {
        let lua = interpreter.state
        lua.rawGetGlobal("require")
        lua.push(module)
        if let error = interpreter.protectedCall(arguments: 1, results: 1) {
            report(error)
            return false
        }
        lua.rawSetGlobal(global)
        return true
    }

    /// Runs the script with its arguments and records what it returns (the manifest's `results`).
    func runScript(_ interpreter: LuaInterpreter, index: Int, arguments scriptArguments: [String]) -> Bool {
        let script = arguments[index]
        let isStdin = script == "-" && (index == 0 || arguments[index - 1] != "--")
        let lua = interpreter.state
        if !isStdin { interpreter.prependModuleDirectory(ofScript: script) }
        return runFile(interpreter, path: isStdin ? nil : script, arguments: scriptArguments.count, results: 1) {
            for argument in scriptArguments { lua.push(argument) }
        } collect: {
            let results = ScriptResults(lua, at: -1)
            record.results = results.values
            if !results.skipped.isEmpty {
                ScriptRunner.printMessage("not recorded in the manifest's results (numbers, strings and booleans only): \(results.skipped.joined(separator: ", "))")
            }
        }
    }

    /// Loads `path` (nil: standard input), pushes the arguments and calls it.
    func runFile(_ interpreter: LuaInterpreter, path: String?, arguments count: Int, results: Int32 = 0,
                 pushArguments: () -> Void = {}, collect: () -> Void = {}) -> Bool {
        let lua = interpreter.state
        if let error = interpreter.loadFile(path) {
            report(error)
            return false
        }
        pushArguments()
        if let error = interpreter.protectedCall(arguments: Int32(count), results: results) {
            report(error)
            return false
        }
        if results > 0 {
            collect()
            lua.pop(results)
        }
        return true
    }

    /// `spatium-script: message` on stderr.
    func report(_ message: String) {
        record.message = message
        ScriptRunner.printMessage(message)
    }

    /// `spatium-script: message` on stderr, without recording it.
    static func printMessage(_ message: String) {
        writeError("\(programName): \(message)\n")
    }

    static func writeError(_ text: String) {
        var text = text
        text.withUTF8 { bytes in _ = fwrite(bytes.baseAddress, 1, bytes.count, stderr) }
        fflush(stderr)
    }
}

/// The last error message a run reported and what its script returned (shared by the copies
/// of the runner struct).
final class RunRecord {
    var message: String?
    var results = JSONObject()
}
