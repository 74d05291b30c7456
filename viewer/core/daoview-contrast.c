/* daoview-contrast.c — the levels under the contrast gestures (see
 * daoview-contrast.h). */
#include <float.h>
#include <math.h>

#include "daoview-contrast.h"

/* Levels that are finite, in order, and apart by at least a sliver of
 * their magnitude: whatever the gesture did, the image can be drawn and the
 * next gesture has a span to work with. */
static void
keep_apart (double *low, double *high)
{
  double lo = isfinite (*low) ? *low : *low > 0 ? DBL_MAX : -DBL_MAX;
  double hi = isfinite (*high) ? *high : *high > 0 ? DBL_MAX : -DBL_MAX;
  if (isnan (*low))
    lo = 0;
  if (isnan (*high))
    hi = lo + 1;
  if (hi < lo)
    {
      double t = lo;
      lo = hi, hi = t;
    }
  double floor = fmax (1e-12 * fmax (fabs (lo), fabs (hi)), 1e-300);
  if (hi - lo < floor)
    {
      double mid = lo / 2 + hi / 2;
      lo = mid - floor / 2;
      hi = mid + floor / 2;
    }
  *low = lo;
  *high = hi;
}

DaoviewContrastGrip
daoview_contrast_grip (double position)
{
  if (position <= DAOVIEW_CONTRAST_BAR_END)
    return DAOVIEW_CONTRAST_LOW;
  if (position >= 1 - DAOVIEW_CONTRAST_BAR_END)
    return DAOVIEW_CONTRAST_HIGH;
  return DAOVIEW_CONTRAST_MOVE;
}

void
daoview_contrast_bar (double low0, double high0, DaoviewContrastGrip grip, double fraction, double *low,
                      double *high)
{
  double shift = fraction * (high0 - low0);
  *low = grip == DAOVIEW_CONTRAST_HIGH ? low0 : low0 + shift;
  *high = grip == DAOVIEW_CONTRAST_LOW ? high0 : high0 + shift;
  /* An end dragged past the other stops short of it rather than flip the map. */
  if (grip != DAOVIEW_CONTRAST_MOVE && *high <= *low)
    {
      double floor = fmax (1e-12 * fmax (fabs (low0), fabs (high0)), 1e-300);
      if (grip == DAOVIEW_CONTRAST_LOW)
        *low = *high - floor;
      else
        *high = *low + floor;
    }
  keep_apart (low, high);
}

void
daoview_contrast_bias (double low0, double high0, double dx, double dy, double *low, double *high)
{
  double span = (high0 - low0) * exp (3 * dy);
  double centre = low0 / 2 + high0 / 2 - dx * (high0 - low0);
  *low = centre - span / 2;
  *high = centre + span / 2;
  keep_apart (low, high);
}

void
daoview_contrast_zoom (double low0, double high0, double steps, double *low, double *high)
{
  double span = (high0 - low0) * pow (0.9, steps);
  double centre = low0 / 2 + high0 / 2;
  *low = centre - span / 2;
  *high = centre + span / 2;
  keep_apart (low, high);
}
