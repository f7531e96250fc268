import SpatiumRuntime

/// A Lua activation map: the layout it came from, the map it shows (neuron 0's for random
/// layouts) and its own hit counters (for `:select` / `:activate` called from Lua).
///
/// ```lua
/// local m = spatium.activation_map{layout = "gradient", center = "gelu", edge = "relu"}
/// print(m:activate(0.5, 0x0301), m:cell(3, 1))   -- row 3, column 1
/// ```
final class ActivationMapObject: LuaObject {
    static let luaTypeName: StaticString = "spatium.activation_map"
    let layout: ActivationLayout
    let map: ActivationMap
    var hits = ActivationHitCounts()

    init(layout: ActivationLayout, seed: UInt64) {
        self.layout = layout
        self.map = layout.map(forNeuron: 0, seed: seed)
    }

    /// A specific map of `layout` (an area's neuron's, as the engine uses it).
    init(layout: ActivationLayout, map: ActivationMap) {
        self.layout = layout
        self.map = map
    }
}
