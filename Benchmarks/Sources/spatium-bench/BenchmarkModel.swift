#if canImport(Glibc)
import Glibc
#endif
import SpatiumLua
import SpatiumRuntime

/// The shared benchmark model of `../shared/reference/peers/MODEL.md` in Spatium's dense mode,
/// and `spatium-bench --model …`, which runs it the way the peers in `Benchmarks/peers/` do and
/// prints one JSON line in their format (see `Benchmarks/peers/model.py`).
///
/// Model: W×H×D grid, one neuron per voxel, threshold 1 + x/W + 0.25·y/H + 0.25·z/D, firing
/// window up to 1.8, leak 0.1, refractory 2, fixed in-degree K (weight 0.05, partners drawn
/// uniformly with replacement), drive I0 + Iamp·U(0,1) every burst.
enum BenchmarkModel {
    /// Builds the model. `partners` (the peers' numbering `x + W·(y + H·z)`, entry `post·K + k`
    /// is the k-th presynaptic partner of `post`) gives the exact connectivity of a peer;
    /// without it the partners are Spatium's seeded random in-degree K.
    static func build(width: Int, height: Int, depth: Int, k: Int = 16, constant: Float = 0.1, uniform: Float = 0.2,
                      partners: [Int32]? = nil, threads: Int) throws -> (Brain, CorticalArea) {
        let brain = Brain(seed: 1)
        let parameters = NeuronParameters(
            threshold: .linear(base: 1, x: 1 / Float(width), y: 0.25 / Float(height), z: 0.25 / Float(depth)),
            thresholdLimit: .uniform(1.8), leak: .uniform(0.1), refractory: 2, mpAccumulation: true)
        let area = try brain.addArea(name: "grid", width: width, height: height, depth: depth, parameters: parameters)
        let morphology: Morphology
        if let partners {
            // Peers number x fastest; Spatium's local index of voxel (x, y, z) is (x·H + y)·D + z.
            func local(_ peer: Int) -> Int {
                let x = peer % width, y = (peer / width) % height, z = peer / (width * height)
                return (x * height + y) * depth + z
            }
            var pairs: [NeuronPair] = []
            pairs.reserveCapacity(partners.count)
            for (entry, source) in partners.enumerated() {
                pairs.append(NeuronPair(source: local(Int(source)), destination: local(entry / k)))
            }
            morphology = .explicit(pairs: pairs)
        } else {
            morphology = .random(k: k, seed: 1)
        }
        try brain.connect("grid", "grid", morphology: morphology, weight: 0.05, psp: 1)
        brain.dynamics = .dense
        brain.threads = threads
        brain.engine.setDrive(BackgroundDrive(constant: constant, uniform: uniform), for: area)
        try brain.engine.prepare()
        return (brain, area)
    }

    /// Reads a partner file: int32 little-endian, `count` entries.
    static func readPartners(_ path: String, count: Int) throws -> [Int32] {
        let bytes = try GenomeLoader.readFile(path)
        guard bytes.count == count * 4 else {
            throw ModelError("\(path): \(bytes.count) bytes, expected \(count * 4) (N·K int32)")
        }
        return bytes.withUnsafeBytes { raw in
            (0..<count).map { Int32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)) }
        }
    }

    struct ModelError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static let usage = """
        spatium-bench --model [--size WxHxD] [--synapses K] [--bursts B] [--i0 X] [--iamp X]
                              [--pre-file FILE] [--threads T] [--repeat R] [--warmup B]
        Runs the benchmark model (MODEL.md) and prints one JSON line: total_spikes, syn_events,
        spikes_per_x, run_s (median of R timed runs of B bursts each, after the warm-up bursts),
        neuron_updates_per_s. Counts cover every burst simulated (warm-up included); timed_spikes
        only the timed runs (timed_bursts bursts).
        """

    /// `spatium-bench --model …`; returns the exit status.
    static func main(_ arguments: [String]) -> Int32 {
        var width = 64, height = 64, depth = 8, k = 16, bursts = 1000, threads = 1, repeats = 1, warmup = 0
        var constant: Float = 0.1, uniform: Float = 0.2
        var preFile: String?
        var index = 0
        func value() throws -> String {
            index += 1
            guard index < arguments.count else { throw ModelError("\(arguments[index - 1]) needs a value") }
            return arguments[index]
        }
        func integer() throws -> Int {
            let text = try value()
            guard let number = Int(text), number >= 0 else { throw ModelError("\(arguments[index - 1]): '\(text)' is not a count") }
            return number
        }
        func real() throws -> Float {
            let text = try value()
            guard let number = Float(text) else { throw ModelError("\(arguments[index - 1]): '\(text)' is not a number") }
            return number
        }
        do {
            while index < arguments.count {
                switch arguments[index] {
                case "--size":
                    let text = try value()
                    let parts = text.lowercased().split(separator: "x").compactMap { Int($0) }
                    guard parts.count == 3, parts.allSatisfy({ $0 > 0 }) else { throw ModelError("--size: '\(text)' is not WxHxD") }
                    (width, height, depth) = (parts[0], parts[1], parts[2])
                case "--synapses": k = try integer()
                case "--bursts": bursts = try integer()
                case "--i0": constant = try real()
                case "--iamp": uniform = try real()
                case "--pre-file": preFile = try value()
                case "--threads": threads = max(try integer(), 1)
                case "--repeat": repeats = max(try integer(), 1)
                case "--warmup": warmup = try integer()
                case "--help", "-h":
                    print(usage)
                    return 0
                default: throw ModelError("unknown option '\(arguments[index])'\n\(usage)")
                }
                index += 1
            }
            let start = BenchmarkHarness.now()
            let n = width * height * depth
            let partners = try preFile.map { try readPartners($0, count: n * k) }
            let (brain, area) = try build(width: width, height: height, depth: depth, k: k, constant: constant,
                                          uniform: uniform, partners: partners, threads: threads)
            let buildSeconds = (BenchmarkHarness.now() - start) / 1e9
            if warmup > 0 { try brain.run(bursts: warmup) }
            let spikesBefore = brain.engine.totalSpikes
            var times: [Double] = []
            for _ in 0..<repeats {
                let t0 = BenchmarkHarness.now()
                try brain.run(bursts: bursts)
                times.append((BenchmarkHarness.now() - t0) / 1e9)
            }
            let engine = brain.engine
            var perX = [UInt64](repeating: 0, count: width)
            for (local, count) in engine.spikeCounts(in: area).enumerated() {
                perX[local / (height * depth)] += UInt64(count)
            }
            let median = times.sorted()[times.count / 2]
            let simulated = warmup + repeats * bursts
            let fields: [(String, String)] = [
                ("peer", "\"spatium-\(SpatiumModule.version)\""),
                ("target", "\"dense/f32\""),
                ("threads", "\(threads)"),
                ("size", "\"\(width)x\(height)x\(depth)\""),
                ("N", "\(n)"),
                ("K", "\(k)"),
                ("bursts", "\(bursts)"),
                ("repeat", "\(repeats)"),
                ("bursts_simulated", "\(simulated)"),
                ("total_spikes", "\(engine.totalSpikes)"),
                ("syn_events", "\(engine.synapticEvents)"),
                ("timed_spikes", "\(engine.totalSpikes - spikesBefore)"),
                ("timed_bursts", "\(repeats * bursts)"),
                ("build_s", "\(buildSeconds)"),
                ("run_s", "\(median)"),
                ("runs_s", "[\(times.map { "\($0)" }.joined(separator: ", "))]"),
                ("neuron_updates_per_s", "\(Double(n * bursts) / median)"),
                ("spikes_per_x", "[\(perX.map(String.init).joined(separator: ", "))]"),
            ]
            print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
            withExtendedLifetime(brain) {}
            return 0
        } catch {
            fputs("spatium-bench --model: \(error)\n", stderr)
            return 2
        }
    }
}
