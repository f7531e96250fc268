/// The bulk engine behind `ActivationMap.activate(_:hashes:hits:)` and
/// `ActivationMapBank.activate(_:hashes:firstNeuron:hits:)`.
///
/// Strategy, per chunk of `chunkSize` elements, with all scratch space allocated once per call.
/// A palette of one function only counts the cells and evaluates the chunk in place. Otherwise:
/// 1. a vectorised pass turns every hash into its cell (one byte);
/// 2. a pass counts cells (these are the hit counts) — and, with per-neuron maps, looks up and
///    counts each element's palette code;
/// 3. a counting sort gathers the values into one contiguous run per distinct function: with
///    one shared map it sorts by cell, visiting the cells grouped by code, so the cell counts
///    of step 2 are all the sort needs; with per-neuron maps it sorts by code;
/// 4. each run goes through its function's vectorised bulk loop (one dispatch per run);
/// 5. the results are scattered back to their places.
/// A chunk whose elements all happen to use one function skips 3 and 5 as well. When the
/// functions present are few and cheap (a gradient map of GELU and ReLU, say), evaluating every
/// present function over the whole chunk and blending by each element's code costs less than
/// the sort: a per-chunk cost model (``relativeCost(_:)``) picks the cheaper of the two.
///
/// Every counter exists in `lanes` copies and element i uses copy i % lanes, so consecutive
/// elements never increment the same memory word: a run of equal cells or codes (common with
/// 2-function maps or low-entropy hashes) would otherwise serialise on store-to-load
/// forwarding. The copies of a key are adjacent, so runs stay contiguous.
///
/// Every element goes through exactly the kernel `ActivationFunction.apply(_:)` uses, so the
/// results are bit-identical to the scalar path.
///
/// ```swift
/// let cellHits = ActivationDispatch.run(.value, values: xs, hashes: hs, count: n,
///                                       palette: map.palette, codes: codes, codeStride: 0)
/// ```
enum ActivationDispatch {
    /// Elements per chunk: what a chunk reuses (cells, values, positions, sorted values:
    /// 11 bytes per element, 22 KB) stays in L1; the hashes are read once.
    /// UInt16 positions must be able to address a chunk.
    static let chunkSize = 2048
    /// Copies of every counter; the unrolled loops below are written for exactly 4.
    static let lanes = 4
    static let cellCount = ActivationMap.cellCount

    /// Evaluates `count` values in place and returns the 64 per-cell selection counts.
    ///
    /// - `codes`: palette codes; element i (0-based in this call) reads
    ///   `codes[i · codeStride + cell]`, so stride 0 is one map shared by all elements and
    ///   stride 64 is one map per element (per neuron).
    static func run(
        _ evaluation: ActivationFunction.Evaluation,
        values: UnsafeMutablePointer<Float>,
        hashes: UnsafePointer<UInt64>,
        count: Int,
        palette: [ActivationFunction],
        codes: UnsafePointer<UInt8>,
        codeStride: Int
    ) -> [UInt64] {
        guard count > 0, !palette.isEmpty else {
            return [UInt64](repeating: 0, count: cellCount)
        }
        let paletteCount = palette.count
        let sharedMap = codeStride == 0
        let keyCount = sharedMap ? cellCount : paletteCount
        let totals = [UInt64](unsafeUninitializedCapacity: cellCount) { totals, initialized in
            totals.initialize(repeating: 0)
            initialized = cellCount
            guard let total = totals.baseAddress else { return }
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: cellCount * lanes) { cellCounts in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: keyCount * lanes) { keySlots in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: sharedMap ? 1 : paletteCount * lanes) { codeCounts in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: paletteCount) { runLengths in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: cellCount) { cellOrders in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: chunkSize) { elementCells in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: chunkSize) { elementCodes in
            withUnsafeTemporaryAllocation(of: UInt16.self, capacity: chunkSize) { positions in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: chunkSize) { sortedValues in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: chunkSize) { blendScratch in
                guard let cellCount = cellCounts.baseAddress, let keySlot = keySlots.baseAddress,
                      let codeCount = codeCounts.baseAddress,
                      let runLength = runLengths.baseAddress, let cellOrder = cellOrders.baseAddress,
                      let elementCell = elementCells.baseAddress,
                      let elementCode = elementCodes.baseAddress,
                      let sortedPosition = positions.baseAddress,
                      let sortedValue = sortedValues.baseAddress,
                      let scratch = blendScratch.baseAddress
                else { return }
                let costs = palette.map(relativeCost)
                if sharedMap {
                    // The cells grouped by code: sorting by cell in this order yields one
                    // contiguous run per code.
                    var next = 0
                    for code in 0..<paletteCount {
                        for cell in 0..<Self.cellCount where Int(codes[cell]) == code {
                            cellOrder[next] = UInt8(truncatingIfNeeded: cell)
                            next &+= 1
                        }
                    }
                }
                var chunkStart = 0
                while chunkStart < count {
                    let length = min(chunkSize, count &- chunkStart)
                    let chunkValues = values + chunkStart
                    let chunkHashes = hashes + chunkStart

                    // A single function needs only the hit counts; it runs in place.
                    if paletteCount == 1 {
                        countCells(chunkHashes, length, into: cellCount)
                        addTotals(cellCount, into: total)
                        palette[0].run(
                            evaluation, input: UnsafePointer(chunkValues), output: chunkValues,
                            count: length)
                        chunkStart &+= length
                        continue
                    }

                    // 1.–2. cells (vectorised) and their counts.
                    for index in 0..<length {
                        elementCell[index] = UInt8(
                            truncatingIfNeeded: ActivationMap.cell(forHash: chunkHashes[index]))
                    }
                    countKeys(elementCell, length, into: cellCount, keyCount: Self.cellCount)
                    addTotals(cellCount, into: total)
                    // Elements per code (runLength); per-neuron maps look up and count codes.
                    for code in 0..<paletteCount { runLength[code] = 0 }
                    if sharedMap {
                        for cell in 0..<Self.cellCount {
                            let base = cell &* lanes
                            let elements = cellCount[base] &+ cellCount[base &+ 1]
                                &+ cellCount[base &+ 2] &+ cellCount[base &+ 3]
                            runLength[Int(codes[cell])] &+= Int(elements)
                        }
                    } else {
                        let chunkCodes = codes + chunkStart &* codeStride
                        for index in 0..<length {
                            elementCode[index] = chunkCodes[index &* codeStride &+ Int(elementCell[index])]
                        }
                        countKeys(elementCode, length, into: codeCount, keyCount: paletteCount)
                        for code in 0..<paletteCount {
                            let base = code &* lanes
                            let elements = codeCount[base] &+ codeCount[base &+ 1]
                                &+ codeCount[base &+ 2] &+ codeCount[base &+ 3]
                            runLength[code] = Int(elements)
                        }
                    }
                    // A chunk that uses one function is evaluated in place.
                    var single = -1
                    for code in 0..<paletteCount where runLength[code] == length { single = code }
                    if single >= 0 {
                        palette[single].run(
                            evaluation, input: UnsafePointer(chunkValues), output: chunkValues,
                            count: length)
                        chunkStart &+= length
                        continue
                    }

                    // Few cheap functions: evaluate each present one over the whole chunk and
                    // keep, per element, the result of its own function.
                    var mixCost = 0.0, everyCost = 0.0, present = 0
                    for code in 0..<paletteCount where runLength[code] > 0 {
                        mixCost += costs[code] * Double(runLength[code])
                        everyCost += costs[code] * Double(length)
                        present &+= 1
                    }
                    if everyCost + Double(length &* present) * blendCostPerPass < mixCost + Double(length) * sortCost {
                        if sharedMap {
                            for index in 0..<length { elementCode[index] = codes[Int(elementCell[index])] }
                        }
                        var first = true
                        for code in 0..<paletteCount where runLength[code] > 0 {
                            if first {
                                palette[code].run(evaluation, input: UnsafePointer(chunkValues), output: sortedValue, count: length)
                                first = false
                            } else {
                                palette[code].run(evaluation, input: UnsafePointer(chunkValues), output: scratch, count: length)
                                merge(scratch, into: sortedValue, where: elementCode, equals: UInt8(truncatingIfNeeded: code), length)
                            }
                        }
                        chunkValues.update(from: sortedValue, count: length)
                        chunkStart &+= length
                        continue
                    }

                    // 3. counting sort into runs, one per code.
                    if sharedMap {
                        var next = 0
                        for order in 0..<Self.cellCount {
                            let base = Int(cellOrder[order]) &* lanes
                            for lane in 0..<lanes {
                                keySlot[base &+ lane] = next
                                next &+= Int(cellCount[base &+ lane])
                            }
                        }
                        scatter(chunkValues, keys: elementCell, length, keySlot, sortedPosition, sortedValue)
                    } else {
                        var next = 0
                        for slot in 0..<(paletteCount &* lanes) {
                            keySlot[slot] = next
                            next &+= Int(codeCount[slot])
                        }
                        scatter(chunkValues, keys: elementCode, length, keySlot, sortedPosition, sortedValue)
                    }

                    // 4. one vectorised loop per function present.
                    var begin = 0
                    for code in 0..<paletteCount {
                        let end = begin &+ runLength[code]
                        if end > begin {
                            palette[code].run(
                                evaluation, input: UnsafePointer(sortedValue + begin),
                                output: sortedValue + begin, count: end &- begin)
                        }
                        begin = end
                    }

                    // 5. scatter back.
                    for slot in 0..<length {
                        chunkValues[Int(sortedPosition[slot])] = sortedValue[slot]
                    }
                    chunkStart &+= length
                }
            }
            }
            }
            }
            }
            }
            }
            }
            }
            }
        }
        return totals
    }

    /// What the sort and scatters of steps 3 and 5 cost per element, in ``relativeCost(_:)`` units.
    static let sortCost = 7.0
    /// What computing codes and one blend pass cost per element and function, in the same units.
    static let blendCostPerPass = 0.5

    /// Bulk cost per element of `function` relative to ReLU (measured with `scripts/bench
    /// activation`: ReLU ≈ 0.25 ns per element on one core).
    static func relativeCost(_ function: ActivationFunction) -> Double {
        switch function {
        case .relu, .leakyReLU, .hardSigmoid, .hardTanh: 1
        case .linear: 0.7
        case .elu: 3.5
        case .tanh: 4
        case .sigmoid, .swish: 5
        case .gelu: 5.5
        case .mish: 6.5
        case .softplus: 10
        case .sine: 48
        }
    }

    /// result[i] = scratch[i] where codes[i] == code (a vectorisable blend).
    @inline(__always)
    private static func merge(
        _ scratch: UnsafePointer<Float>, into result: UnsafeMutablePointer<Float>,
        where codes: UnsafePointer<UInt8>, equals code: UInt8, _ length: Int
    ) {
        // Bitwise, so that it vectorises: a `?:` on floats becomes a branch per element,
        // mispredicted whenever the codes are mixed.
        for index in 0..<length {
            let mask = 0 &- UInt32(truncatingIfNeeded: (codes[index] ^ code) == 0 ? 1 : 0)
            result[index] = Float(bitPattern: (scratch[index].bitPattern & mask) | (result[index].bitPattern & ~mask))
        }
    }

    /// counts[key · 4 + i % 4] = how many of `keys[0..<length]` with index ≡ i (mod 4) equal key.
    @inline(__always)
    private static func countKeys(
        _ keys: UnsafePointer<UInt8>, _ length: Int, into counts: UnsafeMutablePointer<UInt32>,
        keyCount: Int
    ) {
        counts.initialize(repeating: 0, count: keyCount &* lanes)
        var index = 0
        while index &+ lanes <= length {
            counts[Int(keys[index]) &* 4] &+= 1
            counts[Int(keys[index &+ 1]) &* 4 &+ 1] &+= 1
            counts[Int(keys[index &+ 2]) &* 4 &+ 2] &+= 1
            counts[Int(keys[index &+ 3]) &* 4 &+ 3] &+= 1
            index &+= lanes
        }
        while index < length {
            counts[Int(keys[index]) &* 4 &+ (index & 3)] &+= 1
            index &+= 1
        }
    }

    /// Adds the lane copies of the 64 cell counters to the call's totals.
    @inline(__always)
    private static func addTotals(_ counts: UnsafePointer<UInt32>, into total: UnsafeMutablePointer<UInt64>) {
        for cell in 0..<cellCount {
            let base = cell &* lanes
            total[cell] &+= UInt64(counts[base]) &+ UInt64(counts[base &+ 1])
                &+ UInt64(counts[base &+ 2]) &+ UInt64(counts[base &+ 3])
        }
    }

    /// countKeys over the cells of `hashes`, without storing the cells.
    @inline(__always)
    private static func countCells(
        _ hashes: UnsafePointer<UInt64>, _ length: Int, into counts: UnsafeMutablePointer<UInt32>
    ) {
        counts.initialize(repeating: 0, count: cellCount &* lanes)
        var index = 0
        while index &+ lanes <= length {
            counts[ActivationMap.cell(forHash: hashes[index]) &* 4] &+= 1
            counts[ActivationMap.cell(forHash: hashes[index &+ 1]) &* 4 &+ 1] &+= 1
            counts[ActivationMap.cell(forHash: hashes[index &+ 2]) &* 4 &+ 2] &+= 1
            counts[ActivationMap.cell(forHash: hashes[index &+ 3]) &* 4 &+ 3] &+= 1
            index &+= lanes
        }
        while index < length {
            counts[ActivationMap.cell(forHash: hashes[index]) &* 4 &+ (index & 3)] &+= 1
            index &+= 1
        }
    }

    /// Moves values[i] to slot `nextSlot[keys[i] · 4 + i % 4]++`, remembering i there.
    @inline(__always)
    private static func scatter(
        _ values: UnsafeMutablePointer<Float>, keys: UnsafePointer<UInt8>, _ length: Int,
        _ nextSlot: UnsafeMutablePointer<Int>, _ positions: UnsafeMutablePointer<UInt16>,
        _ sorted: UnsafeMutablePointer<Float>
    ) {
        var index = 0
        while index &+ lanes <= length {
            for lane in 0..<4 {
                let element = index &+ lane
                let key = Int(keys[element]) &* 4 &+ lane
                let slot = nextSlot[key]
                nextSlot[key] = slot &+ 1
                positions[slot] = UInt16(truncatingIfNeeded: element)
                sorted[slot] = values[element]
            }
            index &+= lanes
        }
        while index < length {
            let key = Int(keys[index]) &* 4 &+ (index & 3)
            let slot = nextSlot[key]
            nextSlot[key] = slot &+ 1
            positions[slot] = UInt16(truncatingIfNeeded: index)
            sorted[slot] = values[index]
            index &+= 1
        }
    }
}
