/// Raw views of one burst's synaptic delivery: the previous burst's spikes (`sources`, global
/// indices ascending), the synapse rows, and the input and candidate buffers they add to.
///
/// Every target must receive its contributions in source order, whatever the thread count, so
/// that sums round the same way. With several workers (`BurstEngine.deliver`), one of two
/// schemes, both exact:
/// - sparse spikes (rows scattered over the matrix, each row a cache miss): the spikes are split
///   into consecutive parts, one per worker, so each row is read once. Worker 0 adds its part
///   straight into the input (its contributions come first for every target); every other
///   worker copies its rows' targets (and values), cut at the workers' target ranges, into one
///   ``DeliveryBucket`` per owning worker. Then each worker adds, for its own target range, the
///   buckets of workers 1, 2, … in order.
/// - dense spikes (rows read one after another): every worker walks all spikes and adds only
///   the synapses whose targets are in its own range, with no copies.
struct SynapticDelivery {
    var sources: UnsafeBufferPointer<Int32>
    var offsets: UnsafePointer<Int>
    var targets: UnsafePointer<UInt32>
    var contributions: UnsafePointer<Float>
    /// Per spike, the factor of an `mp_driven_psp` source (its potential at firing), else nil.
    var scales: UnsafePointer<Float>?
    /// The contribution of every synapse when all carry the same one.
    var uniform: Float?
    var input: UnsafeMutablePointer<Float>
    /// Candidate bits to set (nil when every neuron is a candidate).
    var candidates: UnsafeMutablePointer<UInt64>?
    /// Sparse spikes read rows scattered over the matrix, so rows are prefetched ahead.
    var scattered: Bool
    /// Delivery workers: 1, or every engine thread.
    var workers = 1
    /// With several workers, row r's synapses whose targets worker w owns are
    /// `bounds[r·W + w] ..< bounds[r·W + w + 1]` (`BurstEngine.computeDeliveryBounds`).
    var bounds: UnsafePointer<Int>? = nil
    /// With several workers, bucket (w − 1)·W + r holds what worker w found for owner r.
    var buckets: [DeliveryBucket] = []

    /// How the work is split (see the type's documentation).
    enum Scheme { case oneWorker, targetRanges, buckets }

    var scheme: Scheme { workers == 1 ? .oneWorker : scattered ? .buckets : .targetRanges }

    /// The part of delivery that must end before any worker's targets are complete: all of it
    /// with one worker; with buckets, every worker's share of the spikes (one parallel region).
    /// Then ``completeTargets(of:)`` for every worker.
    func runFirstPhase() {
        let count = sources.count
        switch scheme {
        case .oneWorker:
            apply(0..<count, bounds: offsets)
        case .targetRanges:
            break
        case .buckets:
            let workers = workers, buckets = buckets
            ParallelWork.run(workers: workers) { worker in
                let positions = (count * worker / workers)..<(count * (worker + 1) / workers)
                if worker == 0 {
                    apply(positions, bounds: offsets)
                } else {
                    let own = buckets[((worker - 1) * workers)..<(worker * workers)]
                    for bucket in own { bucket.removeAll() }
                    append(positions, bounds: bounds!, workers: workers, into: own)
                }
            }
        }
    }

    /// Completes the input of `worker`'s own target range (nothing to do with one worker):
    /// its synapses of every row, or the buckets of workers 1, 2, … in order.
    func completeTargets(of worker: Int) {
        switch scheme {
        case .oneWorker:
            break
        case .targetRanges:
            apply(0..<sources.count, bounds: bounds!, stride: workers, slot: worker)
        case .buckets:
            for source in 1..<workers { apply(buckets[(source - 1) * workers + worker]) }
        }
    }

    /// Adds the rows of the spikes at `positions` to the input, in order: of row r, the
    /// synapses `bounds[r·stride + slot] ..< bounds[r·stride + slot + 1]` (whole rows with the
    /// row offsets, stride 1 and slot 0; one worker's target range with the interleaved bounds).
    func apply(_ positions: Range<Int>, bounds: UnsafePointer<Int>, stride: Int = 1, slot: Int = 0) {
        let far = scattered ? 32 : positions.count, near = scattered ? 16 : positions.count
        for position in positions {
            // Start fetching the row bounds 32 spikes ahead and the targets 16 spikes ahead.
            if position &+ far < positions.upperBound {
                Prefetch.read(bounds + (Int(sources[position &+ far]) &* stride &+ slot))
            }
            if position &+ near < positions.upperBound {
                let at = Int(sources[position &+ near]) &* stride &+ slot
                let k = bounds[at]
                Prefetch.read(targets + k)
                Prefetch.read(targets + (bounds[at &+ 1] &- 1))
                if uniform == nil { Prefetch.read(contributions + k) }
            }
            let at = Int(sources[position]) &* stride &+ slot
            add(bounds[at]..<bounds[at &+ 1], scale: scales?[position])
        }
    }

    /// Adds the synapses `range` of one row (values times `scale` for `mp_driven_psp` sources).
    @inline(__always)
    func add(_ range: Range<Int>, scale: Float?) {
        var k = range.lowerBound
        let end = range.upperBound
        if let candidates, scale == nil, let uniform {
            while k < end {
                let target = Int(targets[k])
                input[target] += uniform
                candidates[target >> 6] |= 1 << UInt64(target & 63)
                k += 1
            }
        } else if let candidates {
            while k < end {
                let target = Int(targets[k])
                input[target] += scale.map { contributions[k] * $0 } ?? contributions[k]
                candidates[target >> 6] |= 1 << UInt64(target & 63)
                k += 1
            }
        } else if scale == nil, let uniform {
            while k < end {
                input[Int(targets[k])] += uniform
                k += 1
            }
        } else if let scale {
            while k < end {
                input[Int(targets[k])] += contributions[k] * scale
                k += 1
            }
        } else {
            while k < end {
                input[Int(targets[k])] += contributions[k]
                k += 1
            }
        }
    }

    /// Copies the rows of the spikes at `positions` into `buckets` (one per owning worker),
    /// cut at the owners' target ranges: `bounds[r·W + w] ..< bounds[r·W + w + 1]` are row r's
    /// synapses whose targets worker w owns. The buckets' storage is written through local
    /// pointers (no reference counting or calls per row); a bucket grows only when full.
    func append(_ positions: Range<Int>, bounds: UnsafePointer<Int>, workers: Int, into buckets: ArraySlice<DeliveryBucket>) {
        let far = scattered ? 32 : positions.count, near = scattered ? 16 : positions.count
        let storesValues = uniform == nil || scales != nil
        withUnsafeTemporaryAllocation(of: DeliveryBucket.Writer.self, capacity: workers) { writers in
            for (owner, bucket) in buckets.enumerated() { (writers.baseAddress! + owner).initialize(to: bucket.writer()) }
            for position in positions {
                if position &+ far < positions.upperBound {
                    let slot = Int(sources[position &+ far]) &* workers
                    Prefetch.read(bounds + slot)
                    Prefetch.read(bounds + (slot &+ workers))
                }
                if position &+ near < positions.upperBound {
                    let slot = Int(sources[position &+ near]) &* workers
                    let k = bounds[slot]
                    Prefetch.read(targets + k)
                    Prefetch.read(targets + (bounds[slot &+ workers] &- 1))
                    if storesValues { Prefetch.read(contributions + k) }
                }
                let slot = Int(sources[position]) &* workers
                let scale = scales?[position]
                for owner in 0..<workers {
                    let start = bounds[slot &+ owner], end = bounds[slot &+ owner &+ 1]
                    guard start < end else { continue }
                    if writers[owner].count &+ (end &- start) > writers[owner].capacity {
                        writers[owner] = buckets[buckets.startIndex &+ owner].grow(writers[owner], toHold: end &- start)
                    }
                    let writer = writers[owner]
                    let into = writer.count &- start
                    if !storesValues {
                        for k in start..<end { writer.targets[into &+ k] = targets[k] }
                    } else if let scale {
                        for k in start..<end {
                            writer.targets[into &+ k] = targets[k]
                            writer.values[into &+ k] = contributions[k] * scale
                        }
                    } else {
                        for k in start..<end {
                            writer.targets[into &+ k] = targets[k]
                            writer.values[into &+ k] = contributions[k]
                        }
                    }
                    writers[owner].count = writer.count &+ (end &- start)
                }
            }
            for (owner, bucket) in buckets.enumerated() { bucket.finish(writers[owner]) }
        }
    }

    /// Adds a bucket's events to the input, in order.
    func apply(_ bucket: DeliveryBucket) {
        let bucketTargets = bucket.targets, values = bucket.values
        let count = bucket.count
        let storesValues = uniform == nil || scales != nil
        if let candidates {
            for i in 0..<count {
                let target = Int(bucketTargets[i])
                input[target] += storesValues ? values[i] : uniform!
                candidates[target >> 6] |= 1 << UInt64(target & 63)
            }
        } else if storesValues {
            for i in 0..<count { input[Int(bucketTargets[i])] += values[i] }
        } else {
            let uniform = uniform!
            for i in 0..<count { input[Int(bucketTargets[i])] += uniform }
        }
    }
}
