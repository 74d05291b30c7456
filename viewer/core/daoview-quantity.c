/* daoview-quantity.c — the quantities the strip chart can follow (see
 * daoview-quantity.h). Add a row to `quantities` for a new one. */
#include "daoview-quantity.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include <stdint.h>

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

/* Mean and maximum of the finite values, typed loops for the real types (a
 * strip chart samples every frame: the statistics panel's three careful
 * passes cost as much as the frame's conversion at 1024²). The first pass
 * sums without looking at each value, so that it vectorises; a sum that is
 * not finite means a NaN or ±Inf was there, and a second pass skips them.
 * Complex parts go through the element reader. */
#define SCAN(T)                                                                            \
  for (int careful = 0; careful < 2; careful++)                                            \
    {                                                                                      \
      sum = 0, max = -INFINITY, n = 0;                                                     \
      for (unsigned y = r[1]; y < r[1] + r[3]; y++)                                        \
        {                                                                                  \
          const T *row = (const T *) plane->values + (size_t) y * plane->width + r[0];     \
          double row_sum = 0, row_max = -INFINITY;                                         \
          if (!careful)                                                                    \
            {                                                                              \
              /* four sums and maxima side by side: independent chains */                 \
              double s4[4] = { 0, 0, 0, 0 }, m4[4] = { -INFINITY, -INFINITY, -INFINITY, -INFINITY }; \
              unsigned x = 0;                                                              \
              for (; x + 4 <= r[2]; x += 4)                                                \
                for (int j = 0; j < 4; j++)                                                \
                  s4[j] += (double) row[x + j], m4[j] = (double) row[x + j] > m4[j] ? (double) row[x + j] : m4[j]; \
              for (; x < r[2]; x++)                                                        \
                s4[0] += (double) row[x], m4[0] = (double) row[x] > m4[0] ? (double) row[x] : m4[0]; \
              row_sum = (s4[0] + s4[1]) + (s4[2] + s4[3]);                                 \
              row_max = MAX (MAX (m4[0], m4[1]), MAX (m4[2], m4[3]));                      \
            }                                                                              \
          else                                                                             \
            for (unsigned x = 0; x < r[2]; x++)                                            \
              if (isfinite ((double) row[x]))                                              \
                row_sum += (double) row[x], row_max = MAX (row_max, (double) row[x]), n++; \
          sum += row_sum, max = MAX (max, row_max);                                        \
        }                                                                                  \
      if (!careful)                                                                        \
        n = (size_t) r[2] * r[3];                                                          \
      if (isfinite (sum) && isfinite (max))                                                \
        break;                                                                             \
    }

static gboolean
mean_max (const DaoviewPlane *plane, const DaoviewQuantityContext *c, double *mean, double *max_out)
{
  unsigned r[4];
  double sum = 0, max = -INFINITY;
  size_t n = 0;
  if (!region_of (plane, c, r))
    return FALSE;
  switch (plane->type)
    {
    case DAO_UINT8: SCAN (uint8_t); break;
    case DAO_INT8: SCAN (int8_t); break;
    case DAO_UINT16: SCAN (uint16_t); break;
    case DAO_INT16: SCAN (int16_t); break;
    case DAO_UINT32: SCAN (uint32_t); break;
    case DAO_INT32: SCAN (int32_t); break;
    case DAO_UINT64: SCAN (uint64_t); break;
    case DAO_INT64: SCAN (int64_t); break;
    case DAO_FLOAT: SCAN (float); break;
    case DAO_DOUBLE: SCAN (double); break;
    default:
      for (unsigned y = r[1]; y < r[1] + r[3]; y++)
        for (unsigned x = r[0]; x < r[0] + r[2]; x++)
          {
            double v = 0;
            daoview_plane_value_at (plane, x, y, &v);
            if (isfinite (v))
              sum += v, max = v > max ? v : max, n++;
          }
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
