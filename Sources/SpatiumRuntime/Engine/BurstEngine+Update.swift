/// The neuron updates of a burst: each area's kernel (``AreaKernel``) over its neurons, in a
/// parallel region per area, or fused with delivery's last phase in one region.
extension BurstEngine {
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
                kernel.usesBulkActivation = usesBulkActivation
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
}
