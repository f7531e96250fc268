import SpatiumRuntime

/// Bursts: the benchmark model of reference/peers/MODEL.md (dense, float) and FEAGI mode.
enum EngineBenchmarks {
    /// The benchmark model on a side×side×depth grid with Spatium's seeded random in-degree 16
    /// (see ``BenchmarkModel``).
    static func model(side: Int, depth: Int = 8, threads: Int) throws -> (Brain, CorticalArea) {
        try BenchmarkModel.build(width: side, height: side, depth: depth, threads: threads)
    }

    /// Three warm-up bursts, then samples of `bursts` bursts, counted as neurons × bursts
    /// (spikes when every neuron fires every burst).
    static func measureBursts(_ harness: inout BenchmarkHarness, _ name: String, _ brain: Brain,
                              bursts: Int, unit: String) throws {
        try brain.run(bursts: 3)
        harness.measureRate("engine", name, items: brain.neuronCount * bursts, unit: unit) {
            try? brain.run(bursts: bursts)
        }
    }

    static func run(_ harness: inout BenchmarkHarness) throws {
        for (side, bursts) in [(32, 1000), (64, 1000), (128, 1000)] {
            for threads in [1, 2] {
                let (brain, area) = try model(side: side, threads: threads)
                harness.measureRate("engine", "benchmark model \(side)×\(side)×8, K=16, \(bursts) bursts, dense f32, \(threads) thread(s)",
                                    items: area.count * bursts, unit: "M neuron-updates/s") {
                    try? brain.run(bursts: bursts)
                }
            }
        }
        // FEAGI mode: _power → A (all_to_all) → B (block_to_block), every neuron firing every burst.
        for threads in [1, 2] {
            let brain = Brain(seed: 1)
            _ = try brain.addArea(name: "_power", width: 1, height: 1, depth: 1, parameters: NeuronParameters(threshold: .uniform(0.1)))
            _ = try brain.addArea(name: "A", width: 100, height: 100, depth: 10)
            _ = try brain.addArea(name: "B", width: 100, height: 100, depth: 10)
            try brain.connect("_power", "A", morphology: .allToAll, weight: 1, psp: 1)
            try brain.connect("A", "B", morphology: .blockToBlock, weight: 1, psp: 1)
            brain.threads = threads
            try measureBursts(&harness, "FEAGI mode, 200,001 neurons all firing (_power → A → B), \(threads) thread(s)",
                              brain, bursts: 100, unit: "M spikes/s")
        }
        // A real FEAGI genome (25 areas, most with a consecutive-fire limit), every area driven by
        // a uniform drive of 2 as `experiments/feagi_genome.lua --param drive=2` does.
        let genomePath = "Tests/Fixtures/feagi/vision_genome.json"
        let genomeBytes = try GenomeLoader.readFile(genomePath)
        for threads in [1, 2] {
            let brain = try GenomeLoader.load(bytes: genomeBytes, source: genomePath)
            for area in brain.areas { brain.engine.setDrive(BackgroundDrive(uniform: 2), for: area) }
            brain.threads = threads
            try measureBursts(&harness, "FEAGI genome vision_genome.json (204,862 neurons, 25 areas), drive 2, \(threads) thread(s)",
                              brain, bursts: 100, unit: "M neuron-updates/s")
        }
        // The benchmark model with activation maps on its area (the pattern hash from the sources,
        // as by default): a shared GELU/ReLU gradient and a random per-neuron layout.
        for (label, layout) in [("a gradient gelu/relu map", ActivationLayout.gradient(center: .gelu, edge: .relu)),
                                ("random per-neuron maps", try ActivationLayout.random(seed: 3))] {
            for threads in [1, 2] {
                let (brain, area) = try model(side: 128, threads: threads)
                try brain.engine.setActivation(layout, for: area)
                try measureBursts(&harness, "benchmark model 128×128×8 with \(label), \(threads) thread(s)",
                                  brain, bursts: 200, unit: "M neuron-updates/s")
            }
        }
        // Synaptic delivery: 128×128×8 in dense mode with every neuron firing every burst (threshold
        // below the constant drive, no refractory period), random in-degree 16, so each burst
        // delivers 2.1 M events and the neuron update is a small part of it.
        for threads in [1, 2] {
            let brain = Brain(seed: 1)
            let parameters = NeuronParameters(threshold: .uniform(0.05), refractory: 0, mpAccumulation: true)
            let area = try brain.addArea(name: "grid", width: 128, height: 128, depth: 8, parameters: parameters)
            try brain.connect("grid", "grid", morphology: .random(k: 16, seed: 1), weight: 0.05, psp: 1)
            brain.dynamics = .dense
            brain.threads = threads
            brain.engine.setDrive(BackgroundDrive(constant: 0.1), for: area)
            try brain.run(bursts: 3)
            let bursts = 20
            harness.measureRate("engine", "synaptic delivery, 128×128×8 all firing, K=16 (2.1 M events per burst), \(threads) thread(s)",
                                items: area.count * 16 * bursts, unit: "M synaptic events/s") {
                try? brain.run(bursts: bursts)
            }
        }
        // Out of cache: 1 M neurons, random K = 16.
        for threads in [1, 2] {
            let (brain, area) = try model(side: 354, threads: threads)
            let bursts = 50
            harness.measureRate("engine", "1 M neurons (354×354×8), K=16, dense f32, \(threads) thread(s)",
                                items: area.count * bursts, unit: "M neuron-updates/s") {
                try? brain.run(bursts: bursts)
            }
        }
    }
}
