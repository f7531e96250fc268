import Glibc
import Testing
@testable import SpatiumRuntime

@Suite("SHA-256")
struct SHA256Tests {
    @Test("NIST FIPS 180-4 example vectors")
    func nistVectors() {
        #expect(SHA256.hash("").hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hash("abc").hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq").hex
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hash("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu").hex
            == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        var million = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { million.update(chunk) }
        #expect(million.finalize().hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("any split of the input gives the same digest; finalize leaves the hasher usable")
    func streaming() {
        var random = SplitMix64(seed: 5)
        let message = (0..<1000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let whole = SHA256.hash(message)
        for pieceSize in [1, 3, 55, 56, 63, 64, 65, 127, 999] {
            var hasher = SHA256()
            var start = 0
            while start < message.count {
                let end = min(message.count, start + pieceSize)
                hasher.update(Array(message[start..<end]))
                start = end
            }
            #expect(hasher.finalize() == whole, "pieces of \(pieceSize)")
        }
        var running = SHA256()
        running.update("ab")
        #expect(running.finalize() == SHA256.hash("ab"))
        running.update("c")
        #expect(running.finalize() == SHA256.hash("abc"))
        #expect(whole.bytes.count == 32)
        #expect(whole.description == whole.hex)
    }

    @Test("hashing a file equals hashing its bytes, across the 1 MB chunk boundary")
    func files() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            var random = SplitMix64(seed: 9)
            for size in [0, 55, 64, 1000, SHA256.fileChunkSize + 3] {
                let bytes = (0..<size).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                let path = directory + "/f\(size)"
                IOTestSupport.writeFile(path, bytes)
                let digest = try SHA256.hash(fileAt: path)
                #expect(digest == SHA256.hash(bytes), "size \(size)")
            }
            #expect(throws: FileError.systemCall(operation: "open", path: directory + "/none", code: ENOENT)) {
                try SHA256.hash(fileAt: directory + "/none")
            }
        }
    }
}
