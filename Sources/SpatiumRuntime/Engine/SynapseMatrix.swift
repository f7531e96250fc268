/// All synapses of a brain in compressed sparse rows by global source neuron: the targets of
/// source `s` are `targets[offsets[s] ..< offsets[s + 1]]`, ascending (stable for duplicates),
/// each with the signed contribution one spike delivers.
///
/// ```swift
/// let m = SynapseMatrix(neuronCount: 3, synapses: [(0, 2, 1.5), (0, 1, 1.0)])
/// m.targets(of: 0)            // [1, 2]
/// ```
public struct SynapseMatrix: Sendable {
    /// Row starts, `neuronCount + 1` entries.
    public private(set) var offsets: [Int]
    /// Global target neuron of each synapse.
    public private(set) var targets: [UInt32]
    /// What one spike delivers over each synapse (weight · psp · sign, already divided by the
    /// out-degree where the source area's psp is not uniform; for `mp_driven_psp` sources the
    /// psp factor is left out and the firing potential multiplies it at delivery).
    public var contributions: [Float]

    /// Number of synapses.
    public var count: Int { targets.count }

    /// Number of source neurons covered.
    public var neuronCount: Int { offsets.count - 1 }

    /// An empty matrix over `neuronCount` neurons.
    public init(neuronCount: Int) {
        offsets = [Int](repeating: 0, count: neuronCount + 1)
        targets = []
        contributions = []
    }

    /// A matrix from rows that are already valid (offsets from 0 ascending to `targets.count`,
    /// each row's targets ascending), as a built matrix holds them: snapshots restore with it.
    init(offsets: [Int], targets: [UInt32], contributions: [Float]) {
        self.offsets = offsets
        self.targets = targets
        self.contributions = contributions
    }

    /// Builds rows from `(source, target, contribution)` triples (any order; creation order
    /// is kept among synapses of the same source and target).
    public init(neuronCount: Int, synapses: [(source: Int, target: Int, contribution: Float)]) {
        var counts = [Int](repeating: 0, count: neuronCount + 1)
        for synapse in synapses { counts[synapse.source + 1] += 1 }
        for i in 0..<neuronCount { counts[i + 1] += counts[i] }
        offsets = counts
        var fill = counts
        var targets = [UInt32](repeating: 0, count: synapses.count)
        var contributions = [Float](repeating: 0, count: synapses.count)
        for synapse in synapses {
            let slot = fill[synapse.source]
            fill[synapse.source] += 1
            targets[slot] = UInt32(synapse.target)
            contributions[slot] = synapse.contribution
        }
        // Sort each row by target (stable), so threads can own target ranges.
        for source in 0..<neuronCount {
            let start = counts[source], end = counts[source + 1]
            guard end - start > 1 else { continue }
            var sorted = true
            for k in start..<(end - 1) where targets[k] > targets[k + 1] { sorted = false; break }
            if sorted { continue }
            let order = (start..<end).sorted { a, b in
                targets[a] != targets[b] ? targets[a] < targets[b] : a < b
            }
            let rowTargets = order.map { targets[$0] }
            let rowContributions = order.map { contributions[$0] }
            for (n, k) in (start..<end).enumerated() {
                targets[k] = rowTargets[n]
                contributions[k] = rowContributions[n]
            }
        }
        self.targets = targets
        self.contributions = contributions
    }

    /// Out-degree of `source`.
    @inlinable
    public func outDegree(of source: Int) -> Int { offsets[source + 1] - offsets[source] }

    /// The contribution of every synapse when all are the same (bit for bit), else nil (also
    /// for a matrix without synapses).
    ///
    /// ```swift
    /// SynapseMatrix(neuronCount: 3, synapses: [(0, 2, 0.05), (1, 2, 0.05)]).uniformContribution   // 0.05
    /// ```
    public var uniformContribution: Float? {
        guard let first = contributions.first else { return nil }
        for contribution in contributions where contribution.bitPattern != first.bitPattern { return nil }
        return first
    }

    /// Targets of `source` (a copy; for tests and inspection).
    public func targets(of source: Int) -> [Int] {
        (offsets[source]..<offsets[source + 1]).map { Int(targets[$0]) }
    }

    /// Contributions of `source`'s synapses, in target order.
    public func contributions(of source: Int) -> [Float] {
        Array(contributions[offsets[source]..<offsets[source + 1]])
    }
}
