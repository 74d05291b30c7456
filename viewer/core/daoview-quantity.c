/* daoview-quantity.c — the quantities the strip chart can follow (see
 * daoview-quantity.h). Add a row to `quantities` for a new one. */
#include "daoview-quantity.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "daoview-stats.h"

static double
pixel (const DaoviewPlane *plane, const DaoviewQuantityContext *c)
{
  double v = NAN;
  return daoview_plane_value_at (plane, c->x, c->y, &v) ? v : NAN;
}

static gboolean
region_stats (const DaoviewPlane *plane, const DaoviewQuantityContext *c, DaoviewStats *stats)
{
  if (!plane->values)
    return FALSE;
  if (!c->have_region)
    return daoview_stats_frame (plane->type, plane->values, plane->width, plane->height, plane->part,
                                stats) == 0;
  unsigned x0 = MIN (c->region[0], c->region[2]), x1 = MAX (c->region[0], c->region[2]);
  unsigned y0 = MIN (c->region[1], c->region[3]), y1 = MAX (c->region[1], c->region[3]);
  return daoview_stats_rect (plane->type, plane->values, plane->width, plane->height, plane->part, x0,
                             y0, x1 - x0 + 1, y1 - y0 + 1, stats) == 0;
}

static double
region_mean (const DaoviewPlane *plane, const DaoviewQuantityContext *c)
{
  DaoviewStats s;
  return region_stats (plane, c, &s) ? s.mean : NAN;
}

static double
region_max (const DaoviewPlane *plane, const DaoviewQuantityContext *c)
{
  DaoviewStats s;
  return region_stats (plane, c, &s) ? s.max : NAN;
}

static double
stream_rate (const DaoviewPlane *plane, const DaoviewQuantityContext *c)
{
  return c->stream_rate;
}

static const DaoviewQuantityClass quantities[] = {
  { "pixel", N_("Pixel value"), pixel },
  { "region-mean", N_("Region mean"), region_mean },
  { "region-max", N_("Region maximum"), region_max },
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
