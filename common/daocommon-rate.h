/* daocommon-rate.h — frame rates from a counter sampled over time.
 *
 * A rate is measured, never stored in a stream: two samples of a counter
 * (the stream's frame counter, or frames a viewer drew) and the monotonic
 * time between them. Two ways to use it:
 *
 * - Between two samples the caller chose (daoctl ls over --interval, daoctl
 *   watch over each line): daocommon_rate_between().
 * - A running estimate that a loop feeds as often as it likes (daoview's
 *   stream and display rates): a daocommon_rate meter. While its rate is 0
 *   (nothing measured yet, or nothing moving) a window lasts
 *   DAOCOMMON_RATE_FIRST_WINDOW_NS, so a stream that starts shows a rate
 *   quickly; once something moves, windows last DAOCOMMON_RATE_WINDOW_NS,
 *   so a stream at a few Hz does not flicker between 0 and twice its rate.
 *
 * A counter that goes backwards (the stream was re-created and counts from
 * 1 again) gives no rate for that window: the meter starts a new window.
 * Times are nanoseconds on one monotonic clock (CLOCK_MONOTONIC; GLib's
 * g_get_monotonic_time() * 1000).
 */
#ifndef DAOCOMMON_RATE_H
#define DAOCOMMON_RATE_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DAOCOMMON_RATE_FIRST_WINDOW_NS INT64_C(250000000) /* 0.25 s */
#define DAOCOMMON_RATE_WINDOW_NS INT64_C(1000000000)      /* 1 s */

/* Events per second from (then_ns, count_then) to (now_ns, count_now), or
 * a negative number when there is no rate to give: no time elapsed, or the
 * counter went backwards. */
double daocommon_rate_between(uint64_t count_then, int64_t then_ns, uint64_t count_now, int64_t now_ns);

typedef struct daocommon_rate {
    uint64_t window_count;  /* the counter when the current window began */
    int64_t window_start_ns;
    double hz;              /* the last estimate; 0 before the first */
    unsigned estimates;     /* how many windows have closed with a rate */
} daocommon_rate;

/* Starts measuring from this sample. */
void daocommon_rate_init(daocommon_rate *r, uint64_t count, int64_t now_ns);

/* Feeds a sample. Returns true when it closed a window and r->hz holds a
 * new estimate (0 when the counter did not move). A counter that went
 * backwards restarts the window and returns false; r->hz keeps the last
 * estimate until the next one. */
bool daocommon_rate_update(daocommon_rate *r, uint64_t count, int64_t now_ns);

#ifdef __cplusplus
}
#endif

#endif /* DAOCOMMON_RATE_H */
