#if canImport(Glibc)
import Glibc
#endif
import CLua
import SpatiumRuntime

/// `spatium.snapshot.save`, `.load`, `.info`: brain snapshots (safetensors, DESIGN.md §8) from Lua.
///
/// ```lua
/// local sp = spatium
/// sp.snapshot.save(b, sp.output("burst-500.safetensors"), {metadata = {phase = "train", lr = 0.01}})
/// local info = sp.snapshot.info(sp.output("burst-500.safetensors"))
/// print(info.metadata["spatium.burst"], info.metadata.phase, #info.tensors, info.tensors[1].name)
/// local again = sp.snapshot.load(sp.output("burst-500.safetensors"), {threads = 4})
/// again:run{bursts = 500}                  -- exactly as if `b` had run 500 more bursts
/// ```
///
/// Besides the runtime's own entries (``BrainSnapshot``), `save` records `spatium.version`,
/// `spatium.script` and `spatium.script_sha256` (when a script file runs), `spatium.params`
/// (`--param` values as JSON) and the burst of the brain's last `b:reset_counts()`
/// (`spatium.lua.counts_reset_burst`, so rates continue correctly after `load`). The caller's
/// `metadata` values may be strings, numbers (converted with full precision) or booleans;
/// keys starting with `spatium.` are Spatium's.
public enum SnapshotLibrary: SpatiumLibrary {
    /// Metadata key of the burst of the last `b:reset_counts()`.
    static let countsResetKey = "spatium.lua.counts_reset_burst"

    public static func install(in lua: LuaState, module: Int32) {
        lua.newTable(recordCount: 3)
        lua.push(function: save)
        lua.rawSet(at: -2, key: "save")
        lua.push(function: load)
        lua.rawSet(at: -2, key: "load")
        lua.push(function: info)
        lua.rawSet(at: -2, key: "info")
        lua.rawSet(at: module, key: "snapshot")
    }

    /// `spatium.snapshot.save(brain, path [, {metadata = {…}}])`.
    static let save: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let object = try LuaUserdata.check(BrainObject.self, at: 1, in: lua)
            let path = try lua.checkString(2)
            guard !path.isEmpty else { throw LuaError.argument(2, "non-empty file name expected") }
            let options = try LuaOptions(lua, argument: 3, known: ["metadata"], optional: true)
            var metadata = try options.with("metadata") { (type) throws(LuaError) -> [String: String] in
                if type.isAbsent { return [:] }
                guard type == .table else { throw options.fieldError("metadata", "table") }
                return try userMetadata(lua, table: lua.top, argument: 3)
            }
            let context = LuaContext.of(lua)
            metadata["spatium.version"] = SpatiumModule.version
            if let script = context.scriptPath {
                metadata["spatium.script"] = script
                if let digest = try? SHA256.hash(fileAt: script) { metadata["spatium.script_sha256"] = digest.hex }
            }
            metadata["spatium.params"] = parametersJSON(context.parameters).encoded()
            metadata[countsResetKey] = String(object.countsResetBurst)
            let target = try context.checkWritable(path)
            do {
                try BrainSnapshot.save(object.brain, to: target, metadata: metadata)
            } catch {
                throw LuaError.runtime("\(error)")
            }
            context.recordWritten(target)
            return 0
        }
    }

    /// `spatium.snapshot.load(path [, {threads =}])` → brain.
    static let load: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let path = try lua.checkString(1)
            let options = try LuaOptions(lua, argument: 2, known: ["threads"], optional: true)
            let threads = try BrainLibrary.threadsOption(options) ?? BrainLibrary.resolvedThreads(LuaContext.of(lua).threads)
            let brain: Brain
            let metadata: [String: String]
            do {
                brain = try BrainSnapshot.load(path: path)
                metadata = try BrainSnapshot.info(path: path).metadata
            } catch {
                throw LuaError.runtime("\(error)")
            }
            brain.threads = threads
            BrainLibrary.push(brain, in: lua)
            if let text = metadata[countsResetKey], let burst = UInt64(text), burst <= brain.burst,
               let object = LuaUserdata.test(BrainObject.self, at: -1, in: lua) {
                object.countsResetBurst = burst
            }
            return 1
        }
    }

    /// `spatium.snapshot.info(path)` → `{format =, bytes =, metadata = {…}, tensors = {{name =, dtype =, shape = {…}}, …}}`.
    static let info: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let path = try lua.checkString(1)
            let info: BrainSnapshotInfo
            do { info = try BrainSnapshot.info(path: path) } catch { throw LuaError.runtime("\(error)") }
            lua.newTable(recordCount: 4)
            lua.push(info.formatVersion)
            lua.rawSet(at: -2, key: "format")
            lua.push(info.fileSize)
            lua.rawSet(at: -2, key: "bytes")
            lua.newTable(recordCount: Int32(clamping: info.metadata.count))
            for key in info.metadata.keys.sorted() {
                lua.push(info.metadata[key]!)
                lua.rawSet(at: -2, key: key)
            }
            lua.rawSet(at: -2, key: "metadata")
            lua.newTable(arrayCount: Int32(clamping: info.tensors.count))
            for (position, tensor) in info.tensors.enumerated() {
                lua.newTable(recordCount: 3)
                lua.push(tensor.name)
                lua.rawSet(at: -2, key: "name")
                lua.push(tensor.dtype.name)
                lua.rawSet(at: -2, key: "dtype")
                lua.newTable(arrayCount: Int32(clamping: tensor.shape.count))
                for (axis, size) in tensor.shape.enumerated() {
                    lua.push(size)
                    lua.rawSet(at: -2, position: axis + 1)
                }
                lua.rawSet(at: -2, key: "shape")
                lua.rawSet(at: -2, position: position + 1)
            }
            lua.rawSet(at: -2, key: "tensors")
            return 1
        }
    }

    /// The `metadata` table at `table`: string keys (not `spatium.…`), values converted to text.
    static func userMetadata(_ lua: LuaState, table: Int32, argument: Int32) throws(LuaError) -> [String: String] {
        var metadata: [String: String] = [:]
        var failure: LuaError?
        lua.forEachPair(in: table) {
            guard failure == nil else { return }
            guard lua.type(at: -2) == .string, let key = lua.toString(at: -2) else {
                failure = .argument(argument, "field 'metadata': keys must be strings, got \(lua.typeName(at: -2))")
                return
            }
            guard !key.hasPrefix("spatium.") else {
                failure = .argument(argument, "field 'metadata': key '\(key)' is reserved (keys starting with 'spatium.' are Spatium's)")
                return
            }
            switch lua.type(at: -1) {
            case .string:
                metadata[key] = lua.toString(at: -1)
            case .number:
                if lua.isInteger(at: -1), let integer = lua.toInteger(at: -1) {
                    metadata[key] = String(integer)
                } else if let number = lua.toNumber(at: -1) {
                    metadata[key] = number.description
                }
            case .boolean:
                metadata[key] = lua.toBoolean(at: -1) ? "true" : "false"
            default:
                failure = .argument(argument, "field 'metadata': value of '\(key)' must be a string, number or boolean, got \(lua.typeName(at: -1))")
            }
        }
        if let failure { throw failure }
        return metadata
    }

    /// `--param` values as a JSON object (later keys win, first position kept).
    static func parametersJSON(_ parameters: [(key: String, value: LuaContext.Parameter)]) -> JSONValue {
        var object = JSONObject()
        for (key, value) in parameters {
            switch value {
            case .integer(let integer): object.set(key, .integer(integer))
            case .number(let number): object.set(key, .number(number))
            case .boolean(let flag): object.set(key, .bool(flag))
            case .text(let text): object.set(key, .string(text))
            }
        }
        return .object(object)
    }
}
