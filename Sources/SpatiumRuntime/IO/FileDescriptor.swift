#if canImport(Glibc)
import Glibc
#endif

/// An open POSIX file descriptor with the path it was opened from (for messages): the few
/// system calls the IO layer needs, retried on `EINTR`, looping over partial transfers, and
/// throwing ``FileError``.
struct FileDescriptor {
    /// The largest single `read`/`write` the IO layer issues (8 MB).
    static let maximumTransfer = 8 << 20

    let raw: Int32
    let path: String

    /// Opens `path` with `flags` (`O_CLOEXEC` is added) and `mode` for created files.
    static func open(_ path: String, flags: Int32, mode: mode_t = 0o666, operation: String = "open") throws(FileError) -> FileDescriptor {
        guard !path.isEmpty else { throw .invalidPath(path: path, reason: "the path is empty") }
        guard !path.utf8.contains(0) else { throw .invalidPath(path: path, reason: "the path contains a NUL byte") }
        while true {
            let descriptor = Glibc.open(path, flags | O_CLOEXEC, mode)
            if descriptor >= 0 { return FileDescriptor(raw: descriptor, path: path) }
            if errno == EINTR { continue }
            throw .systemCall(operation: operation, path: path, code: errno)
        }
    }

    /// Writes all of `bytes` at the current position, in transfers of at most 8 MB.
    func writeAll(_ bytes: UnsafeRawBufferPointer) throws(FileError) {
        guard var start = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc.write(raw, start, Swift.min(remaining, FileDescriptor.maximumTransfer))
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == ENOSPC || code == EDQUOT { throw .diskFull(path: path, needed: nil, available: nil) }
                throw .systemCall(operation: "write", path: path, code: code)
            }
            if written == 0 { throw .diskFull(path: path, needed: nil, available: nil) }
            start += written
            remaining -= written
        }
    }

    /// Reads into `buffer` from `offset` until it is full or the file ends; returns the bytes read.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(FileError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < buffer.count {
            let count = Glibc.pread(raw, base + done, Swift.min(buffer.count - done, FileDescriptor.maximumTransfer), off_t(offset + done))
            if count < 0 {
                if errno == EINTR { continue }
                throw .systemCall(operation: "read", path: path, code: errno)
            }
            if count == 0 { break }
            done += count
        }
        return done
    }

    /// Reads exactly `buffer.count` bytes from `offset`, or throws ``FileError/unexpectedEndOfFile(path:offset:wanted:)``.
    func readExactly(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(FileError) {
        let count = try read(into: buffer, at: offset)
        if count != buffer.count { throw .unexpectedEndOfFile(path: path, offset: offset, wanted: buffer.count) }
    }

    /// `count` bytes from `offset`, or ``FileError/unexpectedEndOfFile(path:offset:wanted:)``.
    func readBytes(count: Int, at offset: Int) throws(FileError) -> [UInt8] {
        var failure: FileError?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(FileError) {
                try readExactly(into: UnsafeMutableRawBufferPointer(buffer), at: offset)
                initialized = count
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Writes all of `bytes` at the current position.
    func writeAll(_ bytes: [UInt8]) throws(FileError) {
        var failure: FileError?
        bytes.withUnsafeBytes { buffer in
            do throws(FileError) { try writeAll(buffer) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// `fstat` of the descriptor.
    func status() throws(FileError) -> stat {
        var info = stat()
        guard fstat(raw, &info) == 0 else { throw .systemCall(operation: "stat", path: path, code: errno) }
        return info
    }

    /// Bytes free for an unprivileged writer on the descriptor's file system, if known.
    func availableBytes() -> Int? {
        var info = statvfs()
        guard fstatvfs(raw, &info) == 0 else { return nil }
        let (product, overflow) = Int(clamping: info.f_bavail).multipliedReportingOverflow(by: Int(clamping: info.f_frsize))
        return overflow ? Int.max : product
    }

    /// Flushes the file's data and metadata to the device.
    func sync() throws(FileError) {
        while fsync(raw) != 0 {
            if errno == EINTR { continue }
            throw .systemCall(operation: "sync", path: path, code: errno)
        }
    }

    /// Cuts the file to `size` bytes.
    func truncate(to size: Int) throws(FileError) {
        while ftruncate(raw, off_t(size)) != 0 {
            if errno == EINTR { continue }
            throw .systemCall(operation: "truncate", path: path, code: errno)
        }
    }

    /// Moves the position to the end of the file and returns it.
    func seekToEnd() throws(FileError) -> Int {
        let position = lseek(raw, 0, SEEK_END)
        guard position >= 0 else { throw .systemCall(operation: "seek in", path: path, code: errno) }
        return Int(position)
    }

    /// Closes the descriptor (errors other than `EINTR` are reported).
    func close() throws(FileError) {
        if Glibc.close(raw) != 0 && errno != EINTR {
            throw .systemCall(operation: "close", path: path, code: errno)
        }
    }

    /// The directory and the last component of `path` (`"."` when there is no slash).
    static func split(_ path: String) throws(FileError) -> (directory: String, name: String) {
        let bytes = Array(path.utf8)
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else {
            guard !bytes.isEmpty else { throw .invalidPath(path: path, reason: "the path is empty") }
            return (".", path)
        }
        let name = String(decoding: bytes[(slash + 1)...], as: UTF8.self)
        guard !name.isEmpty, name != ".", name != ".." else {
            throw .invalidPath(path: path, reason: "it names a directory, not a file")
        }
        let directory = slash == 0 ? "/" : String(decoding: bytes[..<slash], as: UTF8.self)
        return (directory, name)
    }

    /// Opens `directory` and flushes its entries (makes a rename durable). File systems that
    /// cannot sync directories (`EINVAL`) are skipped.
    static func syncDirectory(_ directory: String) throws(FileError) {
        let descriptor = try FileDescriptor.open(directory, flags: O_RDONLY | O_DIRECTORY)
        defer { try? descriptor.close() }
        do {
            try descriptor.sync()
        } catch {
            if case .systemCall(_, _, let code) = error, code == EINVAL || code == ENOTSUP { return }
            throw error
        }
    }
}
