import Dispatch

/// Runs `body(worker)` for `workers` workers and waits: on the process's ``WorkerPool``
/// (persistent, spinning briefly between regions) when it has the threads and is free, else on
/// the system's thread pool.
///
/// Callers guarantee that workers touch disjoint memory (each owns a range of neurons), which
/// is what makes this safe; the closure is therefore not required to be `@Sendable`.
///
/// ```swift
/// ParallelWork.run(workers: 2) { worker in process(chunk: worker) }
/// ```
public enum ParallelWork {
    public static func run(workers: Int, _ body: (Int) -> Void) {
        if workers <= 1 {
            body(0)
            return
        }
        if let pool = WorkerPool.shared, pool.run(workers: workers, body) { return }
        withoutActuallyEscaping(body) { escapable in
            let shared = unsafeBitCast(escapable, to: (@Sendable (Int) -> Void).self)
            DispatchQueue.concurrentPerform(iterations: workers, execute: shared)
        }
    }
}
