#if canImport(Glibc)
import Glibc
#endif
import SpatiumRuntime

/// Snapshot save and load of a 1 M-neuron brain with 16 M synapses (the bar: ≥ 1 GB/s).
enum SnapshotBenchmarks {
    static func run(_ harness: inout BenchmarkHarness) throws {
        guard harness.filter.map({ "snapshot".contains($0.lowercased()) || $0.lowercased().contains("snapshot") }) ?? true else { return }
        let (brain, _) = try EngineBenchmarks.model(side: 362, threads: 1)   // 362·362·8 = 1,048,352 neurons
        try brain.run(bursts: 3)
        let path = "/tmp/spatium-bench-\(getpid()).safetensors"
        defer { unlink(path) }
        try BrainSnapshot.save(brain, to: path)
        var info = stat()
        stat(path, &info)
        let bytes = Int(info.st_size)
        harness.measureRate("snapshot", "save 1 M neurons + 16 M synapses (\(bytes / 1_000_000) MB, fsync'd)",
                            items: bytes, unit: "MB/s") {
            try? BrainSnapshot.save(brain, to: path)
        }
        harness.measureRate("snapshot", "load 1 M neurons + 16 M synapses (\(bytes / 1_000_000) MB)",
                            items: bytes, unit: "MB/s") {
            blackHole(try? BrainSnapshot.load(path: path))
        }
    }
}
