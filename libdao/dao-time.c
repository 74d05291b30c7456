/* dao-time.c — the two clocks: wall time for the header, monotonic for deadlines. */
#include <errno.h>
#include <time.h>

#include "dao-private.h"

static int64_t to_ns(const struct timespec *ts)
{
    return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

int64_t dao__now_realtime_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return to_ns(&ts);
}

int64_t dao__now_monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return to_ns(&ts);
}

dao__deadline dao__deadline_after(int64_t timeout_ns)
{
    return (dao__deadline){
        .timeout_ns = timeout_ns,
        .at_ns = timeout_ns > 0 ? dao__now_monotonic_ns() + timeout_ns : 0,
    };
}

int dao__deadline_left(const dao__deadline *d, int64_t *left)
{
    *left = d->timeout_ns;
    if (d->timeout_ns > 0) {
        *left = d->at_ns - dao__now_monotonic_ns();
        if (*left <= 0)
            return -ETIMEDOUT;
    }
    return 0;
}
