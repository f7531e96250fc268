// The benchmark model (model.py, ../shared/reference/peers/MODEL.md) as a hand-written C kernel:
// what a compiled, cache-aware implementation reaches on this machine, the practical ceiling
// Spatium's engine is measured against.
//
//   clang -O3 -march=native -pthread kernel.c -o kernel
//
// Compile it with clang, as MODEL.md's figures were: GCC 12 does not vectorise the update loop
// (the same source runs about half as fast). Threads are POSIX threads with barriers, so clang
// needs no OpenMP runtime.
//   ./kernel --size 32x32x4 --bursts 300 --i0 0.21 --iamp 0 --pre-file pre_32x32x4_s1.bin
//   ./kernel --size 128x128x8 --bursts 1000 --repeat 5 --warmup 50 --threads 1
//
// Structure of arrays in float32: v, threshold, refractory countdown (uint8), synaptic input.
// Drive: I0 + Iamp*u with u from a counter-based hash of (seed, burst, neuron), so the update
// loop vectorises and does not depend on the thread count. Delivery: push through an outgoing
// CSR (uint32 targets); each thread owns a neuron range and a private input buffer, and the
// update adds the buffers in a fixed order. Prints one JSON line in the format of model.py.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <pthread.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static inline uint32_t hash32(uint32_t x) {
    x ^= x >> 16; x *= 0x7feb352dU; x ^= x >> 15; x *= 0x846ca68bU; x ^= x >> 16;
    return x;
}

static void *zalloc(size_t bytes) {
    void *p = aligned_alloc(64, (bytes + 63) / 64 * 64 + 64);
    if (!p) { fprintf(stderr, "kernel: out of memory\n"); exit(1); }
    memset(p, 0, (bytes + 63) / 64 * 64 + 64);
    return p;
}

typedef struct {
    int n, threads, refractory;
    uint32_t seed;
    float decay, i0, iamp, limit, weight;
    float *v, *threshold, **input;  // input[t]: thread t's private buffer
    uint8_t *ref, *fired;
    uint32_t *first, *targets;      // outgoing CSR
    uint64_t *counts, events, burst;
    int32_t **lists;
} Model;

// Steps 1, 2 and 4 for neurons [lo, hi): integrate (refractory: v = 0, input discarded), fire
// inside the window, reset. Consumes and clears every thread's input buffer for these neurons.
// Two specialised loops (one buffer, two buffers) so that each vectorises.
#define UPDATE_BODY(SYN)                                                        \
    float u = (float)(hash32(key ^ (uint32_t)i) >> 8) * inv24;                  \
    int r = ref[i];                                                             \
    float nv = (v[i] * decay + i0 + iamp * u + (SYN)) * (float)(r == 0);        \
    int f = (nv >= th[i]) & (nv <= limit);                                      \
    v[i] = nv * (float)(1 - f);                                                 \
    int r2 = r - (r > 0);                                                       \
    ref[i] = (uint8_t)(r2 + f * (R - r2));                                      \
    fired[i] = (uint8_t)f;

static void update(Model *m, int lo, int hi, uint32_t key) {
    const float inv24 = 1.0f / 16777216.0f;
    float *restrict v = m->v, *restrict in0 = m->input[0];
    const float *restrict th = m->threshold;
    uint8_t *restrict ref = m->ref, *restrict fired = m->fired;
    const float decay = m->decay, i0 = m->i0, iamp = m->iamp, limit = m->limit;
    const int R = m->refractory;
    for (int t = 2; t < m->threads; t++) {  // more than two threads: fold buffers 2… into buffer 0
        float *restrict in = m->input[t];
        for (int i = lo; i < hi; i++) { in0[i] += in[i]; in[i] = 0; }
    }
    if (m->threads == 1) {
        for (int i = lo; i < hi; i++) { UPDATE_BODY(in0[i]) in0[i] = 0; }
    } else {
        float *restrict in1 = m->input[1];
        for (int i = lo; i < hi; i++) { UPDATE_BODY(in0[i] + in1[i]) in0[i] = 0; in1[i] = 0; }
    }
}

typedef struct {
    Model *m;
    int t, bursts;
    uint64_t events;
    pthread_barrier_t *barrier;
} Worker;

// One thread's share of `bursts` bursts: its neuron range, then its own spikes into its own buffer.
static void *work(void *argument) {
    Worker *w = argument;
    Model *m = w->m;
    const int T = m->threads, t = w->t;
    const int lo = (int)((long long)m->n * t / T), hi = (int)((long long)m->n * (t + 1) / T);
    uint64_t events = 0;
    for (int b = 0; b < w->bursts; b++) {
        const uint32_t key = hash32(m->seed * 0x9E3779B9U ^ hash32((uint32_t)(m->burst + b)));
        update(m, lo, hi, key);
        pthread_barrier_wait(w->barrier);
        // Step 3: this thread's spikes, found 8 flags at a time, into its own buffer.
        int nf = 0;
        int32_t *list = m->lists[t];
        for (int i = lo; i < hi; i += 8) {
            uint64_t bits;
            memcpy(&bits, m->fired + i, 8);
            if (hi - i < 8) bits &= (1ULL << (8 * (hi - i))) - 1;
            while (bits) {
                int k = __builtin_ctzll(bits) >> 3;
                list[nf++] = i + k;
                bits &= ~(0xFFULL << (8 * k));
            }
        }
        float *restrict s = m->input[t];
        const float w8 = m->weight;
        for (int q = 0; q < nf; q++) {
            const int j = list[q];
            m->counts[j]++;
            const uint32_t end = m->first[j + 1];
            for (uint32_t k = m->first[j]; k < end; k++) s[m->targets[k]] += w8;
            events += end - m->first[j];
        }
        pthread_barrier_wait(w->barrier);
    }
    w->events = events;
    return NULL;
}

// Runs `bursts` bursts on m->threads threads (the caller is thread 0), barriers between phases.
static void simulate(Model *m, int bursts) {
    pthread_barrier_t barrier;
    pthread_barrier_init(&barrier, NULL, (unsigned)m->threads);
    Worker *workers = calloc((size_t)m->threads, sizeof(Worker));
    pthread_t *ids = calloc((size_t)m->threads, sizeof(pthread_t));
    for (int t = 0; t < m->threads; t++) workers[t] = (Worker){.m = m, .t = t, .bursts = bursts, .barrier = &barrier};
    for (int t = 1; t < m->threads; t++) pthread_create(&ids[t], NULL, work, &workers[t]);
    work(&workers[0]);
    for (int t = 1; t < m->threads; t++) pthread_join(ids[t], NULL);
    for (int t = 0; t < m->threads; t++) m->events += workers[t].events;
    m->burst += (uint64_t)bursts;
    pthread_barrier_destroy(&barrier);
    free(workers);
    free(ids);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    int W = 64, H = 64, D = 8, K = 16, bursts = 1000, repeat = 1, warmup = 0, threads = 1;
    uint32_t seed = 1;
    double i0 = 0.1, iamp = 0.2;
    const char *prefile = NULL;
    for (int a = 1; a < argc; a++) {
        const char *o = argv[a];
        if (a + 1 >= argc) { fprintf(stderr, "kernel: %s needs a value\n", o); return 2; }
        const char *val = argv[++a];
        if (!strcmp(o, "--size")) { if (sscanf(val, "%dx%dx%d", &W, &H, &D) != 3) { fprintf(stderr, "kernel: bad size\n"); return 2; } }
        else if (!strcmp(o, "--synapses")) K = atoi(val);
        else if (!strcmp(o, "--bursts")) bursts = atoi(val);
        else if (!strcmp(o, "--repeat")) repeat = atoi(val) < 1 ? 1 : atoi(val);
        else if (!strcmp(o, "--warmup")) warmup = atoi(val);
        else if (!strcmp(o, "--threads")) threads = atoi(val) < 1 ? 1 : atoi(val);
        else if (!strcmp(o, "--seed")) seed = (uint32_t)atoi(val);
        else if (!strcmp(o, "--i0")) i0 = atof(val);
        else if (!strcmp(o, "--iamp")) iamp = atof(val);
        else if (!strcmp(o, "--pre-file")) prefile = val;
        else { fprintf(stderr, "kernel: unknown option %s\n", o); return 2; }
    }
    const int N = W * H * D;
    const size_t S = (size_t)N * K;
    double t_build = now();
    Model m = {.n = N, .threads = threads, .refractory = 2, .seed = seed, .decay = (float)(1.0 - 0.1),
               .i0 = (float)i0, .iamp = (float)iamp, .limit = 1.8f, .weight = 0.05f};
    m.v = zalloc(N * sizeof(float));
    m.threshold = zalloc(N * sizeof(float));
    m.ref = zalloc(N);
    m.fired = zalloc(N + 8);
    m.input = malloc(threads * sizeof(float *));
    m.lists = malloc(threads * sizeof(int32_t *));
    for (int t = 0; t < threads; t++) { m.input[t] = zalloc(N * sizeof(float)); m.lists[t] = zalloc(N * sizeof(int32_t)); }
    for (int i = 0; i < N; i++) {
        int x = i % W, y = (i / W) % H, z = i / (W * H);
        m.threshold[i] = (float)(1.0 + x * (1.0 / W) + y * (0.25 / H) + z * (0.25 / D));
    }
    // Partners: entry post*K + k is the k-th presynaptic partner of post (model.py's format).
    uint32_t *pre = malloc(S * 4 + 4);
    if (prefile) {
        FILE *f = fopen(prefile, "rb");
        if (!f || fread(pre, 4, S, f) != S) { fprintf(stderr, "kernel: %s: cannot read %zu int32\n", prefile, S); return 1; }
        fclose(f);
        for (size_t s = 0; s < S; s++) if (pre[s] >= (uint32_t)N) { fprintf(stderr, "kernel: partner out of range\n"); return 1; }
    } else {
        uint64_t x = 0x9E3779B97F4A7C15ULL ^ seed;
        for (size_t s = 0; s < S; s++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; pre[s] = (uint32_t)(x % (uint64_t)N); }
    }
    m.first = zalloc((N + 1) * sizeof(uint32_t));
    m.targets = zalloc(S * sizeof(uint32_t));
    uint32_t *fill = zalloc(N * sizeof(uint32_t));
    for (size_t s = 0; s < S; s++) m.first[pre[s] + 1]++;
    for (int i = 0; i < N; i++) m.first[i + 1] += m.first[i];
    for (size_t s = 0; s < S; s++) m.targets[m.first[pre[s]] + fill[pre[s]]++] = (uint32_t)(s / K);
    m.counts = zalloc(N * sizeof(uint64_t));
    t_build = now() - t_build;

    if (warmup > 0) simulate(&m, warmup);
    uint64_t before = 0;
    for (int i = 0; i < N; i++) before += m.counts[i];
    double *times = malloc(repeat * sizeof(double)), *sorted = malloc(repeat * sizeof(double));
    for (int r = 0; r < repeat; r++) {
        double t0 = now();
        simulate(&m, bursts);
        times[r] = sorted[r] = now() - t0;
    }
    qsort(sorted, repeat, sizeof(double), cmp_double);
    const double median = sorted[repeat / 2];
    uint64_t total = 0;
    for (int i = 0; i < N; i++) total += m.counts[i];
    printf("{\"peer\": \"c-kernel\", \"target\": \"clang -O3 -march=native/f32\", \"threads\": %d, \"size\": \"%dx%dx%d\", "
           "\"N\": %d, \"K\": %d, \"bursts\": %d, \"repeat\": %d, \"bursts_simulated\": %llu, \"total_spikes\": %llu, "
           "\"syn_events\": %llu, \"timed_spikes\": %llu, \"timed_bursts\": %d, \"build_s\": %.6f, "
           "\"run_s\": %.6f, \"runs_s\": [",
           threads, W, H, D, N, K, bursts, repeat, (unsigned long long)m.burst, (unsigned long long)total,
           (unsigned long long)m.events, (unsigned long long)(total - before), repeat * bursts, t_build, median);
    for (int r = 0; r < repeat; r++) printf("%s%.6f", r ? ", " : "", times[r]);
    printf("], \"neuron_updates_per_s\": %.6g, \"spikes_per_x\": [", (double)N * bursts / median);
    for (int x = 0; x < W; x++) {
        uint64_t c = 0;
        for (int i = x; i < N; i += W) c += m.counts[i];
        printf("%s%llu", x ? ", " : "", (unsigned long long)c);
    }
    printf("]}\n");
    return 0;
}
