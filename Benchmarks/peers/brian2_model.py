#!/usr/bin/env python3
"""The benchmark model in Brian2, one of Spatium's peers (one time step of 1 ms = one burst).

Targets (--target):
  runtime         Brian2's runtime mode with NumPy code generation (no compiler)
  cython          runtime mode with Cython code generation (compiled once, cached in --cache-dir)
  cpp_standalone  the whole simulation generated as a C++ project, compiled and run as a binary
                  (--threads > 1: OpenMP)

The state is float64 (Brian2's default). A NeuronGroup holds v, the threshold th, the
refractory countdown ref and the synaptic input syn_in; a run_regularly operation integrates
(refractory neurons are held at 0 and lose their input), the threshold condition is the firing
window, the reset sets v = 0 and ref = R, and the Synapses add w to syn_in of their targets —
which the integration of the next step consumes. So spikes act one burst later, as in the model.

Timing: run_s is the simulation loop as Brian2 measures it (device._last_run_time), without
import, construction, code generation and compilation (together reported as build_s).
runtime/cython: after --warmup bursts, --repeat runs of --bursts bursts continue the same
network. cpp_standalone: the project (a run of --warmup bursts, then one of --bursts bursts) is
built once and its binary run --repeat times, each from the initial state; the counts are those
of the last execution.

    brian2_model.py --target cython --size 32x32x4 --bursts 300 --i0 0.21 --iamp 0 \\
        --pre-file Tests/Fixtures/peers/pre_32x32x4_s1.bin        # 51,264 spikes, 820,373 events

See model.py for the model, the common options and the JSON line printed.
"""
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402

import model  # noqa: E402

TARGETS = ("runtime", "cython", "cpp_standalone")


def main():
    p = model.parser(__doc__.splitlines()[0])
    p.add_argument("--target", choices=TARGETS, default="runtime")
    p.add_argument("--threads", type=int, default=1, help="OpenMP threads (cpp_standalone only)")
    p.add_argument("--cache-dir", help="cython: compiled-extension cache (default: a fresh temporary one)")
    p.add_argument("--work-dir", help="where temporary files go (default: the system's)")
    p.add_argument("--project-dir", help="cpp_standalone: keep the generated project here, so that a "
                                         "later build compiles only what changed (default: temporary)")
    args = p.parse_args()
    if args.target != "cpp_standalone":
        args.threads = 1

    start = time.perf_counter()
    import brian2 as b2
    from brian2 import ms

    b2.prefs.logging.console_log_level = "WARNING"
    b2.prefs.logging.file_log = False
    b2.prefs.logging.delete_log_on_exit = True
    work = tempfile.mkdtemp(prefix="spatium-brian2-", dir=args.work_dir)
    try:
        project = os.path.abspath(args.project_dir) if args.project_dir else os.path.join(work, "project")
        if args.target == "cpp_standalone":
            b2.set_device("cpp_standalone", directory=project, build_on_run=False)
            b2.prefs.devices.cpp_standalone.openmp_threads = args.threads if args.threads > 1 else 0
        else:
            b2.prefs.codegen.target = "numpy" if args.target == "runtime" else "cython"
            if args.target == "cython":
                b2.prefs.codegen.runtime.cython.cache_dir = args.cache_dir or os.path.join(work, "cython")
        b2.start_scope()
        b2.seed(args.seed)
        b2.defaultclock.dt = 1 * ms

        N, x, threshold = model.geometry(args.size)
        K = args.synapses
        pre = model.partners(N, K, args.seed, args.pre_file)
        namespace = dict(leak=model.LEAK, I0=args.i0, Iamp=args.iamp, limit=model.LIMIT, R=model.REFRACTORY,
                         w=model.WEIGHT)
        neurons = b2.NeuronGroup(
            N,
            """v : 1
               th : 1 (constant)
               ref : integer
               syn_in : 1""",
            threshold="v >= th and v <= limit",
            reset="v = 0\nref = R",
            namespace=namespace,
            name="neurons",
        )
        neurons.th = threshold
        # One burst: integrate (refractory neurons: v = 0, input discarded), count refractoriness
        # down; runs before the threshold check of the same step.
        neurons.run_regularly(
            """v = int(ref == 0) * (v*(1 - leak) + I0 + Iamp*rand() + syn_in)
               syn_in = 0
               ref = ref - int(ref > 0)""",
            when="groups", name="integrate",
        )
        synapses = b2.Synapses(neurons, neurons, on_pre="syn_in_post += w", namespace=namespace, name="synapses")
        if K > 0:
            synapses.connect(i=pre, j=np.repeat(np.arange(N), K))
        spikes = b2.SpikeMonitor(neurons, record=False, name="spikes")
        network = b2.Network(neurons, synapses, spikes)
        device = b2.get_device()
        t_built = time.perf_counter()

        times = []
        if args.target == "cpp_standalone":
            if args.warmup > 0:
                network.run(args.warmup * ms)
            network.run(args.bursts * ms)  # the binary reports the time of this, its last run
            device.build(directory=project, compile=True, run=False, with_output=False)
            build_s = time.perf_counter() - start
            for _ in range(max(args.repeat, 1)):
                device.run(with_output=False)
                times.append(float(device._last_run_time))
            simulated = args.warmup + args.bursts  # every run of the binary starts from the initial state
            timed_spikes = timed_bursts = None  # one monitor only (a second would slow Brian2 down)
        else:
            # Code generation (and for cython compilation) happens in the first run() before
            # its loop starts, so it is never part of _last_run_time; build_s adds it in.
            codegen = 0.0
            if args.warmup > 0:
                t0 = time.perf_counter()
                network.run(args.warmup * ms)
                codegen = time.perf_counter() - t0 - float(device._last_run_time)
            before = int(np.sum(spikes.count[:]))
            for _ in range(max(args.repeat, 1)):
                t0 = time.perf_counter()
                network.run(args.bursts * ms)
                times.append(float(device._last_run_time))
                if args.warmup == 0 and len(times) == 1:
                    codegen = time.perf_counter() - t0 - times[0]
            build_s = t_built - start + codegen
            simulated = args.warmup + len(times) * args.bursts
            timed_spikes, timed_bursts = int(np.sum(spikes.count[:])) - before, len(times) * args.bursts
        counts = np.asarray(spikes.count[:], dtype=np.int64)
        target = args.target + (f"/{args.threads}t" if args.target == "cpp_standalone" else "") + "/f64"
        model.report(f"brian2-{b2.__version__}", target, args.threads, args, counts, x, pre, times, build_s, simulated,
                     timed_spikes, timed_bursts)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if args.project_dir:  # keep the compiled code, not the data (tens of MB at 128x128x8)
            for data in ("results", "static_arrays"):
                shutil.rmtree(os.path.join(args.project_dir, data), ignore_errors=True)


if __name__ == "__main__":
    main()
