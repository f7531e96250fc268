import Glibc
import SpatiumRuntime

/// One (format, function) group of a golden CSV, rows in file order.
struct GoldenGroup {
    let format: String
    let function: String
    var inputs: [Int64] = []
    var outputs: [Int64] = []
}

/// One softmax row of golden_softmax.csv.
struct SoftmaxRow {
    let format: String
    let rounding: String
    let inputs: [Int64]
    let outputs: [Int64]
}

enum GoldenFileError: Error, CustomStringConvertible {
    case unreadable(path: String)
    case malformed(path: String, line: Int, reason: String)

    var description: String {
        switch self {
        case let .unreadable(path): return "cannot read \(path)"
        case let .malformed(path, line, reason): return "\(path):\(line): \(reason)"
        }
    }
}

/// Reads a whole file with Glibc.
func readWholeFile(_ path: String) throws -> [UInt8] {
    guard let file = fopen(path, "rb") else { throw GoldenFileError.unreadable(path: path) }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, 1 << 20, file) }
        if count <= 0 { break }
        bytes.append(contentsOf: chunk[0..<count])
    }
    return bytes
}

/// Splits the file into lines of comma-separated fields (header dropped).
func csvLines(_ bytes: [UInt8]) -> [[Substring]] {
    let text = String(decoding: bytes, as: UTF8.self)
    var lines: [[Substring]] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: true).dropFirst() {
        let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
        lines.append(trimmed.split(separator: ",", omittingEmptySubsequences: false))
    }
    return lines
}

/// Parses `format,function,input_raw,output_raw` into groups in first-seen order.
func readGoldenGroups(_ path: String) throws -> [GoldenGroup] {
    var groups: [GoldenGroup] = []
    var index: [String: Int] = [:]
    for (number, fields) in csvLines(try readWholeFile(path)).enumerated() {
        guard fields.count == 4, let input = Int64(fields[2]), let output = Int64(fields[3]) else {
            throw GoldenFileError.malformed(path: path, line: number + 2,
                                            reason: "expected format,function,input_raw,output_raw")
        }
        let key = "\(fields[0])|\(fields[1])"
        if index[key] == nil {
            index[key] = groups.count
            groups.append(GoldenGroup(format: String(fields[0]), function: String(fields[1])))
        }
        groups[index[key]!].inputs.append(input)
        groups[index[key]!].outputs.append(output)
    }
    return groups
}

/// Parses golden_softmax.csv (`format,rounding,inputs_raw,outputs_raw`, lists space-separated).
func readSoftmaxRows(_ path: String) throws -> [SoftmaxRow] {
    try csvLines(try readWholeFile(path)).enumerated().map { number, fields in
        let inputs = fields.count == 4 ? fields[2].split(separator: " ").compactMap { Int64($0) } : []
        let outputs = fields.count == 4 ? fields[3].split(separator: " ").compactMap { Int64($0) } : []
        guard fields.count == 4, !inputs.isEmpty, inputs.count == outputs.count else {
            throw GoldenFileError.malformed(path: path, line: number + 2,
                                            reason: "expected format,rounding,inputs_raw,outputs_raw")
        }
        return SoftmaxRow(format: String(fields[0]), rounding: String(fields[1]), inputs: inputs, outputs: outputs)
    }
}
