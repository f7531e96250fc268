/// An area's activation maps inside the burst: every neuron's summed input u becomes f(u), f
/// chosen from the neuron's map by its pattern hash (DESIGN.md §3, §6 step 3).
///
/// ```swift
/// try brain.engine.setActivation(.gradient(center: .gelu, edge: .relu), hash: .sources, for: v1)
/// ```
public struct AreaActivation: Sendable {
    /// The layout the maps were generated from.
    public let layout: ActivationLayout
    /// One shared map, or one per neuron (random layouts).
    public let bank: ActivationMapBank
    /// Where pattern hashes come from.
    public let hashSource: PatternHashSource
    /// Hits per cell over the whole area, always counted.
    public internal(set) var hits: ActivationHitCounts
    /// Hits per neuron and cell (`neuron · 64 + cell`), when asked for.
    public internal(set) var neuronHits: [UInt32]?

    public init(layout: ActivationLayout, bank: ActivationMapBank, hashSource: PatternHashSource,
                hits: ActivationHitCounts = ActivationHitCounts(), neuronHits: [UInt32]? = nil) {
        self.layout = layout
        self.bank = bank
        self.hashSource = hashSource
        self.hits = hits
        self.neuronHits = neuronHits
    }
}
