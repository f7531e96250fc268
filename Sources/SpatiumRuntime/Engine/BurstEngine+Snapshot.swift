/// What a snapshot restores into the engine besides the areas' own arrays: the burst counter,
/// the last fire set (delivered in the next burst), spike counters, pending injections and
/// background drives. Activation maps and fixed-point state go through
/// ``restoreActivation(_:for:)`` and ``restoreFixedPoint(_:for:)``; synapses through
/// ``restoreSynapses(_:)``.
///
/// ```swift
/// brain.engine.restoreRunState(burst: 100, fired: fired, spikeCounts: counts, totalSpikes: 512,
///                              synapticEvents: 4096, staged: [], stagedPatterns: [], drives: [:])
/// brain.engine.synapsesAreCurrent          // false until the next burst or prepare()
/// ```
extension BurstEngine {
    /// Whether ``synapses`` were built from the brain's current structure (true after a burst or
    /// ``prepare()`` unless areas, connections, psp settings or precisions changed since).
    var synapsesAreCurrent: Bool {
        !builtFingerprint.isEmpty && builtFingerprint == structureFingerprint()
    }

    /// Pending injections for the next burst, in staging order.
    var stagedInjections: [(index: Int, value: Float)] { staged }

    /// Patterns of pending injections, in staging order.
    var stagedInjectionPatterns: [(index: Int, pattern: UInt64)] { stagedPatterns }

    /// Background drives by area name.
    var backgroundDrives: [String: BackgroundDrive] { drives }

    /// Replaces the engine's run state. `spikeCounts` holds one counter per neuron (a shorter
    /// array is padded with zeros by the next ``prepare()``); `fired` must hold ascending
    /// global indices of this brain's neurons.
    func restoreRunState(burst: UInt64, fired: FiredSet, spikeCounts: [UInt32], totalSpikes: UInt64,
                         synapticEvents: UInt64, staged: [(index: Int, value: Float)],
                         stagedPatterns: [(index: Int, pattern: UInt64)], drives: [String: BackgroundDrive]) {
        self.burst = burst
        self.fired = fired
        self.spikeCounts = spikeCounts
        self.totalSpikes = totalSpikes
        self.synapticEvents = synapticEvents
        self.staged = staged
        self.stagedPatterns = stagedPatterns
        self.drives = drives
    }

    /// Installs a stored synapse matrix as the one built for the current structure (after the
    /// precisions are restored: they are part of the structure).
    func restoreSynapses(_ matrix: SynapseMatrix) {
        synapses = matrix
        builtFingerprint = structureFingerprint()
    }
}
