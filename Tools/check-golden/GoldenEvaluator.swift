import SpatiumRuntime

/// Maps a golden file's `function` column to Spatium's TinyMind emulation.
enum GoldenEvaluator {
    /// What a golden row's function means.
    enum Kind {
        case table(LUTFunction)
        case policy((TinyMindPolicy, Int64) -> Int64)
    }

    static func kind(of name: String) -> Kind? {
        switch name {
        case "tanh": return .table(.tanh)
        case "sigmoid": return .table(.sigmoid)
        case "exp_lut": return .table(.exp)
        case "log_lut": return .table(.log)
        case "sin_lut": return .table(.sin)
        case "cos_lut": return .table(.cos)
        case "relu": return .policy { $0.relu($1) }
        case "elu": return .policy { $0.elu($1) }
        case "gelu": return .policy { $0.gelu($1) }
        case "tanh_deriv_of_output": return .policy { $0.tanhDerivativeOfOutput($1) }
        case "sigmoid_deriv_of_output": return .policy { $0.sigmoidDerivativeOfOutput($1) }
        default: return nil
        }
    }

    /// The rounding a golden file name states.
    static func rounding(fileName: String) -> TinyMindRounding {
        fileName.contains("roundup") ? .roundUp : .truncate
    }

    /// Evaluates a whole group; returns nil (and the reason) when Spatium refuses the format.
    static func evaluate(_ group: GoldenGroup, rounding: TinyMindRounding) throws -> (outputs: [Int64]?, refusal: String?) {
        let format = try QFormat(parsing: group.format)
        guard let kind = kind(of: group.function) else {
            throw GoldenFileError.malformed(path: group.format, line: 0, reason: "unknown function \(group.function)")
        }
        do {
            switch kind {
            case let .table(function):
                let table = try LookupTable(function, format: format, mode: .tinymind(rounding: rounding))
                return (group.inputs.map { table.eval(raw: $0) }, nil)
            case let .policy(body):
                let policy = try TinyMindPolicy(format: format, rounding: rounding)
                return (group.inputs.map { body(policy, $0) }, nil)
            }
        } catch let error as FixedPointError {
            if case .unsupportedTinyMindFormat = error { return (nil, error.description) }
            throw error
        }
    }

    /// LOOKUP.md's record of TinyMind in formats with I < 4: every x ≤ 0 gives f(−6) = T[0],
    /// every x > 0 gives f(5.875) = T[95] (only for the table functions).
    static func brokenFormatOutputs(_ group: GoldenGroup) throws -> [Int64]? {
        guard case let .table(function)? = kind(of: group.function) else { return nil }
        let values = try LookupTable.tinyMindTableValues(function, format: try QFormat(parsing: group.format))
        return group.inputs.map { $0 <= 0 ? values[0] : values[95] }
    }
}
