import Glibc
import Testing
@testable import SpatiumRuntime

@Suite("Threshold profiles")
struct ThresholdProfileTests {
    func filled(_ p: ThresholdProfile, _ w: Int, _ h: Int, _ d: Int, npv: Int = 1) -> [Float] {
        var out = [Float](repeating: .nan, count: w * h * d * npv)
        out.withUnsafeMutableBufferPointer { p.fill($0, width: w, height: h, depth: d, neuronsPerVoxel: npv) }
        return out
    }

    /// Bulk and scalar agree bit for bit, and all npv copies of a voxel share the value.
    func expectScalarMatchesBulk(_ p: ThresholdProfile, _ w: Int, _ h: Int, _ d: Int, npv: Int) {
        let bulk = filled(p, w, h, d, npv: npv)
        var i = 0
        for x in 0..<w {
            for y in 0..<h {
                for z in 0..<d {
                    let v = p.value(x: x, y: y, z: z, width: w, height: h, depth: d)
                    for _ in 0..<npv {
                        #expect(v?.bitPattern == bulk[i].bitPattern, "\(p) at (\(x), \(y), \(z))")
                        i += 1
                    }
                }
            }
        }
    }

    @Test func uniformIsOneFillWithTheValue() {
        let p = ThresholdProfile.uniform(7.5)
        #expect(p.constantValue == 7.5)
        #expect(filled(p, 3, 2, 2, npv: 2).allSatisfy { $0 == 7.5 })
    }

    @Test func linearIsFEAGIsFormulaInFloat() {
        let p = ThresholdProfile.linear(base: 0.1, x: 0.3, y: -0.7, z: 1.1)
        let values = filled(p, 4, 3, 5)
        var i = 0
        for x in 0..<4 {
            for y in 0..<3 {
                for z in 0..<5 {
                    let expected = ((Float(0.1) + Float(x) * 0.3) + Float(y) * -0.7) + Float(z) * 1.1
                    #expect(values[i].bitPattern == expected.bitPattern)
                    i += 1
                }
            }
        }
    }

    @Test func incrementsBelowFloatEpsilonTakeFEAGIsUniformPath() {
        let tiny = ThresholdProfile.linear(base: 3, x: 1e-8, y: -1e-9)
        #expect(tiny.constantValue == 3)
        #expect(filled(tiny, 1000, 1, 1).allSatisfy { $0 == 3 })
        let real = ThresholdProfile.linear(base: 3, x: 1e-3)
        #expect(real.constantValue == nil)
        #expect(filled(real, 3, 1, 1)[2] == 3 + 2 * Float(1e-3))
    }

    @Test func radialIsBasePlusSlopeTimesDistance() {
        let p = ThresholdProfile.radial(center: (1, 1, 0), base: 2, slope: 3)
        let v = filled(p, 3, 3, 1)
        #expect(v[4] == 2)                                     // centre (1,1,0)
        #expect(v[1] == 5)                                     // (0,1,0): distance 1
        #expect(v[0] == Float(2 + 3 * 2.0.squareRoot()))       // (0,0,0): distance √2
        #expect(v[8] == Float(2 + 3 * 2.0.squareRoot()))
    }

    @Test func gaussianPeaksAtTheCentreAndFallsToBase() {
        let p = ThresholdProfile.gaussian(center: (2, 0, 0), sigma: 1, base: 10, peak: 2)
        let v = filled(p, 5, 1, 1)
        #expect(v[2] == 2)
        #expect(v[1] == Float(10 + (2 - 10) * Glibc.exp(-0.5)))
        #expect(v[0] == Float(10 + (2 - 10) * Glibc.exp(-2.0)))
        #expect(v[0] == v[4] && v[1] == v[3])
        let far = ThresholdProfile.gaussian(center: (0, 0, 0), sigma: 1, base: 10, peak: 2).value(x: 40, y: 0, z: 0, width: 41, height: 1, depth: 1)
        #expect(far == 10)
    }

    @Test func quadraticSumsWeightedSquares() {
        let p = ThresholdProfile.quadratic(center: (1, 0, 1), base: 1, coefficients: (2, 0, 0.5))
        let v = filled(p, 3, 1, 3)
        // voxel (x, 0, z) at index x*3 + z: 1 + 2(x−1)² + 0.5(z−1)²
        for x in 0..<3 {
            for z in 0..<3 {
                let dx = Double(x - 1), dz = Double(z - 1)
                #expect(v[x * 3 + z] == Float(1 + (2 * dx * dx + 0.5 * dz * dz)))
            }
        }
    }

    @Test func voxelsAreCopiedInVoxelOrderWithNpvCopies() {
        let p = ThresholdProfile.voxels([1, 2, 3, 4])
        #expect(filled(p, 2, 2, 1, npv: 2) == [1, 1, 2, 2, 3, 3, 4, 4])
        #expect(p.problem(width: 2, height: 2, depth: 1) == nil)
        #expect(p.problem(width: 3, height: 2, depth: 1)?.contains("expected 6") == true)
    }

    @Test func scalarAndBulkAreBitIdentical() {
        let profiles: [ThresholdProfile] = [
            .uniform(1.5), .linear(base: 10, x: 0.37, y: -1.3, z: 2.9),
            .radial(center: (1.5, 2, 0.25), base: 1, slope: 0.77),
            .gaussian(center: (2, 1, 1), sigma: 1.7, base: 5, peak: -3),
            .quadratic(center: (0.5, 0.5, 0.5), base: 2, coefficients: (0.3, 0.1, -0.2)),
            .voxels((0..<60).map { Float($0) * 0.13 }),
            .linear(base: 1, x: 0.5).withNoise(sigma: 0.25, seed: 9),
            .uniform(3).withNoise(sigma: 2, seed: 123),
        ]
        for p in profiles {
            expectScalarMatchesBulk(p, 5, 4, 3, npv: 1)
            expectScalarMatchesBulk(p, 5, 4, 3, npv: 3)
        }
    }

    @Test func noiseIsDeterministicPerSeedAndPerVoxel() {
        let a = filled(ThresholdProfile.uniform(5).withNoise(sigma: 0.5, seed: 42), 16, 16, 4)
        let b = filled(ThresholdProfile.uniform(5).withNoise(sigma: 0.5, seed: 42), 16, 16, 4)
        let c = filled(ThresholdProfile.uniform(5).withNoise(sigma: 0.5, seed: 43), 16, 16, 4)
        #expect(a == b)
        #expect(a != c)
        // npv copies share the voxel's draw; the draw depends on the voxel number only.
        let copies = filled(ThresholdProfile.uniform(5).withNoise(sigma: 0.5, seed: 42), 16, 16, 4, npv: 2)
        for i in 0..<a.count { #expect(copies[2 * i] == a[i] && copies[2 * i + 1] == a[i]) }
        #expect(ThresholdProfile.uniform(5).withNoise(sigma: 0.5, seed: 42)
            .value(x: 3, y: 7, z: 2, width: 16, height: 16, depth: 4) == a[(3 * 16 + 7) * 4 + 2])
        // Known first draw, so a change of the generator is noticed.
        let n0 = ThresholdProfile.standardNormal(seed: 42, voxel: 0)
        let u1 = 1 - SplitMix64.unitDouble(SplitMix64.draw(seed: 42, stream: 0, counter: 0))
        let u2 = SplitMix64.unitDouble(SplitMix64.draw(seed: 42, stream: 0, counter: 1))
        #expect(n0 == (-2 * Glibc.log(u1)).squareRoot() * Glibc.cos(2 * Double.pi * u2))
    }

    @Test func noiseHasTheRequestedSpread() {
        let values = filled(ThresholdProfile.uniform(10).withNoise(sigma: 2, seed: 7), 64, 64, 4)
        let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
        let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)
        #expect(abs(mean - 10) < 0.05)
        #expect(abs(variance.squareRoot() - 2) < 0.05)
        let zero = filled(ThresholdProfile.uniform(10).withNoise(sigma: 0, seed: 7), 4, 4, 1)
        #expect(zero.allSatisfy { $0 == 10 })
    }

    @Test func problemsAreReported() {
        #expect(ThresholdProfile.uniform(.nan).problem(width: 1, height: 1, depth: 1)?.contains("finite") == true)
        #expect(ThresholdProfile.linear(base: 1, x: .infinity).problem(width: 2, height: 1, depth: 1)?.contains("x increment") == true)
        #expect(ThresholdProfile.linear(base: 3e38, x: 3e38).problem(width: 3, height: 1, depth: 1)?.contains("overflows") == true)
        #expect(ThresholdProfile.gaussian(center: (0, 0, 0), sigma: 0, base: 1, peak: 2).problem(width: 1, height: 1, depth: 1)?.contains("sigma must be > 0") == true)
        #expect(ThresholdProfile.uniform(1).withNoise(sigma: -1, seed: 0).problem(width: 1, height: 1, depth: 1)?.contains("noise sigma") == true)
        #expect(ThresholdProfile.voxels([1, .infinity]).problem(width: 2, height: 1, depth: 1)?.contains("value 1") == true)
        #expect(ThresholdProfile.radial(center: (0, 0, 0), base: 1, slope: 1).problem(width: 9, height: 9, depth: 9) == nil)
    }

    @Test func fillIgnoresTooSmallBuffersAndOutOfGridScalars() {
        var small = [Float](repeating: -1, count: 3)
        small.withUnsafeMutableBufferPointer { ThresholdProfile.uniform(1).fill($0, width: 2, height: 2, depth: 1, neuronsPerVoxel: 1) }
        #expect(small == [-1, -1, -1])
        #expect(ThresholdProfile.uniform(1).value(x: 2, y: 0, z: 0, width: 2, height: 1, depth: 1) == nil)
        #expect(ThresholdProfile.voxels([1]).value(x: 0, y: 0, z: 0, width: 2, height: 1, depth: 1) == nil)
        // Nonsense sizes are ignored, never trapped on.
        var buffer = [Float](repeating: -1, count: 8)
        buffer.withUnsafeMutableBufferPointer {
            ThresholdProfile.linear(base: 1, x: 1).fill($0, width: -2, height: -2, depth: 1, neuronsPerVoxel: 1)
            ThresholdProfile.uniform(1).fill($0, width: Int.max, height: 2, depth: 1, neuronsPerVoxel: 1)
        }
        #expect(buffer == [Float](repeating: -1, count: 8))
        #expect(ThresholdProfile.uniform(1).value(x: 0, y: 0, z: 0, width: -1, height: 1, depth: 1) == nil)
        #expect(ThresholdProfile.uniform(1).value(x: 0, y: 0, z: 0, width: Int.max, height: Int.max, depth: 1) == nil)
    }

    @Test func descriptionsAndBaseValues() {
        #expect(ThresholdProfile.linear(base: 10, x: 1, y: 2, z: 5).description == "linear(base: 10.0, x: 1.0, y: 2.0, z: 5.0)")
        #expect(ThresholdProfile.uniform(1).withNoise(sigma: 0.5, seed: 3).description == "uniform(1.0) + noise(σ 0.5, seed 3)")
        #expect(ThresholdProfile.gaussian(center: (0, 0, 0), sigma: 1, base: 4, peak: 9).baseValue == 4)
        #expect(ThresholdProfile.voxels([]).baseValue == 0)
    }
}
