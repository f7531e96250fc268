extension ActivationMap {
    /// Replaces every value xs[i] by f_i(xs[i]), f_i being the function `hashes[i]` selects,
    /// and counts every selection in `hits`.
    ///
    /// Bit-identical to calling `activate(_:hash:recordingInto:)` element by element. The values
    /// are grouped by function and each group runs through that function's vectorised loop.
    /// `values` and `hashes` must have the same count, else `ActivationMapError.countMismatch`
    /// is thrown and nothing changes.
    ///
    /// ```swift
    /// try map.activate(valuesBuffer, hashes: hashBuffer, hits: &hits)
    /// ```
    public func activate(
        _ values: UnsafeMutableBufferPointer<Float>, hashes: UnsafeBufferPointer<UInt64>,
        hits: inout ActivationHitCounts
    ) throws(ActivationMapError) {
        let cellHits = try run(.value, values, hashes)
        for cell in 0..<Self.cellCount { hits.record(cell, times: cellHits[cell]) }
    }

    /// As `activate(_:hashes:hits:)`, without counting.
    ///
    /// ```swift
    /// try map.activate(valuesBuffer, hashes: hashBuffer)
    /// ```
    public func activate(
        _ values: UnsafeMutableBufferPointer<Float>, hashes: UnsafeBufferPointer<UInt64>
    ) throws(ActivationMapError) {
        _ = try run(.value, values, hashes)
    }

    /// Array form of `activate(_:hashes:hits:)`.
    ///
    /// ```swift
    /// var xs: [Float] = [0.5, -1]
    /// try map.activate(&xs, hashes: [0x0102, 0x0707], hits: &hits)
    /// ```
    public func activate(
        _ values: inout [Float], hashes: [UInt64], hits: inout ActivationHitCounts
    ) throws(ActivationMapError) {
        let cellHits = try values.withUnsafeMutableBufferPointer {
            (buffer) throws(ActivationMapError) -> [UInt64] in
            try hashes.withUnsafeBufferPointer { (hashBuffer) throws(ActivationMapError) -> [UInt64] in
                try run(.value, buffer, hashBuffer)
            }
        }
        for cell in 0..<Self.cellCount { hits.record(cell, times: cellHits[cell]) }
    }

    /// Replaces every value xs[i] by f_i′(xs[i]) (for backpropagation); no counting.
    ///
    /// ```swift
    /// try map.derivative(valuesBuffer, hashes: hashBuffer)
    /// ```
    public func derivative(
        _ values: UnsafeMutableBufferPointer<Float>, hashes: UnsafeBufferPointer<UInt64>
    ) throws(ActivationMapError) {
        _ = try run(.derivative, values, hashes)
    }

    private func run(
        _ evaluation: ActivationFunction.Evaluation, _ values: UnsafeMutableBufferPointer<Float>,
        _ hashes: UnsafeBufferPointer<UInt64>
    ) throws(ActivationMapError) -> [UInt64] {
        guard values.count == hashes.count else {
            throw .countMismatch(values: values.count, hashes: hashes.count)
        }
        guard let valueBase = values.baseAddress, let hashBase = hashes.baseAddress else {
            return [UInt64](repeating: 0, count: Self.cellCount)
        }
        return cellCodes.withUnsafeBufferPointer { codes in
            guard let codeBase = codes.baseAddress else {
                return [UInt64](repeating: 0, count: Self.cellCount)
            }
            return ActivationDispatch.run(
                evaluation, values: valueBase, hashes: hashBase, count: values.count,
                palette: palette, codes: codeBase, codeStride: 0)
        }
    }
}
