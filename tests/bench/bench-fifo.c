/* bench-fifo.c — reading a FIFO stream in order behind a writer at its full
 * rate: frames lost (none while the reader keeps up) and what a frame costs
 * the reader, beside a bare memcpy of the same bytes from the same mapping.
 *
 * Writer (this process) on CPU 0 writes flat out; the reader (a forked
 * child) on CPU 1 takes every frame in order: dao_stream_wait_next()
 * spinning, then dao_stream_read_next(), timed alone. The baseline reader
 * runs behind the same writer and does a bare memcpy of the newest segment
 * instead, so both copies compete with the writer for memory alike. Then
 * the writer is paced below what the reader managed, to show it keeps up.
 */
#include "bench-fifo.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench-util.h"
#include "dao.h"

static const char *dir_of_streams;

struct fifo_control {
    _Alignas(64) _Atomic int ready;
    _Alignas(64) _Atomic int done;
    uint64_t taken, lost, errors;
    int64_t elapsed_ns; /* first frame to last, in the reader */
    int64_t read_ns[];
};

typedef enum {
    READ_NEXT,       /* spinning, every frame in order */
    BARE_MEMCPY,     /* spinning, a memcpy of the newest frame: the baseline */
    READ_NEXT_ASLEEP /* on a semaphore, every frame in order: a paced writer */
} reader_mode;

/* Takes frames until the writer is done: every frame in order, or (the
 * baseline) a bare memcpy of the newest segment each time the counter
 * moves. Only the copy is timed. */
static void reader(const char *path, struct fifo_control *c, reader_mode m)
{
    bench_pin(1);
    dao_stream *s;
    if (dao_stream_open(&s, path, DAO_OPEN_READ_ONLY) != 0)
        _exit(1);
    size_t size = dao_stream_frame_size(s);
    void *frame = malloc(size);
    int slot = DAO_SPIN;
    if (m == READ_NEXT_ASLEEP) {
        dao_stream_close(s);
        if (dao_stream_open(&s, path, 0) != 0 || dao_stream_slot_claim(s, &slot) != 0)
            _exit(1);
    }
    atomic_store(&c->ready, 1);
    int64_t first = 0;
    for (;;) {
        if (dao_stream_wait_next(s, slot, 100 * 1000000LL) != 0) {
            if (atomic_load(&c->done))
                break;
            continue;
        }
        dao_frame_info info = {0};
        int rc = 0;
        int64_t t0 = bench_now_ns();
        if (m != BARE_MEMCPY) {
            rc = dao_stream_read_next(s, frame, size, 1000000, &info);
        } else {
            memcpy(frame, dao_stream_data(s), size);
            dao_stream_tail_reset(s);
        }
        int64_t t1 = bench_now_ns();
        if (!first)
            first = t0;
        c->elapsed_ns = t1 - first;
        if (rc < 0) {
            c->errors++;
            continue;
        }
        c->read_ns[c->taken++] = t1 - t0;
        c->lost += info.lost;
    }
    free(frame);
    dao_stream_close(s);
    _exit(0);
}

/* One run: a writer of `frames` n x n float32 frames into a depth-8
 * stream, at `rate` frames per second (0: flat out), and one reader. */
static struct fifo_control *run(const char *dir, uint32_t n, size_t frames, double rate, reader_mode m,
                                double *writer_rate)
{
    const char *path = bench_stream_path(dir, m == READ_NEXT ? "fifo" : "fifocopy");
    uint32_t shape[2] = {n, n};
    dao_create_options o = DAO_CREATE_OPTIONS_INIT;
    o.fifo_depth = 8;
    dao_stream *w;
    if (dao_stream_create(&w, path, DAO_FLOAT, 2, shape, &o) != 0)
        exit(1);
    size_t size = dao_stream_frame_size(w);
    struct fifo_control *c = bench_shared_alloc(sizeof(*c) + frames * sizeof(int64_t));
    pid_t pid = fork();
    if (pid == 0)
        reader(path, c, m);
    while (!atomic_load(&c->ready))
        __builtin_ia32_pause();
    bench_pin(0);
    float *frame = calloc(1, size);
    int64_t period = rate > 0 ? (int64_t)(1e9 / rate) : 0;
    int64_t t0 = bench_now_ns(), next = t0;
    for (size_t i = 0; i < frames; i++) {
        frame[0] = (float)i;
        dao_stream_write(w, frame, size);
        if (period) {
            next += period;
            struct timespec ts = {.tv_sec = next / 1000000000, .tv_nsec = next % 1000000000};
            clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
        }
    }
    *writer_rate = (double)frames / ((double)(bench_now_ns() - t0) / 1e9);
    atomic_store(&c->done, 1);
    waitpid(pid, NULL, 0);
    free(frame);
    dao_stream_close(w);
    return c;
}

static void free_run(struct fifo_control *c, size_t frames)
{
    munmap(c, sizeof(*c) + frames * sizeof(int64_t));
}

static void report(uint32_t n, size_t frames, double paced_hz)
{
    char name[64];
    double full_rate, copy_rate, paced_rate;
    struct fifo_control *full = run(dir_of_streams, n, frames, 0, READ_NEXT, &full_rate);
    struct fifo_control *copy = run(dir_of_streams, n, frames, 0, BARE_MEMCPY, &copy_rate);
    bench_latency read = bench_percentiles(full->read_ns, full->taken);
    bench_latency bare = bench_percentiles(copy->read_ns, copy->taken);
    snprintf(name, sizeof(name), "%ux%u f32 d8 full rate: lost", n, n);
    bench_row("fifo", name, (double)full->lost, "frames", (double)frames, NULL, -1);
    snprintf(name, sizeof(name), "  writer's full rate");
    bench_row("fifo", name, full_rate, "Hz", copy_rate, NULL, -1);
    snprintf(name, sizeof(name), "  read_next p50 vs bare memcpy");
    bench_row("fifo", name, read.p50, "us", bare.p50, "<= 1.3x + 2 us", read.p50 <= 1.3 * bare.p50 + 2.0);

    /* A writer at a rate a reader keeps up with (a loop period of many
     * frames' copies; the reader asleep on its semaphore between frames, as
     * a telemetry process would be): it loses nothing. The reader's share
     * of a busy CPU decides this, not libdao: a reader descheduled for
     * eight frame periods is lapped. */
    size_t paced_frames = (size_t)paced_hz; /* one second */
    struct fifo_control *paced = run(dir_of_streams, n, paced_frames, paced_hz, READ_NEXT_ASLEEP, &paced_rate);
    snprintf(name, sizeof(name), "  paced at %.0f Hz: lost", paced_rate);
    bench_row("fifo", name, (double)paced->lost, "frames", (double)paced_frames, "0 while it keeps up",
              paced->lost == 0);
    free_run(full, frames);
    free_run(copy, frames);
    free_run(paced, paced_frames);
}

void bench_fifo_run(const char *dir, size_t frames)
{
    dir_of_streams = dir;
    report(64, frames, 2000);
    report(512, frames / 20 > 1000 ? frames / 20 : 1000, 200);
}
