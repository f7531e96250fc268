extension BurstEngine {
    /// Gives `area` activation maps from `layout` (nil removes them); hits are counted per area,
    /// and per neuron when `perNeuronHits`.
    ///
    /// ```swift
    /// try brain.engine.setActivation(.uniform(.relu), hash: .position, for: area)
    /// ```
    public func setActivation(_ layout: ActivationLayout?, hash: PatternHashSource = .sources,
                              perNeuronHits: Bool = false, for area: CorticalArea) throws {
        guard let layout else {
            activations[area.name] = nil
            return
        }
        let bank = try layout.bank(neuronCount: area.count, seed: activationSeed(for: area))
        activations[area.name] = AreaActivation(
            layout: layout, bank: bank, hashSource: hash,
            neuronHits: perNeuronHits ? [UInt32](repeating: 0, count: area.count * ActivationMap.cellCount) : nil)
    }

    /// Restores an area's maps and counters exactly (snapshots).
    public func restoreActivation(_ activation: AreaActivation, for area: CorticalArea) throws {
        guard activation.bank.neuronCount == area.count else {
            throw EngineError.wrongCount(what: "activation maps of area '\(area.name)'", expected: String(area.count), got: activation.bank.neuronCount)
        }
        activations[area.name] = activation
    }

    /// The seed an area's per-neuron (random) maps are drawn with: the brain's seed mixed with
    /// the area's position in the brain.
    public func activationSeed(for area: CorticalArea) -> UInt64 {
        let position = brain.areas.firstIndex { $0 === area } ?? 0
        return SplitMix64.draw(seed: brain.seed, stream: UInt64(position), counter: 0x4143_5449_5641_5445)
    }

    /// The area's activation maps and hit counts, if it has maps.
    public func activation(of area: CorticalArea) -> AreaActivation? { activations[area.name] }

    /// Zeroes the hit counters of every area (and of every neuron where counted).
    public func resetActivationHits() {
        for name in activations.keys {
            activations[name]!.hits.reset()
            if let count = activations[name]!.neuronHits?.count {
                activations[name]!.neuronHits = [UInt32](repeating: 0, count: count)
            }
        }
    }

    /// Whether some area picks cells by presynaptic sources (the engine then tracks hashes).
    var tracksSourceHashes: Bool {
        activations.values.contains { $0.hashSource == .sources }
    }

    /// Adds `mix64(source)` of every delivered spike to its targets' pattern hashes (wrapping,
    /// so the order does not matter).
    func accumulateSourceHashes(into hashes: UnsafeMutablePointer<UInt64>) {
        fired.indices.withUnsafeBufferPointer { sources in
            synapses.offsets.withUnsafeBufferPointer { offsets in
                synapses.targets.withUnsafeBufferPointer { targets in
                    for source in sources {
                        let mixed = SplitMix64.mix(UInt64(source))
                        for k in offsets[Int(source)]..<offsets[Int(source) + 1] {
                            hashes[Int(targets[k])] &+= mixed
                        }
                    }
                }
            }
        }
    }
}
