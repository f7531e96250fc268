/// A per-area quantity that ``MetricsRecorder`` writes after a burst. Each metric gives one or
/// more values per area, numbered by an *index* (0 for single-valued metrics):
///
/// | name | index | value |
/// |---|---|---|
/// | `spikes` | 0 | neurons of the area that fired in this burst (integer) |
/// | `mean_potential` | 0 | mean membrane potential over the area's neurons after the burst (fired neurons are already reset); `nan` for an area without neurons |
/// | `rate_by_x` (`_y`, `_z`) | column c along the axis | spikes of column c in this burst ÷ neurons per column: the fraction of the column that fired (0…1; the one-burst value of `area:rate_by{axis = "x"}`) |
/// | `spikes_by_x` (`_y`, `_z`) | column c along the axis | spikes of column c in this burst (integer) |
/// | `activation_hits` | cell 0…63 (row · 8 + column) | how often the cell of the area's activation maps was chosen since the counters were last reset: cumulative, not per burst (integer); no rows for areas without activation maps |
/// | `saturations` | 0 | for an area in a Q format, neurons whose raw potential sits at the format's minimum or maximum; 0 for float areas (integer) |
///
/// A column at coordinate c along x is every neuron whose voxel has x = c (see
/// ``BurstEngine/columnRates(in:along:bursts:)``).
///
/// ```swift
/// let metric = try BurstMetric(named: "rate_by_x")          // .rateBy(.x)
/// let values = metric.measure(v1, in: brain.engine)          // one per x column
/// ```
public enum BurstMetric: Hashable, Sendable, CustomStringConvertible {
    /// Neurons that fired in the burst.
    case spikes
    /// Mean membrane potential after the burst.
    case meanPotential
    /// Fraction of each column along an axis that fired in the burst.
    case rateBy(GridAxis)
    /// Spikes of each column along an axis in the burst.
    case spikesBy(GridAxis)
    /// The 64 cumulative activation-map cell counters.
    case activationHits
    /// Neurons of a fixed-point area whose raw potential is at the format's minimum or maximum.
    case saturations

    /// Every metric, in the order of ``names``.
    public static let all: [BurstMetric] = [.spikes, .meanPotential]
        + GridAxis.allCases.map { .rateBy($0) } + GridAxis.allCases.map { .spikesBy($0) }
        + [.activationHits, .saturations]

    /// Every metric name, for messages and documentation.
    public static var names: [String] { all.map(\.name) }

    /// The metric called `name` (`"spikes"`, `"rate_by_x"`, …).
    ///
    /// - Throws: ``MetricsRecorderError/unknownMetric(_:valid:)`` listing the valid names.
    public init(named name: String) throws(MetricsRecorderError) {
        guard let metric = BurstMetric.all.first(where: { $0.name == name }) else {
            throw .unknownMetric(name, valid: BurstMetric.names)
        }
        self = metric
    }

    /// The name used in the CSV file's `metric` column.
    public var name: String {
        switch self {
        case .spikes: "spikes"
        case .meanPotential: "mean_potential"
        case .rateBy(let axis): "rate_by_\(axis.rawValue)"
        case .spikesBy(let axis): "spikes_by_\(axis.rawValue)"
        case .activationHits: "activation_hits"
        case .saturations: "saturations"
        }
    }

    public var description: String { name }

    /// The metric's values for `area` after the engine's last burst, by index (see the table
    /// above); empty for `activation_hits` of an area without activation maps.
    ///
    /// ```swift
    /// BurstMetric.spikes.measure(v1, in: brain.engine)      // [.integer(3)]
    /// ```
    public func measure(_ area: CorticalArea, in engine: BurstEngine) -> [CSVValue] {
        switch self {
        case .spikes:
            return [.integer(Int64(engine.fired.positions(in: area.globalRange).count))]
        case .meanPotential:
            return [.double(BurstMetric.meanPotential(of: area))]
        case .rateBy(let axis):
            let counts = BurstMetric.columnSpikes(of: area, along: axis, in: engine)
            let perColumn = Double(engine.neuronsPerColumn(of: area, along: axis))
            return counts.map { .double(perColumn > 0 ? Double($0) / perColumn : 0) }
        case .spikesBy(let axis):
            return BurstMetric.columnSpikes(of: area, along: axis, in: engine).map { .integer(Int64($0)) }
        case .activationHits:
            guard let activation = engine.activation(of: area) else { return [] }
            return activation.hits.cells.map { .integer(Int64(truncatingIfNeeded: $0)) }
        case .saturations:
            guard let state = engine.fixedPointState(of: area) else { return [.integer(0)] }
            let low = state.format.minRaw, high = state.format.maxRaw
            var count: Int64 = 0
            for raw in state.potential where raw <= low || raw >= high { count += 1 }
            return [.integer(count)]
        }
    }

    /// Mean of the area's potentials, summed in neuron order in double precision.
    static func meanPotential(of area: CorticalArea) -> Double {
        guard area.count > 0 else { return .nan }
        var sum = 0.0
        area.membranePotential.withUnsafeBufferPointer { potentials in
            for value in potentials { sum += Double(value) }
        }
        return sum / Double(area.count)
    }

    /// Spikes of the last burst per column of `area` along `axis`.
    static func columnSpikes(of area: CorticalArea, along axis: GridAxis, in engine: BurstEngine) -> [Int] {
        let columns: Int
        switch axis {
        case .x: columns = area.width
        case .y: columns = area.height
        case .z: columns = area.depth
        }
        var counts = [Int](repeating: 0, count: columns)
        let npv = area.neuronsPerVoxel
        guard npv > 0 else { return counts }
        let perX = area.height * area.depth * npv, perY = area.depth * npv
        for position in engine.fired.positions(in: area.globalRange) {
            let local = Int(engine.fired.indices[position]) - area.base
            switch axis {
            case .x: counts[local / perX] += 1
            case .y: counts[local / perY % area.height] += 1
            case .z: counts[local / npv % area.depth] += 1
            }
        }
        return counts
    }
}
