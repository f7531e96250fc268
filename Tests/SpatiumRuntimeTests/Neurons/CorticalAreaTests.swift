import Testing
@testable import SpatiumRuntime

@Suite("Cortical areas")
struct CorticalAreaTests {
    @Test func indexAndCoordinatesFollowFEAGIOrder() throws {
        let area = try CorticalArea(name: "a", width: 3, height: 4, depth: 5, neuronsPerVoxel: 2)
        #expect(area.count == 120)
        #expect(area.voxelCount == 60)
        var expected = 0
        for x in 0..<3 {
            for y in 0..<4 {
                for z in 0..<5 {
                    for k in 0..<2 {
                        #expect(area.index(x: x, y: y, z: z, k: k) == expected)
                        let c = try #require(area.coordinates(of: expected))
                        #expect(c.x == x && c.y == y && c.z == z && c.k == k)
                        expected += 1
                    }
                }
            }
        }
        #expect(area.index(x: 3, y: 0, z: 0) == nil)
        #expect(area.index(x: 0, y: -1, z: 0) == nil)
        #expect(area.index(x: 0, y: 0, z: 0, k: 2) == nil)
        #expect(area.coordinates(of: 120) == nil)
        #expect(area.coordinates(of: -1) == nil)
    }

    @Test func defaultsAreFEAGIsAndStateIsZero() throws {
        let area = try CorticalArea(name: "a", width: 2, height: 2, depth: 2)
        #expect(area.title == "a")
        #expect(area.threshold.allSatisfy { $0 == 1 })
        #expect(area.thresholdLimit.allSatisfy { $0 == 0 })
        #expect(area.leak.allSatisfy { $0 == 0 })
        #expect(area.refractory == 0 && area.consecutiveFireLimit == 0 && area.snooze == 0)
        #expect(!area.mpAccumulation && area.excitability == 1 && area.psp == 1 && area.pspUniform && !area.mpDrivenPSP)
        #expect(!area.hasFireLimit)
        #expect(area.membranePotential == [Float](repeating: 0, count: 8))
        #expect(area.refractoryCountdown == [Int32](repeating: 0, count: 8))
        #expect(area.consecutiveFireCount == [Int32](repeating: 0, count: 8))
        #expect(area.warnings.isEmpty)
        #expect(NeuronParameters.feagiGenomeDefaults.pspUniform == false)
        #expect(NeuronParameters(consecutiveFireLimit: 65535).hasFireLimit == false)
    }

    @Test func scalarsComeFromParameters() throws {
        let p = NeuronParameters(leak: .uniform(0.25), leakVariability: 0.5, refractory: 2, consecutiveFireLimit: 3,
                                 snooze: 4, mpAccumulation: true, excitability: 0.5, psp: 255, pspUniform: false,
                                 mpDrivenPSP: true)
        let area = try CorticalArea(name: "a", width: 1, height: 1, depth: 3, parameters: p)
        #expect(area.refractory == 2 && area.consecutiveFireLimit == 3 && area.snooze == 4 && area.hasFireLimit)
        #expect(area.mpAccumulation && area.excitability == 0.5 && area.psp == 255 && !area.pspUniform && area.mpDrivenPSP)
        #expect(area.leak == [0.25, 0.25, 0.25])
        #expect(area.parameters == p)
    }

    @Test func zeroNeuronsPerVoxelMakesAnEmptyArea() throws {
        let area = try CorticalArea(name: "e", width: 4, height: 4, depth: 1, neuronsPerVoxel: 0)
        #expect(area.count == 0 && area.threshold.isEmpty)
        #expect(area.index(x: 0, y: 0, z: 0) == nil)
    }

    @Test func invalidDimensionsAreRefused() {
        #expect(throws: BrainError.invalidDimensions(area: "a", width: 0, height: 1, depth: 1, neuronsPerVoxel: 1)) {
            try CorticalArea(name: "a", width: 0, height: 1, depth: 1)
        }
        #expect(throws: BrainError.invalidDimensions(area: "a", width: 1, height: 1, depth: 1, neuronsPerVoxel: -1)) {
            try CorticalArea(name: "a", width: 1, height: 1, depth: 1, neuronsPerVoxel: -1)
        }
        #expect(throws: BrainError.invalidName("")) { try CorticalArea(name: "", width: 1, height: 1, depth: 1) }
        let message = BrainError.invalidDimensions(area: "a", width: 0, height: 1, depth: 1, neuronsPerVoxel: 1).description
        #expect(message.contains("area 'a'") && message.contains("0×1×1") && message.contains(">= 1"))
    }

    @Test func overflowAndMemoryAreCheckedBeforeAllocating() {
        // These would crash if anything were allocated.
        #expect(throws: BrainError.neuronCountOverflow(area: "huge", width: 1 << 40, height: 1 << 40, depth: 1, neuronsPerVoxel: 1)) {
            try CorticalArea(name: "huge", width: 1 << 40, height: 1 << 40, depth: 1)
        }
        do {
            _ = try CorticalArea(name: "big", width: 50_000, height: 50_000, depth: 1)
            Issue.record("expected an error")
        } catch let e as BrainError {
            guard case .tooManyNeurons(_, let neurons, _, _) = e else { Issue.record("wrong error \(e)"); return }
            #expect(neurons == 2_500_000_000)
            #expect(e.description.contains("2,500,000,000 neurons") && e.description.contains("32-bit"))
        } catch { Issue.record("wrong error \(error)") }
        do {
            _ = try CorticalArea(name: "mid", width: 1000, height: 1000, depth: 10, memoryBudget: 1 << 20)
            Issue.record("expected an error")
        } catch let e as BrainError {
            #expect(e == .exceedsMemory(area: "mid", neurons: 10_000_000, bytes: 240_000_000, alreadyUsedBytes: 0, budgetBytes: 1 << 20))
            #expect(e.description.contains("10,000,000 neurons") && e.description.contains("240,000,000 bytes")
                && e.description.contains("228.9 MiB") && e.description.contains("1.0 MiB"))
        } catch { Issue.record("wrong error \(error)") }
        #expect(CorticalArea.defaultMemoryBudget > 1 << 26)
    }

    @Test func parametersMustBeFinite() {
        #expect(throws: BrainError.invalidParameter(area: "a", parameter: "excitability", problem: "must be finite, got nan")) {
            try CorticalArea(name: "a", width: 1, height: 1, depth: 1, parameters: NeuronParameters(excitability: .nan))
        }
        #expect(throws: BrainError.invalidParameter(area: "a", parameter: "refractory", problem: "expected an integer in 0...2147483647, got -1")) {
            try CorticalArea(name: "a", width: 1, height: 1, depth: 1, parameters: NeuronParameters(refractory: -1))
        }
        #expect(throws: BrainError.self) {
            try CorticalArea(name: "a", width: 1, height: 1, depth: 1, parameters: NeuronParameters(psp: .infinity))
        }
        #expect(throws: BrainError.invalidParameter(area: "a", parameter: "leak", problem: "voxels profile has 1 values, expected 2 (W·H·D = 2×1×1)")) {
            try CorticalArea(name: "a", width: 2, height: 1, depth: 1, parameters: NeuronParameters(leak: .voxels([0.1])))
        }
    }

    @Test func limitBelowThresholdIsAWarningNotAnError() throws {
        let blocked = try CorticalArea(name: "w", width: 3, height: 3, depth: 2,
                                       parameters: NeuronParameters(threshold: .uniform(10), thresholdLimit: .uniform(5)))
        #expect(blocked.warnings.count == 1)
        let w = try #require(blocked.warnings.first)
        #expect(w.contains("area 'w'") && w.contains("18 of 18 neurons") && w.contains("never fire"))
        // No limit (0) and limit ≥ threshold: no warning.
        #expect(try CorticalArea(name: "a", width: 2, height: 1, depth: 1,
                                 parameters: NeuronParameters(threshold: .uniform(10))).warnings.isEmpty)
        #expect(try CorticalArea(name: "a", width: 2, height: 1, depth: 1,
                                 parameters: NeuronParameters(threshold: .uniform(10), thresholdLimit: .uniform(10))).warnings.isEmpty)
        // A gradient that crosses the limit blocks part of the area.
        let partial = try CorticalArea(name: "g", width: 5, height: 1, depth: 1,
                                       parameters: NeuronParameters(threshold: .linear(base: 100, x: 10), thresholdLimit: .uniform(125)))
        #expect(partial.warnings.first?.contains("2 of 5 neurons (first: neuron 3 at (3, 0, 0), threshold 130.0, limit 125.0)") == true)
        let brain = Brain()
        let returned = try brain.addArea(name: "w", width: 1, height: 1, depth: 1,
                                         parameters: NeuronParameters(threshold: .uniform(2), thresholdLimit: .uniform(1))).warnings
        #expect(returned.count == 1 && brain.warnings == returned)
    }

    @Test func setReappliesProfilesAndKeepsState() throws {
        let area = try CorticalArea(name: "a", width: 2, height: 1, depth: 1, neuronsPerVoxel: 2)
        area.membranePotential[1] = 3
        let warnings = try area.set(threshold: .linear(base: 20, x: 5))
        #expect(warnings.isEmpty)
        #expect(area.threshold == [20, 20, 25, 25])
        #expect(area.membranePotential[1] == 3)
        try area.set(leak: .voxels([0.1, 0.2]))
        #expect(area.leak == [0.1, 0.1, 0.2, 0.2])
        let w = try area.set(thresholdLimit: .uniform(22))
        #expect(w.count == 1 && area.warnings == w)
        var p = area.parameters
        p.refractory = 7
        p.mpAccumulation = true
        try area.set(p)
        #expect(area.refractory == 7 && area.mpAccumulation)
        // A bad set leaves everything as it was.
        #expect(throws: BrainError.self) { try area.set(threshold: .voxels([1])) }
        #expect(area.threshold == [20, 20, 25, 25] && area.parameters == p)
        area.resetState()
        #expect(area.membranePotential == [0, 0, 0, 0])
    }
}
