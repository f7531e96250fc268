#if canImport(Glibc)
import Glibc
#endif
import CLua
import SpatiumRuntime

/// `spatium.brain`, `spatium.load_genome`, `spatium.profile`: brains, areas and bursts from Lua.
///
/// ```lua
/// local b = spatium.brain{seed = 1, dynamics = "feagi"}
/// local retina = b:area{name = "retina", size = {8, 8, 1}}
/// local v1 = b:area{name = "v1", size = {8, 8, 1}, threshold = 2}
/// b:connect(retina, v1, {morphology = "projector", weight = 2})
/// retina:inject(1)
/// b:step(2)
/// print(#v1:fired())                          -- 64
/// local g = spatium.load_genome("essential_genome.json")
/// print(#g:areas(), g.neurons)                -- 24  55357
/// ```
///
/// Brains and areas are userdata; the same brain or area is always the same Lua value
/// (`b:area_named("v1") == v1`), so they can be table keys.
public enum BrainLibrary: SpatiumLibrary {
    /// Registers the brain, area and profile types and adds `spatium.brain`,
    /// `spatium.load_genome` and `spatium.profile` to the module table at `module`.
    ///
    /// ```lua
    /// print(type(spatium.brain), type(spatium.load_genome), type(spatium.profile.linear))
    /// ```
    public static func install(in lua: LuaState, module: Int32) {
        BrainObject.register(in: lua)
        AreaObject.register(in: lua)
        ProfileLibrary.install(in: lua, module: module)
        // The identity cache: Swift object → its userdata, weak values.
        lua.newTable()
        lua.newTable()
        lua.push(static: "v")
        lua.rawSet(at: -2, key: "__mode")
        lua_setmetatable(lua.pointer, -2)
        lua.rawSet(at: spatium_registryindex(), key: cacheKey)

        lua.push(function: brain)
        lua.rawSet(at: module, key: "brain")
        lua.push(function: loadGenome)
        lua.rawSet(at: module, key: "load_genome")
    }

    /// Pushes `brain` as a Lua value (the same userdata every time while Lua holds it).
    ///
    /// ```swift
    /// BrainLibrary.push(try GenomeLoader.load(path: "g.json"), in: lua)
    /// ```
    public static func push(_ brain: Brain, in lua: LuaState) {
        if pushCached(brain, in: lua) { return }
        LuaUserdata.push(BrainObject(brain: brain), in: lua)
        remember(brain, in: lua)
    }

    /// The brain at `index`, or an argument error (`spatium.brain expected, got …`).
    ///
    /// ```swift
    /// let brain = try BrainLibrary.check(lua, 1)
    /// ```
    public static func check(_ lua: LuaState, _ index: Int32) throws(LuaError) -> Brain {
        try LuaUserdata.check(BrainObject.self, at: index, in: lua).brain
    }

    // MARK: spatium.brain, spatium.load_genome

    /// `spatium.brain{seed =, dynamics =, threads =}`.
    static let brain: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let context = LuaContext.of(lua)
            let options = try LuaOptions(lua, argument: 1, known: ["seed", "dynamics", "threads"], optional: true)
            let seed = try seedOption(options, "seed") ?? context.seed
            let brain = Brain(seed: seed)
            brain.dynamics = try dynamicsOption(options) ?? .feagi
            brain.threads = try threadsOption(options) ?? resolvedThreads(context.threads)
            push(brain, in: lua)
            return 1
        }
    }

    /// `spatium.load_genome(path [, {seed =}])`: seed from the option, else from the genome's
    /// `spatium` block, else `--seed`.
    static let loadGenome: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let path = try lua.checkString(1)
            let options = try LuaOptions(lua, argument: 2, known: ["seed", "threads", "dynamics"], optional: true)
            let context = LuaContext.of(lua)
            let requested = try seedOption(options, "seed")
            let loaded: Brain
            do {
                let bytes = try GenomeLoader.readFile(path)
                if requested == nil && !contains(bytes, "\"spatium\"") {
                    loaded = try GenomeLoader.load(bytes: bytes, source: path, seed: context.seed)
                } else {
                    let first = try GenomeLoader.load(bytes: bytes, source: path, seed: requested)
                    if requested == nil, first.genomeInfo?.hasSpatiumBlock != true {
                        loaded = try GenomeLoader.load(bytes: bytes, source: path, seed: context.seed)
                    } else {
                        loaded = first
                    }
                }
            } catch let error as GenomeError {
                throw LuaError.runtime(error.description)
            }
            loaded.dynamics = try dynamicsOption(options) ?? .feagi
            loaded.threads = try threadsOption(options) ?? resolvedThreads(context.threads)
            for message in loaded.warnings { warn(lua, message) }
            push(loaded, in: lua)
            return 1
        }
    }

    // MARK: Shared option readers

    /// A seed: any Lua integer (negative ones are the same 64 bits as the unsigned seed).
    static func seedOption(_ options: LuaOptions, _ key: String) throws(LuaError) -> UInt64? {
        try options.integer(key).map { UInt64(bitPattern: $0) }
    }

    static func dynamicsOption(_ options: LuaOptions) throws(LuaError) -> Dynamics? {
        guard let name = try options.string("dynamics") else { return nil }
        guard let dynamics = Dynamics(rawValue: name) else {
            throw .argument(options.argument, "field 'dynamics': invalid option '\(name)' (expected one of: \(Dynamics.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return dynamics
    }

    static func threadsOption(_ options: LuaOptions) throws(LuaError) -> Int? {
        guard let threads = try options.integer("threads") else { return nil }
        guard threads >= 0, threads <= 1024 else {
            throw .argument(options.argument, "field 'threads': expected 0 (all cores) to 1024, got \(threads)")
        }
        return resolvedThreads(Int(threads))
    }

    /// 0 means every core.
    static func resolvedThreads(_ threads: Int) -> Int { threads == 0 ? Brain.coreCount : threads }

    // MARK: Identity cache

    static let cacheKey = "spatium.brain.objects"

    /// Pushes the cached userdata of `object` and returns true, or pushes nothing and returns false.
    static func pushCached(_ object: AnyObject, in lua: LuaState) -> Bool {
        lua.rawGet(at: spatium_registryindex(), key: cacheKey)
        let type = lua_rawgetp(lua.pointer, -1, Unmanaged.passUnretained(object).toOpaque())
        spatium_remove(lua.pointer, -2)
        if type == LUA_TUSERDATA { return true }
        lua.pop()
        return false
    }

    /// Records the userdata on top of the stack (left there) as the Lua value of `object`.
    static func remember(_ object: AnyObject, in lua: LuaState) {
        lua.rawGet(at: spatium_registryindex(), key: cacheKey)
        lua.pushValue(at: -2)
        lua_rawsetp(lua.pointer, -2, Unmanaged.passUnretained(object).toOpaque())
        lua.pop()
    }

    // MARK: Messages

    /// Prints `spatium-script: warning: <message>` on stderr unless `--quiet`.
    static func warn(_ lua: LuaState, _ message: String) {
        guard !LuaContext.of(lua).quiet else { return }
        var text = "spatium-script: warning: \(message)\n"
        text.withUTF8 { bytes in _ = fwrite(bytes.baseAddress, 1, bytes.count, stderr) }
        fflush(stderr)
    }

    static func contains(_ bytes: [UInt8], _ text: StaticString) -> Bool {
        let needle = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        guard bytes.count >= needle.count, let first = needle.first else { return false }
        var i = 0
        while i <= bytes.count - needle.count {
            if bytes[i] == first {
                var j = 1
                while j < needle.count && bytes[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}
