#if canImport(Glibc)
import Glibc
#endif

/// An open safetensors file: the header is read and validated when it opens; tensors are
/// read on demand with `pread`, straight into their destination (reading a 1 GB tensor needs
/// 1 GB of memory, not 2).
///
/// Opening refuses, with a message naming the file and the problem: files shorter than 8
/// bytes, a header length over 100 MB or past the end of the file, a header that is not a
/// JSON object, entries with missing, extra or mistyped fields, unknown dtypes, sizes that do
/// not match shape × width, offsets that overlap, leave gaps or do not cover the data section
/// exactly (truncated files, trailing bytes), and a `__metadata__` that is not string → string.
///
/// ```swift
/// let file = try SafetensorsFile(path: "run/burst-100.safetensors")
/// file.tensorNames                       // in data order
/// file.metadata["spatium.format"]        // "1"
/// let v = try file.read("area.v")        // a Tensor (F32, F64, I32, I64, U8)
/// let h = try file.readRaw("half")       // raw little-endian bytes, any dtype
/// ```
public final class SafetensorsFile: @unchecked Sendable {
    /// The path the file was opened from.
    public let path: String
    /// Size of the file in bytes when it was opened.
    public let fileSize: Int
    /// Length of the JSON header (including padding).
    public let headerLength: Int
    /// Every tensor, in data order.
    public let tensors: [SafetensorsTensorInfo]
    /// `__metadata__` (empty when the file has none).
    public let metadata: [String: String]

    private let descriptor: FileDescriptor
    private let index: NameIndex

    /// Opens and validates the file at `path`.
    public init(path: String) throws(SafetensorsError) {
        self.path = path
        let descriptor: FileDescriptor
        // O_NONBLOCK: opening a FIFO must not hang; it is then refused as not a regular file.
        do throws(FileError) { descriptor = try FileDescriptor.open(path, flags: O_RDONLY | O_NONBLOCK) } catch { throw .file(error) }
        let size: Int
        let headerLength: Int
        let header: SafetensorsHeader
        do throws(SafetensorsError) {
            (size, headerLength, header) = try SafetensorsFile.load(descriptor, path: path)
        } catch {
            try? descriptor.close()
            throw error
        }
        var index = NameIndex()
        for (position, tensor) in header.tensors.enumerated() { _ = index.insert(tensor.name, at: position) }
        self.fileSize = size
        self.headerLength = headerLength
        self.tensors = header.tensors
        self.metadata = header.metadata
        self.index = index
        self.descriptor = descriptor
    }

    /// Reads and validates the header: returns the file size, the header length and the header.
    private static func load(_ descriptor: FileDescriptor, path: String) throws(SafetensorsError) -> (Int, Int, SafetensorsHeader) {
        func system<T>(_ body: () throws(FileError) -> T) throws(SafetensorsError) -> T {
            do { return try body() } catch { throw .file(error) }
        }
        let status = try system { () throws(FileError) in try descriptor.status() }
        guard status.st_mode & S_IFMT == S_IFREG else { throw .file(.notRegularFile(path: path)) }
        let size = Int(status.st_size)
        guard size >= 8 else { throw .invalidFile(path: path, problem: .fileTooShort(size: size)) }
        let lengthBytes = try system { () throws(FileError) in try descriptor.readBytes(count: 8, at: 0) }
        let length = lengthBytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard length <= UInt64(SafetensorsHeader.maximumLength) else {
            throw .invalidFile(path: path, problem: .headerTooLarge(length: length, limit: SafetensorsHeader.maximumLength))
        }
        guard length <= UInt64(size - 8) else {
            throw .invalidFile(path: path, problem: .headerBeyondFile(length: length, fileSize: size))
        }
        let headerLength = Int(length)
        let headerBytes = try system { () throws(FileError) in try descriptor.readBytes(count: headerLength, at: 8) }
        let decoded: Result<SafetensorsHeader, SafetensorsFormatProblem> = headerBytes.withUnsafeBytes { buffer in
            Result { () throws(SafetensorsFormatProblem) in
                try SafetensorsHeader.decode(buffer, dataStart: 8 + headerLength, dataSize: size - 8 - headerLength)
            }
        }
        switch decoded {
        case .success(let header): return (size, headerLength, header)
        case .failure(let problem): throw .invalidFile(path: path, problem: problem)
        }
    }

    deinit { try? descriptor.close() }

    /// Byte position of the data section (8 + ``headerLength``).
    public var dataStart: Int { 8 + headerLength }

    /// Tensor names in data order.
    public var tensorNames: [String] { tensors.map(\.name) }

    /// Whether a tensor has this exact name.
    public func contains(_ name: String) -> Bool { index[name] != nil }

    /// The dtype, shape and position of tensor `name`.
    public func info(_ name: String) throws(SafetensorsError) -> SafetensorsTensorInfo {
        guard let position = index[name] else { throw .tensorNotFound(path: path, name: name) }
        return tensors[position]
    }

    /// Reads tensor `name` into a new ``Tensor`` (dtypes F32, F64, I32, I64, U8).
    public func read(_ name: String) throws(SafetensorsError) -> Tensor {
        let tensor = try info(name)
        guard let type = tensor.dtype.tensorDType else {
            throw .notTensorCompatible(path: path, name: name, dtype: tensor.dtype)
        }
        // The read overwrites every byte, so the memory is not zero-filled first (the header
        // check guarantees the shape is valid).
        let storage = TensorStorage(uninitializedDType: type, count: tensor.elementCount)
        try readBytes(tensor, into: UnsafeMutableRawBufferPointer(start: storage.base, count: tensor.byteCount))
        return Tensor(storage: storage, offset: 0, shape: tensor.shape)
    }

    /// Reads the little-endian bytes of tensor `name` (any dtype) into `buffer`, which must
    /// hold exactly the tensor's byte count.
    public func readBytes(_ name: String, into buffer: UnsafeMutableRawBufferPointer) throws(SafetensorsError) {
        let tensor = try info(name)
        guard buffer.count == tensor.byteCount else {
            throw .bufferSizeMismatch(path: path, name: name, expected: tensor.byteCount, got: buffer.count)
        }
        try readBytes(tensor, into: buffer)
    }

    /// The little-endian bytes of tensor `name` (any dtype).
    public func readRaw(_ name: String) throws(SafetensorsError) -> [UInt8] {
        let tensor = try info(name)
        var failure: SafetensorsError?
        let bytes = [UInt8](unsafeUninitializedCapacity: tensor.byteCount) { buffer, initialized in
            do throws(SafetensorsError) {
                try readBytes(tensor, into: UnsafeMutableRawBufferPointer(buffer))
                initialized = tensor.byteCount
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return bytes
    }

    private func readBytes(_ tensor: SafetensorsTensorInfo, into buffer: UnsafeMutableRawBufferPointer) throws(SafetensorsError) {
        guard tensor.byteCount > 0 else { return }
        do throws(FileError) { try descriptor.readExactly(into: buffer, at: tensor.byteRange.lowerBound) } catch { throw .file(error) }
    }
}

/// The reading side of safetensors files (same type as ``SafetensorsFile``).
public typealias SafetensorsReader = SafetensorsFile
