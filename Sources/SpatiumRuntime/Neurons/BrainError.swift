/// What can go wrong when building areas and connections; each message says what is wrong,
/// where, and what was expected.
///
/// ```swift
/// do { _ = try Brain().addArea(name: "v1", width: 0, height: 1, depth: 1) }
/// catch let error as BrainError { print(error) }
/// // area 'v1': dimensions 0×1×1 are invalid (expected width, height, depth >= 1 and neurons per voxel >= 0)
/// ```
public enum BrainError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An area name that is empty.
    case invalidName(String)
    /// Width, height or depth below 1, or npv below 0.
    case invalidDimensions(area: String, width: Int, height: Int, depth: Int, neuronsPerVoxel: Int)
    /// W·H·D·npv does not fit a 64-bit count.
    case neuronCountOverflow(area: String, width: Int, height: Int, depth: Int, neuronsPerVoxel: Int)
    /// The brain would hold more neurons than global indices allow.
    case tooManyNeurons(area: String, neurons: Int, brainTotal: Int, limit: Int)
    /// The neuron storage would exceed the memory budget.
    case exceedsMemory(area: String, neurons: Int, bytes: Int, alreadyUsedBytes: Int, budgetBytes: Int)
    /// A parameter or profile that cannot be used.
    case invalidParameter(area: String, parameter: String, problem: String)
    /// A second area with an existing name.
    case duplicateArea(String)
    /// A connection names an area the brain does not have.
    case unknownArea(name: String, role: String)
    /// A connection whose settings cannot be used.
    case invalidConnection(source: String, destination: String, problem: String)

    /// What is wrong, where, and what was expected.
    public var description: String {
        switch self {
        case .invalidName(let name):
            return "area name '\(name)' is invalid (expected a non-empty name)"
        case .invalidDimensions(let area, let w, let h, let d, let npv):
            return "area '\(area)': dimensions \(w)×\(h)×\(d) with \(npv) neurons per voxel are invalid (expected width, height, depth >= 1 and neurons per voxel >= 0)"
        case .neuronCountOverflow(let area, let w, let h, let d, let npv):
            return "area '\(area)': \(w)×\(h)×\(d)×\(npv) neurons overflows a 64-bit count (more than \(Formatting.grouped(Int.max)) neurons); nothing was allocated"
        case .tooManyNeurons(let area, let neurons, let total, let limit):
            return "area '\(area)': \(Formatting.grouped(neurons)) neurons would bring the brain to \(Formatting.grouped(total)) neurons, more than the \(Formatting.grouped(limit)) that 32-bit global indices allow; nothing was allocated"
        case .exceedsMemory(let area, let neurons, let bytes, let used, let budget):
            let already = used > 0 ? " (\(Formatting.bytes(used)) already used by other areas)" : ""
            return "area '\(area)': \(Formatting.grouped(neurons)) neurons need \(Formatting.grouped(bytes)) bytes (\(Formatting.bytes(bytes))) of neuron storage, more than the memory budget of \(Formatting.bytes(budget))\(already); nothing was allocated (make the area smaller or raise Brain.memoryBudget)"
        case .invalidParameter(let area, let parameter, let problem):
            return "area '\(area)': parameter '\(parameter)': \(problem)"
        case .duplicateArea(let name):
            return "an area named '\(name)' already exists (area names must be unique)"
        case .unknownArea(let name, let role):
            return "unknown \(role) area '\(name)' (no area of that name in the brain)"
        case .invalidConnection(let source, let destination, let problem):
            return "connection '\(source)' → '\(destination)': \(problem)"
        }
    }
}
