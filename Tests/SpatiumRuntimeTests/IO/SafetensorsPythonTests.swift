import Glibc
import Testing
@testable import SpatiumRuntime

/// Interoperability with Python: plain numpy (json + numpy.frombuffer) always when available,
/// and the reference `safetensors` package when `SPATIUM_SAFETENSORS_PYTHON` names a Python
/// that has it (e.g. `/work/dev/io/.venv/bin/python`).
@Suite("Safetensors read by Python")
struct SafetensorsPythonTests {
    static let numpyAvailable = IOTestSupport.shell("python3 -c 'import numpy'").status == 0
    static let safetensorsPython = IOTestSupport.environment("SPATIUM_SAFETENSORS_PYTHON")

    static func writeSample(_ path: String) throws {
        let writer = try SafetensorsWriter(path: path, metadata: ["spatium.format": "1", "note": "héllo \"q\""])
        try writer.add(name: "v", tensor: Tensor(values: [0.5, -1.25, 3.0, 0.1] as [Float], shape: [2, 2]))
        try writer.add(name: "d", tensor: try Tensor.from(doubles: [2.5], dtype: .float64, shape: []))
        try writer.add(name: "i", tensor: Tensor(values: [-1, 0, 7] as [Int32]))
        try writer.add(name: "l", tensor: Tensor(values: [Int64.min, Int64.max]))
        try writer.add(name: "u", tensor: try Tensor.zeros(shape: [0], dtype: .uint8))
        try writer.add(name: "h", dtype: .float16, shape: [2], bytes: IOTestSupport.bytes([0x3800, 0xC000] as [UInt16]))
        try writer.add(name: "m", dtype: .bool, shape: [3], bytes: [1, 0, 1])
        try writer.add(name: "s", dtype: .int16, shape: [2], bytes: IOTestSupport.bytes([-300, 300] as [Int16]))
        try writer.finish()
    }

    static let expectations = """
    assert meta == {"spatium.format": "1", "note": "h\\u00e9llo \\"q\\""}, meta
    assert np.array_equal(out["v"], np.array([[0.5, -1.25], [3.0, 0.1]], dtype="<f4"))
    assert out["d"].shape == () and out["d"] == 2.5
    assert out["i"].tolist() == [-1, 0, 7]
    assert out["l"].tolist() == [-(2**63), 2**63 - 1]
    assert out["u"].shape == (0,)
    assert out["h"].tolist() == [0.5, -2.0]
    assert out["m"].tolist() == [True, False, True]
    assert out["s"].tolist() == [-300, 300]
    print("OK")
    """

    @Test("plain numpy (json + frombuffer) reads every tensor and the metadata",
          .enabled(if: SafetensorsPythonTests.numpyAvailable))
    func numpyReads() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/sample.safetensors"
            try Self.writeSample(path)
            let script = """
            import json, struct, sys
            import numpy as np
            data = open(sys.argv[1], "rb").read()
            n = struct.unpack("<Q", data[:8])[0]
            header = json.loads(data[8:8 + n])
            meta = header.pop("__metadata__", {})
            kinds = {"F32": "<f4", "F64": "<f8", "I32": "<i4", "I64": "<i8", "U8": "u1", "I16": "<i2", "F16": "<f2", "BOOL": "?"}
            base = 8 + n
            assert base % 8 == 0
            out = {}
            for name, info in header.items():
                b, e = info["data_offsets"]
                dtype = np.dtype(kinds[info["dtype"]])
                assert b % dtype.itemsize == 0, name
                out[name] = np.frombuffer(data[base + b:base + e], dtype=dtype).reshape(info["shape"])
            assert base + max(i["data_offsets"][1] for i in header.values()) == len(data)
            """ + "\n" + Self.expectations
            let result = IOTestSupport.shell("python3 -c '\(script)' '\(path)'")
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output == "OK\n")
        }
    }

    @Test("the reference safetensors package reads our file, and we read its file",
          .enabled(if: SafetensorsPythonTests.safetensorsPython != nil))
    func referencePackage() throws {
        let python = try #require(Self.safetensorsPython)
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/sample.safetensors"
            try Self.writeSample(path)
            let script = """
            import sys
            import numpy as np
            from safetensors import safe_open
            from safetensors.numpy import load_file, save_file
            out = load_file(sys.argv[1])
            with safe_open(sys.argv[1], framework="np") as f:
                meta = f.metadata()
            """ + "\n" + Self.expectations + """

            save_file({"w": np.arange(6, dtype=np.float32).reshape(2, 3), "k": np.array([1, 2], dtype=np.int64)}, sys.argv[2], metadata={"spatium.format": "1"})
            """
            let theirs = directory + "/theirs.safetensors"
            let result = IOTestSupport.shell("'\(python)' -c '\(script)' '\(path)' '\(theirs)'")
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output == "OK\n")
            let file = try SafetensorsFile(path: theirs)
            #expect(try file.read("w").array(of: Float.self) == [0, 1, 2, 3, 4, 5])
            #expect(try file.read("w").shape == [2, 3])
            #expect(try file.read("k").array(of: Int64.self) == [1, 2])
            #expect(try SnapshotFormat.check(file) == 1)
        }
    }
}
