/* daoview-zoom.c — zoom steps, best fit, anchored zoom, pan limits. */
#include "daoview-zoom.h"

#include <math.h>

double
daoview_zoom_best_fit (double view_w, double view_h, double image_w, double image_h)
{
  if (view_w <= 0 || view_h <= 0 || image_w <= 0 || image_h <= 0)
    return 1.0;
  double zoom = fmin (view_w / image_w, view_h / image_h);
  return fmin (fmax (zoom, DAOVIEW_ZOOM_MIN), DAOVIEW_ZOOM_MAX);
}

/* Step k is 2^(k/4): ldexp() makes every fourth step an exact power of two. */
static double
zoom_step (int k)
{
  static const double quarter[4] = { 1.0, 1.189207115002721, 1.414213562373095,
                                     1.681792830507429 };
  int whole = k >= 0 ? k / 4 : -((-k + 3) / 4);
  return ldexp (quarter[k - 4 * whole], whole);
}

double
daoview_zoom_step_in (double zoom)
{
  for (int k = -24; k <= 32; k++)
    {
      double step = zoom_step (k);
      /* The tolerance keeps a zoom that is already (almost) on a step from
       * landing on that same step. */
      if (step > zoom * (1.0 + 1e-9))
        return fmin (step, DAOVIEW_ZOOM_MAX);
    }
  return DAOVIEW_ZOOM_MAX;
}

double
daoview_zoom_step_out (double zoom)
{
  for (int k = 32; k >= -24; k--)
    {
      double step = zoom_step (k);
      if (step < zoom * (1.0 - 1e-9))
        return fmax (step, DAOVIEW_ZOOM_MIN);
    }
  return DAOVIEW_ZOOM_MIN;
}

double
daoview_zoom_anchor_offset (double offset, double anchor, double old_zoom, double new_zoom)
{
  if (old_zoom <= 0)
    return offset;
  return anchor - (anchor - offset) * (new_zoom / old_zoom);
}

double
daoview_zoom_clamp_offset (double offset, double view_len, double image_len_scaled)
{
  if (image_len_scaled <= view_len)
    return floor ((view_len - image_len_scaled) / 2.0);
  if (offset > 0)
    return 0;
  if (offset + image_len_scaled < view_len)
    return view_len - image_len_scaled;
  return offset;
}
