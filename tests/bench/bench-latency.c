/* bench-latency.c — how long a frame takes to reach a reader, libdao
 * against the raw primitive underneath it, and what readers cost a writer.
 *
 * Writer (this process) on CPU 0, reader (a forked child) on CPU 1. The
 * writer stamps each frame with CLOCK_MONOTONIC just before publishing; the
 * reader subtracts it from the time it wakes. The writer waits for the
 * reader's acknowledgement and then a pause, so every frame finds the reader
 * asleep (semaphore modes) or spinning (spin modes), as in a real loop.
 *
 * Beside the headline rows, modes that take the spin wake apart: a raw loop
 * on the file's counter under libdao's writer (what libdao's reader side
 * adds), and the stamp taken after the frame is filled, just before the
 * commit (what publishing adds, the copy and the write flag left out); and
 * a semaphore reader on slot 0 instead of the top slot libdao readers are
 * handed (what the order of the posts costs the last one).
 */
#include "bench-latency.h"

#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-util.h"
#include "dao-format.h"
#include "dao.h"

typedef enum {
    RAW_SEM,
    LIB_SEM,       /* the slot dao_stream_slot_claim() hands out: the top one */
    LIB_SEM_SLOT0, /* slot 0, the default of existing DAO readers */
    LIB_SEM_CROWD, /* the top slot, with two more libdao readers asleep below it */
    RAW_SPIN,
    LIB_SPIN,
    RAW_SPIN_ON_FILE, /* libdao writer, a hand-written loop on the file's cnt0 */
    LIB_SPIN_COMMIT,  /* libdao spin; stamped after the fill, right before the commit */
} mode;

struct control;
static void sleeping_reader(const char *path, struct control *c);

static bool is_dao_spin(mode m)
{
    return m == LIB_SPIN || m == RAW_SPIN_ON_FILE || m == LIB_SPIN_COMMIT;
}

/* The counter of a depth-1 stream, in the mapping (format §2). */
static const _Atomic uint64_t *file_counter(const dao_stream *s)
{
    return (const _Atomic uint64_t *)((const uint8_t *)dao_stream_data(s) - DAO__MD_SIZE +
                                      offsetof(dao__md, cnt0));
}

/* Shared between writer and reader. The raw spin baseline's counter and
 * stamp share one cache line of their own, as a hand-written spin would. */
struct control {
    _Alignas(64) _Atomic uint64_t ack;
    _Alignas(64) _Atomic uint64_t raw_counter;
    _Atomic int64_t raw_stamp;
    _Alignas(64) _Atomic int stop;
    int64_t latency_ns[];
};

static void reader(mode m, struct control *c, const char *path, const char *raw_sem_name, size_t frames)
{
    bench_pin(1);
    dao_stream *s = NULL;
    sem_t *raw = NULL;
    int slot = 0;
    if (m == LIB_SEM || m == LIB_SEM_SLOT0 || m == LIB_SEM_CROWD || is_dao_spin(m)) {
        if (dao_stream_open(&s, path, 0) != 0)
            _exit(1);
        int rc = m == LIB_SEM_SLOT0 ? dao_stream_slot_claim_at(s, 0) : dao_stream_slot_claim(s, &slot);
        if (rc != 0)
            _exit(1);
    } else if (m == RAW_SEM) {
        raw = sem_open(raw_sem_name, 0);
        if (raw == SEM_FAILED)
            _exit(1);
    }
    uint64_t seen = 0;
    atomic_store(&c->ack, 0); /* ready */
    for (size_t i = 0; i < frames; i++) {
        int64_t stamp = 0, woke = 0;
        switch (m) {
        case RAW_SEM:
            while (sem_wait(raw) != 0)
                ;
            woke = bench_now_ns();
            stamp = atomic_load_explicit(&c->raw_stamp, memory_order_acquire);
            break;
        case LIB_SEM:
        case LIB_SEM_SLOT0:
        case LIB_SEM_CROWD:
            if (dao_stream_wait(s, slot, -1) != 0)
                _exit(2);
            woke = bench_now_ns();
            stamp = *(const int64_t *)dao_stream_data(s);
            break;
        case RAW_SPIN:
            while (atomic_load_explicit(&c->raw_counter, memory_order_acquire) == seen)
                __builtin_ia32_pause();
            woke = bench_now_ns();
            seen++;
            stamp = atomic_load_explicit(&c->raw_stamp, memory_order_relaxed);
            break;
        case LIB_SPIN:
        case LIB_SPIN_COMMIT:
            if (dao_stream_spin_wait(s, seen, -1, &seen) != 0)
                _exit(2);
            woke = bench_now_ns();
            stamp = *(const int64_t *)dao_stream_data(s);
            break;
        case RAW_SPIN_ON_FILE: {
            const _Atomic uint64_t *counter = file_counter(s);
            while (atomic_load_explicit(counter, memory_order_acquire) == seen)
                __builtin_ia32_pause();
            woke = bench_now_ns();
            seen++;
            stamp = *(const int64_t *)dao_stream_data(s);
            break;
        }
        }
        c->latency_ns[i] = woke - stamp;
        atomic_fetch_add_explicit(&c->ack, 1, memory_order_release);
    }
    dao_stream_close(s);
    _exit(0);
}

static bench_latency run_mode(mode m, const char *dir, size_t frames)
{
    struct control *c = bench_shared_alloc(sizeof(*c) + frames * sizeof(int64_t));
    atomic_store(&c->ack, UINT64_MAX);
    static const char *tags[] = {"rawsem", "lsem", "lsem0", "lsemcrowd", "rawspin", "lspin", "lrawspin", "lcommit"};
    const char *path = bench_stream_path(dir, tags[m]);
    dao_stream *w;
    uint32_t shape[1] = {8};
    if (dao_stream_create(&w, path, DAO_INT64, 1, shape, NULL) != 0) {
        fprintf(stderr, "cannot create %s\n", path);
        exit(1);
    }
    char raw_name[64];
    snprintf(raw_name, sizeof(raw_name), "/bench%ld_rawsem", (long)getpid());
    sem_t *raw = sem_open(raw_name, O_CREAT, 0600, 0);

    pid_t pid = fork();
    if (pid == 0)
        reader(m, c, path, raw_name, frames);
    while (atomic_load(&c->ack) != 0)
        __builtin_ia32_pause();
    /* The measured reader has claimed the top slot; two more readers claim
     * the next ones down. */
    pid_t crowd[2] = {0, 0};
    struct control *crowd_control = m == LIB_SEM_CROWD ? bench_shared_alloc(sizeof(*c)) : NULL;
    for (int k = 0; crowd_control && k < 2; k++) {
        crowd[k] = fork();
        if (crowd[k] == 0)
            sleeping_reader(path, crowd_control);
        while (atomic_load(&crowd_control->ack) != (uint64_t)k + 1)
            __builtin_ia32_pause();
    }
    /* Long enough for the readers to be back asleep in the kernel. */
    const int64_t pause_ns = (m == RAW_SEM || m == LIB_SEM || m == LIB_SEM_SLOT0 || m == LIB_SEM_CROWD) ? 30000 : 2000;
    int64_t frame[8] = {0};
    for (size_t i = 0; i < frames; i++) {
        while (atomic_load_explicit(&c->ack, memory_order_acquire) != i)
            __builtin_ia32_pause();
        bench_spin_for(pause_ns);
        int64_t now = bench_now_ns();
        switch (m) {
        case RAW_SEM:
            atomic_store_explicit(&c->raw_stamp, now, memory_order_release);
            sem_post(raw);
            break;
        case RAW_SPIN:
            atomic_store_explicit(&c->raw_stamp, now, memory_order_relaxed);
            atomic_fetch_add_explicit(&c->raw_counter, 1, memory_order_release);
            break;
        case LIB_SPIN_COMMIT: {
            void *data;
            dao_stream_write_begin(w, &data);
            now = bench_now_ns(); /* the frame is "filled": only the commit is left */
            memcpy(data, &now, sizeof(now));
            dao_stream_write_commit(w);
            break;
        }
        default:
            frame[0] = now;
            dao_stream_write(w, frame, sizeof(frame));
            break;
        }
    }
    int status;
    waitpid(pid, &status, 0);
    if (crowd_control) {
        atomic_store(&crowd_control->stop, 1);
        for (int k = 0; k < 2; k++)
            waitpid(crowd[k], NULL, 0);
        munmap(crowd_control, sizeof(*c));
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "reader failed (%d)\n", status);
        exit(1);
    }
    bench_latency l = bench_percentiles(c->latency_ns, frames);
    sem_close(raw);
    sem_unlink(raw_name);
    dao_stream_close(w);
    munmap(c, sizeof(*c) + frames * sizeof(int64_t));
    return l;
}

static void report(const char *what, bench_latency lib, bench_latency raw)
{
    char name[64];
    static const char *labels[] = {"p50", "p90", "p99", "p99.9", "max"};
    double lv[] = {lib.p50, lib.p90, lib.p99, lib.p999, lib.max};
    double rv[] = {raw.p50, raw.p90, raw.p99, raw.p999, raw.max};
    for (int i = 0; i < 5; i++) {
        snprintf(name, sizeof(name), "%s %s", what, labels[i]);
        const char *target = NULL;
        int pass = -1;
        if (strcmp(what, "semaphore") == 0 && i == 0) {
            target = "<= 1.1x raw";
            pass = lv[i] <= 1.1 * rv[i];
        } else if (strcmp(what, "semaphore") == 0 && i == 2) {
            target = "<= 1.25x raw";
            pass = lv[i] <= 1.25 * rv[i];
        } else if (strcmp(what, "spin") == 0 && i == 0) {
            target = "<= raw + 0.2 us";
            pass = lv[i] <= rv[i] + 0.2;
        }
        bench_row("latency", name, lv[i], "us", rv[i], target, pass);
    }
}

void bench_latency_run(const char *dir, size_t frames)
{
    /* Interleave baseline and libdao so drifts of a noisy VM hit both. */
    bench_latency raw_sem = run_mode(RAW_SEM, dir, frames);
    bench_latency dao_sem = run_mode(LIB_SEM, dir, frames);
    bench_latency dao_sem0 = run_mode(LIB_SEM_SLOT0, dir, frames);
    bench_latency crowd = run_mode(LIB_SEM_CROWD, dir, frames);
    report("semaphore", dao_sem, raw_sem);
    /* Posts go from the top slot down: the reader libdao hands a slot to
     * first is woken first, also when more readers sleep below it. */
    bench_row("latency", "semaphore p50, slot 0", dao_sem0.p50, "us", raw_sem.p50, NULL, -1);
    bench_row("latency", "semaphore p50, top slot, 2 more asleep", crowd.p50, "us", raw_sem.p50, NULL, -1);
    bench_latency raw_spin = run_mode(RAW_SPIN, dir, frames);
    bench_latency dao_spin = run_mode(LIB_SPIN, dir, frames);
    bench_latency raw_on_file = run_mode(RAW_SPIN_ON_FILE, dir, frames);
    bench_latency commit = run_mode(LIB_SPIN_COMMIT, dir, frames);
    report("spin", dao_spin, raw_spin);
    /* The breakdown: reader side (libdao's loop against a raw one on the
     * same counter) and writer side (the stamp after the fill). */
    bench_row("latency", "spin p50, raw loop on the file", raw_on_file.p50, "us", raw_spin.p50, NULL, -1);
    bench_row("latency", "spin p50, commit to wake", commit.p50, "us", raw_spin.p50, "<= raw + 0.2 us",
              commit.p50 <= raw_spin.p50 + 0.2);
}

/* ---- what readers asleep cost the writer ---- */

static void sleeping_reader(const char *path, struct control *c)
{
    bench_pin(1);
    dao_stream *s;
    int slot;
    if (dao_stream_open(&s, path, 0) != 0 || dao_stream_slot_claim(s, &slot) != 0)
        _exit(1);
    atomic_fetch_add(&c->ack, 1);
    while (!atomic_load(&c->stop))
        dao_stream_wait(s, slot, 100 * 1000000LL);
    dao_stream_close(s);
    _exit(0);
}

void bench_writer_cost_run(const char *dir, size_t frames)
{
    int64_t *cost = malloc(frames * sizeof(int64_t));
    double zero_readers = 0;
    for (int readers = 0; readers <= 3; readers += readers ? 2 : 1) {
        const char *path = bench_stream_path(dir, readers == 0 ? "cost0" : readers == 1 ? "cost1" : "cost3");
        dao_stream *w;
        uint32_t shape[2] = {64, 64};
        if (dao_stream_create(&w, path, DAO_FLOAT, 2, shape, NULL) != 0)
            exit(1);
        struct control *c = bench_shared_alloc(sizeof(*c));
        pid_t pids[3];
        for (int r = 0; r < readers; r++) {
            pids[r] = fork();
            if (pids[r] == 0)
                sleeping_reader(path, c);
        }
        while (atomic_load(&c->ack) != (uint64_t)readers)
            __builtin_ia32_pause();
        float *frame = calloc(64 * 64, sizeof(float));
        for (size_t i = 0; i < frames; i++) {
            bench_spin_for(100000); /* readers back asleep */
            int64_t t0 = bench_now_ns();
            dao_stream_write(w, frame, 64 * 64 * sizeof(float));
            cost[i] = bench_now_ns() - t0;
        }
        atomic_store(&c->stop, 1);
        for (int r = 0; r < readers; r++)
            waitpid(pids[r], NULL, 0);
        bench_latency l = bench_percentiles(cost, frames);
        char name[64];
        snprintf(name, sizeof(name), "write 64x64 f32, %d asleep, p50", readers);
        if (readers == 0)
            zero_readers = l.p50;
        bench_row("writer", name, l.p50, "us", zero_readers, NULL, -1);
        snprintf(name, sizeof(name), "write 64x64 f32, %d asleep, p99", readers);
        bench_row("writer", name, l.p99, "us", zero_readers, NULL, -1);
        free(frame);
        munmap(c, sizeof(*c));
        dao_stream_close(w);
    }

    /* Publishing alone (zero-copy begin + commit: counter, stamp, 11
     * clamped posts), no reader asleep, against a bare atomic increment. */
    const char *path = bench_stream_path(dir, "publish");
    dao_stream *w;
    uint32_t shape[1] = {8};
    if (dao_stream_create(&w, path, DAO_INT64, 1, shape, NULL) != 0)
        exit(1);
    _Atomic uint64_t counter = 0;
    for (size_t i = 0; i < frames; i++) {
        int64_t t0 = bench_now_ns();
        atomic_fetch_add_explicit(&counter, 1, memory_order_release);
        int64_t t1 = bench_now_ns();
        cost[i] = t1 - t0;
    }
    bench_latency raw = bench_percentiles(cost, frames);
    for (size_t i = 0; i < frames; i++) {
        int64_t t0 = bench_now_ns();
        void *data;
        dao_stream_write_begin(w, &data);
        dao_stream_write_commit(w);
        cost[i] = bench_now_ns() - t0;
    }
    bench_latency pub = bench_percentiles(cost, frames);
    bench_row("writer", "publish only, 0 asleep, p50", pub.p50, "us", raw.p50, "<= 1 us added", pub.p50 - raw.p50 <= 1.0);
    dao_stream_close(w);
    free(cost);
}
