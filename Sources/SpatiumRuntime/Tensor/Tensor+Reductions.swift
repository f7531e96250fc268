extension Tensor {
    /// Sum of the elements, accumulated in `Double` in index order (deterministic).
    public func sum() -> Double { accept(SumVisitor()) }

    /// Mean of the elements; an error for an empty tensor.
    public func mean() throws(TensorError) -> Double {
        guard count > 0 else { throw .empty(operation: "mean") }
        return sum() / Double(count)
    }

    /// Smallest element (NaN elements are skipped unless all are NaN).
    public func min() throws(TensorError) -> Double {
        guard count > 0 else { throw .empty(operation: "min") }
        return double(at: accept(ExtremeIndex(largest: false)))
    }

    /// Largest element (NaN elements are skipped unless all are NaN).
    public func max() throws(TensorError) -> Double {
        guard count > 0 else { throw .empty(operation: "max") }
        return double(at: accept(ExtremeIndex(largest: true)))
    }

    /// 0-based index of the first largest element.
    public func argmax() throws(TensorError) -> Int {
        guard count > 0 else { throw .empty(operation: "argmax") }
        return accept(ExtremeIndex(largest: true))
    }

    /// Counts of elements in `bins` equal-width bins over [lower, upper] (default: min…max);
    /// the last bin includes `upper`; values outside or NaN are not counted.
    ///
    /// ```swift
    /// let h = try t.histogram(bins: 10)   // h.counts: i64 {10}, h.edges: f64 {11}
    /// ```
    public func histogram(bins: Int, lower: Double? = nil, upper: Double? = nil) throws(TensorError) -> (counts: Tensor, edges: Tensor) {
        guard bins >= 1 else { throw .invalidArgument("histogram needs at least 1 bin, got \(bins)") }
        let low: Double
        if let lower { low = lower } else { low = count > 0 ? try min() : 0 }
        var high: Double
        if let upper { high = upper } else { high = count > 0 ? try max() : 1 }
        guard low.isFinite, high.isFinite, high >= low else {
            throw .invalidArgument("histogram range \(low)…\(high) is not a finite increasing range")
        }
        if high == low { high = low + 1 }
        let counts = try Tensor.zeros(shape: [bins], dtype: .int64)
        let edges = try Tensor.zeros(shape: [bins + 1], dtype: .float64)
        let width = (high - low) / Double(bins)
        for b in 0...bins { edges.set(b == bins ? high : low + Double(b) * width, at: b) }
        let out = counts.buffer(of: Int64.self)
        for i in 0..<count {
            let v = double(at: i)
            guard v >= low, v <= high else { continue }
            let b = Swift.min(Int((v - low) / width), bins - 1)
            out[b] += 1
        }
        return (counts, edges)
    }
}

struct SumVisitor: TensorVisitor {
    func visit<T: TensorElement>(_ e: UnsafeMutableBufferPointer<T>) -> Double {
        var total = 0.0
        for v in e { total += v.doubleValue }
        return total
    }
}

struct ExtremeIndex: TensorVisitor {
    let largest: Bool
    func visit<T: TensorElement>(_ e: UnsafeMutableBufferPointer<T>) -> Int {
        var best = -1
        for i in 0..<e.count {
            let v = e[i].doubleValue
            if v.isNaN { continue }
            if best < 0 || (largest ? v > e[best].doubleValue : v < e[best].doubleValue) { best = i }
        }
        return best < 0 ? 0 : best
    }
}
