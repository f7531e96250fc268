/// What can go wrong writing a CSV file; every message names the file.
///
/// ```swift
/// do { try csv.row(["burst": 1, "rte": 0.5]) }
/// catch { print(error) }   // metrics.csv: unknown column(s) rte (columns: burst, rate)
/// ```
public enum CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The operating system refused an operation (disk full included).
    case file(FileError)
    /// The column list is empty.
    case noColumns(path: String)
    /// A column name is empty or repeated.
    case invalidColumn(path: String, name: String, reason: String)
    /// A named row has names that are not columns.
    case unknownColumns(path: String, names: [String], columns: [String])
    /// A named row lacks some columns.
    case missingColumns(path: String, names: [String])
    /// A positional row has the wrong number of fields.
    case wrongFieldCount(path: String, expected: Int, got: Int)
    /// The writer was closed.
    case closed(path: String)
    /// Appending to a file whose header row differs from the columns.
    case headerMismatch(path: String, expected: String, found: String)
    /// Appending to a file whose last row has no line end (a torn write).
    case incompleteLastRow(path: String)

    public var description: String {
        switch self {
        case .file(let error):
            return error.description
        case .noColumns(let path):
            return "\(path): a CSV file needs at least one column"
        case .invalidColumn(let path, let name, let reason):
            return "\(path): column \"\(name)\" \(reason)"
        case .unknownColumns(let path, let names, let columns):
            return "\(path): unknown column(s) \(names.joined(separator: ", ")) (columns: \(columns.joined(separator: ", ")))"
        case .missingColumns(let path, let names):
            return "\(path): row is missing column(s) \(names.joined(separator: ", ")) (give nil / .empty for an empty field)"
        case .wrongFieldCount(let path, let expected, let got):
            return "\(path): row has \(got) fields, expected \(expected)"
        case .closed(let path):
            return "\(path): the CSV writer is closed"
        case .headerMismatch(let path, let expected, let found):
            return "\(path): cannot append, the header row is \"\(found)\" but the columns are \"\(expected)\""
        case .incompleteLastRow(let path):
            return "\(path): cannot append, the last row has no line end (a torn write); repair or remove the file"
        }
    }
}
