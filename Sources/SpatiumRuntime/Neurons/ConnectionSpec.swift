/// A mapping from one area to another, as data (the engine turns it into synapses).
///
/// Each synapse delivers `weight · psp · (inhibitory ? −1 : 1)` per spike, with `psp` the
/// spec's own value or, when `nil`, the source area's `psp` (FEAGI's rule: a synapse's psp is
/// the source area's `pstcr_`). When the source area has `pspUniform == false` the
/// contribution is divided by the source neuron's out-degree (DESIGN §6).
///
/// From a FEAGI genome: `weight` = |multiplier| clamped to 0…255, `inhibitory` = multiplier
/// < 0, `psp` and `mpDrivenPSP` are `nil` (taken from the source area), `morphologyName` is the
/// genome's morphology id.
///
/// ```swift
/// let spec = ConnectionSpec(source: "retina", destination: "v1", morphology: .projector, weight: 2)
/// spec.contribution(sourcePSP: 1)           // 2
/// ```
public struct ConnectionSpec: Hashable, Sendable {
    /// Source area name.
    public var source: String
    /// Destination area name.
    public var destination: String
    /// How synapses are chosen.
    public var morphology: Morphology
    /// The morphology's name in a genome (e.g. `"lateral_+x"`, `"0_0_0-4_0_0"`), if it has one.
    public var morphologyName: String?
    /// Per-axis morphology scalar (FEAGI `morphology_scalar`), each ≥ 1.
    public var scalar: GridVector
    /// Synaptic weight (FEAGI: the |postSynapticCurrent_multiplier|).
    public var weight: Float
    /// psp of these synapses; `nil`: the source area's psp.
    public var psp: Float?
    /// Inhibitory synapses subtract their contribution.
    public var inhibitory: Bool
    /// Plasticity settings, kept as data.
    public var plasticity: Plasticity
    /// psp driven by the source's firing potential; `nil`: the source area's setting.
    public var mpDrivenPSP: Bool?
    /// FEAGI's `synaptic_delay_bursts`, kept as data (the burst model delays one burst).
    public var synapticDelay: Int

    /// Creates a connection spec.
    ///
    /// ```swift
    /// let inh = ConnectionSpec(source: "a", destination: "b", morphology: .allToAll, weight: 3, inhibitory: true)
    /// ```
    public init(source: String, destination: String, morphology: Morphology, morphologyName: String? = nil,
                scalar: GridVector = .one, weight: Float = 1, psp: Float? = nil, inhibitory: Bool = false,
                plasticity: Plasticity = .none, mpDrivenPSP: Bool? = nil, synapticDelay: Int = 1) {
        self.source = source
        self.destination = destination
        self.morphology = morphology
        self.morphologyName = morphologyName
        self.scalar = scalar
        self.weight = weight
        self.psp = psp
        self.inhibitory = inhibitory
        self.plasticity = plasticity
        self.mpDrivenPSP = mpDrivenPSP
        self.synapticDelay = synapticDelay
    }

    /// The signed contribution of one spike over one synapse, before any out-degree division:
    /// `weight · (psp ?? sourcePSP) · (inhibitory ? −1 : 1)`.
    ///
    /// ```swift
    /// ConnectionSpec(source: "a", destination: "b", morphology: .projector, weight: 255, inhibitory: true)
    ///     .contribution(sourcePSP: 255)      // -65025
    /// ```
    @inlinable
    public func contribution(sourcePSP: Float) -> Float {
        let value = weight * (psp ?? sourcePSP)
        return inhibitory ? -value : value
    }
}
