/* daoview-quantity.c — the quantities the strip chart can follow (see
 * daoview-quantity.h). Add a row to `quantities` for a new one. */
#include "daoview-quantity.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include <stdint.h>

#include "daoview-psf.h"

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

/* Mean and maximum of the finite values, with loops the compiler
 * vectorises (a strip chart samples every frame; the statistics panel's
 * careful passes cost as much as the frame's conversion at 1024²; bench-viewer
 * prints the cost beside a memcpy of the frame). Each returns the sum and
 * the count of the values it took. */

/* 8- and 16-bit integers: exact sums in 32 bits over runs of at most 65536
 * pixels (65535 × 65536 < 2³²), maxima in the type; no NaN to look for, so
 * one pass at memory speed — the usual camera's case. */
#define SMALL_INT_RUN 65536u
#define SCAN_SMALL_INT(T, ACC)                                                             \
  for (unsigned y = r[1]; y < r[1] + r[3]; y++)                                            \
    {                                                                                      \
      const T *row = (const T *) plane->values + (size_t) y * plane->width + r[0];         \
      for (unsigned x0 = 0; x0 < r[2]; x0 += SMALL_INT_RUN)                                \
        {                                                                                  \
          unsigned end = MIN (r[2], x0 + SMALL_INT_RUN);                                   \
          ACC run = 0;                                                                     \
          T m = row[x0];                                                                   \
          for (unsigned x = x0; x < end; x++)                                              \
            run += row[x], m = row[x] > m ? row[x] : m;                                    \
          isum += run;                                                                     \
          max = MAX (max, (double) m);                                                     \
        }                                                                                  \
    }                                                                                      \
  sum = (double) isum, n = (size_t) r[2] * r[3];

/* float: sums of 16 values in float (no worse than the values' own
 * precision), added into four double accumulators; the maximum in float. A
 * sum that is not finite means a NaN or ±Inf was there: the careful pass
 * skips them. */
static void
row_float (const float *row, unsigned width, double *sum, double *max)
{
  double s[4] = { 0, 0, 0, 0 };
  float m[4] = { -INFINITY, -INFINITY, -INFINITY, -INFINITY };
  unsigned x = 0;
  for (; x + 16 <= width; x += 16)
    {
      float f[4] = { 0, 0, 0, 0 };
      for (unsigned k = 0; k < 16; k += 4)
        for (int j = 0; j < 4; j++)
          f[j] += row[x + k + j], m[j] = row[x + k + j] > m[j] ? row[x + k + j] : m[j];
      for (int j = 0; j < 4; j++)
        s[j] += f[j];
    }
  for (; x < width; x++)
    s[0] += row[x], m[0] = row[x] > m[0] ? row[x] : m[0];
  *sum += (s[0] + s[1]) + (s[2] + s[3]);
  *max = MAX (*max, (double) MAX (MAX (m[0], m[1]), MAX (m[2], m[3])));
}

/* The wider types: four double sums and maxima side by side (independent
 * chains), then, if the sum is not finite, the careful pass. */
#define ROW_WIDE(T)                                                                        \
  {                                                                                        \
    double s4[4] = { 0, 0, 0, 0 }, m4[4] = { -INFINITY, -INFINITY, -INFINITY, -INFINITY }; \
    unsigned x = 0;                                                                        \
    for (; x + 4 <= r[2]; x += 4)                                                          \
      for (int j = 0; j < 4; j++)                                                          \
        s4[j] += (double) row[x + j], m4[j] = (double) row[x + j] > m4[j] ? (double) row[x + j] : m4[j]; \
    for (; x < r[2]; x++)                                                                  \
      s4[0] += (double) row[x], m4[0] = (double) row[x] > m4[0] ? (double) row[x] : m4[0]; \
    sum += (s4[0] + s4[1]) + (s4[2] + s4[3]);                                              \
    max = MAX (max, MAX (MAX (m4[0], m4[1]), MAX (m4[2], m4[3])));                         \
  }
#define ROW_FLOAT(T) row_float ((const float *) row, r[2], &sum, &max);
#define SCAN(T, ROW)                                                                       \
  for (int careful = 0; careful < 2; careful++)                                            \
    {                                                                                      \
      sum = 0, max = -INFINITY, n = 0;                                                     \
      for (unsigned y = r[1]; y < r[1] + r[3]; y++)                                        \
        {                                                                                  \
          const T *row = (const T *) plane->values + (size_t) y * plane->width + r[0];     \
          if (!careful)                                                                    \
            ROW (T)                                                                        \
          else                                                                             \
            for (unsigned x = 0; x < r[2]; x++)                                            \
              if (isfinite ((double) row[x]))                                              \
                sum += (double) row[x], max = MAX (max, (double) row[x]), n++;             \
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
  int64_t isum = 0;
  size_t n = 0;
  if (!region_of (plane, c, r))
    return FALSE;
  switch (plane->type)
    {
    case DAO_UINT8: SCAN_SMALL_INT (uint8_t, uint32_t); break;
    case DAO_INT8: SCAN_SMALL_INT (int8_t, int32_t); break;
    case DAO_UINT16: SCAN_SMALL_INT (uint16_t, uint32_t); break;
    case DAO_INT16: SCAN_SMALL_INT (int16_t, int32_t); break;
    case DAO_UINT32: SCAN (uint32_t, ROW_WIDE); break;
    case DAO_INT32: SCAN (int32_t, ROW_WIDE); break;
    case DAO_UINT64: SCAN (uint64_t, ROW_WIDE); break;
    case DAO_INT64: SCAN (int64_t, ROW_WIDE); break;
    case DAO_FLOAT: SCAN (float, ROW_FLOAT); break;
    case DAO_DOUBLE: SCAN (double, ROW_WIDE); break;
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
