/// What can go wrong when making or using a ``Tensor``; each message says what was expected.
public enum TensorError: Error, Equatable, CustomStringConvertible {
    case unknownDType(String)
    case invalidShape([Int])
    case shapeMismatch(expected: Int, got: Int)
    case incompatibleShapes([Int], [Int])
    case indexOutOfRange(index: Int, count: Int)
    case sliceOutOfRange(from: Int, to: Int, length: Int)
    case empty(operation: String)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .unknownDType(let name):
            "unknown dtype '\(name)' (expected one of \(TensorDType.allCases.map(\.name).joined(separator: ", ")))"
        case .invalidShape(let shape):
            "invalid shape \(Tensor.describe(shape: shape)) (dimensions must be >= 0)"
        case .shapeMismatch(let expected, let got):
            "shape holds \(expected) elements but \(got) were given"
        case .incompatibleShapes(let a, let b):
            "shapes \(Tensor.describe(shape: a)) and \(Tensor.describe(shape: b)) differ (element-wise operations need equal element counts)"
        case .indexOutOfRange(let index, let count):
            "index \(index) out of range (1..\(count))"
        case .sliceOutOfRange(let from, let to, let length):
            "slice \(from)..\(to) out of range (1..\(length))"
        case .empty(let operation):
            "\(operation) of an empty tensor"
        case .invalidArgument(let message):
            message
        }
    }
}
