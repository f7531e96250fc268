// check-golden: runs Spatium's TinyMind emulation over TinyMind's own golden vectors
// (reference/tinymind/golden/) and prints the mismatches per file; exit status 1 if any.
//
//   check-golden [GOLDEN_DIR]                          check every row of every file
//   check-golden --write-fixtures OUT_DIR [GOLDEN_DIR] write Tests/Fixtures/tinymind/ from them
import Glibc
import SpatiumRuntime

/// `../shared/reference/tinymind/golden` beside the repository (scripts pass it explicitly).
let defaultGoldenDirectory = "../shared/reference/tinymind/golden"
var arguments = Array(CommandLine.arguments.dropFirst())

func fail(_ message: String) -> Never {
    print("check-golden: \(message)")
    exit(2)
}

if arguments.first == "--write-fixtures" {
    guard arguments.count >= 2 else { fail("--write-fixtures needs an output directory") }
    let goldenDirectory = arguments.count >= 3 ? arguments[2] : defaultGoldenDirectory
    do {
        var total = 0
        for (name, size) in try FixtureWriter.writeAll(goldenDirectory: goldenDirectory, outputDirectory: arguments[1]) {
            print("wrote \(name): \(size) bytes")
            total += size
        }
        print("total \(total) bytes")
    } catch {
        fail("\(error)")
    }
    exit(0)
}

let goldenDirectory = arguments.first ?? defaultGoldenDirectory
let tableFiles = [
    "golden_q8_8_truncate.csv", "golden_q8_8_roundup.csv",
    "golden_q16_16_truncate.csv", "golden_q16_16_roundup.csv",
    "golden_other_formats_truncate.csv",
    "golden_extra_q8_8_truncate.csv", "golden_extra_q8_8_roundup.csv", "golden_extra_q16_16_truncate.csv",
]
var totalRows = 0
var totalMismatches = 0

for file in tableFiles {
    let path = goldenDirectory + "/" + file
    let groups: [GoldenGroup]
    do { groups = try readGoldenGroups(path) } catch { fail("\(error)") }
    let rounding = GoldenEvaluator.rounding(fileName: file)
    var rows = 0
    var mismatches = 0
    var refusedRows = 0
    var refusedFormats = Set<String>()
    var brokenMismatches = 0
    var details: [String] = []
    for group in groups {
        rows += group.inputs.count
        let result: (outputs: [Int64]?, refusal: String?)
        do { result = try GoldenEvaluator.evaluate(group, rounding: rounding) } catch { fail("\(file): \(error)") }
        if let outputs = result.outputs {
            var groupMismatches = 0
            for index in outputs.indices where outputs[index] != group.outputs[index] {
                groupMismatches += 1
                if groupMismatches <= 3 {
                    details.append("  \(group.format) \(group.function) x=\(group.inputs[index]):"
                        + " expected \(group.outputs[index]), got \(outputs[index])")
                }
            }
            if groupMismatches > 0 { details.append("  \(group.format) \(group.function): \(groupMismatches) mismatches") }
            mismatches += groupMismatches
        } else {
            refusedRows += group.inputs.count
            refusedFormats.insert(group.format)
            let broken = (try? GoldenEvaluator.brokenFormatOutputs(group)) ?? nil
            if let broken {
                brokenMismatches += zip(broken, group.outputs).filter { $0 != $1 }.count
            } else {
                brokenMismatches += group.inputs.count
            }
        }
    }
    var line = "\(file): \(rows) rows, \(mismatches) mismatches"
    if refusedRows > 0 {
        line += " (\(refusedRows) rows in \(refusedFormats.sorted().joined(separator: ", ")) not checked against"
            + " the library: tinymind mode refuses these formats (I < 4), as LOOKUP.md says they are not a target;"
            + " their recorded behaviour, x ≤ 0 → f(−6), x > 0 → f(5.875), reproduced with \(brokenMismatches) mismatches)"
        mismatches += brokenMismatches
    }
    print(line)
    details.forEach { print($0) }
    totalRows += rows
    totalMismatches += mismatches
}

do {
    let rows = try readSoftmaxRows(goldenDirectory + "/golden_softmax.csv")
    var mismatches = 0
    for row in rows {
        let format = try QFormat(parsing: row.format)
        let policy = try TinyMindPolicy(format: format, rounding: row.rounding == "roundup" ? .roundUp : .truncate)
        let outputs = policy.softmax(row.inputs)
        if outputs != row.outputs {
            mismatches += 1
            if mismatches <= 3 { print("  \(row.format) \(row.inputs): expected \(row.outputs), got \(outputs)") }
        }
    }
    print("golden_softmax.csv: \(rows.count) rows, \(mismatches) mismatches")
    totalRows += rows.count
    totalMismatches += mismatches
} catch {
    fail("golden_softmax.csv: \(error)")
}

print("total: \(totalRows) rows, \(totalMismatches) mismatches")
exit(totalMismatches == 0 ? 0 : 1)
