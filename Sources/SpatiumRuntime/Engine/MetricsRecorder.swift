#if canImport(Glibc)
import Glibc
#endif

/// Writes built-in per-area metrics to a CSV file while a brain runs: after every burst whose
/// number is a multiple of ``every``, one row per area, metric and index.
///
/// The file is in **long format**, one value per row, with the header
/// `burst,area,metric,index,value`:
///
/// ```text
/// burst,area,metric,index,value
/// 10,retina,spikes,0,16
/// 10,retina,rate_by_x,0,1.0
/// 10,retina,rate_by_x,1,0.25
/// 10,v1,mean_potential,0,0.75
/// ```
///
/// - `burst`: the burst number (counted from 1, as ``BurstEngine/burst``);
/// - `area`: the area's name; areas in brain order (every area, or the chosen ones);
/// - `metric`: a ``BurstMetric`` name, in the order given;
/// - `index`: the position within the metric (x column for `rate_by_x`, cell for
///   `activation_hits`, 0 for single-valued metrics);
/// - `value`: integers exactly, rates and potentials as the shortest text that reads back to
///   the same double (`nan` where undefined).
///
/// pandas: `pd.read_csv(path).pivot_table(index=["burst", "area", "index"], columns="metric", values="value")`.
///
/// The recorder records while it lives and is not stopped; ``stop()`` (or dropping the last
/// reference) removes it from the engine and closes the file. Rows are buffered and made visible
/// at least once a second (``flushInterval``) and at ``flush()`` / ``stop()``. An error writing
/// the file (disk full) stops the burst that triggered it.
///
/// ```swift
/// let recorder = try MetricsRecorder(brain: brain, path: "run/metrics.csv",
///                                    metrics: [.spikes, .rateBy(.x)], every: 10)
/// try brain.run(bursts: 1000)
/// try recorder.stop()
/// ```
public final class MetricsRecorder {
    /// The columns of the file.
    public static let columns = ["burst", "area", "metric", "index", "value"]

    /// The CSV file.
    public let path: String
    /// Metrics written for each area, in column order of the rows.
    public let metrics: [BurstMetric]
    /// Bursts whose number is a multiple of `every` are recorded.
    public let every: Int
    /// The areas recorded (nil: every area of the brain when the burst is recorded).
    public let areaNames: [String]?
    /// Seconds between automatic flushes while recording (default 1).
    public var flushInterval: Double = 1
    /// Whether the recorder is still attached to the engine.
    public var isRecording: Bool { observerID != nil }
    /// Rows written so far (excluding the header).
    public var rowCount: Int { writer.rowCount }

    private weak var engine: BurstEngine?
    private let writer: CSVWriter
    private var observerID: Int?
    private var lastFlush: Double
    private var row: [CSVValue] = [0, "", "", 0, 0]

    /// Creates `path` (or appends to it with `mode: .append`, which needs the same header) and
    /// attaches the recorder to `brain`'s engine.
    ///
    /// - Throws: ``MetricsRecorderError`` for no or repeated metrics, an unknown area, `every`
    ///   below 1, or a file that cannot be created.
    public init(brain: Brain, path: String, metrics: [BurstMetric], every: Int = 1, areas: [String]? = nil,
                mode: CSVWriter.Mode = .create) throws(MetricsRecorderError) {
        guard !metrics.isEmpty else { throw .noMetrics }
        var seen: Set<BurstMetric> = []
        for metric in metrics where !seen.insert(metric).inserted { throw .repeated(what: "metric", name: metric.name) }
        guard every >= 1 else { throw .invalidInterval(every) }
        if let areas {
            var seenAreas: Set<String> = []
            for name in areas {
                guard brain.area(named: name) != nil else { throw .unknownArea(name, valid: brain.areas.map(\.name)) }
                guard seenAreas.insert(name).inserted else { throw .repeated(what: "area", name: name) }
            }
        }
        self.path = path
        self.metrics = metrics
        self.every = every
        self.areaNames = areas
        do { writer = try CSVWriter(path: path, columns: MetricsRecorder.columns, mode: mode) } catch { throw .csv(error) }
        lastFlush = MetricsRecorder.now()
        let engine = brain.engine
        self.engine = engine
        observerID = engine.addObserver { [weak self] engine in
            guard let self, engine.burst % UInt64(self.every) == 0 else { return }
            try self.record(engine)
        }
    }

    deinit {
        if let observerID { engine?.removeObserver(observerID) }
        try? writer.close()
    }

    /// Writes the rows of the engine's last burst now (whatever its number); returns how many.
    ///
    /// ```swift
    /// try recorder.record(brain.engine)      // e.g. the state at burst 0, before running
    /// ```
    @discardableResult
    public func record(_ engine: BurstEngine) throws(MetricsRecorderError) -> Int {
        let before = writer.rowCount
        row[0] = .integer(Int64(truncatingIfNeeded: engine.burst))
        do throws(CSVError) {
            if let areaNames {
                for name in areaNames {
                    if let area = engine.brain.area(named: name) { try write(area, engine) }
                }
            } else {
                for area in engine.brain.areas { try write(area, engine) }
            }
            let time = MetricsRecorder.now()
            if time - lastFlush >= flushInterval {
                lastFlush = time
                try writer.flush()
            }
        } catch {
            throw .csv(error)
        }
        return writer.rowCount - before
    }

    /// Makes the rows so far visible to readers of the file.
    public func flush() throws(MetricsRecorderError) {
        do { try writer.flush() } catch { throw .csv(error) }
        lastFlush = MetricsRecorder.now()
    }

    /// Detaches from the engine and closes the file (flushed and synced). Calling it again
    /// does nothing.
    public func stop() throws(MetricsRecorderError) {
        if let observerID { engine?.removeObserver(observerID) }
        observerID = nil
        do { try writer.close() } catch { throw .csv(error) }
    }

    // MARK: Private

    private func write(_ area: CorticalArea, _ engine: BurstEngine) throws(CSVError) {
        row[1] = .string(area.name)
        for metric in metrics {
            let values = metric.measure(area, in: engine)
            row[2] = .string(metric.name)
            for (index, value) in values.enumerated() {
                row[3] = .integer(Int64(index))
                row[4] = value
                try writer.row(row)
            }
        }
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}
