import Foundation
import Testing

/// `spatium.snapshot.save/load/info` end to end through the binary: resuming in a new
/// process, the Lua tables, error messages, and Python reading what the binary wrote.
@Suite struct SnapshotScriptTests {
    /// One script for every phase: `mode` = `full` (bursts first…last), `half` (the same, then
    /// injections staged for the next burst), `resume` (load `from`, continue). Prints every
    /// burst's spike total and the fired v1 neurons; saves `state.safetensors` under `--out`.
    static let script = """
        local sp = spatium
        local b
        if params.mode == "resume" then
          b = sp.snapshot.load(params.from)
        else
          b = sp.brain{seed = 11, dynamics = params.dynamics}
          local retina = b:area{name = "retina", size = {8, 8, 1}, threshold = 0.5}
          local v1 = b:area{name = "v1", size = {8, 8, 2}, neurons_per_voxel = 2, threshold = 1, gradient = {x = 0.1},
                            limit = 30, leak = 0.1, refractory = 1, mp_accumulation = true, excitability = 0.8,
                            activation = sp.activation_map{layout = "random", seed = 7}, hash = "sources",
                            activation_neuron_hits = true}
          local q = b:area{name = "q", size = {4, 4, 1}, threshold = 1.5, leak = 0.05, mp_accumulation = true,
                           precision = "q8.8", hash = "magnitude", hash_resolution = 0.5,
                           activation = sp.activation_map{layout = "gradient", center = "gelu", edge = "relu"}}
          b:connect(retina, v1, {morphology = "projector", weight = 1.2})
          b:connect(v1, q, {morphology = {random = {k = 3, seed = 9}}, weight = 0.8})
          b:connect(q, v1, {morphology = {random = {k = 2, seed = 4}}, weight = 0.5, inhibitory = true})
          retina:drive{constant = 0.05, uniform = 0.6, normal = 0.2}
          q:drive{normal = 0.3}
        end
        local retina, v1 = b:area_named("retina"), b:area_named("v1")
        local function inject(t) retina:inject({{t % 8, (t * 3) % 8, 0, 1.5}, {(t * 5) % 8, t % 8, 0, 0.75}}) end
        for t = params.first, params.last do
          if not (params.mode == "resume" and t == params.first) then inject(t) end
          b:step()
          local fired = {}
          local indices = v1:fired()
          for i = 1, #indices do fired[#fired + 1] = tostring(indices[i]) end
          print(t, b:spikes(), table.concat(fired, ","))
        end
        if params.mode == "half" then inject(params.last + 1) end
        sp.snapshot.save(b, sp.output("state.safetensors"), {metadata = {mode = params.mode, last = params.last, rate = 0.25, ok = true}})
        """

    /// Runs one phase in its own process with output directory `out`.
    static func phase(_ directory: URL, _ out: String, mode: String, dynamics: String, first: Int, last: Int,
                      from: String? = nil) throws -> ScriptHarness.Outcome {
        let path = directory.appendingPathComponent("run.lua").path
        if !FileManager.default.fileExists(atPath: path) { ScriptHarness.write(script, to: "run.lua", in: directory) }
        var arguments = ["--out", directory.appendingPathComponent(out).path, "--param", "mode=\(mode)",
                         "--param", "dynamics=\(dynamics)", "--param", "first=\(first)", "--param", "last=\(last)"]
        if let from { arguments += ["--param", "from=\(from)"] }
        return try ScriptHarness.run(arguments + [path])
    }

    /// A safetensors file as header JSON and named byte ranges (Foundation only).
    struct Snapshot {
        let metadata: [String: String]
        let tensors: [String: (dtype: String, shape: [Int], bytes: Data)]

        init(path: String) throws {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let length = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
            var header = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + length))) as! [String: Any]
            metadata = header.removeValue(forKey: "__metadata__") as? [String: String] ?? [:]
            var tensors: [String: (String, [Int], Data)] = [:]
            for (name, value) in header {
                let entry = value as! [String: Any]
                let offsets = entry["data_offsets"] as! [Int]
                tensors[name] = (entry["dtype"] as! String, entry["shape"] as! [Int],
                                 data.subdata(in: (8 + length + offsets[0])..<(8 + length + offsets[1])))
            }
            self.tensors = tensors
        }
    }

    @Test("run 2N ≡ run N, save, load in a new process, run N: same spikes, byte-identical state",
          arguments: ["feagi", "dense"])
    func resumeInANewProcess(dynamics: String) throws {
        let directory = ScriptHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let n = 20
        let full = try Self.phase(directory, "full", mode: "full", dynamics: dynamics, first: 1, last: 2 * n)
        #expect(full.status == 0, "\(full.stderr)")
        let half = try Self.phase(directory, "half", mode: "half", dynamics: dynamics, first: 1, last: n)
        #expect(half.status == 0, "\(half.stderr)")
        let halfState = directory.appendingPathComponent("half/state.safetensors").path
        let resumed = try Self.phase(directory, "resumed", mode: "resume", dynamics: dynamics, first: n + 1, last: 2 * n,
                                     from: halfState)
        #expect(resumed.status == 0, "\(resumed.stderr)")

        let fullLines = full.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(fullLines.count == 2 * n + 1)
        #expect(half.stdout + resumed.stdout == full.stdout)
        #expect(fullLines.contains { $0.hasSuffix("\t") == false })         // some v1 neuron fired

        let reference = try Snapshot(path: directory.appendingPathComponent("full/state.safetensors").path)
        let continued = try Snapshot(path: directory.appendingPathComponent("resumed/state.safetensors").path)
        #expect(Set(reference.tensors.keys) == Set(continued.tensors.keys))
        #expect(reference.tensors.keys.contains("area/q/potential_raw") && reference.tensors.keys.contains("area/v1/activation_neuron_hits"))
        for (name, tensor) in reference.tensors {
            let other = try #require(continued.tensors[name])
            #expect(tensor.dtype == other.dtype && tensor.shape == other.shape && tensor.bytes == other.bytes, "\(name)")
        }
        for key in ["spatium.format", "spatium.seed", "spatium.burst", "spatium.dynamics", "spatium.structure", "spatium.state",
                    "spatium.lua.counts_reset_burst", "last", "rate", "ok"] {
            #expect(reference.metadata[key] != nil && reference.metadata[key] == continued.metadata[key], "\(key)")
        }
        #expect(reference.metadata["spatium.burst"] == "\(2 * n)")
        #expect(reference.metadata["spatium.dynamics"] == dynamics)
        #expect(reference.metadata["mode"] == "full" && continued.metadata["mode"] == "resume")
        #expect(reference.metadata["last"] == "40" && reference.metadata["rate"] == "0.25" && reference.metadata["ok"] == "true")
        #expect(reference.metadata["spatium.version"] != nil)
        let script = directory.appendingPathComponent("run.lua").path
        #expect(reference.metadata["spatium.script"] == script)
        #expect(reference.metadata["spatium.script_sha256"]?.count == 64)
        #expect(reference.metadata["spatium.params"] == #"{"mode":"full","dynamics":"\#(dynamics)","first":1,"last":40}"#)
    }

    @Test("info lists metadata and tensors; load gives a brain with the saved state")
    func infoAndLoad() throws {
        let directory = ScriptHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try ScriptHarness.run(["--out", directory.path, "--param", "alpha=0.5", "-e", """
            local b = spatium.brain{seed = 5, dynamics = "dense"}
            local a = b:area{name = "a", size = {3, 2, 1}, threshold = 0.5}
            a:drive{constant = 1}
            b:step(2)
            b:reset_counts()
            b:step(1)
            local path = spatium.output("s.safetensors")
            spatium.snapshot.save(b, path, {metadata = {note = "hello", n = 3}})
            local info = spatium.snapshot.info(path)
            print(info.format, info.bytes > 0, info.metadata["spatium.burst"], info.metadata.note, info.metadata.n)
            print(info.metadata["spatium.params"], info.metadata["spatium.script"])
            local names = {}
            for _, t in ipairs(info.tensors) do names[t.name] = t.dtype .. " " .. table.concat(t.shape, "x") end
            print(names["area/a/membrane_potential"], names["area/a/spike_counts"], names["synapses/offsets"], #info.tensors)
            local c = spatium.snapshot.load(path, {threads = 2})
            print(c.burst, c.seed, c.dynamics, c.threads, c.neurons, c:spikes(), c:area_named("a"):rate_by("x")[1])
            print(b:area_named("a"):rate_by("x")[1])
            """])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(outcome.stdout)")
        #expect(lines[0] == "1\ttrue\t3\thello\t3")
        #expect(lines[1] == #"{"alpha":0.5}"# + "\tnil")
        #expect(lines[2] == "F32 3x2x1x1\tU32 3x2x1x1\tI64 7\t17")
        #expect(lines.count == 5 && lines[3] == "3\t5\tdense\t2\t6\t18\t1.0" && lines[4] == "1.0")
    }

    @Test("broken, foreign and missing files and bad arguments give clear messages")
    func errorMessages() throws {
        let directory = ScriptHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appendingPathComponent("good.safetensors").path
        let made = try ScriptHarness.run(["-e", """
            local b = spatium.brain{seed = 1}
            b:area{name = "a", size = {2, 2, 1}}
            spatium.snapshot.save(b, '\(good)')
            """])
        #expect(made.status == 0, "\(made.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: good))
        let truncated = directory.appendingPathComponent("truncated.safetensors").path
        try data.dropLast(3).write(to: URL(fileURLWithPath: truncated))
        let foreign = directory.appendingPathComponent("foreign.safetensors").path
        var header = Array(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#.utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        try Data(withUnsafeBytes(of: UInt64(header.count).littleEndian, Array.init) + header + [0, 0, 0, 0])
            .write(to: URL(fileURLWithPath: foreign))
        let missing = directory.appendingPathComponent("missing.safetensors").path

        let cases: [(String, String)] = [
            ("spatium.snapshot.load('\(truncated)')",
             "'\(truncated)' is not a valid safetensors file: tensor "),
            ("spatium.snapshot.load('\(foreign)')",
             "'\(foreign)' is not a Spatium snapshot (no \"spatium.format\" in __metadata__)"),
            ("spatium.snapshot.info('\(foreign)')",
             "'\(foreign)' is not a Spatium snapshot (no \"spatium.format\" in __metadata__)"),
            ("spatium.snapshot.load('\(missing)')",
             "could not open '\(missing)': No such file or directory (errno 2)"),
            ("spatium.snapshot.save(1, 'x')",
             "bad argument #1 to 'save' (spatium.brain expected, got number)"),
            ("spatium.snapshot.save(spatium.brain{}, '\(missing)', {metadata = {['spatium.seed'] = 1}})",
             "bad argument #3 to 'save' (field 'metadata': key 'spatium.seed' is reserved (keys starting with 'spatium.' are Spatium's))"),
            ("spatium.snapshot.save(spatium.brain{}, '\(missing)', {metadata = {x = {}}})",
             "bad argument #3 to 'save' (field 'metadata': value of 'x' must be a string, number or boolean, got table)"),
            ("spatium.snapshot.save(spatium.brain{}, '\(missing)', {meta = {}})",
             "bad argument #3 to 'save' (unknown option 'meta' (valid: metadata))"),
            ("spatium.snapshot.save(spatium.brain{}, '\(directory.path)/no/dir/s.safetensors')",
             "could not create '\(directory.path)/no/dir/."),
        ]
        for (chunk, message) in cases {
            let outcome = try ScriptHarness.evaluate(chunk)
            #expect(outcome.status == 1, "\(chunk)")
            #expect(outcome.stderr.hasPrefix("spatium-script: (command line):1: \(message)"), "\(chunk)\n\(outcome.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: missing))

        let sandboxed = try ScriptHarness.run(["--sandbox", "--out", directory.path, "-e",
                                               "spatium.snapshot.save(spatium.brain{}, '/tmp/outside-\(UUID().uuidString).safetensors')"])
        #expect(sandboxed.status == 1)
        #expect(sandboxed.stderr.contains("sandbox: writing '/tmp/outside-"), "\(sandboxed.stderr)")
    }

    static let numpyAvailable: Bool = {
        guard let python = try? ScriptHarness.which("python3") else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import numpy"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// The Python with the reference `safetensors` package that scripts/test installs (if any).
    static let safetensorsPython = ProcessInfo.processInfo.environment["SPATIUM_SAFETENSORS_PYTHON"]

    @Test("the reference safetensors package reads a snapshot the binary wrote",
          .enabled(if: SnapshotScriptTests.safetensorsPython != nil))
    func safetensorsPackageReadsTheSnapshot() throws {
        let directory = ScriptHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("s.safetensors").path
        let run = try ScriptHarness.run(["-e", """
            local b = spatium.brain{seed = 4}
            local a = b:area{name = "v1", size = {4, 3, 2}, threshold = spatium.profile.linear{base = 1, x = 0.5}}
            a:inject(2) b:step()
            spatium.snapshot.save(b, '\(path)', {metadata = {note = "python"}})
            """])
        #expect(run.status == 0, "\(run.stderr)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.safetensorsPython))
        process.arguments = ["-c", """
            import sys
            from safetensors import safe_open
            with safe_open(sys.argv[1], framework="numpy") as f:
                meta = f.metadata()
                th = f.get_tensor("area/v1/threshold")
                print(meta["note"], list(th.shape), float(th[3, 0, 0, 0]), len(list(f.keys())) > 5)
            """, path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0)
        #expect(text == "python [4, 3, 2, 1] 2.5 True\n")
    }

    @Test("plain numpy (json header + numpy.frombuffer) reads a snapshot the binary wrote",
          .enabled(if: SnapshotScriptTests.numpyAvailable))
    func numpyReadsTheSnapshot() throws {
        let directory = ScriptHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Self.phase(directory, "out", mode: "half", dynamics: "feagi", first: 1, last: 12)
        #expect(run.status == 0, "\(run.stderr)")
        let path = directory.appendingPathComponent("out/state.safetensors").path
        let check = """
            import json, struct, sys
            import numpy as np
            data = open(sys.argv[1], "rb").read()
            n = struct.unpack("<Q", data[:8])[0]
            header = json.loads(data[8:8 + n])
            meta = header.pop("__metadata__")
            kinds = {"F32": "<f4", "I32": "<i4", "U32": "<u4", "I64": "<i8", "U64": "<u8", "U8": "u1"}
            t = {}
            for name, info in header.items():
                b, e = info["data_offsets"]
                t[name] = np.frombuffer(data[8 + n + b:8 + n + e], dtype=kinds[info["dtype"]]).reshape(info["shape"])
            assert meta["spatium.format"] == "1" and meta["spatium.burst"] == "12" and meta["mode"] == "half", meta
            state = json.loads(meta["spatium.state"])
            structure = json.loads(meta["spatium.structure"])
            assert [a["name"] for a in state["areas"]] == ["retina", "v1", "q"]
            assert t["area/v1/membrane_potential"].shape == (8, 8, 2, 2)
            assert t["area/v1/activation_codes"].shape == (8, 8, 2, 2, 64)
            assert t["area/q/potential_raw"].dtype == np.int64
            q = t["area/q/membrane_potential"].astype(np.float64)
            assert np.array_equal(q, t["area/q/potential_raw"] / 256.0)
            total = sum(int(t["area/%s/spike_counts" % a["name"]].sum()) for a in state["areas"])
            assert total == int(state["engine"]["total_spikes"]) > 0, total
            fired = t["engine/fired_indices"]
            assert np.all(np.diff(fired) > 0) and len(fired) == len(t["engine/fired_potentials"])
            assert len(t["engine/staged_indices"]) == 2
            assert np.array_equal(t["area/retina/drive"], np.array([0.05, 0.6, 0.2], dtype="<f4"))
            offsets = t["synapses/offsets"]
            assert offsets[0] == 0 and offsets[-1] == len(t["synapses/targets"]) and len(offsets) == 64 + 256 + 16 + 1
            assert len(structure["spatium"]["connections"]) == 3
            print("OK")
            """
        let python = try ScriptHarness.which("python3")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", check, path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && text == "OK\n", "\(text)")
    }
}

extension ScriptHarness {
    /// The absolute path of `program` on `PATH`.
    static func which(_ program: String) throws -> String {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw CocoaError(.fileNoSuchFile)
    }
}
