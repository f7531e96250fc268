"""The benchmark model shared by Spatium and its peers (../shared/reference/peers/MODEL.md).

One step is one burst. Grid W x H x D, one neuron per voxel, numbered x fastest:
``i = x + W*(y + H*z)`` (Spatium numbers the same voxel ``(x*H + y)*D + z``; totals and spikes
per x column do not depend on the numbering).

    threshold[i] = 1 + x/W + 0.25*y/H + 0.25*z/D
    every burst, every neuron:
      1. refractory (ref > 0): v = 0, synaptic input discarded, ref -= 1
         otherwise            v = v*(1 - leak) + I0 + Iamp*U(0,1) + syn_in
      2. fired = threshold <= v <= limit
      3. every spike adds w to each of its targets' syn_in for the next burst
      4. fired neurons: v = 0, ref = R
    leak 0.1, limit 1.8, R 2, w 0.05, K = 16 presynaptic partners per neuron drawn uniformly
    from all N (with replacement, self-connections allowed).

Exactness configuration: ``--size 32x32x4 --bursts 300 --i0 0.21 --iamp 0`` with the partners of
``Tests/Fixtures/peers/pre_32x32x4_s1.bin`` gives 51,264 spikes and 820,373 synaptic events in
every implementation. Throughput configuration: the sizes 32x32x4, 64x64x8 and 128x128x8 with
drive 0.1 + 0.2*U(0,1).

Every peer script takes the options of ``parser()`` and prints one JSON line (``report()``), the
same format as ``spatium-bench --model``:
  total_spikes, syn_events, spikes_per_x   counts over every burst simulated (warm-up included)
  timed_spikes, timed_bursts               spikes in the timed runs, and how many bursts they had
                                           (null where a peer cannot tell without slowing down)
  run_s, runs_s                            median and all timed runs of ``--bursts`` bursts
  neuron_updates_per_s                     N * bursts / run_s
  build_s                                  construction (and compilation) before the first burst
"""
import argparse
import json
import statistics

import numpy as np

LEAK = 0.1
LIMIT = 1.8
REFRACTORY = 2
WEIGHT = 0.05


def parse_size(text):
    parts = text.lower().split("x")
    if len(parts) != 3 or not all(p.isdigit() and int(p) > 0 for p in parts):
        raise argparse.ArgumentTypeError(f"size must be WxHxD, not {text!r}")
    return tuple(int(p) for p in parts)


def parser(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--size", type=parse_size, default=(64, 64, 8), help="WxHxD (default 64x64x8)")
    p.add_argument("--synapses", type=int, default=16, help="K, presynaptic partners per neuron (16)")
    p.add_argument("--bursts", type=int, default=1000, help="bursts per timed run (1000)")
    p.add_argument("--repeat", type=int, default=1, help="timed runs; run_s is their median (1)")
    p.add_argument("--warmup", type=int, default=0, help="bursts before the timed runs (0)")
    p.add_argument("--i0", type=float, default=0.1, help="constant drive per burst (0.1)")
    p.add_argument("--iamp", type=float, default=0.2, help="uniform drive amplitude per burst (0.2)")
    p.add_argument("--seed", type=int, default=1, help="seed of the drive and of generated partners (1)")
    p.add_argument("--pre-file", help="partners: int32 little-endian, N*K entries, entry post*K+k "
                                      "(default: generated from --seed, see partners())")
    return p


def geometry(size):
    """N, the x coordinate of every neuron and the thresholds (float64), x fastest."""
    W, H, D = size
    N = W * H * D
    i = np.arange(N)
    x, y, z = i % W, (i // W) % H, i // (W * H)
    threshold = 1.0 + x * (1.0 / W) + y * (0.25 / H) + z * (0.25 / D)
    return N, x, threshold


def partners(N, K, seed, pre_file=None):
    """Presynaptic partner of every synapse, entry post*K + k (int64).

    Read from ``pre_file``, or drawn as ``default_rng(seed + 12345).integers(0, N, N*K)``, which
    is how ``pre_32x32x4_s1.bin`` was made (seed 1).
    """
    if pre_file:
        pre = np.fromfile(pre_file, dtype="<i4")
        if pre.size != N * K:
            raise SystemExit(f"{pre_file}: {pre.size} entries, expected N*K = {N * K}")
        if pre.size and (pre.min() < 0 or pre.max() >= N):
            raise SystemExit(f"{pre_file}: partner index out of range 0..{N - 1}")
        return pre.astype(np.int64)
    return np.random.default_rng(seed + 12345).integers(0, N, size=N * K, dtype=np.int64)


def report(peer, target, threads, args, counts, x, pre, times, build_s, bursts_simulated, timed_spikes,
           timed_bursts, extra=None):
    """Prints the JSON line of one run and returns it as a dict."""
    W, H, D = args.size
    N = W * H * D
    counts = np.asarray(counts, dtype=np.int64)
    out_degree = np.bincount(pre, minlength=N).astype(np.int64)
    run_s = statistics.median(times) if times else float("nan")
    result = dict(
        peer=peer, target=target, threads=threads, size=f"{W}x{H}x{D}", N=N, K=args.synapses,
        bursts=args.bursts, repeat=len(times), bursts_simulated=bursts_simulated,
        total_spikes=int(counts.sum()), syn_events=int((counts * out_degree).sum()),
        timed_spikes=None if timed_spikes is None else int(timed_spikes),
        timed_bursts=None if timed_bursts is None else int(timed_bursts),
        build_s=build_s, run_s=run_s, runs_s=list(times),
        neuron_updates_per_s=N * args.bursts / run_s if run_s > 0 else float("nan"),
        spikes_per_x=np.bincount(x, weights=counts, minlength=W).astype(np.int64).tolist(),
    )
    if extra:
        result.update(extra)
    print(json.dumps(result), flush=True)
    return result
