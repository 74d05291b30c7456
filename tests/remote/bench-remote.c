/* bench-remote.c — figures for streams across machines, each beside a raw
 * baseline taken in the same run on the same machine (remote-bench --help).
 *
 *   throughput  frames of 256², 1024² and 2048² uint16 and float32 through
 *               daoctl's server and client over loopback, as bytes per
 *               second delivered, vs raw TCP socket pairs moving the same
 *               bytes per message (one way, and request + reply), with the
 *               CPU time per frame of each end;
 *   camera      a real camera-like writer (1 kHz, whole-frame writes, FIFO
 *               depth 1): the frames delivered of those written;
 *   latency     writer's commit → mirror's commit (client + local write),
 *               p50/p99 per size and type, vs half a raw TCP ping-pong of
 *               the same bytes;
 *   lz4         ratio and cost of LZ4 and shuffle+LZ4 on camera-like frames
 *               (a wandering PSF with speckles, sky and photon noise), vs memcpy;
 *   period      the writer's period and write() time with 0, 1, 4, 16 remote
 *               clients (as a ratio of the period with none), the server's
 *               CPU per client and its memory;
 *   slow        a 1 frame/s client beside a fast one: the fast one's rate
 *               alone and beside it, the server's memory at start and end.
 *
 * Every party is a process of its own: writer, server, clients (the bench
 * itself is the mirror where latency is measured). Timings depend on the
 * machine's load; read the ratios, which compare runs made side by side. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#include "bench-remote-raw.h"
#include "dao-remote.h"
#include "remote-codec.h"
#include "remote-test-util.h"
#include "remote-wire.h"

/* The camera-like frames of the lz4, camera, period and slow figures. */
#define NX 1024
#define NY 1024
#define FRAME_BYTES ((size_t)NX * NY * 2)
#define N_CAMERA 8

static double scale = 1.0; /* --quick: shorter runs */

/* A child that reports through a pipe: the parent gets the read end in
 * *parent_fd, the child (pid 0) the write end in *child_fd. */
static pid_t fork_reporter(int *parent_fd, int *child_fd)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    pid_t pid = fork_child();
    if (pid != 0) {
        close(fds[1]);
        *parent_fd = fds[0];
        return pid;
    }
    close(fds[0]);
    *child_fd = fds[1];
    return 0;
}

static long rss_kib(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    long kib = -1;
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld", &kib) == 1)
            break;
    fclose(f);
    return kib;
}

/* ---- camera-like frames ------------------------------------------------- */

static uint32_t xs(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

static double gauss(uint32_t *s)
{
    double u = (xs(s) + 1.0) / 4294967297.0, v = (xs(s) + 1.0) / 4294967297.0;
    return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

/* What an AO camera sees on a point source: a core wandering with tip-tilt,
 * a ring of flickering speckles, sky background, photon and read noise.
 * 16-bit counts, like viewer/daoview-demo-writer.c makes. */
static void camera_frame(uint16_t *px, unsigned n)
{
    uint32_t s = 12345u + n * 7919u;
    double cx = NX / 2.0 + 40 * sin(0.23 * n), cy = NY / 2.0 + 30 * sin(0.31 * n + 1);
    double sx[24], sy[24], sa[24];
    for (int k = 0; k < 24; k++) {
        double a = 2 * M_PI * k / 24 + 0.1 * gauss(&s);
        sx[k] = cx + 18 * cos(a);
        sy[k] = cy + 18 * sin(a);
        sa[k] = 800 + 400 * gauss(&s);
    }
    for (int y = 0; y < NY; y++) {
        for (int x = 0; x < NX; x++) {
            double v = 200; /* sky */
            double dx = x - cx, dy = y - cy, r2 = dx * dx + dy * dy;
            if (r2 < 60 * 60) {
                v += 30000 * exp(-r2 / (2 * 2.5 * 2.5));
                for (int k = 0; k < 24; k++) {
                    double ex = x - sx[k], ey = y - sy[k];
                    double d2 = ex * ex + ey * ey;
                    if (d2 < 49)
                        v += sa[k] * exp(-d2 / 4.5);
                }
            }
            v += sqrt(v) * gauss(&s) + 3 * gauss(&s); /* photon + read noise */
            px[(size_t)y * NX + x] = (uint16_t)(v < 0 ? 0 : v > 65535 ? 65535 : v);
        }
    }
}

static uint16_t *camera_frames(void)
{
    uint16_t *f = malloc(FRAME_BYTES * N_CAMERA);
    for (unsigned i = 0; i < N_CAMERA; i++)
        camera_frame(f + (size_t)i * NX * NY, i);
    return f;
}

/* ---- frame kinds -------------------------------------------------------- */

typedef struct kind {
    unsigned ny, nx;
    dao_type type;
    const char *type_name;
} kind;

static const kind kinds[] = {
    {256, 256, DAO_UINT16, "uint16"},   {256, 256, DAO_FLOAT, "float32"},
    {1024, 1024, DAO_UINT16, "uint16"}, {1024, 1024, DAO_FLOAT, "float32"},
    {2048, 2048, DAO_UINT16, "uint16"}, {2048, 2048, DAO_FLOAT, "float32"},
};
#define N_KINDS (sizeof kinds / sizeof kinds[0])

static size_t kind_bytes(const kind *k)
{
    return (size_t)k->nx * k->ny * dao_type_size(k->type);
}

/* Frames whose content does not matter (no codec): a cheap pattern, two
 * of them so that successive writes differ. */
static void *pattern_frames(size_t bytes, unsigned n)
{
    uint32_t *f = malloc(bytes * n), s = 2463534242u;
    for (size_t i = 0; i < bytes * n / 4; i++)
        f[i] = xs(&s) & 0x0fff0fffu; /* small values: finite floats too */
    return f;
}

/* A stream of kind k at path, every segment written once. */
static int kind_stream(const char *path, const kind *k, unsigned depth)
{
    uint32_t shape[2] = {k->ny, k->nx};
    dao_create_options o = DAO_CREATE_OPTIONS_INIT;
    o.fifo_depth = depth;
    dao_stream *s;
    int rc = dao_stream_create(&s, path, k->type, 2, shape, &o);
    if (rc < 0)
        return rc;
    size_t bytes = kind_bytes(k);
    void *f = pattern_frames(bytes, 1);
    for (unsigned i = 0; i < depth && rc == 0; i++)
        rc = dao_stream_write(s, f, bytes);
    free(f);
    dao_stream_close(s);
    return rc;
}

/* ---- the writer, a process of its own ---------------------------------- */

typedef struct writer_stats {
    uint64_t frames;
    double period_mean_ns, period_p99_ns, period_max_ns;
    double write_p50_ns, write_p99_ns;
} writer_stats;

typedef struct writer_job {
    const char *path;
    const void *frames;   /* n_frames frames written in turn (whole writes) */
    size_t frame_bytes;
    unsigned n_frames;
    bool touch_only;      /* begin, stamp the first 8 bytes, commit: a writer
                             that costs nothing, whatever the frame size */
    int64_t period_ns;    /* 0: as fast as it can */
    int64_t duration_ns;
} writer_job;

/* Writes a frame every period_ns for duration_ns, on an absolute schedule
 * (a late writer does not burst to catch up: it starts again from now),
 * then sends its figures through the pipe. */
static pid_t start_writer(const writer_job *j, int *fd_out)
{
    int fd;
    pid_t pid = fork_reporter(fd_out, &fd);
    if (pid != 0)
        return pid;
    prctl(PR_SET_TIMERSLACK, 1UL); /* periods of tens of µs mean what they say */
    dao_stream *s;
    if (dao_stream_open(&s, j->path, 0) < 0)
        _exit(1);
    int64_t period_ns = j->period_ns;
    size_t cap = (size_t)(j->duration_ns / (period_ns ? period_ns : 100000)) + 16;
    int64_t *period = malloc(cap * sizeof *period), *wr = malloc(cap * sizeof *wr);
    size_t n = 0;
    int64_t start = now_ns(), prev = 0, next = start;
    while (now_ns() - start < j->duration_ns) {
        if (period_ns) {
            next += period_ns;
            int64_t now = now_ns();
            if (next < now - 2 * period_ns)
                next = now;
            struct timespec ts = {next / SECOND, next % SECOND};
            clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
        }
        int64_t t0 = now_ns();
        if (j->touch_only) {
            void *data;
            if (dao_stream_write_begin(s, &data) == 0) {
                memcpy(data, &n, sizeof n);
                dao_stream_write_commit(s);
            }
        } else {
            dao_stream_write(s, (const uint8_t *)j->frames + (n % j->n_frames) * j->frame_bytes, j->frame_bytes);
        }
        int64_t t1 = now_ns();
        if (n < cap) {
            period[n] = prev ? t0 - prev : 0;
            wr[n] = t1 - t0;
        }
        prev = t0;
        n++;
    }
    size_t m = n < cap ? n : cap;
    writer_stats st = {.frames = n};
    double sum = 0, mx = 0;
    for (size_t i = 1; i < m; i++) {
        sum += (double)period[i];
        if (period[i] > mx)
            mx = (double)period[i];
    }
    st.period_mean_ns = m > 1 ? sum / (double)(m - 1) : 0;
    st.period_max_ns = mx;
    st.period_p99_ns = m > 1 ? percentile(period + 1, m - 1, 0.99) : 0;
    st.write_p50_ns = percentile(wr, m, 0.5);
    st.write_p99_ns = percentile(wr, m, 0.99);
    if (write(fd, &st, sizeof st) != sizeof st)
        _exit(2);
    _exit(0);
}

static writer_stats finish_writer(pid_t pid, int fd)
{
    writer_stats st = {0};
    if (read(fd, &st, sizeof st) != sizeof st)
        fprintf(stderr, "writer sent no figures\n");
    close(fd);
    reap(pid, false);
    return st;
}

/* ---- clients, a process of their own ------------------------------------ */

typedef struct client_result {
    uint64_t frames;
    double cpu_s;        /* the client process's CPU time while counting */
} client_result;

typedef struct client_job {
    const char *url;
    double max_fps;
    int64_t pause_ns;    /* between frames (a slow consumer) */
    int64_t duration_ns;
    bool lz4;
    client_result result;
} client_job;

static void *client_thread(void *arg)
{
    client_job *j = arg;
    dao_remote_options o = DAO_REMOTE_OPTIONS_INIT;
    o.max_fps = j->max_fps;
    o.accept_lz4 = j->lz4;
    dao_remote *r;
    if (dao_remote_open(&r, j->url, &o) < 0)
        return NULL;
    /* Count from the first frame: connecting is not part of the rate. */
    int64_t give_up = now_ns() + 30 * SECOND;
    while (dao_remote_wait(r, SECOND) != 0 && now_ns() < give_up)
        ;
    double cpu0 = process_cpu_seconds(0);
    int64_t end = now_ns() + j->duration_ns;
    while (now_ns() < end) {
        if (dao_remote_wait(r, 100000000) == 0) {
            j->result.frames++;
            if (j->pause_ns)
                nanosleep(&(struct timespec){j->pause_ns / SECOND, j->pause_ns % SECOND}, NULL);
        }
    }
    j->result.cpu_s = process_cpu_seconds(0) - cpu0;
    dao_remote_close(r);
    return NULL;
}

/* n clients in one child process, each a thread with its own connection;
 * their results come back through the pipe. */
static pid_t start_clients(client_job *jobs, unsigned n, int *fd_out)
{
    int fd;
    pid_t pid = fork_reporter(fd_out, &fd);
    if (pid != 0)
        return pid;
    pthread_t t[64];
    for (unsigned i = 0; i < n; i++)
        pthread_create(&t[i], NULL, client_thread, &jobs[i]);
    for (unsigned i = 0; i < n; i++) {
        pthread_join(t[i], NULL);
        if (write(fd, &jobs[i].result, sizeof jobs[i].result) < 0)
            _exit(2);
    }
    _exit(0);
}

static void finish_clients(pid_t pid, int fd, client_job *jobs, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (read(fd, &jobs[i].result, sizeof jobs[i].result) != sizeof jobs[i].result)
            jobs[i].result = (client_result){0};
    close(fd);
    reap(pid, false);
}

/* ---- serving ------------------------------------------------------------ */

/* Serve `path` in a child; *url gets tcp://127.0.0.1:PORT/STEM. */
static pid_t serve(const char *path, bool lz4, bool semaphore, char *url, size_t url_len)
{
    server_args a = {.paths = {path}, .n_paths = 1, .lz4 = lz4, .semaphore = semaphore, .hold_ns = SECOND};
    char ep[160];
    pid_t pid = remote_server_start(&a, ep, sizeof ep);
    if (pid < 0) {
        fprintf(stderr, "server: %s\n", ep);
        exit(1);
    }
    snprintf(url, url_len, "%s/%s", ep, strrchr(path, '/') + 1);
    *strchr(strrchr(url, '/'), '.') = 0;
    return pid;
}

typedef struct bench {
    char path[128];      /* the camera stream, 1024² uint16, depth 1 */
    uint16_t *frames;
} bench;

static writer_job camera_writer(const bench *b, int64_t period_ns, int64_t duration_ns)
{
    return (writer_job){.path = b->path, .frames = b->frames, .frame_bytes = FRAME_BYTES,
                        .n_frames = N_CAMERA, .period_ns = period_ns, .duration_ns = duration_ns};
}

/* ---- throughput --------------------------------------------------------- */

/* One client taking frames as fast as it can for d from the stream at
 * path (a writer runs); frames per second and CPU µs per frame. */
typedef struct remote_figures {
    double fps, server_cpu_us, client_cpu_us;
} remote_figures;

static remote_figures remote_rate(const char *path, bool lz4, bool semaphore, int64_t d)
{
    char url[256];
    pid_t srv = serve(path, lz4, semaphore, url, sizeof url);
    client_job job = {.url = url, .duration_ns = d, .lz4 = lz4};
    int cfd;
    double srv0 = process_cpu_seconds(srv);
    pid_t c = start_clients(&job, 1, &cfd);
    finish_clients(c, cfd, &job, 1);
    double srv_cpu = process_cpu_seconds(srv) - srv0;
    reap(srv, true);
    double n = (double)job.result.frames;
    return (remote_figures){.fps = n / ((double)d / 1e9),
                            .server_cpu_us = n ? srv_cpu / n * 1e6 : NAN,
                            .client_cpu_us = n ? job.result.cpu_s / n * 1e6 : NAN};
}

/* The served stream's bytes per second against raw TCP moving the same
 * bytes per message (a frame's header and payload) on the same loopback,
 * each while the same writer runs. The stream has FIFO depth 8 and a
 * writer that only stamps and commits, at a rate that offers more bytes
 * than loopback carries (capped at 40 kHz): the figure is the transport's,
 * not the writer's (the camera figure is a real writer's), and the server
 * copies the newest whole segment, which the writer will not touch for 7
 * more frames. Each figure is the best of three runs (below). */
static void figure_throughput(void)
{
    int64_t d = (int64_t)(0.6 * SECOND * scale) + SECOND / 5;
    printf("throughput  frame            bytes/frame  raw one-way  raw req+reply  remote    frames/s  remote/raw "
           "  CPU µs/frame: raw sender+receiver  remote server+client  by CPU  (writer Hz)\n");
    for (size_t k = 0; k < N_KINDS; k++) {
        const kind *kd = &kinds[k];
        char path[128];
        snprintf(path, sizeof path, "/tmp/rbench%dt%zu.im.shm", (int)getpid(), k);
        if (kind_stream(path, kd, 8) < 0) {
            fprintf(stderr, "%s: cannot create\n", path);
            continue;
        }
        size_t bytes = kind_bytes(kd), message = bytes + dao_remote__frame_header_size(0);
        double rate = 8e9 / (double)bytes;
        rate = rate > 40000 ? 40000 : rate;
        writer_job wj = {.path = path, .touch_only = true, .period_ns = (int64_t)(1e9 / rate),
                         .duration_ns = 9 * d + 6 * SECOND};
        int wfd;
        pid_t w = start_writer(&wj, &wfd);
        /* Three rounds of the three, interleaved, and the best of each:
         * other work on a shared machine only ever slows a run down, and
         * it drifts over seconds, so a ratio of runs far apart, or of one
         * run each, says more about the load than about the transport. */
        raw_rate one = {0}, rr = {0};
        remote_figures rf = {0};
        for (int round = 0; round < 3; round++) {
            raw_rate o1 = raw_tcp_one_way(message, d), r1 = raw_tcp_request_reply(WIRE_REQUEST_SIZE, message, d);
            remote_figures f1 = remote_rate(path, false, false, d);
            one = o1.per_s > one.per_s ? o1 : one;
            rr = r1.per_s > rr.per_s ? r1 : rr;
            rf = f1.fps > rf.fps ? f1 : rf;
        }
        writer_stats ws = finish_writer(w, wfd);
        dao_stream_unlink(path);
        /* The better of the two raw figures is the baseline. */
        raw_rate *raw = rr.per_s > one.per_s ? &rr : &one;
        /* "By CPU": the ratio when CPU time is what runs out (two cores
         * shared with other work, as here): the raw pair's CPU time per
         * frame over the server's and client's. Load changes it less than
         * it changes rates. */
        double raw_cpu = raw->sender_cpu_us + raw->receiver_cpu_us;
        double remote_cpu = rf.server_cpu_us + rf.client_cpu_us;
        char name[32];
        snprintf(name, sizeof name, "%ux%u %s", kd->ny, kd->nx, kd->type_name);
        printf("throughput  %-16s %9zu  %7.0f MB/s  %7.0f MB/s  %5.0f MB/s  %7.0f  ×%.2f       "
               "%5.0f + %5.0f %-15s  %5.0f + %5.0f        ×%.2f   (%.0f)\n",
               name, bytes, one.per_s * (double)message / 1e6, rr.per_s * (double)message / 1e6,
               rf.fps * (double)message / 1e6, rf.fps, rf.fps / raw->per_s, raw->sender_cpu_us,
               raw->receiver_cpu_us, raw == &rr ? "(req+reply)" : "(one-way)", rf.server_cpu_us,
               rf.client_cpu_us, raw_cpu / remote_cpu, (double)ws.frames / ((double)wj.duration_ns / 1e9));
    }
}

/* A camera-like writer as AO runs them: whole-frame writes at 1 kHz into a
 * stream of depth 1, so the server must find the gaps between writes. The
 * frames delivered of those written (every one would be ×1.00). */
static void figure_camera(bench *b)
{
    int64_t d = (int64_t)(3 * SECOND * scale);
    static const struct { bool lz4, sem; const char *name; } modes[] = {
        {false, false, "remote     "}, {false, true, "remote+sem "}, {true, false, "remote+lz4 "},
    };
    for (size_t m = 0; m < 3; m++) {
        writer_job wj = camera_writer(b, 1000000, d + 2 * SECOND);
        int wfd;
        pid_t w = start_writer(&wj, &wfd);
        remote_figures rf = remote_rate(b->path, modes[m].lz4, modes[m].sem, d);
        writer_stats ws = finish_writer(w, wfd);
        double written = (double)ws.frames / ((double)wj.duration_ns / 1e9);
        printf("camera      %s 1024x1024 uint16 depth 1, writer %4.0f Hz: %6.1f frames/s delivered (×%.2f of "
               "written)  CPU µs/frame server %.0f client %.0f\n",
               modes[m].name, written, rf.fps, rf.fps / written, rf.server_cpu_us, rf.client_cpu_us);
    }
}

/* ---- latency ------------------------------------------------------------ */

static void latency_run(const char *path, const kind *kd, bool semaphore, unsigned rounds, double *p50,
                        double *p99)
{
    char url[256], local[160];
    pid_t srv = serve(path, false, semaphore, url, sizeof url);
    /* A stem of its own: streams sharing a stem share semaphores. */
    snprintf(local, sizeof local, "/tmp/rbench%dm.im.shm", (int)getpid());
    size_t bytes = kind_bytes(kd);
    void *frames = pattern_frames(bytes, 2);
    writer_job wj = {.path = path, .frames = frames, .frame_bytes = bytes, .n_frames = 2,
                     .period_ns = 10000000, .duration_ns = (int64_t)rounds * 10000000 + 2 * SECOND};
    int wfd;
    pid_t w = start_writer(&wj, &wfd);
    dao_remote_options o = DAO_REMOTE_OPTIONS_INIT;
    o.accept_lz4 = false;
    dao_remote *r;
    dao_remote_open(&r, url, &o);
    dao_stream *ls = NULL;
    int64_t *lat = malloc(rounds * sizeof *lat);
    unsigned n = 0;
    /* Until `rounds` frames, or the writer's end (a loaded machine may
     * deliver fewer than it wrote). */
    int64_t end = now_ns() + wj.duration_ns;
    while (dao_remote_wait(r, SECOND) != 0 && now_ns() < end)
        ;
    while (n < rounds && now_ns() < end) {
        if (dao_remote_wait(r, 100000000) != 0)
            continue;
        const dao_remote_frame *f = dao_remote_frame_info(r);
        dao_remote_mirror_write(r, &ls, local, NULL); /* the mirror's commit, as daoctl mirror does it */
        if (ls)
            lat[n++] = dao_stream_write_time_ns(ls) - f->write_time_ns;
    }
    dao_remote_close(r);
    finish_writer(w, wfd);
    reap(srv, true);
    dao_stream_close(ls);
    dao_stream_unlink(local);
    *p50 = percentile(lat, n, 0.5);
    *p99 = percentile(lat, n, 0.99);
    free(lat);
    free(frames);
}

/* Writer's commit → the mirror's commit of the same frame, per kind, with
 * the server polling and waking on a semaphore, beside half a raw TCP
 * ping-pong of the frame's bytes. A 100 Hz writer into a stream of depth 1. */
static void figure_latency(void)
{
    unsigned rounds = (unsigned)(100 * scale) + 20;
    for (size_t k = 0; k < N_KINDS; k++) {
        const kind *kd = &kinds[k];
        char path[128];
        snprintf(path, sizeof path, "/tmp/rbench%dl%zu.im.shm", (int)getpid(), k);
        if (kind_stream(path, kd, 1) < 0)
            continue;
        double p50, p99, s50, s99, r50, r99;
        latency_run(path, kd, false, rounds, &p50, &p99);
        latency_run(path, kd, true, rounds, &s50, &s99);
        raw_tcp_pingpong(kind_bytes(kd) + dao_remote__frame_header_size(0), rounds, &r50, &r99);
        dao_stream_unlink(path);
        char name[32];
        snprintf(name, sizeof name, "%ux%u %s", kd->ny, kd->nx, kd->type_name);
        printf("latency     %-16s commit→mirror commit p50/p99: remote %6.0f/%6.0f µs  remote+sem %6.0f/%6.0f µs  "
               "raw TCP one way %6.0f/%6.0f µs  (p50 ×%.1f, ×%.1f of raw)\n",
               name, p50 / 1e3, p99 / 1e3, s50 / 1e3, s99 / 1e3, r50 / 1e3, r99 / 1e3, p50 / r50, s50 / r50);
    }
}

static void figure_lz4(bench *b)
{
    uint8_t *out = malloc(dao_remote__codec_bound(FRAME_BYTES)), *scratch = malloc(FRAME_BYTES);
    uint8_t *dst = malloc(FRAME_BYTES);
    memset(dst, 0, FRAME_BYTES); /* fault its pages in before timing */
    memset(scratch, 0, FRAME_BYTES);
    unsigned reps = (unsigned)(4 * scale) + 1;
    int64_t t0 = now_ns();
    for (unsigned r = 0; r < reps; r++)
        for (unsigned i = 0; i < N_CAMERA; i++)
            memcpy(dst, b->frames + (size_t)i * NX * NY, FRAME_BYTES);
    double memcpy_ms = (double)(now_ns() - t0) / 1e6 / (reps * N_CAMERA);
    for (unsigned codec = DAO_REMOTE_CODEC_LZ4; codec <= DAO_REMOTE_CODEC_SHUFFLE_LZ4; codec++) {
        double bytes = 0, enc = 0, dec = 0;
        for (unsigned r = 0; r < reps; r++) {
            for (unsigned i = 0; i < N_CAMERA; i++) {
                const uint16_t *src = b->frames + (size_t)i * NX * NY;
                int64_t a = now_ns();
                size_t n = dao_remote__encode(codec, src, FRAME_BYTES, 2, out, scratch);
                int64_t m = now_ns();
                if (n == 0)
                    n = FRAME_BYTES;
                else
                    dao_remote__decode(codec, out, n, dst, FRAME_BYTES, 2, scratch);
                int64_t e = now_ns();
                enc += (double)(m - a);
                dec += (double)(e - m);
                bytes += (double)n;
            }
        }
        double k = reps * N_CAMERA;
        printf("lz4         %-12s ratio %.2f  encode %5.2f ms  decode %5.2f ms  (memcpy %.2f ms) per 2 MiB frame\n",
               codec == DAO_REMOTE_CODEC_LZ4 ? "lz4" : "shuffle+lz4", FRAME_BYTES * k / bytes, enc / k / 1e6,
               dec / k / 1e6, memcpy_ms);
    }
    free(out);
    free(scratch);
    free(dst);
}

/* The camera writer at 1 kHz for d with n clients of the server at path;
 * the writer's figures, and the server's CPU (fraction of a core), memory
 * and the frames its clients got. */
typedef struct period_run {
    writer_stats ws;
    double server_cpu;
    long rss_a, rss_b;
    uint64_t frames;
} period_run;

static period_run run_period(bench *b, unsigned n, double fps, bool sem, int64_t d)
{
    period_run pr = {0};
    char url[256];
    pid_t srv = serve(b->path, false, sem, url, sizeof url);
    client_job jobs[16];
    for (unsigned i = 0; i < n; i++)
        jobs[i] = (client_job){.url = url, .max_fps = fps, .duration_ns = d + SECOND};
    int cfd = -1;
    pid_t c = n ? start_clients(jobs, n, &cfd) : 0;
    nanosleep(&(struct timespec){0, 500000000}, NULL); /* let them connect */
    writer_job wj = camera_writer(b, 1000000, d);
    int wfd;
    pid_t w = start_writer(&wj, &wfd);
    double cpu_a = process_cpu_seconds(srv);
    pr.rss_a = rss_kib(srv);
    pr.ws = finish_writer(w, wfd);
    pr.server_cpu = (process_cpu_seconds(srv) - cpu_a) / ((double)d / 1e9);
    pr.rss_b = rss_kib(srv);
    if (n) {
        finish_clients(c, cfd, jobs, n);
        for (unsigned i = 0; i < n; i++)
            pr.frames += jobs[i].result.frames;
    }
    reap(srv, true);
    return pr;
}

/* Each configuration runs right after a run with no client, and its
 * writer's period is given as a ratio of that one's: on a shared machine
 * the load drifts between runs further apart. */
static void figure_period(bench *b)
{
    /* Clients at a viewer's 30 fps, and clients taking every frame (the
     * server then copies every frame the writer makes). */
    static const struct { unsigned n; double fps; bool sem; } runs[] = {
        {1, 30, false}, {4, 30, false}, {16, 30, false}, {1, 0, false},
        {4, 0, false},  {1, 30, true},  {16, 30, true},
    };
    int64_t d = (int64_t)(3 * SECOND * scale);
    for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
        unsigned n = runs[k].n;
        period_run none = run_period(b, 0, 0, runs[k].sem, d);
        period_run pr = run_period(b, n, runs[k].fps, runs[k].sem, d);
        char who[32];
        if (runs[k].fps > 0)
            snprintf(who, sizeof who, "%2u clients@%.0ffps%s", n, runs[k].fps, runs[k].sem ? " sem" : "    ");
        else
            snprintf(who, sizeof who, "%2u clients@every ", n);
        const writer_stats *ws = &pr.ws, *w0 = &none.ws;
        printf("period      %s  writer period mean %7.1f µs ×%.3f of %7.1f with none  p99 %7.1f (none %7.1f) µs  "
               "write() p50 %4.0f (none %4.0f) µs  server CPU %5.1f%% (%.2f%%/client)  RSS %ld→%ld KiB  "
               "client fps %.1f\n",
               who, ws->period_mean_ns / 1e3, ws->period_mean_ns / w0->period_mean_ns, w0->period_mean_ns / 1e3,
               ws->period_p99_ns / 1e3, w0->period_p99_ns / 1e3, ws->write_p50_ns / 1e3, w0->write_p50_ns / 1e3,
               pr.server_cpu * 100, (pr.server_cpu - none.server_cpu) * 100 / n, pr.rss_a, pr.rss_b,
               (double)pr.frames / n / ((double)d / 1e9)); /* frames come only while the writer runs */
    }
}

/* A peer that floods requests and never reads an answer: its socket's
 * queue fills, TCP pushes back, and the server's sends to it are refused
 * (two messages queued at most), whatever it does. */
static pid_t start_greedy(const char *url, int64_t duration_ns)
{
    pid_t pid = fork_child();
    if (pid != 0)
        return pid;
    char ep[160], name[64];
    if (dao_remote_parse_url(url, ep, sizeof ep, name, sizeof name) < 0)
        _exit(1);
    void *ctx = zmq_ctx_new(), *d = zmq_socket(ctx, ZMQ_DEALER);
    int one = 1;
    zmq_setsockopt(d, ZMQ_RCVHWM, &one, sizeof one);
    zmq_setsockopt(d, ZMQ_RCVBUF, &one, sizeof one);
    zmq_connect(d, ep);
    wire_request rq = {.kind = WIRE_REQUEST_FRAME, .codecs = 1};
    strcpy(rq.name, name);
    uint8_t buf[WIRE_REQUEST_SIZE];
    int64_t end = now_ns() + duration_ns;
    for (uint64_t n = 1; now_ns() < end; n++) {
        rq.last_counter = n; /* never the frame it has: always "send me one" */
        dao_remote__request_encode(buf, &rq);
        zmq_send(d, buf, sizeof buf, ZMQ_DONTWAIT);
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    }
    _exit(0);
}

static void figure_slow_beside_fast(bench *b)
{
    int64_t d = (int64_t)(4 * SECOND * scale);
    double fast_alone = 0;
    static const char *const beside[] = {"alone", "beside a 1 fps one", "beside a greedy one"};
    for (int k = 0; k < 3; k++) {
        char url[256];
        pid_t srv = serve(b->path, false, false, url, sizeof url);
        writer_job wj = camera_writer(b, 2000000, d + 2 * SECOND);
        int wfd;
        pid_t w = start_writer(&wj, &wfd);
        client_job jobs[2] = {
            {.url = url, .duration_ns = d},
            {.url = url, .duration_ns = d, .pause_ns = SECOND},
        };
        pid_t greedy = k == 2 ? start_greedy(url, d + SECOND) : 0;
        int cfd;
        pid_t c = start_clients(jobs, k == 1 ? 2 : 1, &cfd);
        nanosleep(&(struct timespec){1, 0}, NULL);
        long rss_a = rss_kib(srv);
        finish_clients(c, cfd, jobs, k == 1 ? 2 : 1);
        long rss_b = rss_kib(srv);
        writer_stats ws = finish_writer(w, wfd);
        if (greedy)
            reap(greedy, true);
        reap(srv, true);
        double secs = (double)d / 1e9, fast = (double)jobs[0].result.frames / secs;
        if (k == 0)
            fast_alone = fast;
        printf("slow        fast client %-20s %6.1f fps (×%.2f)", beside[k], fast, fast / fast_alone);
        if (k == 1)
            printf("  slow one %.2f fps", (double)jobs[1].result.frames / secs);
        printf("  server RSS %ld→%ld KiB  writer period mean %.1f µs p99 %.1f µs\n", rss_a, rss_b,
               ws.period_mean_ns / 1e3, ws.period_p99_ns / 1e3);
    }
}

/* The bench's streams, removed (with their semaphores) on Ctrl-C too. */
static void remove_streams(void)
{
    char path[160];
    int pid = (int)getpid();
    snprintf(path, sizeof path, "/tmp/rbench%d.im.shm", pid);
    dao_stream_unlink(path);
    snprintf(path, sizeof path, "/tmp/rbench%dm.im.shm", pid);
    dao_stream_unlink(path);
    for (size_t k = 0; k < N_KINDS; k++) {
        snprintf(path, sizeof path, "/tmp/rbench%dt%zu.im.shm", pid, k);
        dao_stream_unlink(path);
        snprintf(path, sizeof path, "/tmp/rbench%dl%zu.im.shm", pid, k);
        dao_stream_unlink(path);
    }
}

static void remove_and_exit(int sig)
{
    (void)sig;
    remove_streams();
    _exit(1);
}

int main(int argc, char **argv)
{
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) {
            scale = 0.3;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("Usage: remote-bench [--quick] [throughput|camera|latency|lz4|period|slow]\n");
            return 0;
        } else {
            only = argv[i];
        }
    }
    bench b;
    snprintf(b.path, sizeof b.path, "/tmp/rbench%d.im.shm", (int)getpid());
    signal(SIGINT, remove_and_exit);
    signal(SIGTERM, remove_and_exit);
    uint32_t shape[2] = {NY, NX};
    dao_stream *s;
    int rc = dao_stream_create(&s, b.path, DAO_UINT16, 2, shape, NULL);
    if (rc < 0) {
        fprintf(stderr, "%s: %s\n", b.path, dao_strerror(rc));
        return 1;
    }
    dao_stream_close(s);
    b.frames = camera_frames();
    double load[3] = {0};
    getloadavg(load, 3);
    printf("remote-bench: %ld CPUs, load average %.2f %.2f %.2f\n", sysconf(_SC_NPROCESSORS_ONLN), load[0],
           load[1], load[2]);
    if (!only || strcmp(only, "throughput") == 0)
        figure_throughput();
    if (!only || strcmp(only, "camera") == 0)
        figure_camera(&b);
    if (!only || strcmp(only, "latency") == 0)
        figure_latency();
    if (!only || strcmp(only, "lz4") == 0)
        figure_lz4(&b);
    if (!only || strcmp(only, "period") == 0)
        figure_period(&b);
    if (!only || strcmp(only, "slow") == 0)
        figure_slow_beside_fast(&b);
    getloadavg(load, 3);
    printf("remote-bench: load average at the end %.2f %.2f %.2f\n", load[0], load[1], load[2]);
    remove_streams();
    free(b.frames);
    return 0;
}
