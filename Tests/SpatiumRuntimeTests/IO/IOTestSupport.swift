import Glibc
import Testing
@testable import SpatiumRuntime

/// Small file-system helpers for the IO tests (Glibc only).
enum IOTestSupport {
    /// A fresh directory under /tmp; remove it with ``removeTree(_:)``.
    static func makeTemporaryDirectory() -> String {
        var template = Array("/tmp/spatium-io-test-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(created != nil, "mkdtemp failed")
        return String(cString: created!)
    }

    /// Runs `body` with a fresh directory and removes it afterwards.
    static func withTemporaryDirectory<T>(_ body: (String) throws -> T) rethrows -> T {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        return try body(directory)
    }

    /// Deletes a directory and everything in it.
    static func removeTree(_ path: String) {
        try? DirectoryTree.removeContents(of: path)
        rmdir(path)
    }

    /// Names in a directory (without `.` and `..`), sorted.
    static func entries(of directory: String) -> [String] {
        DirectoryTree.entries(of: directory) ?? []
    }

    /// The whole file.
    static func readFile(_ path: String) -> [UInt8]? {
        try? FileContents.read(path)
    }

    /// Replaces the file with `bytes` (a new file: rewriting in place makes ext4 flush on close).
    static func writeFile(_ path: String, _ bytes: [UInt8]) {
        unlink(path)
        guard let file = fopen(path, "wb") else { return }
        bytes.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, file) }
        fclose(file)
    }

    static func fileExists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    static func fileSize(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : -1
    }

    /// `Tests/Fixtures/io/<name>`.
    static func fixture(_ name: String) -> String { Fixtures.root + "/io/" + name }

    /// Runs a shell command; returns its exit status and standard output.
    static func shell(_ command: String) -> (status: Int32, output: String) {
        guard let pipe = popen(command + " 2>&1", "r") else { return (-1, "") }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, pipe) }
            if count == 0 { break }
            output.append(contentsOf: chunk[0..<count])
        }
        let status = pclose(pipe)
        return ((status >> 8) & 0xFF, String(decoding: output, as: UTF8.self))
    }

    /// A `/proc/self/status` field in kB (`VmHWM`, `VmRSS`).
    static func procStatus(_ field: String) -> Int? {
        guard let bytes = readFile("/proc/self/status") else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let digits = line.dropFirst(field.count + 1).filter { $0.isNumber }
            return Int(String(digits))
        }
        return nil
    }

    /// Resets the peak resident size (`VmHWM`) to the current one; false when not allowed.
    static func resetPeakMemory() -> Bool {
        guard let file = fopen("/proc/self/clear_refs", "w") else { return false }
        let written = fputs("5", file)
        return fclose(file) == 0 && written >= 0
    }

    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Little-endian bytes of values.
    static func bytes<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        values.flatMap { value in (0..<MemoryLayout<T>.size).map { UInt8(truncatingIfNeeded: value.littleEndian >> (8 * $0)) } }
    }

    static func bytes(_ values: [Float]) -> [UInt8] { bytes(values.map(\.bitPattern)) }
    static func bytes(_ values: [Double]) -> [UInt8] { bytes(values.map(\.bitPattern)) }

    /// The 8-byte little-endian header length followed by `json` padded to 8 as the reference writer does.
    static func headerBytes(_ json: String) -> [UInt8] {
        var header = Array(json.utf8)
        header.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8))
        return bytes([UInt64(header.count)]) + header
    }
}
