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

    /// How long an idle worker spins before it sleeps: longer than the host work between two
    /// regions of a burst (collecting the fired set, observers), so a worker is awake when the
    /// next region starts. Waking a sleeping thread costs tens of microseconds, as much as a
    /// region of a 100 k-neuron burst; spinning 20 µs instead of 1 ms made two threads 1.2×
    /// instead of 1.5× one thread on the benchmark model.
    static let spinNanoseconds: UInt64 = 1_000_000

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
            var spinStart: UInt64 = 0
            var current = generation.load(ordering: .acquiring)
            while current == seen {
                spins &+= 1
                Self.pause()
                // Read the clock only now and then: the spinning is for the next region.
                if spins & 255 == 0 {
                    let now = Self.nanoseconds()
                    if spinStart == 0 { spinStart = now }
                    if now &- spinStart > WorkerPool.spinNanoseconds {
                        sleepers.add(1, ordering: .sequentiallyConsistent)
                        pthread_mutex_lock(&mutex)
                        while generation.load(ordering: .sequentiallyConsistent) == seen {
                            pthread_cond_wait(&condition, &mutex)
                        }
                        pthread_mutex_unlock(&mutex)
                        sleepers.subtract(1, ordering: .sequentiallyConsistent)
                        spinStart = 0
                    }
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

    /// The monotonic clock in nanoseconds (vDSO, no system call).
    private static func nanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// Tells the core this is a spin-wait loop (x86 `pause`, arm64 `yield`): saves power and
    /// leaves execution resources to a sibling hardware thread.
    @inline(__always)
    private static func pause() {
        #if arch(x86_64)
        spinPause()
        #elseif arch(arm64)
        spinHint(1)
        #endif
    }

    /// Calls the published region; its own frame, so that this thread's reference to the
    /// closure is gone before `remaining` tells the caller the region is done (the caller's
    /// `withoutActuallyEscaping` checks that nothing kept it).
    @inline(never)
    private func runJob(_ index: Int) {
        job?(index)
    }
}

#if arch(x86_64)
@_silgen_name("llvm.x86.sse2.pause")
private func spinPause()
#elseif arch(arm64)
@_silgen_name("llvm.aarch64.hint")
private func spinHint(_ hint: Int32)
#endif
