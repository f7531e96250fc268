import Glibc
import Testing
@testable import SpatiumRuntime

struct ProviderFailure: Error, CustomStringConvertible {
    var description: String { "simulated provider failure" }
}

@Suite("Safetensors streaming, interruption and failure", .serialized)
struct SafetensorsStreamingTests {
    @Test("a writer dropped or cancelled before finish leaves neither the final file nor a temporary file")
    func interruptedWriter() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/dropped.safetensors"
            do {
                let writer = try SafetensorsWriter(path: path)
                try writer.add(name: "x", tensor: Tensor(values: [1, 2, 3] as [Float]))
                #expect(IOTestSupport.fileExists(writer.temporaryPath))
                #expect(writer.temporaryPath.hasPrefix(directory + "/.dropped.safetensors.tmp-\(getpid())-"))
            }
            #expect(IOTestSupport.entries(of: directory).isEmpty)

            let cancelled = try SafetensorsWriter(path: path)
            try cancelled.add(name: "x", tensor: Tensor(values: [1, 2, 3] as [Float]))
            cancelled.cancel()
            #expect(IOTestSupport.entries(of: directory).isEmpty)
            #expect(throws: SafetensorsError.writerClosed(path: path, state: "cancelled")) { try cancelled.finish() }
        }
    }

    @Test("a provider failing mid-file aborts the write; an older file at the path survives untouched")
    func providerFailure() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/snapshot.safetensors"
            let old = Array("previous snapshot".utf8)
            IOTestSupport.writeFile(path, old)
            let writer = try SafetensorsWriter(path: path)
            try writer.add(name: "big", dtype: .float32, shape: [6 << 20]) { chunk, offset in
                if offset >= 12 << 20 { throw ProviderFailure() }
                chunk.initializeMemory(as: UInt8.self, repeating: 7)
            }
            do throws(SafetensorsError) {
                try writer.finish()
                Issue.record("finish should have failed")
            } catch {
                #expect(error == .sourceFailed(path: path, name: "big", message: "simulated provider failure"))
                #expect(error.description.contains("'big'") && error.description.contains(path))
            }
            #expect(IOTestSupport.entries(of: directory) == ["snapshot.safetensors"])
            #expect(IOTestSupport.readFile(path) == old)
            #expect(throws: SafetensorsError.writerClosed(path: path, state: "failed")) { try writer.finish() }
        }
    }

    @Test("providers get ordered chunks of at most 8 MB, aligned to the element width")
    func providerChunks() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/chunks.safetensors"
            var calls: [(Int, Int, Int)] = []   // (offset, count, address % 8)
            let writer = try SafetensorsWriter(path: path)
            try writer.add(name: "odd", dtype: .uint8, shape: [3], bytes: [1, 2, 3])
            try writer.add(name: "wide", dtype: .float64, shape: [(20 << 20) / 8 + 3]) { chunk, offset in
                calls.append((offset, chunk.count, Int(bitPattern: chunk.baseAddress) % 8))
                let values = chunk.bindMemory(to: UInt64.self)
                for index in values.indices { values[index] = UInt64(offset / 8 + index) }
            }
            try writer.finish()
            let total = (20 << 20) + 24
            #expect(calls.count == 3)
            var expectedOffset = 0
            for (offset, count, misalignment) in calls {
                #expect(offset == expectedOffset)
                #expect(count > 0 && count <= 8 << 20 && count % 8 == 0)
                #expect(misalignment == 0)
                expectedOffset += count
            }
            #expect(expectedOffset == total)
            let file = try SafetensorsFile(path: path)
            let wide = try file.read("wide")
            let values = wide.buffer(of: Double.self)
            var wrong = 0
            for index in values.indices where values[index].bitPattern != UInt64(index) { wrong += 1 }
            #expect(wrong == 0)
            #expect(try file.readRaw("odd") == [1, 2, 3])
        }
    }

    @Test("not enough disk space is reported before writing, naming the final path")
    func diskFullBeforeWriting() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            var info = statvfs()
            #expect(statvfs(directory, &info) == 0)
            let available = Int(info.f_bavail) * Int(info.f_frsize)
            let path = directory + "/huge.safetensors"
            let writer = try SafetensorsWriter(path: path)
            // Larger than the free space; the provider refuses to run, so even a missed check
            // could write at most one chunk.
            try writer.add(name: "huge", dtype: .uint8, shape: [available + (1 << 30)]) { _, _ in throw ProviderFailure() }
            do throws(SafetensorsError) {
                try writer.finish()
                Issue.record("finish should have failed")
            } catch {
                guard case .file(.diskFull(let reported, let needed, _)) = error else {
                    Issue.record("expected diskFull, got \(error)")
                    return
                }
                #expect(reported == path)
                #expect(needed ?? 0 > available)
                #expect(error.description.hasPrefix("no space left on device for '\(path)' (needs "))
            }
            #expect(IOTestSupport.entries(of: directory).isEmpty)
        }
    }

    @Test("a write that hits a full device reports disk full with the path")
    func writeToFullDevice() throws {
        guard IOTestSupport.fileExists("/dev/full") else { return }
        let descriptor = try FileDescriptor.open("/dev/full", flags: O_WRONLY)
        defer { try? descriptor.close() }
        #expect(throws: FileError.diskFull(path: "/dev/full", needed: nil, available: nil)) {
            try descriptor.writeAll([1, 2, 3])
        }
    }

    /// Writes `megabytes` MB from a provider (never in memory as a whole), checks peak memory
    /// grows far less than the file, reads it back and checks every element.
    static func streamingRoundTrip(megabytes: Int) throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/stream.safetensors"
            let elements = megabytes << 18   // 4-byte elements
            let canMeasure = IOTestSupport.resetPeakMemory()
            let baseline = IOTestSupport.procStatus("VmRSS") ?? 0
            let writer = try SafetensorsWriter(path: path, metadata: ["spatium.format": "1"])
            try writer.add(name: "small", tensor: Tensor(values: [1, 2, 3] as [Int64]))
            try writer.add(name: "stream", dtype: .int32, shape: [elements / 1024, 1024]) { chunk, offset in
                let values = chunk.bindMemory(to: UInt32.self)
                let first = UInt32(truncatingIfNeeded: offset / 4)
                for index in 0..<values.count { values[index] = (first &+ UInt32(truncatingIfNeeded: index)) &* 2_654_435_761 }
            }
            try writer.finish()
            let peak = IOTestSupport.procStatus("VmHWM") ?? 0
            #expect(IOTestSupport.fileSize(path) > megabytes << 20)
            if canMeasure, baseline > 0 {
                let grownKB = peak - baseline
                // The file is `megabytes` MB; streaming uses one 8 MB buffer (allow noise from other tests).
                #expect(grownKB < Swift.max(32 << 10, (megabytes << 10) / 4), "peak grew by \(grownKB) kB writing \(megabytes) MB")
            }

            let readMeasured = IOTestSupport.resetPeakMemory()
            let readBaseline = IOTestSupport.procStatus("VmRSS") ?? 0
            let file = try SafetensorsFile(path: path)
            let tensor = try file.read("stream")
            let readPeak = IOTestSupport.procStatus("VmHWM") ?? 0
            if readMeasured, readBaseline > 0 {
                // Reading goes straight into the tensor: about 1x its size, never 2x.
                let grownKB = readPeak - readBaseline
                #expect(grownKB < (megabytes << 10) + (megabytes << 10) / 4 + (16 << 10), "peak grew by \(grownKB) kB reading \(megabytes) MB")
            }
            #expect(tensor.shape == [elements / 1024, 1024])
            let values = tensor.storage.base.bindMemory(to: UInt32.self, capacity: elements)
            var wrong = 0
            for index in 0..<elements where values[index] != UInt32(truncatingIfNeeded: index) &* 2_654_435_761 { wrong += 1 }
            #expect(wrong == 0)
            #expect(try file.read("small").array(of: Int64.self) == [1, 2, 3])
        }
    }

    @Test("a 64 MB file streams through a small buffer and reads back")
    func streaming64MB() throws {
        try Self.streamingRoundTrip(megabytes: 64)
    }

    @Test("a header over 100 MB is refused before writing (SPATIUM_HEAVY_TESTS=1)",
          .enabled(if: IOTestSupport.environment("SPATIUM_HEAVY_TESTS") == "1"))
    func headerTooLarge() throws {
        try IOTestSupport.withTemporaryDirectory { directory in
            let path = directory + "/meta.safetensors"
            let writer = try SafetensorsWriter(path: path, metadata: ["big": String(repeating: "x", count: 100_000_000)])
            do throws(SafetensorsError) {
                try writer.finish()
                Issue.record("finish should have failed")
            } catch {
                guard case .headerTooLarge(let reported, let length, 100_000_000) = error else {
                    Issue.record("unexpected \(error)")
                    return
                }
                #expect(reported == path && length > 100_000_000)
            }
            #expect(IOTestSupport.entries(of: directory).isEmpty)
        }
    }

    @Test("a 600 MB file streams with peak memory far below its size (SPATIUM_HEAVY_TESTS=1)",
          .enabled(if: IOTestSupport.environment("SPATIUM_HEAVY_TESTS") == "1"))
    func streaming600MB() throws {
        try Self.streamingRoundTrip(megabytes: 600)
    }
}
