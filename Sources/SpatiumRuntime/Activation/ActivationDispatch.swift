/// The bulk engine behind `ActivationMap.activate(_:hashes:hits:)` and
/// `ActivationMapBank.activate(_:hashes:firstNeuron:hits:)`.
///
/// Per chunk of `chunkSize` elements, with all scratch space allocated once per dispatcher:
/// 1. a vectorised pass turns every hash into its cell (one byte) — and, for a shared map of up
///    to four functions, into its palette code from per-code-bit cell masks — and a pass counts
///    the cells (these are the hit counts); per-neuron maps also look up and count each
///    element's palette code;
/// 2. a chunk that uses one function only is evaluated in place; otherwise a cost model
///    (``relativeCost(_:)``) picks the cheapest of three plans, all of which give the same bits:
///    - ``Plan/blend``: every present function over the whole chunk, each element keeping its
///      own function's result (few cheap functions: ReLU and HardTanh, say);
///    - ``Plan/peel``: up to ``maximumPeeledFunctions`` functions present — one (chosen by
///      cost: cheap and common) over all remaining elements in place, the others' elements
///      gathered by their positions into a packed buffer, and so on with the packed elements
///      until one function is left (a gradient map of GELU in the centre and ReLU at the edge
///      runs ReLU over the chunk and GELU on the quarter that selects it);
///    - ``Plan/sort``: a counting sort gathers the values into one run per function, each run
///      goes through its function's vectorised loop, and the results are scattered back.
///
/// Runs start at multiples of 8 and are evaluated to the next multiple of 8 (the slack holds
/// stale values whose results are never read), so no run ends in a scalar remainder loop.
///
/// Every counter exists in `lanes` copies and element i uses copy i % lanes, so consecutive
/// elements never increment the same memory word: a run of equal cells or codes (common with
/// 2-function maps or low-entropy hashes) would otherwise serialise on store-to-load
/// forwarding. The copies of a key are adjacent, so runs stay contiguous.
///
/// Every element goes through exactly the kernel `ActivationFunction.apply(_:)` uses, so the
/// results are bit-identical to the scalar path whatever the plan.
///
/// ```swift
/// let cellHits = ActivationDispatch.run(.value, values: xs, hashes: hs, count: n,
///                                       palette: map.palette, codes: codes, codeStride: 0)
/// ```
struct ActivationDispatch {
    /// How a chunk that uses more than one function is evaluated (see the type's comment).
    enum Plan: CaseIterable, Sendable {
        case blend
        case peel
        case sort
    }

    /// Elements per chunk: what a chunk reuses (cells, codes, positions, sorted values:
    /// 12 bytes per element, 48 KB) stays in L1 and L2; the hashes are read once. Measured
    /// (`spatium-bench map`): 1024 costs 0.2–0.3 ns per element more (per-chunk work), 8192
    /// and up make the sort slower. UInt16 positions must be able to address a chunk.
    static let chunkSize = 4096
    /// Copies of every counter; the unrolled loops below are written for exactly 4.
    static let lanes = 4
    /// Runs start at, and are evaluated to, multiples of this (the vector loops' width).
    static let runAlignment = 8
    /// The most functions a chunk may use for the peel plan (it needs one level of scratch
    /// buffers per function but the last).
    static let maximumPeeledFunctions = 4
    static let cellCount = ActivationMap.cellCount

    /// Evaluates `count` values in place and returns the 64 per-cell selection counts.
    ///
    /// - `codes`: palette codes; element i (0-based in this call) reads
    ///   `codes[i · codeStride + cell]`, so stride 0 is one map shared by all elements and
    ///   stride 64 is one map per element (per neuron).
    /// - `plan`: for tests, the plan every mixed chunk takes instead of the cost model's choice
    ///   (`.peel` applies to chunks with at most ``maximumPeeledFunctions``; others then sort).
    static func run(
        _ evaluation: ActivationFunction.Evaluation,
        values: UnsafeMutablePointer<Float>,
        hashes: UnsafePointer<UInt64>,
        count: Int,
        palette: [ActivationFunction],
        codes: UnsafePointer<UInt8>,
        codeStride: Int,
        plan forcedPlan: Plan? = nil
    ) -> [UInt64] {
        var totals = [UInt64](repeating: 0, count: cellCount)
        guard count > 0, !palette.isEmpty else { return totals }
        withDispatcher(evaluation, palette: palette, codes: codes, codeStride: codeStride, capacity: count) { dispatch in
            totals.withUnsafeMutableBufferPointer { totals in
                guard let total = totals.baseAddress else { return }
                dispatch.evaluate(values: values, hashes: hashes, count: count, codes: codes,
                                  into: total, plan: forcedPlan)
            }
        }
        return totals
    }

    /// A dispatcher whose scratch holds chunks of up to `capacity` elements (at most
    /// ``chunkSize``), for `body` to call ``evaluate(values:hashes:count:codes:into:plan:)`` on
    /// as many buffers as it likes: the engine activates an area in blocks with one allocation.
    /// `palette` must not be empty.
    ///
    /// ```swift
    /// ActivationDispatch.withDispatcher(.value, palette: p, codes: c, codeStride: 0, capacity: n) {
    ///     $0.evaluate(values: xs, hashes: hs, count: n, codes: c, into: totals)
    /// }
    /// ```
    static func withDispatcher<R>(
        _ evaluation: ActivationFunction.Evaluation, palette: [ActivationFunction],
        codes: UnsafePointer<UInt8>, codeStride: Int, capacity: Int,
        _ body: (ActivationDispatch) throws -> R
    ) rethrows -> R {
        let dispatch = ActivationDispatch(
            evaluation: evaluation, palette: palette, codes: codes, codeStride: codeStride,
            capacity: capacity)
        defer { dispatch.deallocate() }
        return try body(dispatch)
    }

    /// Evaluates `count` values in place, adding the per-cell selection counts to `total`;
    /// `codes` as in ``run(_:values:hashes:count:palette:codes:codeStride:plan:)`` for these
    /// elements (the shared map's codes are the dispatcher's own).
    func evaluate(
        values: UnsafeMutablePointer<Float>, hashes: UnsafePointer<UInt64>, count: Int,
        codes: UnsafePointer<UInt8>, into total: UnsafeMutablePointer<UInt64>, plan forcedPlan: Plan? = nil
    ) {
        var chunkStart = 0
        while chunkStart < count {
            let length = min(chunkCapacity, count &- chunkStart)
            evaluateChunk(values + chunkStart, hashes + chunkStart, length,
                          codes: codes + chunkStart &* codeStride, total: total, forcedPlan: forcedPlan)
            chunkStart &+= length
        }
    }

    /// The plan the cost model picks for a chunk with `elementsPerCode[c]` elements selecting
    /// `palette[c]`, and for the peel plan the functions in their peel order; `nil` when at
    /// most one function is used (that chunk is evaluated in place).
    ///
    /// ```swift
    /// ActivationDispatch.plan(palette: [.gelu, .relu], elementsPerCode: [512, 1536])
    /// // (.peel, [.relu, .gelu]): ReLU over the chunk in place, GELU on its quarter
    /// ```
    static func plan(
        palette: [ActivationFunction], elementsPerCode: [Int]
    ) -> (plan: Plan, peelOrder: [ActivationFunction])? {
        let present = elementsPerCode.filter { $0 > 0 }.count
        guard present > 1, palette.count == elementsPerCode.count else { return nil }
        let sharedCodes = [UInt8](repeating: 0, count: cellCount)
        return sharedCodes.withUnsafeBufferPointer { codes in
            guard let codeBase = codes.baseAddress else { return nil }
            let dispatch = ActivationDispatch(
                evaluation: .value, palette: palette, codes: codeBase, codeStride: 0, capacity: 1)
            defer { dispatch.deallocate() }
            for (code, elements) in elementsPerCode.enumerated() { dispatch.runLengths[code] = elements }
            let plan = dispatch.cheapestPlan(elementsPerCode.reduce(0, +), present: present)
            guard present <= maximumPeeledFunctions else { return (plan, []) }
            _ = dispatch.peelCost(elementsPerCode.reduce(0, +))
            return (plan, (0..<present).map { palette[dispatch.peelOrder[$0]] })
        }
    }

    // MARK: - Cost model

    /// What the sort and scatters of the sort plan cost per element, in ``relativeCost(_:)`` units.
    static let sortCost = 7.0
    /// What computing codes and one blend pass cost per element and function, in the same units.
    static let blendCostPerPass = 0.5
    /// What one peel level's flags and position list cost per element it looks at.
    static let peelCost = 1.5
    /// What gathering one element into a peel level's packed buffer and writing its result
    /// back cost.
    static let peelMoveCost = 3.0

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

    // MARK: - State

    let evaluation: ActivationFunction.Evaluation
    let palette: [ActivationFunction]
    let costs: [Double]
    let codeStride: Int
    var sharedMap: Bool { codeStride == 0 }
    /// The shared map's 64 codes (unused with per-neuron maps).
    let sharedCodes: UnsafePointer<UInt8>
    /// Per cell × lane (shared map) or code × lane (per-neuron maps): counts, then next slots.
    let cellCounts: UnsafeMutablePointer<UInt32>
    let codeCounts: UnsafeMutablePointer<UInt32>
    let keySlots: UnsafeMutablePointer<Int>
    /// Per code: elements in the chunk, and where its run starts in `sortedValues`.
    let runLengths: UnsafeMutablePointer<Int>
    let runStarts: UnsafeMutablePointer<Int>
    /// The shared map's cells grouped by code: sorting by cell in this order yields one
    /// contiguous run per code.
    let cellOrder: UnsafeMutablePointer<UInt8>
    let elementCells: UnsafeMutablePointer<UInt8>
    /// Per element: its code (per-neuron maps; shared maps when a plan needs it).
    let elementCodes: UnsafeMutablePointer<UInt8>
    /// Per element: 1 if a peel level packs it, else 0.
    let peelFlags: UnsafeMutablePointer<UInt8>
    /// Per peel level (`peelStride` entries each): the packed elements' positions in the level
    /// above, their values, and their codes.
    let peelPositions: UnsafeMutablePointer<UInt16>
    let peelValues: UnsafeMutablePointer<Float>
    let peelCodes: UnsafeMutablePointer<UInt8>
    /// Elements per chunk of this dispatcher (``chunkSize`` or fewer), and a peel level's stride.
    let chunkCapacity: Int
    var peelStride: Int { chunkCapacity + Self.runAlignment }
    /// The peel plan's order (the function kept in place at each level, the last one packed
    /// at the deepest) and its levels' packed counts.
    let peelOrder: UnsafeMutablePointer<Int>
    let peelCounts: UnsafeMutablePointer<Int>
    /// A shared map of 2…4 functions: bit `cell` of `lowCodeBits` (`highCodeBits`) is bit 0
    /// (1) of that cell's code, so the cells pass computes each element's code with two
    /// vector shifts instead of a table lookup per element.
    let lowCodeBits: UInt64
    let highCodeBits: UInt64
    var codesWithCells: Bool { sharedMap && palette.count <= Self.maximumPeeledFunctions }
    /// Chunk positions in sorted order (`chunkSize` + slack for aligned runs).
    let positions: UnsafeMutablePointer<UInt16>
    let sortedValues: UnsafeMutablePointer<Float>
    let scratch: UnsafeMutablePointer<Float>
    let sortedCapacity: Int

    private init(
        evaluation: ActivationFunction.Evaluation, palette: [ActivationFunction],
        codes: UnsafePointer<UInt8>, codeStride: Int, capacity: Int
    ) {
        let paletteCount = palette.count
        let chunkCapacity = min(max(capacity, 1), Self.chunkSize)
        self.chunkCapacity = chunkCapacity
        let cellCount = Self.cellCount, lanes = Self.lanes
        self.evaluation = evaluation
        self.palette = palette
        self.costs = palette.map(Self.relativeCost)
        self.codeStride = codeStride
        self.sharedCodes = codes
        sortedCapacity = chunkCapacity + Self.runAlignment * (paletteCount + 1)
        cellCounts = .allocate(capacity: cellCount * lanes)
        codeCounts = .allocate(capacity: paletteCount * lanes)
        keySlots = .allocate(capacity: max(cellCount, paletteCount) * lanes)
        runLengths = .allocate(capacity: paletteCount)
        runStarts = .allocate(capacity: paletteCount)
        cellOrder = .allocate(capacity: cellCount)
        elementCells = .allocate(capacity: chunkCapacity)
        elementCodes = .allocate(capacity: chunkCapacity)
        positions = .allocate(capacity: sortedCapacity)
        // Initialised: the slack of aligned runs is evaluated, so it must hold floats.
        sortedValues = .allocate(capacity: sortedCapacity)
        sortedValues.initialize(repeating: 0, count: sortedCapacity)
        scratch = .allocate(capacity: chunkCapacity)
        let levels = Self.maximumPeeledFunctions - 1
        peelFlags = .allocate(capacity: chunkCapacity)
        let peelStride = chunkCapacity + Self.runAlignment
        peelPositions = .allocate(capacity: levels * peelStride)
        peelValues = .allocate(capacity: levels * peelStride)
        peelValues.initialize(repeating: 0, count: levels * peelStride)
        peelCodes = .allocate(capacity: levels * peelStride)
        peelOrder = .allocate(capacity: Self.maximumPeeledFunctions)
        peelCounts = .allocate(capacity: levels)
        var lowBits: UInt64 = 0, highBits: UInt64 = 0
        if codeStride == 0 {
            for cell in 0..<cellCount {
                lowBits |= UInt64(codes[cell] & 1) &<< UInt64(cell)
                highBits |= UInt64((codes[cell] &>> 1) & 1) &<< UInt64(cell)
            }
        }
        lowCodeBits = lowBits
        highCodeBits = highBits
        if codeStride == 0 {
            var next = 0
            for code in 0..<paletteCount {
                for cell in 0..<cellCount where Int(codes[cell]) == code {
                    cellOrder[next] = UInt8(truncatingIfNeeded: cell)
                    next &+= 1
                }
            }
        }
    }

    private func deallocate() {
        cellCounts.deallocate(); codeCounts.deallocate(); keySlots.deallocate()
        runLengths.deallocate(); runStarts.deallocate(); cellOrder.deallocate()
        elementCells.deallocate(); elementCodes.deallocate(); positions.deallocate()
        sortedValues.deallocate(); scratch.deallocate(); peelFlags.deallocate()
        peelPositions.deallocate(); peelValues.deallocate(); peelCodes.deallocate()
        peelOrder.deallocate(); peelCounts.deallocate()
    }

    // MARK: - One chunk

    private func evaluateChunk(
        _ chunkValues: UnsafeMutablePointer<Float>, _ chunkHashes: UnsafePointer<UInt64>,
        _ length: Int, codes chunkCodes: UnsafePointer<UInt8>,
        total: UnsafeMutablePointer<UInt64>, forcedPlan: Plan?
    ) {
        let paletteCount = palette.count
        // A single function needs only the hit counts; it runs in place.
        if paletteCount == 1 {
            Self.countCells(chunkHashes, length, into: cellCounts)
            addTotals(into: total)
            runInPlace(0, chunkValues, length)
            return
        }

        // Cells (vectorised; a shared map of up to 4 functions gets each element's code in
        // the same pass) and their counts; elements per code.
        if codesWithCells && palette.count == 2 {
            // One code bit: half the shifts.
            let low = lowCodeBits
            for index in 0..<length {
                let cell = UInt64(truncatingIfNeeded: ActivationMap.cell(forHash: chunkHashes[index]))
                elementCells[index] = UInt8(truncatingIfNeeded: cell)
                elementCodes[index] = UInt8(truncatingIfNeeded: (low &>> cell) & 1)
            }
        } else if codesWithCells {
            let low = lowCodeBits, high = highCodeBits
            for index in 0..<length {
                let cell = UInt64(truncatingIfNeeded: ActivationMap.cell(forHash: chunkHashes[index]))
                elementCells[index] = UInt8(truncatingIfNeeded: cell)
                elementCodes[index] = UInt8(truncatingIfNeeded: ((low &>> cell) & 1) | (((high &>> cell) & 1) &<< 1))
            }
        } else {
            for index in 0..<length {
                elementCells[index] = UInt8(truncatingIfNeeded: ActivationMap.cell(forHash: chunkHashes[index]))
            }
        }
        Self.countKeys(elementCells, length, into: cellCounts, keyCount: Self.cellCount)
        addTotals(into: total)
        for code in 0..<paletteCount { runLengths[code] = 0 }
        if sharedMap {
            for cell in 0..<Self.cellCount {
                runLengths[Int(sharedCodes[cell])] &+= Int(Self.laneSum(cellCounts, key: cell))
            }
        } else {
            for index in 0..<length {
                elementCodes[index] = chunkCodes[index &* codeStride &+ Int(elementCells[index])]
            }
            Self.countKeys(elementCodes, length, into: codeCounts, keyCount: paletteCount)
            for code in 0..<paletteCount { runLengths[code] = Int(Self.laneSum(codeCounts, key: code)) }
        }

        var present = 0, first = -1
        for code in 0..<paletteCount where runLengths[code] > 0 {
            present &+= 1
            if first < 0 { first = code }
        }
        // A chunk that uses one function is evaluated in place.
        if present == 1 {
            runInPlace(first, chunkValues, length)
            return
        }
        var plan = forcedPlan ?? cheapestPlan(length, present: present)
        if plan == .peel && present > Self.maximumPeeledFunctions { plan = .sort }
        switch plan {
        case .blend: blend(chunkValues, length)
        case .peel: peel(chunkValues, length, functions: present)
        case .sort: sort(chunkValues, length)
        }
    }

    /// The plan the cost model expects to be fastest for this chunk.
    private func cheapestPlan(_ length: Int, present: Int) -> Plan {
        let elements = Double(length)
        var mixed = 0.0, every = 0.0
        for code in 0..<palette.count where runLengths[code] > 0 {
            mixed += costs[code] * Double(runLengths[code])
            every += costs[code] * elements
        }
        var best = (plan: Plan.sort, cost: mixed + elements * Self.sortCost)
        let blendCost = every + elements * Double(present) * Self.blendCostPerPass
        if blendCost < best.cost { best = (.blend, blendCost) }
        if present <= Self.maximumPeeledFunctions {
            let cost = peelCost(length)
            if cost < best.cost { best = (.peel, cost) }
        }
        return best.plan
    }

    /// The peel plan's cost; fills `peelOrder` greedily: at each level the function kept in
    /// place is the one whose moves saved outweigh its evaluation of the others the most.
    private func peelCost(_ length: Int) -> Double {
        var remaining = 0
        for code in 0..<palette.count where runLengths[code] > 0 {
            peelOrder[remaining] = code
            remaining &+= 1
        }
        var elements = Double(length), total = 0.0
        for level in 0..<remaining {
            var best = level, bestSaving = -Double.infinity
            for candidate in level..<remaining {
                let code = peelOrder[candidate]
                let own = Double(runLengths[code])
                let saving = Self.peelMoveCost * own - costs[code] * (elements - own)
                if saving > bestSaving { best = candidate; bestSaving = saving }
            }
            let keep = peelOrder[best]
            peelOrder[best] = peelOrder[level]
            peelOrder[level] = keep
            total += costs[keep] * elements
            if level &+ 1 < remaining {
                let packed = elements - Double(runLengths[keep])
                total += Self.peelCost * elements + Self.peelMoveCost * packed
                elements = packed
            }
        }
        return total
    }

    // MARK: - Plans

    /// Every present function over the whole chunk; each element keeps its own function's result.
    private func blend(_ chunkValues: UnsafeMutablePointer<Float>, _ length: Int) {
        lookUpSharedCodes(length)
        var first = true
        for code in 0..<palette.count where runLengths[code] > 0 {
            if first {
                palette[code].run(evaluation, input: UnsafePointer(chunkValues), output: sortedValues, count: length)
                first = false
            } else {
                palette[code].run(evaluation, input: UnsafePointer(chunkValues), output: scratch, count: length)
                Self.merge(scratch, into: sortedValues, where: elementCodes,
                           equals: UInt8(truncatingIfNeeded: code), length)
            }
        }
        chunkValues.update(from: sortedValues, count: length)
    }

    /// The functions present in `peelOrder`'s order: at each level the first one in place
    /// over all the level's elements, the others' elements packed into the next level.
    private func peel(_ chunkValues: UnsafeMutablePointer<Float>, _ length: Int, functions: Int) {
        _ = peelCost(length)   // fills peelOrder
        lookUpSharedCodes(length)
        var values = chunkValues
        var codes = UnsafePointer(elementCodes)
        var count = length
        for level in 0..<(functions &- 1) {
            let keep = peelOrder[level]
            // Flags (vectorised): 1 where the element's function is packed further, which at
            // this level is any but `keep`.
            let keptCode = UInt8(truncatingIfNeeded: keep)
            for index in 0..<count { peelFlags[index] = codes[index] == keptCode ? 0 : 1 }
            let positions = peelPositions + level &* peelStride
            let packedValues = peelValues + level &* peelStride
            let packedCodes = peelCodes + level &* peelStride
            let packed = Self.compactPositions(flags: peelFlags, count, into: positions)
            for slot in 0..<packed { packedValues[slot] = values[Int(positions[slot])] }
            if level &+ 2 < functions {
                for slot in 0..<packed { packedCodes[slot] = codes[Int(positions[slot])] }
            }
            // In place after the gather; the chunk itself is evaluated to its exact end.
            runInPlace(keep, values, level == 0 ? count : Self.alignedCount(count))
            peelCounts[level] = packed
            values = packedValues
            codes = UnsafePointer(packedCodes)
            count = packed
        }
        runInPlace(peelOrder[functions &- 1], values, Self.alignedCount(count))
        // Results back, deepest level first.
        for level in stride(from: functions &- 2, through: 0, by: -1) {
            let positions = peelPositions + level &* peelStride
            let packedValues = peelValues + level &* peelStride
            let target = level == 0 ? chunkValues : peelValues + (level &- 1) &* peelStride
            for slot in 0..<peelCounts[level] { target[Int(positions[slot])] = packedValues[slot] }
        }
    }

    /// Counting sort into one aligned run per code, a vectorised loop per run, scatter back.
    private func sort(_ chunkValues: UnsafeMutablePointer<Float>, _ length: Int) {
        let lanes = Self.lanes
        var next = 0
        if sharedMap {
            var currentCode = -1
            for order in 0..<Self.cellCount {
                let cell = Int(cellOrder[order])
                let code = Int(sharedCodes[cell])
                if code != currentCode {
                    next = Self.alignedCount(next)
                    runStarts[code] = next
                    currentCode = code
                }
                let base = cell &* lanes
                for lane in 0..<lanes {
                    keySlots[base &+ lane] = next
                    next &+= Int(cellCounts[base &+ lane])
                }
            }
            Self.scatter(chunkValues, keys: elementCells, length, keySlots, positions, sortedValues)
        } else {
            for code in 0..<palette.count {
                next = Self.alignedCount(next)
                runStarts[code] = next
                let base = code &* lanes
                for lane in 0..<lanes {
                    keySlots[base &+ lane] = next
                    next &+= Int(codeCounts[base &+ lane])
                }
            }
            Self.scatter(chunkValues, keys: elementCodes, length, keySlots, positions, sortedValues)
        }
        for code in 0..<palette.count where runLengths[code] > 0 {
            let run = sortedValues + runStarts[code]
            runInPlace(code, run, Self.alignedCount(runLengths[code]))
        }
        for code in 0..<palette.count where runLengths[code] > 0 {
            let start = runStarts[code]
            for slot in start..<(start &+ runLengths[code]) {
                chunkValues[Int(positions[slot])] = sortedValues[slot]
            }
        }
    }

    // MARK: - Helpers

    /// Each element's code from its cell, for a shared map whose cells pass did not compute it.
    @inline(__always)
    private func lookUpSharedCodes(_ length: Int) {
        guard sharedMap && !codesWithCells else { return }
        for index in 0..<length { elementCodes[index] = sharedCodes[Int(elementCells[index])] }
    }

    @inline(__always)
    private func runInPlace(_ code: Int, _ values: UnsafeMutablePointer<Float>, _ count: Int) {
        palette[code].run(evaluation, input: UnsafePointer(values), output: values, count: count)
    }

    /// Adds the lane copies of the 64 cell counters to the call's totals.
    @inline(__always)
    private func addTotals(into total: UnsafeMutablePointer<UInt64>) {
        for cell in 0..<Self.cellCount { total[cell] &+= UInt64(Self.laneSum(cellCounts, key: cell)) }
    }

    @inline(__always)
    static func alignedCount(_ count: Int) -> Int {
        (count &+ (runAlignment &- 1)) & ~(runAlignment &- 1)
    }

    @inline(__always)
    private static func laneSum(_ counts: UnsafePointer<UInt32>, key: Int) -> UInt32 {
        let base = key &* lanes
        return counts[base] &+ counts[base &+ 1] &+ counts[base &+ 2] &+ counts[base &+ 3]
    }

    /// setBitPositions[m] = the indices of the set bits of the byte m in increasing order,
    /// then zeros.
    static let setBitPositions: [SIMD8<UInt16>] = (0..<256).map { mask in
        var lanes = SIMD8<UInt16>(repeating: 0)
        var next = 0
        for bit in 0..<8 where mask & (1 << bit) != 0 {
            lanes[next] = UInt16(bit)
            next += 1
        }
        return lanes
    }

    /// positions[0..<n] = the indices i < length with flags[i] == 1 (every flag is 0 or 1), in
    /// increasing order; returns n. Eight flags at a time: their bits gathered by one multiply
    /// index ``setBitPositions``, whose 8 lanes are stored at once, so this writes up to 8
    /// entries past n.
    static func compactPositions(
        flags: UnsafePointer<UInt8>, _ length: Int, into positions: UnsafeMutablePointer<UInt16>
    ) -> Int {
        setBitPositions.withUnsafeBufferPointer { table in
            guard let table = table.baseAddress else { return 0 }
            let flagBytes = UnsafeRawPointer(flags)
            let output = UnsafeMutableRawPointer(positions)
            var count = 0, index = 0
            while index &+ 8 <= length {
                // Byte k (0 or 1) moves to bit 56 + k; no two partial products overlap.
                let word = flagBytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let mask = Int(truncatingIfNeeded: (word &* 0x0102_0408_1020_4080) &>> 56)
                let lanes = table[mask] &+ SIMD8<UInt16>(repeating: UInt16(truncatingIfNeeded: index))
                output.storeBytes(of: lanes, toByteOffset: count &* 2, as: SIMD8<UInt16>.self)
                count &+= mask.nonzeroBitCount
                index &+= 8
            }
            while index < length {
                positions[count] = UInt16(truncatingIfNeeded: index)
                count &+= Int(flags[index])
                index &+= 1
            }
            return count
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
