/* bench-record — what recording and replay cost, each figure beside a raw
 * baseline taken in the same run (built with the tests, run by hand):
 *
 *   disk       the recorder's disk thread (writev of ring frames, chunk
 *              files, their tables, fdatasync, rename) against a dd-style
 *              write() of the same bytes in 4 MiB blocks plus fdatasync, in
 *              the same directory;
 *   capture    the capture thread's copy of a frame (dao_stream_read) and
 *              its FITS byte order, against the copy alone;
 *   sustained  a writer process at 2 kHz (256² uint16) and 500 Hz (1024²
 *              uint16), and at 2 kHz as a FIFO stream of depth 16, recorded
 *              for a few seconds: MB/s recorded, frames missed and dropped
 *              (capture at normal and, as root, SCHED_FIFO priority), and
 *              the writer's period and write cost with the recorder
 *              attached against the same writer alone;
 *   compress   Rice ratio and speed on camera-like frames (bias, read
 *              noise, photon noise on a few spots) and on pure noise,
 *              against a raw write of the same bytes;
 *   replay     jitter of frames replayed at 1 kHz (the write-time
 *              intervals seen by a spinning reader) against a bare
 *              clock_nanosleep() loop at 1 kHz, at normal and (as root)
 *              SCHED_FIFO priority.
 *
 *   bench-record [--quick] [DISK_DIR [TMPFS_DIR]]   (default /tmp, /dev/shm)
 *
 * Every file and stream it makes lives in a private directory under the
 * given ones and is removed. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench-util.h"
#include "daorec-chunk.h"
#include "daorec-compress.h"

static bool quick;

/* --- helpers ----------------------------------------------------------- */

static char *private_dir(const char *parent)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s/bench-record-XXXXXX", parent);
    char *d = strdup(buf);
    if (!mkdtemp(d)) {
        fprintf(stderr, "%s: %s\n", buf, strerror(errno));
        exit(1);
    }
    return d;
}

static void empty_dir(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'/* '%s'/.[!.]* 2>/dev/null", dir, dir);
    if (system(cmd) != 0) {
        /* Nothing to remove is not an error. */
    }
}

static double median3(double a, double b, double c)
{
    return a > b ? (b > c ? b : (a > c ? c : a)) : (a > c ? a : (b > c ? c : b));
}

static unsigned char *source_buffer(size_t size)
{
    unsigned char *p = malloc(size);
    for (size_t i = 0; i < size; i++)
        p[i] = (unsigned char)(i * 2654435761u >> 13);
    return p;
}

#define SOURCE_BYTES (64u << 20)

/* --- disk: the recorder's writing path vs dd -------------------------- */

static double raw_write(const char *dir, const unsigned char *src, uint64_t total)
{
    char path[600];
    snprintf(path, sizeof path, "%s/raw.bin", dir);
    int64_t t0 = bench_now_ns();
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const size_t block = 4u << 20;
    for (uint64_t done = 0; done < total; done += block)
        if (write(fd, src + done % SOURCE_BYTES, block) != (ssize_t)block) {
            perror("write");
            exit(1);
        }
    fdatasync(fd);
    close(fd);
    int64_t t1 = bench_now_ns();
    unlink(path);
    return (double)total / ((double)(t1 - t0) / 1e9) / 1e6;
}

/* What the disk thread does with frames in the ring, without the ring:
 * writev of up to 32 MiB, chunks of 512 MiB (frames come in FITS order). */
static double recorder_write(const char *dir, unsigned char *src, uint64_t total, uint32_t side)
{
    uint32_t shape[2] = {side, side};
    size_t frame = (size_t)side * side * 2;
    uint64_t frames = total / frame, per_chunk = (512u << 20) / frame;
    daorec_chunk_desc d = {.type = DAO_UINT16, .naxis = 2, .shape = {side, side}};
    (void)shape;
    daorec_error err;
    int64_t t0 = bench_now_ns();
    daorec_chunk c;
    bool open_chunk = false;
    unsigned number = 1;
    for (uint64_t k = 0; k < frames;) {
        if (!open_chunk) {
            int fd;
            d.chunk = number;
            d.first = (daorec_frame_info){.counter = k + 1, .write_time_ns = 1};
            if (daorec__chunk_reserve(dir, "bench", number++, &fd, &err) < 0 ||
                daorec__chunk_begin(&c, fd, dir, "bench", &d, &err) < 0) {
                fprintf(stderr, "%s\n", err.message);
                exit(1);
            }
            open_chunk = true;
        }
        struct iovec iov[256];
        daorec_frame_info info[256];
        const daorec_frame_info *pi[256];
        unsigned n = 0;
        while (n < 256 && k < frames && (size_t)n * frame < (32u << 20) &&
               daorec__chunk_frames(&c) + n < per_chunk) {
            unsigned char *p = src + (k * frame) % (SOURCE_BYTES - frame);
            iov[n] = (struct iovec){p, frame};
            info[n] = (daorec_frame_info){.counter = k + 1, .write_time_ns = 1};
            pi[n] = &info[n];
            n++;
            k++;
        }
        if (daorec__chunk_append(&c, iov, pi, n, &err) < 0) {
            fprintf(stderr, "%s\n", err.message);
            exit(1);
        }
        if (daorec__chunk_frames(&c) == per_chunk || k == frames) {
            if (daorec__chunk_finish(&c, 0, &err) < 0) {
                fprintf(stderr, "%s\n", err.message);
                exit(1);
            }
            open_chunk = false;
        }
    }
    int64_t t1 = bench_now_ns();
    empty_dir(dir);
    return (double)(frames * frame) / ((double)(t1 - t0) / 1e9) / 1e6;
}

static double disk_raw_mb_s[2][2]; /* [dir][config]: for the sustained rows */

static void bench_disk(const char *const *dirs, const char *const *labels)
{
    unsigned char *src = source_buffer(SOURCE_BYTES);
    static const uint32_t sides[2] = {256, 1024};
    uint64_t total = quick ? (256ull << 20) : (1ull << 30);
    for (int d = 0; d < 2; d++)
        for (int s = 0; s < 2; s++) {
            double raw[3], rec[3];
            for (int rep = 0; rep < 3; rep++) {
                raw[rep] = raw_write(dirs[d], src, total);
                rec[rep] = recorder_write(dirs[d], src, total, sides[s]);
            }
            double r = median3(raw[0], raw[1], raw[2]), v = median3(rec[0], rec[1], rec[2]);
            disk_raw_mb_s[d][s] = r;
            char name[64];
            snprintf(name, sizeof name, "%s %u² uint16 write", labels[d], sides[s]);
            bench_row("disk", name, v, "MB/s", r, ">= 0.9x raw dd", v >= 0.9 * r);
        }
    free(src);
}

/* --- capture: copy and byte order, per frame --------------------------- */

static void bench_capture(void)
{
    static const uint32_t sides[2] = {256, 1024};
    for (int i = 0; i < 2; i++) {
        uint32_t shape[2] = {sides[i], sides[i]};
        const char *path = bench_stream_path("/dev/shm", "capture");
        dao_stream *s;
        if (dao_stream_create(&s, path, DAO_UINT16, 2, shape, NULL) < 0)
            exit(1);
        size_t size = dao_stream_frame_size(s);
        unsigned char *frame = source_buffer(size), *dst = malloc(size);
        dao_stream_write(s, frame, size);
        int reps = quick ? 200 : 1000;
        double best_copy = 1e30, best_both = 1e30;
        for (int round = 0; round < 5; round++) {
            int64_t t0 = bench_now_ns();
            for (int k = 0; k < reps; k++)
                dao_stream_read(s, dst, size, 5000000, NULL);
            int64_t t1 = bench_now_ns();
            for (int k = 0; k < reps; k++) {
                dao_stream_read(s, dst, size, 5000000, NULL);
                daorec__to_fits_order(dst, size, DAO_UINT16);
            }
            int64_t t2 = bench_now_ns();
            double copy = (double)(t1 - t0) / reps / 1e3, both = (double)(t2 - t1) / reps / 1e3;
            best_copy = copy < best_copy ? copy : best_copy;
            best_both = both < best_both ? both : best_both;
        }
        char name[64];
        snprintf(name, sizeof name, "%u² uint16 read + FITS order", sides[i]);
        bench_row("capture", name, best_both, "us", best_copy, "info: the read alone", -1);
        free(frame);
        free(dst);
        dao_stream_close(s);
        bench_cleanup();
    }
}

/* --- sustained: a paced writer process with and without the recorder -- */

typedef struct writer_report {
    uint64_t frames;
    double mean_period_us;
    double write_p99_us;
    double late_p99_us; /* how late each write started against its schedule */
} writer_report;

static void run_writer(const char *path, uint32_t side, unsigned depth, double rate,
                       double seconds, int go_fd, int ready_fd, writer_report *out)
{
    uint32_t shape[2] = {side, side};
    dao_stream *s;
    dao_create_options o = DAO_CREATE_OPTIONS_INIT;
    o.fifo_depth = depth;
    if (dao_stream_create(&s, path, DAO_UINT16, 2, shape, &o) < 0)
        _exit(1);
    size_t size = dao_stream_frame_size(s);
    unsigned char *frame = source_buffer(size);
    uint64_t n = (uint64_t)(rate * seconds);
    int64_t *cost = calloc(n, sizeof *cost), *late = calloc(n, sizeof *late);
    char c = 0;
    if (write(ready_fd, &c, 1) != 1 || read(go_fd, &c, 1) != 1)
        _exit(1);
    int64_t period = (int64_t)(1e9 / rate), start = bench_now_ns(), first = 0, last = 0;
    for (uint64_t k = 0; k < n; k++) {
        int64_t due = start + (int64_t)k * period;
        int64_t now = bench_now_ns();
        if (now < due) {
            struct timespec t = {(time_t)(due / 1000000000), (long)(due % 1000000000)};
            clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL);
        }
        int64_t t0 = bench_now_ns();
        frame[k % size] ^= 1;
        dao_stream_write(s, frame, size);
        int64_t t1 = bench_now_ns();
        cost[k] = t1 - t0;
        late[k] = t0 > due ? t0 - due : 0;
        if (k == 0)
            first = t0;
        last = t0;
    }
    out->frames = n;
    out->mean_period_us = n > 1 ? (double)(last - first) / (double)(n - 1) / 1e3 : 0;
    out->write_p99_us = bench_percentiles(cost, n).p99;
    out->late_p99_us = bench_percentiles(late, n).p99;
    dao_stream_close(s);
    _exit(0);
}

/* One run: the writer alone (record false) or recorded into dir, the
 * capture thread at SCHED_FIFO `priority` when it is not 0. */
static writer_report sustained_run(const char *dir, uint32_t side, unsigned depth, double rate,
                                   double seconds, bool record, int priority, daorec_stats *stats)
{
    const char *path = bench_stream_path("/tmp", "sustained");
    writer_report *report = bench_shared_alloc(sizeof *report);
    int go[2], ready[2];
    if (pipe(go) < 0 || pipe(ready) < 0)
        exit(1);
    pid_t pid = fork();
    if (pid == 0)
        run_writer(path, side, depth, rate, seconds, go[0], ready[1], report);
    char c;
    if (read(ready[0], &c, 1) != 1)
        exit(1);
    daorec_recorder *rec = NULL;
    daorec_error err;
    if (record) {
        daorec_record_options o = DAOREC_RECORD_OPTIONS_INIT;
        o.directory = dir;
        o.capture_priority = priority;
        if (daorec_recorder_start(&rec, path, &o, &err) < 0) {
            fprintf(stderr, "%s\n", err.message);
            exit(1);
        }
    }
    if (write(go[1], &c, 1) != 1)
        exit(1);
    int status;
    waitpid(pid, &status, 0);
    if (rec) {
        daorec_recorder_stop(rec);
        if (daorec_recorder_finish(rec, stats, &err) < 0)
            fprintf(stderr, "%s\n", err.message);
        empty_dir(dir);
    }
    close(go[0]);
    close(go[1]);
    close(ready[0]);
    close(ready[1]);
    writer_report r = *report;
    bench_cleanup();
    return r;
}

/* Missed and dropped frames of one recording of `published` frames. */
static void loss_rows(const char *what, const char *mode, const daorec_stats *st,
                      uint64_t published)
{
    char name[96];
    snprintf(name, sizeof name, "%s missed%s", what, mode);
    bench_row("sustained", name, (double)st->missed, "frames", (double)published,
              mode[0] ? "0 (capture SCHED_FIFO 50)" : "0 (capture lapped)", st->missed == 0);
    snprintf(name, sizeof name, "%s dropped%s", what, mode);
    bench_row("sustained", name, (double)st->dropped, "frames", (double)published,
              "0 while disk keeps up", st->dropped == 0);
}

static void bench_sustained(const char *const *dirs, const char *const *labels)
{
    /* The two cases, and the first again as a FIFO stream of depth
     * 16, which the recorder reads in order. */
    static const struct { uint32_t side; unsigned depth; double rate; int raw; } configs[3] = {
        {256, 1, 2000, 0}, {1024, 1, 500, 1}, {256, 16, 2000, 0}};
    double seconds = quick ? 1.5 : 4.0;
    for (int d = 0; d < 2; d++)
        for (int s = 0; s < 3; s++) {
            uint32_t side = configs[s].side;
            unsigned depth = configs[s].depth;
            double rate = configs[s].rate, mb = (double)side * side * 2 / 1e6;
            writer_report alone =
                sustained_run(dirs[d], side, depth, rate, seconds, false, 0, NULL);
            daorec_stats st, rt = {0};
            writer_report with = sustained_run(dirs[d], side, depth, rate, seconds, true, 0, &st);
            /* The capture at real-time priority, where we may (root). */
            bool have_rt = geteuid() == 0;
            if (have_rt)
                sustained_run(dirs[d], side, depth, rate, seconds, true, 50, &rt);
            char name[80];
            char what[48];
            snprintf(what, sizeof what, "%u² @%.0f Hz%s", side, rate, depth > 1 ? " fifo16" : "");
            snprintf(name, sizeof name, "%s %s recorded", labels[d], what);
            double recorded = (double)st.frames_written * mb / seconds;
            bench_row("sustained", name, recorded, "MB/s", disk_raw_mb_s[d][configs[s].raw],
                      "MB/s of raw dd (info)", -1);
            snprintf(name, sizeof name, "%s %s", labels[d], what);
            loss_rows(name, "", &st, with.frames);
            if (have_rt)
                loss_rows(name, ", rt", &rt, with.frames);
            snprintf(name, sizeof name, "%s %s writer period", labels[d], what);
            double ratio = with.mean_period_us / alone.mean_period_us;
            bench_row("sustained", name, with.mean_period_us, "us", alone.mean_period_us,
                      "x1.00 (within 1%)", fabs(ratio - 1) <= 0.01);
            snprintf(name, sizeof name, "%s %s write p99", labels[d], what);
            bench_row("sustained", name, with.write_p99_us, "us", alone.write_p99_us, "info", -1);
        }
}

/* --- compress: Rice on camera-like frames ----------------------------- */

static double gaussian(unsigned *seed)
{
    double u = (rand_r(seed) + 1.0) / (RAND_MAX + 2.0), v = (rand_r(seed) + 1.0) / (RAND_MAX + 2.0);
    return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

/* A camera frame: 1000 ADU bias, 3 ADU read noise, photon noise on four
 * moving spots of up to 3000 ADU, 12 bits. noise_only: pure noise of 20
 * ADU rms on the bias, the worst a real sensor does. */
static void camera_frame(uint16_t *p, uint32_t side, unsigned k, bool noise_only, unsigned *seed)
{
    for (uint32_t y = 0; y < side; y++)
        for (uint32_t x = 0; x < side; x++) {
            double signal = 0;
            for (int spot = 0; !noise_only && spot < 4; spot++) {
                double cx = side * (0.2 + 0.2 * spot) + 3 * sin(k * 0.1 + spot);
                double cy = side * (0.3 + 0.1 * spot) + 3 * cos(k * 0.1 + spot);
                double r2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                signal += 3000 * exp(-r2 / 8.0);
            }
            double v = 1000 + signal + gaussian(seed) * (noise_only ? 20 : sqrt(9 + signal));
            p[y * side + x] = (uint16_t)(v < 0 ? 0 : v > 4095 ? 4095 : v);
        }
}

static void bench_compress(const char *tmpfs_dir)
{
    const uint32_t side = 256;
    const unsigned frames = quick ? 100 : 400;
    size_t frame = (size_t)side * side * 2;
    unsigned char *data = malloc(frame * frames);
    for (int noise_only = 0; noise_only < 2; noise_only++) {
        unsigned seed = 12345;
        for (unsigned k = 0; k < frames; k++)
            camera_frame((uint16_t *)(data + k * frame), side, k, noise_only, &seed);
        daorec_chunk_desc d = {.type = DAO_UINT16, .naxis = 2, .shape = {side, side}, .chunk = 1,
                               .first = {.counter = 1, .write_time_ns = 1}};
        daorec_error err;
        int fd;
        daorec_chunk c;
        if (daorec__chunk_reserve(tmpfs_dir, "cam", 1, &fd, &err) < 0 ||
            daorec__chunk_begin(&c, fd, tmpfs_dir, "cam", &d, &err) < 0)
            exit(1);
        int64_t t0 = bench_now_ns();
        for (unsigned k = 0; k < frames; k++) {
            daorec__to_fits_order(data + k * frame, frame, DAO_UINT16); /* as captured */
            struct iovec iov = {data + k * frame, frame};
            daorec_frame_info info = {.counter = k + 1, .write_time_ns = 1};
            const daorec_frame_info *pi = &info;
            daorec__chunk_append(&c, &iov, &pi, 1, &err);
        }
        daorec__chunk_finish(&c, 0, &err);
        int64_t t1 = bench_now_ns();
        daorec_compressor z;
        daorec__compressor_start(&z, tmpfs_dir, "cam");
        daorec__compressor_push(&z, 1);
        daorec__compressor_finish(&z);
        int64_t t2 = bench_now_ns();
        double raw_mb_s = (double)frame * frames / ((double)(t1 - t0) / 1e9) / 1e6;
        double z_mb_s = (double)frame * frames / ((double)(t2 - t1) / 1e9) / 1e6;
        const char *what = noise_only ? "noise 20 ADU" : "camera-like";
        char name[64];
        snprintf(name, sizeof name, "rice %s 256² ratio", what);
        bench_row("compress", name, (double)z.in_bytes / (double)z.out_bytes, ":1", 1.0, "info", -1);
        snprintf(name, sizeof name, "rice %s 256² speed", what);
        bench_row("compress", name, z_mb_s, "MB/s", raw_mb_s, "vs raw chunk write", -1);
        snprintf(name, sizeof name, "rice %s 256² per frame", what);
        bench_row("compress", name, (double)(t2 - t1) / frames / 1e3, "us", 1e6 / 2000,
                  "< 2 kHz period", (double)(t2 - t1) / frames / 1e3 < 500);
        empty_dir(tmpfs_dir);
    }
    free(data);
}

/* --- replay: jitter at 1 kHz ------------------------------------------ */

/* A spinning reader in its own process: the write time of every frame,
 * from which the intervals are taken. */
static void spin_reader(const char *path, uint64_t frames, int64_t *stamps, int ready_fd)
{
    dao_stream *s;
    while (dao_stream_open(&s, path, DAO_OPEN_READ_ONLY) < 0)
        usleep(1000);
    char c = 0;
    if (write(ready_fd, &c, 1) != 1)
        _exit(1);
    uint64_t seen = dao_stream_counter(s);
    while (seen < frames) {
        uint64_t counter;
        if (dao_stream_spin_wait(s, seen, 5000000000ll, &counter) < 0)
            break;
        int64_t t = dao_stream_write_time_ns(s);
        if (counter >= 1 && counter <= frames && dao_stream_counter(s) == counter)
            stamps[counter - 1] = t;
        seen = counter;
    }
    dao_stream_close(s);
    _exit(0);
}

static bench_latency jitter_of(const int64_t *stamps, uint64_t n, int64_t period)
{
    int64_t *dev = malloc(n * sizeof *dev);
    size_t m = 0;
    for (uint64_t k = 1; k < n; k++)
        if (stamps[k] && stamps[k - 1])
            dev[m++] = llabs(stamps[k] - stamps[k - 1] - period);
    bench_latency l = bench_percentiles(dev, m);
    free(dev);
    return l;
}

static bench_latency replay_jitter(daorec_reader *r, int64_t spin_ns, int priority)
{
    const char *path = bench_stream_path("/tmp", "replay");
    dao_stream *s;
    daorec_error err;
    if (daorec_reader_create_stream(r, path, &s, &err) < 0)
        exit(1);
    uint64_t n = daorec_reader_frame_count(r);
    int64_t *stamps = bench_shared_alloc(n * sizeof *stamps);
    int ready[2];
    if (pipe(ready) < 0)
        exit(1);
    pid_t pid = fork();
    if (pid == 0)
        spin_reader(path, n, stamps, ready[1]);
    char c;
    if (read(ready[0], &c, 1) != 1)
        exit(1);
    daorec_play_options o = DAOREC_PLAY_OPTIONS_INIT;
    o.spin_ns = spin_ns;
    daorec_play_stats st;
    struct sched_param rt = {.sched_priority = priority}, normal = {0};
    if (priority)
        pthread_setschedparam(pthread_self(), SCHED_FIFO, &rt);
    daorec_play(r, s, &o, &st, &err);
    if (priority)
        pthread_setschedparam(pthread_self(), SCHED_OTHER, &normal);
    waitpid(pid, NULL, 0);
    close(ready[0]);
    close(ready[1]);
    dao_stream_close(s);
    bench_cleanup();
    return jitter_of(stamps, n, 1000000);
}

/* The primitive under the player: an absolute-deadline sleep at 1 kHz
 * (SCHED_FIFO `priority` when not 0). */
static bench_latency sleep_jitter(uint64_t n, int priority)
{
    struct sched_param rt = {.sched_priority = priority}, normal = {0};
    if (priority)
        pthread_setschedparam(pthread_self(), SCHED_FIFO, &rt);
    int64_t *stamps = calloc(n, sizeof *stamps), start = bench_now_ns();
    for (uint64_t k = 0; k < n; k++) {
        int64_t due = start + (int64_t)k * 1000000;
        struct timespec t = {(time_t)(due / 1000000000), (long)(due % 1000000000)};
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL);
        stamps[k] = bench_now_ns();
    }
    if (priority)
        pthread_setschedparam(pthread_self(), SCHED_OTHER, &normal);
    bench_latency l = jitter_of(stamps, n, 1000000);
    free(stamps);
    return l;
}

static void bench_replay(const char *tmpfs_dir)
{
    const uint32_t side = 256;
    const unsigned frames = quick ? 1000 : 4000;
    size_t frame = (size_t)side * side * 2;
    unsigned char *data = source_buffer(frame);
    daorec_chunk_desc d = {.type = DAO_UINT16, .naxis = 2, .shape = {side, side}, .chunk = 1,
                           .first = {.counter = 1, .write_time_ns = 1700000000000000000ll},
                           .layout = {.semaphores = 4}};
    daorec_error err;
    int fd;
    daorec_chunk c;
    if (daorec__chunk_reserve(tmpfs_dir, "replay", 1, &fd, &err) < 0 ||
        daorec__chunk_begin(&c, fd, tmpfs_dir, "replay", &d, &err) < 0)
        exit(1);
    for (unsigned k = 0; k < frames; k++) {
        struct iovec iov = {data, frame};
        daorec_frame_info info = {.counter = k + 1,
                                  .write_time_ns = d.first.write_time_ns + (int64_t)k * 1000000};
        const daorec_frame_info *pi = &info;
        daorec__chunk_append(&c, &iov, &pi, 1, &err);
    }
    daorec__chunk_finish(&c, 0, &err);
    char path[600];
    snprintf(path, sizeof path, "%s/replay-000001.fits", tmpfs_dir);
    const char *paths[] = {path};
    daorec_reader *r;
    if (daorec_reader_open(&r, paths, 1, &err) < 0) {
        fprintf(stderr, "%s\n", err.message);
        exit(1);
    }
    bench_latency base = sleep_jitter(frames, 0);
    bench_latency spun = replay_jitter(r, 100000, 0);
    bench_latency slept = replay_jitter(r, 0, 0);
    bench_row("replay", "1 kHz jitter p50 (spin 100 us)", spun.p50, "us", base.p50, "info", -1);
    bench_row("replay", "1 kHz jitter p99 (spin 100 us)", spun.p99, "us", base.p99, "< 100 us",
              spun.p99 < 100);
    bench_row("replay", "1 kHz jitter max (spin 100 us)", spun.max, "us", base.max, "info", -1);
    bench_row("replay", "1 kHz jitter p99 (sleep only)", slept.p99, "us", base.p99, "info", -1);
    if (geteuid() == 0) {
        bench_latency rt_base = sleep_jitter(frames, 50);
        bench_latency rt = replay_jitter(r, 100000, 50);
        bench_row("replay", "1 kHz jitter p99 (spin, SCHED_FIFO)", rt.p99, "us", rt_base.p99,
                  "< 100 us", rt.p99 < 100);
        bench_row("replay", "1 kHz jitter max (spin, SCHED_FIFO)", rt.max, "us", rt_base.max,
                  "info", -1);
    }
    daorec_reader_close(r);
    free(data);
    empty_dir(tmpfs_dir);
}

int main(int argc, char **argv)
{
    const char *parents[2] = {"/tmp", "/dev/shm"};
    int n = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0)
            quick = true;
        else if (n < 2)
            parents[n++] = argv[i];
    }
    char *dirs[2] = {private_dir(parents[0]), private_dir(parents[1])};
    const char *const labels[2] = {"disk", "tmpfs"};
    printf("bench-record: disk %s, tmpfs %s%s%s\n", dirs[0], dirs[1], quick ? ", quick" : "",
           bench_in_vm() ? ", in a VM" : "");
    printf("%-10s %-34s %12s %-6s %12s %8s  %-26s\n", "group", "figure", "value", "unit",
           "baseline", "ratio", "target");
    bench_disk((const char *const *)dirs, labels);
    bench_capture();
    bench_sustained((const char *const *)dirs, labels);
    bench_compress(dirs[1]);
    bench_replay(dirs[1]);
    bench_print_json("\"bench\":\"bench-record\",");
    for (int i = 0; i < 2; i++) {
        empty_dir(dirs[i]);
        rmdir(dirs[i]);
        free(dirs[i]);
    }
    return 0;
}
