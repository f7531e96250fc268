/// How often each of the 64 cells of an activation map was selected (64-bit counters).
///
/// Kept apart from `ActivationMap` so that maps stay immutable values that many neurons share;
/// an area keeps one of these (or one per neuron when asked for). Counters wrap on overflow.
///
/// ```swift
/// var hits = ActivationHitCounts()
/// hits.record(ActivationMap.cell(forHash: 0x0305))   // row 3, column 5 → cell 29
/// hits[29]          // 1
/// hits.total        // 1
/// ```
public struct ActivationHitCounts: Hashable, Sendable {
    /// The 64 counters, row-major (cell = row · 8 + column).
    public private(set) var cells: [UInt64]

    /// All counters zero.
    ///
    /// ```swift
    /// let hits = ActivationHitCounts()
    /// ```
    public init() {
        cells = [UInt64](repeating: 0, count: ActivationMap.cellCount)
    }

    /// Counters restored from 64 values (e.g. from a snapshot).
    ///
    /// ```swift
    /// let hits = try ActivationHitCounts(cells: [UInt64](repeating: 1, count: 64))
    /// ```
    public init(cells: [UInt64]) throws(ActivationMapError) {
        guard cells.count == ActivationMap.cellCount else {
            throw .wrongCellCount(what: "activation hit counts", count: cells.count)
        }
        self.cells = cells
    }

    /// Counts one selection of `cell` (0…63). Indices outside 0…63 are ignored.
    ///
    /// ```swift
    /// hits.record(map.select(hash))
    /// ```
    public mutating func record(_ cell: Int) {
        record(cell, times: 1)
    }

    /// Counts `times` selections of `cell` (0…63). Indices outside 0…63 are ignored.
    ///
    /// ```swift
    /// hits.record(5, times: 10)
    /// ```
    public mutating func record(_ cell: Int, times: UInt64) {
        guard cell >= 0, cell < ActivationMap.cellCount else { return }
        cells[cell] &+= times
    }

    /// Adds another set of counters to this one (e.g. per-neuron counts into an area total).
    ///
    /// ```swift
    /// areaHits.add(neuronHits)
    /// ```
    public mutating func add(_ other: ActivationHitCounts) {
        for cell in 0..<ActivationMap.cellCount { cells[cell] &+= other.cells[cell] }
    }

    /// Sets every counter to zero.
    ///
    /// ```swift
    /// hits.reset()
    /// ```
    public mutating func reset() {
        for cell in 0..<ActivationMap.cellCount { cells[cell] = 0 }
    }

    /// The counter of `cell` (0…63); 0 for an index outside the grid.
    ///
    /// ```swift
    /// let count = hits[29]
    /// ```
    public subscript(cell: Int) -> UInt64 {
        guard cell >= 0, cell < ActivationMap.cellCount else { return 0 }
        return cells[cell]
    }

    /// The counter at (row, column), both 0…7; 0 outside the grid.
    ///
    /// ```swift
    /// let count = hits[row: 3, column: 5]
    /// ```
    public subscript(row row: Int, column column: Int) -> UInt64 {
        guard let cell = ActivationMap.cell(row: row, column: column) else { return 0 }
        return cells[cell]
    }

    /// The sum of all counters (wrapping).
    ///
    /// ```swift
    /// let selections = hits.total
    /// ```
    public var total: UInt64 { cells.reduce(0, &+) }
}
