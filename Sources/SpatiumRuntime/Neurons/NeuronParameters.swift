/// The neuron parameters of one cortical area (DESIGN §5), with FEAGI's defaults.
///
/// `threshold`, `thresholdLimit` and `leak` are spatial profiles, materialised per neuron;
/// the rest are area-level scalars.
///
/// | parameter | default | meaning |
/// |---|---|---|
/// | `threshold` | `.uniform(1)` | a neuron fires when `threshold ≤ v` … |
/// | `thresholdLimit` | `.uniform(0)` | … `≤ limit`; 0 = no upper limit |
/// | `leak` | `.uniform(0)` | fraction lost per leak step, `mp ← mp·(1 − leak)`, not clamped |
/// | `leakVariability` | 0 | FEAGI's `leak_v`, kept as data |
/// | `refractory` | 0 | bursts skipped after a fire |
/// | `consecutiveFireLimit` | 0 | fires in a row before a block; 0 or 65535 = unlimited |
/// | `snooze` | 0 | extra refractory bursts at the consecutive-fire limit |
/// | `mpAccumulation` | false | false: potential reset to 0 at every burst |
/// | `excitability` | 1 | firing probability in the window; ≥ 0.999 always fires |
/// | `psp` | 1 | postsynaptic potential of this area's **outgoing** synapses |
/// | `pspUniform` | true | false: a synapse's contribution is divided by the source's out-degree |
/// | `mpDrivenPSP` | false | psp = the source's firing potential (FEAGI `mp_driven_psp`) |
///
/// Areas built in code default to `pspUniform = true`; genomes that omit the gene get
/// FEAGI's `false` (``feagiGenomeDefaults``).
///
/// ```swift
/// var p = NeuronParameters(threshold: .linear(base: 10, x: 0.5), leak: .uniform(0.1))
/// p.refractory = 1
/// ```
public struct NeuronParameters: Hashable, Sendable {
    /// Firing threshold profile.
    public var threshold: ThresholdProfile
    /// Threshold-limit profile (0 = no limit).
    public var thresholdLimit: ThresholdProfile
    /// Leak-coefficient profile.
    public var leak: ThresholdProfile
    /// FEAGI's leak variability, kept as data.
    public var leakVariability: Float
    /// Refractory period in bursts (≥ 0).
    public var refractory: Int
    /// Consecutive fire limit (0 or 65535 = unlimited).
    public var consecutiveFireLimit: Int
    /// Snooze length in bursts (≥ 0).
    public var snooze: Int
    /// Membrane potential accumulates across bursts.
    public var mpAccumulation: Bool
    /// Firing probability in the window.
    public var excitability: Float
    /// psp of the area's outgoing synapses.
    public var psp: Float
    /// true: every synapse delivers its full contribution; false: divided by out-degree.
    public var pspUniform: Bool
    /// psp driven by the source's firing potential.
    public var mpDrivenPSP: Bool

    /// Creates parameters; every argument has FEAGI's default (with `pspUniform = true`).
    ///
    /// ```swift
    /// let p = NeuronParameters(threshold: .uniform(5), thresholdLimit: .uniform(40))
    /// ```
    public init(threshold: ThresholdProfile = .uniform(1), thresholdLimit: ThresholdProfile = .uniform(0),
                leak: ThresholdProfile = .uniform(0), leakVariability: Float = 0, refractory: Int = 0,
                consecutiveFireLimit: Int = 0, snooze: Int = 0, mpAccumulation: Bool = false,
                excitability: Float = 1, psp: Float = 1, pspUniform: Bool = true, mpDrivenPSP: Bool = false) {
        self.threshold = threshold
        self.thresholdLimit = thresholdLimit
        self.leak = leak
        self.leakVariability = leakVariability
        self.refractory = refractory
        self.consecutiveFireLimit = consecutiveFireLimit
        self.snooze = snooze
        self.mpAccumulation = mpAccumulation
        self.excitability = excitability
        self.psp = psp
        self.pspUniform = pspUniform
        self.mpDrivenPSP = mpDrivenPSP
    }

    /// FEAGI's defaults for a genome area that omits genes (`pspUniform = false`).
    public static let feagiGenomeDefaults = NeuronParameters(pspUniform: false)

    /// Whether the consecutive-fire limit is enabled (not 0 and not 65535).
    ///
    /// ```swift
    /// NeuronParameters(consecutiveFireLimit: 3).hasFireLimit   // true
    /// ```
    public var hasFireLimit: Bool { consecutiveFireLimit != 0 && consecutiveFireLimit != 65535 }

    /// Checks every parameter for a W×H×D area; throws ``BrainError/invalidParameter(area:parameter:problem:)``
    /// naming the first bad one.
    ///
    /// ```swift
    /// try NeuronParameters(refractory: -1).validate(area: "v1", width: 1, height: 1, depth: 1)  // throws
    /// ```
    public func validate(area: String, width: Int, height: Int, depth: Int) throws {
        let profiles = [("threshold", threshold), ("thresholdLimit", thresholdLimit), ("leak", leak)]
        for (name, profile) in profiles {
            if let problem = profile.problem(width: width, height: height, depth: depth) {
                throw BrainError.invalidParameter(area: area, parameter: name, problem: problem)
            }
        }
        let counts = [("refractory", refractory), ("consecutiveFireLimit", consecutiveFireLimit), ("snooze", snooze)]
        for (name, value) in counts where value < 0 || value > Int(Int32.max) {
            throw BrainError.invalidParameter(area: area, parameter: name,
                                              problem: "expected an integer in 0...\(Int32.max), got \(value)")
        }
        let scalars = [("leakVariability", leakVariability), ("excitability", excitability), ("psp", psp)]
        for (name, value) in scalars where !value.isFinite {
            throw BrainError.invalidParameter(area: area, parameter: name, problem: "must be finite, got \(value)")
        }
    }
}
