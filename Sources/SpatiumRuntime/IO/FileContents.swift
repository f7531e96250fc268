#if canImport(Glibc)
import Glibc
#endif

/// Whole-file reads for small files (manifests, genomes, logs).
///
/// ```swift
/// let bytes = try FileContents.read("/runs/a/manifest.json")
/// ```
public enum FileContents {
    /// The whole content of the regular file at `path`, read until its end (a file that grows
    /// while it is read is read to its new end).
    public static func read(_ path: String) throws(FileError) -> [UInt8] {
        let file = try FileDescriptor.open(path, flags: O_RDONLY | O_NONBLOCK)
        defer { try? file.close() }
        let status = try file.status()
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw .notRegularFile(path: path) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: max(Int(status.st_size) + 1, 4096))
        while true {
            let offset = bytes.count
            var failure: FileError?
            let count = chunk.withUnsafeMutableBytes { buffer in
                do throws(FileError) { return try file.read(into: buffer, at: offset) } catch {
                    failure = error
                    return 0
                }
            }
            if let failure { throw failure }
            bytes.append(contentsOf: chunk[0..<count])
            if count < chunk.count { return bytes }
        }
    }
}
