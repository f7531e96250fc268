#if canImport(Glibc)
import Glibc
#endif

/// Warm-up, repeated samples, median and spread: the measurement rule of every figure.
struct BenchmarkHarness {
    struct Result {
        let group: String
        let name: String
        let unit: String
        let median: Double
        let minimum: Double
        let maximum: Double
        let samples: Int
    }

    var samples = 7
    var filter: String?
    private(set) var results: [Result] = []
    /// Whether the last `measure` call recorded a result (the filter may have skipped it).
    private var lastMeasured = false

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) * 1e9 + Double(time.tv_nsec)
    }

    /// Whether the filter selects this benchmark.
    func wants(_ group: String, _ name: String) -> Bool {
        guard let filter else { return true }
        return "\(group) \(name)".lowercased().contains(filter.lowercased())
    }

    /// Records samples measured by the caller (already in `unit`): median, min and max.
    mutating func record(_ group: String, _ name: String, unit: String, samples values: [Double]) {
        guard wants(group, name), !values.isEmpty else { return }
        let sorted = values.sorted()
        results.append(Result(group: group, name: name, unit: unit, median: sorted[sorted.count / 2],
                              minimum: sorted.first!, maximum: sorted.last!, samples: sorted.count))
        fputs("\(group) · \(name): done\n", stderr)
    }

    /// Times `body`, which processes `items` items per call, and records ns per item.
    mutating func measure(_ group: String, _ name: String, items: Int, unit: String = "ns/element",
                          _ body: () -> Void) {
        lastMeasured = false
        guard wants(group, name) else { return }
        body() // warm-up
        var times: [Double] = []
        for _ in 0..<samples {
            let start = BenchmarkHarness.now()
            body()
            times.append((BenchmarkHarness.now() - start) / Double(items))
        }
        times.sort()
        let result = Result(group: group, name: name, unit: unit, median: times[times.count / 2],
                            minimum: times.first!, maximum: times.last!, samples: samples)
        results.append(result)
        lastMeasured = true
        if unit.hasPrefix("ns"), result.median < 0.01 {
            fputs("\(group) · \(name): \(result.median) \(unit) is implausible: was the work optimised away?\n", stderr)
        }
        fputs("\(group) · \(name): done\n", stderr)
    }

    /// Times `body` like ``measure(_:_:items:unit:_:)`` but records a throughput in millions of
    /// items per second (median, and the slowest/fastest sample as min/max).
    mutating func measureRate(_ group: String, _ name: String, items: Int, unit: String, _ body: () -> Void) {
        let before = results.count
        measure(group, name, items: items, unit: unit, body)
        guard results.count > before, let last = results.popLast() else { return }
        results.append(Result(group: last.group, name: last.name, unit: unit, median: 1000 / last.median,
                              minimum: 1000 / last.maximum, maximum: 1000 / last.minimum, samples: last.samples))
    }

    /// Converts the unit of the result the last `measure` recorded (e.g. ns → ms with 1e-6);
    /// nothing if the filter skipped it.
    mutating func rescaleLast(by factor: Double) {
        guard lastMeasured, let last = results.popLast() else { return }
        results.append(Result(group: last.group, name: last.name, unit: last.unit, median: last.median * factor,
                              minimum: last.minimum * factor, maximum: last.maximum * factor, samples: last.samples))
    }

    static func format(_ value: Double) -> String {
        if value >= 100 { return String(Int(value.rounded())) }
        if value >= 10 { return String(Double(Int(value * 10)) / 10) }
        return String(Double(Int(value * 100)) / 100)
    }

    /// One Markdown table of everything measured.
    func markdown() -> String {
        var text = "| group | benchmark | median | min | max | unit |\n|---|---|---:|---:|---:|---|\n"
        for r in results {
            text += "| \(r.group) | \(r.name) | \(BenchmarkHarness.format(r.median)) | \(BenchmarkHarness.format(r.minimum)) | \(BenchmarkHarness.format(r.maximum)) | \(r.unit) |\n"
        }
        return text
    }
}

/// True only if the environment says so (it never does): a value the optimiser cannot prove
/// false, so whatever ``blackHole(_:)`` might print must really be computed.
let blackHoleOpen = getenv("SPATIUM_BENCH_BLACK_HOLE_NEVER_SET") != nil

/// Consumes a value so the optimiser cannot drop the work that made it. An empty function does
/// not guarantee that: the optimiser can see that it reads nothing and delete the benchmarked
/// loop with its stores (the likely cause of a LUT row once reported as 0.0 ns). Here the value
/// — every element of an array — may be printed as far as the compiler knows; at run time it
/// costs one branch.
@inline(never)
func blackHole<T>(_ value: T) {
    if blackHoleOpen { print(value) }
    withExtendedLifetime(value) {}
}
