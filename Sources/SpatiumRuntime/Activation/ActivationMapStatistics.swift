#if canImport(Glibc)
import Glibc
#endif

/// What a map's hit counts say: how selections spread over the 64 cells and the functions.
///
/// ```swift
/// let stats = ActivationMapStatistics(hits: hits, map: map)
/// stats.deadCells          // cells never selected
/// stats.entropyBits        // 6 for a perfectly even spread, 0 for one cell (or no hits)
/// stats.functionHitShare["gelu"]
/// ```
public struct ActivationMapStatistics: Hashable, Sendable {
    /// The 64 counters, row-major.
    public let cellHits: [UInt64]
    /// The sum of all counters.
    public let totalHits: UInt64
    /// Cells (0…63, ascending) with no hits.
    public let deadCells: [Int]
    /// Shannon entropy of the hit distribution over the 64 cells, in bits (0…6); 0 when
    /// there are no hits.
    public let entropyBits: Double
    /// For each function of the map (by canonical name), its fraction of all hits; every
    /// function present is listed, with 0 when there are no hits.
    public let functionHitShare: [String: Double]
    /// For each function of the map (by canonical name), its number of hits.
    public let functionHits: [String: UInt64]
    /// For each function of the map (by canonical name), how many cells hold it.
    public let functionCellCounts: [String: Int]

    /// Statistics of `hits` gathered on `map`.
    ///
    /// ```swift
    /// let stats = ActivationMapStatistics(hits: hits, map: map)
    /// ```
    public init(hits: ActivationHitCounts, map: ActivationMap) {
        cellHits = hits.cells
        let total = hits.total
        totalHits = total
        deadCells = (0..<ActivationMap.cellCount).filter { hits[$0] == 0 }

        var entropy = 0.0
        if total > 0 {
            let totalValue = Double(total)
            for count in hits.cells where count > 0 {
                let probability = Double(count) / totalValue
                entropy -= probability * log2(probability)
            }
        }
        entropyBits = max(0, entropy)

        var hitsByName: [String: UInt64] = [:]
        var cellsByName: [String: Int] = [:]
        for cell in 0..<ActivationMap.cellCount {
            let name = map.cells[cell].name
            hitsByName[name, default: 0] &+= hits[cell]
            cellsByName[name, default: 0] += 1
        }
        functionHits = hitsByName
        functionCellCounts = cellsByName
        functionHitShare = hitsByName.mapValues { total > 0 ? Double($0) / Double(total) : 0 }
    }

    /// The entropy as a fraction of its maximum (log2 64 = 6 bits): 1 for an even spread.
    ///
    /// ```swift
    /// let evenness = stats.normalizedEntropy
    /// ```
    public var normalizedEntropy: Double { entropyBits / 6 }

    /// The largest per-cell count.
    ///
    /// ```swift
    /// let busiest = stats.maximumCellHits
    /// ```
    public var maximumCellHits: UInt64 { cellHits.max() ?? 0 }
}
