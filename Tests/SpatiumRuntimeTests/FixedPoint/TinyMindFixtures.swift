import Glibc
@testable import SpatiumRuntime

/// Reads the compact TinyMind golden fixtures under Tests/Fixtures/tinymind/ (written by
/// `check-golden --write-fixtures` from reference/tinymind/golden/; format documented there).
enum TinyMindFixtures {
    /// One (format, rounding, function) block of golden rows.
    struct Section {
        let format: QFormat
        let rounding: TinyMindRounding
        let function: String
        let inputs: [Int64]
        let outputs: [Int64]
    }

    /// One golden softmax row.
    struct SoftmaxRow {
        let format: QFormat
        let rounding: TinyMindRounding
        let inputs: [Int64]
        let outputs: [Int64]
    }

    /// Tests/Fixtures/tinymind/, found from this source file's path.
    static var directory: String {
        let path = String(#filePath)
        var parts = path.split(separator: "/", omittingEmptySubsequences: false)
        while let last = parts.last, last != "Tests" { parts.removeLast() }
        return parts.joined(separator: "/") + "/Fixtures/tinymind/"
    }

    static func bytes(_ name: String) -> [UInt8] {
        guard let file = fopen(directory + name, "rb") else { return [] }
        defer { fclose(file) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, 1 << 16, file) }
            if count <= 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }

    /// Little-endian two's-complement integer of `width` bytes at `offset`.
    static func integer(_ bytes: [UInt8], _ offset: Int, _ width: Int) -> Int64 {
        var value: UInt64 = 0
        for byte in 0..<width { value |= UInt64(bytes[offset + byte]) << (8 * UInt64(byte)) }
        let unused = UInt64(64 - 8 * width)
        return Int64(bitPattern: value << unused) >> Int64(unused)
    }

    static func sections(_ name: String) -> [Section] {
        let data = bytes(name)
        guard data.count > 8, Array(data[0..<8]) == Array("SPTMGF1\n".utf8) else { return [] }
        var offset = 8
        var sections: [Section] = []
        while offset < data.count {
            let integerBits = Int(data[offset])
            let fractionalBits = Int(data[offset + 1])
            let rounding: TinyMindRounding = data[offset + 2] == 0 ? .truncate : .roundUp
            let width = Int(data[offset + 3])
            let dense = data[offset + 4] == 0
            let nameLength = Int(data[offset + 5])
            offset += 6
            let function = String(decoding: data[offset..<(offset + nameLength)], as: UTF8.self)
            offset += nameLength
            let count = Int(integer(data, offset, 4) & 0xFFFF_FFFF)
            offset += 4
            let format = QFormat(unchecked: integerBits, fractionalBits)
            var inputs: [Int64] = []
            if dense {
                inputs = (0..<count).map { format.minRaw + Int64($0) }
            } else {
                inputs = (0..<count).map { integer(data, offset + $0 * width, width) }
                offset += count * width
            }
            let outputs = (0..<count).map { integer(data, offset + $0 * width, width) }
            offset += count * width
            sections.append(Section(format: format, rounding: rounding, function: function,
                                    inputs: inputs, outputs: outputs))
        }
        return sections
    }

    static func softmaxRows() -> [SoftmaxRow] {
        let data = bytes("softmax.bin")
        guard data.count > 8, Array(data[0..<8]) == Array("SPTMSM1\n".utf8) else { return [] }
        var offset = 8
        var rows: [SoftmaxRow] = []
        while offset < data.count {
            let format = QFormat(unchecked: Int(data[offset]), Int(data[offset + 1]))
            let rounding: TinyMindRounding = data[offset + 2] == 0 ? .truncate : .roundUp
            let count = Int(data[offset + 3])
            offset += 4
            let values = (0..<(2 * count)).map { integer(data, offset + 4 * $0, 4) }
            offset += 8 * count
            rows.append(SoftmaxRow(format: format, rounding: rounding,
                                   inputs: Array(values[0..<count]), outputs: Array(values[count...])))
        }
        return rows
    }

    /// The tables of tables_q8_8.txt / tables_q16_16.txt as N-bit little-endian words, in the
    /// order tanh, sigmoid, exp, log, sin, cos (96 entries each).
    static func tableBytes(_ name: String) -> [LUTFunction: [UInt8]] {
        let data = bytes(name)
        let functions: [LUTFunction] = [.tanh, .sigmoid, .exp, .log, .sin, .cos]
        guard data.count % functions.count == 0, !data.isEmpty else { return [:] }
        let size = data.count / functions.count
        var result: [LUTFunction: [UInt8]] = [:]
        for (index, function) in functions.enumerated() {
            result[function] = Array(data[(index * size)..<((index + 1) * size)])
        }
        return result
    }

    /// Builds each (format, rounding) policy once: its three 16-bit tables take a while in debug.
    final class PolicyCache {
        private var policies: [String: TinyMindPolicy] = [:]
        func policy(format: QFormat, rounding: TinyMindRounding) throws -> TinyMindPolicy {
            let key = "\(format) \(rounding)"
            if let policy = policies[key] { return policy }
            let policy = try TinyMindPolicy(format: format, rounding: rounding)
            policies[key] = policy
            return policy
        }
    }

    /// Spatium's emulation of a golden `function` column, nil for an unknown name.
    static func evaluator(_ function: String, format: QFormat, rounding: TinyMindRounding,
                          policies: PolicyCache) throws -> ((Int64) -> Int64)? {
        let mode = LUTMode.tinymind(rounding: rounding)
        let tables: [String: LUTFunction] = ["tanh": .tanh, "sigmoid": .sigmoid, "exp_lut": .exp,
                                             "log_lut": .log, "sin_lut": .sin, "cos_lut": .cos]
        if let tabulated = tables[function] {
            let table = try LookupTable(tabulated, format: format, mode: mode)
            return { table.eval(raw: $0) }
        }
        let policy = try policies.policy(format: format, rounding: rounding)
        switch function {
        case "relu": return { policy.relu($0) }
        case "elu": return { policy.elu($0) }
        case "gelu": return { policy.gelu($0) }
        case "tanh_deriv_of_output": return { policy.tanhDerivativeOfOutput($0) }
        case "sigmoid_deriv_of_output": return { policy.sigmoidDerivativeOfOutput($0) }
        default: return nil
        }
    }
}
