/* time.c — clocks, sleeping and human-readable durations. */
#include <errno.h>
#include <math.h>
#include <time.h>

#include "daoctl.h"

static int64_t now_ns(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t daoctl_now_realtime_ns(void)
{
    return now_ns(CLOCK_REALTIME);
}

int64_t daoctl_now_monotonic_ns(void)
{
    return now_ns(CLOCK_MONOTONIC);
}

bool daoctl_sleep_seconds(double seconds)
{
    if (seconds <= 0)
        return true;
    struct timespec ts = {.tv_sec = (time_t)seconds};
    ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
    /* No retry on EINTR: an interrupted sleep is how Ctrl-C reaches the
     * loops of `watch`. */
    return nanosleep(&ts, NULL) == 0;
}

void daoctl_format_age(char *buf, size_t len, double seconds)
{
    if (seconds < 0 || !isfinite(seconds))
        snprintf(buf, len, "-");
    else if (seconds < 1)
        snprintf(buf, len, "%.0fms", seconds * 1e3);
    else if (seconds < 60)
        snprintf(buf, len, "%.1fs", seconds);
    else if (seconds < 3600)
        snprintf(buf, len, "%.0fm", floor(seconds / 60));
    else if (seconds < 86400)
        snprintf(buf, len, "%.0fh", floor(seconds / 3600));
    else
        snprintf(buf, len, "%.0fd", floor(seconds / 86400));
}

void daoctl_format_time(char *buf, size_t len, int64_t ns)
{
    if (ns <= 0) {
        snprintf(buf, len, "never");
        return;
    }
    time_t secs = (time_t)(ns / 1000000000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    size_t n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + n, len - n, ".%03dZ", (int)(ns % 1000000000 / 1000000));
}
