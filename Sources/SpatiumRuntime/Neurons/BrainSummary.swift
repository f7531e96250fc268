/// What a brain holds: areas with sizes and index ranges, neuron count, mappings, and how
/// many warnings and unknown genes there are. `description` is a printable table.
///
/// ```swift
/// let s = brain.summary
/// print(s.neuronCount, s.areas.count)
/// print(s)                                   // the table
/// ```
public struct BrainSummary: Hashable, Sendable, CustomStringConvertible {
    /// One area's line.
    public struct Area: Hashable, Sendable {
        /// Area name.
        public var name: String
        /// Area title.
        public var title: String
        /// Voxels along x.
        public var width: Int
        /// Voxels along y.
        public var height: Int
        /// Voxels along z.
        public var depth: Int
        /// Neurons per voxel.
        public var neuronsPerVoxel: Int
        /// Neurons in the area.
        public var neurons: Int
        /// Global index of the area's first neuron.
        public var base: Int
    }

    /// One mapping's line.
    public struct Mapping: Hashable, Sendable {
        /// Source area name.
        public var source: String
        /// Destination area name.
        public var destination: String
        /// Morphology name or description.
        public var morphology: String
        /// Synaptic weight.
        public var weight: Float
        /// psp override (`nil`: the source area's).
        public var psp: Float?
        /// Inhibitory mapping.
        public var inhibitory: Bool
    }

    /// The brain's seed.
    public var seed: UInt64
    /// Areas in creation order.
    public var areas: [Area]
    /// Mappings in creation order.
    public var mappings: [Mapping]
    /// Total neurons.
    public var neuronCount: Int
    /// Number of warnings (``Brain/warnings``).
    public var warningCount: Int
    /// Number of unknown genes kept (``Brain/unknownGenes``).
    public var unknownGeneCount: Int

    /// A table of areas and mappings.
    public var description: String {
        var lines = ["brain (seed \(seed)): \(areas.count) areas, \(Formatting.grouped(neuronCount)) neurons, \(mappings.count) mappings"]
        let nameWidth = max(4, areas.map(\.name.count).max() ?? 0)
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        if !areas.isEmpty {
            lines.append("  " + pad("area", nameWidth) + "  " + pad("size", 16) + lpad("npv", 4) + lpad("neurons", 12) + lpad("base", 12) + "  title")
            for a in areas {
                lines.append("  " + pad(a.name, nameWidth) + "  " + pad("\(a.width)×\(a.height)×\(a.depth)", 16)
                    + lpad(String(a.neuronsPerVoxel), 4) + lpad(Formatting.grouped(a.neurons), 12)
                    + lpad(Formatting.grouped(a.base), 12) + "  " + a.title)
            }
        }
        if !mappings.isEmpty {
            lines.append("  mappings:")
            for m in mappings {
                let psp = m.psp.map { " psp \($0)" } ?? ""
                lines.append("    \(m.source) → \(m.destination): \(m.morphology), weight \(m.weight)\(psp)\(m.inhibitory ? " inhibitory" : "")")
            }
        }
        if warningCount > 0 { lines.append("  \(warningCount) warning(s)") }
        if unknownGeneCount > 0 { lines.append("  \(unknownGeneCount) unknown gene(s) kept") }
        return lines.joined(separator: "\n")
    }
}
