#if canImport(Glibc)
import Glibc
#endif

/// A failure of the operating system while reading or writing a file: which operation, which
/// path, and the system's reason.
///
/// ```swift
/// do { try AtomicFile.write(path: "/read-only/x.json", string: "{}") }
/// catch { print(error) }   // could not create '/read-only/.x.json.tmp-…': Permission denied (errno 13)
/// ```
public enum FileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call failed; `operation` is a verb such as `"open"`, `"write"`, `"sync"`.
    case systemCall(operation: String, path: String, code: Int32)
    /// The device (or the user's quota) has no room left for `path`; `needed` and `available`
    /// are byte counts when they are known.
    case diskFull(path: String, needed: Int?, available: Int?)
    /// Renaming `from` to `to` failed.
    case rename(from: String, to: String, code: Int32)
    /// The file ended before `offset + wanted` (it was truncated while open).
    case unexpectedEndOfFile(path: String, offset: Int, wanted: Int)
    /// The path cannot name a file (`reason` says why).
    case invalidPath(path: String, reason: String)
    /// The path exists but is not a regular file.
    case notRegularFile(path: String)

    /// The same error, but a disk-full error on `temporaryPath` names `finalPath` (the file
    /// the caller asked for) instead.
    func naming(finalPath: String, temporaryPath: String) -> FileError {
        if case .diskFull(let path, let needed, let available) = self, path == temporaryPath {
            return .diskFull(path: finalPath, needed: needed, available: available)
        }
        return self
    }

    /// `strerror` text of an `errno` value.
    static func reason(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    public var description: String {
        switch self {
        case .systemCall(let operation, let path, let code):
            return "could not \(operation) '\(path)': \(FileError.reason(code)) (errno \(code))"
        case .diskFull(let path, let needed, let available):
            var text = "no space left on device for '\(path)'"
            if let needed, let available {
                text += " (needs \(needed) bytes, \(available) available)"
            } else if let needed {
                text += " (needs \(needed) bytes)"
            }
            return text
        case .rename(let from, let to, let code):
            return "could not rename '\(from)' to '\(to)': \(FileError.reason(code)) (errno \(code))"
        case .unexpectedEndOfFile(let path, let offset, let wanted):
            return "'\(path)' ended early: wanted \(wanted) bytes at offset \(offset) (was the file truncated while open?)"
        case .invalidPath(let path, let reason):
            return "invalid path '\(path)': \(reason)"
        case .notRegularFile(let path):
            return "'\(path)' is not a regular file"
        }
    }
}
