/// How a mapping from a source area to a destination area turns into synapses.
///
/// Morphologies work on **voxels**: a rule picks destination voxels for each source voxel,
/// and then every one of the source voxel's npv neurons connects to every one of the
/// destination voxel's npv neurons (FEAGI connects only one neuron per destination voxel when
/// npv > 1; Spatium connects all of them, DESIGN §6). The exceptions are ``oneToOne``,
/// ``random(k:seed:)`` and ``explicit(pairs:)``, which work on neurons.
/// The mapping's scalar `(sx, sy, sz)` (``ConnectionSpec/scalar``, FEAGI's
/// `morphology_scalar`, default `(1, 1, 1)`) multiplies vector offsets component-wise.
///
/// | case | rule for a source voxel s = (x, y, z) in an area of size (W, H, D) → (W', H', D') |
/// |---|---|
/// | ``vectors(_:)`` | for each vector v: d = s + (v.x·sx, v.y·sy, v.z·sz); kept when inside the destination |
/// | ``patterns(_:)`` | for each pair whose source elements match s: the product of the destination element sets (``PatternElement``); duplicates removed |
/// | ``projector`` | per axis independently: source size > destination: d = ⌊i / (src/dst)⌋; smaller: every d with ⌊d / (dst/src)⌋ = i; equal: d = i; then the Cartesian product of the three axes |
/// | ``oneToOne`` | neuron-level: local neuron i → local neuron i for i < min(source.count, destination.count) |
/// | ``random(k:seed:)`` | neuron-level: every destination neuron j receives k sources, source number r (0..<k) being `SplitMix64.draw(seed: seed, stream: j, counter: r)` reduced to `0..<source.count` by a multiply-high; repeats possible |
/// | ``explicit(pairs:)`` | neuron-level: exactly the listed (source local, destination local) pairs |
/// | ``function(_:)`` | one of FEAGI's other function morphologies, kept by name (`randomizer`, `expander_x`, `reducer_x`, `lateral_pairs_x`, `last_to_first`, `memory`, `projector_xy`, …); not all are meaningful outside FEAGI |
/// | ``composite(seed:pattern:mapper:)`` | FEAGI's composite (`tile`): a seed block tiled by a mapper morphology, kept as data |
///
/// Named FEAGI core morphologies are values of these cases: ``blockToBlock`` is
/// `vectors([(0,0,0)])`, `lateral_+x` is `vectors([(1,0,0)])` (``lateral(x:y:z:)``),
/// ``allToAll`` is `patterns([["?","?","?"] → ["*","*","*"]])` — every source voxel to every
/// destination voxel. Genome loading resolves names through the genome's own
/// `neuron_morphologies` table first and FEAGI's built-ins second
/// (``FEAGICoreMorphologies``).
///
/// ```swift
/// let m: [Morphology] = [.projector, .allToAll, .blockToBlock, .lateral(x: 1),
///                        .vectors([GridVector(0, 1, 1)]), .random(k: 4, seed: 9),
///                        .explicit([(0, 1), (1, 0)])]
/// ```
public enum Morphology: Hashable, Sendable, CustomStringConvertible {
    /// Offsets from each source voxel (scaled by the mapping scalar).
    case vectors([GridVector])
    /// Source/destination pattern pairs.
    case patterns([MorphologyPattern])
    /// FEAGI's `projector`: scale the source grid onto the destination grid, axis by axis.
    case projector
    /// Neuron i → neuron i.
    case oneToOne
    /// k seeded random sources per destination neuron.
    case random(k: Int, seed: UInt64)
    /// An explicit list of local neuron pairs.
    case explicit(pairs: [NeuronPair])
    /// Another FEAGI function morphology, by name.
    case function(String)
    /// FEAGI composite morphology (`src_seed`, `src_pattern`, `mapper_morphology`).
    case composite(seed: GridVector, pattern: [[Int]], mapper: String)

    /// FEAGI's `block_to_block`: each source voxel to the destination voxel at the same
    /// coordinates.
    public static let blockToBlock = Morphology.vectors([.zero])

    /// FEAGI's `all_to_all`: every source voxel to every destination voxel.
    public static let allToAll = Morphology.patterns([
        MorphologyPattern(source: [.same, .same, .same], destination: [.any, .any, .any]),
    ])

    /// FEAGI's `lateral_±x/y/z`: a single unit offset, e.g. `lateral(x: 1)` is `lateral_+x`
    /// and `lateral(z: -1)` is `lateral_-z`.
    ///
    /// ```swift
    /// let right = Morphology.lateral(x: 1)      // .vectors([(1, 0, 0)])
    /// ```
    public static func lateral(x: Int = 0, y: Int = 0, z: Int = 0) -> Morphology {
        .vectors([GridVector(x, y, z)])
    }

    /// An explicit morphology from `(source local, destination local)` tuples.
    ///
    /// ```swift
    /// let m = Morphology.explicit([(0, 0), (1, 0)])
    /// ```
    public static func explicit(_ pairs: [(Int, Int)]) -> Morphology {
        .explicit(pairs: pairs.map { NeuronPair(source: $0.0, destination: $0.1) })
    }

    /// Whether synapses are chosen per neuron (``oneToOne``, ``random(k:seed:)``,
    /// ``explicit(pairs:)``) rather than per voxel.
    public var isNeuronLevel: Bool {
        switch self {
        case .oneToOne, .random, .explicit: true
        default: false
        }
    }

    /// A short readable form, e.g. `vectors[(1, 0, 0)]`, `projector`, `random(k: 4, seed: 9)`.
    public var description: String {
        switch self {
        case .vectors(let v):
            if self == .blockToBlock { return "block_to_block" }
            return "vectors[" + v.map(\.description).joined(separator: ", ") + "]"
        case .patterns(let p):
            if self == .allToAll { return "all_to_all" }
            return "patterns[" + p.map { pair in
                "[" + pair.source.map(\.jsonText).joined(separator: ",") + "]→["
                    + pair.destination.map(\.jsonText).joined(separator: ",") + "]"
            }.joined(separator: ", ") + "]"
        case .projector: return "projector"
        case .oneToOne: return "one_to_one"
        case .random(let k, let seed): return "random(k: \(k), seed: \(seed))"
        case .explicit(let pairs): return "explicit(\(pairs.count) pairs)"
        case .function(let name): return name
        case .composite(let seed, let pattern, let mapper):
            return "composite(seed: \(seed), pattern: \(pattern), mapper: \(mapper))"
        }
    }

    /// Checks the morphology's own data and, for neuron-level ones, the index ranges;
    /// returns a message describing the first problem, or `nil` when it is usable.
    ///
    /// ```swift
    /// Morphology.random(k: -1, seed: 0).problem(sourceCount: 4, destinationCount: 4)
    /// // "random morphology needs k >= 0, got -1"
    /// ```
    public func problem(sourceCount: Int, destinationCount: Int) -> String? {
        switch self {
        case .patterns(let pairs):
            for (n, pair) in pairs.enumerated() where pair.source.count != 3 || pair.destination.count != 3 {
                return "pattern pair \(n) needs 3 source and 3 destination elements (x, y, z), got \(pair.source.count) and \(pair.destination.count)"
            }
            return nil
        case .random(let k, _):
            return k < 0 ? "random morphology needs k >= 0, got \(k)" : nil
        case .explicit(let pairs):
            for (n, pair) in pairs.enumerated() {
                if pair.source < 0 || pair.source >= sourceCount {
                    return "explicit pair \(n): source index \(pair.source) is outside 0..<\(sourceCount)"
                }
                if pair.destination < 0 || pair.destination >= destinationCount {
                    return "explicit pair \(n): destination index \(pair.destination) is outside 0..<\(destinationCount)"
                }
            }
            return nil
        case .function(let name):
            return name.isEmpty ? "function morphology needs a name" : nil
        case .composite(let seed, let pattern, let mapper):
            if seed.x < 1 || seed.y < 1 || seed.z < 1 { return "composite seed must be >= 1 on every axis, got \(seed)" }
            if pattern.count != 3 || pattern.contains(where: { $0.count != 2 }) {
                return "composite pattern needs 3 [count, gap] pairs (x, y, z), got \(pattern)"
            }
            return mapper.isEmpty ? "composite morphology needs a mapper morphology name" : nil
        case .vectors, .projector, .oneToOne:
            return nil
        }
    }
}

extension Morphology {
    /// The destination voxels of one source voxel for the voxel-level morphologies (the rules
    /// in the table above), or `nil` for the neuron-level ones (``oneToOne``,
    /// ``random(k:seed:)``, ``explicit(pairs:)``) and for ``function(_:)`` and
    /// ``composite(seed:pattern:mapper:)``, which the engine handles itself.
    /// A reference for the engine, not its hot path. Order: vectors in list order;
    /// patterns sorted and without repeats (as FEAGI); projector x, then y, then z.
    ///
    /// ```swift
    /// Morphology.projector.destinationVoxels(of: GridVector(3, 0, 0), sourceSize: GridVector(4, 1, 1),
    ///                                        destinationSize: GridVector(2, 1, 1))   // [(1, 0, 0)]
    /// ```
    public func destinationVoxels(of source: GridVector, sourceSize: GridVector, destinationSize: GridVector,
                                  scalar: GridVector = .one) -> [GridVector]? {
        func inside(_ v: GridVector, _ size: GridVector) -> Bool {
            v.x >= 0 && v.x < size.x && v.y >= 0 && v.y < size.y && v.z >= 0 && v.z < size.z
        }
        guard inside(source, sourceSize) else { return [] }
        switch self {
        case .vectors(let vectors):
            func step(_ s: Int, _ v: Int, _ k: Int) -> Int? {
                let (scaled, o1) = v.multipliedReportingOverflow(by: k)
                let (sum, o2) = s.addingReportingOverflow(scaled)
                return o1 || o2 ? nil : sum
            }
            return vectors.compactMap { v in
                guard let x = step(source.x, v.x, scalar.x), let y = step(source.y, v.y, scalar.y),
                      let z = step(source.z, v.z, scalar.z) else { return nil }
                let d = GridVector(x, y, z)
                return inside(d, destinationSize) ? d : nil
            }
        case .patterns(let pairs):
            var found = Set<GridVector>()
            for pair in pairs where pair.source.count == 3 && pair.destination.count == 3 {
                guard pair.source[0].matchesSource(source.x), pair.source[1].matchesSource(source.y),
                      pair.source[2].matchesSource(source.z) else { continue }
                let xs = pair.destination[0].destinations(source: source.x, size: destinationSize.x)
                let ys = pair.destination[1].destinations(source: source.y, size: destinationSize.y)
                let zs = pair.destination[2].destinations(source: source.z, size: destinationSize.z)
                for x in xs { for y in ys { for z in zs { found.insert(GridVector(x, y, z)) } } }
            }
            return found.sorted { ($0.x, $0.y, $0.z) < ($1.x, $1.y, $1.z) }
        case .projector:
            func axis(_ i: Int, _ source: Int, _ destination: Int) -> [Int] {
                guard destination > 0 else { return [] }
                if source == destination { return [i] }
                if source > destination {
                    let ratio = Double(source) / Double(destination)
                    return [min(Int((Double(i) / ratio).rounded(.down)), destination - 1)]
                }
                let ratio = Double(destination) / Double(source)
                return (0..<destination).filter { Int((Double($0) / ratio).rounded(.down)) == i }
            }
            let xs = axis(source.x, sourceSize.x, destinationSize.x)
            let ys = axis(source.y, sourceSize.y, destinationSize.y)
            let zs = axis(source.z, sourceSize.z, destinationSize.z)
            var out: [GridVector] = []
            for x in xs { for y in ys { for z in zs { out.append(GridVector(x, y, z)) } } }
            return out
        case .oneToOne, .random, .explicit, .function, .composite:
            return nil
        }
    }
}
