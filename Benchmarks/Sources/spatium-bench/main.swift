#if canImport(Glibc)
import Glibc
#endif

// spatium-bench [filter] [--samples N]: runs the micro-benchmarks and prints one Markdown table.
var harness = BenchmarkHarness()
var arguments = Array(CommandLine.arguments.dropFirst())
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
} catch {
    fputs("spatium-bench: \(error)\n", stderr)
    exit(1)
}
print(harness.markdown())
