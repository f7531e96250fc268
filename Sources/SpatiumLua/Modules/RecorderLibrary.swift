#if canImport(Glibc)
import Glibc
#endif
import CLua
import SpatiumRuntime

/// `spatium.record(brain, {…})` (also `b:record{…}`) → a metrics recorder that writes built-in
/// per-area metrics to a CSV file after every `every`-th burst, however the bursts are run
/// (`b:step`, `b:run`).
///
/// ```lua
/// local r = b:record{every = 10, to = "metrics.csv",
///                    metrics = {"spikes", "mean_potential", "rate_by_x", "activation_hits", "saturations"},
///                    areas = {"v1"}}          -- optional: names or area values; default every area
/// b:run{bursts = 1000}
/// r:stop()                                     -- or let it run until the script ends
/// print(r.path, r.rows, r.recording)
/// ```
///
/// Options:
/// - `every` (default 1): bursts whose number is a multiple of it are recorded;
/// - `to` (default `"metrics.csv"`): a relative name is placed under `--out` like
///   `spatium.output(name)` (directories created); the file is listed in the run manifest;
/// - `metrics` (default `{"spikes"}`): names from `spikes`, `mean_potential`, `rate_by_x`,
///   `rate_by_y`, `rate_by_z`, `spikes_by_x`, `spikes_by_y`, `spikes_by_z`, `activation_hits`,
///   `saturations` (a single name may be given as a string);
/// - `areas`: the areas to record, default every area of the brain at each recorded burst;
/// - `append` (default false): add rows to an existing file with the same header.
///
/// The file is in long format, header `burst,area,metric,index,value`, one value per row;
/// ``MetricsRecorder`` and ``BurstMetric`` (SpatiumRuntime) define every metric and column.
///
/// The recorder lives as long as its brain (it need not be kept in a variable). `r:stop()`
/// detaches it and closes the file; otherwise the file is closed when the brain is collected
/// or the Lua state closes (also after an error or `os.exit`). `r:flush()` makes the rows so
/// far visible; rows are also flushed at least once a second while recording.
enum RecorderLibrary: SpatiumLibrary {
    static let anchorKey = "spatium.recorders"
    static let optionKeys = ["every", "to", "metrics", "areas", "append"]

    static func install(in lua: LuaState, module: Int32) {
        RecorderObject.register(in: lua)
        lua.push(function: record)
        lua.rawSet(at: module, key: "record")
    }

    /// `spatium.record(brain, options)` and `b:record(options)`.
    static let record: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let brainObject = try BrainObject.check(lua, 1)
            let brain = brainObject.brain
            let options = try LuaOptions(lua, argument: 2, known: optionKeys, optional: true)
            let every = try options.integer("every") ?? 1
            guard every >= 1 else { throw LuaError.argument(2, "field 'every': must be >= 1, got \(every)") }
            let name = try options.string("to") ?? "metrics.csv"
            guard !name.isEmpty else { throw LuaError.argument(2, "field 'to': non-empty file name expected") }
            let append = try options.boolean("append") ?? false
            let metricNames = try options.with("metrics") { (type) throws(LuaError) -> [String] in
                switch type {
                case .nil, .none: return ["spikes"]
                case .string: return [lua.toString(at: -1) ?? ""]
                case .table: return try strings(lua, what: "metrics")
                default: throw LuaError.argument(2, "field 'metrics': table of names expected, got \(lua.typeName(at: -1))")
                }
            }
            guard !metricNames.isEmpty else {
                throw LuaError.argument(2, "field 'metrics': at least one metric expected (valid: \(BurstMetric.names.joined(separator: ", ")))")
            }
            var metrics: [BurstMetric] = []
            for metricName in metricNames {
                do throws(MetricsRecorderError) { metrics.append(try BurstMetric(named: metricName)) } catch {
                    throw LuaError.argument(2, "field 'metrics': \(error)")
                }
            }
            let areas = try options.with("areas") { (type) throws(LuaError) -> [String]? in
                switch type {
                case .nil, .none: return nil
                case .table: return try areaNames(lua, brain: brain)
                default: throw LuaError.argument(2, "field 'areas': table of area names expected, got \(lua.typeName(at: -1))")
                }
            }
            let context = LuaContext.of(lua)
            let path = try context.outputPath(for: name)
            let recorder: MetricsRecorder
            do throws(MetricsRecorderError) {
                recorder = try MetricsRecorder(brain: brain, path: path, metrics: metrics, every: Int(every),
                                               areas: areas, mode: append ? .append : .create)
            } catch {
                switch error {
                case .csv(let failure): throw LuaError.runtime(failure.description)
                case .unknownArea, .repeated(what: "area", _): throw LuaError.argument(2, "field 'areas': \(error)")
                default: throw LuaError.argument(2, "field 'metrics': \(error)")
                }
            }
            context.recordWritten(path)
            LuaUserdata.push(RecorderObject(recorder: recorder), in: lua)
            anchor(recorderAt: lua.top, brainAt: 1, in: lua)
            return 1
        }
    }

    /// The strings of the sequence on top of the stack.
    static func strings(_ lua: LuaState, what: String) throws(LuaError) -> [String] {
        var names: [String] = []
        let count = lua.rawLength(at: -1)
        for i in 0..<count {
            lua.rawGet(at: -1, position: i + 1)
            defer { lua.pop() }
            guard lua.type(at: -1) == .string, let name = lua.toString(at: -1) else {
                throw LuaError.argument(2, "field '\(what)': element \(i + 1) is not a string (got \(lua.typeName(at: -1)))")
            }
            names.append(name)
        }
        return names
    }

    /// Area names from the sequence on top of the stack: names, or areas of this brain.
    static func areaNames(_ lua: LuaState, brain: Brain) throws(LuaError) -> [String] {
        var names: [String] = []
        let count = lua.rawLength(at: -1)
        for i in 0..<count {
            lua.rawGet(at: -1, position: i + 1)
            defer { lua.pop() }
            if lua.type(at: -1) == .string, let name = lua.toString(at: -1) {
                names.append(name)
            } else if let area = LuaUserdata.test(AreaObject.self, at: -1, in: lua) {
                guard area.brain === brain else {
                    throw LuaError.argument(2, "field 'areas': element \(i + 1) is an area of another brain")
                }
                names.append(area.area.name)
            } else {
                throw LuaError.argument(2, "field 'areas': element \(i + 1) is not an area name (got \(lua.typeName(at: -1)))")
            }
        }
        return names
    }

    /// Keeps the recorder at `recorderIndex` alive as long as the brain userdata at `brainIndex`:
    /// `registry["spatium.recorders"]` is a weak-keyed table brain → list of recorders.
    static func anchor(recorderAt recorderIndex: Int32, brainAt brainIndex: Int32, in lua: LuaState) {
        let registry = spatium_registryindex()
        let recorder = lua.absolute(recorderIndex), brain = lua.absolute(brainIndex)
        if lua.rawGet(at: registry, key: anchorKey) != .table {
            lua.pop()
            lua.newTable()
            lua.newTable()
            lua.push("k")
            lua.rawSet(at: -2, key: "__mode")
            lua_setmetatable(lua.pointer, -2)
            lua.pushValue(at: -1)
            lua.rawSet(at: registry, key: anchorKey)
        }
        let anchors = lua.top
        lua.pushValue(at: brain)
        if lua_rawget(lua.pointer, anchors) != LUA_TTABLE {
            lua.pop()
            lua.newTable()
            lua.pushValue(at: brain)
            lua.pushValue(at: -2)
            lua_rawset(lua.pointer, anchors)
        }
        lua.pushValue(at: recorder)
        lua.rawSet(at: -2, position: lua.rawLength(at: -2) + 1)
        lua.pop(2)
    }
}

/// The Lua value of a ``MetricsRecorder``; stopping happens when Lua collects it at the latest.
final class RecorderObject: LuaObject {
    static let luaTypeName: StaticString = "spatium.recorder"
    let recorder: MetricsRecorder

    init(recorder: MetricsRecorder) { self.recorder = recorder }

    /// Collected (with its brain, or as the state closes): detach and close the file.
    deinit {
        do throws(MetricsRecorderError) { try recorder.stop() } catch {
            ScriptWarning.write("could not close '\(recorder.path)': \(error)")
        }
    }

    static func check(_ lua: LuaState, _ index: Int32) throws(LuaError) -> RecorderObject {
        try LuaUserdata.check(RecorderObject.self, at: index, in: lua)
    }

    static func register(in lua: LuaState) {
        LuaUserdata.register(RecorderObject.self, in: lua, methods: [
            ("stop", stop), ("flush", flush),
        ], metamethods: [("__tostring", describe)], index: field)
    }

    /// `r.path`, `r.rows`, `r.every`, `r.recording`, `r.metrics`.
    static let field: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let recorder = try check(lua, 1).recorder
            switch lua.toString(at: 2) {
            case "path": lua.push(recorder.path)
            case "rows": lua.push(recorder.rowCount)
            case "every": lua.push(recorder.every)
            case "recording": lua.push(recorder.isRecording)
            case "metrics":
                lua.newTable(arrayCount: Int32(recorder.metrics.count))
                for (i, metric) in recorder.metrics.enumerated() {
                    lua.push(metric.name)
                    lua.rawSet(at: -2, position: i + 1)
                }
            default: lua.pushNil()
            }
            return 1
        }
    }

    /// `r:stop()`: no more rows; the file is flushed, synced and closed (again: nothing).
    static let stop: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let recorder = try check(lua, 1).recorder
            do throws(MetricsRecorderError) { try recorder.stop() } catch {
                throw LuaError.runtime(error.description)
            }
            return 0
        }
    }

    /// `r:flush()`: rows so far visible to readers.
    static let flush: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let recorder = try check(lua, 1).recorder
            do throws(MetricsRecorderError) { try recorder.flush() } catch {
                throw LuaError.runtime(error.description)
            }
            return 0
        }
    }

    static let describe: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let recorder = try check(lua, 1).recorder
            let names = recorder.metrics.map(\.name).joined(separator: ", ")
            lua.push("recorder '\(recorder.path)' (\(names); every \(recorder.every); \(recorder.rowCount) rows\(recorder.isRecording ? "" : ", stopped"))")
            return 1
        }
    }
}
