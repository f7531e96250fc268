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

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) * 1e9 + Double(time.tv_nsec)
    }

    /// Times `body`, which processes `items` items per call, and records ns per item.
    mutating func measure(_ group: String, _ name: String, items: Int, unit: String = "ns/element",
                          _ body: () -> Void) {
        if let filter, !"\(group) \(name)".lowercased().contains(filter.lowercased()) { return }
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

    /// Converts the last result's unit (e.g. ns → ms with 1e-6).
    mutating func rescaleLast(by factor: Double) {
        guard let last = results.popLast() else { return }
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

/// Keeps a value alive so the optimiser cannot drop the work that made it.
@inline(never)
func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }
