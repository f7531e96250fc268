import CLua
import SpatiumRuntime

/// Activation-map and precision queries of an area.
///
/// ```lua
/// print(v1:precision(), v1:activation_hits():sum(), v1:activation_stats().entropy_bits)
/// v1:activation_svg(spatium.output("v1_hits.svg"))
/// ```
extension AreaObject {
    static func activation(_ lua: LuaState) throws(LuaError) -> (AreaObject, AreaActivation) {
        let object = try check(lua, 1)
        guard let activation = object.brain.engine.activation(of: object.area) else {
            throw LuaError.runtime("area '\(object.area.name)' has no activation map (give it one with activation = spatium.activation_map{…})")
        }
        return (object, activation)
    }

    /// `area:activation_hits()` → 8×8 i64 tensor of the area's cell hits;
    /// `area:activation_hits{per_neuron = true}` → i64 tensor {count, 64} (needs activation_neuron_hits).
    static let activationHits: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let (object, activation) = try activation(lua)
            let options = try LuaOptions(lua, argument: 2, known: ["per_neuron"], optional: true)
            if try options.boolean("per_neuron") == true {
                guard let counts = activation.neuronHits else {
                    throw LuaError.runtime("area '\(object.area.name)' does not count hits per neuron (set activation_neuron_hits = true)")
                }
                TensorLibrary.push(Tensor(values: counts.map { Int64($0) }, shape: [object.area.count, ActivationMap.cellCount]), in: lua)
            } else {
                ActivationLibrary.pushHits(activation.hits, in: lua)
            }
            return 1
        }
    }

    /// The map statistics are computed against the area's shared map (or neuron 0's).
    static func representativeMap(_ activation: AreaActivation) -> ActivationMap? {
        activation.bank.sharedMap ?? activation.bank.map(forNeuron: 0)
    }

    static let activationStats: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let (_, activation) = try activation(lua)
            guard let map = representativeMap(activation) else { throw LuaError.runtime("area has no neurons") }
            ActivationLibrary.pushStatistics(activation.hits, map: map, in: lua)
            return 1
        }
    }

    static let activationSVG: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let (object, activation) = try activation(lua)
            let path = try lua.checkString(2)
            guard let map = representativeMap(activation) else { throw LuaError.runtime("area has no neurons") }
            let title = "\(object.area.name): \(activation.layout.description), hash \(activation.hashSource)"
            try ActivationLibrary.writeText(map.svg(hits: activation.hits.total > 0 ? activation.hits : nil, title: title), to: path, in: lua)
            lua.push(path)
            return 1
        }
    }

    /// `area:activation_map([neuron])` → the activation map neuron `neuron` (0-based local
    /// index, default 0) uses in the burst: a `spatium.activation_map` whose `:cell`, `:svg`,
    /// `tostring` show the engine's grid (random layouts give each neuron its own).
    static let activationMap: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let (object, activation) = try activation(lua)
            let neuron = try lua.optionalInteger(2) ?? 0
            guard neuron >= 0, neuron < object.area.count, let map = activation.bank.map(forNeuron: Int(neuron)) else {
                throw LuaError.argument(2, "neuron index \(neuron) is outside area '\(object.area.name)' (0 to \(object.area.count - 1))")
            }
            LuaUserdata.push(ActivationMapObject(layout: activation.layout, map: map), in: lua)
            return 1
        }
    }

    static let precision: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let object = try check(lua, 1)
            lua.push(object.brain.engine.precision(of: object.area).description)
            return 1
        }
    }
}
