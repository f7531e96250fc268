#!/usr/bin/env python3
"""Spatium side by side with its peers on the benchmark model (model.py); `scripts/bench --compare`.

1. Exactness: every implementation — Spatium (`spatium-bench --model`), the C kernel, NumPy and
   Brian2 (runtime, cython, cpp_standalone), each in every thread count that is timed — runs
   the exactness configuration (32x32x4, 300 bursts, drive 0.21 without noise, the partners of
   Tests/Fixtures/peers/pre_32x32x4_s1.bin). Each must give 51,264 spikes, 820,373 synaptic
   events and Spatium's spikes per x column; the ones that do not are named and not timed.
2. Throughput: each implementation runs the throughput configuration (drive 0.1 + 0.2*U(0,1),
   K = 16, its own random partners) at 32x32x4, 64x64x8 and 128x128x8: 100 warm-up bursts, then several
   timed runs of `bursts` bursts; the figure is the median in neuron-updates per second. Bursts
   are 1000 except where a slow peer would need more than about 1.5 s per timed run at its
   expected rate (then fewer, at least 100; the rate does not depend on it).
3. One Markdown table on stdout with the ratio Spatium / peer, both measured in this run.

Exit status 0 if every implementation agreed and ran, 1 otherwise. Progress goes to stderr.

    compare.py --spatium .build-bench/release/spatium-bench --work .build-bench/peers
"""
import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
EXACT_SPIKES, EXACT_EVENTS = 51_264, 820_373
SIZES = ["32x32x4", "64x64x8", "128x128x8"]


class Runner:
    """One implementation in one configuration (target, thread count)."""

    def __init__(self, key, label, threads, command, expected_rate, repeat, options=()):
        self.key, self.label, self.threads = key, label, threads
        self.command = command          # argv prefix; model options are appended
        self.expected_rate = expected_rate  # neuron-updates/s, only to scale bursts
        self.repeat = repeat
        self.options = list(options)

    def argv(self, extra):
        return self.command + self.options + extra


def runners(args):
    py = [sys.executable]
    cache = os.path.join(args.work, "cython-cache")
    tmp = os.path.join(args.work, "tmp")
    os.makedirs(tmp, exist_ok=True)
    brian = py + [os.path.join(HERE, "brian2_model.py"), "--work-dir", tmp, "--cache-dir", cache]
    result = []
    for t in args.threads:
        result.append(Runner(f"spatium/{t}", "Spatium (dense, f32)", t, [args.spatium, "--model"], 150e6, 5,
                             ["--threads", str(t)]))
    for t in args.threads:
        result.append(Runner(f"kernel/{t}", "C kernel (clang -O3 -march=native, f32)", t, [args.kernel], 200e6, 5,
                             ["--threads", str(t)]))
    result.append(Runner("numpy", "NumPy, hand-vectorised (f32)", 1, py + [os.path.join(HERE, "numpy_model.py")], 70e6, 3))
    result.append(Runner("brian2-runtime", "Brian2 runtime (numpy codegen, f64)", 1, brian, 25e6, 3,
                         ["--target", "runtime"]))
    result.append(Runner("brian2-cython", "Brian2 cython (f64)", 1, brian, 30e6, 3, ["--target", "cython"]))
    for t in args.threads:
        result.append(Runner(f"brian2-standalone/{t}", "Brian2 cpp_standalone (f64)", t, brian, 60e6, 3,
                             ["--target", "cpp_standalone", "--threads", str(t),
                              "--project-dir", os.path.join(args.work, f"standalone-{t}t")]))
    if args.only:
        result = [r for r in result if any(o in r.key for o in args.only)]
    return result


def log(message):
    print(message, file=sys.stderr, flush=True)


def run(runner, extra, timeout):
    """Runs one implementation; returns (result dict or None, error text)."""
    argv = runner.argv(extra)
    env = dict(os.environ, OMP_NUM_THREADS=str(runner.threads), PYTHONDONTWRITEBYTECODE="1")  # no __pycache__ in the tree
    start = time.perf_counter()
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout} s: {shlex.join(argv)}"
    except OSError as error:
        return None, f"{error}: {shlex.join(argv)}"
    wall = time.perf_counter() - start
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        return None, f"exit {done.returncode}: {shlex.join(argv)}\n    " + "\n    ".join(tail)
    result = json.loads(lines[-1])
    result["wall_s"] = wall
    return result, ""


def mega(rate):
    return f"{rate / 1e6:.3g} M" if rate >= 1e7 else f"{rate / 1e6:.2g} M"


def grouped(n):
    return f"{n:,}"


def bursts_for(runner, size):
    w, h, d = (int(p) for p in size.split("x"))
    n = w * h * d
    target = 1.5 * runner.expected_rate / n
    return int(max(100, min(1000, round(target / 50) * 50)))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--spatium", required=True, help="the release spatium-bench binary")
    p.add_argument("--kernel", help="the compiled C kernel (default: WORK/kernel, built from kernel.c)")
    p.add_argument("--work", required=True, help="folder for the C kernel, Brian2's caches and projects")
    p.add_argument("--fixture", default="Tests/Fixtures/peers/pre_32x32x4_s1.bin")
    p.add_argument("--threads", type=lambda s: [int(t) for t in s.split(",")], default=[1, 2],
                   help="thread counts for Spatium, the C kernel and Brian2 cpp_standalone (1,2)")
    p.add_argument("--sizes", type=lambda s: s.split(","), default=SIZES)
    p.add_argument("--only", type=lambda s: s.split(","), help="only implementations whose key contains one of these")
    p.add_argument("--timeout", type=int, default=600, help="seconds per process (600)")
    p.add_argument("--json", help="also write every result to this file")
    args = p.parse_args()
    os.makedirs(args.work, exist_ok=True)
    started = time.perf_counter()

    if not args.kernel:
        args.kernel = os.path.join(args.work, "kernel")
        source = os.path.join(HERE, "kernel.c")
        if not os.path.exists(args.kernel) or os.path.getmtime(args.kernel) < os.path.getmtime(source):
            # clang, as MODEL.md measured: GCC 12 leaves the update loop scalar (about half the speed).
            compiler = shutil.which("clang") or "cc"
            command = [compiler, "-O3", "-march=native", "-pthread", source, "-o", args.kernel]
            log("compare: " + shlex.join(command))
            subprocess.run(command, check=True)
    all_runners = runners(args)
    failures = []

    # 1. Exactness
    log(f"compare: exactness configuration (32x32x4, 300 bursts, drive 0.21, {args.fixture})")
    exact = ["--size", "32x32x4", "--bursts", "300", "--i0", "0.21", "--iamp", "0", "--pre-file", args.fixture]
    exactness = {}
    reference_per_x = None
    for r in all_runners:
        result, error = run(r, exact, args.timeout)
        exactness[r.key] = (result, error)
        if result and r.key.startswith("spatium/") and reference_per_x is None:
            reference_per_x = result["spikes_per_x"]
        log(f"compare: exactness {r.key}: " + (f"{result['total_spikes']} spikes, {result['syn_events']} events"
                                              if result else "FAILED " + error))
    agreeing = []
    exact_rows = []
    for r in all_runners:
        result, error = exactness[r.key]
        if not result:
            verdict = "**failed to run**"
            failures.append(f"{r.label}, {r.threads} thread(s): failed to run: {error}")
            exact_rows.append((r, "—", "—", "—", verdict))
            continue
        problems = []
        if result["total_spikes"] != EXACT_SPIKES:
            problems.append(f"spikes {grouped(result['total_spikes'])} ≠ {grouped(EXACT_SPIKES)}")
        if result["syn_events"] != EXACT_EVENTS:
            problems.append(f"synaptic events {grouped(result['syn_events'])} ≠ {grouped(EXACT_EVENTS)}")
        same_x = reference_per_x is not None and result["spikes_per_x"] == reference_per_x
        if not same_x:
            problems.append("spikes per x column differ from Spatium's")
        if problems:
            failures.append(f"{r.label}, {r.threads} thread(s) disagrees: " + "; ".join(problems))
            verdict = "**no**: " + "; ".join(problems)
        else:
            verdict = "yes"
            agreeing.append(r)
        exact_rows.append((r, grouped(result["total_spikes"]), grouped(result["syn_events"]),
                           "same as Spatium" if same_x else "**differ**", verdict))

    # 2. Throughput
    throughput = {}
    for size in args.sizes:
        for r in agreeing:
            bursts = bursts_for(r, size)
            warmup = 100
            extra = ["--size", size, "--bursts", str(bursts), "--repeat", str(r.repeat), "--warmup", str(warmup)]
            log(f"compare: throughput {size} {r.key}: {r.repeat} x {bursts} bursts after {warmup}")
            result, error = run(r, extra, args.timeout)
            if not result:
                failures.append(f"{r.label}, {r.threads} thread(s), {size}: failed to run: {error}")
                log("compare: FAILED " + error)
            throughput[(r.key, size)] = result

    # 3. Tables
    version = {}
    for r in all_runners:
        result = exactness[r.key][0]
        if result:
            version[r.key] = result["peer"]
    out = []
    out.append("Exactness: 32×32×4, 300 bursts, constant drive 0.21, partners of "
               "`Tests/Fixtures/peers/pre_32x32x4_s1.bin`; every implementation must give "
               f"{grouped(EXACT_SPIKES)} spikes, {grouped(EXACT_EVENTS)} synaptic events and Spatium's "
               "spikes per x column.")
    out.append("")
    out.append("| implementation | version | threads | spikes | synaptic events | spikes per x | agrees |")
    out.append("|---|---|---:|---:|---:|---|---|")
    for r, spikes, events, per_x, verdict in exact_rows:
        out.append(f"| {r.label} | {version.get(r.key, '—')} | {r.threads} | {spikes} | {events} | {per_x} | {verdict} |")
    out.append("")
    out.append("Throughput: the benchmark model, K = 16, drive 0.1 + 0.2·U(0,1); median neuron-updates/s "
               "(M = million) of the timed runs; in parentheses Spatium ÷ peer at the same thread count, "
               "both from this run, after 100 warm-up bursts. Build: the time before the first burst at " +
               args.sizes[-1].replace("x", "×") + " (construction, code generation, compilation).")
    out.append("")
    header = "| implementation | threads | " + " | ".join(s.replace("x", "×") for s in args.sizes) + \
             " | bursts × runs | build |"
    out.append(header)
    out.append("|---|---:|" + "---:|" * len(args.sizes) + "---|---:|")
    last = args.sizes[-1]
    for r in agreeing:
        cells = []
        for size in args.sizes:
            result = throughput.get((r.key, size))
            if not result:
                cells.append("failed")
                continue
            rate = result["neuron_updates_per_s"]
            cell = mega(rate)
            if not r.key.startswith("spatium/"):
                spatium = throughput.get((f"spatium/{r.threads}", size))
                if spatium and rate > 0:
                    cell += f" ({spatium['neuron_updates_per_s'] / rate:.2f}×)"
            cells.append(cell)
        final = throughput.get((r.key, last))
        bursts = ", ".join(str(bursts_for(r, s)) for s in args.sizes)
        if len(set(bursts.split(", "))) == 1:
            bursts = bursts.split(", ")[0]
        build = "—"
        if final:
            b = final["build_s"]
            build = f"{b:.0f} s" if b >= 10 else f"{b:.1f} s" if b >= 1 else f"{b * 1000:.0f} ms" if b >= 0.01 \
                else f"{b * 1000:.1f} ms"
        out.append(f"| {r.label} | {r.threads} | " + " | ".join(cells) + f" | {bursts} × {r.repeat} | {build} |")
    print("\n".join(out), flush=True)

    if args.json:
        with open(args.json, "w") as f:
            json.dump(dict(exactness={k: v[0] for k, v in exactness.items()},
                           throughput={f"{k[0]} {k[1]}": v for k, v in throughput.items()}), f, indent=1)
    log(f"compare: {time.perf_counter() - started:.0f} s")
    if not failures:
        log(f"compare: all {len(all_runners)} implementations agree on the exactness configuration")
    if failures:
        log("compare: FAILED")
        for failure in failures:
            log("  " + failure)
        print("\n**Disagreements or failures:** " + " · ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
