/// How the 8×8 grids of an area's neurons are laid out (DESIGN.md §3).
///
/// Every layout except `random` gives all neurons the same map, computed once and shared.
/// `random` gives every neuron its own map, derived from (layout seed, caller seed, neuron
/// index) through SplitMix64, so any neuron's map can be rebuilt alone and in any order.
/// Cell coordinates: row r and column c in 0…7, measured from the grid centre (3.5, 3.5).
///
/// ```swift
/// let layout = ActivationLayout.gradient(center: .gelu, edge: .relu)
/// let map = layout.map(forNeuron: 0, seed: 0)       // inner 4×4 gelu, the rest relu
/// let bank = try ActivationLayout.random(seed: 42).bank(neuronCount: 1000, seed: 1)
/// ```
public struct ActivationLayout: Hashable, Sendable {
    /// Direction of the stripes of `stripes(_:_:axis:)`.
    public enum StripeAxis: String, Hashable, Sendable, CaseIterable {
        /// Alternating rows: row 0 is the first function.
        case rows
        /// Alternating columns: column 0 is the first function.
        case columns
    }

    /// What a layout is, with its arguments (for inspection and serialisation).
    ///
    /// ```swift
    /// if case .gradient(let center, _) = layout.kind { print(center.name) }
    /// ```
    public enum Kind: Hashable, Sendable {
        /// All cells one function.
        case uniform(ActivationFunction)
        /// Every cell of every neuron drawn from `set` (the default set already filled in).
        case random(seed: UInt64, set: [ActivationFunction])
        /// Inner 4×4 `center`, the rest `edge`.
        case gradient(center: ActivationFunction, edge: ActivationFunction)
        /// Concentric rings, innermost first, the last repeating.
        case radial([ActivationFunction])
        /// Alternating cells, the first where row + column is even.
        case checker(ActivationFunction, ActivationFunction)
        /// Alternating rows or columns, the first at index 0.
        case stripes(ActivationFunction, ActivationFunction, axis: StripeAxis)
        /// An explicit row-major grid of 64.
        case cells([ActivationFunction])
    }

    /// The layout and its arguments.
    public let kind: Kind
    /// The one map of a shared layout; `nil` for `random`.
    public let sharedMap: ActivationMap?
    /// `random`: the distinct functions of the set, and each set entry's index among them.
    private let randomPalette: [ActivationFunction]
    private let randomSetCodes: [UInt8]

    /// Codes of a bank are one byte.
    static let maximumPaletteCount = 256

    private init(shared kind: Kind, cells: [ActivationFunction]) {
        self.kind = kind
        sharedMap = ActivationMap(validatedCells: cells)
        randomPalette = []
        randomSetCodes = []
    }

    private init(randomSeed seed: UInt64, set: [ActivationFunction]) throws(ActivationMapError) {
        guard !set.isEmpty else { throw .emptyFunctionList(layout: "random") }
        var palette: [ActivationFunction] = []
        var codes: [Int] = []
        for function in set {
            if let code = palette.firstIndex(of: function) {
                codes.append(code)
            } else {
                codes.append(palette.count)
                palette.append(function)
            }
        }
        guard palette.count <= Self.maximumPaletteCount else {
            throw .tooManyDistinctFunctions(count: palette.count, limit: Self.maximumPaletteCount)
        }
        kind = .random(seed: seed, set: set)
        sharedMap = nil
        randomPalette = palette
        randomSetCodes = codes.map { UInt8(truncatingIfNeeded: $0) }
    }

    // MARK: Layouts

    /// All 64 cells `function`.
    ///
    /// ```swift
    /// let layout = ActivationLayout.uniform(.tanh)
    /// ```
    public static func uniform(_ function: ActivationFunction) -> ActivationLayout {
        ActivationLayout(shared: .uniform(function), cells: grid { _, _ in function })
    }

    /// Each cell drawn uniformly from `set` (default `ActivationFunction.twelve`; an entry listed
    /// twice is twice as likely), separately for every neuron. An empty set, or more than 256
    /// distinct functions, is an error.
    ///
    /// ```swift
    /// let layout = try ActivationLayout.random(seed: 7, set: [.relu, .tanh])
    /// ```
    public static func random(
        seed: UInt64, set: [ActivationFunction]? = nil
    ) throws(ActivationMapError) -> ActivationLayout {
        try ActivationLayout(randomSeed: seed, set: set ?? ActivationFunction.twelve)
    }

    /// `center` where the cell's Chebyshev distance from the grid centre is < 2 — the inner
    /// 4×4, rows and columns 2…5 — and `edge` elsewhere.
    ///
    /// ```swift
    /// let layout = ActivationLayout.gradient(center: .gelu, edge: .relu)
    /// ```
    public static func gradient(
        center: ActivationFunction, edge: ActivationFunction
    ) -> ActivationLayout {
        ActivationLayout(
            shared: .gradient(center: center, edge: edge),
            cells: grid { row, column in ring(row, column) < 2 ? center : edge })
    }

    /// Concentric square rings from the centre outward: ring k = ⌊max(|r − 3.5|, |c − 3.5|)⌋
    /// (0…3) uses `rings[k]`, the last function repeating outward. An empty list is an error.
    ///
    /// ```swift
    /// let layout = try ActivationLayout.radial([.gelu, .tanh, .relu])   // rings 2 and 3 relu
    /// ```
    public static func radial(_ rings: [ActivationFunction]) throws(ActivationMapError) -> ActivationLayout {
        guard let last = rings.last else { throw .emptyFunctionList(layout: "radial") }
        return ActivationLayout(
            shared: .radial(rings),
            cells: grid { row, column in
                let k = ring(row, column)
                return k < rings.count ? rings[k] : last
            })
    }

    /// `a` where row + column is even, `b` where it is odd.
    ///
    /// ```swift
    /// let layout = ActivationLayout.checker(.relu, .sine)
    /// ```
    public static func checker(_ a: ActivationFunction, _ b: ActivationFunction) -> ActivationLayout {
        ActivationLayout(
            shared: .checker(a, b), cells: grid { row, column in (row + column) % 2 == 0 ? a : b })
    }

    /// Alternating single rows (or columns), starting with `a` at index 0.
    ///
    /// ```swift
    /// let layout = ActivationLayout.stripes(.relu, .tanh, axis: .columns)
    /// ```
    public static func stripes(
        _ a: ActivationFunction, _ b: ActivationFunction, axis: StripeAxis
    ) -> ActivationLayout {
        ActivationLayout(
            shared: .stripes(a, b, axis: axis),
            cells: grid { row, column in
                let index = axis == .rows ? row : column
                return index % 2 == 0 ? a : b
            })
    }

    /// An explicit grid: exactly 64 functions, row-major; any other count is an error.
    ///
    /// ```swift
    /// let layout = try ActivationLayout.cells(Array(repeating: .relu, count: 64))
    /// ```
    public static func cells(_ cells: [ActivationFunction]) throws(ActivationMapError) -> ActivationLayout {
        guard cells.count == ActivationMap.cellCount else {
            throw .wrongCellCount(what: "activation layout 'cells'", count: cells.count)
        }
        return ActivationLayout(shared: .cells(cells), cells: cells)
    }

    // MARK: Maps

    /// Whether neurons get maps of their own (`random`) rather than one shared map.
    ///
    /// ```swift
    /// ActivationLayout.uniform(.relu).isPerNeuron   // false
    /// ```
    public var isPerNeuron: Bool { sharedMap == nil }

    /// The map of neuron `index`. For `random` it is drawn from (layout seed, `seed`, `index`)
    /// with SplitMix64 — `seed` is the caller's seed (e.g. the brain's), so the same layout
    /// gives different maps in differently seeded brains; every other layout ignores both and
    /// returns its one shared map (copies share storage).
    ///
    /// ```swift
    /// let map = layout.map(forNeuron: 12, seed: brainSeed)
    /// ```
    public func map(forNeuron index: Int, seed: UInt64) -> ActivationMap {
        if let sharedMap { return sharedMap }
        var codes = [UInt8](repeating: 0, count: ActivationMap.cellCount)
        codes.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            drawCodes(neuron: index, seed: seed, into: base)
        }
        return ActivationMap(palette: randomPalette, validatedCodes: codes)
    }

    /// The maps of `neuronCount` neurons (indices 0…neuronCount−1), stored compactly: one
    /// shared map for shared layouts, 64 one-byte codes per neuron for `random`.
    /// A negative count is an error.
    ///
    /// ```swift
    /// let bank = try layout.bank(neuronCount: area.neuronCount, seed: brainSeed)
    /// ```
    public func bank(neuronCount: Int, seed: UInt64) throws(ActivationMapError) -> ActivationMapBank {
        guard neuronCount >= 0 else { throw .invalidNeuronCount(neuronCount) }
        if let sharedMap { return try ActivationMapBank(shared: sharedMap, neuronCount: neuronCount) }
        let (byteCount, overflow) = neuronCount.multipliedReportingOverflow(by: ActivationMap.cellCount)
        guard !overflow else { throw .invalidNeuronCount(neuronCount) }
        var codes = [UInt8](repeating: 0, count: byteCount)
        codes.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for neuron in 0..<neuronCount {
                drawCodes(neuron: neuron, seed: seed, into: base + neuron * ActivationMap.cellCount)
            }
        }
        return ActivationMapBank(
            validatedPalette: randomPalette, cellCodes: codes, neuronCount: neuronCount)
    }

    /// 64 palette codes for one neuron of a `random` layout.
    private func drawCodes(neuron: Int, seed: UInt64, into codes: UnsafeMutablePointer<UInt8>) {
        guard case .random(let layoutSeed, _) = kind else { return }
        var generator = SplitMix64(
            seed: SplitMix64.draw(
                seed: layoutSeed, stream: seed, counter: UInt64(truncatingIfNeeded: neuron)))
        let choices = UInt64(randomSetCodes.count)
        for cell in 0..<ActivationMap.cellCount {
            // Multiply-high maps a 64-bit draw to 0..<choices without a division.
            let pick = Int(truncatingIfNeeded: generator.next().multipliedFullWidth(by: choices).high)
            codes[cell] = randomSetCodes[pick]
        }
    }

    // MARK: Geometry

    /// ⌊max(|r − 3.5|, |c − 3.5|)⌋: 0 for the centre 2×2, 3 for the border.
    static func ring(_ row: Int, _ column: Int) -> Int {
        let doubledDistance = max(abs(2 * row - 7), abs(2 * column - 7))   // 1, 3, 5 or 7
        return (doubledDistance - 1) / 2
    }

    private static func grid(
        _ cell: (_ row: Int, _ column: Int) -> ActivationFunction
    ) -> [ActivationFunction] {
        var cells: [ActivationFunction] = []
        cells.reserveCapacity(ActivationMap.cellCount)
        for row in 0..<ActivationMap.rowCount {
            for column in 0..<ActivationMap.columnCount { cells.append(cell(row, column)) }
        }
        return cells
    }

    // MARK: Equality

    /// Layouts are equal when their kinds and arguments are.
    ///
    /// ```swift
    /// ActivationLayout.uniform(.relu) == .uniform(.relu)   // true
    /// ```
    public static func == (lhs: ActivationLayout, rhs: ActivationLayout) -> Bool {
        lhs.kind == rhs.kind
    }

    /// Hashes the kind and arguments (consistent with `==`).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
    }
}

extension ActivationLayout: CustomStringConvertible {
    /// The layout with its arguments.
    ///
    /// ```swift
    /// ActivationLayout.gradient(center: .gelu, edge: .relu).description
    /// // "gradient(center: gelu, edge: relu)"
    /// ```
    public var description: String {
        func names(_ functions: [ActivationFunction]) -> String {
            functions.map(\.name).joined(separator: ", ")
        }
        switch kind {
        case .uniform(let function): return "uniform(\(function.name))"
        case .random(let seed, let set): return "random(seed: \(seed), set: [\(names(set))])"
        case .gradient(let center, let edge): return "gradient(center: \(center.name), edge: \(edge.name))"
        case .radial(let rings): return "radial([\(names(rings))])"
        case .checker(let a, let b): return "checker(\(a.name), \(b.name))"
        case .stripes(let a, let b, let axis): return "stripes(\(a.name), \(b.name), axis: \(axis.rawValue))"
        case .cells(let cells): return "cells([\(names(cells))])"
        }
    }
}
