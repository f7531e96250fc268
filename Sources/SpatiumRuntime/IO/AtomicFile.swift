#if canImport(Glibc)
import Glibc
#endif

/// Writes small files (manifest.json, SVG, generated headers) all at once: the bytes go to a
/// temporary file beside the target, which is flushed to the device and renamed over the
/// target. Readers see the old file or the new one, never a mixture; on failure the temporary
/// file is removed and the old file is untouched.
///
/// ```swift
/// try AtomicFile.write(path: "run/manifest.json", string: manifest.encoded(pretty: true) + "\n")
/// ```
public enum AtomicFile {
    /// Replaces the file at `path` with `bytes`.
    public static func write(path: String, bytes: UnsafeRawBufferPointer) throws(FileError) {
        let temporary = try TemporaryFile(finalPath: path)
        do throws(FileError) {
            if let descriptor = temporary.descriptor {
                if let available = descriptor.availableBytes(), available < bytes.count {
                    throw FileError.diskFull(path: path, needed: bytes.count, available: available)
                }
                try descriptor.writeAll(bytes)
            }
            try temporary.commit()
        } catch {
            temporary.discard()
            throw error.naming(finalPath: path, temporaryPath: temporary.temporaryPath)
        }
    }

    /// Replaces the file at `path` with `bytes`.
    public static func write(path: String, bytes: [UInt8]) throws(FileError) {
        var failure: FileError?
        bytes.withUnsafeBytes { buffer in
            do throws(FileError) { try write(path: path, bytes: buffer) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Replaces the file at `path` with the UTF-8 bytes of `string`.
    public static func write(path: String, string: String) throws(FileError) {
        try write(path: path, bytes: Array(string.utf8))
    }
}
