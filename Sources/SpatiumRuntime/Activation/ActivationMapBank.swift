/// The activation maps of an area's neurons, stored compactly.
///
/// Either one map shared by every neuron (a shared layout costs one map, not N), or — for
/// per-neuron maps — a small palette of distinct functions plus 64 one-byte cell codes per
/// neuron (`neuronCount · 64` bytes). Immutable and shareable.
///
/// ```swift
/// let bank = try ActivationLayout.random(seed: 3).bank(neuronCount: 4096, seed: 1)
/// var hits = ActivationHitCounts()
/// try bank.activate(potentials, hashes: hashes, firstNeuron: 0, hits: &hits)
/// ```
public struct ActivationMapBank: Hashable, Sendable {
    /// How the maps are held.
    public enum Storage: Hashable, Sendable {
        /// Every neuron uses this map.
        case shared(ActivationMap)
        /// Neuron n's cell c holds `palette[cellCodes[n · 64 + c]]`.
        case perNeuron(palette: [ActivationFunction], cellCodes: [UInt8])
    }

    /// Number of neurons the bank describes.
    public let neuronCount: Int
    /// The maps.
    public let storage: Storage

    /// One map for `neuronCount` neurons. A negative count is an error.
    ///
    /// ```swift
    /// let bank = try ActivationMapBank(shared: ActivationMap(uniform: .relu), neuronCount: 100)
    /// ```
    public init(shared map: ActivationMap, neuronCount: Int) throws(ActivationMapError) {
        guard neuronCount >= 0 else { throw .invalidNeuronCount(neuronCount) }
        self.neuronCount = neuronCount
        storage = .shared(map)
    }

    /// Per-neuron maps from a palette and `neuronCount · 64` codes (e.g. read from a snapshot).
    /// Wrong lengths, codes outside the palette and palettes over 256 entries are errors.
    ///
    /// ```swift
    /// let bank = try ActivationMapBank(palette: [.relu, .tanh], cellCodes: codes, neuronCount: 10)
    /// ```
    public init(
        palette: [ActivationFunction], cellCodes: [UInt8], neuronCount: Int
    ) throws(ActivationMapError) {
        guard neuronCount >= 0 else { throw .invalidNeuronCount(neuronCount) }
        guard palette.count <= ActivationLayout.maximumPaletteCount else {
            throw .tooManyDistinctFunctions(
                count: palette.count, limit: ActivationLayout.maximumPaletteCount)
        }
        let (expected, overflow) = neuronCount.multipliedReportingOverflow(by: ActivationMap.cellCount)
        guard !overflow, cellCodes.count == expected else {
            throw .wrongCodeCount(count: cellCodes.count, neuronCount: neuronCount)
        }
        if let position = cellCodes.firstIndex(where: { Int($0) >= palette.count }) {
            throw .invalidCellCode(
                position: position, code: cellCodes[position], paletteCount: palette.count)
        }
        self.init(validatedPalette: palette, cellCodes: cellCodes, neuronCount: neuronCount)
    }

    /// A bank from one map per neuron: shared storage when all maps are equal, otherwise
    /// palette + codes. More than 256 distinct functions overall is an error.
    ///
    /// ```swift
    /// let bank = try ActivationMapBank(maps: neuronMaps)
    /// ```
    public init(maps: [ActivationMap]) throws(ActivationMapError) {
        if let first = maps.first, maps.allSatisfy({ $0 == first }) {
            try self.init(shared: first, neuronCount: maps.count)
            return
        }
        var palette: [ActivationFunction] = []
        var codes: [UInt8] = []
        codes.reserveCapacity(maps.count * ActivationMap.cellCount)
        for map in maps {
            // Translate the map's own palette to the bank's once per map.
            var translation: [UInt8] = []
            for function in map.palette {
                if let code = palette.firstIndex(of: function) {
                    translation.append(UInt8(truncatingIfNeeded: code))
                } else {
                    guard palette.count < ActivationLayout.maximumPaletteCount else {
                        throw .tooManyDistinctFunctions(
                            count: palette.count + 1, limit: ActivationLayout.maximumPaletteCount)
                    }
                    translation.append(UInt8(truncatingIfNeeded: palette.count))
                    palette.append(function)
                }
            }
            for code in map.cellCodes { codes.append(translation[Int(code)]) }
        }
        self.init(validatedPalette: palette, cellCodes: codes, neuronCount: maps.count)
    }

    /// `cellCodes` has `neuronCount · 64` entries, all inside `palette`.
    init(validatedPalette palette: [ActivationFunction], cellCodes: [UInt8], neuronCount: Int) {
        self.neuronCount = neuronCount
        storage = .perNeuron(palette: palette, cellCodes: cellCodes)
    }

    /// Whether every neuron shares one map.
    ///
    /// ```swift
    /// let cheap = bank.isShared
    /// ```
    public var isShared: Bool {
        if case .shared = storage { return true }
        return false
    }

    /// The shared map, or `nil` for per-neuron storage.
    ///
    /// ```swift
    /// if let map = bank.sharedMap { print(map) }
    /// ```
    public var sharedMap: ActivationMap? {
        if case .shared(let map) = storage { return map }
        return nil
    }

    /// The distinct functions the bank uses.
    ///
    /// ```swift
    /// let names = bank.palette.map(\.name)
    /// ```
    public var palette: [ActivationFunction] {
        switch storage {
        case .shared(let map): map.palette
        case .perNeuron(let palette, _): palette
        }
    }

    /// Bytes of map data held: one map (64 functions and 64 codes) when shared, otherwise
    /// 64 bytes per neuron plus the palette.
    ///
    /// ```swift
    /// bank.storageByteCount   // 4096 · 64 + palette for a random layout
    /// ```
    public var storageByteCount: Int {
        let functionSize = MemoryLayout<ActivationFunction>.stride
        switch storage {
        case .shared(let map):
            return map.cells.count * functionSize + map.cellCodes.count + map.palette.count * functionSize
        case .perNeuron(let palette, let cellCodes):
            return cellCodes.count + palette.count * functionSize
        }
    }

    /// The map of `neuron`, or `nil` outside 0..<neuronCount. Per-neuron storage builds the
    /// map on demand.
    ///
    /// ```swift
    /// let map = bank.map(forNeuron: 7)
    /// ```
    public func map(forNeuron neuron: Int) -> ActivationMap? {
        guard neuron >= 0, neuron < neuronCount else { return nil }
        switch storage {
        case .shared(let map):
            return map
        case .perNeuron(let palette, let cellCodes):
            let start = neuron * ActivationMap.cellCount
            return ActivationMap(
                palette: palette,
                validatedCodes: cellCodes[start..<start + ActivationMap.cellCount])
        }
    }

    /// The function `hash` selects for `neuron`, or `nil` outside 0..<neuronCount.
    ///
    /// ```swift
    /// let f = bank.function(forNeuron: 7, hash: h)
    /// ```
    public func function(forNeuron neuron: Int, hash: UInt64) -> ActivationFunction? {
        guard neuron >= 0, neuron < neuronCount else { return nil }
        let cell = ActivationMap.cell(forHash: hash)
        switch storage {
        case .shared(let map):
            return map.cells[cell]
        case .perNeuron(let palette, let cellCodes):
            return palette[Int(cellCodes[neuron * ActivationMap.cellCount + cell])]
        }
    }

    /// Activates the consecutive neurons `firstNeuron ..< firstNeuron + values.count`:
    /// values[i] ← f(values[i]) with f the function `hashes[i]` selects in neuron
    /// `firstNeuron + i`'s map; counts every selection in `hits` (the area's counters).
    /// Bit-identical to the scalar path. Mismatched counts or neurons outside the bank are
    /// errors and leave everything unchanged.
    ///
    /// ```swift
    /// try bank.activate(potentials, hashes: hashes, firstNeuron: 0, hits: &areaHits)
    /// ```
    public func activate(
        _ values: UnsafeMutableBufferPointer<Float>, hashes: UnsafeBufferPointer<UInt64>,
        firstNeuron: Int = 0, hits: inout ActivationHitCounts
    ) throws(ActivationMapError) {
        let cellHits = try run(.value, values, hashes, firstNeuron)
        for cell in 0..<ActivationMap.cellCount { hits.record(cell, times: cellHits[cell]) }
    }

    /// As `activate(_:hashes:firstNeuron:hits:)` but writes f′ (for backpropagation); no counting.
    ///
    /// ```swift
    /// try bank.derivative(slopes, hashes: hashes, firstNeuron: 0)
    /// ```
    public func derivative(
        _ values: UnsafeMutableBufferPointer<Float>, hashes: UnsafeBufferPointer<UInt64>,
        firstNeuron: Int = 0
    ) throws(ActivationMapError) {
        _ = try run(.derivative, values, hashes, firstNeuron)
    }

    private func run(
        _ evaluation: ActivationFunction.Evaluation, _ values: UnsafeMutableBufferPointer<Float>,
        _ hashes: UnsafeBufferPointer<UInt64>, _ firstNeuron: Int
    ) throws(ActivationMapError) -> [UInt64] {
        guard values.count == hashes.count else {
            throw .countMismatch(values: values.count, hashes: hashes.count)
        }
        let (end, overflow) = firstNeuron.addingReportingOverflow(values.count)
        guard firstNeuron >= 0, !overflow, end <= neuronCount else {
            throw .neuronsOutOfRange(first: firstNeuron, count: values.count, neuronCount: neuronCount)
        }
        guard let valueBase = values.baseAddress, let hashBase = hashes.baseAddress else {
            return [UInt64](repeating: 0, count: ActivationMap.cellCount)
        }
        return withDispatchInputs(firstNeuron: firstNeuron) { palette, codes, codeStride in
            ActivationDispatch.run(
                evaluation, values: valueBase, hashes: hashBase, count: values.count,
                palette: palette, codes: codes, codeStride: codeStride)
        } ?? [UInt64](repeating: 0, count: ActivationMap.cellCount)
    }

    /// Calls `body` with what `ActivationDispatch.run` needs for neurons from `firstNeuron` on:
    /// the palette, the codes (the shared map's 64, or neuron `firstNeuron`'s onwards) and their
    /// stride (0 shared, 64 per neuron). `firstNeuron` must be inside the bank.
    func withDispatchInputs<R>(
        firstNeuron: Int,
        _ body: ([ActivationFunction], UnsafePointer<UInt8>, Int) -> R
    ) -> R? {
        let (palette, codes, stride, offset) = switch storage {
        case .shared(let map): (map.palette, map.cellCodes, 0, 0)
        case .perNeuron(let palette, let cellCodes):
            (palette, cellCodes, ActivationMap.cellCount, firstNeuron * ActivationMap.cellCount)
        }
        return codes.withUnsafeBufferPointer { codeBuffer in
            codeBuffer.baseAddress.map { body(palette, $0 + offset, stride) }
        }
    }
}
