/* bench-remote.c — figures for streams across machines, each beside a raw
 * baseline taken in the same run on the same machine (remote-bench --help).
 *
 *   throughput  1024² uint16 frames through daoctl's server and client over
 *               loopback, vs a raw TCP socket pair moving the same bytes;
 *   latency     writer's commit → mirror's commit (client + local write),
 *               p50/p99, vs half a raw TCP ping-pong of the same size;
 *   lz4         ratio and cost of LZ4 and shuffle+LZ4 on camera-like frames
 *               (a wandering PSF with speckles, sky and photon noise), vs memcpy;
 *   period      the writer's period and write() time with 0, 1, 4, 16 remote
 *               clients, the server's CPU per client and its memory;
 *   slow        a 1 frame/s client beside a fast one: the fast one's rate
 *               alone and beside it, the server's memory at start and end.
 *
 * Every party is a process of its own: writer, server, clients (the bench
 * itself is the mirror where latency is measured). Timings depend on the
 * machine's load; run it on a quiet machine and read the ratios. */
#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#include "dao-remote.h"
#include "remote-codec.h"
#include "remote-test-util.h"
#include "remote-wire.h"

#define NX 1024
#define NY 1024
#define FRAME_BYTES ((size_t)NX * NY * 2)
#define N_CAMERA 8
#define SECOND 1000000000LL

static double scale = 1.0; /* --quick: shorter runs */

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * SECOND + ts.tv_nsec;
}

static pid_t fork_child(void)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0)
        prctl(PR_SET_PDEATHSIG, SIGKILL);
    return pid;
}

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

static void reap(pid_t pid, bool kill_it)
{
    if (kill_it)
        kill(pid, SIGKILL);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static double pct(int64_t *v, size_t n, double p)
{
    if (n == 0)
        return NAN;
    qsort(v, n, sizeof *v, cmp_i64);
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return (double)v[i];
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

/* ---- the writer, a process of its own ---------------------------------- */

typedef struct writer_stats {
    uint64_t frames;
    double period_mean_ns, period_p99_ns, period_max_ns;
    double write_p50_ns, write_p99_ns;
} writer_stats;

/* Writes camera frames into path every period_ns (0: as fast as it can)
 * for duration_ns, then sends its figures through fd. */
static pid_t start_writer(const char *path, const uint16_t *frames, int64_t period_ns, int64_t duration_ns,
                          int *fd_out)
{
    int fd;
    pid_t pid = fork_reporter(fd_out, &fd);
    if (pid != 0)
        return pid;
    dao_stream *s;
    if (dao_stream_open(&s, path, 0) < 0)
        _exit(1);
    size_t cap = (size_t)(duration_ns / (period_ns ? period_ns : 100000)) + 16;
    int64_t *period = malloc(cap * sizeof *period), *wr = malloc(cap * sizeof *wr);
    size_t n = 0;
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    int64_t start = now_ns(), prev = 0;
    while (now_ns() - start < duration_ns) {
        if (period_ns) {
            next.tv_nsec += period_ns;
            while (next.tv_nsec >= SECOND) {
                next.tv_nsec -= SECOND;
                next.tv_sec++;
            }
            clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
        }
        int64_t t0 = now_ns();
        dao_stream_write(s, frames + (n % N_CAMERA) * NX * NY, FRAME_BYTES);
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
    st.period_p99_ns = m > 1 ? pct(period + 1, m - 1, 0.99) : 0;
    st.write_p50_ns = pct(wr, m, 0.5);
    st.write_p99_ns = pct(wr, m, 0.99);
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

typedef struct client_job {
    const char *url;
    double max_fps;
    int64_t pause_ns;    /* between frames (a slow consumer) */
    int64_t duration_ns;
    bool lz4;
    uint64_t frames;
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
    int64_t end = now_ns() + j->duration_ns;
    while (now_ns() < end) {
        if (dao_remote_wait(r, 100000000) == 0) {
            j->frames++;
            if (j->pause_ns)
                nanosleep(&(struct timespec){j->pause_ns / SECOND, j->pause_ns % SECOND}, NULL);
        }
    }
    dao_remote_close(r);
    return NULL;
}

/* n clients in one child process, each a thread with its own connection;
 * their frame counts come back through the pipe. */
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
        if (write(fd, &jobs[i].frames, sizeof jobs[i].frames) < 0)
            _exit(2);
    }
    _exit(0);
}

static void finish_clients(pid_t pid, int fd, client_job *jobs, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (read(fd, &jobs[i].frames, sizeof jobs[i].frames) != sizeof jobs[i].frames)
            jobs[i].frames = 0;
    close(fd);
    reap(pid, false);
}

/* ---- /proc -------------------------------------------------------------- */

static double cpu_seconds(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return NAN;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    unsigned long long ut = 0, st = 0;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
        return NAN;
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
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

/* ---- raw TCP baselines -------------------------------------------------- */

static int tcp_listener(int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    socklen_t len = sizeof sa;
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 1) != 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &len) != 0)
        return -1;
    *port = ntohs(sa.sin_port);
    return fd;
}

static int tcp_connect(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0 ? fd : -1;
}

static bool send_all(int fd, const void *buf, size_t n)
{
    const uint8_t *p = buf;
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

static bool recv_all(int fd, void *buf, size_t n)
{
    uint8_t *p = buf;
    while (n) {
        ssize_t r = recv(fd, p, n, 0);
        if (r <= 0)
            return false;
        p += r;
        n -= (size_t)r;
    }
    return true;
}

/* Bytes per second from one process to another over loopback TCP, in
 * frame-sized writes, for duration_ns. */
static double raw_tcp_throughput(int64_t duration_ns)
{
    int port, lfd = tcp_listener(&port);
    pid_t pid = fork_child();
    if (pid == 0) {
        int fd = tcp_connect(port);
        uint8_t *buf = calloc(1, FRAME_BYTES);
        while (send_all(fd, buf, FRAME_BYTES))
            ;
        _exit(0);
    }
    int fd = accept(lfd, NULL, NULL);
    uint8_t *buf = malloc(FRAME_BYTES);
    recv_all(fd, buf, FRAME_BYTES); /* warm up */
    int64_t t0 = now_ns();
    uint64_t bytes = 0;
    while (now_ns() - t0 < duration_ns) {
        if (!recv_all(fd, buf, FRAME_BYTES))
            break;
        bytes += FRAME_BYTES;
    }
    double rate = (double)bytes / ((double)(now_ns() - t0) / 1e9);
    close(fd);
    close(lfd);
    reap(pid, true);
    free(buf);
    return rate;
}

/* The frames of the same stream over a raw TCP pair, the way a server
 * without flow control does it (milk's): the sender spins on the counter,
 * copies each new frame with libdao's check and sends it; the receiver
 * counts. Frames per second received over duration_ns. */
static double raw_tcp_stream_rate(const char *path, int64_t duration_ns)
{
    int port, lfd = tcp_listener(&port);
    pid_t pid = fork_child();
    if (pid == 0) {
        dao_stream *s;
        if (dao_stream_open(&s, path, DAO_OPEN_READ_ONLY) < 0)
            _exit(1);
        int fd = tcp_connect(port);
        uint8_t *buf = malloc(FRAME_BYTES);
        uint64_t seen = dao_stream_counter(s);
        for (;;) {
            if (dao_stream_spin_wait(s, seen, SECOND, &seen) != 0)
                continue;
            if (dao_stream_read(s, buf, FRAME_BYTES, 0, NULL) == 0 && !send_all(fd, buf, FRAME_BYTES))
                _exit(0);
        }
    }
    int fd = accept(lfd, NULL, NULL);
    uint8_t *buf = malloc(FRAME_BYTES);
    recv_all(fd, buf, FRAME_BYTES); /* warm up */
    int64_t t0 = now_ns();
    uint64_t frames = 0;
    while (now_ns() - t0 < duration_ns && recv_all(fd, buf, FRAME_BYTES))
        frames++;
    double rate = (double)frames / ((double)(now_ns() - t0) / 1e9);
    close(fd);
    close(lfd);
    reap(pid, true);
    free(buf);
    return rate;
}

/* One-way time of a frame-sized message: half a ping-pong of two. */
static void raw_tcp_pingpong(unsigned rounds, double *p50, double *p99)
{
    int port, lfd = tcp_listener(&port);
    pid_t pid = fork_child();
    if (pid == 0) {
        int fd = tcp_connect(port);
        uint8_t *buf = malloc(FRAME_BYTES);
        while (recv_all(fd, buf, FRAME_BYTES) && send_all(fd, buf, FRAME_BYTES))
            ;
        _exit(0);
    }
    int fd = accept(lfd, NULL, NULL), one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    uint8_t *buf = calloc(1, FRAME_BYTES);
    int64_t *t = malloc(rounds * sizeof *t);
    for (unsigned i = 0; i < rounds; i++) {
        int64_t t0 = now_ns();
        send_all(fd, buf, FRAME_BYTES);
        recv_all(fd, buf, FRAME_BYTES);
        t[i] = (now_ns() - t0) / 2;
        nanosleep(&(struct timespec){0, 5000000}, NULL); /* like a 100-200 Hz writer */
    }
    *p50 = pct(t, rounds, 0.5);
    *p99 = pct(t, rounds, 0.99);
    close(fd);
    close(lfd);
    reap(pid, true);
    free(buf);
    free(t);
}

/* ---- the figures -------------------------------------------------------- */

typedef struct bench {
    char path[128];
    char url[256];
    uint16_t *frames;
} bench;

static pid_t serve(bench *b, bool lz4, bool semaphore)
{
    server_args a = {.paths = {b->path}, .n_paths = 1, .lz4 = lz4, .semaphore = semaphore, .hold_ns = SECOND};
    char ep[160];
    pid_t pid = remote_server_start(&a, ep, sizeof ep);
    if (pid < 0) {
        fprintf(stderr, "server: %s\n", ep);
        exit(1);
    }
    snprintf(b->url, sizeof b->url, "%s/%s", ep, strrchr(b->path, '/') + 1);
    *strchr(strrchr(b->url, '/'), '.') = 0;
    return pid;
}

/* One client taking frames as fast as it can for d, from a writer at
 * period_ns; returns frames per second and the writer's figures. */
static double remote_rate(bench *b, bool lz4, bool semaphore, int64_t period_ns, int64_t d, writer_stats *ws)
{
    pid_t srv = serve(b, lz4, semaphore);
    int wfd;
    pid_t w = start_writer(b->path, b->frames, period_ns, d + 2 * SECOND, &wfd);
    client_job job = {.url = b->url, .duration_ns = d, .lz4 = lz4};
    int cfd;
    pid_t c = start_clients(&job, 1, &cfd);
    finish_clients(c, cfd, &job, 1);
    *ws = finish_writer(w, wfd);
    reap(srv, true);
    return (double)job.frames / ((double)d / 1e9);
}

static void figure_throughput(bench *b)
{
    int64_t d = (int64_t)(3 * SECOND * scale);
    /* Writers at 500 Hz and 1 kHz: frames fresher than loopback can carry
     * them, with the gaps between writes every real writer leaves (one that
     * writes back to back leaves no moment for an untorn copy). */
    static const int64_t periods[] = {2000000, 1000000};
    for (size_t k = 0; k < 2; k++) {
        int64_t period = periods[k];
        static const struct { bool lz4, sem; const char *name; } modes[] = {
            {false, false, "remote     "}, {false, true, "remote+sem "}, {true, false, "remote+lz4 "},
        };
        for (size_t m = 0; m < 3; m++) {
            writer_stats ws;
            double fps = remote_rate(b, modes[m].lz4, modes[m].sem, period, d, &ws);
            printf("throughput  %s writer %4.0f Hz  %6.0f MB/s  %6.1f frames/s  (writer wrote %.0f/s)\n",
                   modes[m].name, 1e9 / (double)period, fps * FRAME_BYTES / 1e6, fps,
                   (double)ws.frames / ((double)(d + 2 * SECOND) / 1e9));
        }
        /* The same contention for the baseline: the same writer runs. */
        int wfd;
        pid_t w = start_writer(b->path, b->frames, period, 2 * d + 2 * SECOND, &wfd);
        double raw = raw_tcp_throughput(d);
        double raw_frames = raw_tcp_stream_rate(b->path, d);
        finish_writer(w, wfd);
        printf("throughput  raw TCP     writer %4.0f Hz  %6.0f MB/s  %6.1f frames/s  (baseline: bytes only)\n",
               1e9 / (double)period, raw / 1e6, raw / FRAME_BYTES);
        printf("throughput  raw TCP     writer %4.0f Hz  %6.0f MB/s  %6.1f frames/s  (baseline: the stream's "
               "frames, spin + copy + send)\n",
               1e9 / (double)period, raw_frames * FRAME_BYTES / 1e6, raw_frames);
    }
}

static void figure_latency(bench *b)
{
    unsigned rounds = (unsigned)(200 * scale) + 20;
    static const struct { bool lz4, sem; const char *name; } modes[] = {
        {false, false, "remote    "}, {false, true, "remote+sem"}, {true, false, "remote+lz4"},
    };
    for (size_t m = 0; m < 3; m++) {
        bool lz4 = modes[m].lz4;
        pid_t srv = serve(b, lz4, modes[m].sem);
        char local[160];
        /* A stem of its own: streams sharing a stem share semaphores. */
        snprintf(local, sizeof local, "/tmp/rbench%dm%zu.im.shm", (int)getpid(), m);
        uint32_t shape[2] = {NY, NX};
        dao_stream *ls;
        dao_stream_create(&ls, local, DAO_UINT16, 2, shape, NULL);
        int wfd;
        pid_t w = start_writer(b->path, b->frames, 10000000, (int64_t)rounds * 10000000 + 2 * SECOND, &wfd);
        dao_remote_options o = DAO_REMOTE_OPTIONS_INIT;
        o.accept_lz4 = lz4;
        dao_remote *r;
        dao_remote_open(&r, b->url, &o);
        int64_t *lat = malloc(rounds * sizeof *lat);
        unsigned n = 0;
        /* Until `rounds` frames, or the writer's end (a loaded machine may
         * deliver fewer than it wrote). */
        int64_t end = now_ns() + (int64_t)rounds * 10000000 + 2 * SECOND;
        while (dao_remote_wait(r, SECOND) != 0 && now_ns() < end)
            ;
        while (n < rounds && now_ns() < end) {
            if (dao_remote_wait(r, 100000000) != 0)
                continue;
            const dao_remote_frame *f = dao_remote_frame_info(r);
            dao_remote_mirror_write(r, &ls, local, NULL); /* the mirror's commit, as daoctl mirror does it */
            lat[n++] = dao_stream_write_time_ns(ls) - f->write_time_ns;
        }
        dao_remote_close(r);
        finish_writer(w, wfd);
        reap(srv, true);
        dao_stream_close(ls);
        dao_stream_unlink(local);
        printf("latency     %s   commit→mirror commit  p50 %6.0f µs  p99 %6.0f µs\n", modes[m].name,
               pct(lat, n, 0.5) / 1e3, pct(lat, n, 0.99) / 1e3);
        free(lat);
    }
    double p50, p99;
    raw_tcp_pingpong(rounds, &p50, &p99);
    printf("latency     raw TCP      one way (ping-pong/2) p50 %6.0f µs  p99 %6.0f µs  (baseline)\n", p50 / 1e3,
           p99 / 1e3);
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

static void figure_period(bench *b)
{
    static const struct { unsigned n; bool sem; } runs[] = {
        {0, false}, {1, false}, {4, false}, {16, false}, {1, true}, {16, true},
    };
    int64_t d = (int64_t)(3 * SECOND * scale);
    double cpu0 = 0;
    for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
        unsigned n = runs[k].n;
        pid_t srv = serve(b, false, runs[k].sem);
        client_job jobs[16];
        for (unsigned i = 0; i < n; i++)
            jobs[i] = (client_job){.url = b->url, .max_fps = 30, .duration_ns = d + SECOND};
        int cfd = -1;
        pid_t c = n ? start_clients(jobs, n, &cfd) : 0;
        nanosleep(&(struct timespec){0, 500000000}, NULL); /* let them connect */
        int wfd;
        pid_t w = start_writer(b->path, b->frames, 1000000, d, &wfd);
        double cpu_a = cpu_seconds(srv);
        long rss_a = rss_kib(srv);
        writer_stats ws = finish_writer(w, wfd);
        double cpu = (cpu_seconds(srv) - cpu_a) / ((double)d / 1e9);
        long rss_b = rss_kib(srv);
        uint64_t frames = 0;
        if (n) {
            finish_clients(c, cfd, jobs, n);
            for (unsigned i = 0; i < n; i++)
                frames += jobs[i].frames;
        }
        reap(srv, true);
        if (n == 0)
            cpu0 = cpu;
        printf("period      %2u clients@30fps%s  writer period mean %7.1f µs  p99 %7.1f µs  max %7.1f µs  "
               "write() p50 %5.0f µs p99 %5.0f µs  server CPU %5.1f%%",
               n, runs[k].sem ? " sem" : "    ", ws.period_mean_ns / 1e3, ws.period_p99_ns / 1e3, ws.period_max_ns / 1e3, ws.write_p50_ns / 1e3,
               ws.write_p99_ns / 1e3, cpu * 100);
        if (n)
            printf(" (%.2f%%/client)  RSS %ld→%ld KiB  client fps %.1f", (cpu - cpu0) * 100 / n, rss_a, rss_b,
                   (double)frames / n / ((double)d / 1e9)); /* frames come only while the writer runs */
        printf("\n");
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
        pid_t srv = serve(b, false, false);
        int wfd;
        pid_t w = start_writer(b->path, b->frames, 2000000, d + 2 * SECOND, &wfd);
        client_job jobs[2] = {
            {.url = b->url, .duration_ns = d},
            {.url = b->url, .duration_ns = d, .pause_ns = SECOND},
        };
        pid_t greedy = k == 2 ? start_greedy(b->url, d + SECOND) : 0;
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
        double secs = (double)d / 1e9, fast = jobs[0].frames / secs;
        if (k == 0)
            fast_alone = fast;
        printf("slow        fast client %-20s %6.1f fps (×%.2f)", beside[k], fast, fast / fast_alone);
        if (k == 1)
            printf("  slow one %.2f fps", jobs[1].frames / secs);
        printf("  server RSS %ld→%ld KiB  writer period mean %.1f µs p99 %.1f µs\n", rss_a, rss_b,
               ws.period_mean_ns / 1e3, ws.period_p99_ns / 1e3);
    }
}

/* The bench's stream, removed (with its semaphores) on Ctrl-C too. */
static char bench_path[128];

static void remove_and_exit(int sig)
{
    (void)sig;
    dao_stream_unlink(bench_path);
    _exit(1);
}

int main(int argc, char **argv)
{
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) {
            scale = 0.3;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("Usage: remote-bench [--quick] [throughput|latency|lz4|period|slow]\n");
            return 0;
        } else {
            only = argv[i];
        }
    }
    bench b;
    snprintf(b.path, sizeof b.path, "/tmp/rbench%d.im.shm", (int)getpid());
    snprintf(bench_path, sizeof bench_path, "%s", b.path);
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
    printf("remote-bench: %dx%d uint16 frames (%zu bytes), %ld CPUs, load average %.2f\n", NX, NY, FRAME_BYTES,
           sysconf(_SC_NPROCESSORS_ONLN), load[0]);
    if (!only || strcmp(only, "throughput") == 0)
        figure_throughput(&b);
    if (!only || strcmp(only, "latency") == 0)
        figure_latency(&b);
    if (!only || strcmp(only, "lz4") == 0)
        figure_lz4(&b);
    if (!only || strcmp(only, "period") == 0)
        figure_period(&b);
    if (!only || strcmp(only, "slow") == 0)
        figure_slow_beside_fast(&b);
    dao_stream_unlink(b.path);
    free(b.frames);
    return 0;
}
