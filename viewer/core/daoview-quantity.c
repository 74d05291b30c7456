/* daoview-quantity.c — the quantities the strip chart can follow (see
 * daoview-quantity.h). Add a row to `quantities` for a new one. */
#include "daoview-quantity.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include <stdint.h>

#include "daoview-element-private.h"
#include "daoview-psf.h"
#include "daoview-row-sums.h"

static double
pixel (const DaoviewPlane *plane, const DaoviewQuantityContext *c)
{
  double v = NAN;
  return daoview_plane_value_at (plane, c->x, c->y, &v) ? v : NAN;
}

/* The region clipped to the plane: x0, y0, width, height; FALSE if empty. */
static gboolean
region_of (const DaoviewPlane *plane, const DaoviewQuantityContext *c, unsigned r[4])
{
  if (!plane->values)
    return FALSE;
  if (!c->have_region)
    {
      r[0] = r[1] = 0, r[2] = plane->width, r[3] = plane->height;
      return plane->width > 0 && plane->height > 0;
    }
  unsigned x0 = MIN (c->region[0], c->region[2]), x1 = MAX (c->region[0], c->region[2]);
  unsigned y0 = MIN (c->region[1], c->region[3]), y1 = MAX (c->region[1], c->region[3]);
  if (x0 >= plane->width || y0 >= plane->height)
    return FALSE;
  r[0] = x0, r[1] = y0;
  r[2] = MIN (x1, plane->width - 1) - x0 + 1, r[3] = MIN (y1, plane->height - 1) - y0 + 1;
  return TRUE;
}

/* Mean and maximum of the finite values: the spot measurement's row
 * reductions (daoview-row-sums.h), vectorised for every type (a strip chart
 * samples every frame; bench-viewer prints the cost beside a memcpy of the
 * frame). */
static gboolean
mean_max (const DaoviewPlane *plane, const DaoviewQuantityContext *c, double *mean, double *max_out)
{
  unsigned r[4];
  int getter = daoview__getter_for (plane->type, plane->part);
  if (getter < 0 || !region_of (plane, c, r))
    return FALSE;
  double sum = 0, max = -INFINITY;
  size_t n = 0;
  for (unsigned y = r[1]; y < r[1] + r[3]; y++)
    {
      double row_max, row_sum;
      size_t row_count;
      daoview__row_peak_sum (getter, plane->values, (size_t) y * plane->width + r[0], r[2], &row_max,
                             &row_sum, &row_count);
      sum += row_sum, n += row_count;
      max = MAX (max, row_max);
    }
  if (n == 0)
    return FALSE;
  *mean = sum / n;
  *max_out = max;
  return TRUE;
}

static double
region_mean (const DaoviewPlane *plane, const DaoviewQuantityContext *c)
{
  double mean, max;
  return mean_max (plane, c, &mean, &max) ? mean : NAN;
}

static double
region_max (const DaoviewPlane *plane, const DaoviewQuantityContext *c)
{
  double mean, max;
  return mean_max (plane, c, &mean, &max) ? max : NAN;
}

static double
stream_rate (const DaoviewPlane *plane, const DaoviewQuantityContext *c)
{
  return c->stream_rate;
}

/* The spot (daoview-psf.h) in the region, or the whole plane, with the
 * panel's defaults: the border's median as the background, a 3σ
 * threshold for the centroid. NaN where there is no spot to measure. */
static gboolean
spot (const DaoviewPlane *plane, const DaoviewQuantityContext *c, DaoviewPsfResult *result)
{
  DaoviewPsfOptions o = DAOVIEW_PSF_OPTIONS_INIT;
  unsigned r[4];
  if (!region_of (plane, c, r))
    return FALSE;
  o.x = r[0], o.y = r[1], o.width = r[2], o.height = r[3];
  return daoview_psf_measure (plane, &o, result) == 0;
}

static double
centroid_x (const DaoviewPlane *plane, const DaoviewQuantityContext *c)
{
  DaoviewPsfResult r;
  return spot (plane, c, &r) ? r.centroid_x : NAN;
}

static double
centroid_y (const DaoviewPlane *plane, const DaoviewQuantityContext *c)
{
  DaoviewPsfResult r;
  return spot (plane, c, &r) ? r.centroid_y : NAN;
}

static double
fwhm (const DaoviewPlane *plane, const DaoviewQuantityContext *c)
{
  DaoviewPsfResult r;
  return spot (plane, c, &r) ? r.fwhm : NAN;
}

static const DaoviewQuantityClass quantities[] = {
  { "pixel", N_("Pixel value"), pixel },
  { "region-mean", N_("Region mean"), region_mean },
  { "region-max", N_("Region maximum"), region_max },
  { "centroid-x", N_("Centroid x (px)"), centroid_x },
  { "centroid-y", N_("Centroid y (px)"), centroid_y },
  { "fwhm", N_("FWHM (px)"), fwhm },
  { "stream-rate", N_("Stream rate (Hz)"), stream_rate },
};

guint
daoview_quantity_count (void)
{
  return G_N_ELEMENTS (quantities);
}

const DaoviewQuantityClass *
daoview_quantity_get (guint index)
{
  return index < G_N_ELEMENTS (quantities) ? &quantities[index] : NULL;
}

const DaoviewQuantityClass *
daoview_quantity_find (const char *name)
{
  for (guint i = 0; name && i < G_N_ELEMENTS (quantities); i++)
    if (g_str_equal (quantities[i].name, name))
      return &quantities[i];
  return NULL;
}
