#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Persistent worker threads for ``ParallelWork``: a burst runs two short parallel regions
/// (delivery, update) of a fraction of a millisecond each, so waking threads through the
/// system's pool on every region costs more than the work saves. Workers spin for a short
/// while after a region (the next one usually follows within microseconds) and then sleep on
/// a condition variable. The calling thread is worker 0.
///
/// ```swift
/// WorkerPool.shared?.run(workers: 2) { worker in process(chunk: worker) }   // false: not enough threads
/// ```
final class WorkerPool: @unchecked Sendable {
    /// One pool per process with one thread fewer than the online cores (nil on one core).
    static let shared: WorkerPool? = {
        let cores = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        return cores > 1 ? WorkerPool(threads: cores - 1) : nil
    }()

    /// Spins before sleeping (each a `sched_yield`-free busy check, roughly 50–100 µs in all).
    static let spinLimit = 20_000

    let threadCount: Int
    private let generation = Atomic<Int>(0)
    private let remaining = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    /// The region being run and how many workers it has (written before `generation` moves).
    private nonisolated(unsafe) var job: ((Int) -> Void)?
    private nonisolated(unsafe) var jobWorkers = 0

    private init(threads: Int) {
        threadCount = threads
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&condition, nil)
        for index in 1...threads {
            let context = Unmanaged.passRetained(Context(pool: self, index: index)).toOpaque()
            var thread = pthread_t()
            pthread_create(&thread, nil, { raw in
                let context = Unmanaged<Context>.fromOpaque(raw!).takeRetainedValue()
                context.pool.work(index: context.index)
                return nil
            }, context)
            pthread_detach(thread)
        }
    }

    private final class Context {
        let pool: WorkerPool
        let index: Int
        init(pool: WorkerPool, index: Int) {
            self.pool = pool
            self.index = index
        }
    }

    /// Runs `body(0..<workers)` with the calling thread as worker 0 and waits; returns false
    /// (running nothing) if the pool has too few threads or is already running a region.
    func run(workers: Int, _ body: (Int) -> Void) -> Bool {
        guard workers - 1 <= threadCount,
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        defer { busy.store(false, ordering: .releasing) }
        withoutActuallyEscaping(body) { escapable in
            job = escapable
            jobWorkers = workers
            remaining.store(workers - 1, ordering: .relaxed)
            generation.add(1, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(&mutex)
                pthread_cond_broadcast(&condition)
                pthread_mutex_unlock(&mutex)
            }
            escapable(0)
            while remaining.load(ordering: .acquiring) > 0 {}
            job = nil
        }
        return true
    }

    private func work(index: Int) {
        // The generation the pool was created with: a region published before this thread got
        // here must still be seen as new.
        var seen = 0
        while true {
            var spins = 0
            var current = generation.load(ordering: .acquiring)
            while current == seen {
                spins += 1
                if spins > WorkerPool.spinLimit {
                    sleepers.add(1, ordering: .sequentiallyConsistent)
                    pthread_mutex_lock(&mutex)
                    while generation.load(ordering: .sequentiallyConsistent) == seen {
                        pthread_cond_wait(&condition, &mutex)
                    }
                    pthread_mutex_unlock(&mutex)
                    sleepers.subtract(1, ordering: .sequentiallyConsistent)
                    spins = 0
                }
                current = generation.load(ordering: .acquiring)
            }
            seen = current
            if index < jobWorkers {
                runJob(index)
                remaining.subtract(1, ordering: .releasing)
            }
        }
    }

    /// Calls the published region; its own frame, so that this thread's reference to the
    /// closure is gone before `remaining` tells the caller the region is done (the caller's
    /// `withoutActuallyEscaping` checks that nothing kept it).
    @inline(never)
    private func runJob(_ index: Int) {
        job?(index)
    }
}
