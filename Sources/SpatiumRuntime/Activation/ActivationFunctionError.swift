/// What went wrong when naming or bulk-evaluating an `ActivationFunction`.
///
/// ```swift
/// do { _ = try ActivationFunction(name: "rectifier") }
/// catch { print(error) }   // unknown activation function 'rectifier'; valid names: relu, ...
/// ```
public enum ActivationFunctionError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The name is none of `ActivationFunction.allNames`.
    case unknownName(String)
    /// A parameter was given to a function that takes none (only leaky_relu and elu take one).
    case unexpectedParameter(function: String, parameter: String)
    /// The parameter text is not a finite number.
    case invalidParameter(function: String, parameter: String)
    /// The parameter was given twice: inside the name ("elu:0.5") and separately.
    case conflictingParameter(name: String, parameter: Float)
    /// An out-of-place bulk call got buffers of different lengths.
    case countMismatch(inputCount: Int, outputCount: Int)

    /// What is wrong, where, and what was expected.
    ///
    /// ```swift
    /// print(ActivationFunctionError.unknownName("foo"))
    /// ```
    public var description: String {
        switch self {
        case .unknownName(let name):
            var message = "unknown activation function '\(name)'; valid names: "
                + ActivationFunction.allNames.joined(separator: ", ")
                + " (leaky_relu and elu take a parameter: 'leaky_relu:0.1', 'elu:0.5')"
            let lowered = String(name.lowercased())
            if lowered != name, (try? ActivationFunction(name: lowered)) != nil {
                message += "; names are lower case: did you mean '\(lowered)'?"
            }
            return message
        case .unexpectedParameter(let function, let parameter):
            return "activation function '\(function)' takes no parameter, but got '\(parameter)'"
                + " (only leaky_relu and elu take one, e.g. 'leaky_relu:0.1')"
        case .invalidParameter(let function, let parameter):
            return "activation function '\(function)': parameter '\(parameter)' is not a finite"
                + " number (expected e.g. '\(function):0.1')"
        case .conflictingParameter(let name, let parameter):
            return "activation function '\(name)' already carries a parameter in its name, and"
                + " \(parameter) was given as well; give the parameter once"
        case .countMismatch(let inputCount, let outputCount):
            return "activation output buffer has \(outputCount) elements but the input has"
                + " \(inputCount); they must have the same count"
        }
    }
}
