/// The element type of a ``Tensor``.
///
/// ```swift
/// let t = Tensor.zeros(shape: [4], dtype: .float32)
/// t.dtype.name        // "f32"
/// ```
public enum TensorDType: String, CaseIterable, Sendable {
    case float32 = "f32"
    case float64 = "f64"
    case int32 = "i32"
    case int64 = "i64"
    case uint8 = "u8"

    /// The short name used in Lua and in messages (`"f32"`).
    public var name: String { rawValue }

    /// Bytes per element.
    public var byteWidth: Int {
        switch self {
        case .float32, .int32: 4
        case .float64, .int64: 8
        case .uint8: 1
        }
    }

    /// Whether elements are integers (Lua sees them as integers).
    public var isInteger: Bool { self == .int32 || self == .int64 || self == .uint8 }

    /// Parses `"f32"`, `"f64"`, `"i32"`, `"i64"`, `"u8"` (also `"float32"`, `"int64"`, …).
    public init(name: String) throws(TensorError) {
        switch name.lowercased() {
        case "f32", "float32", "float": self = .float32
        case "f64", "float64", "double": self = .float64
        case "i32", "int32": self = .int32
        case "i64", "int64", "int", "integer": self = .int64
        case "u8", "uint8", "byte": self = .uint8
        default:
            throw .unknownDType(name)
        }
    }
}
