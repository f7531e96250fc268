import Testing
@testable import SpatiumRuntime

@Suite("Brain")
struct BrainTests {
    @Test func areasGetConsecutiveBasesInCreationOrder() throws {
        let brain = Brain(seed: 5)
        let a = try brain.addArea(name: "a", width: 2, height: 2, depth: 1)
        let b = try brain.addArea(name: "b", width: 3, height: 1, depth: 1, neuronsPerVoxel: 0)
        let c = try brain.addArea(name: "c", width: 1, height: 1, depth: 2, neuronsPerVoxel: 3)
        #expect(brain.seed == 5)
        #expect(brain.areas.map(\.name) == ["a", "b", "c"])
        #expect((a.base, b.base, c.base) == (0, 4, 4))
        #expect(c.globalRange == 4..<10)
        #expect(brain.neuronCount == 10)
        #expect(brain.storageBytes == 10 * CorticalArea.bytesPerNeuron)
        #expect(brain.area(named: "c") === c)
        #expect(brain.area(named: "z") == nil)
    }

    @Test func duplicateNamesAreRefusedAndTheBrainIsUnchanged() throws {
        let brain = Brain()
        try brain.addArea(name: "v1", width: 2, height: 2, depth: 1)
        #expect(throws: BrainError.duplicateArea("v1")) { try brain.addArea(name: "v1", width: 9, height: 9, depth: 9) }
        #expect(brain.areas.count == 1 && brain.neuronCount == 4)
        #expect(BrainError.duplicateArea("v1").description.contains("'v1' already exists"))
    }

    @Test func theMemoryBudgetCoversTheWholeBrain() throws {
        let brain = Brain()
        brain.memoryBudget = 1000 * CorticalArea.bytesPerNeuron
        try brain.addArea(name: "a", width: 10, height: 10, depth: 6)
        do {
            try brain.addArea(name: "b", width: 10, height: 10, depth: 5)
            Issue.record("expected an error")
        } catch let e as BrainError {
            #expect(e == .exceedsMemory(area: "b", neurons: 500, bytes: 12000, alreadyUsedBytes: 14400, budgetBytes: 24000))
            #expect(e.description.contains("already used"))
        }
        #expect(brain.areas.count == 1)
        try brain.addArea(name: "b", width: 10, height: 10, depth: 4)
        #expect(brain.neuronCount == 1000)
    }

    @Test func connectionsAreCheckedAndKeptInOrder() throws {
        let brain = Brain()
        try brain.addArea(name: "src", width: 4, height: 4, depth: 1)
        try brain.addArea(name: "dst", width: 2, height: 2, depth: 1, neuronsPerVoxel: 2)
        try brain.connect("src", "dst", morphology: .projector, weight: 2)
        try brain.connect("dst", "src", morphology: .lateral(x: -1), weight: 3, psp: 10, inhibitory: true)
        try brain.connect(ConnectionSpec(source: "src", destination: "dst", morphology: .explicit([(15, 7), (0, 0)])))
        #expect(brain.connections.count == 3)
        #expect(brain.connections[1].contribution(sourcePSP: 255) == -30)
        #expect(brain.connections[0].contribution(sourcePSP: 255) == 510)

        #expect(throws: BrainError.unknownArea(name: "nope", role: "source")) {
            try brain.connect("nope", "dst", morphology: .projector)
        }
        #expect(throws: BrainError.unknownArea(name: "nope", role: "destination")) {
            try brain.connect("src", "nope", morphology: .projector)
        }
        #expect(throws: BrainError.invalidConnection(source: "src", destination: "dst", problem: "explicit pair 0: destination index 8 is outside 0..<8")) {
            try brain.connect("src", "dst", morphology: .explicit([(0, 8)]))
        }
        #expect(throws: BrainError.invalidConnection(source: "src", destination: "dst", problem: "morphology scalar must be >= 1 on every axis, got (1, 0, 1)")) {
            try brain.connect("src", "dst", morphology: .projector, scalar: GridVector(1, 0, 1))
        }
        #expect(throws: BrainError.self) { try brain.connect("src", "dst", morphology: .projector, weight: .nan) }
        #expect(throws: BrainError.self) { try brain.connect("src", "dst", morphology: .random(k: -2, seed: 1)) }
        #expect(throws: BrainError.self) {
            try brain.connect("src", "dst", morphology: .patterns([MorphologyPattern(source: [.any], destination: [.any, .any, .any])]))
        }
        #expect(brain.connections.count == 3)
    }

    @Test func summaryListsAreasNeuronsAndMappings() throws {
        let brain = Brain(seed: 9)
        try brain.addArea(name: "retina", title: "Retina", width: 8, height: 8, depth: 1)
        try brain.addArea(name: "v1", width: 8, height: 8, depth: 2, neuronsPerVoxel: 2,
                          parameters: NeuronParameters(threshold: .uniform(3), thresholdLimit: .uniform(1)))
        try brain.connect("retina", "v1", morphology: .projector, weight: 2)
        let s = brain.summary
        #expect(s.seed == 9 && s.neuronCount == 320 && s.warningCount == 1 && s.unknownGeneCount == 0)
        #expect(s.areas.map(\.name) == ["retina", "v1"])
        #expect(s.areas[1] == BrainSummary.Area(name: "v1", title: "v1", width: 8, height: 8, depth: 2, neuronsPerVoxel: 2, neurons: 256, base: 64))
        #expect(s.mappings == [BrainSummary.Mapping(source: "retina", destination: "v1", morphology: "projector", weight: 2, psp: nil, inhibitory: false)])
        let text = s.description
        #expect(text.contains("2 areas, 320 neurons, 1 mappings"))
        #expect(text.contains("retina") && text.contains("8×8×2") && text.contains("Retina"))
        #expect(text.contains("retina → v1: projector, weight 2.0"))
        #expect(text.contains("1 warning(s)"))
    }
}
