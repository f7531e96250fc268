import Foundation
import Testing

/// `spatium.brain`, `b:area`, `spatium.profile` and the area methods, end to end through the binary.
@Suite struct BrainScriptTests {
    func lua(_ chunk: String, options: [String] = []) throws -> ScriptHarness.Outcome {
        try ScriptHarness.evaluate(chunk, options: options)
    }

    /// The message of a failing chunk without the `spatium-script: (command line):1: ` prefix
    /// and the traceback.
    func failure(_ chunk: String, options: [String] = []) throws -> String {
        let outcome = try lua(chunk, options: options)
        #expect(outcome.status == 1, "\(chunk) should fail")
        let first = outcome.stderr.split(separator: "\n").first.map(String.init) ?? ""
        let prefix = "spatium-script: (command line):1: "
        return first.hasPrefix(prefix) ? String(first.dropFirst(prefix.count)) : first
    }

    @Test func brainDefaultsFieldsAndSettings() throws {
        let outcome = try lua("""
            local b = spatium.brain{}
            print(b.seed, b.threads, b.dynamics, b.neurons, b.burst)
            b:set{dynamics = "dense", threads = 1}; print(b.dynamics, b.threads)
            b.dynamics = "feagi"; b.threads = 2; print(b.dynamics, b.threads)
            local b2 = spatium.brain{seed = 42, dynamics = "dense", threads = 5}
            print(b2.seed, b2.dynamics, b2.threads, tostring(b2))
            print(spatium.brain().seed, b.nonsense)
            """, options: ["--seed", "7", "--threads", "3"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            7\t3\tfeagi\t0\t0
            dense\t1
            feagi\t2
            42\tdense\t5\tbrain (seed 42, dense): 0 areas, 0 neurons, 0 mappings, burst 0
            7\tnil

            """)
    }

    @Test func threadsZeroMeansEveryCore() throws {
        let outcome = try lua("print(spatium.brain{threads = 0}.threads == spatium.brain{}.threads, spatium.brain{}.threads >= 1)")
        #expect(outcome.stdout == "true\ttrue\n", "\(outcome.stderr)")
    }

    /// FEAGI's `test_firing_threshold_spatial_gradient_3d`: 3×3×2, base 10, increments (1, 2, 5).
    @Test func feagiGradientThresholds() throws {
        let outcome = try lua("""
            local b = spatium.brain{seed = 1}
            local v1 = b:area{name = "v1", size = {3, 3, 2}, threshold = 10, gradient = {x = 1, y = 2, z = 5}}
            local t = v1:thresholds()
            print(t.dtype, #t, table.concat(t:to_table(), " "))
            print(v1:threshold_at(2, 2, 1), v1:index(2, 2, 1), v1:coords(17))
            print(v1:index(0, 1, 1), v1:coords(3))
            print(v1.name, v1:size())
            print(v1:count(), v1.base, v1.title)
            print(tostring(v1))
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            f32\t18\t10.0 15.0 12.0 17.0 14.0 19.0 11.0 16.0 13.0 18.0 15.0 20.0 12.0 17.0 14.0 19.0 16.0 21.0
            21.0\t17\t2\t2\t1\t0
            3\t0\t1\t1\t0
            v1\t3\t3\t2\t1
            18\t0\tv1
            area 'v1' 3×3×2 (18 neurons), threshold linear(base: 10.0, x: 1.0, y: 2.0, z: 5.0) in [10.0, 21.0]

            """)
    }

    @Test func areasWithSeveralNeuronsPerVoxelAndAllParameters() throws {
        let outcome = try lua("""
            local b = spatium.brain{}
            local r = b:area{name = "r", size = {2, 1, 1}}
            local a = b:area{name = "a", title = "Area A", size = {2, 1, 1}, neurons_per_voxel = 3,
                             threshold = 5, limit = 40, leak = 0.25, refractory = 2, consecutive_fire_limit = 3,
                             snooze = 1, mp_accumulation = true, excitability = 0.5, psp = 2, psp_uniform = false,
                             mp_driven_psp = false, precision = "f32", activation = "relu", hash = "sources"}
            print(a.base, a:count(), a:size())
            print(a:index(1, 0, 0, 2), a:coords(4))
            print(a:limits():sum(), a:leaks()[1], a:thresholds():mean())
            print(b.neurons, #b:areas(), b:areas()[2] == a, b:area_named("a") == a, b:area_named("zz"), a.brain == b)
            print(tostring(a))
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            2\t6\t2\t1\t1\t3
            5\t1\t0\t0\t1
            240.0\t0.25\t5.0
            8\t2\ttrue\ttrue\tnil\ttrue
            area 'a' 2×1×1 ×3 (6 neurons), threshold uniform(5.0)

            """)
    }

    @Test func profilesAndTensorsAsParameters() throws {
        let outcome = try lua("""
            local p = spatium.profile
            local b = spatium.brain{seed = 3}
            local function row(area, f) return table.concat(area[f](area):to_table(), " ") end
            local a = b:area{name = "lin", size = {4, 1, 1}, threshold = p.linear{base = 100, x = -10}}
            print(row(a, "thresholds"))
            local r = b:area{name = "rad", size = {3, 1, 1}, threshold = p.radial{center = {1, 0, 0}, base = 2, slope = 1.5}}
            print(row(r, "thresholds"))
            local g = b:area{name = "gau", size = {3, 1, 1}, leak = p.gaussian{center = {x = 1}, sigma = 1, base = 0, peak = 1}}
            print(string.format("%.6f %.6f %.6f", table.unpack(g:leaks():to_table())))
            local q = b:area{name = "qua", size = {3, 1, 1}, threshold = p.quadratic{center = {1, 0, 0}, base = 1, coefficients = {2, 0, 0}}}
            print(row(q, "thresholds"))
            local v = b:area{name = "vox", size = {2, 2, 1}, neurons_per_voxel = 2, limit = spatium.tensor.from{{50, 60}, {70, 80}}}
            print(row(v, "limits"))
            local u = b:area{name = "uni", size = {2, 1, 1}, threshold = p.uniform(7), leak = p.voxels(spatium.tensor{0.1, 0.2})}
            print(row(u, "thresholds"), string.format("%.2f %.2f", table.unpack(u:leaks():to_table())))
            print(p.linear{base = 10, x = 1}, p.uniform{value = 5, noise = {sigma = 0.5, seed = 9}})
            print(p.gaussian{center = {1, 2, 3}, sigma = 2, base = 1, peak = 3, noise = {sigma = 1}})
            print(p.voxels(spatium.tensor{1, 2, 3}), p.uniform(1, {noise = {sigma = 2}}))
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            100.0 90.0 80.0 70.0
            3.5 2.0 3.5
            0.606531 1.000000 0.606531
            3.0 1.0 3.0
            50.0 50.0 60.0 60.0 70.0 70.0 80.0 80.0
            7.0 7.0\t0.10 0.20
            profile linear(base: 10.0, x: 1.0, y: 0.0, z: 0.0)\tprofile uniform(5.0) + noise(σ 0.5, seed 9)
            profile gaussian(center: (1.0, 2.0, 3.0), sigma: 2.0, base: 1.0, peak: 3.0) + noise(σ 1.0, seed of the brain)
            profile voxels(3 values)\tprofile uniform(1.0) + noise(σ 2.0, seed of the brain)

            """)
    }

    /// Noise without a seed takes the brain's seed; an explicit seed wins.
    @Test func noiseSeeds() throws {
        let outcome = try lua("""
            local p = spatium.profile
            local function t(seed, profile) return spatium.brain{seed = seed}:area{name = "n", size = {4, 4, 1}, threshold = profile}:thresholds() end
            local unseeded = p.uniform{value = 5, noise = {sigma = 1}}
            local seeded = p.uniform{value = 5, noise = {sigma = 1, seed = 99}}
            print(t(1, unseeded) == t(1, unseeded), t(1, unseeded) == t(2, unseeded), t(1, seeded) == t(2, seeded))
            print(t(1, unseeded) == t(1, p.uniform(5)), math.abs(t(1, unseeded):mean() - 5) < 1)
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "true\tfalse\ttrue\nfalse\ttrue\n")
    }

    @Test func setReappliesParameters() throws {
        let outcome = try lua("""
            local b = spatium.brain{}
            local a = b:area{name = "a", size = {3, 1, 1}, threshold = 10, gradient = {x = 1}}
            local function th() return table.concat(a:thresholds():to_table(), " ") end
            a:set{threshold = 20}; print(th())                          -- keeps the gradient
            a:set{gradient = {x = 0, y = 0, z = 0}}; print(th())        -- keeps the base
            a:set{gradient = {2, 0, 0}}; print(th())
            a:set{threshold = spatium.profile.radial{center = {0, 0, 0}, base = 1, slope = 1}}; print(th())
            a:set{limit = 2.5, leak = spatium.tensor{0.5, 0.5, 0.5}, refractory = 4}
            print(a:limits()[1], a:leaks()[3])
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            20.0 21.0 22.0
            20.0 20.0 20.0
            20.0 22.0 24.0
            1.0 2.0 3.0
            2.5\t0.5

            """)
        #expect(outcome.stderr.contains("spatium-script: warning: area 'a': threshold limit is below the threshold for 1 of 3 neurons"),
                "\(outcome.stderr)")
    }

    @Test func runtimeWarningsGoToStderrUnlessQuiet() throws {
        let chunk = "spatium.brain{}:area{name = 'a', size = {2, 2, 1}, threshold = 10, limit = 5}; print('made')"
        let loud = try lua(chunk)
        #expect(loud.status == 0)
        #expect(loud.stdout == "made\n")
        #expect(loud.stderr == "spatium-script: warning: area 'a': threshold limit is below the threshold for 4 of 4 neurons (first: neuron 0 at (0, 0, 0), threshold 10.0, limit 5.0); they can never fire, because the window threshold <= v <= limit is empty\n")
        let quiet = try lua(chunk, options: ["--quiet"])
        #expect(quiet.status == 0)
        #expect(quiet.stderr == "")
    }

    @Test func brainAndAreaErrors() throws {
        let area = "local b = spatium.brain{}; local a = b:area{name = 'a', size = {2, 2, 1}}; "
        let cases: [(String, String)] = [
            ("spatium.brain{seeed = 1}", "bad argument #1 to 'brain' (unknown option 'seeed' (valid: dynamics, seed, threads))"),
            ("spatium.brain{dynamics = 'lif'}", "bad argument #1 to 'brain' (field 'dynamics': invalid option 'lif' (expected one of: feagi, dense))"),
            ("spatium.brain(5)", "bad argument #1 to 'brain' (table expected, got number)"),
            ("spatium.brain{seed = 1.5}", "bad argument #1 to 'brain' (field 'seed': number has no integer representation)"),
            ("spatium.brain{threads = -1}", "bad argument #1 to 'brain' (field 'threads': expected 0 (all cores) to 1024, got -1)"),
            ("local b = spatium.brain{}; b:set{seed = 3}", "bad argument #1 to 'set' (unknown option 'seed' (valid: dynamics, threads))"),
            ("local b = spatium.brain{}; b.seed = 3", "cannot set field 'seed' of a brain (settable: dynamics, threads)"),
            ("local b = spatium.brain{}; b.dynamics = 'x'", "invalid dynamics 'x' (expected one of: feagi, dense)"),
            ("spatium.brain{}:area{size = {1, 1, 1}}", "bad argument #1 to 'area' (field 'name': string expected, got nil)"),
            ("spatium.brain{}:area{name = 'a'}", "bad argument #1 to 'area' (field 'size': table {width, height, depth} expected, got nil)"),
            ("spatium.brain{}:area{name = 'a', size = {2, 2}}", "bad argument #1 to 'area' (field 'size': expected {width, height, depth}, got a table of 2)"),
            ("spatium.brain{}:area{name = 'a', size = {2, 0, 1}}", "bad argument #1 to 'area' (field 'size': height must be >= 1, got 0)"),
            ("spatium.brain{}:area{name = 'a', size = {2, 1.5, 1}}", "bad argument #1 to 'area' (field 'size'[2]: integer expected, got a non-integer number)"),
            ("spatium.brain{}:area{name = 'a', size = {1, 1, 1}, colour = 'red'}",
             "bad argument #1 to 'area' (unknown option 'colour' (valid: activation, activation_neuron_hits, consecutive_fire_limit, excitability, gradient, hash, hash_resolution, leak, limit, mp_accumulation, mp_driven_psp, name, neurons_per_voxel, precision, psp, psp_uniform, refractory, size, snooze, threshold, title))"),
            ("spatium.brain{}:area{name = 'a', size = {1, 1, 1}, threshold = 'x'}", "bad argument #1 to 'area' (field 'threshold': number, spatium.profile or spatium.tensor expected, got string)"),
            ("spatium.brain{}:area{name = 'a', size = {2, 2, 1}, threshold = spatium.tensor{1, 2, 3}}", "bad argument #1 to 'area' (field 'threshold': tensor has 3 elements, expected 4 (one per voxel, 2×2×1))"),
            ("spatium.brain{}:area{name = 'a', size = {2, 2, 1}, leak = spatium.profile.voxels(spatium.tensor{1})}", "bad argument #1 to 'area' (field 'leak': voxels profile has 1 values, expected 4 (W·H·D = 2×2×1))"),
            ("spatium.brain{}:area{name = 'a', size = {1, 1, 1}, threshold = spatium.profile.uniform(1), gradient = {x = 1}}", "bad argument #1 to 'area' (field 'gradient': a gradient needs a number threshold (use spatium.profile.linear for a profile with noise))"),
            ("spatium.brain{}:area{name = 'a', size = {1, 1, 1}, gradient = {w = 1}}", "bad argument #1 to 'area' (field 'gradient': unknown key 'w' (expected {x, y, z} or {x = , y = , z = }))"),
            ("spatium.brain{}:area{name = 'a', size = {1, 1, 1}, refractory = -1}", "bad argument #1 to 'area' (field 'refractory': expected an integer in 0...2147483647, got -1)"),
            ("spatium.brain{}:area{name = 'a', size = {1, 1, 1}, excitability = 2}", "bad argument #1 to 'area' (field 'excitability': expected a probability in [0, 1], got 2.0)"),
            ("spatium.brain{}:area{name = 'a', size = {1, 1, 1}, mp_accumulation = 1}", "bad argument #1 to 'area' (field 'mp_accumulation': boolean expected, got number)"),
            ("spatium.brain{}:area{name = 'a', size = {1, 1, 1}, threshold = 1/0}", "bad argument #1 to 'area' (field 'threshold': must be finite, got inf)"),
            (area + "b:area{name = 'a', size = {1, 1, 1}}", "an area named 'a' already exists (area names must be unique)"),
            (area + "a:set{size = {1, 1, 1}}", "bad argument #1 to 'set' (unknown option 'size' (valid: activation, activation_neuron_hits, consecutive_fire_limit, excitability, gradient, hash, hash_resolution, leak, limit, mp_accumulation, mp_driven_psp, precision, psp, psp_uniform, refractory, snooze, threshold))"),
            (area + "a:set{threshold = spatium.profile.radial{center = {0, 0, 0}, base = 1, slope = 1}}; a:set{gradient = {x = 1}}", "bad argument #1 to 'set' (field 'gradient': the threshold is radial(center: (0.0, 0.0, 0.0), base: 1.0, slope: 1.0); give a number threshold with the gradient)"),
            (area + "a:index(2, 0, 0)", "bad argument #1 to 'index' (x = 2 is outside area 'a' (0..<2))"),
            (area + "a:index(0, 0, 0, 1)", "bad argument #4 to 'index' (neuron 1 of a voxel is outside 0..<1 (npv of area 'a'))"),
            (area + "a:index(0, 'y', 0)", "bad argument #2 to 'index' (number expected, got string)"),
            (area + "a:coords(4)", "bad argument #1 to 'coords' (index 4 is outside area 'a' (0..<4))"),
            (area + "a:coords(-1)", "bad argument #1 to 'coords' (index -1 is outside area 'a' (0..<4))"),
            (area + "a:threshold_at(0, 0, 5)", "bad argument #3 to 'threshold_at' (z = 5 is outside area 'a' (0..<1))"),
            (area + "a.thresholds()", "bad argument #1 to 'thresholds' (spatium.area expected, got no value)"),
            ("spatium.profile.linear{x = 1}", "bad argument #1 to 'linear' (field 'base': number expected, got nil)"),
            ("spatium.profile.linear{base = 1, slope = 2}", "bad argument #1 to 'linear' (unknown option 'slope' (valid: base, noise, x, y, z))"),
            ("spatium.profile.gaussian{center = {0, 0, 0}, sigma = 0, base = 1, peak = 2}", "bad argument #1 to 'gaussian' (gaussian sigma must be > 0, got 0.0)"),
            ("spatium.profile.radial{center = {1, 2}, base = 1, slope = 1}", "bad argument #1 to 'radial' (field 'center': expected 3 numbers {x, y, z}, got 2)"),
            ("spatium.profile.quadratic{center = {0, 0, 0}, base = 1}", "bad argument #1 to 'quadratic' (field 'coefficients': table {x, y, z} expected, got nil)"),
            ("spatium.profile.linear{base = 1, noise = {sigma = -1}}", "bad argument #1 to 'linear' (field 'noise': sigma must be finite and >= 0, got -1.0)"),
            ("spatium.profile.linear{base = 1, noise = {sigmo = 1}}", "bad argument #1 to 'linear' (field 'noise': unknown option 'sigmo' (valid: seed, sigma))"),
            ("spatium.profile.uniform('x')", "bad argument #1 to 'uniform' (number expected, got string)"),
            ("spatium.profile.voxels({1, 2})", "bad argument #1 to 'voxels' (field 'values': spatium.tensor expected, got nil)"),
            ("spatium.profile.voxels(spatium.tensor{1, 1/0})", "bad argument #1 to 'voxels' (voxel value 2 must be finite, got inf)"),
        ]
        for (chunk, expected) in cases {
            #expect(try failure(chunk) == expected, "\(chunk)")
        }
    }
}
