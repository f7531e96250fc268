import Testing
@testable import SpatiumRuntime

@Suite("Activation function names")
struct ActivationFunctionNameTests {
    @Test("every base name parses and round-trips through name")
    func baseNamesRoundTrip() throws {
        #expect(ActivationFunction.allNames.count == 13)
        for name in ActivationFunction.allNames {
            let function = try ActivationFunction(name: name)
            #expect(function.name == name)
            #expect(function.baseName == name)
            #expect(try ActivationFunction(name: function.name) == function)
            #expect(function.description == name)
        }
    }

    @Test("parameter forms")
    func parameters() throws {
        #expect(try ActivationFunction(name: "leaky_relu:0.1") == .leakyReLU(alpha: 0.1))
        #expect(try ActivationFunction(name: "elu:0.5") == .elu(alpha: 0.5))
        #expect(try ActivationFunction(name: " elu : 0.5 ") == .elu(alpha: 0.5))
        #expect(try ActivationFunction(name: "leaky_relu") == .leakyReLU(alpha: 0.01))
        #expect(try ActivationFunction(name: "elu") == .elu(alpha: 1))
        #expect(try ActivationFunction(name: "elu", parameter: 0.5) == .elu(alpha: 0.5))
        #expect(try ActivationFunction(name: "leaky_relu", parameter: 0.2) == .leakyReLU(alpha: 0.2))
        #expect(try ActivationFunction(name: "relu", parameter: nil) == .relu)
        #expect(try ActivationFunction(name: "elu:0.25", parameter: nil) == .elu(alpha: 0.25))
        #expect(ActivationFunction.leakyReLU(alpha: 0.1).parameter == 0.1)
        #expect(ActivationFunction.relu.parameter == nil)
        #expect(ActivationFunction.elu(alpha: 2).takesParameter)
        #expect(!ActivationFunction.sine.takesParameter)
    }

    @Test("canonical names carry the parameter only when it differs from the default, and round-trip")
    func canonicalNames() throws {
        #expect(ActivationFunction.leakyReLU(alpha: 0.01).name == "leaky_relu")
        #expect(ActivationFunction.leakyReLU(alpha: 0.1).name == "leaky_relu:0.1")
        #expect(ActivationFunction.elu(alpha: 1).name == "elu")
        #expect(ActivationFunction.elu(alpha: 0.5).name == "elu:0.5")
        let awkward: [ActivationFunction] = [
            .leakyReLU(alpha: 0.3), .leakyReLU(alpha: -0.25), .leakyReLU(alpha: 1e-7),
            .elu(alpha: 1.0000001), .elu(alpha: 123456.79), .elu(alpha: 0),
        ]
        for function in awkward {
            #expect(try ActivationFunction(name: function.name) == function, "\(function.name)")
        }
    }

    @Test("short names are at most 4 characters and distinct")
    func shortNames() {
        let functions = ActivationFunction.twelve + [.linear]
        let shortNames = functions.map(\.shortName)
        #expect(shortNames == ["relu", "lrel", "sigm", "tanh", "gelu", "swsh", "mish", "elu", "soft", "hsig", "htan", "sin", "lin"])
        #expect(shortNames.allSatisfy { $0.count <= 4 })
        #expect(Set(shortNames).count == shortNames.count)
        #expect(ActivationFunction.leakyReLU(alpha: 0.3).shortName == "lrel")
    }

    @Test("twelve is every function except linear, with default parameters")
    func twelveFunctions() {
        #expect(ActivationFunction.twelve.count == 12)
        #expect(!ActivationFunction.twelve.contains(.linear))
        #expect(Set(ActivationFunction.twelve).count == 12)
        #expect(ActivationFunction.twelve.map(\.name) == Array(ActivationFunction.allNames.dropLast()))
    }

    @Test("an unknown name lists every valid name")
    func unknownName() {
        #expect(throws: ActivationFunctionError.unknownName("rectifier")) {
            try ActivationFunction(name: "rectifier")
        }
        let message = ActivationFunctionError.unknownName("rectifier").description
        #expect(message.contains("'rectifier'"))
        for name in ActivationFunction.allNames { #expect(message.contains(name)) }
        #expect(throws: ActivationFunctionError.unknownName("")) { try ActivationFunction(name: "") }
        #expect(throws: ActivationFunctionError.unknownName(":0.1")) { try ActivationFunction(name: ":0.1") }
    }

    @Test("names are lower case; the error suggests the lower-case name")
    func upperCaseSuggestion() {
        #expect(throws: ActivationFunctionError.unknownName("ReLU")) { try ActivationFunction(name: "ReLU") }
        #expect(ActivationFunctionError.unknownName("ReLU").description.contains("did you mean 'relu'"))
        #expect(!ActivationFunctionError.unknownName("foo").description.contains("did you mean"))
    }

    @Test("a parameter on a function that takes none is an error")
    func unexpectedParameter() {
        #expect(throws: ActivationFunctionError.unexpectedParameter(function: "relu", parameter: "0.1")) {
            try ActivationFunction(name: "relu:0.1")
        }
        #expect(throws: ActivationFunctionError.unexpectedParameter(function: "tanh", parameter: "0.5")) {
            try ActivationFunction(name: "tanh", parameter: 0.5)
        }
        let message = ActivationFunctionError.unexpectedParameter(function: "relu", parameter: "0.1").description
        #expect(message.contains("'relu' takes no parameter") && message.contains("'0.1'"))
    }

    @Test("garbage and non-finite parameters are errors")
    func invalidParameters() {
        for text in ["abc", "", "inf", "-inf", "nan", "1e50", "0.1.2", "1,5"] {
            #expect(throws: ActivationFunctionError.invalidParameter(function: "leaky_relu", parameter: text)) {
                try ActivationFunction(name: "leaky_relu:" + text)
            }
        }
        #expect(throws: ActivationFunctionError.invalidParameter(function: "elu", parameter: "inf")) {
            try ActivationFunction(name: "elu", parameter: .infinity)
        }
        #expect(throws: ActivationFunctionError.self) { try ActivationFunction(name: "elu", parameter: .nan) }
        let message = ActivationFunctionError.invalidParameter(function: "elu", parameter: "abc").description
        #expect(message.contains("'abc'") && message.contains("not a finite number") && message.contains("elu:0.1"))
    }

    @Test("a parameter given twice is an error")
    func conflictingParameter() {
        #expect(throws: ActivationFunctionError.conflictingParameter(name: "elu:0.5", parameter: 0.3)) {
            try ActivationFunction(name: "elu:0.5", parameter: 0.3)
        }
        let message = ActivationFunctionError.conflictingParameter(name: "elu:0.5", parameter: 0.3).description
        #expect(message.contains("'elu:0.5'") && message.contains("0.3") && message.contains("once"))
    }
}
