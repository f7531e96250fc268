/// Sequential output to a file through one reusable buffer of at most 8 MB: small pieces are
/// gathered into few system calls, large pieces already in memory are written straight from
/// where they are, and generated pieces are produced into the buffer chunk by chunk.
struct ChunkedFileOutput {
    /// Buffer size for large outputs.
    static let maximumCapacity = 8 << 20
    /// A generator is never handed a chunk smaller than this (unless less remains).
    static let minimumGeneratedChunk = 64 << 10

    let descriptor: FileDescriptor
    private let buffer: UnsafeMutableRawBufferPointer
    private var used = 0

    /// A buffer big enough for `expectedBytes` (at most 8 MB), zero-filled so output never
    /// depends on stale memory.
    init(descriptor: FileDescriptor, expectedBytes: Int) {
        self.descriptor = descriptor
        let capacity = Swift.max(64, Swift.min(ChunkedFileOutput.maximumCapacity, (expectedBytes + 63) & ~63))
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
    }

    /// Frees the buffer (pending bytes are dropped; call ``flush()`` first).
    func deallocate() { buffer.deallocate() }

    /// Appends `bytes`: copied into the buffer when they fit, otherwise written directly.
    mutating func append(_ bytes: UnsafeRawBufferPointer) throws(FileError) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        if bytes.count > buffer.count - used {
            try flush()
            if bytes.count > buffer.count / 2 {
                try descriptor.writeAll(bytes)
                return
            }
        }
        (buffer.baseAddress! + used).copyMemory(from: source, byteCount: bytes.count)
        used += bytes.count
        if used == buffer.count { try flush() }
    }

    /// Appends `byteCount` bytes produced by `generate(chunk, offset)`, which must fill each
    /// `chunk` with the bytes at `offset…` of the piece. Chunks are at most 8 MB, start at
    /// addresses aligned to `alignment` and hold whole multiples of it.
    mutating func generate(byteCount: Int, alignment: Int,
                           _ generate: (UnsafeMutableRawBufferPointer, Int) throws -> Void) throws {
        var offset = 0
        while offset < byteCount {
            let remaining = byteCount - offset
            if used % alignment != 0 || buffer.count - used < Swift.min(remaining, ChunkedFileOutput.minimumGeneratedChunk) {
                try flush()
            }
            let room = (buffer.count - used) / alignment * alignment
            let length = Swift.min(remaining, room)
            try generate(UnsafeMutableRawBufferPointer(rebasing: buffer[used..<(used + length)]), offset)
            used += length
            offset += length
            if used == buffer.count { try flush() }
        }
    }

    /// Hands the buffered bytes to the operating system.
    mutating func flush() throws(FileError) {
        guard used > 0 else { return }
        let pending = UnsafeRawBufferPointer(rebasing: buffer[0..<used])
        used = 0
        try descriptor.writeAll(pending)
    }
}
