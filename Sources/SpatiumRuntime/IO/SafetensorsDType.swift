/// An element type of a safetensors file, spelled exactly as the format spells it (`"F32"`).
///
/// The cases are declared in the reference implementation's order, which is also the order
/// its writer uses to sort tensors (later cases first, then by name); sorting that way keeps
/// every tensor aligned to its element width inside the file.
///
/// `F16` and `BF16` are carried as raw bytes (no conversion); the five types a ``Tensor`` holds
/// (`F32`, `F64`, `I32`, `I64`, `U8`) map to ``TensorDType`` both ways.
///
/// ```swift
/// let dtype = SafetensorsDType(rawValue: "BF16")   // .bfloat16
/// dtype?.byteWidth                                 // 2
/// SafetensorsDType(.float32).name                  // "F32"
/// ```
public enum SafetensorsDType: String, CaseIterable, Sendable, Hashable {
    /// One byte per element, 0 or 1.
    case bool = "BOOL"
    case uint8 = "U8"
    case int8 = "I8"
    case int16 = "I16"
    case uint16 = "U16"
    case float16 = "F16"
    case bfloat16 = "BF16"
    case int32 = "I32"
    case uint32 = "U32"
    case float32 = "F32"
    case float64 = "F64"
    case int64 = "I64"
    case uint64 = "U64"
    // Integers are two's complement, floats IEEE 754 (BF16: the top half of an F32).

    /// The name in safetensors headers (`"F32"`, `"BOOL"`, …).
    public var name: String { rawValue }

    /// Bytes per element.
    public var byteWidth: Int {
        switch self {
        case .bool, .uint8, .int8: 1
        case .int16, .uint16, .float16, .bfloat16: 2
        case .int32, .uint32, .float32: 4
        case .float64, .int64, .uint64: 8
        }
    }

    /// Position in the reference implementation's dtype order (writers put higher ranks first).
    var alignmentRank: Int {
        switch self {
        case .bool: 0
        case .uint8: 1
        case .int8: 2
        case .int16: 3
        case .uint16: 4
        case .float16: 5
        case .bfloat16: 6
        case .int32: 7
        case .uint32: 8
        case .float32: 9
        case .float64: 10
        case .int64: 11
        case .uint64: 12
        }
    }

    /// The safetensors type of a ``TensorDType``.
    public init(_ tensorType: TensorDType) {
        switch tensorType {
        case .float32: self = .float32
        case .float64: self = .float64
        case .int32: self = .int32
        case .int64: self = .int64
        case .uint8: self = .uint8
        }
    }

    /// The ``Tensor`` element type with the same bytes, or `nil` for types a tensor cannot hold.
    public var tensorDType: TensorDType? {
        switch self {
        case .float32: .float32
        case .float64: .float64
        case .int32: .int32
        case .int64: .int64
        case .uint8: .uint8
        default: nil
        }
    }
}
