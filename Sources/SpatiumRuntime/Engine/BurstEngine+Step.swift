extension BurstEngine {
    /// Runs one burst (DESIGN.md §6): injections, the power neuron, delivery of the previous
    /// burst's spikes, then every area's neurons; the neurons that fire form ``fired``.
    public func step() throws {
        try prepare()
        let t = burst + 1
        let n = brain.neuronCount
        let marksCandidates = dynamics == .feagi
        let tracksHashes = tracksSourceHashes
        if tracksHashes && patternHash.count != n { patternHash = [UInt64](repeating: 0, count: n) }
        if tracksHashes {
            for injection in stagedPatterns where injection.index >= 0 && injection.index < n {
                patternHash[injection.index] &+= SplitMix64.mix(injection.pattern)
            }
            patternHash.withUnsafeMutableBufferPointer { accumulateSourceHashes(into: $0.baseAddress!) }
        }
        let areas = brain.areas.filter { $0.count > 0 }
        // Several threads and no fixed-point area: delivery's last phase and the updates share
        // one parallel region (see deliverAndUpdate).
        let fused = threads > 1 && n >= parallelNeuronThreshold && !areas.contains { fixedAreas[$0.name] != nil }
        var chunks: [(start: Int, count: Int)] = []
        var countedEvents: Int? = nil
        withKernelBuffers { buffers in
            let input = buffers.input, candidate = buffers.candidate
            for injection in staged where injection.index >= 0 && injection.index < n {
                input[injection.index] += injection.value
                candidate[injection.index >> 6] |= 1 << UInt64(injection.index & 63)
            }
            if let power = powerNeuron {
                input[power] += 1
                candidate[power >> 6] |= 1 << UInt64(power & 63)
            }
            let candidates = marksCandidates ? candidate : nil
            if fused {
                withDelivery(into: input, candidates: candidates, neuronCount: n) { delivery in
                    (chunks, countedEvents) = deliverAndUpdate(delivery, areas: areas, burst: t, buffers: buffers)
                }
            } else {
                deliver(into: input, candidates: candidates, neuronCount: n)
            }
        }
        staged.removeAll(keepingCapacity: true)
        stagedPatterns.removeAll(keepingCapacity: true)
        if !fused {
            for area in areas {
                if fixedAreas[area.name] != nil { chunks.append(try updateFixed(area, burst: t)) } else { chunks += update(area, burst: t) }
            }
        }
        candidate.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        if tracksHashes { patternHash.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
        collectFired(chunks, countedEvents: countedEvents)
        burst = t
        for observer in observers { try observer.observe(self) }
    }

    /// Runs `count` bursts; `observer` is called after each and can stop the run by returning false.
    public func run(bursts count: Int, observer: ((BurstEngine) -> Bool)? = nil) throws {
        for _ in 0..<max(count, 0) {
            try step()
            if let observer, !observer(self) { return }
        }
    }

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

    /// Updates every neuron of `area` for burst `t` in a parallel region of its own; returns the
    /// fired-buffer chunks it wrote.
    func update(_ area: CorticalArea, burst t: UInt64) -> [(start: Int, count: Int)] {
        let count = area.count
        let workers = count >= parallelNeuronThreshold ? threads : 1
        var chunks = [(start: Int, count: Int)](repeating: (0, 0), count: workers)
        withKernelBuffers { buffers in
            withAreaUpdate(area, burst: t, workers: workers, buffers: buffers) { update in
                chunks.withUnsafeMutableBufferPointer { chunks in
                    ParallelWork.run(workers: workers) { worker in
                        let range = (count * worker / workers)..<(count * (worker + 1) / workers)
                        chunks[worker] = (area.base + range.lowerBound, update.run(range, worker: worker))
                    }
                }
            }
        }
        return chunks
    }

    /// The engine buffers the area kernels read and write, for the duration of `body`.
    struct KernelBuffers {
        var input: UnsafeMutablePointer<Float>
        var candidate: UnsafeMutablePointer<UInt64>
        var firedIndex: UnsafeMutablePointer<Int32>
        var firedPotential: UnsafeMutablePointer<Float>
        var patternHash: UnsafePointer<UInt64>?
    }

    func withKernelBuffers<R>(_ body: (KernelBuffers) throws -> R) rethrows -> R {
        try input.withUnsafeMutableBufferPointer { input in
        try candidate.withUnsafeMutableBufferPointer { candidate in
        try firedIndexBuffer.withUnsafeMutableBufferPointer { firedIndex in
        try firedPotentialBuffer.withUnsafeMutableBufferPointer { firedPotential in
        try patternHash.withUnsafeBufferPointer { patternHash in
            try body(KernelBuffers(input: input.baseAddress!, candidate: candidate.baseAddress!,
                                   firedIndex: firedIndex.baseAddress!, firedPotential: firedPotential.baseAddress!,
                                   patternHash: patternHash.baseAddress))
        } } } } }
    }

    /// One area's kernel for one burst, and where its workers count activation hits.
    struct AreaUpdate {
        var kernel: AreaKernel
        /// Certain firing and no activation map: the vectorised kernel applies.
        var fast: Bool
        /// One hit counter per worker (nil without an activation map).
        var workerHits: UnsafeMutablePointer<ActivationHitCounts>?

        /// Updates local neurons `range` as worker `worker`; returns how many fired.
        func run(_ range: Range<Int>, worker: Int) -> Int {
            if fast { return kernel.updateFast(range) }
            if let workerHits { return kernel.updateGeneral(range, hits: &workerHits[worker]) }
            var unused = ActivationHitCounts()
            return kernel.updateGeneral(range, hits: &unused)
        }
    }

    /// Runs `body` with `area`'s kernel for burst `t` (its arrays held for the duration), for up
    /// to `workers` workers; adds the workers' activation hits to the area's counts afterwards.
    func withAreaUpdate(_ area: CorticalArea, burst t: UInt64, workers: Int, buffers: KernelBuffers,
                        _ body: (AreaUpdate) -> Void) {
        if !area.mpAccumulation {
            area.membranePotential.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
        let drive = drives[area.name] ?? BackgroundDrive()
        var activation = activations[area.name]
        let fast = !usesGeneralKernelOnly && area.excitability >= 0.999 && activation == nil
        let uniformity = area.parameterUniformity
        var workerHits = [ActivationHitCounts](repeating: ActivationHitCounts(), count: activation == nil ? 0 : workers)
        var neuronHits = activation?.neuronHits ?? []
        activation?.neuronHits = nil // the kernel writes the only reference
        activations[area.name]?.neuronHits = nil
        area.membranePotential.withUnsafeMutableBufferPointer { mp in
        area.refractoryCountdown.withUnsafeMutableBufferPointer { countdown in
        area.consecutiveFireCount.withUnsafeMutableBufferPointer { fires in
        area.threshold.withUnsafeBufferPointer { threshold in
        area.thresholdLimit.withUnsafeBufferPointer { limit in
        area.leak.withUnsafeBufferPointer { leak in
        workerHits.withUnsafeMutableBufferPointer { workerHits in
        neuronHits.withUnsafeMutableBufferPointer { neuronHits in
            var kernel = AreaKernel(
                base: area.base, membranePotential: mp.baseAddress!, countdown: countdown.baseAddress!,
                consecutiveFires: fires.baseAddress!, threshold: threshold.baseAddress!, limit: limit.baseAddress!,
                leak: leak.baseAddress!, input: buffers.input, candidate: buffers.candidate,
                firedIndex: buffers.firedIndex, firedPotential: buffers.firedPotential,
                refractory: area.refractory, fireLimit: area.consecutiveFireLimit, snooze: area.snooze,
                hasFireLimit: area.hasFireLimit, excitability: area.excitability,
                everyNeuronIsCandidate: dynamics == .dense || drive.isActive,
                drive: drive, driveKey: BackgroundDrive.key(seed: brain.seed, burst: t), burst: t)
            kernel.thresholdMask = uniformity.threshold ? 0 : -1
            kernel.limitMask = uniformity.limit ? 0 : -1
            kernel.leakMask = uniformity.leak ? 0 : -1
            if let activation {
                kernel.activation = activation.bank
                kernel.hashSource = activation.hashSource
                kernel.patternHash = buffers.patternHash
                kernel.neuronHits = neuronHits.isEmpty ? nil : neuronHits.baseAddress
                kernel.height = area.height
                kernel.depth = area.depth
                kernel.neuronsPerVoxel = max(area.neuronsPerVoxel, 1)
            }
            body(AreaUpdate(kernel: kernel, fast: fast, workerHits: workerHits.isEmpty ? nil : workerHits.baseAddress))
        } } } } } } } }
        if activation != nil {
            for hits in workerHits { activation!.hits.add(hits) }
            activation!.neuronHits = neuronHits.isEmpty ? nil : neuronHits
            activations[area.name] = activation
        }
    }

    /// ``withAreaUpdate(_:burst:workers:buffers:_:)`` for every area of `areas` at once (nested,
    /// so every area's arrays are held while `body` runs); `collected` gathers the updates.
    func withAreaUpdates(_ areas: ArraySlice<CorticalArea>, burst t: UInt64, workers: Int, buffers: KernelBuffers,
                         collected: inout [AreaUpdate], _ body: ([AreaUpdate]) -> Void) {
        guard let area = areas.first else { return body(collected) }
        withAreaUpdate(area, burst: t, workers: workers, buffers: buffers) { update in
            collected.append(update)
            withAreaUpdates(areas.dropFirst(), burst: t, workers: workers, buffers: buffers, collected: &collected, body)
        }
    }

    /// Delivery's last phase and every area's update in one parallel region: worker w completes
    /// the input of the global neurons `edges[w] ..< edges[w + 1]` (the same target ranges
    /// delivery uses) and updates exactly those neurons, so no worker waits for another
    /// between the two. Each worker also counts the spikes and synaptic events of the neurons it
    /// fired. Returns the fired chunks in ascending order and the events.
    func deliverAndUpdate(_ delivery: SynapticDelivery?, areas: [CorticalArea], burst t: UInt64,
                          buffers: KernelBuffers) -> (chunks: [(start: Int, count: Int)], events: Int) {
        let workers = threads
        let edges = Self.workerEdges(workers: workers, neuronCount: brain.neuronCount)
        var chunks = [(start: Int, count: Int)](repeating: (0, 0), count: areas.count * workers)
        var events = [Int](repeating: 0, count: workers)
        delivery?.runFirstPhase()
        var collected: [AreaUpdate] = []
        collected.reserveCapacity(areas.count)
        withAreaUpdates(areas[...], burst: t, workers: workers, buffers: buffers, collected: &collected) { updates in
        withSpikeCounting { counts, offsets in
        events.withUnsafeMutableBufferPointer { events in
            chunks.withUnsafeMutableBufferPointer { chunks in
                ParallelWork.run(workers: workers) { worker in
                    if let delivery, delivery.workers == workers { delivery.completeTargets(of: worker) }
                    var workerEvents = 0
                    for (index, area) in areas.enumerated() {
                        let lower = min(max(edges[worker] - area.base, 0), area.count)
                        let upper = min(max(edges[worker + 1] - area.base, 0), area.count)
                        let fired = lower < upper ? updates[index].run(lower..<upper, worker: worker) : 0
                        chunks[index * workers + worker] = (area.base + lower, fired)
                        workerEvents &+= Self.countSpikes(buffers.firedIndex + area.base + lower, fired,
                                                          counts: counts, offsets: offsets)
                    }
                    events[worker] = workerEvents
                }
            }
        } } }
        return (chunks, events.reduce(0, +))
    }

    /// Gathers the kernels' fired chunks into ``fired`` (ascending) and counts spikes and events,
    /// unless the workers already counted them (`countedEvents`). Counting uses several threads
    /// when there are many spikes: each counts a disjoint part of the fired neurons, and integer
    /// sums do not depend on the split.
    func collectFired(_ chunks: [(start: Int, count: Int)], countedEvents: Int? = nil) {
        fired.removeAll()
        for chunk in chunks where chunk.count > 0 {
            fired.indices.append(contentsOf: firedIndexBuffer[chunk.start..<(chunk.start + chunk.count)])
            fired.potentials.append(contentsOf: firedPotentialBuffer[chunk.start..<(chunk.start + chunk.count)])
        }
        var events = countedEvents ?? 0
        if countedEvents == nil {
            let workers = fired.count >= 4_096 ? threads : 1
            var parts = [Int](repeating: 0, count: workers)
            fired.indices.withUnsafeBufferPointer { indices in
            withSpikeCounting { counts, offsets in
            parts.withUnsafeMutableBufferPointer { parts in
                ParallelWork.run(workers: workers) { worker in
                    let part = (indices.count * worker / workers)..<(indices.count * (worker + 1) / workers)
                    parts[worker] = Self.countSpikes(indices.baseAddress! + part.lowerBound, part.count, counts: counts, offsets: offsets)
                }
            } } }
            events = parts.reduce(0, +)
        }
        totalSpikes &+= UInt64(fired.count)
        synapticEvents &+= UInt64(events)
    }

    /// Runs `body` with the spike counters and, when the synapses cover every neuron, the
    /// synapse row offsets (for out-degrees).
    func withSpikeCounting<R>(_ body: (UnsafeMutablePointer<UInt32>, UnsafePointer<Int>?) -> R) -> R {
        let hasSynapses = synapses.neuronCount == brain.neuronCount
        return spikeCounts.withUnsafeMutableBufferPointer { counts in
            synapses.offsets.withUnsafeBufferPointer { offsets in
                body(counts.baseAddress!, hasSynapses ? offsets.baseAddress : nil)
            }
        }
    }

    /// Adds one spike to each of the `count` neurons at `indices` and returns their synaptic
    /// events (the sum of their out-degrees; 0 without `offsets`).
    @inline(__always)
    static func countSpikes(_ indices: UnsafePointer<Int32>, _ count: Int, counts: UnsafeMutablePointer<UInt32>,
                            offsets: UnsafePointer<Int>?) -> Int {
        var events = 0
        for position in 0..<count {
            let index = Int(indices[position])
            counts[index] &+= 1
            if let offsets { events &+= offsets[index &+ 1] &- offsets[index] }
        }
        return events
    }
}
