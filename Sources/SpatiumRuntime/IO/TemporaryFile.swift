#if canImport(Glibc)
import Glibc
#endif

/// A file written under a hidden temporary name beside its final name, then made durable and
/// renamed into place by ``commit()``; removed by ``discard()`` or when dropped uncommitted.
///
/// The temporary name is `<dir>/.<name>.tmp-<pid>-<random hex>`, created with `O_EXCL`, so a
/// crash leaves at most a hidden temporary file and never a partial file under the final name.
final class TemporaryFile {
    /// Where the file appears after ``commit()``.
    let finalPath: String
    /// Where the bytes are written until then.
    let temporaryPath: String
    /// The open temporary file, `nil` once committed or discarded.
    private(set) var descriptor: FileDescriptor?
    private let directory: String

    init(finalPath: String) throws(FileError) {
        let (directory, name) = try FileDescriptor.split(finalPath)
        self.finalPath = finalPath
        self.directory = directory
        // Keep the temporary name within NAME_MAX (255 bytes) whatever the final name.
        var stem = Substring(name)
        while stem.utf8.count > 200 { stem = stem.dropLast() }
        var generator = SystemRandomNumberGenerator()
        var attempt = 0
        while true {
            let suffix = String(generator.next() as UInt64, radix: 16)
            let candidate = (directory == "/" ? "/" : directory + "/") + ".\(stem).tmp-\(getpid())-\(suffix)"
            do {
                descriptor = try FileDescriptor.open(candidate, flags: O_WRONLY | O_CREAT | O_EXCL, operation: "create")
                temporaryPath = candidate
                return
            } catch {
                attempt += 1
                if case .systemCall(_, _, let code) = error, code == EEXIST, attempt < 16 { continue }
                throw error
            }
        }
    }

    /// Flushes the temporary file to the device, renames it to ``finalPath`` (replacing any
    /// file there) and flushes the directory. On failure the temporary file is removed.
    func commit() throws(FileError) {
        guard let open = descriptor else {
            throw .invalidPath(path: finalPath, reason: "the temporary file was already committed or discarded")
        }
        do {
            try open.sync()
            descriptor = nil
            try open.close()
        } catch {
            descriptor = nil
            try? open.close()
            unlink(temporaryPath)
            throw error
        }
        if rename(temporaryPath, finalPath) != 0 {
            let code = errno
            unlink(temporaryPath)
            throw .rename(from: temporaryPath, to: finalPath, code: code)
        }
        try FileDescriptor.syncDirectory(directory)
    }

    /// Closes and removes the temporary file (nothing happens after a commit).
    func discard() {
        guard let open = descriptor else { return }
        descriptor = nil
        try? open.close()
        unlink(temporaryPath)
    }

    deinit { discard() }
}
