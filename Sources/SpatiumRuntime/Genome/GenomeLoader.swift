import Glibc

/// Reads FEAGI genome JSON into a new ``Brain``.
///
/// Forms: the flat 2.x blueprint (`_____10c-<area>-<cx|nx>-<gene>-<t>` keys, 6-character
/// ids), the 3.0/schema-7 flat blueprint (base64 ids, decoded by ``FEAGIAreaID``), the
/// hierarchical blueprint (`"<id>": {"block_boundaries", "firing_threshold", …}`) and the
/// `cortical_areas` form of the `example_*` files. Genes map as in GENOME.md
/// (``FEAGIGene``); genes that are absent take FEAGI's defaults (npv 1, threshold 1,
/// `psp_uniform` false, …) except the dimensions, which are required.
///
/// - **Area order** is the blueprint's order of first appearance of each area id, keeping
///   the file's JSON key order; global bases follow it. (So a 2.x file and its 3.0 migration,
///   whose keys are sorted differently, give the same areas in a different order.)
/// - **Area names** are the decoded 6-character ids (`iic400`, `_power`); `__name-t` becomes
///   the ``CorticalArea/title``. A `spatium` block (``SpatiumGenomeBlock``) can rename areas.
/// - **Mappings**: weight = |multiplier| clamped to 0…255, inhibitory when negative; psp from
///   the source area's `pstcr_` (clamped 0…255). Morphology names resolve through the genome's
///   `neuron_morphologies`, then FEAGI's built-ins (``FEAGICoreMorphologies``). A destination
///   the genome does not define is an error, except FEAGI core ids (`_power`, …), which are
///   added as 1×1×1 areas with a warning.
/// - **Unknown genes** are kept (``Brain/unknownGenes``) and reported once in
///   ``Brain/warnings``; known genes Spatium does not use (layout, memory) are kept in
///   ``Brain/retainedGenes`` for export.
/// - **Errors** (``GenomeError``) name the file, the area, the gene or key and what was
///   expected. The brain is built fresh and returned only on success: nothing is half-built.
///
/// ```swift
/// let brain = try GenomeLoader.load(path: "essential_genome.json")
/// print(brain.areas.count, brain.neuronCount)     // 24 55357
/// print(brain.area(named: "iic400")!.title)        // vision_C
/// ```
public enum GenomeLoader {
    /// Loads a genome file.
    ///
    /// - Throws: ``GenomeError``.
    ///
    /// ```swift
    /// let brain = try GenomeLoader.load(path: "vision_genome.json", seed: 7)
    /// ```
    public static func load(path: String, seed: UInt64? = nil) throws -> Brain {
        try load(bytes: try readFile(path), source: path, seed: seed)
    }

    /// Loads genome JSON text; `source` names it in errors.
    ///
    /// ```swift
    /// let brain = try GenomeLoader.load(json: text, source: "inline genome")
    /// ```
    public static func load(json: String, source: String = "<string>", seed: UInt64? = nil) throws -> Brain {
        try load(bytes: Array(json.utf8), source: source, seed: seed)
    }

    /// Loads genome JSON bytes; `source` names them in errors. `seed` overrides the seed in a
    /// `spatium` block (default 0).
    ///
    /// ```swift
    /// let brain = try GenomeLoader.load(bytes: data, source: "upload.json")
    /// ```
    public static func load(bytes: [UInt8], source: String, seed: UInt64? = nil) throws -> Brain {
        let root: JSONValue
        do {
            root = try JSONValue.parse(bytes: bytes)
        } catch let e as JSONError {
            throw GenomeError(kind: .invalidJSON, file: source, message: "invalid JSON: " + e.message,
                              line: e.line, column: e.column)
        }
        guard let object = root.objectValue else {
            throw GenomeError(kind: .unsupportedFormat, file: source,
                              message: "expected a JSON object at the top level (a FEAGI genome), found \(root.kindDescription)")
        }
        var builder = GenomeBuilder(root: object)
        do {
            return try builder.build(source: source, seed: seed)
        } catch let p as DecodeProblem {
            throw GenomeError(kind: p.kind, file: source, area: p.area, key: p.path, message: p.message)
        }
    }

    /// Reads a whole file.
    ///
    /// - Throws: ``GenomeError`` of kind ``GenomeError/Kind/io`` with the system's reason.
    ///
    /// ```swift
    /// let bytes = try GenomeLoader.readFile("genome.json")
    /// ```
    public static func readFile(_ path: String) throws -> [UInt8] {
        do throws(FileError) { return try FileContents.read(path) } catch {
            switch error {
            case .systemCall(let operation, _, let code):
                let verb = operation == "open" ? "open" : "read"
                throw GenomeError(kind: .io, file: path, message: "cannot \(verb) the file: " + FileError.reason(code))
            case .notRegularFile:
                throw GenomeError(kind: .io, file: path, message: "cannot read the file: it is not a regular file")
            default:
                throw GenomeError(kind: .io, file: path, message: "cannot read the file: \(error)")
            }
        }
    }
}
