/// An 8×8 grid of activation functions; the cell applied to an input is chosen by the input's
/// 64-bit pattern hash h: row = (h >> 8) & 7, column = h & 7 (DESIGN.md §3).
///
/// A map is an immutable value whose storage is shared by copies, so any number of neurons can
/// hold the same map for the cost of one. Hit counting lives in `ActivationHitCounts`.
///
/// ```swift
/// let map = try ActivationLayout.random(seed: 7).map(forNeuron: 0, seed: 1)
/// var hits = ActivationHitCounts()
/// let y = map.activate(0.3, hash: 0x0102, recordingInto: &hits)   // row 1, column 2
/// print(map)   // 8 lines of short names
/// ```
public struct ActivationMap: Hashable, Sendable {
    /// Rows of the grid.
    public static let rowCount = 8
    /// Columns of the grid.
    public static let columnCount = 8
    /// Cells of the grid (rows × columns).
    public static let cellCount = 64

    /// The 64 functions, row-major (cell = row · 8 + column).
    public let cells: [ActivationFunction]
    /// The distinct functions of the map, in order of first appearance.
    public let palette: [ActivationFunction]
    /// For every cell, the index of its function in `palette`.
    public let cellCodes: [UInt8]

    /// A map from 64 functions in row-major order; any other count is an error.
    ///
    /// ```swift
    /// let map = try ActivationMap(cells: Array(repeating: .relu, count: 64))
    /// ```
    public init(cells: [ActivationFunction]) throws(ActivationMapError) {
        guard cells.count == Self.cellCount else {
            throw .wrongCellCount(what: "activation map cells", count: cells.count)
        }
        self.init(validatedCells: cells)
    }

    /// A map whose 64 cells all hold `function`.
    ///
    /// ```swift
    /// let map = ActivationMap(uniform: .gelu)
    /// ```
    public init(uniform function: ActivationFunction) {
        cells = [ActivationFunction](repeating: function, count: Self.cellCount)
        palette = [function]
        cellCodes = [UInt8](repeating: 0, count: Self.cellCount)
    }

    /// `cells` has exactly 64 entries.
    init(validatedCells cells: [ActivationFunction]) {
        var palette: [ActivationFunction] = []
        var codes: [UInt8] = []
        codes.reserveCapacity(Self.cellCount)
        for function in cells {
            if let code = palette.firstIndex(of: function) {
                codes.append(UInt8(code))
            } else {
                codes.append(UInt8(palette.count))
                palette.append(function)
            }
        }
        self.cells = cells
        self.palette = palette
        self.cellCodes = codes
    }

    /// A map from a palette and 64 valid codes into it (used by `ActivationMapBank`).
    init(palette bankPalette: [ActivationFunction], validatedCodes codes: some Collection<UInt8>) {
        self.init(validatedCells: codes.map { bankPalette[Int($0)] })
    }

    /// The cell a hash selects: row = (h >> 8) & 7, column = h & 7, cell = row · 8 + column.
    ///
    /// ```swift
    /// ActivationMap.cell(forHash: 0x0305)   // 29 (row 3, column 5)
    /// ```
    @inlinable
    public static func cell(forHash hash: UInt64) -> Int {
        Int(truncatingIfNeeded: ((hash >> 5) & 0x38) | (hash & 0x7))
    }

    /// The cell index of (row, column), or `nil` when either is outside 0…7.
    ///
    /// ```swift
    /// ActivationMap.cell(row: 3, column: 5)   // 29
    /// ```
    public static func cell(row: Int, column: Int) -> Int? {
        guard (0..<rowCount).contains(row), (0..<columnCount).contains(column) else { return nil }
        return row * columnCount + column
    }

    /// The cell (0…63) that `hash` selects. Deterministic; depends only on bits 0–2 (column)
    /// and 8–10 (row) of the hash.
    ///
    /// ```swift
    /// let cell = map.select(hash)
    /// ```
    public func select(_ hash: UInt64) -> Int {
        Self.cell(forHash: hash)
    }

    /// The function at (row, column), or `nil` when either is outside 0…7.
    ///
    /// ```swift
    /// map.function(atRow: 0, column: 7)
    /// ```
    public func function(atRow row: Int, column: Int) -> ActivationFunction? {
        guard let cell = Self.cell(row: row, column: column) else { return nil }
        return cells[cell]
    }

    /// The function of `cell` (0…63), or `nil` outside the grid.
    ///
    /// ```swift
    /// map.function(atCell: 29)
    /// ```
    public func function(atCell cell: Int) -> ActivationFunction? {
        guard cell >= 0, cell < Self.cellCount else { return nil }
        return cells[cell]
    }

    /// The function `hash` selects.
    ///
    /// ```swift
    /// let f = map.function(forHash: hash)
    /// ```
    public func function(forHash hash: UInt64) -> ActivationFunction {
        cells[Self.cell(forHash: hash)]
    }

    /// f(x) with f the function `hash` selects.
    ///
    /// ```swift
    /// let y = map.activate(0.5, hash: hash)
    /// ```
    public func activate(_ x: Float, hash: UInt64) -> Float {
        cells[Self.cell(forHash: hash)].apply(x)
    }

    /// f(x) with f the function `hash` selects, counting the selection in `hits`.
    ///
    /// ```swift
    /// let y = map.activate(0.5, hash: hash, recordingInto: &hits)
    /// ```
    public func activate(
        _ x: Float, hash: UInt64, recordingInto hits: inout ActivationHitCounts
    ) -> Float {
        let cell = Self.cell(forHash: hash)
        hits.record(cell)
        return cells[cell].apply(x)
    }

    /// f′(x) with f the function `hash` selects (for backpropagation).
    ///
    /// ```swift
    /// let slope = map.derivative(0.5, hash: hash)
    /// ```
    public func derivative(_ x: Float, hash: UInt64) -> Float {
        cells[Self.cell(forHash: hash)].derivative(x)
    }

    /// Whether all 64 cells hold the same function.
    ///
    /// ```swift
    /// ActivationMap(uniform: .relu).isUniform   // true
    /// ```
    public var isUniform: Bool { palette.count == 1 }

    /// How many cells hold each distinct function, in `palette` order.
    ///
    /// ```swift
    /// ActivationMap(uniform: .relu).cellCountsByFunction   // [64]
    /// ```
    public var cellCountsByFunction: [Int] {
        var counts = [Int](repeating: 0, count: palette.count)
        for code in cellCodes { counts[Int(code)] += 1 }
        return counts
    }
}

extension ActivationMap: CustomStringConvertible {
    /// The grid as text: 8 lines of 8 short names (≤ 4 characters), aligned in columns.
    ///
    /// ```swift
    /// print(ActivationLayout.checker(.relu, .tanh).map(forNeuron: 0, seed: 0).textGrid)
    /// // relu tanh relu tanh relu tanh relu tanh
    /// // tanh relu tanh relu tanh relu tanh relu
    /// // ...
    /// ```
    public var textGrid: String {
        var lines: [String] = []
        for row in 0..<Self.rowCount {
            var line = ""
            for column in 0..<Self.columnCount {
                let short = cells[row * Self.columnCount + column].shortName
                if column > 0 { line += " " }
                line += short
                if column < Self.columnCount - 1 {
                    line += String(repeating: " ", count: max(0, 4 - short.count))
                }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// Same as `textGrid`.
    ///
    /// ```swift
    /// print(map)
    /// ```
    public var description: String { textGrid }
}
