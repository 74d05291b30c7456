/* bench-remote-raw.c — see bench-remote-raw.h. */
#include "bench-remote-raw.h"

#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * SECOND + ts.tv_nsec;
}

double thread_cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double process_cpu_seconds(pid_t pid)
{
    if (pid == 0) {
        struct timespec ts;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    }
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

pid_t fork_child(void)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0)
        prctl(PR_SET_PDEATHSIG, SIGKILL);
    return pid;
}

void reap(pid_t pid, bool kill_it)
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

double percentile(int64_t *v, size_t n, double p)
{
    if (n == 0)
        return NAN;
    qsort(v, n, sizeof *v, cmp_i64);
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return (double)v[i];
}

/* ---- sockets ------------------------------------------------------------ */

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

/* ZeroMQ sets TCP_NODELAY on its sockets: so do both ends here. */
static void no_delay(int fd)
{
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

static int tcp_connect(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    no_delay(fd);
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

/* The sending end in a child: its CPU time per message comes back through
 * a pipe when the receiver closes the connection. */
typedef struct raw_pair {
    pid_t sender;
    int fd;       /* the receiver's connected socket */
    int report;   /* the sender's report: its CPU seconds */
} raw_pair;

static bool raw_pair_start(raw_pair *p, size_t request_bytes, size_t message_bytes)
{
    int port, lfd = tcp_listener(&port), fds[2];
    if (lfd < 0 || pipe(fds) != 0)
        return false;
    p->sender = fork_child();
    if (p->sender == 0) {
        close(fds[0]);
        int fd = tcp_connect(port);
        uint8_t *buf = calloc(1, message_bytes), *rq = calloc(1, request_bytes + 1);
        double cpu0 = process_cpu_seconds(0);
        while ((request_bytes == 0 || recv_all(fd, rq, request_bytes)) && send_all(fd, buf, message_bytes))
            ;
        double cpu = process_cpu_seconds(0) - cpu0;
        if (write(fds[1], &cpu, sizeof cpu) < 0)
            _exit(2);
        _exit(0);
    }
    close(fds[1]);
    p->report = fds[0];
    p->fd = accept(lfd, NULL, NULL);
    close(lfd);
    no_delay(p->fd);
    return p->fd >= 0;
}

static double raw_pair_finish(raw_pair *p)
{
    shutdown(p->fd, SHUT_RDWR);
    close(p->fd);
    double cpu = NAN;
    if (read(p->report, &cpu, sizeof cpu) != sizeof cpu)
        cpu = NAN;
    close(p->report);
    reap(p->sender, false);
    return cpu;
}

static raw_rate raw_run(size_t request_bytes, size_t message_bytes, int64_t duration_ns)
{
    raw_rate r = {0};
    raw_pair p;
    if (!raw_pair_start(&p, request_bytes, message_bytes))
        return r;
    uint8_t *buf = malloc(message_bytes), *rq = calloc(1, request_bytes + 1);
    /* Warm up (connection, buffers), then count. The sender's CPU covers
     * the warm-up too: one message in thousands. */
    for (int i = 0; i < 4; i++) {
        if (request_bytes)
            send_all(p.fd, rq, request_bytes);
        recv_all(p.fd, buf, message_bytes);
    }
    double cpu0 = thread_cpu_seconds();
    int64_t t0 = now_ns();
    uint64_t n = 0;
    while (now_ns() - t0 < duration_ns) {
        if (request_bytes && !send_all(p.fd, rq, request_bytes))
            break;
        if (!recv_all(p.fd, buf, message_bytes))
            break;
        n++;
    }
    double secs = (double)(now_ns() - t0) / 1e9;
    double cpu = thread_cpu_seconds() - cpu0;
    double sender_cpu = raw_pair_finish(&p);
    r.per_s = (double)n / secs;
    r.receiver_cpu_us = n ? cpu / (double)n * 1e6 : NAN;
    r.sender_cpu_us = n ? sender_cpu / (double)(n + 4) * 1e6 : NAN;
    free(buf);
    free(rq);
    return r;
}

raw_rate raw_tcp_one_way(size_t message_bytes, int64_t duration_ns)
{
    return raw_run(0, message_bytes, duration_ns);
}

raw_rate raw_tcp_request_reply(size_t request_bytes, size_t message_bytes, int64_t duration_ns)
{
    return raw_run(request_bytes, message_bytes, duration_ns);
}

/* The far end echoes each message whole. */
void raw_tcp_pingpong(size_t message_bytes, unsigned rounds, double *p50, double *p99)
{
    int port, lfd = tcp_listener(&port);
    pid_t pid = fork_child();
    if (pid == 0) {
        int fd = tcp_connect(port);
        uint8_t *buf = malloc(message_bytes);
        while (recv_all(fd, buf, message_bytes) && send_all(fd, buf, message_bytes))
            ;
        _exit(0);
    }
    int fd = accept(lfd, NULL, NULL);
    no_delay(fd);
    uint8_t *buf = calloc(1, message_bytes);
    int64_t *t = malloc(rounds * sizeof *t);
    for (unsigned i = 0; i < rounds; i++) {
        int64_t t0 = now_ns();
        send_all(fd, buf, message_bytes);
        recv_all(fd, buf, message_bytes);
        t[i] = (now_ns() - t0) / 2;
        nanosleep(&(struct timespec){0, 5000000}, NULL);
    }
    *p50 = percentile(t, rounds, 0.5);
    *p99 = percentile(t, rounds, 0.99);
    close(fd);
    close(lfd);
    reap(pid, true);
    free(buf);
    free(t);
}
