/* daoview-rate.h — a rate from a growing count (frames written, frames
 * drawn), the viewer's one way of computing one.
 *
 * The estimate is the count's increase over the time since the last
 * estimate. The first comes after DAOVIEW_RATE_FIRST_US, so a new stream
 * shows a figure quickly; later ones average over at least
 * DAOVIEW_RATE_WINDOW_US, so the figure is readable at four updates a
 * second. A count that goes backwards (a stream re-created, its counter
 * back at 0) restarts the estimate. Plain C, no GLib.
 */
#ifndef DAOVIEW_RATE_H
#define DAOVIEW_RATE_H

#include <stdbool.h>
#include <stdint.h>

#define DAOVIEW_RATE_FIRST_US (200 * 1000)
#define DAOVIEW_RATE_WINDOW_US (500 * 1000)

typedef struct {
  int64_t since_us;     /* start of the current interval (monotonic µs) */
  uint64_t since_count; /* the count then */
  double hz;            /* the last estimate, 0 before the first */
  bool estimated;       /* hz comes from a whole interval */
} DaoviewRate;

/* Start (or restart) counting from `count` at `now_us`; hz becomes 0. */
void daoview_rate_start (DaoviewRate *rate, uint64_t count, int64_t now_us);

/* Offer the count at `now_us`. Returns true when hz was re-estimated. */
bool daoview_rate_update (DaoviewRate *rate, uint64_t count, int64_t now_us);

#endif /* DAOVIEW_RATE_H */
