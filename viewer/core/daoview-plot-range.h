/* daoview-plot-range.h — a plot's y range that does not jump from frame to
 * frame: the levels (min/max, percentile … as the level policy chose them)
 * widened to whole ticks, kept while the levels stay inside it and fill at
 * least half of it. A DM's command vector whose extremes move between −0.4
 * and 0.6 keeps one axis instead of switching scale every frame. Plain C. */
#ifndef DAOVIEW_PLOT_RANGE_H
#define DAOVIEW_PLOT_RANGE_H

#include <stdbool.h>

typedef struct {
  double low, high;
  bool valid; /* false: the next update sets it afresh */
} DaoviewPlotRange;

/* Follow levels [low, high] (non-finite levels are ignored). Returns true
 * when the range changed. */
bool daoview_plot_range_update (DaoviewPlotRange *range, double low, double high);

#endif /* DAOVIEW_PLOT_RANGE_H */
