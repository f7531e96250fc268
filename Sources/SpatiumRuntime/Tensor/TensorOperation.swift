#if canImport(Glibc)
import Glibc
#endif

/// An element-wise arithmetic operation on tensors (Lua's `+ - * / ^` and unary minus).
///
/// ```swift
/// let doubled = try t.applying(.multiply, scalar: 2)
/// ```
public enum TensorOperation: String, Sendable {
    case add, subtract, multiply, divide, power

    /// The Lua operator, for messages.
    public var symbol: String {
        switch self {
        case .add: "+"
        case .subtract: "-"
        case .multiply: "*"
        case .divide: "/"
        case .power: "^"
        }
    }

    @inline(__always)
    func apply(_ a: Double, _ b: Double) -> Double {
        switch self {
        case .add: a + b
        case .subtract: a - b
        case .multiply: a * b
        case .divide: a / b
        case .power: pow(a, b)
        }
    }

    @inline(__always)
    func apply(_ a: Int64, _ b: Int64) -> Int64 {
        switch self {
        case .add: a &+ b
        case .subtract: a &- b
        case .multiply: a &* b
        case .divide, .power: 0 // never used: integer division and power give f64
        }
    }

    /// The dtype of `a op b` (Lua-like: `/` and `^` of integers are floats).
    func resultType(_ a: TensorDType, _ b: TensorDType) -> TensorDType {
        if a.isInteger && b.isInteger {
            if self == .divide || self == .power { return .float64 }
            return a == b ? a : .int64
        }
        if a == .float64 || b == .float64 { return .float64 }
        if a.isInteger || b.isInteger { return a == .float32 || b == .float32 ? .float32 : .float64 }
        return .float32
    }
}
