/// What is wrong with a file that is not a valid safetensors file; ``SafetensorsError``
/// pairs it with the file's path.
///
/// ```swift
/// catch SafetensorsError.invalidFile(let path, .trailingData(let bytes, _)) { … }
/// ```
public enum SafetensorsFormatProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file cannot even hold the 8-byte header length.
    case fileTooShort(size: Int)
    /// The header length field exceeds the 100 MB cap.
    case headerTooLarge(length: UInt64, limit: Int)
    /// The header length field points past the end of the file.
    case headerBeyondFile(length: UInt64, fileSize: Int)
    /// The header is not valid JSON.
    case headerNotJSON(JSONError)
    /// The header is JSON but not an object (`found` says what it starts with).
    case headerNotObject(found: String)
    /// A tensor entry is not an object.
    case entryNotObject(tensor: String, found: String)
    /// A tensor entry lacks `dtype`, `shape` or `data_offsets`.
    case missingField(tensor: String, field: String)
    /// A tensor entry has a key other than `dtype`, `shape`, `data_offsets`.
    case unexpectedField(tensor: String, field: String)
    /// A field has the wrong JSON type or value (`expected` describes the right one).
    case wrongFieldType(tensor: String, field: String, expected: String, found: String)
    /// The dtype name is not one of ``SafetensorsDType``'s.
    case unknownDType(tensor: String, dtype: String)
    /// The shape's byte size overflows.
    case shapeTooLarge(tensor: String, shape: [Int])
    /// The shape and dtype need `expected` bytes but the offsets span `span`.
    case sizeMismatch(tensor: String, dtype: SafetensorsDType, shape: [Int], expected: Int, span: Int)
    /// `data_offsets` has its end before its begin.
    case offsetsReversed(tensor: String, begin: Int, end: Int)
    /// The tensor ends past the data section (the file is truncated or the offsets are wrong).
    case offsetsBeyondData(tensor: String, end: Int, dataSize: Int)
    /// The tensor starts inside the bytes of `other`.
    case overlap(tensor: String, begin: Int, other: String, otherEnd: Int)
    /// Bytes `previousEnd..<begin` of the data section belong to no tensor.
    case gap(tensor: String, begin: Int, previousEnd: Int)
    /// The data section has `bytes` bytes after the last tensor.
    case trailingData(bytes: Int, dataEnd: Int)
    /// `__metadata__` is not an object.
    case metadataNotObject(found: String)
    /// A `__metadata__` value is not a string.
    case metadataValueNotString(key: String, found: String)

    public var description: String {
        switch self {
        case .fileTooShort(let size):
            return "the file has \(size) bytes, fewer than the 8-byte header length"
        case .headerTooLarge(let length, let limit):
            return "the header length \(length) exceeds the \(limit)-byte limit (not a safetensors file?)"
        case .headerBeyondFile(let length, let fileSize):
            return "the header length \(length) runs past the end of the \(fileSize)-byte file (truncated, or not a safetensors file)"
        case .headerNotJSON(let error):
            return "the header is not valid JSON at header byte \(error.offset) (file byte \(error.offset + 8)): \(error.message)"
        case .headerNotObject(let found):
            return "the header must be a JSON object starting with '{', found \(found)"
        case .entryNotObject(let tensor, let found):
            return "tensor '\(tensor)': entry must be an object with dtype, shape and data_offsets, found \(found)"
        case .missingField(let tensor, let field):
            return "tensor '\(tensor)': missing \"\(field)\""
        case .unexpectedField(let tensor, let field):
            return "tensor '\(tensor)': unexpected key \"\(field)\" (expected only dtype, shape, data_offsets)"
        case .wrongFieldType(let tensor, let field, let expected, let found):
            return "tensor '\(tensor)': \"\(field)\" must be \(expected), found \(found)"
        case .unknownDType(let tensor, let dtype):
            let known = SafetensorsDType.allCases.map(\.name).joined(separator: ", ")
            return "tensor '\(tensor)': unknown dtype \"\(dtype)\" (expected one of \(known))"
        case .shapeTooLarge(let tensor, let shape):
            return "tensor '\(tensor)': shape \(shape) is too large to address"
        case .sizeMismatch(let tensor, let dtype, let shape, let expected, let span):
            return "tensor '\(tensor)': \(dtype.name) \(shape) needs \(expected) bytes but data_offsets span \(span)"
        case .offsetsReversed(let tensor, let begin, let end):
            return "tensor '\(tensor)': data_offsets [\(begin), \(end)] end before they begin"
        case .offsetsBeyondData(let tensor, let end, let dataSize):
            return "tensor '\(tensor)' ends at data byte \(end) but the data section has only \(dataSize) bytes (file truncated?)"
        case .overlap(let tensor, let begin, let other, let otherEnd):
            return "tensor '\(tensor)' starts at data byte \(begin), inside tensor '\(other)' (which ends at \(otherEnd)): offsets overlap"
        case .gap(let tensor, let begin, let previousEnd):
            return "data bytes \(previousEnd)..<\(begin) before tensor '\(tensor)' belong to no tensor: offsets must be contiguous"
        case .trailingData(let bytes, let dataEnd):
            return "\(bytes) bytes of trailing data after the last tensor (which ends at data byte \(dataEnd))"
        case .metadataNotObject(let found):
            return "__metadata__ must be an object of strings, found \(found)"
        case .metadataValueNotString(let key, let found):
            return "__metadata__[\"\(key)\"] must be a string, found \(found)"
        }
    }
}
