/// The JSON header of a safetensors file: building it for the writer and validating it for
/// the reader.
///
/// Layout (as the reference implementation writes it): `__metadata__` first (keys sorted
/// here, for determinism), then tensors in data order, each
/// `{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}`; compact JSON padded with spaces to a
/// multiple of 8 bytes so the data section starts 8-byte aligned.
struct SafetensorsHeader {
    /// The reference implementation's cap on the header length.
    static let maximumLength = 100_000_000

    /// Tensors in data order.
    var tensors: [SafetensorsTensorInfo]
    /// `__metadata__` (empty when absent).
    var metadata: [String: String]

    /// The padded header bytes for `tensors` (in data order, offsets relative to the data
    /// section) and `metadata` (omitted when empty).
    static func encode(tensors: [(name: String, dtype: SafetensorsDType, shape: [Int], dataOffsets: Range<Int>)],
                       metadata: [String: String]) -> [UInt8] {
        var members = JSONObject()
        members.reserve(tensors.count + 1)
        if !metadata.isEmpty {
            let keys = metadata.keys.sorted(by: NameIndex.bytewiseLess)
            members.append("__metadata__", .object(JSONObject(keys.map { ($0, .string(metadata[$0]!)) })))
        }
        for tensor in tensors {
            let entry: JSONValue = .object([
                "dtype": .string(tensor.dtype.name),
                "shape": .array(tensor.shape.map { .integer(Int64($0)) }),
                "data_offsets": [.integer(Int64(tensor.dataOffsets.lowerBound)), .integer(Int64(tensor.dataOffsets.upperBound))],
            ])
            members.append(tensor.name, entry)
        }
        var bytes = JSONValue.object(members).encodedBytes()
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - bytes.count % 8) % 8))
        return bytes
    }

    /// Parses and validates header `bytes` for a file whose data section starts at `dataStart`
    /// and holds `dataSize` bytes: every entry well formed, sizes matching shapes, offsets
    /// contiguous from 0 and covering the data section exactly.
    static func decode(_ bytes: UnsafeRawBufferPointer, dataStart: Int, dataSize: Int) throws(SafetensorsFormatProblem) -> SafetensorsHeader {
        guard bytes.first == UInt8(ascii: "{") else {
            throw .headerNotObject(found: bytes.isEmpty ? "an empty header" : JSONParser.describe(bytes, at: 0))
        }
        let root: JSONValue
        do { root = try JSONParser.parse(bytes, options: .strict) } catch { throw .headerNotJSON(error) }
        guard case .object(let object) = root else { throw .headerNotObject(found: root.kindDescription) }

        var metadata: [String: String] = [:]
        var tensors: [SafetensorsTensorInfo] = []
        tensors.reserveCapacity(object.count)
        for (key, value) in object.members {
            if key.utf8.elementsEqual("__metadata__".utf8) {
                guard case .object(let pairs) = value else { throw .metadataNotObject(found: value.kindDescription) }
                for (metadataKey, metadataValue) in pairs.members {
                    guard case .string(let text) = metadataValue else {
                        throw .metadataValueNotString(key: metadataKey, found: metadataValue.kindDescription)
                    }
                    metadata[metadataKey] = text
                }
            } else {
                tensors.append(try decodeEntry(name: key, value, dataStart: dataStart, dataSize: dataSize))
            }
        }

        // Data order; a zero-size tensor sorts before a tensor starting at the same offset.
        tensors.sort { ($0.dataOffsets.lowerBound, $0.dataOffsets.upperBound) < ($1.dataOffsets.lowerBound, $1.dataOffsets.upperBound) }
        var expected = 0
        var previous: SafetensorsTensorInfo?
        for tensor in tensors {
            let begin = tensor.dataOffsets.lowerBound
            if begin > expected { throw .gap(tensor: tensor.name, begin: begin, previousEnd: expected) }
            if begin < expected, let previous {
                throw .overlap(tensor: tensor.name, begin: begin, other: previous.name, otherEnd: expected)
            }
            expected = tensor.dataOffsets.upperBound
            previous = tensor
        }
        if expected < dataSize { throw .trailingData(bytes: dataSize - expected, dataEnd: expected) }
        return SafetensorsHeader(tensors: tensors, metadata: metadata)
    }

    private static func decodeEntry(name: String, _ value: JSONValue, dataStart: Int, dataSize: Int) throws(SafetensorsFormatProblem) -> SafetensorsTensorInfo {
        guard case .object(let fields) = value else { throw .entryNotObject(tensor: name, found: value.kindDescription) }
        var dtypeValue: JSONValue?
        var shapeValue: JSONValue?
        var offsetsValue: JSONValue?
        for (field, fieldValue) in fields.members {
            switch field {
            case "dtype": dtypeValue = fieldValue
            case "shape": shapeValue = fieldValue
            case "data_offsets": offsetsValue = fieldValue
            default: throw .unexpectedField(tensor: name, field: field)
            }
        }
        guard let dtypeValue else { throw .missingField(tensor: name, field: "dtype") }
        guard let shapeValue else { throw .missingField(tensor: name, field: "shape") }
        guard let offsetsValue else { throw .missingField(tensor: name, field: "data_offsets") }

        guard case .string(let dtypeName) = dtypeValue else {
            throw .wrongFieldType(tensor: name, field: "dtype", expected: "a string", found: dtypeValue.kindDescription)
        }
        guard let dtype = SafetensorsDType(rawValue: dtypeName) else { throw .unknownDType(tensor: name, dtype: dtypeName) }

        guard case .array(let dimensions) = shapeValue else {
            throw .wrongFieldType(tensor: name, field: "shape", expected: "an array of non-negative integers", found: shapeValue.kindDescription)
        }
        var shape: [Int] = []
        shape.reserveCapacity(dimensions.count)
        for dimension in dimensions {
            guard case .integer(let size) = dimension, size >= 0 else {
                throw .wrongFieldType(tensor: name, field: "shape", expected: "an array of non-negative integers",
                                      found: "an array containing \(dimension.encoded())")
            }
            shape.append(Int(size))
        }

        guard case .array(let offsets) = offsetsValue, offsets.count == 2,
              case .integer(let begin) = offsets[0], case .integer(let end) = offsets[1], begin >= 0, end >= 0 else {
            throw .wrongFieldType(tensor: name, field: "data_offsets", expected: "[begin, end] with two non-negative integers",
                                  found: offsetsValue.encoded())
        }
        guard begin <= end else { throw .offsetsReversed(tensor: name, begin: Int(begin), end: Int(end)) }

        var elements = 1
        for size in shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: size)
            guard !overflow else { throw .shapeTooLarge(tensor: name, shape: shape) }
            elements = product
        }
        let (bytes, overflow) = elements.multipliedReportingOverflow(by: dtype.byteWidth)
        guard !overflow else { throw .shapeTooLarge(tensor: name, shape: shape) }
        let span = Int(end - begin)
        guard span == bytes else {
            throw .sizeMismatch(tensor: name, dtype: dtype, shape: shape, expected: bytes, span: span)
        }
        guard end <= dataSize else { throw .offsetsBeyondData(tensor: name, end: Int(end), dataSize: dataSize) }
        let dataOffsets = Int(begin)..<Int(end)
        return SafetensorsTensorInfo(name: name, dtype: dtype, shape: shape, dataOffsets: dataOffsets,
                                     byteRange: (dataStart + dataOffsets.lowerBound)..<(dataStart + dataOffsets.upperBound))
    }
}
