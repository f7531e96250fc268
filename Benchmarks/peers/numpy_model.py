#!/usr/bin/env python3
"""The benchmark model in hand-vectorised NumPy (float32 state), one of Spatium's peers.

What a careful Python user would write without a simulator: the whole grid is updated with
array operations every burst, and spikes are delivered event-driven through an outgoing CSR
(only the synapses of neurons that fired are touched; np.bincount sums their targets). The
arithmetic follows the model's order (v*(1-leak) + I0 + Iamp*u + syn_in) in float32, so the
exactness configuration gives the same spikes as Spatium and the C kernel.

    numpy_model.py --size 32x32x4 --bursts 300 --i0 0.21 --iamp 0 \\
        --pre-file Tests/Fixtures/peers/pre_32x32x4_s1.bin       # 51,264 spikes, 820,373 events
    numpy_model.py --size 128x128x8 --bursts 1000 --repeat 3 --warmup 50

See model.py for the model, the options and the JSON line it prints.
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402

import model  # noqa: E402


def main():
    args = model.parser(__doc__.splitlines()[0]).parse_args()
    start = time.perf_counter()
    N, x, threshold = model.geometry(args.size)
    K = args.synapses
    pre = model.partners(N, K, args.seed, args.pre_file)

    f32 = np.float32
    th = threshold.astype(f32)
    # Outgoing CSR: the synapses sorted by presynaptic neuron; synapse s targets s // K.
    out_degree = np.bincount(pre, minlength=N)
    targets = (np.argsort(pre, kind="stable") // max(K, 1)).astype(np.int32)
    first = np.zeros(N + 1, dtype=np.int64)
    np.cumsum(out_degree, out=first[1:])

    v = np.zeros(N, dtype=f32)
    syn_in = np.zeros(N, dtype=f32)
    ref = np.zeros(N, dtype=np.int8)
    counts = np.zeros(N, dtype=np.int64)
    u = np.empty(N, dtype=f32)
    decay, i0, iamp, w = f32(1 - model.LEAK), f32(args.i0), f32(args.iamp), f32(model.WEIGHT)
    limit, R = f32(model.LIMIT), model.REFRACTORY
    rng = np.random.default_rng(args.seed)
    build_s = time.perf_counter() - start

    def run(bursts):
        nonlocal syn_in, v, u
        for _ in range(bursts):
            rng.random(out=u, dtype=f32)
            # 1. integrate (refractory neurons: v = 0, input discarded), count refractoriness down
            v *= decay
            v += i0
            u *= iamp
            v += u
            v += syn_in
            v *= ref == 0
            np.subtract(ref, 1, out=ref, where=ref > 0)
            # 2. firing window
            fired = (v >= th) & (v <= limit)
            # 3. deliver: the targets of every fired neuron, for the next burst
            sources = np.flatnonzero(fired)
            lengths = out_degree[sources]
            total = int(lengths.sum())
            if total:
                offsets = np.cumsum(lengths) - lengths
                positions = np.repeat(first[sources] - offsets, lengths) + np.arange(total)
                syn_in = np.bincount(targets[positions], minlength=N).astype(f32) * w
            else:
                syn_in = np.zeros(N, dtype=f32)
            # 4. reset
            counts[sources] += 1
            v[sources] = 0
            ref[sources] = R

    run(args.warmup)
    before = int(counts.sum())
    times = []
    for _ in range(max(args.repeat, 1)):
        t0 = time.perf_counter()
        run(args.bursts)
        times.append(time.perf_counter() - t0)
    model.report(f"numpy-{np.__version__}", "vectorised/f32", 1, args, counts, x, pre, times, build_s,
                 args.warmup + len(times) * args.bursts, int(counts.sum()) - before, len(times) * args.bursts)


if __name__ == "__main__":
    main()
