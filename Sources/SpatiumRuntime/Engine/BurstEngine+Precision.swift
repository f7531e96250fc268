extension BurstEngine {
    /// Runs `area` at `precision` (`.float32` returns it to float). Switching to a Q format
    /// rounds the current potentials to the format; synaptic contributions into the area are
    /// rounded to the format when the synapses are built. Returns warnings for thresholds or
    /// limits outside the format's range (they saturate).
    ///
    /// ```swift
    /// try brain.engine.setPrecision(try Precision(parsing: "q8.8"), for: area)
    /// ```
    @discardableResult
    public func setPrecision(_ precision: Precision, for area: CorticalArea) throws -> [String] {
        var warnings: [String] = []
        if case let .fixed(format, _) = precision {
            let range = format.real(format.minRaw)...format.real(format.maxRaw)
            if let outside = (area.threshold + area.thresholdLimit.filter { $0 != 0 }).first(where: { !range.contains(Double($0)) }) {
                warnings.append("area '\(area.name)': threshold or limit \(outside) is outside \(format)'s range \(range.lowerBound)…\(range.upperBound) and saturates")
            }
        }
        switch precision {
        case .float32:
            fixedAreas[area.name] = nil
        case let .fixed(format, mode):
            var state = try FixedPointAreaState(format: format, mode: mode, area: area)
            if let activation = activations[area.name] {
                for function in activation.bank.palette { _ = try state.evaluator(for: function) }
            }
            fixedAreas[area.name] = state
            state.mirror(into: area)
        }
        return warnings
    }

    /// Restores a fixed-point area's raw state exactly (snapshots).
    public func restoreFixedPoint(_ state: FixedPointAreaState, for area: CorticalArea) throws {
        var state = try FixedPointAreaState(format: state.format, mode: state.mode, potential: state.potential, area: area)
        if let activation = activations[area.name] {
            for function in activation.bank.palette { _ = try state.evaluator(for: function) }
        }
        fixedAreas[area.name] = state
        state.mirror(into: area)
    }

    /// The precision `area` runs at.
    public func precision(of area: CorticalArea) -> Precision {
        fixedAreas[area.name].map { .fixed($0.format, $0.mode) } ?? .float32
    }

    /// The raw state of a fixed-point area.
    public func fixedPointState(of area: CorticalArea) -> FixedPointAreaState? { fixedAreas[area.name] }

    /// One burst of a fixed-point area, one neuron at a time (same rules as
    /// ``AreaKernel/updateGeneral(_:hits:)``, in raw integers). Returns the fired-buffer chunk.
    func updateFixed(_ area: CorticalArea, burst t: UInt64) throws -> (start: Int, count: Int) {
        guard var state = fixedAreas[area.name] else { return (area.base, 0) }
        state.refreshParameters(from: area)
        var activation = activations[area.name]
        if let palette = activation?.bank.palette { for function in palette { _ = try state.evaluator(for: function) } }
        let format = state.format
        let drive = drives[area.name] ?? BackgroundDrive()
        let everyone = dynamics == .dense || drive.isActive
        let hasFireLimit = area.hasFireLimit, fireLimit = area.consecutiveFireLimit
        let refractory = area.refractory, snooze = area.snooze, excitability = area.excitability
        if !area.mpAccumulation { for i in state.potential.indices { state.potential[i] = 0 } }
        var out = area.base
        for i in 0..<area.count {
            let g = area.base + i
            let isCandidate = everyone || (candidate[g >> 6] >> UInt64(g & 63)) & 1 != 0
            var summed = input[g]
            input[g] = 0
            func tick() {
                area.refractoryCountdown[i] -= 1
                if area.refractoryCountdown[i] == 0 && hasFireLimit && area.consecutiveFireCount[i] >= fireLimit {
                    area.consecutiveFireCount[i] = 0
                }
            }
            guard isCandidate else {
                if area.refractoryCountdown[i] > 0 { tick() }
                continue
            }
            if drive.isActive { summed = drive.value(neuron: g, burst: t, seed: brain.seed) + summed }
            var u = format.raw(Double(summed))
            if let bank = activation?.bank {
                let h = patternHash.withUnsafeBufferPointer { hashes in
                    activation!.hashSource.hash(local: i, global: g, input: summed, height: area.height, depth: area.depth,
                                                neuronsPerVoxel: area.neuronsPerVoxel, sources: hashes.baseAddress)
                }
                let cell = ActivationMap.cell(forHash: h)
                if let f = bank.function(forNeuron: i, hash: h), let evaluator = state.activations[f] {
                    u = evaluator.apply(raw: u)
                }
                activation!.hits.record(cell)
                if activation!.neuronHits != nil { activation!.neuronHits![i &* ActivationMap.cellCount &+ cell] &+= 1 }
            }
            if area.refractoryCountdown[i] > 0 {
                tick()
                continue
            }
            let v = format.add(state.potential[i], u)
            state.potential[i] = v
            if v >= state.threshold[i] && v <= state.limit[i] {
                if hasFireLimit && area.consecutiveFireCount[i] >= fireLimit {
                    area.consecutiveFireCount[i] = 0
                    continue
                }
                if ExcitabilityHash.fires(excitability: excitability, neuron: g, burst: t) {
                    firedIndexBuffer[out] = Int32(g)
                    firedPotentialBuffer[out] = Float(format.real(v))
                    out += 1
                    state.potential[i] = 0
                    if area.consecutiveFireCount[i] < Int32.max { area.consecutiveFireCount[i] += 1 }
                    area.refractoryCountdown[i] = refractory &+ (hasFireLimit && area.consecutiveFireCount[i] >= fireLimit ? snooze : 0)
                    continue
                }
            }
            if hasFireLimit { area.consecutiveFireCount[i] = 0 }
            state.potential[i] = format.multiply(v, state.decay[i], rounding: .roundToNearestEven)
        }
        state.mirror(into: area)
        fixedAreas[area.name] = state
        if activation != nil { activations[area.name] = activation }
        return (area.base, out - area.base)
    }
}
