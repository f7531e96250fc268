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
