#if canImport(Glibc)
import Glibc
#endif

/// Listing and emptying directories (for sweep point directories).
///
/// ```swift
/// DirectoryTree.entries(of: "/runs/sweep/size=8")     // ["manifest.json", "output.log", "rates.csv"]
/// try DirectoryTree.removeContents(of: "/runs/sweep/size=8")
/// ```
public enum DirectoryTree {
    /// The names in `path` (without `.` and `..`), sorted; nil if it cannot be read.
    public static func entries(of path: String) -> [String]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Removes everything inside `path` (recursively, without following symbolic links),
    /// keeping `path` itself.
    public static func removeContents(of path: String) throws(FileError) {
        guard let names = entries(of: path) else { throw .systemCall(operation: "open directory", path: path, code: errno) }
        for name in names {
            let child = path + "/" + name
            var information = stat()
            guard lstat(child, &information) == 0 else { continue }
            if information.st_mode & S_IFMT == S_IFDIR {
                try removeContents(of: child)
                guard rmdir(child) == 0 else { throw .systemCall(operation: "remove directory", path: child, code: errno) }
            } else {
                guard unlink(child) == 0 || errno == ENOENT else { throw .systemCall(operation: "remove", path: child, code: errno) }
            }
        }
    }
}
