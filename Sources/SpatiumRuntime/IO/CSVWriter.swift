#if canImport(Glibc)
import Glibc
#endif

/// Writes metrics as CSV (RFC 4180 quoting, a header row, `\n` line ends, `.` decimal point,
/// full float precision; see ``CSVValue`` for how values are spelled).
///
/// Rows are buffered (64 KB) and handed to the file only as whole rows, so a reader (pandas,
/// `tail -f`) watching the file during a long run never sees a torn last row; if a write
/// fails midway (disk full), the file is cut back to its last whole row. The file is written
/// in place under its final name (it must be readable while the run goes on); ``flush()``
/// makes the rows so far visible, ``close()`` flushes and syncs to the device, and dropping
/// the writer flushes too. Call ``close()`` (or ``flush()``) before the process exits.
///
/// ```swift
/// let csv = try CSVWriter(path: "run/metrics.csv", columns: ["burst", "area", "rate"])
/// try csv.row(["burst": 1, "area": "v1", "rate": 0.25])      // by name
/// try csv.row([2, "v1", .double(0.5)])                       // by position
/// try csv.close()
/// ```
public final class CSVWriter {
    /// How an existing file at the path is treated.
    public enum Mode: Sendable {
        /// Start a new file (an existing one is replaced).
        case create
        /// Add rows to an existing file with the same header row (or start one if there is none).
        case append
    }

    /// Buffered bytes that trigger a write to the file.
    public static let bufferSize = 64 << 10

    /// The file's path.
    public let path: String
    /// Column names, in file order.
    public let columns: [String]
    /// Rows written by this writer (excluding the header).
    public private(set) var rowCount = 0

    private var descriptor: FileDescriptor?
    private var buffer: [UInt8] = []
    private var committedSize = 0
    private var columnIndex: [String: Int] = [:]
    private var slots: [CSVValue?]

    /// Opens `path` for writing rows with `columns`.
    public init(path: String, columns: [String], mode: Mode = .create) throws(CSVError) {
        self.path = path
        self.columns = columns
        slots = [CSVValue?](repeating: nil, count: columns.count)
        guard !columns.isEmpty else { throw .noColumns(path: path) }
        var header: [UInt8] = []
        for (position, column) in columns.enumerated() {
            guard !column.isEmpty else { throw .invalidColumn(path: path, name: column, reason: "is empty") }
            guard columnIndex.updateValue(position, forKey: column) == nil else {
                throw .invalidColumn(path: path, name: column, reason: "appears more than once")
            }
            if position > 0 { header.append(UInt8(ascii: ",")) }
            CSVValue.appendString(column, to: &header)
        }
        header.append(UInt8(ascii: "\n"))
        buffer.reserveCapacity(CSVWriter.bufferSize + 4096)

        let flags = mode == .create ? O_WRONLY | O_CREAT | O_TRUNC | O_APPEND : O_RDWR | O_CREAT | O_APPEND
        let opened: FileDescriptor
        do { opened = try FileDescriptor.open(path, flags: flags) } catch { throw .file(error) }
        do throws(CSVError) {
            let size: Int
            do { size = Int(try opened.status().st_size) } catch { throw CSVError.file(error) }
            if size > 0 {
                try CSVWriter.checkAppendable(opened, size: size, header: header, path: path)
                committedSize = size
            } else {
                buffer.append(contentsOf: header)
            }
        } catch {
            try? opened.close()
            throw error
        }
        descriptor = opened
    }

    deinit {
        try? flush()
        if let descriptor { try? descriptor.close() }
    }

    /// Adds a row from values by column name; every column must be given (`nil` / `.empty`
    /// for an empty field) and no other name.
    public func row(_ values: [String: CSVValue]) throws(CSVError) {
        guard descriptor != nil else { throw .closed(path: path) }
        // Walk the dictionary (no hashing) and place each value by a linear name match, which
        // beats a hash lookup per column for the handful of columns metrics files have.
        var unknown: [String] = []
        for (name, value) in values {
            if let position = position(of: name) {
                slots[position] = value
            } else {
                unknown.append(name)
            }
        }
        var missing: [String] = []
        if unknown.isEmpty && values.count != columns.count || !unknown.isEmpty {
            missing = columns.indices.filter { slots[$0] == nil }.map { columns[$0] }
        }
        guard unknown.isEmpty, missing.isEmpty else {
            for position in slots.indices { slots[position] = nil }
            if !unknown.isEmpty { throw .unknownColumns(path: path, names: unknown.sorted(), columns: columns) }
            throw .missingColumns(path: path, names: missing)
        }
        let mark = buffer.count
        for position in slots.indices {
            if position > 0 { buffer.append(UInt8(ascii: ",")) }
            CSVValue.append(slots[position].unsafelyUnwrapped, to: &buffer)
            slots[position] = nil
        }
        try endRow(start: mark)
    }

    /// Adds a row from values in column order.
    public func row(_ values: [CSVValue]) throws(CSVError) {
        guard descriptor != nil else { throw .closed(path: path) }
        guard values.count == columns.count else {
            throw .wrongFieldCount(path: path, expected: columns.count, got: values.count)
        }
        let mark = buffer.count
        for (position, value) in values.enumerated() {
            if position > 0 { buffer.append(UInt8(ascii: ",")) }
            CSVValue.append(value, to: &buffer)
        }
        try endRow(start: mark)
    }

    /// Hands all buffered rows to the file (whole rows only), so readers see them.
    public func flush() throws(CSVError) {
        guard let descriptor, !buffer.isEmpty else { return }
        var failure: FileError?
        buffer.withUnsafeBytes { bytes in
            do throws(FileError) { try descriptor.writeAll(bytes) } catch { failure = error }
        }
        if let error = failure {
            // Never leave part of a row behind: cut the file back to its last whole row; the
            // rows stay buffered for the next attempt.
            try? descriptor.truncate(to: committedSize)
            throw .file(error)
        }
        committedSize += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs the file to the device and closes it. Later rows are errors.
    public func close() throws(CSVError) {
        guard let open = descriptor else { return }
        defer {
            descriptor = nil
            try? open.close()
        }
        try flush()
        do throws(FileError) { try open.sync() } catch { throw .file(error) }
    }

    // MARK: - Private

    @inline(__always)
    private func position(of name: String) -> Int? {
        guard columns.count <= 16 else { return columnIndex[name] }
        for position in columns.indices where columns[position] == name { return position }
        return nil
    }

    private func endRow(start: Int) throws(CSVError) {
        if columns.count == 1 && buffer.count == start {
            // A lone empty field would be a blank line, which readers skip: write "" instead.
            buffer.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: "\"")])
        }
        buffer.append(UInt8(ascii: "\n"))
        rowCount += 1
        if buffer.count >= CSVWriter.bufferSize { try flush() }
    }

    /// An existing file may be appended to when its header row matches and its last row ends.
    private static func checkAppendable(_ descriptor: FileDescriptor, size: Int, header: [UInt8], path: String) throws(CSVError) {
        var start = [UInt8](repeating: 0, count: Swift.min(size, header.count))
        var last: UInt8 = 0
        var failure: FileError?
        start.withUnsafeMutableBytes { buffer in
            do throws(FileError) { _ = try descriptor.read(into: buffer, at: 0) } catch { failure = error }
        }
        withUnsafeMutableBytes(of: &last) { buffer in
            do throws(FileError) { _ = try descriptor.read(into: buffer, at: size - 1) } catch { failure = error }
        }
        if let failure { throw .file(failure) }
        guard start == header else {
            var found = start
            if let newline = found.firstIndex(of: UInt8(ascii: "\n")) { found.removeSubrange(newline...) }
            throw .headerMismatch(path: path, expected: String(decoding: header.dropLast(), as: UTF8.self),
                                  found: String(decoding: found, as: UTF8.self))
        }
        guard last == UInt8(ascii: "\n") else { throw .incompleteLastRow(path: path) }
    }
}
