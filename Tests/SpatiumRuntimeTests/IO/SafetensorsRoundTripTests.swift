import Glibc
import Testing
@testable import SpatiumRuntime

@Suite("Safetensors round trips")
struct SafetensorsRoundTripTests {
    static let shapes: [[Int]] = [[], [0], [1], [3], [2, 3], [2, 0, 4], [1, 1, 5], [4, 3, 2]]

    @Test("every dtype and shape reads back byte for byte")
    func everyDTypeRoundTrips() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/all.safetensors"
            var random = SplitMix64(seed: 11)
            var expected: [String: (SafetensorsDType, [Int], [UInt8])] = [:]
            let writer = try SafetensorsWriter(path: path)
            for dtype in SafetensorsDType.allCases {
                for (index, shape) in Self.shapes.enumerated() {
                    let count = shape.reduce(1, *) * dtype.byteWidth
                    let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                    let name = "\(dtype.name).\(index)"
                    try writer.add(name: name, dtype: dtype, shape: shape, bytes: bytes)
                    expected[name] = (dtype, shape, bytes)
                }
            }
            try writer.finish()

            let file = try SafetensorsFile(path: path)
            #expect(file.tensors.count == expected.count)
            #expect(Set(file.tensorNames) == Set(expected.keys))
            for (name, (dtype, shape, bytes)) in expected {
                let info = try file.info(name)
                #expect(info.dtype == dtype)
                #expect(info.shape == shape)
                #expect(info.byteCount == bytes.count)
                #expect(info.byteRange.lowerBound == file.dataStart + info.dataOffsets.lowerBound)
                #expect(info.byteRange.lowerBound % dtype.byteWidth == 0, "tensor \(name) is not aligned")
                #expect(try file.readRaw(name) == bytes)
                var buffer = [UInt8](repeating: 0xAA, count: bytes.count)
                try buffer.withUnsafeMutableBytes { try file.readBytes(name, into: $0) }
                #expect(buffer == bytes)
                if let tensorType = dtype.tensorDType {
                    let tensor = try file.read(name)
                    #expect(tensor.dtype == tensorType)
                    #expect(tensor.shape == shape)
                    let stored = Array(UnsafeRawBufferPointer(start: tensor.storage.base, count: tensor.count * tensorType.byteWidth))
                    #expect(stored == bytes)
                } else {
                    #expect(throws: SafetensorsError.notTensorCompatible(path: path, name: name, dtype: dtype)) { try file.read(name) }
                }
            }
        }
    }

    @Test("tensors, byte arrays, raw memory and providers all write the same bytes")
    func everySourceRoundTrips() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/sources.safetensors"
            let grid = Tensor(values: (0..<12).map { Float($0) * 0.5 - 1 }, shape: [3, 4])
            let rows = try grid.slice(from: 2, to: 3)                    // a view with an offset
            let counts = Tensor(values: [Int64.min, -1, 0, Int64.max])
            let flags = Tensor(values: [0, 1, 255] as [UInt8])
            let raw: [Int32] = [-5, 6, -7]
            let writer = try SafetensorsWriter(path: path)
            try writer.add(name: "grid", tensor: grid)
            try writer.add(name: "rows", tensor: rows)
            try writer.add(name: "counts", tensor: counts)
            try writer.add(name: "flags", tensor: flags)
            try writer.add(name: "scalar", tensor: try Tensor.from(doubles: [2.5], dtype: .float64, shape: []))
            try raw.withUnsafeBytes { buffer in
                try writer.add(name: "raw", dtype: .int32, shape: [3], unsafeBytes: buffer)
                try writer.add(name: "generated", dtype: .uint16, shape: [5]) { chunk, offset in
                    let values = chunk.bindMemory(to: UInt16.self)
                    for index in values.indices { values[index] = UInt16(offset / 2 + index) * 1000 }
                }
                try writer.finish()
            }

            let file = try SafetensorsFile(path: path)
            #expect(try file.read("grid").array(of: Float.self) == grid.array(of: Float.self))
            let readRows = try file.read("rows")
            #expect(readRows.shape == [2, 4])
            #expect(readRows.array(of: Float.self) == Array((4..<12).map { Float($0) * 0.5 - 1 }))
            #expect(try file.read("counts").array(of: Int64.self) == [Int64.min, -1, 0, Int64.max])
            #expect(try file.read("flags").array(of: UInt8.self) == [0, 1, 255])
            let scalar = try file.read("scalar")
            #expect(scalar.shape == [])
            #expect(scalar.array(of: Double.self) == [2.5])
            #expect(try file.read("raw").array(of: Int32.self) == raw)
            #expect(try file.readRaw("generated") == IOTestSupport.bytes([0, 1000, 2000, 3000, 4000] as [UInt16]))
        }
    }

    @Test("metadata round trips, including escapes and unicode; no metadata means no __metadata__")
    func metadataRoundTrips() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/meta.safetensors"
            let metadata = [
                "spatium.format": "1",
                "script": "/home/me/run \"fast\".lua",
                "params": "{\"rate\": 0.5}\n\ttabbed\u{1}",
                "unicode ключ": "värde ✓ 🧠",
                "empty": "",
            ]
            let writer = try SafetensorsWriter(path: path, metadata: metadata)
            try writer.add(name: "x", tensor: Tensor(values: [1, 2] as [Int32]))
            try writer.finish()
            let file = try SafetensorsFile(path: path)
            #expect(file.metadata == metadata)

            let plainPath = directory + "/plain.safetensors"
            let plain = try SafetensorsWriter(path: plainPath)
            try plain.add(name: "x", tensor: Tensor(values: [1, 2] as [Int32]))
            try plain.finish()
            let bytes = try #require(IOTestSupport.readFile(plainPath))
            #expect(!String(decoding: bytes, as: UTF8.self).contains("__metadata__"))
            #expect(try SafetensorsFile(path: plainPath).metadata.isEmpty)
        }
    }

    @Test("tensors are ordered as the reference writer orders them: wider dtype rank first, then name bytes")
    func tensorOrdering() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/order.safetensors"
            let writer = try SafetensorsWriter(path: path)
            let declared: [(String, SafetensorsDType)] = [
                ("b", .uint8), ("a", .bool), ("m", .float32), ("Z", .float32), ("é", .float32), ("e\u{301}", .float32),
                ("k", .float64), ("k2", .int64), ("k3", .uint64), ("h", .float16), ("g", .bfloat16), ("s", .int16),
                ("t", .uint16), ("i", .int8), ("w", .int32), ("v", .uint32), ("a.0", .float32), ("a.10", .float32), ("a.9", .float32),
            ]
            for (name, dtype) in declared {
                try writer.add(name: name, dtype: dtype, shape: [3], bytes: [UInt8](repeating: 1, count: 3 * dtype.byteWidth))
            }
            try writer.finish()
            let file = try SafetensorsFile(path: path)
            #expect(file.tensorNames == [
                "k3", "k2", "k", "Z", "a.0", "a.10", "a.9", "e\u{301}", "m", "é", "v", "w", "g", "h", "t", "s", "i", "b", "a",
            ])
            for tensor in file.tensors {
                #expect(tensor.byteRange.lowerBound % tensor.dtype.byteWidth == 0)
            }
        }
    }

    @Test("the header is padded with spaces to a multiple of 8 bytes")
    func headerPadding() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            for length in 1...16 {
                let path = directory + "/pad\(length).safetensors"
                let writer = try SafetensorsWriter(path: path)
                try writer.add(name: String(repeating: "n", count: length), tensor: Tensor(values: [1.0] as [Double]))
                try writer.finish()
                let file = try SafetensorsFile(path: path)
                #expect(file.headerLength % 8 == 0)
                #expect(file.dataStart % 8 == 0)
                let bytes = try #require(IOTestSupport.readFile(path))
                let header = Array(bytes[8..<file.dataStart])
                let lastBrace = try #require(header.lastIndex(of: UInt8(ascii: "}")))
                #expect(header.first == UInt8(ascii: "{"))
                #expect(header.count - (lastBrace + 1) < 8)
                #expect(header[(lastBrace + 1)...].allSatisfy { $0 == UInt8(ascii: " ") })
                #expect(UInt64(header.count) == bytes[0..<8].reversed().reduce(0) { $0 << 8 | UInt64($1) })
            }
        }
    }

    @Test("a small file has exactly the bytes the reference implementation's own tests expect")
    func knownBytes() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            // safetensors' test_serialization: {"attn.0": F32 [1, 2, 3] = 0…5}
            let path = directory + "/attn.safetensors"
            let writer = try SafetensorsWriter(path: path)
            try writer.add(name: "attn.0", tensor: Tensor(values: [0, 1, 2, 3, 4, 5] as [Float], shape: [1, 2, 3]))
            try writer.finish()
            var expected: [UInt8] = [64, 0, 0, 0, 0, 0, 0, 0]
            expected += Array(#"{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}"#.utf8)
            expected += [0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64]
            #expect(IOTestSupport.readFile(path) == expected)

            // test_serialization_forced_alignement: a shorter name needs 7 spaces of padding.
            let padded = directory + "/attn0.safetensors"
            let second = try SafetensorsWriter(path: padded)
            try second.add(name: "attn0", tensor: Tensor(values: [0, 1, 2, 3, 4, 5] as [Float], shape: [1, 1, 2, 3]))
            try second.finish()
            var expectedPadded: [UInt8] = [72, 0, 0, 0, 0, 0, 0, 0]
            expectedPadded += Array(#"{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}       "#.utf8)
            expectedPadded += [0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64]
            #expect(IOTestSupport.readFile(padded) == expectedPadded)

            // test_empty: no tensors, metadata {"framework": "pt"}.
            let empty = directory + "/empty.safetensors"
            let third = try SafetensorsWriter(path: empty, metadata: ["framework": "pt"])
            try third.finish()
            let expectedEmpty: [UInt8] = [40, 0, 0, 0, 0, 0, 0, 0] + Array(#"{"__metadata__":{"framework":"pt"}}     "#.utf8)
            #expect(IOTestSupport.readFile(empty) == expectedEmpty)
            let reopened = try SafetensorsFile(path: empty)
            #expect(reopened.tensorNames.isEmpty)
            #expect(reopened.metadata == ["framework": "pt"])

            let bare = directory + "/bare.safetensors"
            try SafetensorsWriter(path: bare).finish()
            #expect(IOTestSupport.readFile(bare) == [8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32])
        }
    }

    /// The tensors `Tests/Fixtures/io/make_reference.py` saves with the `safetensors` package.
    static func referenceTensors(into writer: SafetensorsWriter) throws {
        try writer.add(name: "b", dtype: .bool, shape: [3], bytes: [1, 0, 1])
        try writer.add(name: "u8", tensor: Tensor(values: [1, 2, 3, 255] as [UInt8], shape: [2, 2]))
        try writer.add(name: "i8", dtype: .int8, shape: [3], bytes: IOTestSupport.bytes([-128, 0, 127] as [Int8]))
        try writer.add(name: "i16", dtype: .int16, shape: [2], bytes: IOTestSupport.bytes([-32768, 32767] as [Int16]))
        try writer.add(name: "u16", dtype: .uint16, shape: [2], bytes: IOTestSupport.bytes([0, 65535] as [UInt16]))
        // float16 0.5, -2.0, 65504.0
        try writer.add(name: "f16", dtype: .float16, shape: [3], bytes: IOTestSupport.bytes([0x3800, 0xC000, 0x7BFF] as [UInt16]))
        try writer.add(name: "i32", tensor: Tensor(values: [-3, -2, -1, 0, 1, 2] as [Int32], shape: [2, 3]))
        try writer.add(name: "u32", dtype: .uint32, shape: [1], bytes: IOTestSupport.bytes([UInt32.max]))
        try writer.add(name: "f32", tensor: Tensor(values: [0.1, -1.5, 3.25, 1e-30] as [Float], shape: [2, 2]))
        try writer.add(name: "Z", tensor: Tensor(values: [7.0] as [Float]))
        try writer.add(name: "a.weight", tensor: Tensor(values: [1.0, 2.0] as [Float]))
        try writer.add(name: "f64", tensor: try Tensor.from(doubles: [3.141592653589793], dtype: .float64, shape: []))
        try writer.add(name: "i64", tensor: try Tensor.zeros(shape: [0], dtype: .int64))
        try writer.add(name: "u64", dtype: .uint64, shape: [2], bytes: IOTestSupport.bytes([UInt64.max, 1]))
    }

    @Test("output is byte-identical to the reference safetensors writer's, and its file reads back")
    func matchesReferenceWriter() throws {
        let fixture = IOTestSupport.fixture("reference.safetensors")
        let reference = try #require(IOTestSupport.readFile(fixture))
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/ours.safetensors"
            let writer = try SafetensorsWriter(path: path, metadata: ["spatium.format": "1"])
            try Self.referenceTensors(into: writer)
            try writer.finish()
            #expect(IOTestSupport.readFile(path) == reference)
        }
        let file = try SafetensorsFile(path: fixture)
        #expect(file.metadata == ["spatium.format": "1"])
        #expect(file.tensorNames == ["u64", "i64", "f64", "Z", "a.weight", "f32", "u32", "i32", "f16", "u16", "i16", "i8", "u8", "b"])
        #expect(try file.read("f32").array(of: Float.self) == [0.1, -1.5, 3.25, 1e-30])
        #expect(try file.read("i32").shape == [2, 3])
        #expect(try file.read("f64").array(of: Double.self) == [3.141592653589793])
        #expect(try file.read("i64").count == 0)
        #expect(try file.readRaw("u64") == IOTestSupport.bytes([UInt64.max, 1]))
        #expect(try file.readRaw("b") == [1, 0, 1])
    }

    @Test("names: any UTF-8, byte-distinct spellings are distinct; __metadata__ and duplicates are refused")
    func names() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/names.safetensors"
            let writer = try SafetensorsWriter(path: path)
            let names = ["é", "e\u{301}", "", "with \"quotes\" and \\ and \n", "🧠.v", "__metadata", "\u{0}nul"]
            for (index, name) in names.enumerated() {
                try writer.add(name: name, tensor: Tensor(values: [Int32(index)]))
            }
            #expect(throws: SafetensorsError.reservedName(path: path)) {
                try writer.add(name: "__metadata__", tensor: Tensor(values: [1] as [Int32]))
            }
            #expect(throws: SafetensorsError.duplicateName(path: path, name: "é")) {
                try writer.add(name: "é", tensor: Tensor(values: [1] as [Int32]))
            }
            #expect(writer.tensorCount == names.count)
            try writer.finish()
            let file = try SafetensorsFile(path: path)
            for (index, name) in names.enumerated() {
                #expect(file.contains(name))
                #expect(try file.read(name).array(of: Int32.self) == [Int32(index)])
            }
            #expect(!file.contains("missing"))
            #expect(throws: SafetensorsError.tensorNotFound(path: path, name: "missing")) { try file.info("missing") }
        }
    }

    @Test("bad declarations are refused with the tensor named, and the writer stays usable")
    func badDeclarations() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/bad.safetensors"
            let writer = try SafetensorsWriter(path: path)
            #expect(throws: SafetensorsError.invalidShape(path: path, name: "neg", shape: [2, -1])) {
                try writer.add(name: "neg", dtype: .float32, shape: [2, -1], bytes: [])
            }
            #expect(throws: SafetensorsError.invalidShape(path: path, name: "huge", shape: [1 << 62, 4])) {
                try writer.add(name: "huge", dtype: .float32, shape: [1 << 62, 4]) { _, _ in }
            }
            #expect(throws: SafetensorsError.sourceSizeMismatch(path: path, name: "short", expected: 8, got: 7)) {
                try writer.add(name: "short", dtype: .float32, shape: [2], bytes: [UInt8](repeating: 0, count: 7))
            }
            try writer.add(name: "ok", dtype: .float32, shape: [2], bytes: [UInt8](repeating: 0, count: 8))
            try writer.finish()
            #expect(try SafetensorsFile(path: path).tensorNames == ["ok"])
            #expect(throws: SafetensorsError.writerClosed(path: path, state: "finished")) { try writer.finish() }
            #expect(throws: SafetensorsError.writerClosed(path: path, state: "finished")) {
                try writer.add(name: "late", tensor: Tensor(values: [1] as [UInt8]))
            }
            let error = SafetensorsError.invalidShape(path: path, name: "neg", shape: [2, -1])
            #expect(error.description.contains("neg") && error.description.contains(path))
        }
    }

    @Test("large tensors read into huge-page-aligned memory that is not zero-filled first, every byte intact")
    func largeReadsUseHugePageStorage() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/large.safetensors"
            let count = 3 << 20 + 5                  // past two huge pages, with an unaligned tail
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
            let writer = try SafetensorsWriter(path: path)
            try writer.add(name: "big", dtype: .uint8, shape: [count], bytes: bytes)
            try writer.add(name: "small", dtype: .int64, shape: [3], bytes: IOTestSupport.bytes([Int64(-1), 0, 7]))
            try writer.finish()
            let file = try SafetensorsFile(path: path)
            // Fresh allocations that reuse dirty heap memory must still read back exactly.
            for _ in 0..<3 {
                let big = try file.read("big")
                #expect(Int(bitPattern: big.storage.base) % TensorStorage.hugePageSize == 0)
                withExtendedLifetime(big) { #expect(Array(big.buffer(of: UInt8.self)) == bytes) }
                let small = try file.read("small")
                #expect(Int(bitPattern: small.storage.base) % 64 == 0)
                withExtendedLifetime(small) { #expect(Array(small.buffer(of: Int64.self)) == [-1, 0, 7]) }
            }
        }
    }

    @Test("reading into a buffer of the wrong size is refused")
    func wrongBufferSize() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/buffer.safetensors"
            let writer = try SafetensorsWriter(path: path)
            try writer.add(name: "x", tensor: Tensor(values: [1, 2, 3] as [Float]))
            try writer.finish()
            let file = try SafetensorsFile(path: path)
            var buffer = [UInt8](repeating: 0, count: 11)
            #expect(throws: SafetensorsError.bufferSizeMismatch(path: path, name: "x", expected: 12, got: 11)) {
                try buffer.withUnsafeMutableBytes { try file.readBytes("x", into: $0) }
            }
        }
    }

    @Test("finishing replaces an existing file at the final path")
    func replacesExistingFile() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/replace.safetensors"
            IOTestSupport.writeFile(path, Array("old contents".utf8))
            let writer = try SafetensorsWriter(path: path)
            try writer.add(name: "x", tensor: Tensor(values: [42] as [Int64]))
            try writer.finish()
            #expect(try SafetensorsFile(path: path).read("x").array(of: Int64.self) == [42])
            #expect(IOTestSupport.entries(of: directory) == ["replace.safetensors"])
        }
    }

    @Test("paths split into directory and name; directory-like paths are refused")
    func pathSplitting() throws {
        #expect(try FileDescriptor.split("here.safetensors") == (".", "here.safetensors"))
        #expect(try FileDescriptor.split("/top.safetensors") == ("/", "top.safetensors"))
        #expect(try FileDescriptor.split("run/a/b.csv") == ("run/a", "b.csv"))
        #expect(throws: FileError.invalidPath(path: "run/", reason: "it names a directory, not a file")) { try FileDescriptor.split("run/") }
        #expect(throws: FileError.invalidPath(path: "run/..", reason: "it names a directory, not a file")) { try FileDescriptor.split("run/..") }
        #expect(throws: FileError.invalidPath(path: "", reason: "the path is empty")) { try FileDescriptor.split("") }
        #expect(throws: (any Error).self) { try SafetensorsWriter(path: "") }
    }
}
