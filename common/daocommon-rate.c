/* daocommon-rate.c — see daocommon-rate.h. */
#include "daocommon-rate.h"

double daocommon_rate_between(uint64_t count_then, int64_t then_ns, uint64_t count_now, int64_t now_ns)
{
    if (now_ns <= then_ns || count_now < count_then)
        return -1;
    return (double)(count_now - count_then) * 1e9 / (double)(now_ns - then_ns);
}

void daocommon_rate_init(daocommon_rate *r, uint64_t count, int64_t now_ns)
{
    r->window_count = count;
    r->window_start_ns = now_ns;
    r->hz = 0;
    r->estimates = 0;
}

bool daocommon_rate_update(daocommon_rate *r, uint64_t count, int64_t now_ns)
{
    if (count < r->window_count) {
        r->window_count = count;
        r->window_start_ns = now_ns;
        return false;
    }
    /* Short windows while nothing is known to move, long ones after. */
    int64_t window = r->hz > 0 ? DAOCOMMON_RATE_WINDOW_NS : DAOCOMMON_RATE_FIRST_WINDOW_NS;
    if (now_ns - r->window_start_ns < window)
        return false;
    r->hz = daocommon_rate_between(r->window_count, r->window_start_ns, count, now_ns);
    r->estimates++;
    r->window_count = count;
    r->window_start_ns = now_ns;
    return true;
}
