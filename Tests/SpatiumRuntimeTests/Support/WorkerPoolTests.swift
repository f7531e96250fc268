import Dispatch
import Synchronization
import Testing
@testable import SpatiumRuntime

@Suite struct WorkerPoolTests {
    final class Counts: @unchecked Sendable {
        var perWorker: [Int]
        init(_ workers: Int) { perWorker = [Int](repeating: 0, count: workers) }
    }

    final class Total: Sendable {
        let value = Atomic<Int>(0)
    }

    @Test("every worker runs exactly once per region, over many short regions")
    func everyWorkerOnce() {
        for workers in 1...4 {
            let counts = Counts(workers)
            for _ in 0..<2000 {
                ParallelWork.run(workers: workers) { worker in counts.perWorker[worker] += 1 }
            }
            #expect(counts.perWorker == [Int](repeating: 2000, count: workers))
        }
    }

    @Test("a region inside a region, and regions from several threads at once, still run every worker")
    func nestedAndConcurrent() {
        let counts = Counts(4)
        ParallelWork.run(workers: 2) { outer in
            ParallelWork.run(workers: 2) { inner in
                if outer == 0 { counts.perWorker[inner] += 1 } else { counts.perWorker[2 + inner] += 1 }
            }
        }
        #expect(counts.perWorker == [1, 1, 1, 1])

        let total = Total()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<500 {
                ParallelWork.run(workers: 2) { _ in total.value.add(1, ordering: .relaxed) }
            }
        }
        #expect(total.value.load(ordering: .relaxed) == 4 * 500 * 2)
    }
}
