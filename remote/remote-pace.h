/* remote-pace.h — when the server looks at a stream's counter again.
 *
 * A request waits on the server until its stream has a new frame; the
 * server polls the counter to see it (without a reader semaphore). Polling
 * at a fixed interval cannot follow a writer faster than it, and against a
 * writer of about that period it locks in phase and misses frames (a 1 ms
 * poll delivered 716 of a 1 kHz writer's 1000 frames a second: remote-bench
 * camera). The writer's own time stamps say when its next commit is due:
 * the pace looks right after that, and again at a fraction of the period
 * while the writer is late, never later than the server's poll interval.
 * For a stream of depth 1 a copy started right after a commit also has the
 * whole gap before the next write ahead of it, so fewer copies are torn. */
#ifndef DAO_REMOTE_PACE_H
#define DAO_REMOTE_PACE_H

#include <stdint.h>

/* Looks after this long while the writer is late: a fraction of its
 * period, at least PACE_MIN_NS. */
#define PACE_LATE_FRACTION 4
#define PACE_MIN_NS 20000
/* After the due time of a commit, to let the commit land first. */
#define PACE_MARGIN_NS 20000
/* A writer this many periods late has paused or stopped: back to the
 * poll interval, not a fast poll of a stream that does not move. */
#define PACE_LATE_PERIODS 4

typedef struct remote_pace {
    uint64_t counter;      /* the last counter observed (0: none yet) */
    int64_t write_time_ns; /* its write time (the writer's CLOCK_REALTIME) */
    int64_t period_ns;     /* the writer's period, smoothed (0: not known) */
} remote_pace;

/* Note the stream's counter and write time as seen now. */
void dao_remote__pace_observe(remote_pace *p, uint64_t counter, int64_t write_time_ns);

/* How long to wait before looking at the counter again, at real time
 * now_real_ns, at most max_wait_ns (the server's poll interval). */
int64_t dao_remote__pace_wait(const remote_pace *p, int64_t now_real_ns, int64_t max_wait_ns);

#endif /* DAO_REMOTE_PACE_H */
