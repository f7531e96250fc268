#if canImport(Glibc)
import Glibc
#endif

/// Draws an activation map as a standalone SVG picture (DESIGN.md §3's "activation grid
/// display"): an 8×8 grid, one colour per function kind, opacity growing with the cell's hits
/// on a log scale relative to the busiest cell, dead cells (0 hits) grey, each cell labelled
/// with the function's short name and its hit count, rows and columns numbered 0–7, and a
/// legend of the functions present.
///
/// ```swift
/// let svg = ActivationMapSVG(title: "v1 neuron 0").render(map, hits: hits)
/// // write `svg` to a .svg file and open it in a browser
/// ```
public struct ActivationMapSVG: Sendable {
    /// Fill of a cell that was never selected (when hits are given).
    public static let deadCellColor = "#bdbdbd"

    /// Side of one cell in pixels (at least 24).
    public var cellSize: Int
    /// Optional heading above the grid.
    public var title: String?

    /// A renderer with the given cell size (values below 24 are raised to 24) and title.
    ///
    /// ```swift
    /// let renderer = ActivationMapSVG(cellSize: 48)
    /// ```
    public init(cellSize: Int = 64, title: String? = nil) {
        self.cellSize = max(24, cellSize)
        self.title = title
    }

    /// The fixed colour of a function kind (parameters do not change the colour).
    ///
    /// ```swift
    /// ActivationMapSVG.color(for: .relu)   // "#1f77b4"
    /// ```
    public static func color(for function: ActivationFunction) -> String {
        kindColors[function.kindIndex]
    }

    /// One colour per entry of `ActivationFunction.allNames`.
    static let kindColors = [
        "#1f77b4", "#17becf", "#2ca02c", "#bcbd22", "#ff7f0e", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#393b79", "#637939", "#e7ba52", "#6b6ecf",
    ]

    /// The picture of `map`; with `hits`, cells are shaded by hits and dead cells are grey.
    ///
    /// ```swift
    /// let svg = ActivationMapSVG().render(map, hits: hits)
    /// ```
    public func render(_ map: ActivationMap, hits: ActivationHitCounts? = nil) -> String {
        let size = max(24, cellSize)
        let margin = 28
        let titleHeight = title == nil ? 0 : 28
        let gridLeft = margin
        let gridTop = margin + titleHeight
        let gridSide = size * ActivationMap.columnCount
        let legendLeft = gridLeft + gridSide + 24
        let legendRowHeight = 22

        var legend: [(color: String, label: String)] = []
        for function in map.palette {
            legend.append((Self.color(for: function), function.name))
        }
        let maximumHits = hits.map { $0.cells.max() ?? 0 } ?? 0
        let hasDeadCells = hits.map { $0.cells.contains(0) } ?? false
        if hasDeadCells { legend.append((Self.deadCellColor, "dead (0 hits)")) }

        let width = legendLeft + 210
        let height = max(gridTop + gridSide + 16, gridTop + legend.count * legendRowHeight + 40)
        let nameFont = max(9, size / 5)
        let countFont = max(8, size / 6)

        var svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\""
            + " viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\">\n"
        svg += "  <rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"
        if let title {
            svg += "  <text class=\"title\" x=\"\(gridLeft)\" y=\"\(margin)\" font-size=\"16\""
                + " font-weight=\"bold\">\(Self.escaped(title))</text>\n"
        }

        // Row and column numbers.
        for index in 0..<ActivationMap.rowCount {
            let center = index * size + size / 2
            svg += "  <text class=\"axis-label\" x=\"\(gridLeft + center)\" y=\"\(gridTop - 8)\""
                + " font-size=\"12\" text-anchor=\"middle\">\(index)</text>\n"
            svg += "  <text class=\"axis-label\" x=\"\(gridLeft - 8)\" y=\"\(gridTop + center + 4)\""
                + " font-size=\"12\" text-anchor=\"end\">\(index)</text>\n"
        }

        // Cells.
        for row in 0..<ActivationMap.rowCount {
            for column in 0..<ActivationMap.columnCount {
                let cell = row * ActivationMap.columnCount + column
                let function = map.cells[cell]
                let cellHits = hits?[cell]
                let isDead = cellHits == 0
                let fill = isDead ? Self.deadCellColor : Self.color(for: function)
                let opacity = Self.opacity(hits: cellHits, maximum: maximumHits)
                let textColor = isDead ? "#000000" : Self.textColor(on: fill, opacity: opacity)
                let x = gridLeft + column * size
                let y = gridTop + row * size
                var tooltip = "row \(row), column \(column): \(function.name)"
                if let cellHits { tooltip += ", \(cellHits) hits" }
                svg += "  <g class=\"cell-group\">\n"
                svg += "    <rect class=\"\(isDead ? "cell dead" : "cell")\" data-row=\"\(row)\""
                    + " data-column=\"\(column)\" x=\"\(x)\" y=\"\(y)\" width=\"\(size)\""
                    + " height=\"\(size)\" fill=\"\(fill)\" fill-opacity=\"\(Self.decimal(opacity))\""
                    + " stroke=\"#ffffff\" stroke-width=\"1\"><title>\(Self.escaped(tooltip))</title></rect>\n"
                let nameBaseline = cellHits == nil ? y + size / 2 + nameFont / 3 : y + size / 2 - 2
                svg += "    <text class=\"cell-name\" x=\"\(x + size / 2)\" y=\"\(nameBaseline)\""
                    + " font-size=\"\(nameFont)\" text-anchor=\"middle\" fill=\"\(textColor)\">"
                    + "\(Self.escaped(function.shortName))</text>\n"
                if let cellHits {
                    svg += "    <text class=\"cell-hits\" x=\"\(x + size / 2)\""
                        + " y=\"\(y + size / 2 + countFont + 2)\" font-size=\"\(countFont)\""
                        + " text-anchor=\"middle\" fill=\"\(textColor)\">\(cellHits)</text>\n"
                }
                svg += "  </g>\n"
            }
        }

        // Legend.
        svg += "  <text class=\"legend-title\" x=\"\(legendLeft)\" y=\"\(gridTop + 12)\""
            + " font-size=\"13\" font-weight=\"bold\">functions</text>\n"
        for (index, entry) in legend.enumerated() {
            let y = gridTop + 24 + index * legendRowHeight
            svg += "  <g class=\"legend-entry\">"
            svg += "<rect x=\"\(legendLeft)\" y=\"\(y)\" width=\"14\" height=\"14\" fill=\"\(entry.color)\"/>"
            svg += "<text x=\"\(legendLeft + 20)\" y=\"\(y + 12)\" font-size=\"12\">"
                + "\(Self.escaped(entry.label))</text></g>\n"
        }
        if hits != nil {
            let y = gridTop + 24 + legend.count * legendRowHeight + 6
            svg += "  <text class=\"legend-note\" x=\"\(legendLeft)\" y=\"\(y)\" font-size=\"11\""
                + " fill=\"#555555\">opacity: log(1 + hits), max \(maximumHits)</text>\n"
        }
        svg += "</svg>\n"
        return svg
    }

    /// 1 without hits; otherwise 0.25…1 growing with log(1 + hits) relative to the maximum.
    static func opacity(hits: UInt64?, maximum: UInt64) -> Double {
        guard let hits, maximum > 0 else { return 1 }
        if hits == 0 { return 1 }
        return 0.25 + 0.75 * log1p(Double(hits)) / log1p(Double(maximum))
    }

    /// Black or white, whichever reads better on `color` blended with white at `opacity`.
    static func textColor(on color: String, opacity: Double) -> String {
        let digits = Array(color.utf8.dropFirst())
        func channel(_ start: Int) -> Double {
            func nibble(_ byte: UInt8) -> Int {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
                default: 0
                }
            }
            guard digits.count >= start + 2 else { return 255 }
            let value = Double(nibble(digits[start]) * 16 + nibble(digits[start + 1]))
            return opacity * value + (1 - opacity) * 255
        }
        let luminance = 0.299 * channel(0) + 0.587 * channel(2) + 0.114 * channel(4)
        return luminance < 150 ? "#ffffff" : "#000000"
    }

    /// `value` in [0, 1] with three decimals ("0.25", "1").
    static func decimal(_ value: Double) -> String {
        let thousandths = Int((min(max(value, 0), 1) * 1000).rounded())
        if thousandths == 1000 { return "1" }
        var fraction = String(thousandths)
        while fraction.count < 3 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? "0" : "0." + fraction
    }

    /// Text safe inside XML elements and attributes.
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }
}

extension ActivationMap {
    /// The map as a standalone SVG picture; see `ActivationMapSVG`.
    ///
    /// ```swift
    /// let picture = map.svg(hits: hits)
    /// ```
    public func svg(hits: ActivationHitCounts? = nil, title: String? = nil) -> String {
        ActivationMapSVG(title: title).render(self, hits: hits)
    }
}
