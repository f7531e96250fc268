/// Where one tensor lives in a safetensors file and what it holds.
///
/// ```swift
/// let info = try file.info("area.v")
/// info.dtype       // .float32
/// info.shape       // [64, 64]
/// info.byteRange   // absolute byte positions in the file, e.g. 128..<16512
/// ```
public struct SafetensorsTensorInfo: Equatable, Sendable {
    /// The tensor's name (the header key).
    public let name: String
    /// The element type.
    public let dtype: SafetensorsDType
    /// Dimensions, slowest first (`[]` for a scalar).
    public let shape: [Int]
    /// `data_offsets` as written in the header: relative to the start of the data section.
    public let dataOffsets: Range<Int>
    /// The same bytes as absolute positions in the file.
    public let byteRange: Range<Int>

    /// Number of elements (1 for a scalar, 0 when a dimension is 0).
    public var elementCount: Int { shape.reduce(1, *) }
    /// Number of bytes.
    public var byteCount: Int { dataOffsets.count }
}
