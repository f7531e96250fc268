/// Where a loaded brain came from: the file, its form and the genome's own metadata.
///
/// ```swift
/// let brain = try GenomeLoader.load(path: "essential_genome.json")
/// brain.genomeInfo?.format                 // .flat
/// brain.genomeInfo?.version                // "2.1"
/// ```
public struct GenomeInfo: Hashable, Sendable {
    /// The blueprint's shape.
    public enum Format: String, Hashable, Sendable {
        /// `_____10c-<area>-<cx|nx>-<gene>-<t>` keys with 6-character ids (2.x).
        case flat
        /// The same keys with base64 8-byte ids (3.0, schema 7).
        case flatBase64
        /// `blueprint: { "<id>": { "cortical_name", "block_boundaries", … } }`.
        case hierarchical
        /// `blueprint: { "cortical_areas": { … "dimensions": {x, y, z} … } }` (the `example_*` files).
        case corticalAreas
    }

    /// The path or label the genome was read from.
    public var source: String
    /// Blueprint form.
    public var format: Format
    /// `version` (e.g. `"2.0"`, `"2.1"`, `"3.0"`).
    public var version: String?
    /// `genome_schema_version`, when present.
    public var schemaVersion: Int?
    /// `genome_id`.
    public var genomeID: String?
    /// `genome_title`.
    public var title: String?
    /// `genome_description`.
    public var description: String?
    /// `physiology.quantization_precision` (FEAGI's; Spatium uses per-area precision).
    public var quantizationPrecision: String?
    /// The `physiology` object as JSON text, kept for export.
    public var physiologyJSON: String?
    /// Whether the file carried a `spatium` block.
    public var hasSpatiumBlock: Bool
    /// Number of areas defined by the file itself.
    public var fileAreaCount: Int
    /// Number of neurons in the file's own areas (sum of W·H·D·npv).
    public var fileNeuronCount: Int
}
