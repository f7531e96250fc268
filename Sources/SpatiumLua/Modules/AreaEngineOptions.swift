import CLua
import SpatiumRuntime

/// The keys of `b:area{…}` / `area:set{…}` that configure how the engine runs an area rather
/// than its neuron parameters: `activation` (a map from `spatium.activation_map{…}`, a function
/// name for a uniform map, or `false` to remove), `hash` (`"sources"`, `"position"`,
/// `"magnitude"`), `hash_resolution`, `activation_neuron_hits` (count hits per neuron too) and
/// `precision` (`"f32"`, `"q8.8"`, `"q8.8:tinymind"`, … or a `spatium.q` format).
///
/// ```lua
/// local v1 = b:area{name = "v1", size = {8, 8, 1}, precision = "q8.8",
///                   activation = spatium.activation_map{layout = "gradient", center = "gelu", edge = "relu"},
///                   hash = "position"}
/// ```
struct AreaEngineOptions {
    static let keys = ["precision", "activation", "hash", "hash_resolution", "activation_neuron_hits"]

    var layout: ActivationLayout?
    var removesActivation = false
    var hash: PatternHashSource?
    var neuronHits: Bool?
    var precision: Precision?

    /// Reads and checks the keys (before anything is created or changed); `hasActivation`:
    /// whether the area already has maps (false when creating it).
    static func read(_ o: LuaOptions, hasActivation: Bool) throws(LuaError) -> AreaEngineOptions {
        var result = AreaEngineOptions()
        let lua = o.lua
        try o.with("activation") { (type) throws(LuaError) in
            switch type {
            case .nil, .none: break
            case .boolean where !lua.toBoolean(at: -1): result.removesActivation = true
            case .userdata:
                guard let map = LuaUserdata.test(ActivationMapObject.self, at: -1, in: lua) else { fallthrough }
                result.layout = map.layout
            case .string:
                do { result.layout = .uniform(try ActivationFunction(name: lua.toString(at: -1)!)) } catch {
                    throw LuaError.argument(o.argument, "field 'activation': \(error)")
                }
            default:
                throw LuaError.argument(o.argument, "field 'activation': spatium.activation_map, a function name or false expected, got \(lua.typeName(at: -1))")
            }
        }
        if let name = try o.string("hash") {
            let resolution = try o.number("hash_resolution").map { Float($0) }
            do { result.hash = try PatternHashSource(name: name, resolution: resolution) } catch {
                throw LuaError.argument(o.argument, "field 'hash': \(error)")
            }
        } else if o.has("hash_resolution") {
            throw LuaError.argument(o.argument, "field 'hash_resolution' needs hash = \"magnitude\"")
        }
        result.neuronHits = try o.boolean("activation_neuron_hits")
        if (result.hash != nil || result.neuronHits != nil) && result.layout == nil && !hasActivation {
            throw LuaError.argument(o.argument, "fields 'hash' and 'activation_neuron_hits' need an activation map (activation = spatium.activation_map{…})")
        }
        try o.with("precision") { (type) throws(LuaError) in
            if type.isAbsent { return }
            if let format = LuaUserdata.test(QFormatObject.self, at: -1, in: lua) {
                result.precision = .fixed(format.format, .spatium)
                return
            }
            guard type == .string else {
                throw LuaError.argument(o.argument, "field 'precision': string (\"f32\", \"q8.8\", \"q8.8:tinymind\") or spatium.q expected, got \(lua.typeName(at: -1))")
            }
            do { result.precision = try Precision(parsing: lua.toString(at: -1)!) } catch {
                throw LuaError.argument(o.argument, "field 'precision': \(error)")
            }
        }
        return result
    }

    /// Applies the options to `area` (activation first, so a Q format prepares its tables).
    func apply(to area: CorticalArea, in brain: Brain, lua: LuaState) throws(LuaError) {
        let engine = brain.engine
        let current = engine.activation(of: area)
        do {
            if removesActivation {
                try engine.setActivation(nil, for: area)
            } else if layout != nil || hash != nil || neuronHits != nil {
                guard let layout = layout ?? current?.layout else { return } // excluded by read(_:hasActivation:)
                try engine.setActivation(layout, hash: hash ?? current?.hashSource ?? .sources,
                                         perNeuronHits: neuronHits ?? (current?.neuronHits != nil), for: area)
            }
            if let precision {
                for warning in try engine.setPrecision(precision, for: area) { BrainLibrary.warn(lua, warning) }
            }
        } catch let error as LuaError {
            throw error
        } catch {
            throw LuaError.runtime("area '\(area.name)': \(error)")
        }
    }
}
