#if canImport(Glibc)
import Glibc
#endif

// spatium-bench [filter] [--samples N]: runs the micro-benchmarks and prints one Markdown table.
// spatium-bench --model [options]: runs the benchmark model once, as the peers do (BenchmarkModel.swift).
var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--model" {
    exit(BenchmarkModel.main(Array(arguments.dropFirst())))
}
var harness = BenchmarkHarness()
if let index = arguments.firstIndex(of: "--samples"), index + 1 < arguments.count, let n = Int(arguments[index + 1]) {
    harness.samples = max(n, 1)
    arguments.removeSubrange(index...(index + 1))
}
harness.filter = arguments.first

do {
    ProcessBenchmarks.run(&harness)
    try BridgeBenchmarks.run(&harness)
    try ActivationBenchmarks.run(&harness)
    try FixedPointBenchmarks.run(&harness)
    try NeuronBenchmarks.run(&harness)
    try EngineBenchmarks.run(&harness)
    try SnapshotBenchmarks.run(&harness)
    SweepBenchmarks.run(&harness)
} catch {
    fputs("spatium-bench: \(error)\n", stderr)
    exit(1)
}
print(harness.markdown())
