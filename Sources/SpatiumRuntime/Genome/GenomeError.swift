/// Why a genome could not be read, written or built. The message names the file, the area
/// (when there is one), the gene or key, and what was expected. A genome either loads whole
/// or not at all.
///
/// ```swift
/// do { _ = try GenomeLoader.load(path: "broken.json") }
/// catch let e as GenomeError { print(e) }
/// // broken.json: area 'iic400': gene '___bbx-i' (key "_____10c-iic400-cx-___bbx-i"): expected an integer >= 1 (width in voxels), found the number -64
/// ```
public struct GenomeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The class of problem.
    public enum Kind: String, Equatable, Sendable {
        /// The file could not be opened, read or written.
        case io
        /// The text is not JSON.
        case invalidJSON
        /// The JSON is not a genome Spatium knows (no blueprint, unknown shape).
        case unsupportedFormat
        /// A required gene is absent.
        case missingGene
        /// A gene has the wrong JSON type.
        case wrongType
        /// A gene has the right type but an unusable value.
        case invalidValue
        /// A mapping names a morphology that neither the genome nor FEAGI defines.
        case unknownMorphology
        /// A mapping names a destination area the genome does not define.
        case missingDestination
        /// The brain refused an area or connection (see the message).
        case invalidBrain
    }

    /// The class of problem.
    public var kind: Kind
    /// File path or label.
    public var file: String
    /// Area id, when the problem belongs to one area.
    public var area: String?
    /// Gene name, property or key path.
    public var key: String?
    /// What is wrong and what was expected.
    public var message: String
    /// For ``Kind/invalidJSON``: 1-based line and column.
    public var line: Int?
    /// For ``Kind/invalidJSON``: 1-based column.
    public var column: Int?

    /// Creates an error.
    ///
    /// ```swift
    /// let e = GenomeError(kind: .missingGene, file: "g.json", area: "c__for", key: "___bbx-i", message: "missing")
    /// ```
    public init(kind: Kind, file: String, area: String? = nil, key: String? = nil, message: String,
                line: Int? = nil, column: Int? = nil) {
        self.kind = kind
        self.file = file
        self.area = area
        self.key = key
        self.message = message
        self.line = line
        self.column = column
    }

    /// `file: [line L, column C: ][area 'id': ][key: ]message`.
    public var description: String {
        var s = file + ": "
        if let line, let column { s += "line \(line), column \(column): " }
        if let area { s += "area '\(area)': " }
        if let key { s += key + ": " }
        return s + message
    }
}
