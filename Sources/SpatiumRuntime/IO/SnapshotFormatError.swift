/// Why a safetensors file cannot be read as a Spatium snapshot of a supported format.
///
/// ```swift
/// print(SnapshotFormatError.newer(path: "s.safetensors", version: 2, supported: 1))
/// // 's.safetensors' was written by a newer Spatium (format 2, this build reads up to 1)
/// ```
public enum SnapshotFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No `spatium.format` in `__metadata__`: not a Spatium snapshot.
    case missing(path: String?)
    /// `spatium.format` is not a positive integer.
    case invalid(path: String?, value: String)
    /// The file's format is newer than this build reads.
    case newer(path: String?, version: Int, supported: Int)

    public var description: String {
        switch self {
        case .missing(let path):
            return "\(Self.subject(path)) is not a Spatium snapshot (no \"\(SnapshotFormat.metadataKey)\" in __metadata__)"
        case .invalid(let path, let value):
            return "\(Self.subject(path)) has an invalid \"\(SnapshotFormat.metadataKey)\" value \"\(value)\" (expected a positive integer)"
        case .newer(let path, let version, let supported):
            return "\(Self.subject(path)) was written by a newer Spatium (format \(version), this build reads up to \(supported))"
        }
    }

    private static func subject(_ path: String?) -> String {
        path.map { "'\($0)'" } ?? "the snapshot"
    }
}
