import Foundation
import Testing

/// The experiment scripts in `experiments/` in their quick mode, end to end through the binary:
/// exit status, every file they write (CSV headers, row counts, plausible values), the metrics
/// they return (`results` in manifest.json), strict `params`; and `scripts/plot` over their
/// outputs when `SPATIUM_PLOT_PYTHON` names a Python with matplotlib.
@Suite struct ExperimentScriptTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `experiments/<name>`.
    static func script(_ name: String) -> String {
        repository.appendingPathComponent("experiments").appendingPathComponent(name).path
    }

    /// What one quick run left behind.
    struct Run {
        var outcome: ScriptHarness.Outcome
        /// The `--out` directory.
        var out: URL
        /// manifest.json's `results` (the script's returned table).
        var results: [String: Any]

        /// A CSV file of the run, parsed.
        func table(_ name: String) throws -> CSVTable {
            try CSVTable(contentsOf: out.appendingPathComponent(name))
        }

        /// A returned metric as a number (nil when missing or not a number).
        func metric(_ key: String) -> Double? {
            (results[key] as? NSNumber)?.doubleValue
        }
    }

    /// A CSV file: the header row and every other row by column name (RFC 4180 quoting).
    struct CSVTable {
        var header: [String]
        var rows: [[String: String]]

        init(contentsOf url: URL) throws {
            let records = CSVTable.parse(try String(contentsOf: url, encoding: .utf8))
            let header = records.first ?? []
            self.header = header
            rows = records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
        }

        /// The records of `text`: fields split at commas outside quotes, `""` inside quotes is `"`.
        static func parse(_ text: String) -> [[String]] {
            var records: [[String]] = [], record: [String] = [], field = ""
            var quoted = false, previousWasQuote = false
            for character in text {
                if quoted {
                    if character == "\"" { quoted = false; previousWasQuote = true } else { field.append(character) }
                    continue
                }
                switch character {
                case "\"":
                    if previousWasQuote { field.append("\"") }
                    quoted = true
                case ",":
                    record.append(field); field = ""
                case "\n":
                    record.append(field); field = ""
                    records.append(record); record = []
                default:
                    field.append(character)
                }
                previousWasQuote = false
            }
            if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
            return records
        }

        /// The values of `column` as numbers (NaN where a value is not a number).
        func numbers(_ column: String) -> [Double] {
            rows.map { Double($0[column] ?? "") ?? .nan }
        }
    }

    /// Runs `experiments/<name>` with `--param quick=true` (and `parameters`, and `--sandbox` when
    /// `sandbox`) into a fresh `--out` directory, from another fresh directory as the working
    /// directory; or from `workingDirectory`, naming the script by `scriptPath` (relative to it).
    static func runQuick(_ name: String, _ parameters: [String] = [], out: URL? = nil, sandbox: Bool = false,
                         workingDirectory: URL? = nil, scriptPath: String? = nil) throws -> Run {
        let directory = ScriptHarness.temporaryDirectory()
        let out = out ?? directory.appendingPathComponent("out")
        let outcome = try ScriptHarness.run((sandbox ? ["--sandbox"] : []) + ["--quiet", "--param", "quick=true"]
                                            + parameters.flatMap { ["--param", $0] }
                                            + ["--out", out.path, scriptPath ?? script(name)],
                                            in: workingDirectory ?? directory)
        var results: [String: Any] = [:]
        if let data = try? Data(contentsOf: out.appendingPathComponent("manifest.json")),
           let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            results = manifest["results"] as? [String: Any] ?? [:]
        }
        return Run(outcome: outcome, out: out, results: results)
    }

    static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

    // MARK: The experiments

    @Test func gradientSweepWritesTheRateOfEveryColumn() throws {
        let run = try Self.runQuick("gradient_sweep.lua")
        #expect(run.outcome.status == 0, "\(run.outcome.stderr)")
        let rates = try run.table("rates.csv")
        #expect(rates.header == ["increment", "x", "rate", "spikes"])
        #expect(rates.rows.count == 4 * 16)
        #expect(Set(rates.rows.compactMap { $0["increment"] }) == ["0", "0.5", "1", "2"])
        #expect(rates.numbers("rate").allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(rates.numbers("spikes").reduce(0, +) > 0)
        #expect(run.metric("bursts") == 100)
        #expect((run.metric("mean_rate") ?? -1) > 0)
    }

    @Test func activationLayoutsWritesHitMapsAndSpikeStatisticsPerLayout() throws {
        let run = try Self.runQuick("activation_layouts.lua")
        #expect(run.outcome.status == 0, "\(run.outcome.stderr)")
        let layouts = ["uniform", "random", "gradient", "radial"]
        for layout in layouts {
            let svg = try String(contentsOf: run.out.appendingPathComponent("hits_\(layout).svg"), encoding: .utf8)
            #expect(svg.contains("<svg") && svg.contains("</svg>"), "hits_\(layout).svg")
        }

        let neurons = 12 * 12 * 2, bursts = 60
        let hits = try run.table("hits.csv")
        #expect(hits.header == ["layout", "row", "col", "function", "hits"])
        #expect(hits.rows.count == 64 * layouts.count)
        #expect(hits.rows.filter { $0["layout"] == "uniform" }.allSatisfy { $0["function"] == "relu" })
        #expect(hits.rows.filter { $0["layout"] == "random" }.allSatisfy { $0["function"] == "mixed" })
        let gradientCenter = hits.rows.filter { $0["layout"] == "gradient" && $0["row"] == "3" && $0["col"] == "4" }
        #expect(gradientCenter.first?["function"] == "gelu")
        for layout in layouts {
            let total = hits.rows.filter { $0["layout"] == layout }.reduce(0) { $0 + (Int($1["hits"] ?? "") ?? -1_000_000) }
            #expect(total == neurons * bursts, "\(layout): every neuron has input (the drive) in every burst")
        }

        let stats = try run.table("spike_stats.csv")
        #expect(stats.header == ["layout", "description", "neurons", "bursts", "total_spikes", "mean_rate", "rate_sd",
                                 "silent_neurons", "total_hits", "hit_entropy_bits", "dead_cells", "synaptic_events"])
        #expect(stats.rows.map { $0["layout"] ?? "" } == layouts)
        #expect(stats.rows.first?["description"] == "uniform(relu)")
        for row in stats.rows {
            let rate = Double(row["mean_rate"] ?? "") ?? -1
            #expect(rate > 0 && rate < 1)
            #expect(Int(row["total_hits"] ?? "") == neurons * bursts)
            #expect(abs((Double(row["total_spikes"] ?? "") ?? -1) - rate * Double(neurons * bursts)) < 1e-6)
            let entropy = Double(row["hit_entropy_bits"] ?? "") ?? -1
            #expect(entropy > 0 && entropy <= 6)
            #expect((0...64).contains(Int(row["dead_cells"] ?? "") ?? -1))
        }

        let shares = try run.table("function_share.csv")
        #expect(shares.header == ["layout", "function", "cells", "hit_share"])
        for layout in layouts {
            let rows = shares.rows.filter { $0["layout"] == layout }
            #expect(rows.reduce(0) { $0 + (Int($1["cells"] ?? "") ?? 0) } == 64)
            #expect(abs(rows.reduce(0) { $0 + (Double($1["hit_share"] ?? "") ?? 0) } - 1) < 1e-9)
        }
        #expect(Set(shares.rows.filter { $0["layout"] == "radial" }.compactMap { $0["function"] })
                == ["relu", "gelu", "tanh", "sigmoid"])

        #expect(run.metric("bursts") == Double(bursts))
        #expect(run.metric("neurons") == Double(neurons))
        for layout in layouts {
            #expect(run.metric("rate_\(layout)") != nil && run.metric("entropy_\(layout)") != nil
                    && run.metric("dead_\(layout)") != nil, "\(layout)")
        }
    }

    @Test func precisionSweepComparesEveryPrecisionWithFloat() throws {
        let run = try Self.runQuick("precision_sweep.lua")
        #expect(run.outcome.status == 0, "\(run.outcome.stderr)")
        let neurons = 8 * 8 * 2, bursts = 40
        let precisions = ["f32 none", "q8.8 spatium", "q8.8 tinymind", "q6.10 spatium", "q6.10 tinymind",
                          "q4.4 spatium", "q4.4 tinymind"]

        let agreement = try run.table("agreement.csv")
        #expect(agreement.header == ["format", "mode", "burst", "agreement", "chance", "mismatches", "fired", "fired_f32"])
        #expect(agreement.rows.count == precisions.count * bursts)
        for precision in precisions {
            let rows = agreement.rows.filter { "\($0["format"] ?? "") \($0["mode"] ?? "")" == precision }
            #expect(rows.map { Int($0["burst"] ?? "") ?? 0 } == Array(1...bursts), "\(precision)")
        }
        for row in agreement.rows {
            let value = Double(row["agreement"] ?? "") ?? -1
            let mismatches = Int(row["mismatches"] ?? "") ?? -1
            #expect(value >= 0 && value <= 1)
            #expect(abs(value - (1 - Double(mismatches) / Double(neurons))) < 1e-12)
        }
        let float = agreement.rows.filter { $0["format"] == "f32" }
        #expect(float.allSatisfy { $0["agreement"] == "1.0" && $0["mismatches"] == "0" && $0["fired"] == $0["fired_f32"] },
                "a second f32 run agrees with the reference in every burst")
        #expect(float.reduce(0) { $0 + (Int($1["fired"] ?? "") ?? 0) } > 0)

        let runs = try run.table("runs.csv")
        #expect(runs.header == ["format", "mode", "precision", "total_spikes", "mean_rate", "mean_agreement",
                                "min_agreement", "first_mismatch_burst"])
        #expect(runs.rows.map { "\($0["format"] ?? "") \($0["mode"] ?? "")" } == precisions)
        #expect(runs.rows.map { $0["precision"] ?? "" }
                == ["f32", "q8.8", "q8.8:tinymind", "q6.10", "q6.10:tinymind", "q4.4", "q4.4:tinymind"])
        #expect(runs.rows.first?["first_mismatch_burst"] == "0")

        let errors = try run.table("lut_errors.csv")
        #expect(errors.header == ["format", "mode", "function", "entries", "max_error", "max_error_lsb", "mean_error",
                                  "mean_error_lsb", "max_error_at", "monotone", "inputs", "exhaustive"])
        #expect(errors.rows.count == 3 * (3 + 2), "tanh, sigmoid, gelu in spatium mode; TinyMind has no gelu table")
        let spatium = errors.rows.filter { $0["mode"] == "spatium" }
        #expect(!spatium.isEmpty && spatium.allSatisfy { $0["monotone"] == "true" })
        let spatiumTanh = spatium.first { $0["format"] == "q8.8" && $0["function"] == "tanh" }
        #expect((Double(spatiumTanh?["max_error_lsb"] ?? "") ?? 99) < 1)
        let tinyTanh = errors.rows.first { $0["format"] == "q8.8" && $0["mode"] == "tinymind" && $0["function"] == "tanh" }
        #expect(tinyTanh?["monotone"] == "false", "TinyMind's T[i] == x quirk")
        #expect(errors.rows.first { $0["format"] == "q8.8" }?["inputs"] == "3041")

        #expect(run.metric("agreement_f32") == 1)
        for key in ["agreement_q8_8_spatium", "agreement_q8_8_tinymind", "agreement_q4_4_tinymind"] {
            let value = run.metric(key) ?? -1
            #expect(value > 0 && value <= 1, "\(key)")
        }
        #expect(run.metric("bursts") == Double(bursts))
        #expect(run.metric("neurons") == Double(neurons))
    }

    @Test func feagiGenomeRunsTheShippedProbeGenomeFromAnyDirectory() throws {
        let run = try Self.runQuick("feagi_genome.lua")
        #expect(run.outcome.status == 0, "\(run.outcome.stderr)")
        let rates = try run.table("area_rates.csv")
        #expect(rates.header == ["area", "title", "neurons", "spikes", "rate"])
        #expect(rates.rows.count == 13)
        let power = rates.rows.first
        #expect(power?["area"] == "_power" && power?["spikes"] == "50" && power?["rate"] == "1.0",
                "the power neuron fires in every burst")
        let spikes = rates.numbers("spikes").reduce(0, +)
        #expect(rates.rows.filter { ($0["spikes"] ?? "0") != "0" }.count == 11)

        let activity = try run.table("activity.csv")
        #expect(activity.header == ["burst", "spikes"])
        #expect(activity.rows.map { $0["burst"] ?? "" } == (1...50).map(String.init))
        #expect(activity.numbers("spikes").reduce(0, +) == spikes)

        #expect(run.metric("total_spikes") == spikes)
        #expect(run.metric("active_areas") == 11)
        #expect(run.metric("areas") == 13)
        #expect(run.metric("neurons") == 13)
        #expect(run.metric("bursts") == 50)
    }

    @Test func feagiGenomeTakesAGenomePathAndADrive() throws {
        let genome = Self.repository.appendingPathComponent("Tests/Fixtures/feagi/barebones_genome.json").path
        let run = try Self.runQuick("feagi_genome.lua", ["genome=\(genome)", "bursts=20", "drive=3"])
        #expect(run.outcome.status == 0, "\(run.outcome.stderr)")
        let rates = try run.table("area_rates.csv")
        #expect(rates.rows.count == 2)
        #expect(run.metric("areas") == 2)
        #expect(run.metric("bursts") == 20)
    }

    @Test func lutExportWritesHeadersCurvesAndErrorFigures() throws {
        let run = try Self.runQuick("lut_export.lua")
        #expect(run.outcome.status == 0, "\(run.outcome.stderr)")
        let errors = try run.table("errors.csv")
        #expect(errors.header == ["function", "format", "mode", "max_error", "max_error_lsb", "mean_error", "mean_error_lsb",
                                  "rms_error", "rms_error_lsb", "max_error_at", "monotone", "entries", "spacing", "bytes",
                                  "inputs", "exhaustive", "header", "curve"])
        var stems: [String] = []
        for function in ["tanh", "sigmoid"] {
            for format in ["q8_8", "q4_4"] {
                for mode in ["spatium", "tinymind"] { stems.append("\(function)_\(format)_\(mode)") }
            }
        }
        #expect(errors.rows.map { $0["header"] ?? "" } == stems.map { $0 + ".h" })
        #expect(errors.rows.map { $0["curve"] ?? "" } == stems.map { $0 + ".csv" })
        for row in errors.rows {
            let maximum = Double(row["max_error_lsb"] ?? "") ?? -1
            let rms = Double(row["rms_error_lsb"] ?? "") ?? -1
            let mean = Double(row["mean_error_lsb"] ?? "") ?? -1
            #expect(rms >= mean * 0.999 && rms <= maximum * 1.0001, "\(row["header"] ?? "")")
            if row["mode"] == "spatium" { #expect(maximum <= 1, "\(row["header"] ?? "")") }
        }

        let header = try String(contentsOf: run.out.appendingPathComponent("tanh_q8_8_spatium.h"), encoding: .utf8)
        #expect(header.contains("static const int16_t tanh_q8_8_spatium[96] = {"))
        #expect(header.contains("#define TANH_Q8_8_SPATIUM_FRACTIONAL_BITS 8"))
        let narrow = try String(contentsOf: run.out.appendingPathComponent("sigmoid_q4_4_tinymind.h"), encoding: .utf8)
        #expect(narrow.contains("static const int8_t sigmoid_q4_4_tinymind[96] = {"))

        let curve = try run.table("tanh_q8_8_spatium.csv")
        #expect(curve.header == ["x", "exact", "table", "error"])
        #expect(curve.rows.count == 3041, "every Q8.8 input of [-6, 5.875]")
        for row in curve.rows.prefix(50) {
            let exact = Double(row["exact"] ?? "") ?? .nan, table = Double(row["table"] ?? "") ?? .nan
            #expect(abs((Double(row["error"] ?? "") ?? .nan) - (table - exact)) < 1e-12)
        }

        #expect(run.metric("tables") == 8)
        #expect(run.metric("max_lsb_tanh_q8_8_spatium") == Double(errors.rows.first?["max_error_lsb"] ?? ""))
        #expect((run.metric("worst_max_error_lsb") ?? 0) > 1, "TinyMind's tables are off by more than one LSB")
    }

    @Test func lutExportSkipsWhatAModeCannotMake() throws {
        let run = try Self.runQuick("lut_export.lua", ["functions=gelu", "formats=q8.8", "curves=false"])
        #expect(run.outcome.status == 0, "\(run.outcome.stderr)")
        #expect(run.outcome.stdout.contains("skipped gelu_q8_8_tinymind: TinyMind has no gelu table"))
        let errors = try run.table("errors.csv")
        #expect(errors.rows.count == 1)
        #expect(errors.rows.first?["curve"] == "" && Double(errors.rows.first?["rms_error"] ?? "") != nil)   // rms from lut:error()
        #expect(!Self.exists(run.out.appendingPathComponent("gelu_q8_8_spatium.csv")))
        #expect(Self.exists(run.out.appendingPathComponent("gelu_q8_8_spatium.h")))
    }

    /// A parameter a script must refuse, and the start of its message.
    struct MalformedParameter: Sendable, CustomTestStringConvertible {
        var script: String
        var parameter: String
        var message: String
        var testDescription: String { "\(script) \(parameter)" }
    }

    @Test(arguments: [
        MalformedParameter(script: "gradient_sweep.lua", parameter: "increments=0,x",
                           message: "params.increments: 'x' is not a number"),
        MalformedParameter(script: "activation_layouts.lua", parameter: "burst=10",
                           message: "params.burst: unknown parameter (known: quick, size, depth, bursts,"),
        MalformedParameter(script: "activation_layouts.lua", parameter: "layouts=uniform,spiral",
                           message: "params.layouts: expected a comma list of uniform, random, gradient, radial, got 'spiral'"),
        MalformedParameter(script: "activation_layouts.lua", parameter: "fn=relux",
                           message: "params.fn: unknown activation function 'relux'"),
        MalformedParameter(script: "precision_sweep.lua", parameter: "formats=q3.3",
                           message: "params.formats: 'q3.3': invalid Q format"),
        MalformedParameter(script: "precision_sweep.lua", parameter: "bursts=0",
                           message: "params.bursts: expected an integer >= 1, got '0'"),
        MalformedParameter(script: "feagi_genome.lua", parameter: "drive_areas=nowhere",
                           message: "params.drive_areas: expected a drive (params.drive) to apply, got 'nowhere'"),
        MalformedParameter(script: "lut_export.lua", parameter: "functions=tanh,foo",
                           message: "params.functions: 'foo': field 'fn': unknown function \"foo\""),
        MalformedParameter(script: "lut_export.lua", parameter: "quick=yes",
                           message: "params.quick: expected true or false, got 'yes'"),
    ])
    func malformedParamsAreErrorsThatSayWhatWasExpected(_ malformed: MalformedParameter) throws {
        let run = try Self.runQuick(malformed.script, [malformed.parameter])
        #expect(run.outcome.status == 1)
        #expect(run.outcome.stderr.hasPrefix("spatium-script: \(malformed.message)"), "\(run.outcome.stderr)")
    }

    /// Every experiment finds experiments/lib/params.lua next to its own file: under --sandbox (no
    /// debug.getinfo), from a working directory other than experiments/ and the repository, with
    /// the script named by an absolute path and by a relative one; strict params still hold there.
    @Test(arguments: ["gradient_sweep.lua", "activation_layouts.lua", "precision_sweep.lua", "feagi_genome.lua",
                      "lut_export.lua"])
    func experimentsRunInTheSandboxFromAnotherDirectory(_ name: String) throws {
        let absolute = try Self.runQuick(name, sandbox: true)
        #expect(absolute.outcome.status == 0, "\(absolute.outcome.stderr)")
        #expect(absolute.metric("bursts") != nil || absolute.metric("tables") != nil, "\(absolute.results)")
        let manifest = try Data(contentsOf: absolute.out.appendingPathComponent("manifest.json"))
        #expect((try JSONSerialization.jsonObject(with: manifest) as? [String: Any])?["sandbox"] as? Bool == true)

        let fixtures = Self.repository.appendingPathComponent("Tests/Fixtures")
        let relative = try Self.runQuick(name, sandbox: true, workingDirectory: fixtures, scriptPath: "../../experiments/\(name)")
        #expect(relative.outcome.status == 0, "\(relative.outcome.stderr)")
        #expect(NSDictionary(dictionary: relative.results).isEqual(to: absolute.results), "the same run either way")

        let malformed = name == "gradient_sweep.lua" ? "increments=0,x" : "nonsense=1"
        let refused = try Self.runQuick(name, [malformed], sandbox: true)
        #expect(refused.outcome.status == 1)
        let message = name == "gradient_sweep.lua" ? "params.increments: 'x' is not a number"
            : "params.nonsense: unknown parameter (known: quick, "
        #expect(refused.outcome.stderr.hasPrefix("spatium-script: \(message)"), "\(refused.outcome.stderr)")
    }

    // MARK: scripts/plot

    static let plot = repository.appendingPathComponent("scripts/plot").path

    /// The Python with matplotlib that scripts/test exports (nil: the figures test is skipped).
    static let plotPython = ProcessInfo.processInfo.environment["SPATIUM_PLOT_PYTHON"]

    static let python3: String? = try? ScriptHarness.which("python3")

    /// Runs scripts/plot with `arguments`; stdout and stderr apart.
    static func runPlot(_ arguments: [String]) throws -> ScriptHarness.Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: plot)
        process.arguments = arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ScriptHarness.Outcome(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                                     stderr: String(decoding: err, as: UTF8.self))
    }

    static func isPNG(_ url: URL) -> Bool {
        guard let data = try? Data(contentsOf: url), data.count > 8 else { return false }
        return Array(data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    }

    @Test("scripts/plot draws every experiment's figures, for one run and for a sweep",
          .enabled(if: ExperimentScriptTests.plotPython != nil, "SPATIUM_PLOT_PYTHON is not set"))
    func plotDrawsEveryExperiment() throws {
        let sweep = ScriptHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: sweep) }
        let experiments = ["gradient_sweep", "activation_layouts", "precision_sweep", "feagi_genome", "lut_export"]
        var summary = "point,experiment,status,seconds,error\n"
        for (index, name) in experiments.enumerated() {
            let point = "experiment=\(name)"
            let run = try Self.runQuick(name + ".lua", out: sweep.appendingPathComponent(point))
            #expect(run.outcome.status == 0, "\(name): \(run.outcome.stderr)")
            summary += "\(point),\(name),ok,\(index + 1).5,\n"
        }
        summary += "experiment=broken,broken,failed,0.1,\"it failed\"\n"
        try summary.write(to: sweep.appendingPathComponent("summary.csv"), atomically: true, encoding: .utf8)

        // One run's directory.
        let single = sweep.appendingPathComponent("single-figures")
        let one = try Self.runPlot([sweep.appendingPathComponent("experiment=gradient_sweep").path, "--out", single.path])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout == single.appendingPathComponent("rates.png").path + "\n")
        #expect(Self.isPNG(single.appendingPathComponent("rates.png")))

        // The sweep: every point's figures, the rates of every point together, the summary.
        let all = try Self.runPlot([sweep.path])
        #expect(all.status == 0, "\(all.stderr)")
        let figures = sweep.appendingPathComponent("figures")
        var expected = ["rates.png", "summary_seconds.png",
                        "experiment=gradient_sweep/rates.png",
                        "experiment=activation_layouts/hits.png", "experiment=activation_layouts/spike_stats.png",
                        "experiment=precision_sweep/agreement.png", "experiment=precision_sweep/lut_errors.png",
                        "experiment=feagi_genome/area_rates.png", "experiment=feagi_genome/activity.png",
                        "experiment=lut_export/errors.png"]
        for table in ["tanh_q8_8_spatium", "tanh_q4_4_tinymind", "sigmoid_q8_8_tinymind", "sigmoid_q4_4_spatium"] {
            expected.append("experiment=lut_export/\(table).png")
        }
        let printed = Set(all.stdout.split(separator: "\n").map(String.init))
        for name in expected {
            let url = figures.appendingPathComponent(name)
            #expect(printed.contains(url.path), "\(name) not printed")
            #expect(Self.isPNG(url), "\(name) is missing or not a PNG")
        }
        #expect(!Self.exists(figures.appendingPathComponent("experiment=broken")))
    }

    @Test(.enabled(if: ExperimentScriptTests.python3 != nil, "python3 is not installed"))
    func plotSaysWhyThereIsNothingToDraw() throws {
        let directory = ScriptHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("missing").path
        let absent = try Self.runPlot([missing])
        #expect(absent.status == 1)
        #expect(absent.stderr == "plot: \(missing): no such directory\n")
        #expect(absent.stdout == "")

        ScriptHarness.write("a,b\n1,2\n", to: "other.csv", in: directory)
        let empty = try Self.runPlot([directory.path])
        #expect(empty.status == 1)
        #expect(empty.stderr == "plot: \(directory.path): nothing to plot (no CSV written by the experiments in experiments/)\n")
    }
}
