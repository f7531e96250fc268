extension ActivationFunction: CustomStringConvertible {
    /// LeakyReLU's negative slope when none is given.
    public static let defaultLeakyReLUAlpha: Float = 0.01
    /// ELU's α when none is given.
    public static let defaultELUAlpha: Float = 1

    /// Every valid base name, in declaration order (the Lua names of DESIGN.md §2).
    ///
    /// ```swift
    /// ActivationFunction.allNames.count   // 13
    /// ```
    public static let allNames: [String] = [
        "relu", "leaky_relu", "sigmoid", "tanh", "gelu", "swish", "mish", "elu", "softplus",
        "hard_sigmoid", "hard_tanh", "sine", "linear",
    ]

    /// The twelve non-linear functions with default parameters: the default set of
    /// `ActivationLayout.random`, in declaration order (every function except `linear`).
    ///
    /// ```swift
    /// ActivationFunction.twelve.contains(.linear)   // false
    /// ```
    public static let twelve: [ActivationFunction] = [
        .relu, .leakyReLU(alpha: defaultLeakyReLUAlpha), .sigmoid, .tanh, .gelu, .swish, .mish,
        .elu(alpha: defaultELUAlpha), .softplus, .hardSigmoid, .hardTanh, .sine,
    ]

    /// Parses a lower-case name, optionally with a parameter after a colon:
    /// `"relu"`, `"leaky_relu:0.1"`, `"elu:0.5"`. Surrounding spaces are ignored.
    ///
    /// Throws `ActivationFunctionError` for an unknown name (the message lists every valid
    /// name), a parameter on a function that takes none, or a parameter that is not a finite
    /// number.
    ///
    /// ```swift
    /// let f = try ActivationFunction(name: "leaky_relu:0.1")   // .leakyReLU(alpha: 0.1)
    /// ```
    public init(name: String) throws(ActivationFunctionError) {
        let text = Self.trimmed(Substring(name))
        let baseName: Substring
        let parameterText: Substring?
        if let colon = text.firstIndex(of: ":") {
            baseName = Self.trimmed(text[..<colon])
            parameterText = Self.trimmed(text[text.index(after: colon)...])
        } else {
            baseName = text
            parameterText = nil
        }
        guard let function = Self.withDefaultParameter(named: baseName) else {
            throw .unknownName(name)
        }
        guard let parameterText else {
            self = function
            return
        }
        guard function.takesParameter else {
            throw .unexpectedParameter(function: String(baseName), parameter: String(parameterText))
        }
        guard let parameter = Float(parameterText), parameter.isFinite else {
            throw .invalidParameter(function: String(baseName), parameter: String(parameterText))
        }
        self = function.with(parameter: parameter)
    }

    /// Parses a name and a separate parameter: the `{"elu", 0.5}` form. A `nil` parameter means
    /// the default; a parameter for a function that takes none, a non-finite one, or one given
    /// both here and inside the name is an error.
    ///
    /// ```swift
    /// let f = try ActivationFunction(name: "elu", parameter: 0.5)   // .elu(alpha: 0.5)
    /// ```
    public init(name: String, parameter: Float?) throws(ActivationFunctionError) {
        let function = try ActivationFunction(name: name)
        guard let parameter else {
            self = function
            return
        }
        if name.contains(":") { throw .conflictingParameter(name: name, parameter: parameter) }
        guard function.takesParameter else {
            throw .unexpectedParameter(function: function.baseName, parameter: "\(parameter)")
        }
        guard parameter.isFinite else {
            throw .invalidParameter(function: function.baseName, parameter: "\(parameter)")
        }
        self = function.with(parameter: parameter)
    }

    /// The canonical name: the base name, plus `:α` when α differs from the default.
    /// It round-trips: `try ActivationFunction(name: f.name) == f`.
    ///
    /// ```swift
    /// ActivationFunction.leakyReLU(alpha: 0.1).name    // "leaky_relu:0.1"
    /// ActivationFunction.leakyReLU(alpha: 0.01).name   // "leaky_relu"
    /// ```
    public var name: String {
        switch self {
        case .leakyReLU(let alpha) where alpha != Self.defaultLeakyReLUAlpha:
            "\(baseName):\(alpha)"
        case .elu(let alpha) where alpha != Self.defaultELUAlpha:
            "\(baseName):\(alpha)"
        default:
            baseName
        }
    }

    /// The name without any parameter (one of `allNames`).
    ///
    /// ```swift
    /// ActivationFunction.elu(alpha: 0.5).baseName   // "elu"
    /// ```
    public var baseName: String { Self.allNames[kindIndex] }

    /// A name of at most 4 characters for text grids and picture labels.
    ///
    /// ```swift
    /// ActivationFunction.hardSigmoid.shortName   // "hsig"
    /// ```
    public var shortName: String {
        switch self {
        case .relu: "relu"
        case .leakyReLU: "lrel"
        case .sigmoid: "sigm"
        case .tanh: "tanh"
        case .gelu: "gelu"
        case .swish: "swsh"
        case .mish: "mish"
        case .elu: "elu"
        case .softplus: "soft"
        case .hardSigmoid: "hsig"
        case .hardTanh: "htan"
        case .sine: "sin"
        case .linear: "lin"
        }
    }

    /// The parameter (α) of leaky_relu and elu; `nil` for the others.
    ///
    /// ```swift
    /// ActivationFunction.elu(alpha: 0.5).parameter   // 0.5
    /// ```
    public var parameter: Float? {
        switch self {
        case .leakyReLU(let alpha), .elu(let alpha): alpha
        default: nil
        }
    }

    /// Whether the function takes a parameter (leaky_relu and elu).
    ///
    /// ```swift
    /// ActivationFunction.relu.takesParameter   // false
    /// ```
    public var takesParameter: Bool { parameter != nil }

    /// Same as `name`.
    ///
    /// ```swift
    /// "\(ActivationFunction.elu(alpha: 0.5))"   // "elu:0.5"
    /// ```
    public var description: String { name }

    /// The position of the function's kind in `allNames` (0…12), ignoring its parameter.
    var kindIndex: Int {
        switch self {
        case .relu: 0
        case .leakyReLU: 1
        case .sigmoid: 2
        case .tanh: 3
        case .gelu: 4
        case .swish: 5
        case .mish: 6
        case .elu: 7
        case .softplus: 8
        case .hardSigmoid: 9
        case .hardTanh: 10
        case .sine: 11
        case .linear: 12
        }
    }

    private static func withDefaultParameter(named name: Substring) -> ActivationFunction? {
        switch name {
        case "relu": .relu
        case "leaky_relu": .leakyReLU(alpha: defaultLeakyReLUAlpha)
        case "sigmoid": .sigmoid
        case "tanh": .tanh
        case "gelu": .gelu
        case "swish": .swish
        case "mish": .mish
        case "elu": .elu(alpha: defaultELUAlpha)
        case "softplus": .softplus
        case "hard_sigmoid": .hardSigmoid
        case "hard_tanh": .hardTanh
        case "sine": .sine
        case "linear": .linear
        default: nil
        }
    }

    private func with(parameter: Float) -> ActivationFunction {
        switch self {
        case .leakyReLU: .leakyReLU(alpha: parameter)
        case .elu: .elu(alpha: parameter)
        default: self
        }
    }

    private static func trimmed(_ text: Substring) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = text.firstIndex(where: { !isSpace($0) }),
              let last = text.lastIndex(where: { !isSpace($0) })
        else { return text[text.endIndex...] }
        return text[first...last]
    }
}
