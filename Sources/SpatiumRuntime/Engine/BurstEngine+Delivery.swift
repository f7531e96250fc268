/// Synaptic delivery of a burst: the previous burst's spikes into their targets' input, on one
/// or several workers (``SynapticDelivery``).
extension BurstEngine {
    /// Adds the previous burst's spikes to their targets' input (and marks the targets as
    /// candidates, unless every neuron is one). Every target sums its contributions in source
    /// order for any thread count; with several threads each row is still read once (see
    /// ``SynapticDelivery``).
    func deliver(into input: UnsafeMutablePointer<Float>, candidates: UnsafeMutablePointer<UInt64>?, neuronCount n: Int) {
        withDelivery(into: input, candidates: candidates, neuronCount: n) { delivery in
            guard let delivery else { return }
            delivery.runFirstPhase()
            if delivery.workers > 1 {
                ParallelWork.run(workers: delivery.workers) { delivery.completeTargets(of: $0) }
            }
        }
    }

    /// Runs `body` with this burst's delivery set up (nil when no spike has a synapse): the
    /// worker count (from about 64 K events, estimated from the mean out-degree; the split
    /// never changes a result), the bounds and buckets it needs.
    func withDelivery(into input: UnsafeMutablePointer<Float>, candidates: UnsafeMutablePointer<UInt64>?,
                      neuronCount n: Int, _ body: (SynapticDelivery?) -> Void) {
        guard fired.count > 0, synapses.count > 0 else { return body(nil) }
        let scales = firingScales()
        let events = fired.count &* synapses.count / max(synapses.neuronCount, 1)
        let workers = events >= 65_536 ? threads : 1
        if workers > 1 {
            if deliveryBoundsWorkers != workers { computeDeliveryBounds(workers: workers) }
            if deliveryBuckets.count != (workers - 1) * workers {
                deliveryBuckets = (0..<((workers - 1) * workers)).map { _ in DeliveryBucket() }
            }
        }
        fired.indices.withUnsafeBufferPointer { sources in
        synapses.offsets.withUnsafeBufferPointer { offsets in
        synapses.targets.withUnsafeBufferPointer { targets in
        synapses.contributions.withUnsafeBufferPointer { contributions in
        deliveryBounds.withUnsafeBufferPointer { bounds in
        (scales ?? []).withUnsafeBufferPointer { scales in
            var delivery = SynapticDelivery(
                sources: sources, offsets: offsets.baseAddress!, targets: targets.baseAddress!,
                contributions: contributions.baseAddress!,
                scales: scales.isEmpty ? nil : scales.baseAddress, uniform: uniformContribution,
                input: input, candidates: candidates, scattered: sources.count &* 8 < n)
            if workers > 1 {
                delivery.workers = workers
                delivery.bounds = bounds.baseAddress
                delivery.buckets = deliveryBuckets
            }
            switch delivery.scheme {
            case .oneWorker: deliverySchemes.oneWorker += 1
            case .targetRanges: deliverySchemes.targetRanges += 1
            case .buckets: deliverySchemes.buckets += 1
            }
            body(delivery)
        } } } } } }
    }

    /// Where each of `workers` delivery workers' targets begin and end in every source row,
    /// interleaved so one cache line holds a row's bounds for every worker: worker w's targets
    /// of row r are `bounds[r·W + w] ..< bounds[r·W + w + 1]` (N·W + 1 entries, the last the
    /// synapse count). Target ranges are aligned to 64 neurons because candidate words are
    /// shared at their edges. Recomputed when the synapses or the worker count change.
    func computeDeliveryBounds(workers: Int) {
        let rows = synapses.neuronCount
        let edges = Self.workerEdges(workers: workers, neuronCount: rows)
        var bounds = [Int](repeating: 0, count: rows * workers + 1)
        synapses.offsets.withUnsafeBufferPointer { offsets in
            synapses.targets.withUnsafeBufferPointer { targets in
                for row in 0..<rows {
                    var start = offsets[row]
                    bounds[row * workers] = start
                    for b in 1..<workers {
                        start = Self.firstTarget(atLeast: UInt32(edges[b]), targets, start, offsets[row + 1])
                        bounds[row * workers + b] = start
                    }
                }
                bounds[rows * workers] = offsets[rows]
            }
        }
        deliveryBounds = bounds
        deliveryBoundsWorkers = workers
    }

    /// The global neurons each of `workers` workers owns, `edges[w] ..< edges[w + 1]`: equal
    /// shares with the inner edges rounded up to a multiple of 64, because a candidate word must
    /// belong to one worker. Delivery (which targets a worker adds to) and the fused update
    /// (which neurons it then updates) must use the same ranges.
    static func workerEdges(workers: Int, neuronCount n: Int) -> [Int] {
        (0...workers).map { $0 == workers ? n : min(n, (n * $0 / workers + 63) & ~63) }
    }

    /// The first position in `start..<end` whose target is at least `value` (rows are sorted).
    @inline(__always)
    static func firstTarget(atLeast value: UInt32, _ targets: UnsafeBufferPointer<UInt32>, _ start: Int, _ end: Int) -> Int {
        var a = start, b = end
        while a < b {
            let m = (a + b) >> 1
            if targets[m] < value { a = m + 1 } else { b = m }
        }
        return a
    }

    /// For sources in `mp_driven_psp` areas, the potential at firing replaces the psp.
    func firingScales() -> [Float]? {
        guard brain.areas.contains(where: \.mpDrivenPSP) else { return nil }
        var scales = [Float](repeating: 1, count: fired.count)
        for area in brain.areas where area.mpDrivenPSP {
            for position in fired.positions(in: area.globalRange) { scales[position] = fired.potentials[position] }
        }
        return scales
    }
}
