#if canImport(Glibc)
import Glibc
#endif
import CLua
import SpatiumRuntime

/// A brain as Lua sees it (`spatium.brain` userdata): areas, connections, bursts, genomes.
///
/// ```lua
/// local b = spatium.brain{seed = 1, dynamics = "feagi", threads = 2}
/// local a = b:area{name = "a", size = {4, 4, 1}}
/// local c = b:area{name = "c", size = {4, 4, 1}, threshold = 2}
/// b:connect(a, "c", {morphology = "block_to_block", weight = 2})
/// a:inject(1); b:step(2)
/// print(b.burst, b.neurons, b:spikes(), tostring(b))
/// b:run{bursts = 100, every = 10, on_burst = function(b, t) print(t, #c:fired()) end}
/// local summary, text = b:summary(); print(text)
/// b:save_genome(spatium.output("brain.json"))
/// ```
/// Fields: `b.burst` (bursts done), `b.seed`, `b.dynamics`, `b.threads`, `b.neurons`;
/// `b.dynamics` and `b.threads` can be assigned (or set with `b:set{…}`).
final class BrainObject: LuaObject {
    static let luaTypeName: StaticString = "spatium.brain"
    /// The runtime brain.
    let brain: Brain
    /// The burst at the last `b:reset_counts()` (rates are per burst since then).
    var countsResetBurst: UInt64 = 0

    init(brain: Brain) {
        self.brain = brain
        countsResetBurst = brain.burst
    }

    static func check(_ lua: LuaState, _ index: Int32) throws(LuaError) -> BrainObject {
        try LuaUserdata.check(BrainObject.self, at: index, in: lua)
    }

    static func register(in lua: LuaState) {
        LuaUserdata.register(BrainObject.self, in: lua, methods: [
            ("area", area), ("areas", areas), ("area_named", areaNamed), ("summary", summary),
            ("save_genome", saveGenome), ("connect", connect), ("set", set),
            ("step", step), ("run", run), ("reset_counts", resetCounts), ("spikes", spikes),
            ("synaptic_events", synapticEvents), ("record", RecorderLibrary.record),
        ], metamethods: [("__tostring", describe), ("__newindex", assign)], index: field)
    }

    // MARK: Fields

    static let field: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let brain = try check(lua, 1).brain
            switch lua.toString(at: 2) {
            case "burst": lua.push(Int64(truncatingIfNeeded: brain.burst))
            case "seed": lua.push(Int64(bitPattern: brain.seed))
            case "dynamics": lua.push(brain.dynamics.rawValue)
            case "threads": lua.push(brain.threads)
            case "neurons": lua.push(brain.neuronCount)
            default: lua.pushNil()
            }
            return 1
        }
    }

    /// `b.dynamics = "dense"`, `b.threads = 4`.
    static let assign: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let brain = try check(lua, 1).brain
            let key = lua.toString(at: 2) ?? "?"
            switch key {
            case "dynamics":
                let name = lua.toString(at: 3) ?? lua.typeName(at: 3)
                guard let dynamics = Dynamics(rawValue: name) else {
                    throw LuaError.runtime("invalid dynamics '\(name)' (expected one of: \(Dynamics.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                brain.dynamics = dynamics
            case "threads":
                guard lua.type(at: 3) == .number, let threads = lua.toInteger(at: 3), threads >= 0, threads <= 1024 else {
                    throw LuaError.runtime("threads must be an integer from 0 (all cores) to 1024")
                }
                brain.threads = BrainLibrary.resolvedThreads(Int(threads))
            default:
                throw LuaError.runtime("cannot set field '\(key)' of a brain (settable: dynamics, threads)")
            }
            return 0
        }
    }

    /// `b:set{dynamics =, threads =}`.
    static let set: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let brain = try check(lua, 1).brain
            let options = try LuaOptions(lua, argument: 2, known: ["dynamics", "threads"])
            if let dynamics = try BrainLibrary.dynamicsOption(options) { brain.dynamics = dynamics }
            if let threads = try BrainLibrary.threadsOption(options) { brain.threads = threads }
            return 0
        }
    }

    static let describe: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let brain = try check(lua, 1).brain
            let mappings = brain.connections.count
            lua.push("brain (seed \(brain.seed), \(brain.dynamics.rawValue)): \(brain.areas.count) area\(brain.areas.count == 1 ? "" : "s"), \(Formatting.grouped(brain.neuronCount)) neurons, \(mappings) mapping\(mappings == 1 ? "" : "s"), burst \(brain.burst)")
            return 1
        }
    }

    // MARK: Areas

    static let areaKeys = ["name", "title", "size", "neurons_per_voxel"] + AreaParameters.keys

    /// `b:area{name =, size = {W, H, D}, neurons_per_voxel =, …parameters}`.
    static let area: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let object = try check(lua, 1)
            let brain = object.brain
            let options = try LuaOptions(lua, argument: 2, known: areaKeys)
            guard let name = try options.string("name") else { throw LuaError.argument(2, "field 'name': string expected, got nil") }
            guard !name.isEmpty else { throw LuaError.argument(2, "field 'name': must not be empty") }
            let title = try options.string("title")
            let size = try options.with("size") { (type) throws(LuaError) -> [Int] in
                guard type == .table else { throw LuaError.argument(2, "field 'size': table {width, height, depth} expected, got \(lua.typeName(at: -1))") }
                let values = try MorphologyArgument.integers(lua, -1, count: 3, { LuaError.argument(2, "field 'size'" + $0) }, "", "{width, height, depth}")
                if let bad = values.firstIndex(where: { $0 < 1 }) {
                    throw LuaError.argument(2, "field 'size': \(["width", "height", "depth"][bad]) must be >= 1, got \(values[bad])")
                }
                return values
            }
            let npv = try options.integer("neurons_per_voxel") ?? 1
            guard npv >= 0 else { throw LuaError.argument(2, "field 'neurons_per_voxel': must be >= 0, got \(npv)") }
            var parameters = NeuronParameters()
            try AreaParameters.read(options, into: &parameters, area: name, width: size[0], height: size[1], depth: size[2],
                                    seed: brain.seed, creating: true)
            let engineOptions = try AreaEngineOptions.read(options, hasActivation: false)
            let created: CorticalArea
            do {
                created = try brain.addArea(name: name, title: title, width: size[0], height: size[1], depth: size[2],
                                            neuronsPerVoxel: Int(npv), parameters: parameters)
            } catch {
                throw LuaError.runtime(String(describing: error))
            }
            for warning in created.warnings { BrainLibrary.warn(lua, warning) }
            try engineOptions.apply(to: created, in: brain, lua: lua)
            AreaObject.push(created, owner: object, ownerIndex: 1, in: lua)
            return 1
        }
    }

    static let areas: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let object = try check(lua, 1)
            lua.newTable(arrayCount: Int32(object.brain.areas.count))
            for (i, area) in object.brain.areas.enumerated() {
                AreaObject.push(area, owner: object, ownerIndex: 1, in: lua)
                lua.rawSet(at: -2, position: i + 1)
            }
            return 1
        }
    }

    static let areaNamed: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let object = try check(lua, 1)
            let name = try lua.checkString(2)
            if let area = object.brain.area(named: name) {
                AreaObject.push(area, owner: object, ownerIndex: 1, in: lua)
            } else {
                lua.pushNil()
            }
            return 1
        }
    }

    /// An area argument: an area of this brain or the name of one.
    static func areaArgument(_ lua: LuaState, _ index: Int32, of object: BrainObject) throws(LuaError) -> CorticalArea {
        if lua.type(at: index) == .string {
            let name = lua.toString(at: index)!
            guard let area = object.brain.area(named: name) else {
                let names = object.brain.areas.map(\.name)
                let known = names.isEmpty ? "the brain has no areas" : "areas: " + (names.count > 30 ? names.prefix(30).joined(separator: ", ") + ", …" : names.joined(separator: ", "))
                throw LuaError.argument(index, "unknown area '\(name)' (\(known))")
            }
            return area
        }
        guard let given = LuaUserdata.test(AreaObject.self, at: index, in: lua) else {
            throw lua.expected("spatium.area or area name", at: index)
        }
        guard given.brain === object.brain else {
            throw LuaError.argument(index, "area '\(given.area.name)' belongs to another brain")
        }
        return given.area
    }

    // MARK: Connections

    static let connectKeys = ["morphology", "weight", "psp", "inhibitory", "scalar", "mp_driven_psp"]

    /// `b:connect(src, dst, {morphology =, weight =, psp =, inhibitory =, scalar = {sx, sy, sz}})`
    /// or `b:connect(src, dst, "projector")`.
    static let connect: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let object = try check(lua, 1)
            let brain = object.brain
            let source = try areaArgument(lua, 2, of: object)
            let destination = try areaArgument(lua, 3, of: object)
            var spec: ConnectionSpec
            if lua.type(at: 4) == .string {
                let (morphology, name) = try MorphologyArgument.read(lua, at: 4, argument: 4, field: nil, defaultSeed: brain.seed)
                spec = ConnectionSpec(source: source.name, destination: destination.name, morphology: morphology, morphologyName: name)
            } else {
                let options = try LuaOptions(lua, argument: 4, known: connectKeys)
                let (morphology, name) = try options.with("morphology") { (_) throws(LuaError) -> (Morphology, String?) in
                    try MorphologyArgument.read(lua, at: -1, argument: 4, field: "morphology", defaultSeed: brain.seed)
                }
                spec = ConnectionSpec(source: source.name, destination: destination.name, morphology: morphology, morphologyName: name)
                if let weight = try options.number("weight") {
                    guard weight.isFinite else { throw LuaError.argument(4, "field 'weight': must be finite, got \(weight)") }
                    spec.weight = Float(weight)
                }
                if let psp = try options.number("psp") {
                    guard psp.isFinite else { throw LuaError.argument(4, "field 'psp': must be finite, got \(psp)") }
                    spec.psp = Float(psp)
                }
                spec.inhibitory = try options.boolean("inhibitory") ?? false
                spec.mpDrivenPSP = try options.boolean("mp_driven_psp")
                let scalar = try options.with("scalar") { (type) throws(LuaError) -> [Int]? in
                    if type.isAbsent { return nil }
                    let values = try MorphologyArgument.integers(lua, -1, count: 3, { LuaError.argument(4, "field 'scalar'" + $0) }, "", "{sx, sy, sz}")
                    if let bad = values.firstIndex(where: { $0 < 1 }) {
                        throw LuaError.argument(4, "field 'scalar': every component must be >= 1, got \(values[bad]) for \(["x", "y", "z"][bad])")
                    }
                    return values
                }
                if let scalar { spec.scalar = GridVector(scalar[0], scalar[1], scalar[2]) }
            }
            if case .explicit(let pairs) = spec.morphology {
                for (n, pair) in pairs.enumerated() {
                    for (index, area, role) in [(pair.source, source, "source"), (pair.destination, destination, "destination")]
                    where index < 0 || index >= area.count {
                        throw LuaError.argument(4, "field 'morphology': pairs[\(n + 1)]: \(role) index \(index) is outside area '\(area.name)' (0..<\(area.count))")
                    }
                }
            }
            do { try brain.connect(spec) } catch { throw LuaError.runtime(String(describing: error)) }
            return 0
        }
    }

    // MARK: Genome and summary

    /// `b:summary()` → table, text.
    static let summary: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let summary = try check(lua, 1).brain.summary
            lua.newTable(recordCount: 6)
            lua.push(Int64(bitPattern: summary.seed)); lua.rawSet(at: -2, key: "seed")
            lua.push(summary.neuronCount); lua.rawSet(at: -2, key: "neurons")
            lua.push(summary.warningCount); lua.rawSet(at: -2, key: "warnings")
            lua.push(summary.unknownGeneCount); lua.rawSet(at: -2, key: "unknown_genes")
            lua.newTable(arrayCount: Int32(summary.areas.count))
            for (i, area) in summary.areas.enumerated() {
                lua.newTable(recordCount: 6)
                lua.push(area.name); lua.rawSet(at: -2, key: "name")
                lua.push(area.title); lua.rawSet(at: -2, key: "title")
                lua.newTable(arrayCount: 3)
                for (j, d) in [area.width, area.height, area.depth].enumerated() { lua.push(d); lua.rawSet(at: -2, position: j + 1) }
                lua.rawSet(at: -2, key: "size")
                lua.push(area.neuronsPerVoxel); lua.rawSet(at: -2, key: "neurons_per_voxel")
                lua.push(area.neurons); lua.rawSet(at: -2, key: "neurons")
                lua.push(area.base); lua.rawSet(at: -2, key: "base")
                lua.rawSet(at: -2, position: i + 1)
            }
            lua.rawSet(at: -2, key: "areas")
            lua.newTable(arrayCount: Int32(summary.mappings.count))
            for (i, mapping) in summary.mappings.enumerated() {
                lua.newTable(recordCount: 6)
                lua.push(mapping.source); lua.rawSet(at: -2, key: "source")
                lua.push(mapping.destination); lua.rawSet(at: -2, key: "destination")
                lua.push(mapping.morphology); lua.rawSet(at: -2, key: "morphology")
                lua.push(Double(mapping.weight)); lua.rawSet(at: -2, key: "weight")
                if let psp = mapping.psp { lua.push(Double(psp)); lua.rawSet(at: -2, key: "psp") }
                lua.push(mapping.inhibitory); lua.rawSet(at: -2, key: "inhibitory")
                lua.rawSet(at: -2, position: i + 1)
            }
            lua.rawSet(at: -2, key: "mappings")
            lua.push(summary.description)
            return 2
        }
    }

    /// `b:save_genome(path [, {title =, description =}])`: written to a temporary name and renamed.
    static let saveGenome: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let brain = try check(lua, 1).brain
            let path = try lua.checkString(2)
            guard !path.isEmpty else { throw LuaError.argument(2, "non-empty file name expected") }
            let options = try LuaOptions(lua, argument: 3, known: ["title", "description"], optional: true)
            let title = try options.string("title"), description = try options.string("description")
            let context = LuaContext.of(lua)
            let target = try context.checkWritable(path)
            do {
                try GenomeExporter.write(brain, to: target, title: title, description: description)
            } catch {
                throw LuaError.runtime(String(describing: error))
            }
            context.recordWritten(target)
            return 0
        }
    }

    // MARK: Bursts

    /// `b:step([n])`: n bursts (default 1).
    static let step: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let brain = try check(lua, 1).brain
            let count = try lua.optionalInteger(2) ?? 1
            guard count >= 0 else { throw LuaError.argument(2, "burst count must be >= 0, got \(count)") }
            for _ in 0..<count {
                try checkInterrupt(lua)
                do { try brain.step() } catch { throw LuaError.runtime(String(describing: error)) }
            }
            return 0
        }
    }

    /// `b:run{bursts =, every =, on_burst = function(b, t) … end, progress =}` → bursts run.
    /// `on_burst` runs after every `every`-th burst of the run with the brain and its burst
    /// number; returning `false` stops the run. Errors in it stop the run and are re-raised
    /// with their traceback.
    static let run: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let object = try check(lua, 1)
            let brain = object.brain
            let options = try LuaOptions(lua, argument: 2, known: ["bursts", "every", "on_burst", "progress"])
            guard let bursts = try options.integer("bursts") else {
                throw LuaError.argument(2, "field 'bursts': number expected, got nil")
            }
            guard bursts >= 0 else { throw LuaError.argument(2, "field 'bursts': must be >= 0, got \(bursts)") }
            let every = try options.integer("every") ?? 1
            guard every >= 1 else { throw LuaError.argument(2, "field 'every': must be >= 1, got \(every)") }
            let hasCallback = try options.with("on_burst") { (type) throws(LuaError) -> Bool in
                if type.isAbsent { return false }
                guard type == .function else {
                    throw LuaError.argument(2, "field 'on_burst': function expected, got \(lua.typeName(at: -1))")
                }
                return true
            }
            let context = LuaContext.of(lua)
            let wantsProgress = try options.boolean("progress") ?? true
            var handler: Int32 = 0, callback: Int32 = 0
            if hasCallback {
                pushRunningFunction(lua)
                lua.pushValue(at: 1)
                lua.push(function: callbackErrorHandler, upvalues: 2)
                handler = lua.top
                lua.rawGet(at: 2, key: "on_burst")
                callback = lua.top
            }
            var progress = ProgressLine(total: Int(bursts), enabled: wantsProgress && !context.quiet && isatty(2) != 0)
            defer { progress.finish() }
            var done: Int64 = 0
            while done < bursts {
                try checkInterrupt(lua)
                do { try brain.step() } catch { throw LuaError.runtime(String(describing: error)) }
                done += 1
                progress.update(done: Int(done))
                guard hasCallback, done % every == 0 else { continue }
                progress.clear()
                lua.pushValue(at: callback)
                lua.pushValue(at: 1)
                lua.push(Int64(truncatingIfNeeded: brain.burst))
                if spatium_pcall(lua.pointer, 2, 1, handler) != LUA_OK {
                    let message = lua.toString(at: -1) ?? "(error object is a \(lua.typeName(at: -1)) value)"
                    lua.pop()
                    throw LuaError.message(message)
                }
                let stop = lua.type(at: -1) == .boolean && !lua.toBoolean(at: -1)
                lua.pop()
                if stop { break }
            }
            lua.push(done)
            return 1
        }
    }

    static let resetCounts: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let object = try check(lua, 1)
            object.brain.engine.resetSpikeCounts()
            object.countsResetBurst = object.brain.burst
            return 0
        }
    }

    static let spikes: LuaCFunction = { L in
        LuaFunction.run(L) { lua in lua.push(Int64(truncatingIfNeeded: try check(lua, 1).brain.engine.totalSpikes)); return 1 }
    }

    static let synapticEvents: LuaCFunction = { L in
        LuaFunction.run(L) { lua in lua.push(Int64(truncatingIfNeeded: try check(lua, 1).brain.engine.synapticEvents)); return 1 }
    }

    // MARK: Interrupts and callback errors

    /// Throws `interrupted!` once Ctrl-C was pressed (the interpreter arms it during protected
    /// calls; its signal handler also sets a count hook, which is removed here so the next chunk
    /// does not see a stale interrupt).
    static func checkInterrupt(_ lua: LuaState) throws(LuaError) {
        if LuaInterpreter.consumeInterrupt(lua) { throw LuaError.message("interrupted!") }
    }

    /// Pushes the function running at level 0 (the `run` closure itself).
    static func pushRunningFunction(_ lua: LuaState) {
        var record = lua_Debug()
        if lua_getstack(lua.pointer, 0, &record) != 0 {
            lua_getinfo(lua.pointer, "f", &record)
        } else {
            lua.pushNil()
        }
    }

    /// Message handler for `on_burst`: the message plus a traceback of the callback's own
    /// frames (up to the `run` call, upvalue 2; upvalue 3 is the brain); the caller's traceback
    /// is added when the error is re-raised.
    static let callbackErrorHandler: LuaCFunction = { L in
        let lua = LuaState(L!)
        var text: String
        switch lua.type(at: 1) {
        case .string: text = lua.toString(at: 1)!
        case .number: text = lua.isInteger(at: 1) ? String(lua.toInteger(at: 1)!) : String(lua.toNumber(at: 1)!)
        default: text = "(error object is a \(lua.typeName(at: 1)) value)"
        }
        let burst = LuaUserdata.test(BrainObject.self, at: spatium_upvalueindex(3), in: lua)?.brain.burst ?? 0
        text += "\non_burst traceback (burst \(burst)):"
        var record = lua_Debug()
        var level: Int32 = 1
        while lua_getstack(L, level, &record) != 0 {
            lua_getinfo(L, "Slntf", &record)
            let reachedRun = lua_rawequal(L, -1, spatium_upvalueindex(2)) != 0
            lua.pop()
            if reachedRun { break }
            text += "\n\t" + describeFrame(&record)
            if record.istailcall != 0 { text += "\n\t(...tail calls...)" }
            level += 1
        }
        lua.push(text)
        return 1
    }

    /// One traceback line as `luaL_traceback` writes it.
    static func describeFrame(_ record: inout lua_Debug) -> String {
        let source = withUnsafeBytes(of: &record.short_src) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        var line = record.currentline > 0 ? "\(source):\(record.currentline): in " : "\(source): in "
        let namewhat = record.namewhat.map { String(cString: $0) } ?? ""
        let what = record.what.map { String(cString: $0) } ?? ""
        if !namewhat.isEmpty, let name = record.name.map({ String(cString: $0) }) {
            line += namewhat == "global" ? "function '\(name)'" : "\(namewhat) '\(name)'"
        } else if what == "main" {
            line += "main chunk"
        } else if what != "C" {
            line += "function <\(source):\(record.linedefined)>"
        } else {
            line += "?"
        }
        return line
    }
}

/// The `\r` progress line of `b:run` on a terminal: burst t/N, bursts/s, ETA; at most ~10
/// updates per second, erased at the end.
struct ProgressLine {
    let total: Int
    let enabled: Bool
    var start: Double = 0
    var lastDraw: Double = 0
    var shown = false

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
        if enabled { start = ProgressLine.now(); lastDraw = start }
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    mutating func update(done: Int) {
        guard enabled else { return }
        let time = ProgressLine.now()
        guard time - lastDraw >= 0.1, done < total else { return }
        lastDraw = time
        let rate = Double(done) / max(time - start, 1e-9)
        let eta = Double(total - done) / max(rate, 1e-9)
        let percent = total > 0 ? done * 100 / total : 100
        write("\rburst \(Formatting.grouped(done))/\(Formatting.grouped(total)) (\(percent)%)  \(ProgressLine.format(rate)) bursts/s  ETA \(ProgressLine.duration(eta))\u{1B}[K")
        shown = true
    }

    mutating func clear() {
        guard shown else { return }
        write("\r\u{1B}[K")
        shown = false
    }

    mutating func finish() { clear() }

    func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in _ = fwrite(bytes.baseAddress, 1, bytes.count, stderr) }
        fflush(stderr)
    }

    static func format(_ rate: Double) -> String {
        rate >= 100 ? Formatting.grouped(Int(rate.rounded())) : String(Double(Int(rate * 10)) / 10)
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min \(s % 60) s" }
        return "\(s / 3600) h \(s % 3600 / 60) min"
    }
}
