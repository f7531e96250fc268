/// A set of cortical areas (in creation order, each with its global `base`) and the
/// connections between them, plus a seed for everything random.
///
/// Global neuron index = area `base` + local index; areas get consecutive bases in creation
/// order. Area names are unique. Warnings (e.g. a threshold limit below the threshold — a
/// firing window that can never open) are collected, never fatal.
///
/// ```swift
/// let brain = Brain(seed: 1)
/// let retina = try brain.addArea(name: "retina", width: 64, height: 64, depth: 1)
/// let v1 = try brain.addArea(name: "v1", width: 64, height: 64, depth: 4,
///                            parameters: NeuronParameters(threshold: .linear(base: 10, x: 0.5)))
/// try brain.connect("retina", "v1", morphology: .projector, weight: 2)
/// print(v1.base, brain.neuronCount)          // 4096 20480
/// print(brain.summary)
/// ```
public final class Brain {
    /// Seed for every random draw that belongs to this brain.
    public let seed: UInt64
    /// Areas in creation order.
    public private(set) var areas: [CorticalArea] = []
    /// Connections in creation order.
    public private(set) var connections: [ConnectionSpec] = []
    /// Total number of neurons.
    public private(set) var neuronCount: Int = 0
    /// Upper bound on neuron storage in bytes, checked before an area is allocated
    /// (default: physical memory).
    public var memoryBudget: Int = CorticalArea.defaultMemoryBudget
    /// Genes of a loaded genome that Spatium does not know, in file order (area, gene, raw JSON).
    public internal(set) var unknownGenes: [GeneRecord] = []
    /// Known FEAGI genes that Spatium keeps but does not use (layout, memory, …), in file order;
    /// the exporter writes them back.
    public internal(set) var retainedGenes: [GeneRecord] = []
    /// Where the brain came from when it was loaded from a genome.
    public internal(set) var genomeInfo: GenomeInfo?
    /// The burst engine that runs this brain (created on first use; see `Brain+Engine.swift`).
    public private(set) lazy var engine = BurstEngine(brain: self)

    private var areaIndex: [String: Int] = [:]
    private var notes: [String] = []

    /// Creates an empty brain.
    ///
    /// ```swift
    /// let brain = Brain(seed: 42)
    /// ```
    public init(seed: UInt64 = 0) {
        self.seed = seed
    }

    /// Every warning: brain-level notes (e.g. from genome loading) followed by each area's
    /// current warnings.
    public var warnings: [String] { notes + areas.flatMap(\.warnings) }

    /// Bytes of neuron storage in use.
    public var storageBytes: Int { neuronCount * CorticalArea.bytesPerNeuron }

    /// Creates an area after the brain's checks (unique name, 32-bit index range, memory
    /// budget), places it after the existing areas and returns it. Its warnings are added to
    /// ``warnings``.
    ///
    /// - Throws: ``BrainError``; the brain is unchanged then.
    ///
    /// ```swift
    /// let a = try brain.addArea(name: "a", width: 2, height: 1, depth: 1, neuronsPerVoxel: 3)
    /// ```
    @discardableResult
    public func addArea(name: String, title: String? = nil, width: Int, height: Int, depth: Int,
                        neuronsPerVoxel: Int = 1, parameters: NeuronParameters = NeuronParameters()) throws -> CorticalArea {
        guard areaIndex[name] == nil else { throw BrainError.duplicateArea(name) }
        let count = try CorticalArea.plannedNeuronCount(name: name, width: width, height: height, depth: depth,
                                                        neuronsPerVoxel: neuronsPerVoxel)
        try CorticalArea.checkCapacity(name: name, neurons: count, existingNeurons: neuronCount,
                                       existingBytes: storageBytes, memoryBudget: memoryBudget)
        let area = try CorticalArea(name: name, title: title, width: width, height: height, depth: depth,
                                    neuronsPerVoxel: neuronsPerVoxel, parameters: parameters, memoryBudget: .max)
        area.base = neuronCount
        areaIndex[name] = areas.count
        areas.append(area)
        neuronCount += count
        return area
    }

    /// The area with this name, if any.
    ///
    /// ```swift
    /// brain.area(named: "v1")?.count
    /// ```
    public func area(named name: String) -> CorticalArea? {
        areaIndex[name].map { areas[$0] }
    }

    /// Adds a connection after checking that both areas exist and the settings are usable
    /// (finite weight and psp, scalar ≥ 1 on every axis, delay ≥ 0, a valid morphology).
    ///
    /// - Throws: ``BrainError/unknownArea(name:role:)`` or ``BrainError/invalidConnection(source:destination:problem:)``.
    ///
    /// ```swift
    /// try brain.connect(ConnectionSpec(source: "a", destination: "b", morphology: .lateral(x: 1)))
    /// ```
    @discardableResult
    public func connect(_ spec: ConnectionSpec) throws -> ConnectionSpec {
        guard let source = area(named: spec.source) else { throw BrainError.unknownArea(name: spec.source, role: "source") }
        guard let destination = area(named: spec.destination) else {
            throw BrainError.unknownArea(name: spec.destination, role: "destination")
        }
        func fail(_ problem: String) -> BrainError {
            .invalidConnection(source: spec.source, destination: spec.destination, problem: problem)
        }
        guard spec.weight.isFinite else { throw fail("weight must be finite, got \(spec.weight)") }
        if let psp = spec.psp, !psp.isFinite { throw fail("psp must be finite, got \(psp)") }
        guard spec.scalar.x >= 1, spec.scalar.y >= 1, spec.scalar.z >= 1 else {
            throw fail("morphology scalar must be >= 1 on every axis, got \(spec.scalar)")
        }
        guard spec.synapticDelay >= 0 else { throw fail("synaptic delay must be >= 0, got \(spec.synapticDelay)") }
        if let problem = spec.morphology.problem(sourceCount: source.count, destinationCount: destination.count) {
            throw fail(problem)
        }
        connections.append(spec)
        return spec
    }

    /// Adds a connection between two named areas; see ``ConnectionSpec`` for the fields.
    ///
    /// ```swift
    /// try brain.connect("retina", "v1", morphology: .projector, weight: 2, inhibitory: false)
    /// ```
    @discardableResult
    public func connect(_ source: String, _ destination: String, morphology: Morphology, scalar: GridVector = .one,
                        weight: Float = 1, psp: Float? = nil, inhibitory: Bool = false,
                        plasticity: Plasticity = .none, mpDrivenPSP: Bool? = nil) throws -> ConnectionSpec {
        try connect(ConnectionSpec(source: source, destination: destination, morphology: morphology, scalar: scalar,
                                   weight: weight, psp: psp, inhibitory: inhibitory, plasticity: plasticity,
                                   mpDrivenPSP: mpDrivenPSP))
    }

    /// Areas, sizes, neurons and mappings as a value; `print` it for a table.
    ///
    /// ```swift
    /// print(brain.summary)
    /// ```
    public var summary: BrainSummary {
        BrainSummary(
            seed: seed,
            areas: areas.map {
                BrainSummary.Area(name: $0.name, title: $0.title, width: $0.width, height: $0.height, depth: $0.depth,
                                  neuronsPerVoxel: $0.neuronsPerVoxel, neurons: $0.count, base: $0.base)
            },
            mappings: connections.map {
                BrainSummary.Mapping(source: $0.source, destination: $0.destination,
                                     morphology: $0.morphologyName ?? $0.morphology.description,
                                     weight: $0.weight, psp: $0.psp, inhibitory: $0.inhibitory)
            },
            neuronCount: neuronCount, warningCount: warnings.count, unknownGeneCount: unknownGenes.count)
    }

    /// Adds a brain-level warning (used by the genome loader).
    func note(_ message: String) {
        notes.append(message)
    }
}
