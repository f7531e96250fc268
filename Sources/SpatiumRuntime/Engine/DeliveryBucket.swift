/// Synaptic events that one delivery worker found for target neurons another worker owns, in
/// the order found: targets, and the value each adds (omitted when every synapse carries the
/// same contribution). Reused from burst to burst; grows by doubling.
///
/// ```swift
/// var writer = bucket.writer()
/// if writer.count + n > writer.capacity { writer = bucket.grow(writer, toHold: n) }
/// writer.targets[writer.count] = target; writer.count += 1
/// bucket.finish(writer)
/// ```
final class DeliveryBucket {
    private(set) var targets: UnsafeMutablePointer<UInt32>
    private(set) var values: UnsafeMutablePointer<Float>
    private(set) var count = 0
    private(set) var capacity = 1024

    init() {
        targets = .allocate(capacity: capacity)
        values = .allocate(capacity: capacity)
    }

    deinit {
        targets.deallocate()
        values.deallocate()
    }

    func removeAll() { count = 0 }

    /// Makes room for `extra` more events.
    private func reserve(_ extra: Int) {
        guard count &+ extra > capacity else { return }
        var grown = capacity * 2
        while grown < count + extra { grown *= 2 }
        let newTargets = UnsafeMutablePointer<UInt32>.allocate(capacity: grown)
        let newValues = UnsafeMutablePointer<Float>.allocate(capacity: grown)
        newTargets.initialize(from: targets, count: count)
        newValues.initialize(from: values, count: count)
        targets.deallocate()
        values.deallocate()
        targets = newTargets
        values = newValues
        capacity = grown
    }

    /// The storage as raw pointers, for a hot loop that appends without touching the object.
    struct Writer {
        var targets: UnsafeMutablePointer<UInt32>
        var values: UnsafeMutablePointer<Float>
        var count: Int
        var capacity: Int
    }

    /// A writer that starts at the current end.
    func writer() -> Writer { Writer(targets: targets, values: values, count: count, capacity: capacity) }

    /// Takes back a writer's count and returns one with room for `extra` more events.
    func grow(_ writer: Writer, toHold extra: Int) -> Writer {
        count = writer.count
        reserve(extra)
        return self.writer()
    }

    /// Takes back a writer's count.
    func finish(_ writer: Writer) { count = writer.count }
}
