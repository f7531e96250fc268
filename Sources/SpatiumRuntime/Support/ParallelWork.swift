import Dispatch

/// Runs `body(worker)` for `workers` workers on the system's thread pool and waits.
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
        withoutActuallyEscaping(body) { escapable in
            let shared = unsafeBitCast(escapable, to: (@Sendable (Int) -> Void).self)
            DispatchQueue.concurrentPerform(iterations: workers, execute: shared)
        }
    }
}
