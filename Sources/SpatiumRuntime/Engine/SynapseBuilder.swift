/// Turns a brain's connection specs into synapses (DESIGN.md §6; morphology rules in
/// ``Morphology``'s documentation).
///
/// Voxel-level morphologies connect every neuron of a source voxel to every neuron of each
/// chosen destination voxel. Contributions are `weight · psp · sign`; a source area with
/// `pspUniform == false` divides each of a neuron's contributions by that neuron's total
/// out-degree (all its synapses, over every mapping), as FEAGI does.
///
/// ```swift
/// let matrix = try SynapseBuilder.build(brain)
/// ```
public enum SynapseBuilder {
    /// Morphologies FEAGI defines by function that have no spatial meaning here.
    public struct UnsupportedMorphology: Error, CustomStringConvertible {
        public let connection: ConnectionSpec
        public var description: String {
            "connection \(connection.source) → \(connection.destination): morphology '\(connection.morphologyName ?? connection.morphology.description)' is not supported by the engine (supported: vectors, patterns, projector, all_to_all, block_to_block, one_to_one, random, explicit lists)"
        }
    }

    /// Every synapse of `brain`; contributions into an area with a Q format (`format(area)`)
    /// are rounded to that format, so they are held and added exactly in it.
    public static func build(_ brain: Brain, format: (CorticalArea) -> QFormat? = { _ in nil }) throws -> SynapseMatrix {
        var synapses: [(source: Int, target: Int, contribution: Float)] = []
        for spec in brain.connections {
            guard let source = brain.area(named: spec.source), let destination = brain.area(named: spec.destination) else { continue }
            let usesFiringPotential = spec.mpDrivenPSP ?? source.mpDrivenPSP
            let contribution = usesFiringPotential
                ? (spec.inhibitory ? -spec.weight : spec.weight)
                : spec.contribution(sourcePSP: source.psp)
            try forEachPair(spec, from: source, to: destination) { s, d in
                synapses.append((source.base + s, destination.base + d, contribution))
            }
        }
        var degree = [Int32](repeating: 0, count: brain.neuronCount)
        for synapse in synapses { degree[synapse.source] += 1 }
        for n in synapses.indices {
            let source = synapses[n].source
            guard degree[source] > 1, let area = brain.area(containing: source), !area.pspUniform else { continue }
            synapses[n].contribution /= Float(degree[source])
        }
        for area in brain.areas {
            guard let q = format(area), area.count > 0 else { continue }
            for n in synapses.indices where area.globalRange.contains(synapses[n].target) {
                synapses[n].contribution = Float(q.real(q.raw(Double(synapses[n].contribution))))
            }
        }
        return SynapseMatrix(neuronCount: brain.neuronCount, synapses: synapses)
    }

    /// Calls `body(sourceLocal, destinationLocal)` for every synapse of one connection, in a
    /// deterministic order.
    public static func forEachPair(_ spec: ConnectionSpec, from source: CorticalArea, to destination: CorticalArea,
                                   _ body: (Int, Int) -> Void) throws {
        switch spec.morphology {
        case .oneToOne:
            for i in 0..<min(source.count, destination.count) { body(i, i) }
        case .explicit(let pairs):
            for pair in pairs { body(pair.source, pair.destination) }
        case .random(let k, let seed):
            guard source.count > 0 else { return }
            for j in 0..<destination.count {
                for r in 0..<k {
                    let draw = SplitMix64.draw(seed: seed, stream: UInt64(j), counter: UInt64(r))
                    let s = Int(draw.multipliedFullWidth(by: UInt64(source.count)).high)
                    body(s, j)
                }
            }
        case .vectors, .patterns, .projector:
            let sourceSize = GridVector(source.width, source.height, source.depth)
            let destinationSize = GridVector(destination.width, destination.height, destination.depth)
            for x in 0..<source.width { for y in 0..<source.height { for z in 0..<source.depth {
                let voxel = GridVector(x, y, z)
                for d in spec.morphology.destinationVoxels(of: voxel, sourceSize: sourceSize, destinationSize: destinationSize,
                                                           scalar: spec.scalar) ?? [] {
                    connectVoxels(source, voxel, destination, d, body)
                }
            } } }
        case .function, .composite:
            throw UnsupportedMorphology(connection: spec)
        }
    }

    /// Every neuron of source voxel `s` to every neuron of destination voxel `d`.
    @inline(__always)
    static func connectVoxels(_ source: CorticalArea, _ s: GridVector, _ destination: CorticalArea,
                              _ d: GridVector, _ body: (Int, Int) -> Void) {
        let sourceNPV = source.neuronsPerVoxel, destinationNPV = destination.neuronsPerVoxel
        let sourceBase = ((s.x * source.height + s.y) * source.depth + s.z) * sourceNPV
        let destinationBase = ((d.x * destination.height + d.y) * destination.depth + d.z) * destinationNPV
        for a in 0..<sourceNPV { for b in 0..<destinationNPV { body(sourceBase + a, destinationBase + b) } }
    }
}
