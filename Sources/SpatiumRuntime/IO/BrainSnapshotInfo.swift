/// What a snapshot holds, read from its header alone (no tensor data is read).
///
/// ```swift
/// let info = try BrainSnapshot.info(path: "run/state.safetensors")
/// info.metadata["spatium.burst"]                 // "1000"
/// info.metadata["experiment"]                    // the caller's own metadata
/// for tensor in info.tensors { print(tensor.name, tensor.dtype.name, tensor.shape) }
/// ```
public struct BrainSnapshotInfo: Sendable {
    /// The file's path, as given.
    public let path: String
    /// Size of the file in bytes.
    public let fileSize: Int
    /// The snapshot format version (`spatium.format`).
    public let formatVersion: Int
    /// `__metadata__`: Spatium's `spatium.*` entries and the caller's own.
    public let metadata: [String: String]
    /// Every tensor in data order: name, dtype, shape and position.
    public let tensors: [SafetensorsTensorInfo]
}
