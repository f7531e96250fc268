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
        input.withUnsafeMutableBufferPointer { input in
            candidate.withUnsafeMutableBufferPointer { candidate in
                for injection in staged where injection.index >= 0 && injection.index < n {
                    input[injection.index] += injection.value
                    candidate[injection.index >> 6] |= 1 << UInt64(injection.index & 63)
                }
                if let power = powerNeuron {
                    input[power] += 1
                    candidate[power >> 6] |= 1 << UInt64(power & 63)
                }
                deliver(into: input.baseAddress!, candidates: marksCandidates ? candidate.baseAddress! : nil, neuronCount: n)
            }
        }
        staged.removeAll(keepingCapacity: true)
        stagedPatterns.removeAll(keepingCapacity: true)
        var chunks: [(start: Int, count: Int)] = []
        for area in brain.areas where area.count > 0 {
            if fixedAreas[area.name] != nil { chunks.append(try updateFixed(area, burst: t)) } else { chunks += update(area, burst: t) }
        }
        candidate.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        if tracksHashes { patternHash.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
        collectFired(chunks)
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
        guard fired.count > 0, synapses.count > 0 else { return }
        let scales = firingScales()
        // Worth a second thread from about 64 K events (estimated from the mean out-degree;
        // the split never changes a result).
        let events = fired.count &* synapses.count / max(synapses.neuronCount, 1)
        let workers = events >= 65_536 ? threads : 1
        if workers > 1 {
            if deliveryBoundsWorkers != workers { computeDeliveryBounds(workers: workers) }
            if deliveryBuckets.count != (workers - 1) * workers {
                deliveryBuckets = (0..<((workers - 1) * workers)).map { _ in DeliveryBucket() }
            }
        }
        let buckets = deliveryBuckets
        fired.indices.withUnsafeBufferPointer { sources in
        synapses.offsets.withUnsafeBufferPointer { offsets in
        synapses.targets.withUnsafeBufferPointer { targets in
        synapses.contributions.withUnsafeBufferPointer { contributions in
        deliveryBounds.withUnsafeBufferPointer { bounds in
        (scales ?? []).withUnsafeBufferPointer { scales in
            let delivery = SynapticDelivery(
                sources: sources, offsets: offsets.baseAddress!, targets: targets.baseAddress!,
                contributions: contributions.baseAddress!,
                scales: scales.isEmpty ? nil : scales.baseAddress, uniform: uniformContribution,
                input: input, candidates: candidates, scattered: sources.count &* 8 < n)
            let count = sources.count
            guard workers > 1 else {
                deliverySchemes.oneWorker += 1
                delivery.apply(0..<count, bounds: offsets.baseAddress!)
                return
            }
            guard delivery.scattered else {
                deliverySchemes.targetRanges += 1
                ParallelWork.run(workers: workers) { worker in
                    delivery.apply(0..<count, bounds: bounds.baseAddress!, stride: workers, slot: worker)
                }
                return
            }
            deliverySchemes.buckets += 1
            ParallelWork.run(workers: workers) { worker in
                let positions = (count * worker / workers)..<(count * (worker + 1) / workers)
                if worker == 0 {
                    delivery.apply(positions, bounds: offsets.baseAddress!)
                } else {
                    let own = buckets[((worker - 1) * workers)..<(worker * workers)]
                    for bucket in own { bucket.removeAll() }
                    delivery.append(positions, bounds: bounds.baseAddress!, workers: workers, into: own)
                }
            }
            ParallelWork.run(workers: workers) { owner in
                for worker in 1..<workers { delivery.apply(buckets[(worker - 1) * workers + owner]) }
            }
        } } } } } }
    }

    /// Where each of `workers` delivery workers' targets begin and end in every source row,
    /// interleaved so one cache line holds a row's bounds for every worker: worker w's targets
    /// of row r are `bounds[r·W + w] ..< bounds[r·W + w + 1]` (N·W + 1 entries, the last the
    /// synapse count). Target ranges are aligned to 64 neurons because candidate words are
    /// shared at their edges. Recomputed when the synapses or the worker count change.
    func computeDeliveryBounds(workers: Int) {
        let rows = synapses.neuronCount
        let edges = (1..<workers).map { UInt32(min(rows, (rows * $0 / workers + 63) & ~63)) }
        var bounds = [Int](repeating: 0, count: rows * workers + 1)
        synapses.offsets.withUnsafeBufferPointer { offsets in
            synapses.targets.withUnsafeBufferPointer { targets in
                for row in 0..<rows {
                    var start = offsets[row]
                    bounds[row * workers] = start
                    for (b, edge) in edges.enumerated() {
                        start = Self.firstTarget(atLeast: edge, targets, start, offsets[row + 1])
                        bounds[row * workers + b + 1] = start
                    }
                }
                bounds[rows * workers] = offsets[rows]
            }
        }
        deliveryBounds = bounds
        deliveryBoundsWorkers = workers
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

    /// Updates every neuron of `area` for burst `t`; returns the fired-buffer chunks it wrote.
    func update(_ area: CorticalArea, burst t: UInt64) -> [(start: Int, count: Int)] {
        if !area.mpAccumulation {
            area.membranePotential.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
        let drive = drives[area.name] ?? BackgroundDrive()
        var activation = activations[area.name]
        let fast = !usesGeneralKernelOnly && !area.hasFireLimit && area.excitability >= 0.999 && activation == nil
        let count = area.count
        let uniformity = area.parameterUniformity
        let workers = count >= 32_768 ? threads : 1
        var chunks = [(start: Int, count: Int)](repeating: (0, 0), count: workers)
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
        input.withUnsafeMutableBufferPointer { input in
        candidate.withUnsafeMutableBufferPointer { candidate in
        firedIndexBuffer.withUnsafeMutableBufferPointer { firedIndex in
        firedPotentialBuffer.withUnsafeMutableBufferPointer { firedPotential in
        chunks.withUnsafeMutableBufferPointer { chunks in
        workerHits.withUnsafeMutableBufferPointer { workerHits in
        patternHash.withUnsafeBufferPointer { patternHash in
        neuronHits.withUnsafeMutableBufferPointer { neuronHits in
            var kernel = AreaKernel(
                base: area.base, membranePotential: mp.baseAddress!, countdown: countdown.baseAddress!,
                consecutiveFires: fires.baseAddress!, threshold: threshold.baseAddress!, limit: limit.baseAddress!,
                leak: leak.baseAddress!, input: input.baseAddress!, candidate: candidate.baseAddress!,
                firedIndex: firedIndex.baseAddress!, firedPotential: firedPotential.baseAddress!,
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
                kernel.patternHash = patternHash.baseAddress.map { UnsafePointer($0) }
                kernel.neuronHits = neuronHits.isEmpty ? nil : neuronHits.baseAddress
                kernel.height = area.height
                kernel.depth = area.depth
                kernel.neuronsPerVoxel = max(area.neuronsPerVoxel, 1)
            }
            ParallelWork.run(workers: workers) { worker in
                let range = (count * worker / workers)..<(count * (worker + 1) / workers)
                let fired: Int
                if fast {
                    fired = kernel.updateFast(range)
                } else if workerHits.isEmpty {
                    var unused = ActivationHitCounts()
                    fired = kernel.updateGeneral(range, hits: &unused)
                } else {
                    fired = kernel.updateGeneral(range, hits: &workerHits[worker])
                }
                chunks[worker] = (area.base + range.lowerBound, fired)
            }
        } } } } } } } } } } } } } }
        if activation != nil {
            for hits in workerHits { activation!.hits.add(hits) }
            activation!.neuronHits = neuronHits.isEmpty ? nil : neuronHits
            activations[area.name] = activation
        }
        return chunks
    }

    /// Gathers the kernels' fired chunks into ``fired`` (ascending) and counts spikes and events
    /// (with several threads when there are many spikes: each counts a disjoint part of the
    /// fired neurons, and integer sums do not depend on the split).
    func collectFired(_ chunks: [(start: Int, count: Int)]) {
        fired.removeAll()
        for chunk in chunks where chunk.count > 0 {
            fired.indices.append(contentsOf: firedIndexBuffer[chunk.start..<(chunk.start + chunk.count)])
            fired.potentials.append(contentsOf: firedPotentialBuffer[chunk.start..<(chunk.start + chunk.count)])
        }
        let hasSynapses = synapses.neuronCount == brain.neuronCount
        let workers = fired.count >= 4_096 ? threads : 1
        var events = [Int](repeating: 0, count: workers)
        fired.indices.withUnsafeBufferPointer { indices in
        synapses.offsets.withUnsafeBufferPointer { offsets in
        spikeCounts.withUnsafeMutableBufferPointer { counts in
        events.withUnsafeMutableBufferPointer { events in
            ParallelWork.run(workers: workers) { worker in
                var total = 0
                for position in (indices.count * worker / workers)..<(indices.count * (worker + 1) / workers) {
                    let index = Int(indices[position])
                    counts[index] &+= 1
                    if hasSynapses { total += offsets[index + 1] - offsets[index] }
                }
                events[worker] = total
            }
        } } } }
        totalSpikes &+= UInt64(fired.count)
        synapticEvents &+= UInt64(events.reduce(0, +))
    }
}

