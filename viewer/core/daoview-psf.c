/* daoview-psf.c — spot measurements on the displayed plane (the method is
 * in daoview-psf.h).
 *
 * One pass over the window finds the peak and the sum (the only step that
 * reads every pixel; per row, so that no position is tracked inside the
 * loops, which are daoview-row-sums.c's); the border, the two profiles
 * through the peak, the centroid box and the encircled-energy circle are
 * small. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "daoview-element-private.h"
#include "daoview-psf.h"
#include "daoview-row-sums.h"

#define MAD_TO_SIGMA 1.482602218505602    /* 1 / Φ⁻¹(3/4) */
#define EE_SUBSAMPLES 8
#define AIRY_SUBSAMPLES 16

typedef struct {
  const DaoviewPlane *plane;
  int getter;
  unsigned x0, y0, x1, y1; /* inclusive */
} Window;

static double
value_at (const Window *w, unsigned x, unsigned y)
{
  const DaoviewPlane *p = w->plane;
  return daoview_element_value (p->type, p->values, (size_t) y * p->width + x, p->part);
}

/* ---- the pass over every pixel: peak and sum ------------------------------ */

typedef struct {
  double peak;
  unsigned peak_row;
  double sum;
  size_t count;
} Pass;

static void
measure_row (const Window *w, unsigned y, double *hi, double *sum, size_t *count)
{
  daoview__row_peak_sum (w->getter, w->plane->values, (size_t) y * w->plane->width + w->x0,
                             w->x1 - w->x0 + 1, hi, sum, count);
}

static void
pass_window (const Window *w, Pass *pass)
{
  pass->peak = -INFINITY;
  pass->peak_row = w->y0;
  pass->sum = 0;
  pass->count = 0;
  for (unsigned y = w->y0; y <= w->y1; y++)
    {
      double hi, sum;
      size_t count;
      measure_row (w, y, &hi, &sum, &count);
      if (hi > pass->peak)
        pass->peak = hi, pass->peak_row = y;
      pass->sum += sum;
      pass->count += count;
    }
}

/* ---- background ------------------------------------------------------------ */

/* The median of n > 0 values, by selection (Hoare's; reorders v): the
 * border of a 1024² window is 4 092 values, which a sort would take longer
 * over than the pass over the whole window. */
static double
select_rank (double *v, size_t n, size_t k)
{
  size_t lo = 0, hi = n - 1;
  while (lo < hi)
    {
      double pivot = v[lo + (hi - lo) / 2];
      size_t i = lo, j = hi;
      while (i <= j)
        {
          while (v[i] < pivot)
            i++;
          while (v[j] > pivot)
            j--;
          if (i <= j)
            {
              double t = v[i];
              v[i] = v[j], v[j] = t;
              i++;
              if (j == 0)
                break;
              j--;
            }
        }
      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        break;
    }
  return v[k];
}

static double
median (double *v, size_t n)
{
  double upper = select_rank (v, n, n / 2);
  if (n % 2)
    return upper;
  /* The largest of the lower half, which selection left below n / 2. */
  double lower = v[0];
  for (size_t i = 1; i < n / 2; i++)
    lower = v[i] > lower ? v[i] : lower;
  return 0.5 * (lower + upper);
}

static void
push_finite (double *ring, size_t *n, double v)
{
  if (isfinite (v))
    ring[(*n)++] = v;
}

/* The outer ring's median and 1.4826 × MAD. -1 when the ring holds no
 * finite pixel (or memory is short). */
static int
border_background (const Window *w, double *background, double *noise)
{
  unsigned width = w->x1 - w->x0 + 1, height = w->y1 - w->y0 + 1;
  size_t cap = 2 * (size_t) width + 2 * (size_t) height;
  double *ring = malloc (cap * sizeof *ring);
  size_t n = 0;
  if (!ring)
    return -1;
  for (unsigned x = w->x0; x <= w->x1; x++)
    {
      push_finite (ring, &n, value_at (w, x, w->y0));
      if (w->y1 != w->y0)
        push_finite (ring, &n, value_at (w, x, w->y1));
    }
  for (unsigned y = w->y0 + 1; y < w->y1; y++)
    {
      push_finite (ring, &n, value_at (w, w->x0, y));
      if (w->x1 != w->x0)
        push_finite (ring, &n, value_at (w, w->x1, y));
    }
  if (n == 0)
    {
      free (ring);
      return -1;
    }
  double m = median (ring, n);
  for (size_t i = 0; i < n; i++)
    ring[i] = fabs (ring[i] - m);
  *background = m;
  *noise = MAD_TO_SIGMA * median (ring, n);
  free (ring);
  return 0;
}

/* ---- FWHM -------------------------------------------------------------- */

static double
profile_value (const Window *w, bool vertical, unsigned fixed, long i, double background)
{
  return (vertical ? value_at (w, fixed, (unsigned) i) : value_at (w, (unsigned) i, fixed)) - background;
}

/* Where between t = 1 and t = 2 the parabola through (0, l0), (1, l1),
 * (2, l2) equals `level`; NaN if it does not there. */
static double
parabola_crossing (double l0, double l1, double l2, double level)
{
  double a = 0.5 * (l0 - 2 * l1 + l2), b = l1 - l0 - a, c = l0 - level;
  if (fabs (a) < 1e-12)
    return b != 0 ? -c / b : NAN;
  double disc = b * b - 4 * a * c;
  if (disc < 0)
    return NAN;
  double q = -0.5 * (b + copysign (sqrt (disc), b));
  double t1 = q / a, t2 = q != 0 ? c / q : NAN;
  return t1 >= 1 && t1 <= 2 ? t1 : t2 >= 1 && t2 <= 2 ? t2 : NAN;
}

/* Where, walking from the peak at `from` in steps of `dir` along a row
 * (vertical: a column), the value above the background falls to `half`:
 * between the last pixel above and the first at or below it, by the
 * parabola through the logarithms of those two and the one before them
 * (exact for a Gaussian; a straight line between two samples of a 2-pixel
 * spot is off by 0.07 px), or by a straight line where a logarithm is not
 * defined. NaN if it never falls to half inside [lo, hi]. */
static double
half_crossing (const Window *w, bool vertical, unsigned fixed, unsigned from, int dir, unsigned lo,
               unsigned hi, double background, double half)
{
  long back = (long) from - dir;
  double before = back >= (long) lo && back <= (long) hi ? profile_value (w, vertical, fixed, back, background)
                                                        : NAN;
  double prev = profile_value (w, vertical, fixed, from, background);
  for (long i = (long) from + dir; i >= (long) lo && i <= (long) hi; i += dir)
    {
      double v = profile_value (w, vertical, fixed, i, background);
      if (!isfinite (v))
        continue;
      if (v <= half)
        {
          double t = NAN;
          if (before > 0 && prev > 0 && v > 0)
            t = parabola_crossing (log (before), log (prev), log (v), log (half)) - 1;
          if (!(t >= 0 && t <= 1))
            t = prev > v ? (prev - half) / (prev - v) : 0.0;
          return (double) (i - dir) + dir * t;
        }
      before = prev;
      prev = v;
    }
  return NAN;
}

/* The maximum of the profile through the peak, along a row (vertical: a
 * column), from the parabola through the logarithms of the peak pixel and
 * its two neighbours above the background: exact for a Gaussian, close for
 * any smooth core. The peak pixel itself where that does not apply (an
 * edge, a neighbour at or below the background, a vertex more than half a
 * pixel away). */
static double
profile_maximum (const Window *w, bool vertical, const DaoviewPsfResult *r)
{
  unsigned at = vertical ? r->peak_y : r->peak_x;
  unsigned lo = vertical ? w->y0 : w->x0, hi = vertical ? w->y1 : w->x1;
  if (at == lo || at == hi)
    return r->peak;
  double before = (vertical ? value_at (w, r->peak_x, at - 1) : value_at (w, at - 1, r->peak_y))
                  - r->background;
  double after = (vertical ? value_at (w, r->peak_x, at + 1) : value_at (w, at + 1, r->peak_y))
                 - r->background;
  if (!(before > 0 && after > 0))
    return r->peak;
  double lb = log (before), l0 = log (r->peak), la = log (after);
  double curvature = lb - 2 * l0 + la;
  if (!(curvature < 0))
    return r->peak;
  double offset = (lb - la) / (2 * curvature);
  if (fabs (offset) > 0.5)
    return r->peak;
  return exp (l0 - (lb - la) * (lb - la) / (8 * curvature));
}

static void
measure_fwhm (const Window *w, DaoviewPsfResult *r)
{
  double half_x = profile_maximum (w, false, r) / 2, half_y = profile_maximum (w, true, r) / 2;
  double left = half_crossing (w, false, r->peak_y, r->peak_x, -1, w->x0, w->x1, r->background, half_x);
  double right = half_crossing (w, false, r->peak_y, r->peak_x, +1, w->x0, w->x1, r->background, half_x);
  double top = half_crossing (w, true, r->peak_x, r->peak_y, -1, w->y0, w->y1, r->background, half_y);
  double bottom = half_crossing (w, true, r->peak_x, r->peak_y, +1, w->y0, w->y1, r->background, half_y);
  r->fwhm_x = right - left; /* NaN if either is */
  r->fwhm_y = bottom - top;
  r->fwhm = 0.5 * (r->fwhm_x + r->fwhm_y);
}

/* ---- centroid -------------------------------------------------------------- */

typedef struct {
  double sw, swx, swy;
} Moments;

static unsigned
clamp_low (double v, unsigned lo)
{
  return v <= lo ? lo : (unsigned) v;
}

static unsigned
clamp_high (double v, unsigned hi)
{
  return v >= hi ? hi : (unsigned) v;
}

static int
measure_centroid (const Window *w, double threshold, DaoviewPsfResult *r)
{
  unsigned x0 = w->x0, y0 = w->y0, x1 = w->x1, y1 = w->y1;
  double widest = fmax (r->fwhm_x, r->fwhm_y);
  if (isfinite (widest))
    {
      double h = ceil (fmax (3 * widest, 4));
      x0 = clamp_low (r->peak_x - h, w->x0), x1 = clamp_high (r->peak_x + h, w->x1);
      y0 = clamp_low (r->peak_y - h, w->y0), y1 = clamp_high (r->peak_y + h, w->y1);
    }
  Moments m = { 0, 0, 0 };
  for (unsigned y = y0; y <= y1; y++)
    {
      double sw = 0, swx = 0;
      daoview__row_moments (w->getter, w->plane->values, (size_t) y * w->plane->width + x0,
                                x1 - x0 + 1, x0, r->background, threshold, &sw, &swx);
      m.sw += sw, m.swx += swx, m.swy += sw * y;
    }
  double sw = m.sw, swx = m.swx, swy = m.swy;
  if (!(sw > 0))
    return -1;
  r->centroid_x = swx / sw;
  r->centroid_y = swy / sw;
  return 0;
}

/* ---- encircled energy ------------------------------------------------------ */

/* The part of pixel (x, y) inside the circle of radius `radius` about (cx, cy). */
static double
pixel_inside (unsigned x, unsigned y, double cx, double cy, double radius)
{
  double dx = fabs (x - cx), dy = fabs (y - cy);
  double near_x = fmax (dx - 0.5, 0), near_y = fmax (dy - 0.5, 0);
  double far_x = dx + 0.5, far_y = dy + 0.5;
  if (near_x * near_x + near_y * near_y >= radius * radius)
    return 0;
  if (far_x * far_x + far_y * far_y <= radius * radius)
    return 1;
  int inside = 0;
  for (int j = 0; j < EE_SUBSAMPLES; j++)
    for (int i = 0; i < EE_SUBSAMPLES; i++)
      {
        double sx = x - 0.5 + (i + 0.5) / EE_SUBSAMPLES - cx;
        double sy = y - 0.5 + (j + 0.5) / EE_SUBSAMPLES - cy;
        inside += sx * sx + sy * sy <= radius * radius;
      }
  return (double) inside / (EE_SUBSAMPLES * EE_SUBSAMPLES);
}

static double
encircled (const Window *w, const DaoviewPsfResult *r, double radius)
{
  unsigned x0 = clamp_low (floor (r->centroid_x - radius), w->x0);
  unsigned x1 = clamp_high (ceil (r->centroid_x + radius), w->x1);
  unsigned y0 = clamp_low (floor (r->centroid_y - radius), w->y0);
  unsigned y1 = clamp_high (ceil (r->centroid_y + radius), w->y1);
  double sum = 0;
  for (unsigned y = y0; y <= y1; y++)
    for (unsigned x = x0; x <= x1; x++)
      {
        double d = value_at (w, x, y) - r->background;
        double part = pixel_inside (x, y, r->centroid_x, r->centroid_y, radius);
        if (part > 0 && isfinite (d))
          sum += part * d;
      }
  return sum / r->flux;
}

/* ---- Strehl --------------------------------------------------------------- */

/* Unit-flux Airy intensity per px² at r px from the centre. */
static double
airy (double s, double eps, double r)
{
  double i0 = M_PI * (1 - eps * eps) / (4 * s * s);
  double v = M_PI * r / s;
  if (v < 1e-8)
    return i0;
  double a = 2 * j1 (v) / v;
  if (eps > 0)
    a -= eps * eps * 2 * j1 (eps * v) / (eps * v);
  a /= 1 - eps * eps;
  return i0 * a * a;
}

double
daoview_psf_airy_pixel (double lambda_over_d, double obstruction, double dx, double dy)
{
  if (!(lambda_over_d > 0) || !(obstruction >= 0 && obstruction < 1))
    return NAN;
  double sum = 0;
  for (int j = 0; j < AIRY_SUBSAMPLES; j++)
    for (int i = 0; i < AIRY_SUBSAMPLES; i++)
      {
        double sx = dx - 0.5 + (i + 0.5) / AIRY_SUBSAMPLES;
        double sy = dy - 0.5 + (j + 0.5) / AIRY_SUBSAMPLES;
        sum += airy (lambda_over_d, obstruction, hypot (sx, sy));
      }
  return sum / (AIRY_SUBSAMPLES * AIRY_SUBSAMPLES);
}

/* ---- the whole ------------------------------------------------------------ */

static void
set_unknown (DaoviewPsfResult *r)
{
  r->peak = r->flux = NAN;
  r->centroid_x = r->centroid_y = NAN;
  r->fwhm_x = r->fwhm_y = r->fwhm = NAN;
  r->ee = r->strehl = NAN;
}

/* Steps 1–4: window, background, peak, flux. */
static int
measure_basics (const DaoviewPlane *plane, const DaoviewPsfOptions *o, Window *w, DaoviewPsfResult *r)
{
  if (!plane || !plane->values || plane->width == 0 || plane->height == 0)
    return -1;
  w->plane = plane;
  w->getter = daoview__getter_for (plane->type, plane->part);
  if (w->getter < 0)
    return -1;
  bool whole = o->width == 0 || o->height == 0;
  if (!whole && (o->x >= plane->width || o->y >= plane->height))
    return -1;
  w->x0 = whole ? 0 : o->x;
  w->y0 = whole ? 0 : o->y;
  w->x1 = whole || o->width > plane->width - o->x ? plane->width - 1 : o->x + o->width - 1;
  w->y1 = whole || o->height > plane->height - o->y ? plane->height - 1 : o->y + o->height - 1;
  r->x0 = w->x0, r->y0 = w->y0, r->x1 = w->x1, r->y1 = w->y1;

  Pass pass;
  pass_window (w, &pass);
  r->count = pass.count;
  if (pass.count == 0)
    return -1;

  r->noise = 0;
  if (o->background == DAOVIEW_PSF_BACKGROUND_VALUE)
    r->background = o->background_value;
  else if (o->background == DAOVIEW_PSF_BACKGROUND_NONE
           || border_background (w, &r->background, &r->noise) < 0)
    r->background = 0;

  /* The first brightest pixel of the peak's row, read as the numbers shown
   * are (for phase, libm's atan2 rather than the display's). */
  double peak = -INFINITY;
  for (unsigned x = w->x0; x <= w->x1; x++)
    {
      double v = value_at (w, x, pass.peak_row);
      if (isfinite (v) && v > peak)
        peak = v, r->peak_x = x;
    }
  r->peak_y = pass.peak_row;
  r->peak = peak - r->background;
  r->flux = pass.sum - (double) pass.count * r->background;
  return r->peak > 0 ? 0 : -1;
}

int
daoview_psf_measure (const DaoviewPlane *plane, const DaoviewPsfOptions *options, DaoviewPsfResult *out)
{
  static const DaoviewPsfOptions defaults = DAOVIEW_PSF_OPTIONS_INIT;
  const DaoviewPsfOptions *o = options ? options : &defaults;
  DaoviewPsfResult *r = out;
  Window w;

  memset (r, 0, sizeof *r);
  set_unknown (r);
  r->ee_radius = o->ee_radius > 0 ? o->ee_radius : NAN;
  if (measure_basics (plane, o, &w, r) < 0)
    {
      r->peak = r->flux = NAN;
      return -1;
    }

  measure_fwhm (&w, r);
  double threshold = o->threshold_sigmas > 0 ? o->threshold_sigmas * r->noise : 0;
  if (measure_centroid (&w, threshold, r) < 0)
    {
      r->peak = r->flux = r->fwhm_x = r->fwhm_y = r->fwhm = NAN;
      return -1;
    }

  if (o->ee_radius > 0 && r->flux > 0)
    r->ee = encircled (&w, r, o->ee_radius);

  double ratio = r->flux > 0 ? r->peak / r->flux : NAN;
  if (o->reference)
    {
      DaoviewPsfOptions ro = DAOVIEW_PSF_OPTIONS_INIT;
      DaoviewPsfResult rr;
      Window rw;
      r->strehl_method = DAOVIEW_STREHL_REFERENCE;
      memset (&rr, 0, sizeof rr);
      if (measure_basics (o->reference, &ro, &rw, &rr) == 0 && rr.flux > 0)
        r->strehl = ratio / (rr.peak / rr.flux);
    }
  else if (o->lambda_over_d > 0)
    {
      r->strehl_method = DAOVIEW_STREHL_MODEL;
      /* The model's brightest pixel: the one holding the centroid. */
      double ideal = daoview_psf_airy_pixel (o->lambda_over_d, o->obstruction,
                                             round (r->centroid_x) - r->centroid_x,
                                             round (r->centroid_y) - r->centroid_y);
      r->strehl = ratio / ideal;
    }
  return 0;
}
