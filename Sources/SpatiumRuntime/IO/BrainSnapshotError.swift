/// Why a brain snapshot could not be written or read; every message names the file.
///
/// ```swift
/// do { _ = try BrainSnapshot.load(path: "run/state.safetensors") }
/// catch { print(error) }
/// // 'run/state.safetensors' is not a usable Spatium snapshot: tensor 'area/v1/membrane_potential'
/// // must be F32 [8, 8, 1, 1] (the area's shape), found F32 [64]
/// ```
public enum BrainSnapshotError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be written or read, or is not a valid safetensors file (truncated,
    /// overlapping or out-of-range offsets, a header over 100 MB, unknown dtypes, …).
    case file(SafetensorsError)
    /// No `spatium.format`, an invalid one, or a format newer than this build reads.
    case format(SnapshotFormatError)
    /// The caller's metadata uses a key the snapshot writes itself.
    case reservedMetadataKey(path: String, key: String)
    /// A required `__metadata__` entry is absent.
    case missingMetadata(path: String, key: String)
    /// A `__metadata__` entry cannot be read (`problem` says what was expected).
    case invalidMetadata(path: String, key: String, problem: String)
    /// A tensor the structure requires is absent.
    case missingTensor(path: String, name: String)
    /// A tensor that no part of the snapshot explains.
    case unexpectedTensor(path: String, name: String)
    /// A tensor with the wrong dtype or shape for the structure (`expected`, `found`: e.g. `F32 [8, 8, 1, 1]`).
    case wrongTensor(path: String, name: String, expected: String, found: String)
    /// A tensor's values are impossible (an index out of range, an unknown activation code, …).
    case invalidValue(path: String, name: String, problem: String)
    /// The stored structure (`spatium.structure`) is not a brain this build can build.
    case invalidStructure(path: String, message: String)
    /// The structure and the stored state disagree (areas, names, sizes).
    case structureMismatch(path: String, problem: String)

    public var description: String {
        switch self {
        case .file(let error):
            return error.description
        case .format(let error):
            return error.description
        case .reservedMetadataKey(let path, let key):
            return "metadata key \"\(key)\" is written by the snapshot itself and cannot be given (writing '\(path)'; reserved: \(BrainSnapshot.reservedMetadataKeys.sorted().joined(separator: ", ")))"
        case .missingMetadata(let path, let key):
            return "\(Self.subject(path)): __metadata__ has no \"\(key)\""
        case .invalidMetadata(let path, let key, let problem):
            return "\(Self.subject(path)): __metadata__[\"\(key)\"] \(problem)"
        case .missingTensor(let path, let name):
            return "\(Self.subject(path)): tensor '\(name)' is missing"
        case .unexpectedTensor(let path, let name):
            return "\(Self.subject(path)): tensor '\(name)' is not part of a Spatium snapshot (format \(SnapshotFormat.current))"
        case .wrongTensor(let path, let name, let expected, let found):
            return "\(Self.subject(path)): tensor '\(name)' must be \(expected), found \(found)"
        case .invalidValue(let path, let name, let problem):
            return "\(Self.subject(path)): tensor '\(name)': \(problem)"
        case .invalidStructure(let path, let message):
            return "\(Self.subject(path)): the stored structure (spatium.structure) cannot be built: \(message)"
        case .structureMismatch(let path, let problem):
            return "\(Self.subject(path)): the stored structure and state disagree: \(problem)"
        }
    }

    private static func subject(_ path: String) -> String {
        "'\(path)' is not a usable Spatium snapshot"
    }
}
