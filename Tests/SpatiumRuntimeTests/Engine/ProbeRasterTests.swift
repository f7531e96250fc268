import Testing
@testable import SpatiumRuntime

/// reference/feagi/RASTERS.md: FEAGI's engine on probe_genome.json, bursts 1–48.
@Suite struct ProbeRasterTests {
    static let rasters: [String: String] = [
        "refrac1_snooze2_cfc3": "_1_1_1___1_1_1___1_1_1___1_1_1___1_1_1___1_1_1__",
        "cfc3_snooze0": "_111_111_111_111_111_111_111_111_111_111_111_111",
        "leak0.5_thr500_acc": "______1_____1_____1_____1_____1_____1_____1_____",
        "noacc_thr500": "________________________________________________",
        "limit200_thr100": "________________________________________________",
        "limit300_thr100": "_11111111111111111111111111111111111111111111111",
        "acc_noleak_thr1000": "____1___1___1___1___1___1___1___1___1___1___1___",
        "refrac2": "_1__1__1__1__1__1__1__1__1__1__1__1__1__1__1__1_",
    ]

    @Test func probeGenomeReproducesFEAGIsRasters() throws {
        let brain = try GenomeLoader.load(path: Fixtures.feagi("probe_genome.json"))
        let engine = BurstEngine(brain: brain, dynamics: .feagi)
        var raster: [String: String] = [:]
        for _ in 1...48 {
            try engine.step()
            for area in brain.areas {
                raster[area.title, default: ""] += engine.fired(in: area).isEmpty ? "_" : "1"
            }
        }
        for (title, expected) in Self.rasters {
            #expect(raster[title] == expected, "\(title)")
        }
        #expect(raster["Brain_Power"] == String(repeating: "1", count: 48))
        #expect(raster["src_refrac1"] == String((1...48).map { $0 % 2 == 0 ? "1" : "_" }))
        #expect(raster["T_refrac2_via_src"] == String((1...48).map { $0 % 4 == 3 ? "1" : "_" }))
        #expect(raster["U_leak0.5_thr500_via_src"] == String((1...48).map { $0 >= 13 && $0 % 12 == 1 ? "1" : "_" }))
        // excite0.5's raster depends on the neuron id: FEAGI's rule with Spatium's id.
        let excite = try #require(brain.areas.first { $0.title == "excite0.5" })
        let expected = String((1...48).map { t in
            t >= 2 && ExcitabilityHash.random(neuron: excite.base, burst: UInt64(t)) < 0.5 ? "1" : "_"
        })
        #expect(raster["excite0.5"] == expected)
        withExtendedLifetime(brain) {}
    }
}
