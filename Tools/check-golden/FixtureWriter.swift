import Glibc
import SpatiumRuntime

/// Writes the compact binary fixtures under Tests/Fixtures/tinymind/ from the full golden files.
///
/// Section file (`.tmgf`): magic "SPTMGF1\n", then sections until the end:
/// u8 I, u8 F, u8 rounding (0 truncate, 1 roundup), u8 value bytes (1/2/4/8), u8 layout
/// (0 dense: inputs are minRaw…maxRaw in order, 1 pairs), u8 name length, name (UTF-8),
/// u32 row count, [pairs: count inputs], count outputs; all little-endian two's complement.
enum FixtureWriter {
    struct Section {
        let format: QFormat
        let rounding: TinyMindRounding
        let function: String
        let dense: Bool
        let inputs: [Int64]
        let outputs: [Int64]
    }

    static func encode(_ sections: [Section]) -> [UInt8] {
        var bytes = Array("SPTMGF1\n".utf8)
        func put(_ value: Int64, _ width: Int) {
            for byte in 0..<width { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * byte))) }
        }
        for section in sections {
            let width = section.format.storageBytes
            bytes += [UInt8(section.format.integerBits), UInt8(section.format.fractionalBits),
                      section.rounding == .truncate ? 0 : 1, UInt8(width), section.dense ? 0 : 1,
                      UInt8(section.function.utf8.count)]
            bytes += Array(section.function.utf8)
            put(Int64(section.outputs.count), 4)
            if !section.dense { for input in section.inputs { put(input, width) } }
            for output in section.outputs { put(output, width) }
        }
        return bytes
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        guard let file = fopen(path, "wb") else { throw GoldenFileError.unreadable(path: path) }
        defer { fclose(file) }
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, file) }
    }

    /// The table whose values ±1 are interesting inputs for a golden function (quirk triggers).
    static func relevantTable(_ function: String) -> LUTFunction? {
        switch function {
        case "tanh": return .tanh
        case "sigmoid": return .sigmoid
        case "exp_lut", "elu": return .exp
        case "log_lut": return .log
        case "sin_lut": return .sin
        case "cos_lut": return .cos
        default: return nil
        }
    }

    /// Deterministic subsample: every `stride`-th row and the last, every input within ±1 of a
    /// knot of the table domain (when knots are ≥ 4 LSB apart), every input within ±1 of a value of the function's table, and (for consecutive
    /// inputs) both neighbours of any output that jumps off the line through its neighbours.
    static func subsample(_ group: GoldenGroup, format: QFormat, stride: Int) -> Section.Rows {
        var keep = [Bool](repeating: false, count: group.inputs.count)
        for index in keep.indices where index % stride == 0 || index == keep.count - 1 { keep[index] = true }
        if format.fractionalBits >= 5 {
            let spacing = Int64(1) << (format.fractionalBits - 3)
            let origin = Int128(6) << format.fractionalBits
            for (index, input) in group.inputs.enumerated() where (Int128(input).magnitude) <= UInt128(origin) + 1 {
                let phase = Int64((Int128(input) + origin) & Int128(spacing - 1))
                if phase == 0 || phase == 1 || phase == spacing - 1 { keep[index] = true }
            }
        }
        if let table = relevantTable(group.function),
           let values = try? LookupTable.tinyMindTableValues(table, format: format) {
            var interesting = Set<Int64>()
            for value in values { interesting.formUnion([value &- 1, value, value &+ 1]) }
            for (index, input) in group.inputs.enumerated() where interesting.contains(input) { keep[index] = true }
        }
        for index in 1..<Swift.max(1, group.inputs.count - 1)
        where group.inputs[index] &- group.inputs[index - 1] == 1 && group.inputs[index + 1] &- group.inputs[index] == 1 {
            let bend = 2 * Int128(group.outputs[index]) - Int128(group.outputs[index - 1]) - Int128(group.outputs[index + 1])
            if bend.magnitude > 4 { keep[index - 1] = true; keep[index] = true; keep[index + 1] = true }
        }
        let indices = keep.indices.filter { keep[$0] }
        return Section.Rows(inputs: indices.map { group.inputs[$0] }, outputs: indices.map { group.outputs[$0] })
    }

    static func isDense(_ group: GoldenGroup, format: QFormat) -> Bool {
        format.storageBits <= 16 && group.inputs.count == 1 << format.storageBits
            && group.inputs.enumerated().allSatisfy { $0.element == format.minRaw + Int64($0.offset) }
    }

    static func sections(fileName: String, groups: [GoldenGroup], dense: Bool, stride: (QFormat) -> Int) throws -> [Section] {
        let rounding = GoldenEvaluator.rounding(fileName: fileName)
        return try groups.map { group in
            let format = try QFormat(parsing: group.format)
            if dense && isDense(group, format: format) {
                return Section(format: format, rounding: rounding, function: group.function, dense: true,
                               inputs: [], outputs: group.outputs)
            }
            let rows = subsample(group, format: format, stride: stride(format))
            return Section(format: format, rounding: rounding, function: group.function, dense: false,
                           inputs: rows.inputs, outputs: rows.outputs)
        }
    }

    /// Writes every fixture; returns (file name, bytes) per file.
    static func writeAll(goldenDirectory: String, outputDirectory: String) throws -> [(String, Int)] {
        var written: [(String, Int)] = []
        func emit(_ name: String, _ bytes: [UInt8]) throws {
            try write(bytes, to: outputDirectory + "/" + name)
            written.append((name, bytes.count))
        }
        func groups(_ file: String) throws -> [GoldenGroup] { try readGoldenGroups(goldenDirectory + "/" + file) }

        var main: [Section] = []
        for file in ["golden_q8_8_truncate.csv", "golden_q8_8_roundup.csv"] {
            main += try sections(fileName: file, groups: try groups(file), dense: true) { _ in 1 }
        }
        try emit("q8_8_tanh_sigmoid.tmgf", encode(main))

        var extra: [Section] = []
        for file in ["golden_extra_q8_8_truncate.csv", "golden_extra_q8_8_roundup.csv"] {
            extra += try sections(fileName: file, groups: try groups(file), dense: false) { _ in 16 }
        }
        try emit("q8_8_extra.tmgf", encode(extra))

        var q16: [Section] = []
        for file in ["golden_q16_16_truncate.csv", "golden_q16_16_roundup.csv", "golden_extra_q16_16_truncate.csv"] {
            q16 += try sections(fileName: file, groups: try groups(file), dense: false) { _ in 8 }
        }
        try emit("q16_16.tmgf", encode(q16))

        let other = try sections(fileName: "golden_other_formats_truncate.csv",
                                 groups: try groups("golden_other_formats_truncate.csv"), dense: false) { format in
            format.storageBits == 8 ? 1 : (format.storageBits == 16 ? 32 : 8)
        }
        try emit("other_formats.tmgf", encode(other))

        // Softmax: u8 I, u8 F, u8 rounding, u8 count, count × i32 inputs, count × i32 outputs.
        var softmax = Array("SPTMSM1\n".utf8)
        for row in try readSoftmaxRows(goldenDirectory + "/golden_softmax.csv") {
            let format = try QFormat(parsing: row.format)
            softmax += [UInt8(format.integerBits), UInt8(format.fractionalBits),
                        row.rounding == "roundup" ? 1 : 0, UInt8(row.inputs.count)]
            for value in row.inputs + row.outputs {
                for byte in 0..<4 { softmax.append(UInt8(truncatingIfNeeded: value >> (8 * byte))) }
            }
        }
        try emit("softmax.bin", softmax)

        // Tables: the `<function>_signed` lines, order tanh sigmoid exp log sin cos, as N-bit LE words.
        for (name, width) in [("tables_q8_8", 2), ("tables_q16_16", 4)] {
            let file = name + ".txt"
            let text = String(decoding: try readWholeFile(goldenDirectory + "/" + file), as: UTF8.self)
            var bytes: [UInt8] = []
            for function in ["tanh", "sigmoid", "exp", "log", "sin", "cos"] {
                guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(function + "_signed:") }) else {
                    throw GoldenFileError.malformed(path: file, line: 0, reason: "no \(function)_signed line")
                }
                let values = line.split(separator: " ").dropFirst().compactMap { Int64($0) }
                guard values.count == 96 else {
                    throw GoldenFileError.malformed(path: file, line: 0, reason: "\(function): \(values.count) values, expected 96")
                }
                for value in values { for byte in 0..<width { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * byte))) } }
            }
            try emit(name + ".bin", bytes)
        }
        return written
    }
}

extension FixtureWriter.Section {
    struct Rows {
        let inputs: [Int64]
        let outputs: [Int64]
    }
}

