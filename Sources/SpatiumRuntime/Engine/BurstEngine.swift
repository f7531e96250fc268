

/// Runs bursts over a ``Brain``: synaptic delivery with one burst of delay, injections,
/// background drive, the power neuron, and FEAGI's neuron dynamics in either ``Dynamics`` mode.
///
/// Results do not depend on ``threads``: neuron updates are independent, and every target
/// neuron sums its synaptic input in the order of the spikes' sources for any thread count
/// (``SynapticDelivery`` describes the two ways threads share delivery).
///
/// ```swift
/// brain.engine.inject(area: retina, local: 0, value: 2)
/// try brain.step()
/// brain.engine.fired(in: v1)        // local indices that fired
/// ```
public final class BurstEngine {
    /// The brain whose areas hold the neuron state.
    public unowned let brain: Brain
    /// Dynamics mode (``Dynamics/feagi`` by default).
    public var dynamics: Dynamics
    /// Worker threads (1 or more); results are identical for every value.
    public var threads: Int
    /// Bursts completed so far; the next burst is number `burst + 1` (FEAGI counts from 1).
    public internal(set) var burst: UInt64 = 0
    /// The neurons that fired in the last burst (they are delivered in the next one).
    public internal(set) var fired = FiredSet()
    /// Spikes per global neuron since the last ``resetSpikeCounts()``.
    public internal(set) var spikeCounts: [UInt32] = []
    /// Synaptic events so far: one per outgoing synapse of every spike, counted when the spike
    /// is emitted (as the peers of reference/peers/MODEL.md count them).
    public internal(set) var synapticEvents: UInt64 = 0
    /// Spikes so far.
    public internal(set) var totalSpikes: UInt64 = 0

    /// Synapses, built from the brain's connections on first use.
    public internal(set) var synapses: SynapseMatrix {
        didSet {
            uniformContribution = synapses.uniformContribution
            deliveryBoundsWorkers = 0
            deliveryBounds = []
        }
    }
    /// Per source row, where each delivery worker's targets begin and end (see
    /// `computeDeliveryBounds`), for `deliveryBoundsWorkers` workers (0: not computed).
    var deliveryBounds: [Int] = []
    var deliveryBoundsWorkers = 0
    /// Events that delivery worker w (≥ 1) found for worker r's targets: element (w − 1)·W + r.
    var deliveryBuckets: [DeliveryBucket] = []
    /// How many bursts each delivery scheme served (tests check that both multi-worker schemes run).
    var deliverySchemes = (oneWorker: 0, targetRanges: 0, buckets: 0)
    /// The contribution every synapse carries when they all carry the same one: delivery then
    /// reads no per-synapse weights (half the memory traffic of a burst's spikes).
    var uniformContribution: Float?
    var builtFingerprint: [UInt64] = []
    /// Runs every area through `AreaKernel.updateGeneral` (tests check that the vectorised
    /// kernel gives the same bits).
    var usesGeneralKernelOnly = false
    /// Activates areas with maps in bulk when every neuron is a candidate (tests turn it off
    /// to check the bulk path against one neuron at a time).
    var usesBulkActivation = true
    /// Areas (and brains) from this many neurons are updated by every thread; smaller ones by
    /// one, where waking the others costs more than it saves. Tests lower it to exercise the
    /// parallel paths on small brains.
    var parallelNeuronThreshold = 32_768

    var input: [Float] = []
    var candidate: [UInt64] = []
    var firedIndexBuffer: [Int32] = []
    var firedPotentialBuffer: [Float] = []
    var staged: [(index: Int, value: Float)] = []
    /// Patterns of staged injections that carried one (hashed into the targets' pattern hash).
    var stagedPatterns: [(index: Int, pattern: UInt64)] = []
    var drives: [String: BackgroundDrive] = [:]
    /// Activation maps by area name.
    public internal(set) var activations: [String: AreaActivation] = [:]
    /// Called after every burst, in registration order (metrics recorders); an error stops the run.
    var observers: [(id: Int, observe: (BurstEngine) throws -> Void)] = []
    var nextObserverID = 0
    /// Areas that run in a Q format, by name.
    public internal(set) var fixedAreas: [String: FixedPointAreaState] = [:]
    /// Per-neuron pattern hashes of the current burst (only when an area hashes by sources).
    var patternHash: [UInt64] = []

    /// Creates an engine for `brain`; the brain owns it (`brain.engine`), so it is internal.
    init(brain: Brain, dynamics: Dynamics = .feagi, threads: Int = 1) {
        self.brain = brain
        self.dynamics = dynamics
        self.threads = max(threads, 1)
        self.synapses = SynapseMatrix(neuronCount: 0)
    }

    // MARK: Input

    /// Adds `value` to a neuron's input in the next burst (repeated injections add up); a
    /// `pattern` adds `mix64(pattern)` to the neuron's pattern hash.
    public func inject(global index: Int, value: Float, pattern: UInt64? = nil) {
        staged.append((index, value))
        if let pattern { stagedPatterns.append((index, pattern)) }
    }

    /// Adds `value` to local neuron `local` of `area` in the next burst.
    public func inject(area: CorticalArea, local: Int, value: Float, pattern: UInt64? = nil) {
        inject(global: area.base + local, value: value, pattern: pattern)
    }

    /// Sets (or with `nil`, removes) the background drive of `area`.
    public func setDrive(_ drive: BackgroundDrive?, for area: CorticalArea) {
        drives[area.name] = drive
    }

    /// The background drive of `area`, if any.
    public func drive(of area: CorticalArea) -> BackgroundDrive? { drives[area.name] }

    /// Registers `observer` to run after every burst; returns an id for ``removeObserver(_:)``.
    ///
    /// ```swift
    /// let id = brain.engine.addObserver { engine in print(engine.burst, engine.fired.count) }
    /// ```
    @discardableResult
    public func addObserver(_ observer: @escaping (BurstEngine) throws -> Void) -> Int {
        nextObserverID += 1
        observers.append((nextObserverID, observer))
        return nextObserverID
    }

    /// Removes an observer added with ``addObserver(_:)``.
    public func removeObserver(_ id: Int) {
        observers.removeAll { $0.id == id }
    }

    /// Zeroes the per-neuron spike counters.
    public func resetSpikeCounts() {
        for i in spikeCounts.indices { spikeCounts[i] = 0 }
    }

    // MARK: Structure

    /// What the synapse matrix depends on: rebuilt when any of it changes.
    func structureFingerprint() -> [UInt64] {
        var print: [UInt64] = [UInt64(brain.neuronCount), UInt64(brain.connections.count), UInt64(brain.areas.count)]
        for area in brain.areas {
            print.append(UInt64(area.psp.bitPattern) | (area.pspUniform ? 1 << 32 : 0) | (area.mpDrivenPSP ? 1 << 33 : 0))
            let format = fixedAreas[area.name]?.format
            print.append(UInt64(format?.integerBits ?? 0) << 8 | UInt64(format?.fractionalBits ?? 0))
        }
        return print
    }

    /// Builds the synapses and buffers if the brain's structure changed since the last burst.
    public func prepare() throws {
        let fingerprint = structureFingerprint()
        if fingerprint != builtFingerprint {
            synapses = try SynapseBuilder.build(brain) { [fixedAreas] area in fixedAreas[area.name]?.format }
            builtFingerprint = fingerprint
        }
        let n = brain.neuronCount
        if input.count != n {
            input = [Float](repeating: 0, count: n)
            candidate = [UInt64](repeating: 0, count: n / 64 + 2)
            firedIndexBuffer = [Int32](repeating: 0, count: n)
            firedPotentialBuffer = [Float](repeating: 0, count: n)
            let oldCounts = spikeCounts
            spikeCounts = [UInt32](repeating: 0, count: n)
            for i in 0..<min(oldCounts.count, n) { spikeCounts[i] = oldCounts[i] }
        }
    }

    /// Global index of the neuron that receives +1.0 every burst: the first neuron of the
    /// `_power` area, if the brain has one.
    var powerNeuron: Int? {
        guard let area = brain.area(named: "_power"), area.count > 0 else { return nil }
        return area.base
    }

    // MARK: Queries

    /// Local indices of `area`'s neurons that fired in the last burst.
    public func fired(in area: CorticalArea) -> [Int] {
        fired.positions(in: area.globalRange).map { Int(fired.indices[$0]) - area.base }
    }

    /// Pre-reset potentials of `area`'s neurons that fired in the last burst.
    public func firedPotentials(in area: CorticalArea) -> [Float] {
        Array(fired.potentials[fired.positions(in: area.globalRange)])
    }
}
