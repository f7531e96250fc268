import Glibc

/// A function that can be tabulated (DESIGN.md §4.3): TinyMind's six tables (sigmoid, tanh,
/// exp, log, sin, cos), Spatium's softplus, gelu (tanh approximation) and mish, and the
/// derivative (with respect to x) of each of the nine.
///
/// `exact(_:)` is the Double reference every table is generated from and measured against.
///
/// ```swift
/// let f = try LUTFunction(name: "tanh_derivative")
/// f.exact(0)                  // 1.0
/// LUTFunction.tanh.derivative // .tanhDerivative
/// ```
public enum LUTFunction: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case sigmoid
    case tanh
    case exp
    case log
    case sin
    case cos
    case softplus
    case gelu
    case mish
    case sigmoidDerivative = "sigmoid_derivative"
    case tanhDerivative = "tanh_derivative"
    case expDerivative = "exp_derivative"
    case logDerivative = "log_derivative"
    case sinDerivative = "sin_derivative"
    case cosDerivative = "cos_derivative"
    case softplusDerivative = "softplus_derivative"
    case geluDerivative = "gelu_derivative"
    case mishDerivative = "mish_derivative"

    /// Parses a name such as `"tanh"` or `"gelu_derivative"`; unknown names throw with the list.
    ///
    /// ```swift
    /// let f = try LUTFunction(name: "sigmoid")
    /// ```
    public init(name: String) throws {
        guard let function = LUTFunction(rawValue: name.lowercased()) else {
            throw FixedPointError.unknownFunction(name: name, valid: LUTFunction.allCases.map(\.rawValue))
        }
        self = function
    }

    /// The lower-case name, e.g. `"tanh"`, `"mish_derivative"`.
    ///
    /// ```swift
    /// LUTFunction.geluDerivative.name   // "gelu_derivative"
    /// ```
    public var name: String { rawValue }
    /// The name.
    ///
    /// ```swift
    /// print(LUTFunction.tanh)   // tanh
    /// ```
    public var description: String { rawValue }

    /// The six functions TinyMind ships tables for.
    ///
    /// ```swift
    /// LUTFunction.tinyMindTables.count   // 6
    /// ```
    public static let tinyMindTables: [LUTFunction] = [.sigmoid, .tanh, .exp, .log, .sin, .cos]

    /// Whether TinyMind has a table for this function (only those work in `tinymind` mode).
    ///
    /// ```swift
    /// LUTFunction.gelu.isTinyMindTable   // false
    /// ```
    public var isTinyMindTable: Bool { LUTFunction.tinyMindTables.contains(self) }

    /// The derivative table of a base function; nil for a derivative.
    ///
    /// ```swift
    /// LUTFunction.mish.derivative   // .mishDerivative
    /// ```
    public var derivative: LUTFunction? {
        switch self {
        case .sigmoid: return .sigmoidDerivative
        case .tanh: return .tanhDerivative
        case .exp: return .expDerivative
        case .log: return .logDerivative
        case .sin: return .sinDerivative
        case .cos: return .cosDerivative
        case .softplus: return .softplusDerivative
        case .gelu: return .geluDerivative
        case .mish: return .mishDerivative
        default: return nil
        }
    }

    /// Periodic functions are reduced to one period [−π, π) before the lookup in `spatium` mode.
    ///
    /// ```swift
    /// LUTFunction.sin.isPeriodic   // true
    /// ```
    public var isPeriodic: Bool {
        switch self {
        case .sin, .cos, .sinDerivative, .cosDerivative: return true
        default: return false
        }
    }

    /// The exact value in Double (numerically stable for large |x|). `log` (and its derivative)
    /// is defined for x > 0 only; for x ≤ 0 it returns the limit at 0⁺ (−∞, resp. +∞).
    ///
    /// ```swift
    /// LUTFunction.softplus.exact(1000)   // 1000.0
    /// ```
    public func exact(_ x: Double) -> Double {
        switch self {
        case .sigmoid: return ExactFunctions.sigmoid(x)
        case .tanh: return Glibc.tanh(x)
        case .exp, .expDerivative: return Glibc.exp(x)
        case .log: return x > 0 ? Glibc.log(x) : -.infinity
        case .sin: return Glibc.sin(x)
        case .cos, .sinDerivative: return Glibc.cos(x)
        case .softplus: return ExactFunctions.softplus(x)
        case .gelu: return ExactFunctions.gelu(x)
        case .mish: return ExactFunctions.mish(x)
        case .sigmoidDerivative:
            let s = ExactFunctions.sigmoid(x)
            return s * (1 - s)
        case .tanhDerivative:
            let t = Glibc.tanh(x)
            return 1 - t * t
        case .logDerivative: return x > 0 ? 1 / x : .infinity
        case .cosDerivative: return -Glibc.sin(x)
        case .softplusDerivative: return ExactFunctions.sigmoid(x)
        case .geluDerivative: return ExactFunctions.geluDerivative(x)
        case .mishDerivative: return ExactFunctions.mishDerivative(x)
        }
    }

    /// What a `spatium` table returns for inputs beyond its domain.
    enum OutOfDomain: Equatable {
        /// A horizontal asymptote (saturated to the format; +∞ saturates to `maxRaw`).
        case asymptote(Double)
        /// The oblique asymptote y = x (softplus, gelu, mish for large x).
        case identity
        /// The table's edge value (functions without an asymptote on that side).
        case edge
    }

    /// The rule below the domain's low end.
    var belowDomain: OutOfDomain {
        switch self {
        case .sigmoid, .exp, .expDerivative, .softplus, .gelu, .mish,
             .sigmoidDerivative, .tanhDerivative, .softplusDerivative, .geluDerivative, .mishDerivative:
            return .asymptote(0)
        case .tanh: return .asymptote(-1)
        case .log, .logDerivative, .sin, .cos, .sinDerivative, .cosDerivative: return .edge
        }
    }

    /// The rule above the domain's high end.
    var aboveDomain: OutOfDomain {
        switch self {
        case .sigmoid, .tanh, .softplusDerivative, .geluDerivative, .mishDerivative: return .asymptote(1)
        case .exp, .expDerivative: return .asymptote(.infinity)
        case .softplus, .gelu, .mish: return .identity
        case .sigmoidDerivative, .tanhDerivative, .logDerivative: return .asymptote(0)
        case .log, .sin, .cos, .sinDerivative, .cosDerivative: return .edge
        }
    }

    /// Whether the function is monotone over the whole real line (+1 increasing, −1 decreasing, 0 not).
    var monotonicity: Int {
        switch self {
        case .sigmoid, .tanh, .exp, .expDerivative, .log, .softplus, .softplusDerivative: return 1
        case .logDerivative: return -1
        default: return 0
        }
    }
}
