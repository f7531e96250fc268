/// Spatium's own genome additions, stored under the top-level key `"spatium"` that FEAGI's
/// format rules ignore. It holds what FEAGI genes cannot say exactly:
///
/// ```json
/// "spatium": {
///   "format": 1,
///   "seed": "42",
///   "areas": { "<feagi id>": { "name": "v1", "threshold": {"type": "radial", "center": [8, 8, 0], "base": 1, "slope": 0.5},
///                              "threshold_limit": {"type": "uniform", "value": 0},
///                              "leak": {"type": "uniform", "value": 0.1, "noise": {"sigma": 0.01, "seed": "7"}},
///                              "psp": 300.0 } },
///   "connections": [ { "source": "retina", "destination": "v1", "morphology": {"type": "projector"},
///                      "morphology_name": null, "scalar": [1, 1, 1], "weight": 2.5, "psp": null,
///                      "inhibitory": false, "mp_driven_psp": null, "synaptic_delay": 1,
///                      "plasticity": {"enabled": false, "constant": 1, "ltp_multiplier": 1, "ltd_multiplier": 1, "window": 0} } ]
/// }
/// ```
///
/// Profile `type`s: `uniform {value}`, `linear {base, x, y, z}`, `radial {center, base, slope}`,
/// `gaussian {center, sigma, base, peak}`, `quadratic {center, base, coefficients}`,
/// `voxels {values}`, each with optional `noise {sigma, seed}`. Morphology `type`s:
/// `vectors {vectors}`, `patterns {patterns}`, `projector`, `one_to_one`, `random {k, seed}`,
/// `explicit {pairs}`, `function {name}`, `composite {seed, pattern, mapper}`. Seeds are
/// decimal strings (JSON numbers lose 64-bit precision). When present, the block's area
/// entries override the FEAGI genes they name, and its connection list replaces the one
/// built from `dstmap` (which is still checked).
///
/// ```swift
/// let json = SpatiumGenomeBlock.encode(.linear(base: 10, x: 0.5))
/// let back = try SpatiumGenomeBlock.decodeProfile(json, path: "p")   // same profile
/// ```
public enum SpatiumGenomeBlock {
    /// Version of the block's layout.
    public static let format = 1

    // MARK: - Profiles

    /// The block's JSON for a profile.
    ///
    /// ```swift
    /// SpatiumGenomeBlock.encode(.uniform(1)).serialized()    // {"type":"uniform","value":1.0}
    /// ```
    public static func encode(_ profile: ThresholdProfile) -> JSONValue {
        var o = JSONObject()
        func center(_ c: SIMD3<Float>) -> JSONValue { .array([.float(c.x), .float(c.y), .float(c.z)]) }
        switch profile.shape {
        case .uniform(let v):
            o.append("type", .string("uniform")); o.append("value", .float(v))
        case .linear(let b, let x, let y, let z):
            o.append("type", .string("linear")); o.append("base", .float(b))
            o.append("x", .float(x)); o.append("y", .float(y)); o.append("z", .float(z))
        case .radial(let c, let b, let s):
            o.append("type", .string("radial")); o.append("center", center(c))
            o.append("base", .float(b)); o.append("slope", .float(s))
        case .gaussian(let c, let sigma, let b, let p):
            o.append("type", .string("gaussian")); o.append("center", center(c)); o.append("sigma", .float(sigma))
            o.append("base", .float(b)); o.append("peak", .float(p))
        case .quadratic(let c, let b, let k):
            o.append("type", .string("quadratic")); o.append("center", center(c)); o.append("base", .float(b))
            o.append("coefficients", center(k))
        case .voxels(let values):
            o.append("type", .string("voxels")); o.append("values", .array(values.map { .float($0) }))
        }
        if let noise = profile.noise {
            o.append("noise", .object(JSONObject([("sigma", .float(noise.sigma)), ("seed", .string(String(noise.seed)))])))
        }
        return .object(o)
    }

    /// Reads a profile written by `encode(_:)`; errors name the key path.
    ///
    /// ```swift
    /// let p = try SpatiumGenomeBlock.decodeProfile(.object(JSONObject([("type", .string("uniform")), ("value", .integer(2))])), path: "t")
    /// ```
    public static func decodeProfile(_ value: JSONValue, path: String) throws -> ThresholdProfile {
        do {
            return try profile(value, path)
        } catch let p as DecodeProblem {
            throw GenomeError(kind: p.kind, file: "<spatium block>", key: p.path, message: p.message)
        }
    }

    static func profile(_ value: JSONValue, _ path: String) throws -> ThresholdProfile {
        let o = try DecodeProblem.object(value, path, "a profile object with a \"type\"")
        func field(_ name: String) throws -> JSONValue {
            guard let v = o[name] else { throw DecodeProblem(.missingGene, path + "." + name, "missing (required for this profile type)") }
            return v
        }
        func number(_ name: String) throws -> Float { try DecodeProblem.float(try field(name), path + "." + name, "a number") }
        func point(_ name: String) throws -> SIMD3<Float> {
            try DecodeProblem.floatTriple(try field(name), path + "." + name, "[x, y, z] numbers")
        }
        let type = try DecodeProblem.string(try field("type"), path + ".type", "a profile type string")
        var result: ThresholdProfile
        switch type {
        case "uniform": result = .uniform(try number("value"))
        case "linear": result = .linear(base: try number("base"), x: try number("x"), y: try number("y"), z: try number("z"))
        case "radial": result = ThresholdProfile(shape: .radial(center: try point("center"), base: try number("base"), slope: try number("slope")))
        case "gaussian":
            result = ThresholdProfile(shape: .gaussian(center: try point("center"), sigma: try number("sigma"),
                                                      base: try number("base"), peak: try number("peak")))
        case "quadratic":
            result = ThresholdProfile(shape: .quadratic(center: try point("center"), base: try number("base"),
                                                       coefficients: try point("coefficients")))
        case "voxels":
            let items = try DecodeProblem.array(try field("values"), path + ".values", "an array of numbers")
            result = .voxels(try items.enumerated().map { try DecodeProblem.float($1, path + ".values[\($0)]", "a number") })
        default:
            throw DecodeProblem(.invalidValue, path + ".type",
                                "unknown profile type \"\(type)\" (expected uniform, linear, radial, gaussian, quadratic or voxels)")
        }
        if let noiseValue = o["noise"] {
            let n = try DecodeProblem.object(noiseValue, path + ".noise", "a noise object {sigma, seed}")
            guard let sigma = n["sigma"], let seed = n["seed"] else {
                throw DecodeProblem(.missingGene, path + ".noise", "noise needs sigma and seed")
            }
            result = result.withNoise(sigma: try DecodeProblem.float(sigma, path + ".noise.sigma", "a number"),
                                      seed: try DecodeProblem.seed(seed, path + ".noise.seed"))
        }
        return result
    }

    // MARK: - Morphologies

    /// The block's JSON for a morphology.
    ///
    /// ```swift
    /// SpatiumGenomeBlock.encode(Morphology.random(k: 2, seed: 5)).serialized()  // {"type":"random","k":2,"seed":"5"}
    /// ```
    public static func encode(_ morphology: Morphology) -> JSONValue {
        func int(_ i: Int) -> JSONValue { .integer(Int64(i)) }
        func triple(_ v: GridVector) -> JSONValue { .array([int(v.x), int(v.y), int(v.z)]) }
        func element(_ e: PatternElement) -> JSONValue {
            if case .index(let i) = e { return int(i) }
            return .string(e.jsonText)
        }
        var o = JSONObject()
        switch morphology {
        case .vectors(let v): o.append("type", .string("vectors")); o.append("vectors", .array(v.map(triple)))
        case .patterns(let p):
            o.append("type", .string("patterns"))
            o.append("patterns", .array(p.map { .array([.array($0.source.map(element)), .array($0.destination.map(element))]) }))
        case .projector: o.append("type", .string("projector"))
        case .oneToOne: o.append("type", .string("one_to_one"))
        case .random(let k, let seed):
            o.append("type", .string("random")); o.append("k", int(k)); o.append("seed", .string(String(seed)))
        case .explicit(let pairs):
            o.append("type", .string("explicit"))
            o.append("pairs", .array(pairs.map { .array([int($0.source), int($0.destination)]) }))
        case .function(let name): o.append("type", .string("function")); o.append("name", .string(name))
        case .composite(let seed, let pattern, let mapper):
            o.append("type", .string("composite")); o.append("seed", triple(seed))
            o.append("pattern", .array(pattern.map { .array($0.map(int)) })); o.append("mapper", .string(mapper))
        }
        return .object(o)
    }

    static func morphology(_ value: JSONValue, _ path: String) throws -> Morphology {
        let o = try DecodeProblem.object(value, path, "a morphology object with a \"type\"")
        func field(_ name: String) throws -> JSONValue {
            guard let v = o[name] else { throw DecodeProblem(.missingGene, path + "." + name, "missing (required for this morphology type)") }
            return v
        }
        let type = try DecodeProblem.string(try field("type"), path + ".type", "a morphology type string")
        switch type {
        case "vectors", "patterns":
            let feagi = JSONValue.object(JSONObject([("type", .string(type)), ("parameters", value)]))
            return try FEAGICoreMorphologies.parse(name: type, definition: feagi, path: path)
        case "projector": return .projector
        case "one_to_one": return .oneToOne
        case "random":
            return .random(k: try DecodeProblem.int(try field("k"), path + ".k", "an integer >= 0", atLeast: 0),
                           seed: try DecodeProblem.seed(try field("seed"), path + ".seed"))
        case "explicit":
            let pairs = try DecodeProblem.array(try field("pairs"), path + ".pairs", "an array of [source, destination] pairs")
            return .explicit(pairs: try pairs.enumerated().map { i, pair in
                let p = path + ".pairs[\(i)]"
                let a = try DecodeProblem.array(pair, p, "a [source, destination] pair")
                guard a.count == 2 else { throw DecodeProblem.invalid(p, expected: "a [source, destination] pair", found: pair) }
                return NeuronPair(source: try DecodeProblem.int(a[0], p + "[0]", "a neuron index"),
                                  destination: try DecodeProblem.int(a[1], p + "[1]", "a neuron index"))
            })
        case "function": return .function(try DecodeProblem.string(try field("name"), path + ".name", "a function morphology name"))
        case "composite":
            let feagi = JSONValue.object(JSONObject([("type", .string("composite")), ("parameters", .object(JSONObject([
                ("src_seed", try field("seed")), ("src_pattern", try field("pattern")), ("mapper_morphology", try field("mapper")),
            ])))]))
            return try FEAGICoreMorphologies.parse(name: "composite", definition: feagi, path: path)
        default:
            throw DecodeProblem(.invalidValue, path + ".type", "unknown morphology type \"\(type)\" (expected vectors, patterns, projector, one_to_one, random, explicit, function or composite)")
        }
    }

    // MARK: - Connections

    /// The block's JSON for a connection.
    static func encode(_ c: ConnectionSpec) -> JSONValue {
        let plasticity = JSONObject([("enabled", .bool(c.plasticity.enabled)), ("constant", .float(c.plasticity.constant)),
                                     ("ltp_multiplier", .float(c.plasticity.ltpMultiplier)),
                                     ("ltd_multiplier", .float(c.plasticity.ltdMultiplier)),
                                     ("window", .integer(Int64(c.plasticity.window)))])
        return .object(JSONObject([
            ("source", .string(c.source)), ("destination", .string(c.destination)),
            ("morphology", encode(c.morphology)),
            ("morphology_name", c.morphologyName.map { .string($0) } ?? .null),
            ("scalar", .array([.integer(Int64(c.scalar.x)), .integer(Int64(c.scalar.y)), .integer(Int64(c.scalar.z))])),
            ("weight", .float(c.weight)), ("psp", c.psp.map { .float($0) } ?? .null),
            ("inhibitory", .bool(c.inhibitory)), ("mp_driven_psp", c.mpDrivenPSP.map { .bool($0) } ?? .null),
            ("synaptic_delay", .integer(Int64(c.synapticDelay))), ("plasticity", .object(plasticity)),
        ]))
    }

    static func connection(_ value: JSONValue, _ path: String) throws -> ConnectionSpec {
        let o = try DecodeProblem.object(value, path, "a connection object")
        func field(_ name: String) throws -> JSONValue {
            guard let v = o[name] else { throw DecodeProblem(.missingGene, path + "." + name, "missing (required in a connection)") }
            return v
        }
        var spec = ConnectionSpec(
            source: try DecodeProblem.string(try field("source"), path + ".source", "an area name"),
            destination: try DecodeProblem.string(try field("destination"), path + ".destination", "an area name"),
            morphology: try morphology(try field("morphology"), path + ".morphology"))
        if let v = o["morphology_name"], v != .null {
            spec.morphologyName = try DecodeProblem.string(v, path + ".morphology_name", "a morphology name or null")
        }
        if let v = o["scalar"] { spec.scalar = try DecodeProblem.triple(v, path + ".scalar", "[sx, sy, sz] integers") }
        if let v = o["weight"] { spec.weight = try DecodeProblem.float(v, path + ".weight", "a number") }
        if let v = o["psp"], v != .null { spec.psp = try DecodeProblem.float(v, path + ".psp", "a number or null") }
        if let v = o["inhibitory"] { spec.inhibitory = try DecodeProblem.bool(v, path + ".inhibitory", "true or false") }
        if let v = o["mp_driven_psp"], v != .null {
            spec.mpDrivenPSP = try DecodeProblem.bool(v, path + ".mp_driven_psp", "true, false or null")
        }
        if let v = o["synaptic_delay"] { spec.synapticDelay = try DecodeProblem.int(v, path + ".synaptic_delay", "an integer") }
        if let v = o["plasticity"] {
            let p = try DecodeProblem.object(v, path + ".plasticity", "a plasticity object")
            let pp = path + ".plasticity"
            if let e = p["enabled"] { spec.plasticity.enabled = try DecodeProblem.bool(e, pp + ".enabled", "true or false") }
            if let e = p["constant"] { spec.plasticity.constant = try DecodeProblem.float(e, pp + ".constant", "a number") }
            if let e = p["ltp_multiplier"] { spec.plasticity.ltpMultiplier = try DecodeProblem.float(e, pp + ".ltp_multiplier", "a number") }
            if let e = p["ltd_multiplier"] { spec.plasticity.ltdMultiplier = try DecodeProblem.float(e, pp + ".ltd_multiplier", "a number") }
            if let e = p["window"] { spec.plasticity.window = try DecodeProblem.int(e, pp + ".window", "an integer") }
        }
        return spec
    }
}
