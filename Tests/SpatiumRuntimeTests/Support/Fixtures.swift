import Glibc
@testable import SpatiumRuntime

/// Locates test data relative to this file: `…/Tests/Fixtures/<domain>/…` (no Foundation).
enum Fixtures {
    /// `…/Tests/Fixtures`.
    static let root: String = {
        let parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        guard let tests = parts.lastIndex(of: "Tests") else { return "Tests/Fixtures" }
        return parts[...tests].joined(separator: "/") + "/Fixtures"
    }()

    /// Path of a FEAGI fixture, e.g. `feagi("v3/test_genome.v3.json")`.
    static func feagi(_ relative: String) -> String { root + "/feagi/" + relative }

    /// File names (not paths) in a fixture directory, sorted.
    static func list(_ directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name.hasSuffix(".json") { names.append(name) }
        }
        return names.sorted()
    }

    /// Every FEAGI genome fixture path (top level, v3/, community/).
    static var allGenomes: [String] {
        let base = root + "/feagi"
        return list(base).map { base + "/" + $0 } + list(base + "/v3").map { base + "/v3/" + $0 }
            + list(base + "/community").map { base + "/community/" + $0 }
    }

    /// A whole file as text.
    static func text(_ path: String) throws -> String {
        String(decoding: try GenomeLoader.readFile(path), as: UTF8.self)
    }

    /// A scratch path under /tmp unique to this process.
    static func temporaryPath(_ name: String) -> String { "/tmp/spatium-genome-test-\(getpid())-\(name)" }
}
