import Glibc
import Testing
@testable import SpatiumRuntime

@Suite("Safetensors validation of corrupt and foreign files")
struct SafetensorsValidationTests {
    /// Writes `bytes` to a file and returns the problem reported when opening it (or nil).
    static func problem(of bytes: [UInt8], in directory: String, name: String = "bad.safetensors") -> (SafetensorsFormatProblem?, String) {
        let path = directory + "/" + name
        IOTestSupport.writeFile(path, bytes)
        do {
            _ = try SafetensorsFile(path: path)
            return (nil, "")
        } catch {
            guard case .invalidFile(let reportedPath, let problem) = error else { return (nil, error.description) }
            #expect(reportedPath == path)
            #expect(error.description.hasPrefix("'\(path)' is not a valid safetensors file: "))
            return (problem, error.description)
        }
    }

    static func file(_ json: String, data: [UInt8] = []) -> [UInt8] {
        IOTestSupport.headerBytes(json) + data
    }

    @Test("files shorter than 8 bytes")
    func tooShort() {
        IOTestSupport.withTemporaryDirectory { directory in
            for size in [0, 1, 7] {
                let (problem, message) = Self.problem(of: [UInt8](repeating: 0, count: size), in: directory)
                #expect(problem == .fileTooShort(size: size))
                #expect(message.contains("fewer than the 8-byte header length"))
            }
        }
    }

    @Test("header length over 100 MB, or past the end of the file")
    func headerLength() {
        IOTestSupport.withTemporaryDirectory { directory in
            var (problem, message) = Self.problem(of: IOTestSupport.bytes([UInt64(100_000_001)]) + Array("{}      ".utf8), in: directory)
            #expect(problem == .headerTooLarge(length: 100_000_001, limit: 100_000_000))
            #expect(message.contains("exceeds the 100000000-byte limit"))
            (problem, _) = Self.problem(of: IOTestSupport.bytes([UInt64.max]) + Array("{}".utf8), in: directory)
            #expect(problem == .headerTooLarge(length: UInt64.max, limit: 100_000_000))
            (problem, message) = Self.problem(of: IOTestSupport.bytes([UInt64(100)]) + Array("{}        ".utf8), in: directory)
            #expect(problem == .headerBeyondFile(length: 100, fileSize: 18))
            #expect(message.contains("runs past the end of the 18-byte file"))
        }
    }

    @Test("header that is not JSON, or not an object")
    func notJSON() {
        IOTestSupport.withTemporaryDirectory { directory in
            /// The JSON error inside `.headerNotJSON`.
            func json(_ problem: SafetensorsFormatProblem?) -> JSONError? {
                if case .headerNotJSON(let error) = problem { return error }
                return nil
            }
            var (problem, message) = Self.problem(of: Self.file(#"{"a":"#), in: directory)
            // The 5-byte header is padded with spaces to 8, so the text ends at byte 8.
            #expect(json(problem)?.kind == .syntax && json(problem)?.offset == 8)
            #expect(message.contains("not valid JSON at header byte 8 (file byte 16): unexpected end of input: expected a value"))
            (problem, _) = Self.problem(of: Self.file("{} x"), in: directory)
            #expect(json(problem)?.offset == 3 && json(problem)?.message == "unexpected 'x' after the end of the JSON value")
            (problem, _) = Self.problem(of: IOTestSupport.bytes([UInt64(8)]) + [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D, 0x20], in: directory)
            #expect(json(problem)?.kind == .invalidUnicode && json(problem)?.offset == 2)
            (problem, message) = Self.problem(of: Self.file("[1]"), in: directory)
            #expect(problem == .headerNotObject(found: "'['"))
            #expect(message.contains("must be a JSON object"))
            (problem, _) = Self.problem(of: Self.file(" {}"), in: directory)
            #expect(problem == .headerNotObject(found: "' '"))
            (problem, _) = Self.problem(of: IOTestSupport.bytes([UInt64(0)]), in: directory)
            #expect(problem == .headerNotObject(found: "an empty header"))
            (problem, message) = Self.problem(of: Self.file(#"{"a":{"dtype":"U8","shape":[0],"data_offsets":[0,0]},"a":{}}"#), in: directory)
            #expect(json(problem)?.kind == .duplicateKey("a") && json(problem)?.offset == 53)
            #expect(message.contains("duplicate key \"a\""))
        }
    }

    @Test("entries with missing, extra or mistyped fields")
    func malformedEntries() {
        IOTestSupport.withTemporaryDirectory { directory in
            let cases: [(String, SafetensorsFormatProblem, String)] = [
                (#"{"t":1}"#, .entryNotObject(tensor: "t", found: "the number 1"), "entry must be an object"),
                (#"{"t":{"shape":[1],"data_offsets":[0,1]}}"#, .missingField(tensor: "t", field: "dtype"), "missing \"dtype\""),
                (#"{"t":{"dtype":"U8","data_offsets":[0,1]}}"#, .missingField(tensor: "t", field: "shape"), "missing \"shape\""),
                (#"{"t":{"dtype":"U8","shape":[1]}}"#, .missingField(tensor: "t", field: "data_offsets"), "missing \"data_offsets\""),
                (#"{"t":{"dtype":"U8","shape":[1],"data_offsets":[0,1],"x":0}}"#, .unexpectedField(tensor: "t", field: "x"), "unexpected key \"x\""),
                (#"{"t":{"dtype":5,"shape":[1],"data_offsets":[0,1]}}"#,
                 .wrongFieldType(tensor: "t", field: "dtype", expected: "a string", found: "the number 5"), "\"dtype\" must be a string"),
                (#"{"t":{"dtype":"U8","shape":"1","data_offsets":[0,1]}}"#,
                 .wrongFieldType(tensor: "t", field: "shape", expected: "an array of non-negative integers", found: "a string \"1\""), "\"shape\" must be"),
                (#"{"t":{"dtype":"U8","shape":[-1],"data_offsets":[0,1]}}"#,
                 .wrongFieldType(tensor: "t", field: "shape", expected: "an array of non-negative integers", found: "an array containing -1"), "containing -1"),
                (#"{"t":{"dtype":"U8","shape":[1.0],"data_offsets":[0,1]}}"#,
                 .wrongFieldType(tensor: "t", field: "shape", expected: "an array of non-negative integers", found: "an array containing 1.0"), "containing 1.0"),
                (#"{"t":{"dtype":"U8","shape":[1],"data_offsets":[1]}}"#,
                 .wrongFieldType(tensor: "t", field: "data_offsets", expected: "[begin, end] with two non-negative integers", found: "[1]"), "data_offsets"),
                (#"{"t":{"dtype":"U8","shape":[1],"data_offsets":[0,"1"]}}"#,
                 .wrongFieldType(tensor: "t", field: "data_offsets", expected: "[begin, end] with two non-negative integers", found: #"[0,"1"]"#), "data_offsets"),
                (#"{"t":{"dtype":"U8","shape":[1],"data_offsets":[-1,0]}}"#,
                 .wrongFieldType(tensor: "t", field: "data_offsets", expected: "[begin, end] with two non-negative integers", found: "[-1,0]"), "data_offsets"),
                (#"{"t":{"dtype":"F128","shape":[1],"data_offsets":[0,1]}}"#, .unknownDType(tensor: "t", dtype: "F128"), "unknown dtype \"F128\""),
                (#"{"t":{"dtype":"f32","shape":[1],"data_offsets":[0,4]}}"#, .unknownDType(tensor: "t", dtype: "f32"), "expected one of BOOL, U8"),
                (#"{"__metadata__":"x"}"#, .metadataNotObject(found: "a string \"x\""), "__metadata__ must be an object of strings"),
                (#"{"__metadata__":{"k":1}}"#, .metadataValueNotString(key: "k", found: "the number 1"), "__metadata__[\"k\"] must be a string"),
            ]
            for (json, expected, phrase) in cases {
                let (problem, message) = Self.problem(of: Self.file(json, data: [0]), in: directory)
                #expect(problem == expected, "\(json)")
                #expect(message.contains(phrase), "\(message) lacks \(phrase)")
            }
        }
    }

    @Test("sizes that do not match shape × width, and shapes that overflow")
    func sizeMismatch() {
        IOTestSupport.withTemporaryDirectory { directory in
            var (problem, message) = Self.problem(of: Self.file(#"{"t":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]), in: directory)
            #expect(problem == .sizeMismatch(tensor: "t", dtype: .float32, shape: [2], expected: 8, span: 4))
            #expect(message.contains("F32 [2] needs 8 bytes but data_offsets span 4"))
            (problem, message) = Self.problem(of: Self.file(#"{"t":{"dtype":"U8","shape":[4611686018427387904,4],"data_offsets":[0,4]}}"#), in: directory)
            #expect(problem == .shapeTooLarge(tensor: "t", shape: [1 << 62, 4]))
            #expect(message.contains("too large"))
            (problem, _) = Self.problem(of: Self.file(#"{"t":{"dtype":"F64","shape":[2305843009213693952],"data_offsets":[0,4]}}"#), in: directory)
            #expect(problem == .shapeTooLarge(tensor: "t", shape: [1 << 61]))
        }
    }

    @Test("offsets reversed, beyond the data, overlapping, with gaps or trailing bytes")
    func offsets() {
        IOTestSupport.withTemporaryDirectory { directory in
            let two = #"{"a":{"dtype":"U8","shape":[%A],"data_offsets":[%B]},"b":{"dtype":"U8","shape":[%C],"data_offsets":[%D]}}"#
            func pair(_ a: String, _ aOffsets: String, _ b: String, _ bOffsets: String) -> String {
                two.replacingAll("%A", a).replacingAll("%B", aOffsets).replacingAll("%C", b).replacingAll("%D", bOffsets)
            }
            var (problem, message) = Self.problem(of: Self.file(#"{"t":{"dtype":"U8","shape":[0],"data_offsets":[4,0]}}"#, data: [0, 0, 0, 0]), in: directory)
            #expect(problem == .offsetsReversed(tensor: "t", begin: 4, end: 0))
            #expect(message.contains("end before they begin"))

            (problem, message) = Self.problem(of: Self.file(#"{"t":{"dtype":"U8","shape":[8],"data_offsets":[0,8]}}"#, data: [0, 0, 0]), in: directory)
            #expect(problem == .offsetsBeyondData(tensor: "t", end: 8, dataSize: 3))
            #expect(message.contains("ends at data byte 8 but the data section has only 3 bytes"))

            (problem, _) = Self.problem(of: Self.file(#"{"t":{"dtype":"U8","shape":[1],"data_offsets":[9223372036854775806,9223372036854775807]}}"#), in: directory)
            #expect(problem == .offsetsBeyondData(tensor: "t", end: Int.max, dataSize: 0))

            (problem, message) = Self.problem(of: Self.file(pair("8", "0,8", "8", "4,12"), data: [UInt8](repeating: 0, count: 12)), in: directory)
            #expect(problem == .overlap(tensor: "b", begin: 4, other: "a", otherEnd: 8))
            #expect(message.contains("inside tensor 'a'") && message.contains("overlap"))

            (problem, _) = Self.problem(of: Self.file(pair("4", "0,4", "4", "0,4"), data: [UInt8](repeating: 0, count: 4)), in: directory)
            #expect(problem == .overlap(tensor: "b", begin: 0, other: "a", otherEnd: 4))

            (problem, message) = Self.problem(of: Self.file(pair("4", "0,4", "4", "6,10"), data: [UInt8](repeating: 0, count: 10)), in: directory)
            #expect(problem == .gap(tensor: "b", begin: 6, previousEnd: 4))
            #expect(message.contains("data bytes 4..<6 before tensor 'b' belong to no tensor"))

            (problem, _) = Self.problem(of: Self.file(#"{"t":{"dtype":"U8","shape":[4],"data_offsets":[2,6]}}"#, data: [UInt8](repeating: 0, count: 6)), in: directory)
            #expect(problem == .gap(tensor: "t", begin: 2, previousEnd: 0))

            (problem, message) = Self.problem(of: Self.file(#"{"t":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}"#, data: [1, 2, 3, 4, 5]), in: directory)
            #expect(problem == .trailingData(bytes: 3, dataEnd: 2))
            #expect(message.contains("3 bytes of trailing data"))

            (problem, _) = Self.problem(of: Self.file("{}", data: [1]), in: directory)
            #expect(problem == .trailingData(bytes: 1, dataEnd: 0))

            // Zero-size tensors may share an offset with the next tensor; header order does not matter.
            (problem, _) = Self.problem(of: Self.file(pair("2", "0,2", "0", "0,0"), data: [1, 2]), in: directory)
            #expect(problem == nil)
            (problem, _) = Self.problem(of: Self.file(pair("2", "2,4", "2", "0,2"), data: [1, 2, 3, 4]), in: directory)
            #expect(problem == nil)
        }
    }

    @Test("a valid file cut short or extended is refused; the error names the file")
    func truncatedAndExtended() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/good.safetensors"
            let writer = try SafetensorsWriter(path: path)
            try writer.add(name: "v", tensor: Tensor(values: [Float](repeating: 1, count: 100)))
            try writer.add(name: "w", tensor: Tensor(values: [Int64](repeating: 2, count: 10)))
            try writer.finish()
            let good = try #require(IOTestSupport.readFile(path))
            let file = try SafetensorsFile(path: path)
            let dataSize = good.count - file.dataStart
            var (problem, _) = Self.problem(of: Array(good.dropLast()), in: directory)
            #expect(problem == .offsetsBeyondData(tensor: "v", end: dataSize, dataSize: dataSize - 1))
            (problem, _) = Self.problem(of: Array(good.prefix(file.dataStart)), in: directory)
            #expect(problem == .offsetsBeyondData(tensor: "w", end: 80, dataSize: 0))
            (problem, _) = Self.problem(of: Array(good.prefix(20)), in: directory)
            #expect(problem == .headerBeyondFile(length: UInt64(file.headerLength), fileSize: 20))
            (problem, _) = Self.problem(of: good + [0], in: directory)
            #expect(problem == .trailingData(bytes: 1, dataEnd: dataSize))
        }
    }

    @Test("missing files, directories and unreadable paths are file errors")
    func fileErrors() {
        IOTestSupport.withTemporaryDirectory { directory in
            #expect(throws: SafetensorsError.file(.systemCall(operation: "open", path: directory + "/none", code: ENOENT))) {
                try SafetensorsFile(path: directory + "/none")
            }
            #expect(throws: SafetensorsError.file(.notRegularFile(path: directory))) { try SafetensorsFile(path: directory) }
            let fifo = directory + "/fifo"
            #expect(mkfifo(fifo, 0o644) == 0)
            #expect(throws: SafetensorsError.file(.notRegularFile(path: fifo))) { try SafetensorsFile(path: fifo) }
            let message = SafetensorsError.file(.systemCall(operation: "open", path: "/x/none", code: ENOENT)).description
            #expect(message == "could not open '/x/none': No such file or directory (errno 2)")
        }
    }
}

extension String {
    /// Replaces every occurrence of `target` (tests only; no Foundation).
    func replacingAll(_ target: String, _ replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
