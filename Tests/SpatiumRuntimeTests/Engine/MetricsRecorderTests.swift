import Glibc
import Testing
@testable import SpatiumRuntime

@Suite("Metrics recorder")
struct MetricsRecorderTests {
    /// Area "a": 3 × 2 × 1 voxels, one neuron each (local = x·2 + y), threshold 1, no leak.
    func grid() throws -> (Brain, CorticalArea) {
        let brain = Brain(seed: 3)
        let area = try brain.addArea(name: "a", width: 3, height: 2, depth: 1,
                                     parameters: NeuronParameters(threshold: .uniform(1), mpAccumulation: true))
        return (brain, area)
    }

    /// Fires locals 0 (x0 y0), 1 (x0 y1) and 4 (x2 y0); local 2 (x1 y0) gets 0.5 below threshold.
    func fireThree(_ brain: Brain, _ area: CorticalArea) throws {
        for local in [0, 1, 4] { brain.engine.inject(area: area, local: local, value: 2) }
        brain.engine.inject(area: area, local: 2, value: 0.5)
        try brain.step()
    }

    @Test("spikes, columns and mean potential of one burst, by hand")
    func handChecked() throws {
        let (brain, area) = try grid()
        try fireThree(brain, area)
        #expect(brain.engine.fired(in: area) == [0, 1, 4])
        let engine = brain.engine
        #expect(BurstMetric.spikes.measure(area, in: engine) == [.integer(3)])
        #expect(BurstMetric.spikesBy(.x).measure(area, in: engine) == [.integer(2), .integer(0), .integer(1)])
        #expect(BurstMetric.rateBy(.x).measure(area, in: engine) == [.double(1), .double(0), .double(0.5)])
        #expect(BurstMetric.spikesBy(.y).measure(area, in: engine) == [.integer(2), .integer(1)])
        #expect(BurstMetric.rateBy(.y).measure(area, in: engine) == [.double(2.0 / 3), .double(1.0 / 3)])
        #expect(BurstMetric.spikesBy(.z).measure(area, in: engine) == [.integer(3)])
        #expect(BurstMetric.rateBy(.z).measure(area, in: engine) == [.double(0.5)])
        // Fired neurons are reset; only local 2 holds 0.5.
        #expect(BurstMetric.meanPotential.measure(area, in: engine) == [.double(0.5 / 6)])
        #expect(BurstMetric.saturations.measure(area, in: engine) == [.integer(0)])  // float area
        #expect(BurstMetric.activationHits.measure(area, in: engine).isEmpty)          // no maps
        // The next burst has no input: nothing fires, so the per-burst values drop to zero.
        try brain.step()
        #expect(BurstMetric.spikes.measure(area, in: engine) == [.integer(0)])
        #expect(BurstMetric.rateBy(.x).measure(area, in: engine) == [.double(0), .double(0), .double(0)])
    }

    @Test("columns with several neurons per voxel and depth")
    func columnsWithDepth() throws {
        let brain = Brain(seed: 1)
        let area = try brain.addArea(name: "d", width: 2, height: 1, depth: 2, neuronsPerVoxel: 2,
                                     parameters: NeuronParameters(threshold: .uniform(1)))
        // local = ((x·1 + y)·2 + z)·2 + k: fire (x1, z0, k1) = 5 and (x1, z1, k0) = 6 and (x0, z1, k1) = 3.
        for local in [3, 5, 6] { brain.engine.inject(area: area, local: local, value: 5) }
        try brain.step()
        #expect(BurstMetric.spikesBy(.x).measure(area, in: brain.engine) == [.integer(1), .integer(2)])
        #expect(BurstMetric.spikesBy(.z).measure(area, in: brain.engine) == [.integer(1), .integer(2)])
        #expect(BurstMetric.rateBy(.x).measure(area, in: brain.engine) == [.double(0.25), .double(0.5)])
    }

    @Test("saturations count raw potentials at the Q format's limits")
    func saturations() throws {
        let brain = Brain(seed: 1)
        // Window 10…50: a potential above 50 does not fire and stays.
        let area = try brain.addArea(name: "q", width: 3, height: 1, depth: 1,
                                     parameters: NeuronParameters(threshold: .uniform(10), thresholdLimit: .uniform(50),
                                                                  mpAccumulation: true))
        try brain.engine.setPrecision(.fixed(.q8_8, .spatium), for: area)
        brain.engine.inject(area: area, local: 0, value: -200)   // saturates at -128 (raw -32768)
        brain.engine.inject(area: area, local: 1, value: -100)   // inside the range
        brain.engine.inject(area: area, local: 2, value: 200)    // saturates at 127.996 (raw 32767), above the limit
        try brain.step()
        let state = try #require(brain.engine.fixedPointState(of: area))
        #expect(state.potential == [QFormat.q8_8.minRaw, -25600, QFormat.q8_8.maxRaw])
        #expect(BurstMetric.saturations.measure(area, in: brain.engine) == [.integer(2)])
        brain.engine.inject(area: area, local: 0, value: 1)      // off the minimum
        try brain.step()
        #expect(BurstMetric.saturations.measure(area, in: brain.engine) == [.integer(1)])
    }

    @Test("activation hits are the area's 64 cumulative counters")
    func activationHits() throws {
        let (brain, area) = try grid()
        try brain.engine.setActivation(.uniform(.relu), hash: .position, for: area)
        try fireThree(brain, area)
        var values = BurstMetric.activationHits.measure(area, in: brain.engine)
        #expect(values.count == 64)
        func total(_ values: [CSVValue]) -> Int64 {
            values.reduce(0) { sum, value in if case .integer(let n) = value { return sum + n } else { return sum } }
        }
        #expect(total(values) == 4)              // four candidates in burst 1
        brain.engine.inject(area: area, local: 5, value: 0.1)
        try brain.step()
        values = BurstMetric.activationHits.measure(area, in: brain.engine)
        #expect(total(values) == 5)              // cumulative: 4 + 1
        #expect(values == brain.engine.activation(of: area)!.hits.cells.map { .integer(Int64($0)) })
    }

    @Test("names parse, and unknown names list the valid ones")
    func names() throws {
        #expect(BurstMetric.names == ["spikes", "mean_potential", "rate_by_x", "rate_by_y", "rate_by_z",
                                      "spikes_by_x", "spikes_by_y", "spikes_by_z", "activation_hits", "saturations"])
        for name in BurstMetric.names { #expect(try BurstMetric(named: name).name == name) }
        #expect(throws: MetricsRecorderError.unknownMetric("rates", valid: BurstMetric.names)) { try BurstMetric(named: "rates") }
        let message = MetricsRecorderError.unknownMetric("rates", valid: BurstMetric.names).description
        #expect(message.hasPrefix("unknown metric 'rates' (valid: spikes, mean_potential, rate_by_x"))
    }

    @Test("the recorder writes every n-th burst in long format and stops cleanly")
    func recorderFile() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let (brain, area) = try grid()
            let other = try brain.addArea(name: "b", width: 1, height: 1, depth: 1)
            let path = directory + "/m.csv"
            let recorder = try MetricsRecorder(brain: brain, path: path, metrics: [.spikes, .rateBy(.x)], every: 2)
            try fireThree(brain, area)                   // burst 1: not recorded
            brain.engine.inject(area: area, local: 5, value: 3)
            brain.engine.inject(area: other, local: 0, value: 3)
            try brain.step()                             // burst 2: local 5 (x2 y1) and b fire
            try fireThree(brain, area)                   // burst 3
            try brain.step()                             // burst 4: nothing fires
            #expect(recorder.rowCount == 2 * (4 + 2))
            try recorder.stop()
            try brain.step()
            try brain.step()                             // burst 6 would be recorded: stopped
            #expect(!recorder.isRecording)
            let text = String(decoding: IOTestSupport.readFile(path) ?? [], as: UTF8.self)
            #expect(text == """
                burst,area,metric,index,value
                2,a,spikes,0,1
                2,a,rate_by_x,0,0.0
                2,a,rate_by_x,1,0.0
                2,a,rate_by_x,2,0.5
                2,b,spikes,0,1
                2,b,rate_by_x,0,1.0
                4,a,spikes,0,0
                4,a,rate_by_x,0,0.0
                4,a,rate_by_x,1,0.0
                4,a,rate_by_x,2,0.0
                4,b,spikes,0,0
                4,b,rate_by_x,0,0.0

                """)
        }
    }

    @Test("chosen areas, manual records, and dropping the recorder detaches it")
    func chosenAreasAndLifetime() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let (brain, area) = try grid()
            _ = try brain.addArea(name: "b", width: 1, height: 1, depth: 1)
            let path = directory + "/m.csv"
            var recorder: MetricsRecorder? = try MetricsRecorder(brain: brain, path: path, metrics: [.meanPotential], areas: ["a"])
            #expect(try recorder!.record(brain.engine) == 1)          // burst 0, before running
            try fireThree(brain, area)
            recorder = nil                                            // closes the file, removes the observer
            try brain.step()
            let text = String(decoding: IOTestSupport.readFile(path) ?? [], as: UTF8.self)
            #expect(text == "burst,area,metric,index,value\n0,a,mean_potential,0,0.0\n1,a,mean_potential,0,\(0.5 / 6)\n")
            #expect(brain.engine.observers.isEmpty)
        }
    }

    @Test("set-up errors name the problem")
    func errors() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let (brain, _) = try grid()
            let path = directory + "/m.csv"
            #expect(throws: MetricsRecorderError.noMetrics) { try MetricsRecorder(brain: brain, path: path, metrics: []) }
            #expect(throws: MetricsRecorderError.invalidInterval(0)) {
                try MetricsRecorder(brain: brain, path: path, metrics: [.spikes], every: 0)
            }
            #expect(throws: MetricsRecorderError.unknownArea("v9", valid: ["a"])) {
                try MetricsRecorder(brain: brain, path: path, metrics: [.spikes], areas: ["v9"])
            }
            #expect(throws: MetricsRecorderError.repeated(what: "metric", name: "spikes")) {
                try MetricsRecorder(brain: brain, path: path, metrics: [.spikes, .spikes])
            }
            do throws(MetricsRecorderError) {
                _ = try MetricsRecorder(brain: brain, path: directory + "/no/such/dir/m.csv", metrics: [.spikes])
                Issue.record("expected an error")
            } catch {
                guard case .csv = error else { Issue.record("\(error)"); return }
                #expect(error.description.contains("no/such/dir/m.csv"))
            }
            #expect(brain.engine.observers.isEmpty)
        }
    }
}
