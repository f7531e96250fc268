/// Raw views of one area's state and the engine's buffers for the duration of one burst, and
/// the per-neuron update rules (DESIGN.md §6, reference/feagi/DYNAMICS.md §0.1).
///
/// Two kernels compute the same rules: ``updateGeneral(_:)`` handles every parameter (fire limit,
/// snooze, excitability below 0.999); ``updateFast(_:)`` is branch-free for areas without a
/// fire limit and with excitability ≥ 0.999, so the compiler vectorises it.
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
    var height = 1, depth = 1, neuronsPerVoxel = 1

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

    /// Every rule, one neuron at a time; returns how many fired. With activation maps, a
    /// candidate's input u = drive + synaptic/injected input becomes f(u) before the dynamics
    /// (v = mp + f(u)); without, v = (mp + drive) + input.
    func updateGeneral(_ range: Range<Int>, hits: inout ActivationHitCounts) -> Int {
        var out = base + range.lowerBound
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
            if let bank = activation {
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

    /// The same rules without fire limit and with certain firing: eight neurons at a time in
    /// SIMD lanes, the remainder by ``updateFastScalar(_:)``. Both give bit-identical results.
    /// Lane masks are Int32 vectors of all-ones/zeros and selections are bitwise blends
    /// (`SIMD.replacing(with:where:)` is scalarised on baseline x86-64).
    func updateFast(_ range: Range<Int>) -> Int {
        var out = base + range.lowerBound
        let start = out
        typealias F = SIMD8<Float>
        typealias I = SIMD8<Int32>
        let lanes = SIMD8<UInt32>(0, 1, 2, 3, 4, 5, 6, 7)
        let shift16 = SIMD8<UInt32>(repeating: 16), shift15 = SIMD8<UInt32>(repeating: 15), shift9 = SIMD8<UInt32>(repeating: 9)
        let multiplier1 = SIMD8<UInt32>(repeating: 0x7FEB_352D), multiplier2 = SIMD8<UInt32>(repeating: 0x846C_A68B)
        let exponentOne = SIMD8<UInt32>(repeating: 0x3F80_0000), key = SIMD8<UInt32>(repeating: driveKey)
        let zero = F(repeating: 0), one = F(repeating: 1)
        let constant = F(repeating: drive.constant), uniform = F(repeating: drive.uniform)
        let hasUniform = drive.uniform != 0
        let refractoryPeriod = I(repeating: refractory)
        let everyone = everyNeuronIsCandidate
        let allOnes = I(repeating: -1), zeroI = I(repeating: 0), oneI = I(repeating: 1)
        let laneBits = I(1, 2, 4, 8, 16, 32, 64, 128)
        var i = range.lowerBound
        if drive.normal == 0 {
            while i + 8 <= range.upperBound {
                let g = base + i
                var d = constant
                if hasUniform {
                    var h = key ^ (SIMD8<UInt32>(repeating: UInt32(truncatingIfNeeded: g)) &+ lanes)
                    h ^= h &>> shift16; h &*= multiplier1; h ^= h &>> shift15; h &*= multiplier2; h ^= h &>> shift16
                    let bits = exponentOne | (h &>> shift9)
                    d += uniform * (unsafeBitCast(bits, to: F.self) - one)
                }
                let old = load(F.self, membranePotential, i)
                let v = (old + d) + load(F.self, input, g)
                store(zero, input, g)
                let r = load(I.self, countdown, i)
                let refractoryNow = mask(r .> zeroI)
                let upper = load(F.self, limit, i)
                let inWindow = mask(v .>= load(F.self, threshold, i)) & (mask(upper .== zero) | mask(v .<= upper))
                var isCandidate = allOnes
                if !everyone {
                    let bits = Int32(truncatingIfNeeded: candidateByte(g))
                    isCandidate = mask((I(repeating: bits) & laneBits) .!= zeroI)
                }
                let fire = isCandidate & ~refractoryNow & inWindow
                let keep = ~isCandidate | refractoryNow
                let leaked = v * (one - load(F.self, leak, i))
                // fire → 0, keep → old, otherwise leaked (fire and keep never overlap).
                let next = blend(keep, old, blend(fire, zero, leaked))
                store(next, membranePotential, i)
                let nextCountdown = (refractoryNow & (r &- oneI)) | (~refractoryNow & ((fire & refractoryPeriod) | (~fire & r)))
                store(nextCountdown, countdown, i)
                let fired = fire & oneI
                store(load(I.self, consecutiveFires, i) &+ fired, consecutiveFires, i)
                let words = unsafeBitCast(fire, to: SIMD4<UInt64>.self)
                if (words[0] | words[1] | words[2] | words[3]) != 0 {
                    for lane in 0..<8 where fire[lane] != 0 {
                        firedIndex[out] = Int32(g + lane)
                        firedPotential[out] = v[lane]
                        out += 1
                    }
                }
                i += 8
            }
        }
        out += updateFastScalar(i..<range.upperBound, from: out)
        return out - start
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

    /// ``updateFast(_:)`` one neuron at a time (the tail, and areas with a normal drive).
    func updateFastScalar(_ range: Range<Int>, from position: Int) -> Int {
        var out = position
        let constant = drive.constant, uniform = drive.uniform
        let noise = drive.normal != 0
        let refractory = self.refractory
        for i in range {
            let g = base + i
            let isCandidate = isCandidate(g)
            var d = constant
            if uniform != 0 { d += uniform * BackgroundDrive.unit(key: driveKey, neuron: g) }
            if noise { d += drive.normal * BackgroundDrive.gaussian(key: driveKey, neuron: g) }
            let old = membranePotential[i]
            let v = (old + d) + input[g]
            input[g] = 0
            let r = countdown[i]
            let refractoryNow = r > 0
            let upper = limit[i]
            let inWindow = (v >= threshold[i]) && (upper == 0 || v <= upper)
            let fire = isCandidate && !refractoryNow && inWindow
            let leaked = v * (1 - leak[i])
            membranePotential[i] = (!isCandidate || refractoryNow) ? old : (fire ? 0 : leaked)
            countdown[i] = refractoryNow ? r - 1 : (fire ? refractory : r)
            consecutiveFires[i] &+= fire ? 1 : 0
            if fire {
                firedIndex[out] = Int32(g)
                firedPotential[out] = v
                out += 1
            }
        }
        return out - position
    }
}
