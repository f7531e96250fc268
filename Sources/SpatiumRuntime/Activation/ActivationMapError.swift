/// What went wrong when building or using an activation map, layout, bank or hit counts.
///
/// ```swift
/// do { _ = try ActivationMap(cells: [.relu]) }
/// catch { print(error) }   // activation map cells: got 1 entries, expected exactly 64 ...
/// ```
public enum ActivationMapError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A list that must describe all 64 cells has another length. `what` names the list.
    case wrongCellCount(what: String, count: Int)
    /// A layout that needs at least one function was given none.
    case emptyFunctionList(layout: String)
    /// More distinct functions than the one-byte cell codes of a bank can address.
    case tooManyDistinctFunctions(count: Int, limit: Int)
    /// Bulk activation got a different number of values and hashes.
    case countMismatch(values: Int, hashes: Int)
    /// A negative neuron count.
    case invalidNeuronCount(Int)
    /// Neurons `first ..< first + count` are not all inside a bank of `neuronCount` neurons.
    case neuronsOutOfRange(first: Int, count: Int, neuronCount: Int)
    /// A bank's per-neuron code list is not `neuronCount · 64` long.
    case wrongCodeCount(count: Int, neuronCount: Int)
    /// A stored cell code points past the end of the palette.
    case invalidCellCode(position: Int, code: UInt8, paletteCount: Int)

    /// What is wrong, where, and what was expected.
    ///
    /// ```swift
    /// print(ActivationMapError.invalidNeuronCount(-1))
    /// ```
    public var description: String {
        switch self {
        case .wrongCellCount(let what, let count):
            return "\(what): got \(count) entries, expected exactly 64 (8 rows × 8 columns, row-major)"
        case .emptyFunctionList(let layout):
            return "activation layout '\(layout)': the function list is empty; give at least one function"
        case .tooManyDistinctFunctions(let count, let limit):
            return "activation maps: \(count) distinct functions, but at most \(limit) can be"
                + " stored per bank (cells are one-byte codes into a palette)"
        case .countMismatch(let values, let hashes):
            return "activation map: \(values) values but \(hashes) pattern hashes; give one hash per value"
        case .invalidNeuronCount(let count):
            return "activation map bank: neuron count \(count) is negative; expected 0 or more"
        case .neuronsOutOfRange(let first, let count, let neuronCount):
            return "activation map bank: neurons \(first)..<\(first &+ count) requested, but the bank"
                + " holds neurons 0..<\(neuronCount)"
        case .wrongCodeCount(let count, let neuronCount):
            return "activation map bank: \(count) cell codes for \(neuronCount) neurons; expected"
                + " \(neuronCount) × 64 = \(neuronCount &* 64)"
        case .invalidCellCode(let position, let code, let paletteCount):
            return "activation map bank: cell code \(code) at position \(position) is outside the"
                + " palette of \(paletteCount) functions; expected 0..<\(paletteCount)"
        }
    }
}
