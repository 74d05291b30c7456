/* daoview-plot-range.c — see daoview-plot-range.h. */
#include "daoview-plot-range.h"

#include <math.h>

#include "daoview-plot.h"

bool
daoview_plot_range_update (DaoviewPlotRange *range, double low, double high)
{
  if (!isfinite (low) || !isfinite (high))
    return false;
  if (range->valid && low >= range->low && high <= range->high
      && (high - low) * 2 >= range->high - range->low)
    return false;
  double l, h;
  daoview_plot_range (low, high, 5, &l, &h);
  bool changed = !range->valid || l != range->low || h != range->high;
  range->low = l;
  range->high = h;
  range->valid = true;
  return changed;
}
