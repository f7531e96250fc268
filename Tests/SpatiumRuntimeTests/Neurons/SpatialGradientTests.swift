import Testing
@testable import SpatiumRuntime

/// FEAGI 2.0's five spatial-gradient tests (`feagi-npu/burst-engine/tests/test_spatial_gradient.rs`,
/// DYNAMICS.md §6, seeds/003): area creation with width, height, depth, npv, base threshold
/// and increments (ix, iy, iz); no limit, leak 0, refr 0, exc 1, cfl 0, snooze 0, acc false;
/// thresholds read back by neuron index with tolerance 0.001.
@Suite("FEAGI spatial gradient tests (verbatim)")
struct SpatialGradientTests {
    /// The arguments of FEAGI's `create_cortical_area_neurons` in these tests; returns the
    /// neuron count and the area (a non-core area, so local index = neuron index).
    func createCorticalAreaNeurons(width: Int, height: Int, depth: Int, neuronsPerVoxel: Int,
                                   defaultThreshold: Float, thresholdIncrementX: Float,
                                   thresholdIncrementY: Float, thresholdIncrementZ: Float) throws -> (Int, CorticalArea) {
        let parameters = NeuronParameters(
            threshold: .linear(base: defaultThreshold, x: thresholdIncrementX, y: thresholdIncrementY, z: thresholdIncrementZ),
            thresholdLimit: .uniform(0), leak: .uniform(0), refractory: 0, consecutiveFireLimit: 0, snooze: 0,
            mpAccumulation: false, excitability: 1)
        let brain = Brain()
        let area = try brain.addArea(name: "test_area", width: width, height: height, depth: depth,
                                     neuronsPerVoxel: neuronsPerVoxel, parameters: parameters)
        return (area.count, area)
    }

    func threshold(_ area: CorticalArea, _ index: Int) -> Float { area.threshold[index] }

    @Test func test_firing_threshold_spatial_gradient_3d() throws {
        let (count, area) = try createCorticalAreaNeurons(width: 3, height: 3, depth: 2, neuronsPerVoxel: 1,
                                                          defaultThreshold: 10, thresholdIncrementX: 1,
                                                          thresholdIncrementY: 2, thresholdIncrementZ: 5)
        #expect(count == 18)
        #expect(abs(threshold(area, 0) - 10.0) < 0.001)
        #expect(abs(threshold(area, 17) - 21.0) < 0.001)
        // Every index in the nested x → y → z order.
        var idx = 0
        for x in 0..<3 {
            for y in 0..<3 {
                for z in 0..<2 {
                    let expected: Float = 10.0 + Float(x) * 1.0 + Float(y) * 2.0 + Float(z) * 5.0
                    #expect(abs(threshold(area, idx) - expected) < 0.001, "index \(idx) at (\(x), \(y), \(z))")
                    idx += 1
                }
            }
        }
        // The table idx:(x,y,z,k)=thr.
        let table: [(Int, (Int, Int, Int, Int), Float)] = [
            (0, (0, 0, 0, 0), 10), (1, (0, 0, 1, 0), 15), (2, (0, 1, 0, 0), 12), (3, (0, 1, 1, 0), 17),
            (4, (0, 2, 0, 0), 14), (5, (0, 2, 1, 0), 19), (6, (1, 0, 0, 0), 11), (7, (1, 0, 1, 0), 16),
            (8, (1, 1, 0, 0), 13), (9, (1, 1, 1, 0), 18), (10, (1, 2, 0, 0), 15), (11, (1, 2, 1, 0), 20),
            (12, (2, 0, 0, 0), 12), (13, (2, 0, 1, 0), 17), (14, (2, 1, 0, 0), 14), (15, (2, 1, 1, 0), 19),
            (16, (2, 2, 0, 0), 16), (17, (2, 2, 1, 0), 21),
        ]
        for (index, position, expected) in table {
            let c = try #require(area.coordinates(of: index))
            #expect(c.x == position.0 && c.y == position.1 && c.z == position.2 && c.k == position.3)
            #expect(area.index(x: position.0, y: position.1, z: position.2, k: position.3) == index)
            #expect(abs(threshold(area, index) - expected) < 0.001)
        }
    }

    @Test func test_firing_threshold_no_gradient() throws {
        let (count, area) = try createCorticalAreaNeurons(width: 2, height: 2, depth: 2, neuronsPerVoxel: 1,
                                                          defaultThreshold: 50, thresholdIncrementX: 0,
                                                          thresholdIncrementY: 0, thresholdIncrementZ: 0)
        #expect(count == 8)
        let positions = [(0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 1, 1), (1, 0, 0), (1, 0, 1), (1, 1, 0), (1, 1, 1)]
        for (index, p) in positions.enumerated() {
            #expect(area.index(x: p.0, y: p.1, z: p.2) == index)
            #expect(abs(threshold(area, index) - 50.0) < 0.001)
        }
        #expect(area.parameters.threshold.constantValue == 50)      // FEAGI's fast path: one fill
    }

    @Test func test_firing_threshold_single_axis_gradient() throws {
        let (count, area) = try createCorticalAreaNeurons(width: 5, height: 1, depth: 1, neuronsPerVoxel: 1,
                                                          defaultThreshold: 100, thresholdIncrementX: 10,
                                                          thresholdIncrementY: 0, thresholdIncrementZ: 0)
        #expect(count == 5)
        for (x, expected) in [Float(100), 110, 120, 130, 140].enumerated() {
            #expect(abs(threshold(area, x) - expected) < 0.001)
        }
    }

    @Test func test_firing_threshold_multiple_neurons_per_voxel() throws {
        let (count, area) = try createCorticalAreaNeurons(width: 2, height: 1, depth: 1, neuronsPerVoxel: 3,
                                                          defaultThreshold: 20, thresholdIncrementX: 5,
                                                          thresholdIncrementY: 0, thresholdIncrementZ: 0)
        #expect(count == 6)
        let table: [(Int, (Int, Int, Int, Int), Float)] = [
            (0, (0, 0, 0, 0), 20), (1, (0, 0, 0, 1), 20), (2, (0, 0, 0, 2), 20),
            (3, (1, 0, 0, 0), 25), (4, (1, 0, 0, 1), 25), (5, (1, 0, 0, 2), 25),
        ]
        for (index, p, expected) in table {
            #expect(area.index(x: p.0, y: p.1, z: p.2, k: p.3) == index)
            #expect(abs(threshold(area, index) - expected) < 0.001)
        }
    }

    @Test func test_firing_threshold_negative_gradient() throws {
        let (count, area) = try createCorticalAreaNeurons(width: 3, height: 1, depth: 1, neuronsPerVoxel: 1,
                                                          defaultThreshold: 100, thresholdIncrementX: -10,
                                                          thresholdIncrementY: 0, thresholdIncrementZ: 0)
        #expect(count == 3)
        for (x, expected) in [Float(100), 90, 80].enumerated() {
            #expect(abs(threshold(area, x) - expected) < 0.001)
        }
    }
}
