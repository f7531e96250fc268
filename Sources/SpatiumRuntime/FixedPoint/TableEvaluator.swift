/// A table's lookup with its storage pinned (see `LookupTable.withEvaluator`).
struct TableEvaluator {
    enum Path { case fast, tinymind, spatium }
    let path: Path
    let base: UnsafePointer<Int64>
    let fast: FastSpatiumKernel
    let tinyMind: TinyMindLookup?
    let spatium: SpatiumLookup?

    init(path: Path, base: UnsafePointer<Int64>, tinyMind: TinyMindLookup?, spatium: SpatiumLookup?) {
        self.path = path
        self.base = base
        self.tinyMind = tinyMind
        self.spatium = spatium
        self.fast = spatium?.fastKernel
            ?? FastSpatiumKernel(lowRaw: 0, highRaw: 0, spacing: 1, shift: 0, belowRaw: 0, aboveRaw: 0, aboveIsIdentity: false)
    }

    /// The table's output for `x` (inside the format's range).
    @inline(__always)
    func callAsFunction(_ x: Int64) -> Int64 {
        switch path {
        case .fast: return fast.lookup(x, table: base)
        case .tinymind: return tinyMind.unsafelyUnwrapped.lookup(x, table: base)
        case .spatium: return spatium.unsafelyUnwrapped.lookup(x, table: base)
        }
    }
}
