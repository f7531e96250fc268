/// One gene kept from a genome as raw JSON: the area it belongs to (the area's name in the
/// brain — for genome areas the decoded id — or `""` for a blueprint key that names no area),
/// the gene key and the value's JSON text.
///
/// For the flat form `gene` is `<cx|nx>-<gene>-<type>` (e.g. `cx-devcnt-i`); for the
/// hierarchical forms it is the property name.
///
/// ```swift
/// for g in brain.unknownGenes { print(g.area, g.gene, g.json) }   // iic400 cx-devcnt-i 1
/// ```
public struct GeneRecord: Hashable, Sendable, CustomStringConvertible {
    /// Area name in the brain (`""`: the blueprint itself).
    public var area: String
    /// Gene key.
    public var gene: String
    /// The value as compact JSON text.
    public var json: String

    /// Creates a record.
    ///
    /// ```swift
    /// let g = GeneRecord(area: "c__for", gene: "cx-tmpdpt-i", json: "1")
    /// ```
    public init(area: String, gene: String, json: String) {
        self.area = area
        self.gene = gene
        self.json = json
    }

    /// `area/gene = json`.
    public var description: String { "\(area)/\(gene) = \(json)" }
}
