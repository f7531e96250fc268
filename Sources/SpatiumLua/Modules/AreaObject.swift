import CLua
import SpatiumRuntime

/// A cortical area as Lua sees it (`spatium.area` userdata): parameters, per-neuron arrays as
/// tensors, input for the next burst and the results of the last one.
///
/// ```lua
/// local v1 = b:area{name = "v1", size = {3, 3, 2}, threshold = 10, gradient = {x = 1, y = 2, z = 5}}
/// print(v1.name, v1:size())                 -- v1  3  3  2  1
/// print(v1:threshold_at(2, 2, 1))           -- 21.0
/// print(v1:index(2, 2, 1), v1:coords(17))   -- 17   2  2  1  0
/// v1:set{leak = 0.1, refractory = 2}
/// v1:inject(5)                              -- every neuron, next burst
/// b:step()
/// print(#v1:fired(), v1:potentials():max())
/// ```
/// The area keeps its brain alive; `area.brain` is the brain's Lua value.
final class AreaObject: LuaObject {
    static let luaTypeName: StaticString = "spatium.area"
    /// The brain's Lua-side object (reset bookkeeping).
    let owner: BrainObject
    /// The runtime area.
    let area: CorticalArea

    init(owner: BrainObject, area: CorticalArea) {
        self.owner = owner
        self.area = area
    }

    var brain: Brain { owner.brain }
    var engine: BurstEngine { owner.brain.engine }

    /// Pushes `area` (the cached userdata if Lua still holds it); the brain userdata at
    /// `ownerIndex` becomes its user value, so it lives as long as any of its areas.
    static func push(_ area: CorticalArea, owner: BrainObject, ownerIndex: Int32, in lua: LuaState) {
        let ownerIndex = lua.absolute(ownerIndex)
        if BrainLibrary.pushCached(area, in: lua) { return }
        LuaUserdata.push(AreaObject(owner: owner, area: area), in: lua)
        lua.pushValue(at: ownerIndex)
        lua_setiuservalue(lua.pointer, -2, 1)
        BrainLibrary.remember(area, in: lua)
    }

    static func check(_ lua: LuaState, _ index: Int32) throws(LuaError) -> AreaObject {
        try LuaUserdata.check(AreaObject.self, at: index, in: lua)
    }

    static func register(in lua: LuaState) {
        LuaUserdata.register(AreaObject.self, in: lua, methods: [
            ("thresholds", thresholds), ("limits", limits), ("leaks", leaks), ("threshold_at", thresholdAt),
            ("index", index), ("coords", coords), ("size", size), ("count", count), ("set", set),
            ("inject", inject), ("drive", drive),
            ("fired", fired), ("fired_potentials", firedPotentials), ("potentials", potentials),
            ("spike_counts", spikeCounts), ("rate_by", rateBy),
            ("activation_hits", activationHits), ("activation_stats", activationStats),
            ("activation_svg", activationSVG), ("activation_map", activationMap), ("precision", precision),
        ], metamethods: [("__tostring", describe)], index: field)
    }

    // MARK: Fields and geometry

    /// `area.name`, `area.title`, `area.base`, `area.brain`.
    static let field: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let object = try check(lua, 1)
            switch lua.toString(at: 2) {
            case "name": lua.push(object.area.name)
            case "title": lua.push(object.area.title)
            case "base": lua.push(object.area.base)
            case "brain": lua_getiuservalue(lua.pointer, 1, 1)
            default: lua.pushNil()
            }
            return 1
        }
    }

    static let size: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let area = try check(lua, 1).area
            lua.push(area.width); lua.push(area.height); lua.push(area.depth); lua.push(area.neuronsPerVoxel)
            return 4
        }
    }

    static let count: LuaCFunction = { L in
        LuaFunction.run(L) { lua in lua.push(try check(lua, 1).area.count); return 1 }
    }

    /// `area:index(x, y, z [, k])` → local index (0-based).
    static let index: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let area = try check(lua, 1).area
            let (x, y, z) = try voxel(lua, area, from: 2)
            let k = try lua.optionalInteger(5).map(Int.init) ?? 0
            guard let local = area.index(x: x, y: y, z: z, k: k) else {
                throw LuaError.argument(5, "neuron \(k) of a voxel is outside 0..<\(area.neuronsPerVoxel) (npv of area '\(area.name)')")
            }
            lua.push(local)
            return 1
        }
    }

    /// `area:coords(i)` → x, y, z, k.
    static let coords: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let area = try check(lua, 1).area
            let local = try lua.checkInteger(2)
            guard let c = area.coordinates(of: Int(local)) else {
                throw LuaError.argument(2, "index \(local) is outside area '\(area.name)' (0..<\(area.count))")
            }
            lua.push(c.x); lua.push(c.y); lua.push(c.z); lua.push(c.k)
            return 4
        }
    }

    static let thresholdAt: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let area = try check(lua, 1).area
            let (x, y, z) = try voxel(lua, area, from: 2)
            guard area.neuronsPerVoxel > 0, let local = area.index(x: x, y: y, z: z) else {
                throw LuaError.runtime("area '\(area.name)' has no neurons")
            }
            lua.push(Double(area.threshold[local]))
            return 1
        }
    }

    /// Three integer coordinates at `first…first+2`, inside the area.
    static func voxel(_ lua: LuaState, _ area: CorticalArea, from first: Int32) throws(LuaError) -> (Int, Int, Int) {
        let sizes = [area.width, area.height, area.depth]
        var c: [Int] = []
        for (i, name) in ["x", "y", "z"].enumerated() {
            let position = first + Int32(i)
            let value = Int(try lua.checkInteger(position))
            guard value >= 0, value < sizes[i] else {
                throw LuaError.argument(position, "\(name) = \(value) is outside area '\(area.name)' (0..<\(sizes[i]))")
            }
            c.append(value)
        }
        return (c[0], c[1], c[2])
    }

    // MARK: Per-neuron arrays

    static let thresholds: LuaCFunction = { L in
        LuaFunction.run(L) { lua in TensorLibrary.push(Tensor(values: try check(lua, 1).area.threshold), in: lua); return 1 }
    }

    static let limits: LuaCFunction = { L in
        LuaFunction.run(L) { lua in TensorLibrary.push(Tensor(values: try check(lua, 1).area.thresholdLimit), in: lua); return 1 }
    }

    static let leaks: LuaCFunction = { L in
        LuaFunction.run(L) { lua in TensorLibrary.push(Tensor(values: try check(lua, 1).area.leak), in: lua); return 1 }
    }

    static let potentials: LuaCFunction = { L in
        LuaFunction.run(L) { lua in TensorLibrary.push(Tensor(values: try check(lua, 1).area.membranePotential), in: lua); return 1 }
    }

    // MARK: Parameters

    /// `area:set{…}`: the keys of `b:area` but `name`, `title`, `size`, `neurons_per_voxel`.
    static let set: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let object = try check(lua, 1)
            let options = try LuaOptions(lua, argument: 2, known: AreaParameters.keys)
            var parameters = object.area.parameters
            try AreaParameters.read(options, into: &parameters, area: object.area.name, width: object.area.width,
                                    height: object.area.height, depth: object.area.depth, seed: object.brain.seed,
                                    creating: false)
            let engineOptions = try AreaEngineOptions.read(options, hasActivation: object.brain.engine.activation(of: object.area) != nil)
            let warnings: [String]
            do { warnings = try object.area.set(parameters) } catch {
                throw LuaError.runtime(String(describing: error))
            }
            for warning in warnings { BrainLibrary.warn(lua, warning) }
            try engineOptions.apply(to: object.area, in: object.brain, lua: lua)
            return 0
        }
    }

    // MARK: Input

    /// `area:inject(x)`: a number (every neuron), a tensor (per neuron or per voxel), or a list
    /// of `{x, y, z, value}`; added to the input of the next burst.
    static let inject: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let object = try check(lua, 1)
            let area = object.area
            do {
                switch lua.type(at: 2) {
                case .number:
                    try object.engine.inject(area: area, value: Float(lua.toNumber(at: 2)!))
                case .userdata:
                    let tensor = try TensorLibrary.check(lua, 2)
                    guard tensor.count == area.count || tensor.count == area.voxelCount else {
                        let perVoxel = area.count == area.voxelCount ? ""
                            : " or \(area.voxelCount) (one per voxel, \(area.width)×\(area.height)×\(area.depth))"
                        throw LuaError.argument(2, "tensor has \(tensor.count) elements, expected \(area.count) (one per neuron)\(perVoxel) for area '\(area.name)'")
                    }
                    try object.engine.inject(area: area, values: ProfileLibrary.floats(of: tensor))
                case .table:
                    try object.engine.inject(area: area, voxels: try voxelEntries(lua, area))
                default:
                    throw lua.expected("number, tensor or list of {x, y, z, value}", at: 2)
                }
            } catch let error as InjectionError {
                throw LuaError.argument(2, error.description)
            }
            return 0
        }
    }

    static func voxelEntries(_ lua: LuaState, _ area: CorticalArea) throws(LuaError) -> [(x: Int, y: Int, z: Int, value: Float)] {
        let count = lua.rawLength(at: 2)
        var entries: [(x: Int, y: Int, z: Int, value: Float)] = []
        entries.reserveCapacity(count)
        for n in 1...max(count, 1) where count > 0 {
            lua.rawGet(at: 2, position: n)
            defer { lua.pop() }
            guard lua.type(at: -1) == .table, lua.rawLength(at: -1) == 4 else {
                throw LuaError.argument(2, "entry \(n): expected {x, y, z, value}, got \(MorphologyArgument.describe(lua, lua.absolute(-1)))")
            }
            var numbers: [Double] = []
            for i in 1...4 {
                lua.rawGet(at: -1, position: i)
                defer { lua.pop() }
                guard lua.type(at: -1) == .number, let v = lua.toNumber(at: -1) else {
                    throw LuaError.argument(2, "entry \(n): element \(i) must be a number, got \(lua.typeName(at: -1))")
                }
                if i < 4, lua.toInteger(at: -1) == nil {
                    throw LuaError.argument(2, "entry \(n): coordinate \(i) must be an integer, got \(v)")
                }
                numbers.append(v)
            }
            entries.append((Int(numbers[0]), Int(numbers[1]), Int(numbers[2]), Float(numbers[3])))
        }
        return entries
    }

    /// `area:drive{constant =, uniform =, normal =}`; `area:drive(nil)` or `area:drive{}` removes it.
    static let drive: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let object = try check(lua, 1)
            if lua.type(at: 2).isAbsent {
                object.engine.setDrive(nil, for: object.area)
                return 0
            }
            let options = try LuaOptions(lua, argument: 2, known: ["constant", "uniform", "normal"])
            var values: [Float] = []
            for key in ["constant", "uniform", "normal"] {
                let value = try options.number(key) ?? 0
                guard value.isFinite else { throw LuaError.argument(2, "field '\(key)': must be finite, got \(value)") }
                values.append(Float(value))
            }
            let drive = BackgroundDrive(constant: values[0], uniform: values[1], normal: values[2])
            object.engine.setDrive(drive.isActive ? drive : nil, for: object.area)
            return 0
        }
    }

    // MARK: Results

    static let fired: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let object = try check(lua, 1)
            TensorLibrary.push(Tensor(values: object.engine.fired(in: object.area).map(Int64.init)), in: lua)
            return 1
        }
    }

    static let firedPotentials: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let object = try check(lua, 1)
            TensorLibrary.push(Tensor(values: object.engine.firedPotentials(in: object.area)), in: lua)
            return 1
        }
    }

    static let spikeCounts: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let object = try check(lua, 1)
            TensorLibrary.push(Tensor(values: object.engine.spikeCounts(in: object.area).map(Int64.init)), in: lua)
            return 1
        }
    }

    /// `area:rate_by{axis = "x"}` (or `area:rate_by("x")`) → rates (f64), counts (i64).
    static let rateBy: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let object = try check(lua, 1)
            let name: String
            if lua.type(at: 2) == .string {
                name = lua.toString(at: 2)!
            } else {
                let options = try LuaOptions(lua, argument: 2, known: ["axis"])
                guard let axis = try options.string("axis") else {
                    throw LuaError.argument(2, "field 'axis': expected one of: x, y, z, got nil")
                }
                name = axis
            }
            guard let axis = GridAxis(rawValue: name) else {
                throw LuaError.argument(2, "invalid axis '\(name)' (expected one of: x, y, z)")
            }
            let bursts = object.brain.burst &- object.owner.countsResetBurst
            let result = object.engine.columnRates(in: object.area, along: axis, bursts: bursts)
            TensorLibrary.push(Tensor(values: result.rates), in: lua)
            TensorLibrary.push(Tensor(values: result.counts.map { Int64(truncatingIfNeeded: $0) }), in: lua)
            return 2
        }
    }

    /// `area 'v1' 3×3×2 ×1 (18 neurons), threshold linear(…) in [10.0, 21.0]`.
    static let describe: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let area = try check(lua, 1).area
            var text = "area '\(area.name)' \(area.width)×\(area.height)×\(area.depth)"
            if area.neuronsPerVoxel != 1 { text += " ×\(area.neuronsPerVoxel)" }
            text += " (\(Formatting.grouped(area.count)) neurons), threshold \(area.parameters.threshold)"
            if area.parameters.threshold.constantValue == nil, let low = area.threshold.min(), let high = area.threshold.max() {
                text += " in [\(low), \(high)]"
            }
            lua.push(text)
            return 1
        }
    }
}

/// The neuron parameters of `b:area{…}` and `area:set{…}` (DESIGN §5).
///
/// ```lua
/// b:area{name = "v1", size = {64, 64, 4}, threshold = 10, gradient = {x = 0.5}, limit = 40,
///        leak = 0.1, refractory = 1, consecutive_fire_limit = 0, snooze = 0,
///        mp_accumulation = true, excitability = 1, psp = 1, psp_uniform = true, mp_driven_psp = false}
/// ```
/// `threshold`, `limit` and `leak` take a number, a `spatium.profile` or a tensor of W·H·D
/// per-voxel values. `gradient = {x =, y =, z =}` (or `{ix, iy, iz}`) needs a number threshold.
/// In `area:set{…}`, a number threshold keeps the area's current gradient, a gradient alone
/// keeps the current base (when the threshold is a number or a linear gradient), and a profile
/// or tensor replaces both.
enum AreaParameters {
    /// Every key besides `name`, `title`, `size` and `neurons_per_voxel`.
    static let keys = ["threshold", "gradient", "limit", "leak", "refractory", "consecutive_fire_limit", "snooze",
                       "mp_accumulation", "excitability", "psp", "psp_uniform", "mp_driven_psp"]
                       + AreaEngineOptions.keys

    /// Reads the parameter keys present in `o` into `p`.
    static func read(_ o: LuaOptions, into p: inout NeuronParameters, area: String, width: Int, height: Int,
                     depth: Int, seed: UInt64, creating: Bool) throws(LuaError) {
        let gradient = try ProfileLibrary.triple(o, "gradient", required: false)
        if let threshold = try profile(o, "threshold", width, height, depth, seed) {
            if let gradient {
                guard case .uniform(let base) = threshold.profile.shape, threshold.wasNumber else {
                    throw LuaError.argument(o.argument, "field 'gradient': a gradient needs a number threshold (use spatium.profile.linear for a profile with noise)")
                }
                p.threshold = .linear(base: base, x: gradient.x, y: gradient.y, z: gradient.z)
            } else if threshold.wasNumber, !creating, case .linear(_, let x, let y, let z) = p.threshold.shape,
                      p.threshold.noise == nil, case .uniform(let base) = threshold.profile.shape {
                p.threshold = .linear(base: base, x: x, y: y, z: z)   // a new base keeps the gradient
            } else {
                p.threshold = threshold.profile
            }
        } else if let gradient {
            let base: Float
            switch p.threshold.shape {
            case .uniform(let v) where p.threshold.noise == nil: base = v
            case .linear(let b, _, _, _) where p.threshold.noise == nil: base = b
            default:
                throw LuaError.argument(o.argument, "field 'gradient': the threshold is \(p.threshold); give a number threshold with the gradient")
            }
            p.threshold = .linear(base: base, x: gradient.x, y: gradient.y, z: gradient.z)
        }
        if let problem = p.threshold.problem(width: width, height: height, depth: depth) {
            throw LuaError.argument(o.argument, "field '\(o.has("gradient") ? "gradient" : "threshold")': \(problem)")
        }
        if let limit = try profile(o, "limit", width, height, depth, seed) { p.thresholdLimit = limit.profile }
        if let leak = try profile(o, "leak", width, height, depth, seed) { p.leak = leak.profile }
        if let v = try count(o, "refractory") { p.refractory = v }
        if let v = try count(o, "consecutive_fire_limit") { p.consecutiveFireLimit = v }
        if let v = try count(o, "snooze") { p.snooze = v }
        if let v = try o.boolean("mp_accumulation") { p.mpAccumulation = v }
        if let v = try o.boolean("psp_uniform") { p.pspUniform = v }
        if let v = try o.boolean("mp_driven_psp") { p.mpDrivenPSP = v }
        if let v = try o.number("excitability") {
            guard v >= 0, v <= 1 else { throw LuaError.argument(o.argument, "field 'excitability': expected a probability in [0, 1], got \(v)") }
            p.excitability = Float(v)
        }
        if let v = try o.number("psp") {
            guard v.isFinite else { throw LuaError.argument(o.argument, "field 'psp': must be finite, got \(v)") }
            p.psp = Float(v)
        }
    }

    /// A non-negative integer that fits 32 bits.
    static func count(_ o: LuaOptions, _ key: String) throws(LuaError) -> Int? {
        guard let v = try o.integer(key) else { return nil }
        guard v >= 0, v <= Int64(Int32.max) else {
            throw LuaError.argument(o.argument, "field '\(key)': expected an integer in 0...\(Int32.max), got \(v)")
        }
        return Int(v)
    }

    /// A number, a profile or a W·H·D tensor, checked against the area's grid.
    static func profile(_ o: LuaOptions, _ key: String, _ width: Int, _ height: Int, _ depth: Int,
                        _ seed: UInt64) throws(LuaError) -> (profile: ThresholdProfile, wasNumber: Bool)? {
        let lua = o.lua
        let result = try o.with(key) { (type) throws(LuaError) -> (ThresholdProfile, Bool)? in
            switch type {
            case .nil, .none:
                return nil
            case .number:
                let value = lua.toNumber(at: -1)!
                guard value.isFinite else { throw LuaError.argument(o.argument, "field '\(key)': must be finite, got \(value)") }
                return (.uniform(Float(value)), true)
            default:
                if let profile = ProfileLibrary.test(lua, -1) { return (profile.resolved(seed: seed), false) }
                if let tensor = LuaUserdata.test(Tensor.self, at: -1, in: lua) {
                    let voxels = width * height * depth
                    guard tensor.count == voxels else {
                        throw LuaError.argument(o.argument, "field '\(key)': tensor has \(tensor.count) elements, expected \(voxels) (one per voxel, \(width)×\(height)×\(depth))")
                    }
                    return (.voxels(ProfileLibrary.floats(of: tensor)), false)
                }
                throw LuaError.argument(o.argument, "field '\(key)': number, spatium.profile or spatium.tensor expected, got \(lua.typeName(at: -1))")
            }
        }
        guard let (profile, wasNumber) = result else { return nil }
        if key != "threshold", let problem = profile.problem(width: width, height: height, depth: depth) {
            throw LuaError.argument(o.argument, "field '\(key)': \(problem)")
        }
        return (profile, wasNumber)
    }
}
