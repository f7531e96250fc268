/// Writes a safetensors file without holding it in memory, and without ever leaving a partial
/// file under the final name.
///
/// Tensors are declared with ``add(name:tensor:)`` and its variants; nothing is written until
/// ``finish()``, which computes the header from the declared sizes, writes it, then streams
/// each tensor's bytes in chunks of at most 8 MB (straight from memory, or produced on demand
/// by a provider closure), flushes the file to the device and renames it from a hidden
/// temporary name (`.<name>.tmp-<pid>-<random>` in the same directory) to `path`, then
/// flushes the directory. On any error during ``finish()``, after ``cancel()``, or when the
/// writer is dropped unfinished, the temporary file is removed.
///
/// Tensors are stored in the reference writer's order (wider dtypes first, then by name, as
/// bytes), which keeps each tensor aligned to its element width; ``metadata`` becomes
/// `__metadata__` (keys sorted; omitted when empty).
///
/// ```swift
/// let writer = try SafetensorsWriter(path: "run/burst-100.safetensors")
/// writer.metadata["spatium.format"] = String(SnapshotFormat.current)
/// try writer.add(name: "area.v", tensor: voltages)
/// try writer.add(name: "noise", dtype: .float32, shape: [1 << 28]) { chunk, offset in
///     let values = chunk.bindMemory(to: Float.self)      // chunk of at most 8 MB
///     for i in values.indices { values[i] = 0 }          // bytes offset… of the tensor
/// }
/// try writer.finish()
/// ```
public final class SafetensorsWriter {
    /// A tensor's bytes, produced into `chunk`: the tensor's bytes from `byteOffset` on.
    public typealias Provider = (_ chunk: UnsafeMutableRawBufferPointer, _ byteOffset: Int) throws -> Void

    private enum Source {
        case tensor(Tensor)
        case bytes([UInt8])
        case pointer(UnsafeRawBufferPointer)
        case provider(Provider)
    }

    private struct Pending {
        let name: String
        let dtype: SafetensorsDType
        let shape: [Int]
        let byteCount: Int
        let source: Source
    }

    private enum State: String {
        case open, writing, finished, cancelled, failed
    }

    /// The final path.
    public let path: String
    /// `__metadata__`: string keys and values stored in the header.
    public var metadata: [String: String]
    /// The hidden file the bytes are written to until ``finish()`` renames it.
    public var temporaryPath: String { temporary.temporaryPath }

    private let temporary: TemporaryFile
    private var pending: [Pending] = []
    private var names = NameIndex()
    private var state = State.open

    /// Creates the temporary file beside `path` (so permission problems show up at once).
    public init(path: String, metadata: [String: String] = [:]) throws(SafetensorsError) {
        self.path = path
        self.metadata = metadata
        do { temporary = try TemporaryFile(finalPath: path) } catch { throw .file(error) }
    }

    deinit { temporary.discard() }

    /// Number of tensors added so far.
    public var tensorCount: Int { pending.count }

    /// Adds a tensor whose bytes `provider` produces during ``finish()``, chunk by chunk in
    /// order: each chunk is at most 8 MB, aligned to and a multiple of the element width.
    /// A provider that throws makes ``finish()`` fail (and nothing is written).
    public func add(name: String, dtype: SafetensorsDType, shape: [Int], provider: @escaping Provider) throws(SafetensorsError) {
        let byteCount = try checkedByteCount(name: name, dtype: dtype, shape: shape)
        try record(Pending(name: name, dtype: dtype, shape: shape, byteCount: byteCount, source: .provider(provider)))
    }

    /// Adds a ``Tensor`` (dtype and shape from the tensor). Its elements are read during
    /// ``finish()``, straight from the tensor's memory.
    public func add(name: String, tensor: Tensor) throws(SafetensorsError) {
        let dtype = SafetensorsDType(tensor.dtype)
        let byteCount = try checkedByteCount(name: name, dtype: dtype, shape: tensor.shape)
        try record(Pending(name: name, dtype: dtype, shape: tensor.shape, byteCount: byteCount, source: .tensor(tensor)))
    }

    /// Adds a tensor from little-endian bytes (any dtype, e.g. `F16`, `BOOL`); `bytes.count`
    /// must equal the element count times the dtype's width.
    public func add(name: String, dtype: SafetensorsDType, shape: [Int], bytes: [UInt8]) throws(SafetensorsError) {
        let byteCount = try checkedByteCount(name: name, dtype: dtype, shape: shape)
        guard bytes.count == byteCount else {
            throw .sourceSizeMismatch(path: path, name: name, expected: byteCount, got: bytes.count)
        }
        try record(Pending(name: name, dtype: dtype, shape: shape, byteCount: byteCount, source: .bytes(bytes)))
    }

    /// Adds a tensor from memory the caller owns. The memory is read during ``finish()``, so
    /// it must stay valid and unchanged until ``finish()`` returns.
    public func add(name: String, dtype: SafetensorsDType, shape: [Int], unsafeBytes: UnsafeRawBufferPointer) throws(SafetensorsError) {
        let byteCount = try checkedByteCount(name: name, dtype: dtype, shape: shape)
        guard unsafeBytes.count == byteCount else {
            throw .sourceSizeMismatch(path: path, name: name, expected: byteCount, got: unsafeBytes.count)
        }
        try record(Pending(name: name, dtype: dtype, shape: shape, byteCount: byteCount, source: .pointer(unsafeBytes)))
    }

    /// Writes the file and renames it to ``path``. Afterwards the writer is closed.
    public func finish() throws(SafetensorsError) {
        guard state == .open, let descriptor = temporary.descriptor else {
            throw .writerClosed(path: path, state: state.rawValue)
        }
        state = .writing
        let ordered = pending.sorted { left, right in
            if left.dtype.alignmentRank != right.dtype.alignmentRank { return left.dtype.alignmentRank > right.dtype.alignmentRank }
            return NameIndex.bytewiseLess(left.name, right.name)
        }
        var offset = 0
        var entries: [(name: String, dtype: SafetensorsDType, shape: [Int], dataOffsets: Range<Int>)] = []
        entries.reserveCapacity(ordered.count)
        for tensor in ordered {
            let (end, overflow) = offset.addingReportingOverflow(tensor.byteCount)
            guard !overflow else {
                fail()
                throw .invalidShape(path: path, name: tensor.name, shape: tensor.shape)
            }
            entries.append((tensor.name, tensor.dtype, tensor.shape, offset..<end))
            offset = end
        }
        let header = SafetensorsHeader.encode(tensors: entries, metadata: metadata)
        guard header.count <= SafetensorsHeader.maximumLength else {
            fail()
            throw .headerTooLarge(path: path, length: header.count, limit: SafetensorsHeader.maximumLength)
        }
        let (total, overflow) = (8 + header.count).addingReportingOverflow(offset)
        guard !overflow else {
            fail()
            throw .invalidShape(path: path, name: ordered.last?.name ?? "", shape: ordered.last?.shape ?? [])
        }
        if let available = descriptor.availableBytes(), available < total {
            fail()
            throw .file(.diskFull(path: path, needed: total, available: available))
        }

        var output = ChunkedFileOutput(descriptor: descriptor, expectedBytes: total)
        defer { output.deallocate() }
        do {
            var start = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(header.count) >> (8 * $0)) }
            start.append(contentsOf: header)
            try start.withUnsafeBytes { try output.append($0) }
            for tensor in ordered {
                try write(tensor, to: &output)
            }
            try output.flush()
            try temporary.commit()
            state = .finished
        } catch let error as SafetensorsError {
            fail()
            throw error
        } catch let error as FileError {
            fail()
            throw .file(error.naming(finalPath: path, temporaryPath: temporary.temporaryPath))
        } catch {
            fail()
            throw .sourceFailed(path: path, name: "", message: "\(error)")
        }
    }

    /// Abandons the file: the temporary file is removed and nothing appears at ``path``.
    public func cancel() {
        guard state == .open else { return }
        state = .cancelled
        temporary.discard()
    }

    // MARK: - Private

    private func fail() {
        state = .failed
        temporary.discard()
    }

    private func write(_ tensor: Pending, to output: inout ChunkedFileOutput) throws {
        switch tensor.source {
        case .tensor(let value):
            let start = value.storage.base + value.offset * value.dtype.byteWidth
            try output.append(UnsafeRawBufferPointer(start: start, count: tensor.byteCount))
        case .bytes(let bytes):
            try bytes.withUnsafeBytes { try output.append($0) }
        case .pointer(let buffer):
            try output.append(buffer)
        case .provider(let provider):
            try output.generate(byteCount: tensor.byteCount, alignment: tensor.dtype.byteWidth) { chunk, offset in
                do {
                    try provider(chunk, offset)
                } catch {
                    throw SafetensorsError.sourceFailed(path: path, name: tensor.name, message: "\(error)")
                }
            }
        }
    }

    private func checkedByteCount(name: String, dtype: SafetensorsDType, shape: [Int]) throws(SafetensorsError) -> Int {
        guard state == .open else { throw .writerClosed(path: path, state: state.rawValue) }
        guard !name.utf8.elementsEqual("__metadata__".utf8) else { throw .reservedName(path: path) }
        var count = dtype.byteWidth
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard dimension >= 0, !overflow else { throw .invalidShape(path: path, name: name, shape: shape) }
            count = product
        }
        return count
    }

    private func record(_ tensor: Pending) throws(SafetensorsError) {
        guard names.insert(tensor.name, at: pending.count) == nil else {
            throw .duplicateName(path: path, name: tensor.name)
        }
        pending.append(tensor)
    }
}
