/* daoview-copy-budget.h — does a checked copy of a frame fit in the time
 * the writer leaves between its writes?
 *
 * daoview copies the newest frame once per displayed frame, and libdao
 * throws a copy away when a write overtook it (a torn copy). On a stream
 * of FIFO depth 1 the writer rewrites the one frame in place: when a copy
 * takes about as long as the writer's period (a 2048² uint16 frame, 8 MB,
 * at 1 kHz on a 2-vCPU machine: a 0.96 ms copy against 0.67 ms idle),
 * almost every copy is torn and the display drops to a few hertz. No
 * reader can fix that; a FIFO of depth 2 or more does, because the newest
 * whole segment is not the one being written (libdao copies that one). The
 * watcher notes every copy attempt here and the verdict goes to the status
 * bar and --print-state, instead of a silent 7 Hz.
 *
 * The verdict: depth 1, at least DAOVIEW_COPY_BUDGET_MIN_ATTEMPTS attempts
 * in the last one to two seconds, and more than half of them torn. The
 * copy's duration is the mean of the copies that finished (a torn one
 * stops at the first piece a write overtook, so it says nothing about
 * the whole). Plain C, no GLib.
 */
#ifndef DAOVIEW_COPY_BUDGET_H
#define DAOVIEW_COPY_BUDGET_H

#include <stdbool.h>
#include <stdint.h>

#define DAOVIEW_COPY_BUDGET_WINDOW_US (1000 * 1000)
#define DAOVIEW_COPY_BUDGET_MIN_ATTEMPTS 10

typedef struct {
  int64_t window_start_us;
  uint64_t attempts, torn;           /* in the current window */
  uint64_t last_attempts, last_torn; /* in the one before */
  double copy_us;                    /* mean of whole copies; 0 before the first */
  uint64_t whole;                    /* copies that finished, ever */
} DaoviewCopyBudget;

typedef struct {
  bool exceeded;       /* most copies torn on a depth-1 stream */
  double copy_ms;      /* a whole copy's mean duration, 0 if none finished */
  double period_ms;    /* the writer's period, 0 if unknown */
  uint64_t attempts;   /* over the last one to two seconds */
  uint64_t torn;
} DaoviewCopyVerdict;

void daoview_copy_budget_init (DaoviewCopyBudget *budget, int64_t now_us);

/* One copy attempt that took duration_us and was torn or whole. */
void daoview_copy_budget_note (DaoviewCopyBudget *budget, bool torn, int64_t duration_us, int64_t now_us);

DaoviewCopyVerdict daoview_copy_budget_verdict (DaoviewCopyBudget *budget, double stream_hz,
                                                unsigned fifo_depth, int64_t now_us);

#endif /* DAOVIEW_COPY_BUDGET_H */
