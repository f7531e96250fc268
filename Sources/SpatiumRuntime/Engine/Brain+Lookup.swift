extension Brain {
    /// The area that holds global neuron `index`, if any.
    ///
    /// ```swift
    /// brain.area(containing: 0)?.name
    /// ```
    public func area(containing index: Int) -> CorticalArea? {
        var low = 0, high = areas.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let area = areas[middle]
            if index < area.base { high = middle - 1 }
            else if index >= area.base + area.count { low = middle + 1 }
            else { return area.count > 0 ? area : nil }
        }
        return nil
    }
}
