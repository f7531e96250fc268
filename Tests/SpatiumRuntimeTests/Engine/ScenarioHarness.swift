import Testing
@testable import SpatiumRuntime

/// A FEAGI dynamics scenario: each named neuron is a one-neuron area (so `psp_uniform`, a
/// property of the source area, can be set per neuron), synapses are one-to-one connections
/// with explicit weight and psp, inputs are staged per burst.
final class Scenario {
    let brain = Brain(seed: 1)
    var inputs: [Int: [(String, Float)]] = [:]
    var fires: [String: [Int]] = [:]
    var firePotential: [String: [Int: Float]] = [:]
    var potential: [String: [Int: Float]] = [:]
    var engine: BurstEngine!

    @discardableResult
    func neuron(_ name: String, thr: Float, limit: Float = 0, leak: Float = 0, refr: Int = 0, cfl: Int = 0,
                snooze: Int = 0, acc: Bool = false, exc: Float = 1, uniform: Bool = true) -> Scenario {
        let parameters = NeuronParameters(threshold: .uniform(thr), thresholdLimit: .uniform(limit), leak: .uniform(leak),
                                          refractory: refr, consecutiveFireLimit: cfl, snooze: snooze,
                                          mpAccumulation: acc, excitability: exc, pspUniform: uniform)
        _ = try! brain.addArea(name: name, width: 1, height: 1, depth: 1, parameters: parameters)
        return self
    }

    /// The genome-style power neuron P (thr 0.1, +1.0 every burst).
    @discardableResult
    func power() -> Scenario { neuron("_power", thr: 0.1) }

    @discardableResult
    func synapse(_ source: String, _ target: String, w: Float, psp: Float, inh: Bool = false) -> Scenario {
        try! brain.connect(source, target, morphology: .oneToOne, weight: w, psp: psp, inhibitory: inh)
        return self
    }

    @discardableResult
    func input(_ bursts: [Int], _ name: String, _ value: Float) -> Scenario {
        for t in bursts { inputs[t, default: []].append((name, value)) }
        return self
    }

    @discardableResult
    func input(_ bursts: ClosedRange<Int>, _ name: String, _ value: Float) -> Scenario { input(Array(bursts), name, value) }

    @discardableResult
    func run(_ bursts: Int, dynamics: Dynamics = .feagi, threads: Int = 1) -> Scenario {
        engine = BurstEngine(brain: brain, dynamics: dynamics, threads: threads)
        for t in 1...bursts {
            for (name, value) in inputs[t] ?? [] { engine.inject(area: brain.area(named: name)!, local: 0, value: value) }
            try! engine.step()
            for area in brain.areas {
                potential[area.name, default: [:]][t] = area.membranePotential[0]
                if let position = engine.fired(in: area).first, position == 0 {
                    fires[area.name, default: []].append(t)
                    firePotential[area.name, default: [:]][t] = engine.firedPotentials(in: area)[0]
                }
            }
        }
        return self
    }

    func firesIn(_ name: String) -> [Int] { fires[name] ?? [] }

    func expectFires(_ name: String, _ expected: [Int], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(firesIn(name) == expected, "\(name) fires", sourceLocation: sourceLocation)
    }

    func expectPotential(_ name: String, after t: Int, _ value: Float, sourceLocation: SourceLocation = #_sourceLocation) {
        let actual = potential[name]?[t] ?? .nan
        #expect(close(actual, value), "\(name) mp after \(t): \(actual) vs \(value)", sourceLocation: sourceLocation)
    }

    func expectFirePotential(_ name: String, at t: Int, _ value: Float, sourceLocation: SourceLocation = #_sourceLocation) {
        let actual = firePotential[name]?[t] ?? .nan
        #expect(close(actual, value), "\(name) v@fire at \(t): \(actual) vs \(value)", sourceLocation: sourceLocation)
    }

    func close(_ a: Float, _ b: Float) -> Bool { abs(a - b) <= max(1e-4 * abs(b), 1e-6) }
}
