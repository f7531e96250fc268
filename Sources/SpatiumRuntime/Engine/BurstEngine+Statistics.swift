/// One axis of an area's voxel grid.
///
/// ```swift
/// let axis = GridAxis(rawValue: "x")!       // .x
/// ```
public enum GridAxis: String, CaseIterable, Sendable {
    /// Along the width (the slowest axis in neuron order).
    case x
    /// Along the height.
    case y
    /// Along the depth.
    case z
}

/// Spike statistics since the last ``resetSpikeCounts()``: per neuron, per area, and per
/// column of voxels along an axis (for gradient sweeps: the firing rate as a function of x).
///
/// A **column** at coordinate c along x is every neuron whose voxel has x = c (H·D·npv neurons;
/// along y: W·D·npv; along z: W·H·npv). Its rate is
/// `spikes in the column / (bursts × neurons in the column)`: the mean number of spikes per
/// neuron per burst, between 0 and 1.
///
/// ```swift
/// brain.engine.resetSpikeCounts()
/// try brain.run(bursts: 100)
/// let (rates, counts) = brain.engine.columnRates(in: v1, along: .x, bursts: 100)
/// ```
extension BurstEngine {
    /// Spikes of each of `area`'s neurons since the last reset (local order; zeros before the
    /// first burst).
    ///
    /// ```swift
    /// brain.engine.spikeCounts(in: v1)[0]
    /// ```
    public func spikeCounts(in area: CorticalArea) -> [UInt32] {
        let range = area.globalRange
        guard range.upperBound <= spikeCounts.count else {
            // Not yet prepared for this area (no burst since it was added): nothing fired.
            var counts = [UInt32](repeating: 0, count: area.count)
            for i in range where i < spikeCounts.count { counts[i - range.lowerBound] = spikeCounts[i] }
            return counts
        }
        return Array(spikeCounts[range])
    }

    /// Total spikes of `area` since the last reset.
    ///
    /// ```swift
    /// brain.engine.spikeCount(in: v1)
    /// ```
    public func spikeCount(in area: CorticalArea) -> UInt64 {
        var total: UInt64 = 0
        for i in area.globalRange where i < spikeCounts.count { total &+= UInt64(spikeCounts[i]) }
        return total
    }

    /// Neurons in one column of `area` along `axis` (H·D·npv for x, W·D·npv for y, W·H·npv for z).
    ///
    /// ```swift
    /// brain.engine.neuronsPerColumn(of: v1, along: .x)
    /// ```
    public func neuronsPerColumn(of area: CorticalArea, along axis: GridAxis) -> Int {
        switch axis {
        case .x: area.height * area.depth * area.neuronsPerVoxel
        case .y: area.width * area.depth * area.neuronsPerVoxel
        case .z: area.width * area.height * area.neuronsPerVoxel
        }
    }

    /// Spikes since the last reset summed per column along `axis` (W, H or D values).
    ///
    /// ```swift
    /// brain.engine.columnSpikeCounts(in: v1, along: .x)     // [UInt64], one per x
    /// ```
    public func columnSpikeCounts(in area: CorticalArea, along axis: GridAxis) -> [UInt64] {
        let columns: Int
        switch axis {
        case .x: columns = area.width
        case .y: columns = area.height
        case .z: columns = area.depth
        }
        var totals = [UInt64](repeating: 0, count: columns)
        let counts = spikeCounts(in: area)
        let npv = area.neuronsPerVoxel
        guard npv > 0 else { return totals }
        var local = 0
        for x in 0..<area.width {
            for y in 0..<area.height {
                for z in 0..<area.depth {
                    var voxelTotal: UInt64 = 0
                    for _ in 0..<npv {
                        voxelTotal &+= UInt64(counts[local])
                        local += 1
                    }
                    switch axis {
                    case .x: totals[x] &+= voxelTotal
                    case .y: totals[y] &+= voxelTotal
                    case .z: totals[z] &+= voxelTotal
                    }
                }
            }
        }
        return totals
    }

    /// Firing rate per column along `axis` over `bursts` bursts (normally the bursts since the
    /// last reset): `spikes / (bursts × neurons per column)`, 0 when `bursts` is 0 or the area
    /// has no neurons; with the raw counts.
    ///
    /// ```swift
    /// let (rates, counts) = brain.engine.columnRates(in: v1, along: .x, bursts: 1000)
    /// ```
    public func columnRates(in area: CorticalArea, along axis: GridAxis,
                            bursts: UInt64) -> (rates: [Double], counts: [UInt64]) {
        let counts = columnSpikeCounts(in: area, along: axis)
        let denominator = Double(bursts) * Double(neuronsPerColumn(of: area, along: axis))
        let rates = counts.map { denominator > 0 ? Double($0) / denominator : 0 }
        return (rates, counts)
    }
}
