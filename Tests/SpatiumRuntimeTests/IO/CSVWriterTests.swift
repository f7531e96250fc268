import Glibc
import Testing
@testable import SpatiumRuntime

@Suite("CSV writer")
struct CSVWriterTests {
    static func text(_ path: String) -> String {
        String(decoding: IOTestSupport.readFile(path) ?? [], as: UTF8.self)
    }

    @Test("fields are quoted per RFC 4180 when they need it")
    func quoting() {
        let cases: [(String, String)] = [
            ("plain", "plain"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("line\nbreak", "\"line\nbreak\""),
            ("cr\rhere", "\"cr\rhere\""),
            (" leading", "\" leading\""),
            ("trailing ", "\"trailing \""),
            ("\ttab", "\"\ttab\""),
            ("in side", "in side"),
            ("", ""),
            ("é🧠", "é🧠"),
            ("\"", "\"\"\"\""),
        ]
        for (input, expected) in cases {
            #expect(CSVValue.string(input).field == expected, "\(input)")
        }
    }

    @Test("floats print shortest round-trip text, with nan/inf spelled for pandas")
    func floats() {
        let doubles: [(Double, String)] = [
            (0.1, "0.1"), (1e-7, "1e-07"), (1e300, "1e+300"), (.nan, "nan"), (-.nan, "nan"), (.signalingNaN, "nan"),
            (.infinity, "inf"), (-.infinity, "-inf"), (-0.0, "-0.0"), (2.0, "2.0"), (0.30000000000000004, "0.30000000000000004"),
            (123456789.125, "123456789.125"), (.leastNonzeroMagnitude, "5e-324"), (.greatestFiniteMagnitude, "1.7976931348623157e+308"),
        ]
        for (value, expected) in doubles {
            #expect(CSVValue.double(value).field == expected, "\(value)")
            if !value.isNaN { #expect(Double(CSVValue.double(value).field) == value) }
        }
        let floats: [(Float, String)] = [(0.1, "0.1"), (1.0 / 3.0, "0.33333334"), (.nan, "nan"), (-.infinity, "-inf"), (16_777_216, "16777216.0")]
        for (value, expected) in floats {
            #expect(CSVValue.float(value).field == expected, "\(value)")
        }
    }

    @Test("integers, booleans and empty values")
    func otherValues() {
        #expect(CSVValue.integer(Int64.min).field == "-9223372036854775808")
        #expect(CSVValue.integer(Int64.max).field == "9223372036854775807")
        #expect(CSVValue.integer(0).field == "0")
        #expect(CSVValue.integer(-7).field == "-7")
        #expect(CSVValue(42).field == "42")
        #expect(CSVValue.bool(true).field == "true")
        #expect(CSVValue.bool(false).field == "false")
        #expect(CSVValue.empty.field == "")
        let literal: CSVValue = nil
        #expect(literal == .empty)
        #expect(CSVValue(Float(0.1)) == .float(0.1))
    }

    @Test("named and positional rows with a header, \\n line ends")
    func rows() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/metrics.csv"
            let csv = try CSVWriter(path: path, columns: ["burst", "area name", "rate", "ok", "note, quoted"])
            try csv.row(["burst": 1, "area name": "v1", "rate": 0.25, "ok": true, "note, quoted": nil])
            try csv.row([2, "v,2", .float(0.1), false, "x"])
            try csv.row(["note, quoted": "last", "ok": .empty, "rate": .double(.nan), "area name": " pad ", "burst": .integer(-3)])
            #expect(csv.rowCount == 3)
            try csv.close()
            #expect(Self.text(path) == """
            burst,area name,rate,ok,"note, quoted"
            1,v1,0.25,true,
            2,"v,2",0.1,false,x
            -3," pad ",nan,,last

            """)
            #expect(throws: CSVError.closed(path: path)) { try csv.row([1, 2, 3, 4, 5]) }
        }
    }

    @Test("unknown and missing columns are errors naming them; the row is not written")
    func columnErrors() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/errors.csv"
            let csv = try CSVWriter(path: path, columns: ["burst", "rate", "area"])
            #expect(throws: CSVError.unknownColumns(path: path, names: ["rte", "zzz"], columns: ["burst", "rate", "area"])) {
                try csv.row(["burst": 1, "rte": 0.5, "area": "v1", "zzz": 1])
            }
            #expect(throws: CSVError.missingColumns(path: path, names: ["rate", "area"])) { try csv.row(["burst": 1]) }
            #expect(throws: CSVError.wrongFieldCount(path: path, expected: 3, got: 2)) { try csv.row([1, 2]) }
            try csv.row(["burst": 1, "rate": 0.5, "area": "v1"])
            try csv.close()
            #expect(Self.text(path) == "burst,rate,area\n1,0.5,v1\n")
            let message = CSVError.unknownColumns(path: path, names: ["rte"], columns: ["burst", "rate"]).description
            #expect(message == "\(path): unknown column(s) rte (columns: burst, rate)")
            #expect(CSVError.missingColumns(path: path, names: ["rate"]).description.contains("missing column(s) rate"))

            #expect(throws: CSVError.noColumns(path: path)) { try CSVWriter(path: path, columns: []) }
            #expect(throws: CSVError.invalidColumn(path: path, name: "a", reason: "appears more than once")) {
                try CSVWriter(path: path, columns: ["a", "b", "a"])
            }
            #expect(throws: CSVError.invalidColumn(path: path, name: "", reason: "is empty")) { try CSVWriter(path: path, columns: [""]) }
        }
    }

    @Test("a lone empty field is written as \"\" so the row is not a blank line")
    func singleColumnEmpty() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/one.csv"
            let csv = try CSVWriter(path: path, columns: ["value"])
            try csv.row([.empty])
            try csv.row([.string("")])
            try csv.row([3])
            try csv.close()
            #expect(Self.text(path) == "value\n\"\"\n\"\"\n3\n")
        }
    }

    @Test("the file only ever holds whole rows; flush makes rows visible")
    func wholeRows() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/rows.csv"
            let csv = try CSVWriter(path: path, columns: ["burst", "text"])
            #expect(IOTestSupport.fileSize(path) == 0)   // header still buffered
            var flushedOnce = false
            for burst in 0..<5000 {
                try csv.row([.integer(Int64(burst)), .string(String(repeating: "x", count: burst % 37) + ",y")])
                let bytes = IOTestSupport.readFile(path) ?? []
                if !bytes.isEmpty {
                    flushedOnce = true
                    #expect(bytes.last == UInt8(ascii: "\n"), "torn row after burst \(burst)")
                }
            }
            #expect(flushedOnce)
            try csv.flush()
            let lines = Self.text(path).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 5002)   // header, 5000 rows, empty after the last \n
            #expect(lines[5000].hasPrefix("4999,"))
            try csv.close()
        }
    }

    @Test("dropping a writer flushes its rows")
    func deinitFlushes() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/dropped.csv"
            do {
                let csv = try CSVWriter(path: path, columns: ["a"])
                try csv.row([1])
            }
            #expect(Self.text(path) == "a\n1\n")
        }
    }

    @Test("appending checks the header row and the last line end")
    func append() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/append.csv"
            let first = try CSVWriter(path: path, columns: ["burst", "rate"], mode: .append)   // no file yet: header written
            try first.row([1, 0.5])
            try first.close()
            let second = try CSVWriter(path: path, columns: ["burst", "rate"], mode: .append)
            try second.row([2, 0.75])
            try second.close()
            #expect(Self.text(path) == "burst,rate\n1,0.5\n2,0.75\n")

            #expect(throws: CSVError.headerMismatch(path: path, expected: "burst,area", found: "burst,rate")) {
                try CSVWriter(path: path, columns: ["burst", "area"], mode: .append)
            }
            IOTestSupport.writeFile(path, Array("burst,rate\n1,0.5\n2,0.".utf8))
            #expect(throws: CSVError.incompleteLastRow(path: path)) {
                try CSVWriter(path: path, columns: ["burst", "rate"], mode: .append)
            }
            let replaced = try CSVWriter(path: path, columns: ["x"])   // .create replaces
            try replaced.close()
            #expect(Self.text(path) == "x\n")
        }
    }

    @Test("a full device is reported as disk full with the path")
    func diskFull() throws {
        guard IOTestSupport.fileExists("/dev/full") else { return }
        let csv = try CSVWriter(path: "/dev/full", columns: ["a"])
        try csv.row([1])
        #expect(throws: CSVError.file(.diskFull(path: "/dev/full", needed: nil, available: nil))) { try csv.flush() }
        #expect(CSVError.file(.diskFull(path: "/dev/full", needed: nil, available: nil)).description
            == "no space left on device for '/dev/full'")
    }

    @Test("a missing directory is reported with the path")
    func missingDirectory() {
        #expect(throws: CSVError.file(.systemCall(operation: "open", path: "/nonexistent-dir/m.csv", code: ENOENT))) {
            try CSVWriter(path: "/nonexistent-dir/m.csv", columns: ["a"])
        }
    }
}
