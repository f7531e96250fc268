/// The version rule for Spatium snapshots: every snapshot stores its format version in
/// `__metadata__["spatium.format"]`; a build reads every version up to ``current`` and
/// refuses newer ones (and files that are not Spatium snapshots) with a clear message.
///
/// ```swift
/// var metadata: [String: String] = [:]
/// SnapshotFormat.stamp(&metadata)                    // metadata["spatium.format"] == "1"
/// let file = try SafetensorsFile(path: "burst-100.safetensors")
/// let version = try SnapshotFormat.check(file)       // 1, or an error for a newer format
/// ```
public enum SnapshotFormat {
    /// The format this build writes, and the newest it reads.
    public static let current = 1
    /// The `__metadata__` key holding the format version.
    public static let metadataKey = "spatium.format"

    /// Records ``current`` in `metadata`.
    public static func stamp(_ metadata: inout [String: String]) {
        metadata[metadataKey] = String(current)
    }

    /// The format version in `metadata`, if this build can read it. `path` only names the
    /// file in messages.
    public static func version(of metadata: [String: String], path: String? = nil) throws(SnapshotFormatError) -> Int {
        guard let text = metadata[metadataKey] else { throw .missing(path: path) }
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let version = Int(text), version >= 1 else {
            throw .invalid(path: path, value: text)
        }
        guard version <= current else { throw .newer(path: path, version: version, supported: current) }
        return version
    }

    /// The format version of an open snapshot, if this build can read it.
    public static func check(_ file: SafetensorsFile) throws(SnapshotFormatError) -> Int {
        try version(of: file.metadata, path: file.path)
    }
}
