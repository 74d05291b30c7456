/* bench-remote-raw.h — the raw TCP baselines of remote-bench: the same bytes
 * per message as a served frame, over a plain loopback socket pair between
 * two processes, with nothing of ZeroMQ or dao in the way. */
#ifndef BENCH_REMOTE_RAW_H
#define BENCH_REMOTE_RAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* What one baseline moved: messages per second, and the CPU time of each
 * end per message (user + system, the sender's and the receiver's). */
typedef struct raw_rate {
    double per_s;
    double sender_cpu_us, receiver_cpu_us;
} raw_rate;

/* One way: the sender writes message after message, the receiver reads
 * them (TCP's own flow control only). */
raw_rate raw_tcp_one_way(size_t message_bytes, int64_t duration_ns);

/* The exchange a served frame makes: a request of request_bytes, answered
 * with message_bytes; the next request once the answer is in. */
raw_rate raw_tcp_request_reply(size_t request_bytes, size_t message_bytes, int64_t duration_ns);

/* One-way time of a message: half a ping-pong of two, `rounds` times with a
 * pause between (like a 100-200 Hz writer); p50 and p99 in ns. */
void raw_tcp_pingpong(size_t message_bytes, unsigned rounds, double *p50, double *p99);

/* ---- shared with bench-remote.c ---- */
#define SECOND 1000000000LL
int64_t now_ns(void);
/* The CPU time of this thread, or of a process by pid (0: this one), s. */
double thread_cpu_seconds(void);
double process_cpu_seconds(pid_t pid);
pid_t fork_child(void); /* fork; the child dies with its parent */
void reap(pid_t pid, bool kill_it);
double percentile(int64_t *v, size_t n, double p); /* sorts v */

#endif /* BENCH_REMOTE_RAW_H */
