/// What can go wrong reading or writing a safetensors file; every message names the file.
///
/// ```swift
/// do { _ = try SafetensorsFile(path: "run/burst-100.safetensors") }
/// catch { print(error) }
/// // 'run/burst-100.safetensors' is not a valid safetensors file: tensor 'v' ends at data byte 4096 but …
/// ```
public enum SafetensorsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The operating system refused an operation (open, read, write, sync, rename; disk full).
    case file(FileError)
    /// The file is truncated, corrupt or not a safetensors file.
    case invalidFile(path: String, problem: SafetensorsFormatProblem)
    /// No tensor has this name.
    case tensorNotFound(path: String, name: String)
    /// The dtype has no ``Tensor`` equivalent; read it with `readBytes` or `readRaw`.
    case notTensorCompatible(path: String, name: String, dtype: SafetensorsDType)
    /// A caller's buffer does not have the tensor's byte size.
    case bufferSizeMismatch(path: String, name: String, expected: Int, got: Int)
    /// `__metadata__` cannot name a tensor.
    case reservedName(path: String)
    /// A tensor of this name was already added.
    case duplicateName(path: String, name: String)
    /// A shape with a negative dimension or a byte size that overflows.
    case invalidShape(path: String, name: String, shape: [Int])
    /// A byte source does not hold the bytes its shape and dtype need.
    case sourceSizeMismatch(path: String, name: String, expected: Int, got: Int)
    /// The header would exceed the 100 MB that readers accept (too many tensors or too much metadata).
    case headerTooLarge(path: String, length: Int, limit: Int)
    /// The writer was finished, cancelled or failed, or is busy writing.
    case writerClosed(path: String, state: String)
    /// A tensor's byte provider threw.
    case sourceFailed(path: String, name: String, message: String)

    public var description: String {
        switch self {
        case .file(let error):
            return error.description
        case .invalidFile(let path, let problem):
            return "'\(path)' is not a valid safetensors file: \(problem)"
        case .tensorNotFound(let path, let name):
            return "'\(path)' has no tensor named '\(name)'"
        case .notTensorCompatible(let path, let name, let dtype):
            return "tensor '\(name)' in '\(path)' is \(dtype.name), which a Tensor cannot hold (Tensor dtypes: F32, F64, I32, I64, U8); read its raw bytes instead"
        case .bufferSizeMismatch(let path, let name, let expected, let got):
            return "tensor '\(name)' in '\(path)' has \(expected) bytes but the buffer holds \(got)"
        case .reservedName(let path):
            return "'__metadata__' is reserved and cannot name a tensor (writing '\(path)')"
        case .duplicateName(let path, let name):
            return "tensor '\(name)' was already added (writing '\(path)'); names must be unique"
        case .invalidShape(let path, let name, let shape):
            return "tensor '\(name)' has invalid shape \(shape) (dimensions must be >= 0 and the byte size must fit in memory; writing '\(path)')"
        case .sourceSizeMismatch(let path, let name, let expected, let got):
            return "tensor '\(name)' needs \(expected) bytes for its shape and dtype but \(got) were given (writing '\(path)')"
        case .headerTooLarge(let path, let length, let limit):
            return "the header of '\(path)' would be \(length) bytes, over the \(limit)-byte limit readers accept; store fewer tensors or less metadata"
        case .writerClosed(let path, let state):
            return "the writer for '\(path)' is \(state); start a new SafetensorsWriter"
        case .sourceFailed(let path, let name, let message):
            return "the data source of tensor '\(name)' failed: \(message) ('\(path)' was not written)"
        }
    }
}
