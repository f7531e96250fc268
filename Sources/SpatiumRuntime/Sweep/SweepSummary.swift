#if canImport(Glibc)
import Glibc
#endif

/// `summary.csv` of a sweep: one row per point of the grid, in grid order, rebuilt from the
/// points' `manifest.json` files — so shards that write into one directory merge by
/// construction, and a resumed sweep's summary covers the points of earlier runs.
///
/// Columns: `point` (the directory name), one per grid key, `status` (`ok`, `failed`,
/// `timeout`, or `pending` when the point has no manifest yet), `seconds` (the run's duration),
/// one column per key the scripts returned (sorted; empty where a point has no such result),
/// and `error` (the first line of the error message).
///
/// ```swift
/// let summary = SweepSummary(grid: grid, directory: "/runs/sweep")
/// summary.rows.filter { $0.status != "ok" }.map(\.point.directoryName)
/// try summary.write()          // /runs/sweep/summary.csv, atomically
/// ```
public struct SweepSummary: Sendable {
    /// The file name in the sweep directory.
    public static let fileName = "summary.csv"

    /// One point's line.
    public struct Row: Sendable {
        public var point: SweepPoint
        /// `ok`, `failed`, `timeout` or `pending`.
        public var status: String
        /// Duration of the point's run, when it ran.
        public var seconds: Double?
        /// What the script returned.
        public var results: JSONObject
        /// The first line of the error of a failed point (or why its manifest cannot be read).
        public var error: String?
    }

    /// The sweep's directory.
    public var directory: String
    /// The grid keys (columns after `point`).
    public var keys: [String]
    /// One row per point, in grid order.
    public var rows: [Row]

    /// Reads the manifest of every point of `grid` under `directory`.
    public init(grid: SweepGrid, directory: String) {
        self.directory = directory
        keys = grid.keys
        rows = grid.points.map { SweepSummary.row(for: $0, in: directory) }
    }

    /// The row of one point from `directory/<point>/manifest.json`.
    public static func row(for point: SweepPoint, in directory: String) -> Row {
        let path = directory + "/" + point.directoryName + "/" + RunManifest.fileName
        guard access(path, F_OK) == 0 else { return Row(point: point, status: "pending", seconds: nil, results: JSONObject(), error: nil) }
        let manifest: JSONValue
        do { manifest = try JSONValue.parse(bytes: try FileContents.read(path)) } catch {
            return Row(point: point, status: "failed", seconds: nil, results: JSONObject(),
                       error: "cannot read \(path): \(error)")
        }
        let exitStatus = manifest["exit_status"]?.intValue
        var status = manifest["status"]?.stringValue ?? (exitStatus == 0 ? "ok" : "failed")
        if !["ok", "failed", "timeout"].contains(status) { status = "failed" }
        let message = manifest["error"]?.stringValue.map { String($0.prefix { $0 != "\n" }) }
        return Row(point: point, status: status, seconds: manifest["duration_seconds"]?.doubleValue,
                   results: manifest["results"]?.objectValue ?? JSONObject(), error: message)
    }

    /// Whether the point's manifest says it succeeded (what `--resume` skips).
    public static func succeeded(_ point: SweepPoint, in directory: String) -> Bool {
        row(for: point, in: directory).status == "ok"
    }

    /// The result keys of every row, sorted.
    public var resultKeys: [String] {
        Set(rows.flatMap { $0.results.keys }).sorted()
    }

    /// Counts per status.
    public func count(_ status: String) -> Int { rows.count { $0.status == status } }

    /// The CSV text (header and one line per point, LF line ends).
    public var csv: String {
        let resultKeys = self.resultKeys
        var bytes: [UInt8] = []
        func line(_ fields: [CSVValue]) {
            for (i, field) in fields.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                CSVValue.append(field, to: &bytes)
            }
            bytes.append(0x0A)
        }
        line((["point"] + keys + ["status", "seconds"] + resultKeys + ["error"]).map { .string($0) })
        for row in rows {
            var fields: [CSVValue] = [.string(row.point.directoryName)]
            fields += row.point.assignments.map { .string($0.value) }
            fields.append(.string(row.status))
            fields.append(row.seconds.map { .double($0) } ?? .empty)
            for key in resultKeys { fields.append(SweepSummary.field(row.results[key])) }
            fields.append(row.error.map { .string($0) } ?? .empty)
            line(fields)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A result value as a CSV field.
    static func field(_ value: JSONValue?) -> CSVValue {
        switch value {
        case .integer(let number)?: return .integer(number)
        case .number(let number)?: return .double(number)
        case .bool(let flag)?: return .bool(flag)
        case .string(let text)?: return .string(text)
        case nil, .null?: return .empty
        case let other?: return .string(other.encoded())
        }
    }

    /// Writes `summary.csv` into ``directory`` atomically; returns its path.
    @discardableResult
    public func write() throws(FileError) -> String {
        let path = directory + "/" + SweepSummary.fileName
        try AtomicFile.write(path: path, string: csv)
        return path
    }
}
