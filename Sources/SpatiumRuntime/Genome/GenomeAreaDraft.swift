/// One genome area while its genes are being read: raw values first, the
/// ``NeuronParameters`` at the end, so that gene order in the file does not matter.
struct GenomeAreaDraft {
    /// Decoded 6-character id.
    var id: String
    /// The id as written in the file.
    var rawID: String
    /// Key path prefix for messages about genes that are missing.
    var pathPrefix: String
    /// Area name in the brain (the id, unless the spatium block names it).
    var name: String
    var title: String?
    var width: Int?
    var height: Int?
    var depth: Int?
    var neuronsPerVoxel = 1
    var parameters = NeuronParameters.feagiGenomeDefaults
    var thresholdBase: Float = 1
    var increments = SIMD3<Float>(0, 0, 0)
    var thresholdLimit: Float = 0
    var leak: Float = 0
    var snoozeF: Int?
    var snoozeI: Int?
    /// Spatium-block profile overrides.
    var thresholdProfile: ThresholdProfile?
    var thresholdLimitProfile: ThresholdProfile?
    var leakProfile: ThresholdProfile?
    /// `dstmap` / `cortical_mapping_dst` value and its key path.
    var mappings: (value: JSONValue, path: String)?

    init(id: String, rawID: String, pathPrefix: String) {
        self.id = id
        self.rawID = rawID
        self.pathPrefix = pathPrefix
        self.name = id
    }

    /// Stores one interpreted gene.
    mutating func apply(_ gene: FEAGIGene, _ value: JSONValue, path: String, snoozeSpelling: String? = nil) throws {
        let what = gene.meaning
        func count(_ minimum: Int) throws -> Int {
            try DecodeProblem.int(value, path, "an integer >= \(minimum) (\(what))", atLeast: minimum)
        }
        func number() throws -> Float { try DecodeProblem.float(value, path, "a number (\(what))") }
        func flag() throws -> Bool { try DecodeProblem.bool(value, path, "true or false (\(what))") }
        switch gene {
        case .width: width = try count(1)
        case .height: height = try count(1)
        case .depth: depth = try count(1)
        case .neuronsPerVoxel: neuronsPerVoxel = try count(0)
        case .threshold: thresholdBase = try number()
        case .thresholdIncrementX: increments.x = try number()
        case .thresholdIncrementY: increments.y = try number()
        case .thresholdIncrementZ: increments.z = try number()
        case .thresholdLimit: thresholdLimit = try number()
        case .refractory: parameters.refractory = try count(0)
        case .leak: leak = try number()
        case .leakVariability: parameters.leakVariability = try number()
        case .consecutiveFireLimit: parameters.consecutiveFireLimit = try count(0)
        case .snooze:
            if snoozeSpelling == "i" { snoozeI = try count(0) } else { snoozeF = try count(0) }
        case .excitability: parameters.excitability = try number()
        case .mpAccumulation: parameters.mpAccumulation = try flag()
        case .mpDrivenPSP: parameters.mpDrivenPSP = try flag()
        case .pspUniform: parameters.pspUniform = try flag()
        case .psp: parameters.psp = min(max(try number(), 0), 255)        // FEAGI clamps psp to 0…255
        case .title: title = try DecodeProblem.string(value, path, "a string (\(what))")
        case .mappings:
            _ = try DecodeProblem.object(value, path, "an object of destination area → mapping list (\(what))")
            mappings = (value, path)
        }
    }

    /// The final parameters (profiles from the linear genes unless the spatium block gave
    /// profiles), and a note when `snooze-f` and `snooze-i` disagree.
    func finalParameters() -> (NeuronParameters, note: String?) {
        var p = parameters
        let linear: ThresholdProfile = increments == SIMD3(0, 0, 0)
            ? .uniform(thresholdBase)
            : .linear(base: thresholdBase, x: increments.x, y: increments.y, z: increments.z)
        p.threshold = thresholdProfile ?? linear
        p.thresholdLimit = thresholdLimitProfile ?? .uniform(thresholdLimit)
        p.leak = leakProfile ?? .uniform(leak)
        var note: String?
        if let f = snoozeF, let i = snoozeI, f != i {
            note = "area '\(id)': snooze-f (\(f)) and snooze-i (\(i)) disagree; using snooze-f as FEAGI does"
        }
        p.snooze = snoozeF ?? snoozeI ?? 0
        return (p, note)
    }
}
