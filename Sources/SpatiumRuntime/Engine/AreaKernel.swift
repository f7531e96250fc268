/// Raw views of one area's state and the engine's buffers for the duration of one burst, and
/// the per-neuron update rules (DESIGN.md §6, reference/feagi/DYNAMICS.md §0.1).
///
/// Two kernels compute the same rules: ``updateGeneral(_:hits:from:)`` handles every parameter
/// (excitability below 0.999, activation maps) one neuron at a time; ``updateFast(_:)`` handles
/// areas with certain firing (excitability ≥ 0.999) and no activation map, fire limit and snooze
/// included, eight neurons at a time in SIMD lanes. Both give bit-identical results.
struct AreaKernel {
    var base: Int
    var membranePotential: UnsafeMutablePointer<Float>
    var countdown: UnsafeMutablePointer<Int32>
    var consecutiveFires: UnsafeMutablePointer<Int32>
    var threshold: UnsafePointer<Float>
    var limit: UnsafePointer<Float>
    var leak: UnsafePointer<Float>
    var input: UnsafeMutablePointer<Float>
    /// One bit per global neuron: received input this burst (unused when every neuron is a candidate).
    var candidate: UnsafeMutablePointer<UInt64>
    /// Where this kernel appends the global indices and pre-reset potentials of the neurons that
    /// fire; a worker starting at local `lo` writes from position `base + lo` on, so workers never overlap.
    var firedIndex: UnsafeMutablePointer<Int32>
    var firedPotential: UnsafeMutablePointer<Float>
    var refractory: Int32
    var fireLimit: Int32
    var snooze: Int32
    var hasFireLimit: Bool
    var excitability: Float
    var everyNeuronIsCandidate: Bool
    var drive: BackgroundDrive
    var driveKey: UInt32
    var burst: UInt64
    /// The area's activation maps, if any (then ``updateGeneral(_:hits:)`` is used).
    var activation: ActivationMapBank? = nil
    var hashSource: PatternHashSource = .sources
    /// Per-neuron pattern hashes by global index (for ``PatternHashSource/sources``).
    var patternHash: UnsafePointer<UInt64>? = nil
    /// Per-neuron hit counters (`local · 64 + cell`), when counted.
    var neuronHits: UnsafeMutablePointer<UInt32>? = nil
    /// Whether ``updateGeneral(_:hits:from:)`` may activate a range in bulk (tests turn it off
    /// to compare with one neuron at a time).
    var usesBulkActivation = true
    var height = 1, depth = 1, neuronsPerVoxel = 1
    /// `-1` to read the per-neuron array, `0` when every neuron has the same value (then the
    /// fast kernel reads elements 0..<8 for every group).
    var thresholdMask = -1, limitMask = -1, leakMask = -1

    /// The background drive of local neuron `i` (0 without a drive).
    @inline(__always)
    func driveValue(_ i: Int) -> Float {
        var total = drive.constant
        if drive.uniform != 0 { total += drive.uniform * BackgroundDrive.unit(key: driveKey, neuron: base + i) }
        if drive.normal != 0 { total += drive.normal * BackgroundDrive.gaussian(key: driveKey, neuron: base + i) }
        return total
    }

    /// Whether global neuron `g` received input this burst.
    @inline(__always)
    func isCandidate(_ g: Int) -> Bool {
        everyNeuronIsCandidate || (candidate[g >> 6] >> UInt64(g & 63)) & 1 != 0
    }

    /// The pattern hash of local neuron `i` (global `g`) with summed input `u`.
    @inline(__always)
    func hash(local i: Int, global g: Int, input u: Float) -> UInt64 {
        hashSource.hash(local: i, global: g, input: u, height: height, depth: depth,
                        neuronsPerVoxel: neuronsPerVoxel, sources: patternHash)
    }

    /// Every rule, one neuron at a time; returns how many fired (written to the fired buffers
    /// from `position`, by default the range's own start). With activation maps, a
    /// candidate's input u = drive + synaptic/injected input becomes f(u) before the dynamics
    /// (v = mp + f(u)); without, v = (mp + drive) + input. When every neuron of the range is a
    /// candidate, the activations go through the bulk dispatcher first (one vectorised loop per
    /// function instead of a scalar call per neuron; the same bits).
    func updateGeneral(_ range: Range<Int>, hits: inout ActivationHitCounts, from position: Int? = nil) -> Int {
        if usesBulkActivation, everyNeuronIsCandidate, let bank = activation, !range.isEmpty {
            return updateWithBulkActivation(range, bank: bank, hits: &hits, from: position)
        }
        return updateGeneral(range, hits: &hits, from: position, activated: nil)
    }

    /// Block by block (one dispatcher, block-sized buffers): phase 1, every neuron's summed
    /// input and pattern hash (and per-neuron hits); phase 2, the bank's bulk activation of the
    /// block (and the area's hits); phase 3, the rules.
    private func updateWithBulkActivation(
        _ range: Range<Int>, bank: ActivationMapBank, hits: inout ActivationHitCounts, from position: Int?
    ) -> Int {
        var out = position ?? base + range.lowerBound
        let start = out
        let blockSize = min(range.count, ActivationDispatch.chunkSize)
        let activated = UnsafeMutablePointer<Float>.allocate(capacity: blockSize)
        let hashes = UnsafeMutablePointer<UInt64>.allocate(capacity: blockSize)
        defer { activated.deallocate(); hashes.deallocate() }
        var cellHits = [UInt64](repeating: 0, count: ActivationMap.cellCount)
        _ = bank.withDispatchInputs(firstNeuron: range.lowerBound) { palette, codes, codeStride in
            ActivationDispatch.withDispatcher(.value, palette: palette, codes: codes, codeStride: codeStride,
                                              capacity: blockSize) { dispatch in
                cellHits.withUnsafeMutableBufferPointer { cellHits in
                    guard let cellTotals = cellHits.baseAddress else { return }
                    var first = range.lowerBound
                    while first < range.upperBound {
                        let block = first..<min(first &+ blockSize, range.upperBound)
                        for i in block {
                            let g = base + i
                            let summed = driveValue(i) + input[g]
                            input[g] = 0
                            let h = hash(local: i, global: g, input: summed)
                            activated[i &- first] = summed
                            hashes[i &- first] = h
                            if let neuronHits { neuronHits[i &* ActivationMap.cellCount &+ ActivationMap.cell(forHash: h)] &+= 1 }
                        }
                        dispatch.evaluate(values: activated, hashes: hashes, count: block.count,
                                          codes: codes + (first &- range.lowerBound) &* codeStride,
                                          into: cellTotals)
                        out &+= updateGeneral(block, hits: &hits, from: out, activated: UnsafePointer(activated))
                        first = block.upperBound
                    }
                }
            }
        }
        for cell in 0..<ActivationMap.cellCount { hits.record(cell, times: cellHits[cell]) }
        return out - start
    }

    /// The rules; `activated[i − range.lowerBound]`, when given, is neuron i's activation
    /// (computed and counted already).
    private func updateGeneral(
        _ range: Range<Int>, hits: inout ActivationHitCounts, from position: Int?,
        activated activatedInputs: UnsafePointer<Float>?
    ) -> Int {
        var out = position ?? base + range.lowerBound
        let start = out
        for i in range {
            let g = base + i
            let isCandidate = isCandidate(g)
            let u = input[g]
            input[g] = 0
            if !isCandidate {
                // FEAGI: the refractory countdown ticks every burst, input or not.
                if countdown[i] > 0 { tick(i) }
                continue
            }
            var activated: Float? = nil
            if let activatedInputs {
                activated = activatedInputs[i &- range.lowerBound]
            } else if let bank = activation {
                let summed = driveValue(i) + u
                let h = hash(local: i, global: g, input: summed)
                let cell = ActivationMap.cell(forHash: h)
                activated = bank.function(forNeuron: i, hash: h)?.apply(summed) ?? summed
                hits.record(cell)
                if let neuronHits { neuronHits[i &* ActivationMap.cellCount &+ cell] &+= 1 }
            }
            if countdown[i] > 0 {
                tick(i) // input discarded, no leak
                continue
            }
            let v = activated.map { membranePotential[i] + $0 } ?? ((membranePotential[i] + driveValue(i)) + u)
            membranePotential[i] = v
            let upper = limit[i]
            if v >= threshold[i] && (upper == 0 || v <= upper) {
                if hasFireLimit && consecutiveFires[i] >= fireLimit {
                    consecutiveFires[i] = 0 // blocked: keeps v, no leak
                    continue
                }
                if ExcitabilityHash.fires(excitability: excitability, neuron: g, burst: burst) {
                    firedIndex[out] = Int32(g)
                    firedPotential[out] = v
                    out += 1
                    membranePotential[i] = 0
                    if consecutiveFires[i] < Int32.max { consecutiveFires[i] += 1 }
                    countdown[i] = refractory &+ (hasFireLimit && consecutiveFires[i] >= fireLimit ? snooze : 0)
                    continue
                }
            }
            if hasFireLimit { consecutiveFires[i] = 0 }
            membranePotential[i] = v * (1 - leak[i])
        }
        return out - start
    }

    @inline(__always)
    func tick(_ i: Int) {
        countdown[i] -= 1
        if countdown[i] == 0 && hasFireLimit && consecutiveFires[i] >= fireLimit { consecutiveFires[i] = 0 }
    }

    /// The same rules for certain firing: eight neurons at a time in SIMD lanes, the remainder by
    /// ``updateGeneral(_:hits:from:)``. Both give bit-identical results.
    ///
    /// Blocks of 64 neurons: each group of eight stores the pre-reset potential of the lanes that
    /// fire and sets their bits in a 64-bit mask; then one pass over the mask's set bits appends
    /// the fired neurons, resets their potentials and counts their fires. No per-lane branches,
    /// and `consecutiveFires` is touched only by neurons that fire. A uniform threshold, limit or
    /// leak (``thresholdMask`` and friends 0) is read from its first eight elements.
    /// Lane masks are Int32 vectors of all-ones/zeros and selections are bitwise blends
    /// (`SIMD.replacing(with:where:)` is scalarised on baseline x86-64).
    func updateFast(_ range: Range<Int>) -> Int {
        var out = base + range.lowerBound
        let start = out
        var i = range.lowerBound
        if drive.normal == 0 {
            let groups = FastGroupConstants(kernel: self)
            // Inlined with a constant, so the fire-limit rules cost nothing without a limit.
            if hasFireLimit {
                (i, out) = updateGroups(from: i, to: range.upperBound, at: out, groups, limited: true)
            } else {
                (i, out) = updateGroups(from: i, to: range.upperBound, at: out, groups, limited: false)
            }
        }
        // The last few neurons (and areas with a normal drive, whose Box–Muller draws dominate).
        var unused = ActivationHitCounts()
        out += updateGeneral(i..<range.upperBound, hits: &unused, from: out)
        return out - start
    }

    /// Whole groups of eight from local neuron `i` up to `end`, in blocks of 64 where possible;
    /// returns where the groups stop and the next fired-buffer position.
    @inline(__always)
    func updateGroups(from start: Int, to end: Int, at position: Int, _ groups: FastGroupConstants,
                      limited: Bool) -> (next: Int, out: Int) {
        var i = start, out = position
        while i + 64 <= end {
            var fireBits: UInt64 = 0
            for group in 0..<8 {
                fireBits |= UInt64(updateGroup(i &+ group &* 8, groups, limited: limited)) &<< UInt64(group &* 8)
            }
            out = appendFired(fireBits, from: i, at: out, countsFires: !limited)
            i += 64
        }
        while i + 8 <= end {
            out = appendFired(UInt64(updateGroup(i, groups, limited: limited)), from: i, at: out, countsFires: !limited)
            i += 8
        }
        return (i, out)
    }

    /// Loop invariants of ``updateGroup(_:_:limited:)``.
    struct FastGroupConstants {
        typealias F = SIMD8<Float>
        typealias I = SIMD8<Int32>
        let lanes = SIMD8<UInt32>(0, 1, 2, 3, 4, 5, 6, 7)
        let multiplier1 = SIMD8<UInt32>(repeating: 0x7FEB_352D), multiplier2 = SIMD8<UInt32>(repeating: 0x846C_A68B)
        let exponentOne = SIMD8<UInt32>(repeating: 0x3F80_0000)
        let key: SIMD8<UInt32>
        let zero = F(repeating: 0), one = F(repeating: 1)
        let constant: F, uniform: F
        let hasUniform: Bool
        let refractoryPeriod: I
        let allOnes = I(repeating: -1), zeroI = I(repeating: 0), oneI = I(repeating: 1)
        let laneBits = I(1, 2, 4, 8, 16, 32, 64, 128)
        let fireLimit: I, snooze: I

        init(kernel: AreaKernel) {
            fireLimit = I(repeating: kernel.fireLimit)
            snooze = I(repeating: kernel.snooze)
            key = SIMD8<UInt32>(repeating: kernel.driveKey)
            constant = F(repeating: kernel.drive.constant)
            uniform = F(repeating: kernel.drive.uniform)
            hasUniform = kernel.drive.uniform != 0
            refractoryPeriod = I(repeating: kernel.refractory)
        }
    }

    /// Updates local neurons `i ..< i + 8` (no normal drive); returns their fire bits. A neuron
    /// that fires keeps its pre-reset potential until ``appendFired(_:from:at:countsFires:)``.
    /// `limited`: the area has a consecutive-fire limit, so the fire counts are updated here for
    /// every lane (blocked at the limit: count 0, v kept without leak; a fire that reaches the
    /// limit adds the snooze to the countdown; no fire, or a countdown ending at the limit,
    /// resets the count), exactly as ``updateGeneral(_:hits:from:)``.
    @inline(__always)
    func updateGroup(_ i: Int, _ c: FastGroupConstants, limited: Bool) -> UInt8 {
        typealias F = SIMD8<Float>
        typealias I = SIMD8<Int32>
        let g = base + i
        var d = c.constant
        if c.hasUniform {
            var h = c.key ^ (SIMD8<UInt32>(repeating: UInt32(truncatingIfNeeded: g)) &+ c.lanes)
            h ^= h &>> 16; h &*= c.multiplier1; h ^= h &>> 15; h &*= c.multiplier2; h ^= h &>> 16
            let bits = c.exponentOne | (h &>> 9)
            d += c.uniform * (unsafeBitCast(bits, to: F.self) - c.one)
        }
        let old = load(F.self, membranePotential, i)
        let v = (old + d) + load(F.self, input, g)
        store(c.zero, input, g)
        let r = load(I.self, countdown, i)
        let refractoryNow = mask(r .> c.zeroI)
        let upper = load(F.self, limit, i & limitMask)
        let inWindow = mask(v .>= load(F.self, threshold, i & thresholdMask)) & (mask(upper .== c.zero) | mask(v .<= upper))
        var isCandidate = c.allOnes
        if !everyNeuronIsCandidate {
            let bits = Int32(truncatingIfNeeded: candidateByte(g))
            isCandidate = mask((I(repeating: bits) & c.laneBits) .!= c.zeroI)
        }
        var fire = isCandidate & ~refractoryNow & inWindow
        let keep = ~isCandidate | refractoryNow
        let leaked = v * (c.one - load(F.self, leak, i & leakMask))
        if limited {
            let fires = load(I.self, consecutiveFires, i)
            let atLimit = mask(fires .>= c.fireLimit)
            let blocked = fire & atLimit
            fire &= ~atLimit
            // keep → old; fire or blocked → v (a fire is reset when appended); otherwise leaked.
            store(blend(keep, old, blend(fire | blocked, v, leaked)), membranePotential, i)
            let firedCount = fires &+ c.oneI
            let snoozed = mask(firedCount .>= c.fireLimit) & c.snooze
            let ticked = r &- c.oneI
            let tickReset = refractoryNow & mask(ticked .== c.zeroI) & atLimit
            let zeroed = blocked | (isCandidate & ~refractoryNow & ~inWindow) | tickReset
            store((fire & firedCount) | (~fire & ~zeroed & fires), consecutiveFires, i)
            let nextCountdown = (refractoryNow & ticked) | (~refractoryNow & ((fire & (c.refractoryPeriod &+ snoozed)) | (~fire & r)))
            store(nextCountdown, countdown, i)
        } else {
            // keep → old, fire → v (reset when appended), otherwise leaked (fire and keep never overlap).
            store(blend(keep, old, blend(fire, v, leaked)), membranePotential, i)
            let nextCountdown = (refractoryNow & (r &- c.oneI)) | (~refractoryNow & ((fire & c.refractoryPeriod) | (~fire & r)))
            store(nextCountdown, countdown, i)
        }
        // Lanes to bytes (0x00/0x01), then byte k to bit k by one multiply (the top byte of
        // the product gathers them): cheaper than a horizontal reduction of lane bits.
        let bytes = unsafeBitCast(SIMD8<UInt8>(truncatingIfNeeded: fire & c.oneI), to: UInt64.self)
        return UInt8(truncatingIfNeeded: (bytes &* 0x0102_0408_1020_4080) &>> 56)
    }

    /// Appends the neurons of `fireBits` (bit k = local neuron `i + k`) to the fired buffers from
    /// position `out`, resets their potentials and (`countsFires`) counts their fires; returns
    /// the next position.
    @inline(__always)
    func appendFired(_ fireBits: UInt64, from i: Int, at out: Int, countsFires: Bool) -> Int {
        var bits = fireBits, out = out
        while bits != 0 {
            let k = i &+ bits.trailingZeroBitCount
            firedIndex[out] = Int32(truncatingIfNeeded: base &+ k)
            firedPotential[out] = membranePotential[k]
            membranePotential[k] = 0
            // Saturating, as updateGeneral counts.
            if countsFires && consecutiveFires[k] < Int32.max { consecutiveFires[k] &+= 1 }
            out &+= 1
            bits &= bits &- 1
        }
        return out
    }

    /// The candidate bits of global neurons `g ..< g + 8`, as the low byte.
    @inline(__always)
    func candidateByte(_ g: Int) -> UInt64 {
        let word = g >> 6, shift = UInt64(g & 63)
        var bits = candidate[word] >> shift
        if shift > 56 { bits |= candidate[word + 1] << (64 - shift) }
        return bits & 0xFF
    }

    /// A comparison's lanes as Int32 all-ones / zero.
    @inline(__always)
    func mask(_ m: SIMDMask<SIMD8<Int32>>) -> SIMD8<Int32> { unsafeBitCast(m, to: SIMD8<Int32>.self) }

    /// `m ? a : b` per lane, bitwise.
    @inline(__always)
    func blend(_ m: SIMD8<Int32>, _ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
        let ai = unsafeBitCast(a, to: SIMD8<Int32>.self), bi = unsafeBitCast(b, to: SIMD8<Int32>.self)
        return unsafeBitCast((ai & m) | (bi & ~m), to: SIMD8<Float>.self)
    }

    @inline(__always)
    func load<V: SIMD>(_ type: V.Type, _ pointer: UnsafePointer<V.Scalar>, _ i: Int) -> V {
        UnsafeRawPointer(pointer + i).loadUnaligned(as: V.self)
    }

    @inline(__always)
    func load<V: SIMD>(_ type: V.Type, _ pointer: UnsafeMutablePointer<V.Scalar>, _ i: Int) -> V {
        UnsafeRawPointer(pointer + i).loadUnaligned(as: V.self)
    }

    @inline(__always)
    func store<V: SIMD>(_ value: V, _ pointer: UnsafeMutablePointer<V.Scalar>, _ i: Int) {
        UnsafeMutableRawPointer(pointer + i).storeBytes(of: value, as: V.self)
    }
}
