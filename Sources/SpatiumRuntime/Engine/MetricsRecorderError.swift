/// What can go wrong setting up or running a ``MetricsRecorder``.
///
/// ```swift
/// do { _ = try BurstMetric(named: "rates") }
/// catch { print(error) }   // unknown metric 'rates' (valid: spikes, mean_potential, …)
/// ```
public enum MetricsRecorderError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A metric name that does not exist.
    case unknownMetric(String, valid: [String])
    /// An area name the brain does not have.
    case unknownArea(String, valid: [String])
    /// A metric or area given more than once.
    case repeated(what: String, name: String)
    /// No metric to record.
    case noMetrics
    /// `every` below 1.
    case invalidInterval(Int)
    /// Writing the CSV file failed.
    case csv(CSVError)

    public var description: String {
        switch self {
        case .unknownMetric(let name, let valid):
            return "unknown metric '\(name)' (valid: \(valid.joined(separator: ", ")))"
        case .unknownArea(let name, let valid):
            return "no area named '\(name)' (areas: \(valid.isEmpty ? "none" : valid.joined(separator: ", ")))"
        case .repeated(let what, let name):
            return "\(what) '\(name)' is listed more than once"
        case .noMetrics:
            return "no metrics to record (valid: \(BurstMetric.names.joined(separator: ", ")))"
        case .invalidInterval(let every):
            return "every must be >= 1, got \(every)"
        case .csv(let error):
            return error.description
        }
    }
}
