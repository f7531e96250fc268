import Foundation
import Testing

/// `spatium.load_genome`, `b:summary`, `b:save_genome`, end to end through the binary.
@Suite struct GenomeScriptTests {
    /// `Tests/Fixtures/feagi/<name>`.
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/feagi").appendingPathComponent(name).path
    }

    let essential = GenomeScriptTests.fixture("essential_genome.json")

    @Test func loadsTheEssentialGenome() throws {
        let outcome = try ScriptHarness.evaluate("""
            local g = spatium.load_genome('\(essential)')
            print(#g:areas(), g.neurons, g.seed, g.dynamics, g.burst)
            local v = g:area_named('iic400')
            print(v.title, v:size())
            print(v:count(), v.base, g:areas()[8] == v, g:area_named('nope'))
            local s, text = g:summary()
            print(#s.areas, s.neurons, #s.mappings, s.areas[1].name, s.areas[1].title, s.areas[8].size[1], s.areas[8].neurons)
            print(s.mappings[1].source, s.mappings[1].destination, s.mappings[1].morphology, s.mappings[1].weight, s.mappings[1].inhibitory)
            print(text:match('^[^\\n]*'))
            print(select(2, text:gsub('\\n', '')))
            """, options: ["--seed", "5"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == "")
        #expect(outcome.stdout == """
            24\t55357\t5\tfeagi\t0
            vision_C\t128\t128\t3\t1
            49152\t53\ttrue\tnil
            24\t55357\t18\t_power\tBrain_Power\t128\t49152
            c__for\tcRSMot\tprojector\t1.0\tfalse
            brain (seed 5): 24 areas, 55,357 neurons, 18 mappings
            44

            """)
    }

    @Test func theSchemaThreeFormGivesTheSameCounts() throws {
        let outcome = try ScriptHarness.evaluate("""
            local g = spatium.load_genome('\(GenomeScriptTests.fixture("v3/essential_genome.v3.json"))', {seed = 3, dynamics = 'dense', threads = 1})
            print(#g:areas(), g.neurons, g.seed, g.dynamics, g.threads)
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "24\t55357\t3\tdense\t1\n")
    }

    @Test func genomeWarningsGoToStderrUnlessQuiet() throws {
        let chunk = "print(spatium.load_genome('\(GenomeScriptTests.fixture("vision_genome.json"))').neurons)"
        let loud = try ScriptHarness.evaluate(chunk)
        #expect(loud.stdout == "204862\n", "\(loud.stderr)")
        #expect(loud.stderr.hasPrefix("spatium-script: warning: 23 unknown genes kept"), "\(loud.stderr)")
        let quiet = try ScriptHarness.evaluate(chunk, options: ["-q"])
        #expect(quiet.stdout == "204862\n")
        #expect(quiet.stderr == "")
    }

    @Test func brokenGenomesGiveTheRuntimeMessage() throws {
        let directory = ScriptHarness.temporaryDirectory()
        let badWidth = ScriptHarness.write("""
            {"version": "2.0", "blueprint": {"_____10c-abc123-cx-___bbx-i": -64,
             "_____10c-abc123-cx-___bby-i": 1, "_____10c-abc123-cx-___bbz-i": 1}}
            """, to: "bad_width.json", in: directory)
        let truncated = ScriptHarness.write("{\"version\": ", to: "truncated.json", in: directory)
        let cases: [(String, String)] = [
            (badWidth, "\(badWidth): area 'abc123': blueprint._____10c-abc123-cx-___bbx-i: expected an integer >= 1 (width in voxels), found the number -64"),
            (truncated, "\(truncated): line 1, column 13: invalid JSON: unexpected end of input: expected a value"),
            (directory.appendingPathComponent("missing.json").path,
             "\(directory.appendingPathComponent("missing.json").path): cannot open the file: No such file or directory"),
        ]
        for (path, message) in cases {
            let outcome = try ScriptHarness.evaluate("spatium.load_genome('\(path)')")
            #expect(outcome.status == 1)
            #expect(outcome.stderr.hasPrefix("spatium-script: (command line):1: \(message)\nstack traceback:"), "\(outcome.stderr)")
        }
        let types = try ScriptHarness.evaluate("spatium.load_genome({})")
        #expect(types.stderr.hasPrefix("spatium-script: (command line):1: bad argument #1 to 'load_genome' (string expected, got table)"))
        let options = try ScriptHarness.evaluate("spatium.load_genome('\(essential)', {sed = 1})")
        #expect(options.stderr.hasPrefix("spatium-script: (command line):1: bad argument #2 to 'load_genome' (unknown option 'sed' (valid: dynamics, seed, threads))"))
    }

    /// A brain built in Lua survives save → load: same summary (areas, sizes, mappings, seed),
    /// same per-neuron arrays, same spikes afterwards. The file's own seed wins over --seed.
    @Test func saveGenomeRoundTrip() throws {
        let out = ScriptHarness.temporaryDirectory()
        let outcome = try ScriptHarness.run(["--out", out.path, "--seed", "4", "-e", """
            local b = spatium.brain{seed = 9}
            local r = b:area{name = 'retina', size = {4, 4, 1}, threshold = 1.5}
            local v = b:area{name = 'v1', title = 'Primary', size = {2, 2, 2}, neurons_per_voxel = 2, threshold = 10,
                             gradient = {x = 1, z = 0.5}, limit = 40, leak = spatium.profile.radial{center = {0, 0, 0}, base = 0.1, slope = 0.05},
                             refractory = 1, mp_accumulation = true}
            b:connect(r, v, {morphology = 'projector', weight = 2, psp = 1.5})
            b:connect(v, v, {morphology = {random = {k = 2}}, inhibitory = true})
            local path = spatium.output('genomes/brain.json')
            b:save_genome(path, {title = 'round trip', description = 'from Lua'})
            local g = spatium.load_genome(path)
            local _, before = b:summary()
            local _, after = g:summary()
            print(before == after, g.seed)
            print(g:area_named('v1'):thresholds() == v:thresholds(), g:area_named('v1'):leaks() == v:leaks(),
                  g:area_named('v1'):limits() == v:limits())
            for _, brain in ipairs{b, g} do
              brain:area_named('retina'):inject(2)
              brain:step(3)
            end
            print(b:spikes() == g:spikes(), b:spikes() > 0, g:area_named('v1'):potentials() == v:potentials())
            print(after)
            """])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            true\t9
            true\ttrue\ttrue
            true\ttrue\ttrue
            brain (seed 9): 2 areas, 32 neurons, 2 mappings
              area    size             npv     neurons        base  title
              retina  4×4×1              1          16           0  retina
              v1      2×2×2              2          16          16  Primary
              mappings:
                retina → v1: projector, weight 2.0 psp 1.5
                v1 → v1: random(k: 2, seed: 9), weight 1.0 inhibitory

            """)
        let saved = out.appendingPathComponent("genomes/brain.json").path
        #expect(FileManager.default.fileExists(atPath: saved))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("genomes").path)
        #expect(leftovers == ["brain.json"], "no temporary file left: \(leftovers)")
        let text = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(text.contains("round trip"))
    }

    @Test func essentialGenomeSurvivesSaveAndLoad() throws {
        let out = ScriptHarness.temporaryDirectory()
        let outcome = try ScriptHarness.run(["--out", out.path, "-e", """
            local g = spatium.load_genome('\(essential)')
            g:save_genome(spatium.output('essential.json'))
            local h = spatium.load_genome(spatium.output('essential.json'))
            print(select(2, g:summary()) == select(2, h:summary()), h.neurons, #h:areas())
            """])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "true\t55357\t24\n")
    }

    @Test func saveGenomeHonoursTheSandbox() throws {
        let out = ScriptHarness.temporaryDirectory()
        let outside = ScriptHarness.temporaryDirectory().appendingPathComponent("escape.json").path
        let refused = try ScriptHarness.run(["--sandbox", "--out", out.path, "-e", "spatium.brain{}:save_genome('\(outside)')"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("sandbox: writing '\(outside)' is not allowed"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: outside))
        let inside = try ScriptHarness.run(["--sandbox", "--out", out.path, "-e", """
            local b = spatium.brain{}; b:area{name = 'a', size = {1, 1, 1}}
            b:save_genome(spatium.output('ok.json')); print(spatium.load_genome(spatium.output('ok.json')).neurons)
            """])
        #expect(inside.status == 0, "\(inside.stderr)")
        #expect(inside.stdout == "1\n")
        let missingDirectory = try ScriptHarness.evaluate("spatium.brain{}:save_genome('\(out.path)/no/such/dir/g.json')")
        #expect(missingDirectory.status == 1)
        #expect(missingDirectory.stderr.contains("cannot create"), "\(missingDirectory.stderr)")
        let badPath = try ScriptHarness.evaluate("spatium.brain{}:save_genome(nil)")
        #expect(badPath.stderr.hasPrefix("spatium-script: (command line):1: bad argument #1 to 'save_genome' (string expected, got nil)"), "\(badPath.stderr)")
    }
}
