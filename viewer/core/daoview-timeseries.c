/* daoview-timeseries.c — the samples of a quantity, its spectrum, its
 * export (see daoview-timeseries.h). */
#include "daoview-timeseries.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "daoview-capture.h"

struct DaoviewTimeseries {
  double seconds;
  GArray *samples; /* DaoviewSample; the live ones from `first` on */
  guint first;
};

DaoviewTimeseries *
daoview_timeseries_new (double seconds)
{
  DaoviewTimeseries *series = g_new0 (DaoviewTimeseries, 1);
  series->seconds = seconds > 0 ? seconds : 10;
  series->samples = g_array_new (FALSE, FALSE, sizeof (DaoviewSample));
  return series;
}

void
daoview_timeseries_free (DaoviewTimeseries *series)
{
  if (!series)
    return;
  g_array_unref (series->samples);
  g_free (series);
}

/* Forget samples older than `seconds` before the newest, and more than the
 * maximum; the array is compacted once half of it is dead. */
static void
trim (DaoviewTimeseries *series)
{
  GArray *a = series->samples;
  if (a->len == series->first)
    return;
  double newest = g_array_index (a, DaoviewSample, a->len - 1).time;
  while (series->first < a->len
         && (newest - g_array_index (a, DaoviewSample, series->first).time > series->seconds
             || a->len - series->first > DAOVIEW_TIMESERIES_MAX_SAMPLES))
    series->first++;
  if (series->first > 1024 && series->first * 2 > a->len)
    {
      g_array_remove_range (a, 0, series->first);
      series->first = 0;
    }
}

void
daoview_timeseries_set_seconds (DaoviewTimeseries *series, double seconds)
{
  if (seconds > 0)
    series->seconds = seconds;
  trim (series);
}

double
daoview_timeseries_get_seconds (const DaoviewTimeseries *series)
{
  return series->seconds;
}

void
daoview_timeseries_clear (DaoviewTimeseries *series)
{
  g_array_set_size (series->samples, 0);
  series->first = 0;
}

gboolean
daoview_timeseries_add (DaoviewTimeseries *series, guint64 counter, double time, double value)
{
  if (!isfinite (time))
    return FALSE;
  guint n = daoview_timeseries_length (series);
  if (n > 0 && counter <= daoview_timeseries_last_counter (series))
    return FALSE;
  DaoviewSample s = { counter, time, value };
  g_array_append_val (series->samples, s);
  trim (series);
  return TRUE;
}

guint
daoview_timeseries_length (const DaoviewTimeseries *series)
{
  return series->samples->len - series->first;
}

const DaoviewSample *
daoview_timeseries_sample (const DaoviewTimeseries *series, guint i)
{
  return &g_array_index (series->samples, DaoviewSample, series->first + i);
}

guint64
daoview_timeseries_last_counter (const DaoviewTimeseries *series)
{
  guint n = daoview_timeseries_length (series);
  return n ? daoview_timeseries_sample (series, n - 1)->counter : 0;
}

/* ---- the spectrum --------------------------------------------------------- */

void
daoview_spectrum_clear (DaoviewSpectrum *spectrum)
{
  g_free (spectrum->psd);
  memset (spectrum, 0, sizeof *spectrum);
}

static int
compare_u64 (gconstpointer a, gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;
  return x < y ? -1 : x > y;
}

/* In-place radix-2 FFT of n (a power of two) complex values, re/im apart. */
static void
fft (double *re, double *im, guint n)
{
  for (guint i = 1, j = 0; i < n; i++)
    {
      guint bit = n >> 1;
      for (; j & bit; bit >>= 1)
        j ^= bit;
      j ^= bit;
      if (i < j)
        {
          double t = re[i]; re[i] = re[j]; re[j] = t;
          t = im[i]; im[i] = im[j]; im[j] = t;
        }
    }
  for (guint len = 2; len <= n; len <<= 1)
    {
      double angle = -2 * G_PI / len;
      for (guint i = 0; i < n; i += len)
        for (guint k = 0; k < len / 2; k++)
          {
            double wr = cos (angle * k), wi = sin (angle * k);
            guint a = i + k, b = i + k + len / 2;
            double xr = re[b] * wr - im[b] * wi, xi = re[b] * wi + im[b] * wr;
            re[b] = re[a] - xr, im[b] = im[a] - xi;
            re[a] += xr, im[a] += xi;
          }
    }
}

void
daoview_grid_clear (DaoviewGrid *grid)
{
  g_free (grid->values);
  memset (grid, 0, sizeof *grid);
}

gboolean
daoview_timeseries_grid (const DaoviewTimeseries *series, DaoviewGrid *out)
{
  daoview_grid_clear (out);

  /* The finite samples. */
  guint n = daoview_timeseries_length (series), m = 0;
  g_autofree DaoviewSample *s = g_new (DaoviewSample, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    if (isfinite (daoview_timeseries_sample (series, i)->value))
      s[m++] = *daoview_timeseries_sample (series, i);
  if (m < 8)
    return FALSE;
  double counters = (double) (s[m - 1].counter - s[0].counter);
  double period = (s[m - 1].time - s[0].time) / counters;
  if (!(period > 0) || !isfinite (period))
    return FALSE;

  /* The grid step: the median gap between sampled frames. */
  g_autofree guint64 *gaps = g_new (guint64, m - 1);
  for (guint i = 1; i < m; i++)
    gaps[i - 1] = s[i].counter - s[i - 1].counter;
  qsort (gaps, m - 1, sizeof *gaps, compare_u64);
  guint64 step = MAX (gaps[(m - 1) / 2], 1);
  guint points = (guint) MIN (counters / step + 1, (double) DAOVIEW_TIMESERIES_MAX_SAMPLES);
  if (points < 8)
    return FALSE;

  out->values = g_new (double, points);
  for (guint g = 0, j = 0; g < points; g++)
    {
      double c = (double) s[0].counter + (double) g * step;
      while (j + 1 < m - 1 && (double) s[j + 1].counter <= c)
        j++;
      double c0 = (double) s[j].counter, c1 = (double) s[j + 1].counter;
      double t = c1 > c0 ? (c - c0) / (c1 - c0) : 0;
      out->values[g] = s[j].value + CLAMP (t, 0, 1) * (s[j + 1].value - s[j].value);
    }
  out->n = points;
  out->step = (guint) step;
  out->period = period;
  out->first_time = s[0].time;
  out->last_time = s[0].time + (double) (points - 1) * step * period;
  return TRUE;
}

gboolean
daoview_timeseries_spectrum (const DaoviewTimeseries *series, DaoviewSpectrum *out)
{
  DaoviewGrid grid = { 0 };
  daoview_spectrum_clear (out);
  if (!daoview_timeseries_grid (series, &grid))
    return FALSE;

  guint points = grid.n, size = 1;
  while (size < points)
    size <<= 1;
  g_autofree double *re = g_new0 (double, size), *im = g_new0 (double, size);
  double mean = 0, w2 = 0;
  for (guint g = 0; g < points; g++)
    mean += grid.values[g];
  mean /= points;
  for (guint g = 0; g < points; g++)
    {
      double w = 0.5 - 0.5 * cos (2 * G_PI * g / (points - 1));
      re[g] = (grid.values[g] - mean) * w;
      w2 += w * w;
    }
  fft (re, im, size);

  double fs = 1 / (grid.period * grid.step);
  out->n_bins = size / 2 + 1;
  out->psd = g_new (double, out->n_bins);
  for (guint k = 0; k < out->n_bins; k++)
    {
      double c = k == 0 || k == size / 2 ? 1 : 2;
      out->psd[k] = c * (re[k] * re[k] + im[k] * im[k]) / (fs * w2);
    }
  out->bin_width = fs / size;
  out->sample_rate = fs;
  out->step = grid.step;
  out->n_points = points;
  daoview_grid_clear (&grid);
  return TRUE;
}

double
daoview_spectrum_peak (const DaoviewSpectrum *spectrum)
{
  guint best = 0;
  for (guint k = 1; k < spectrum->n_bins; k++)
    if (best == 0 || spectrum->psd[k] > spectrum->psd[best])
      best = k;
  return best ? best * spectrum->bin_width : NAN;
}

/* ---- export ------------------------------------------------------------- */

char *
daoview_timeseries_to_csv (const DaoviewTimeseries *series, const char *name)
{
  GString *csv = g_string_new (NULL);
  char value[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append_printf (csv, "counter,time,%s\n", name);
  for (guint i = 0; i < daoview_timeseries_length (series); i++)
    {
      const DaoviewSample *s = daoview_timeseries_sample (series, i);
      g_ascii_formatd (value, sizeof value, "%.17g", s->value);
      g_string_append_printf (csv, "%" G_GUINT64_FORMAT ",%.9f,%s\n", s->counter, s->time, value);
    }
  return g_string_free (csv, FALSE);
}

gboolean
daoview_timeseries_save_npy (const DaoviewTimeseries *series, const char *path, GError **error)
{
  guint n = daoview_timeseries_length (series);
  g_autofree double *rows = g_new (double, (gsize) MAX (n, 1) * 3);
  for (guint i = 0; i < n; i++)
    {
      const DaoviewSample *s = daoview_timeseries_sample (series, i);
      rows[3 * i] = (double) s->counter;
      rows[3 * i + 1] = s->time;
      rows[3 * i + 2] = s->value;
    }
  daoview_capture_frame frame = { rows, (size_t) n * 3 * sizeof (double), DAO_DOUBLE, 2, { n, 3, 0 } };
  daoview_capture_error err;
  if (n == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The strip chart is empty"));
      return FALSE;
    }
  int rc = daoview_capture_save_npy (path, &frame, &err);
  if (rc < 0)
    g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (-rc), err.message);
  return rc == 0;
}
