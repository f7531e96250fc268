import Glibc
import Testing
@testable import SpatiumRuntime

@Suite("Safetensors random mutations")
struct SafetensorsMutationTests {
    /// A valid file with several dtypes, a scalar, a zero-size tensor and metadata.
    static func validFile(in directory: String) throws -> [UInt8] {
        let path = directory + "/valid.safetensors"
        let writer = try SafetensorsWriter(path: path, metadata: ["spatium.format": "1", "seed": "42"])
        try writer.add(name: "area.v", tensor: Tensor(values: (0..<24).map { Float($0) / 3 }, shape: [2, 3, 4]))
        try writer.add(name: "area.count", tensor: Tensor(values: [1, 2, 3] as [Int64]))
        try writer.add(name: "rng", tensor: try Tensor.from(doubles: [7], dtype: .float64, shape: []))
        try writer.add(name: "empty", tensor: try Tensor.zeros(shape: [0, 3], dtype: .int32))
        try writer.add(name: "mask", dtype: .bool, shape: [5], bytes: [1, 0, 1, 1, 0])
        try writer.add(name: "half", dtype: .float16, shape: [2], bytes: [0, 60, 0, 64])
        try writer.finish()
        return try #require(IOTestSupport.readFile(path))
    }

    @Test("flipped bytes, truncation, extension and rewritten header lengths never crash the reader")
    func randomMutations() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let valid = try Self.validFile(in: directory)
            let path = directory + "/mutated.safetensors"
            var random = SplitMix64(seed: 2024)
            var accepted = 0
            var refused = 0
            for _ in 0..<1500 {
                var bytes = valid
                for _ in 0..<(1 + Int(random.next() % 3)) {
                    Self.mutate(&bytes, using: &random)
                }
                IOTestSupport.writeFile(path, bytes)
                do throws(SafetensorsError) {
                    let file = try SafetensorsFile(path: path)
                    accepted += 1
                    // Whatever was accepted must read back consistently.
                    var covered = 0
                    for tensor in file.tensors {
                        let raw = try file.readRaw(tensor.name)
                        #expect(raw.count == tensor.byteCount)
                        #expect(raw == Array(bytes[tensor.byteRange]))
                        if tensor.dtype.tensorDType != nil {
                            let value = try file.read(tensor.name)
                            #expect(value.count == tensor.elementCount)
                        }
                        covered += tensor.byteCount
                    }
                    #expect(file.dataStart + covered == bytes.count)
                } catch {
                    refused += 1
                    #expect(!error.description.isEmpty)
                    if case .invalidFile(let reported, _) = error { #expect(reported == path) }
                }
            }
            #expect(accepted > 0 && refused > 0)
        }
    }

    static func mutate(_ bytes: inout [UInt8], using random: inout SplitMix64) {
        let choice = random.next() % 6
        switch choice {
        case 0 where !bytes.isEmpty:   // flip bits of one byte
            let index = Int(random.next() % UInt64(bytes.count))
            bytes[index] ^= UInt8(truncatingIfNeeded: random.next() | 1)
        case 1 where !bytes.isEmpty:   // overwrite a byte in the header with a JSON-significant character
            let index = Int(random.next() % UInt64(Swift.min(bytes.count, 200)))
            let characters = Array("{}[]\":,0123456789-.e \\ué".utf8)
            bytes[index] = characters[Int(random.next() % UInt64(characters.count))]
        case 2:                        // truncate
            bytes.removeLast(Int(random.next() % UInt64(bytes.count + 1)))
        case 3:                        // extend
            bytes.append(contentsOf: (0..<(1 + random.next() % 16)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        case 4 where bytes.count >= 8: // rewrite the header length
            let length: UInt64
            switch random.next() % 4 {
            case 0: length = random.next()
            case 1: length = UInt64(bytes.count) &- 8 &+ (random.next() % 16) &- 8
            case 2: length = random.next() % 256
            default: length = 100_000_000 &+ random.next() % 2
            }
            for index in 0..<8 { bytes[index] = UInt8(truncatingIfNeeded: length >> (8 * UInt64(index))) }
        default:                       // swap two digits inside the header (moves offsets and shapes)
            guard bytes.count > 16 else { return }
            let index = 8 + Int(random.next() % UInt64(Swift.min(bytes.count - 8, 400)))
            if bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                bytes[index] = UInt8(ascii: "0") + UInt8(random.next() % 10)
            }
        }
    }
}
