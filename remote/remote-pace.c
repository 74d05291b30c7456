/* remote-pace.c — see remote-pace.h. */
#include "remote-pace.h"

void dao_remote__pace_observe(remote_pace *p, uint64_t counter, int64_t write_time_ns)
{
    if (counter == p->counter)
        return;
    /* Frames counted since the last look, and the time they took by the
     * writer's own stamps; a counter that went back (a stream re-created)
     * or a clock that did starts the estimate afresh. */
    if (p->counter != 0 && counter > p->counter && write_time_ns > p->write_time_ns) {
        uint64_t frames = counter - p->counter;
        int64_t period = (write_time_ns - p->write_time_ns) / (int64_t)frames;
        /* Smoothed over about 4 observations: one late frame moves it by
         * a quarter. */
        p->period_ns = p->period_ns == 0 ? period : p->period_ns + (period - p->period_ns) / 4;
    } else if (p->counter != 0) {
        p->period_ns = 0;
    }
    p->counter = counter;
    p->write_time_ns = write_time_ns;
}

int64_t dao_remote__pace_wait(const remote_pace *p, int64_t now_real_ns, int64_t max_wait_ns)
{
    if (p->period_ns <= 0 || p->counter == 0)
        return max_wait_ns;
    int64_t late = p->period_ns / PACE_LATE_FRACTION;
    if (late < PACE_MIN_NS)
        late = PACE_MIN_NS;
    int64_t due = p->write_time_ns + p->period_ns + PACE_MARGIN_NS - now_real_ns;
    if (due < -PACE_LATE_PERIODS * p->period_ns)
        return max_wait_ns;
    int64_t wait = due > 0 ? due : late;
    return wait < max_wait_ns ? wait : max_wait_ns;
}
