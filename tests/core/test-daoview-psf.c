/* test-daoview-psf.c — spot measurements (daoview-psf.c) against synthetic
 * frames whose answers are known: sampled Gaussians (centroid, FWHM, flux,
 * encircled energy 1 − exp(−r²/2σ²)), pixel-integrated Airy patterns
 * (Strehl 1 by construction, 0.5 for half the light moved to a halo), the
 * same spot in every element type, noise, hot pixels, NaN and windows.
 *
 * Tolerances, as the header promises them: centroid 0.01 px (noiseless),
 * 0.05 px (noise σ = 5 under a 2000-count spot); FWHM 1 % (from 2 px); flux 0.1 %;
 * encircled energy 0.005; Strehl to 1e-9 of the exact peak ratio, within
 * 0.01 of 1 for an unaberrated spot once the light outside the window is
 * counted, 0.02 of 0.5 for half the light in a halo. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "daoview-psf.h"
#include "render-test-util.h"

#define FWHM_PER_SIGMA 2.3548200450309493

typedef struct {
  unsigned width, height;
  double background, amplitude;
  double cx, cy, fwhm_x, fwhm_y;
} Gauss;

static double
gauss_value (const Gauss *g, unsigned x, unsigned y)
{
  double sx = g->fwhm_x / FWHM_PER_SIGMA, sy = g->fwhm_y / FWHM_PER_SIGMA;
  double dx = x - g->cx, dy = y - g->cy;
  return g->background + g->amplitude * exp (-0.5 * (dx * dx / (sx * sx) + dy * dy / (sy * sy)));
}

/* The spot as doubles (caller frees). */
static double *
gauss_frame (const Gauss *g)
{
  double *v = malloc ((size_t) g->width * g->height * sizeof *v);
  for (unsigned y = 0; y < g->height; y++)
    for (unsigned x = 0; x < g->width; x++)
      v[(size_t) y * g->width + x] = gauss_value (g, x, y);
  return v;
}

static DaoviewPlane
plane_of (dao_type type, const void *values, unsigned width, unsigned height)
{
  DaoviewPlane p = { type, values, width, height, DAOVIEW_COMPLEX_AMPLITUDE };
  return p;
}

static void
measure_ok (const DaoviewPlane *p, const DaoviewPsfOptions *o, DaoviewPsfResult *r)
{
  assert_int_equal (daoview_psf_measure (p, o, r), 0);
}

static void
gaussian_spot (void **state)
{
  Gauss g = { 96, 64, 100, 1000, 40.3, 25.7, 4.0, 4.0 };
  double *v = gauss_frame (&g);
  DaoviewPlane p = plane_of (DAO_DOUBLE, v, g.width, g.height);
  DaoviewPsfOptions o = DAOVIEW_PSF_OPTIONS_INIT;
  DaoviewPsfResult r;

  measure_ok (&p, &o, &r);
  assert_near (r.background, 100, 1e-9); /* the border is 15 σ away */
  assert_near (r.noise, 0, 1e-9);
  assert_int_equal (r.peak_x, 40);
  assert_int_equal (r.peak_y, 26);
  assert_near (r.peak, gauss_value (&g, 40, 26) - 100, 1e-9);
  assert_near (r.centroid_x, 40.3, 0.01);
  assert_near (r.centroid_y, 25.7, 0.01);
  assert_near (r.fwhm_x, 4.0, 0.04);
  assert_near (r.fwhm_y, 4.0, 0.04);
  assert_near (r.fwhm, 4.0, 0.04);
  double sigma = 4.0 / FWHM_PER_SIGMA;
  assert_near (r.flux, 2 * M_PI * sigma * sigma * 1000, 2 * M_PI * sigma * sigma); /* 0.1 % */
  assert_int_equal (r.count, 96 * 64);
  assert_int_equal (r.x1, 95);
  assert_int_equal (r.y1, 63);
  assert_true (isnan (r.ee) && isnan (r.strehl));
  assert_int_equal (r.strehl_method, DAOVIEW_STREHL_NONE);
  free (v);
}

/* Across the pixel: centred, a quarter off, on the edge between two. */
static void
subpixel_positions_and_widths (void **state)
{
  static const double offsets[] = { 0, 0.25, 0.5, 0.75 };
  static const double widths[] = { 2.0, 3.0, 5.5, 12.0 };
  for (unsigned i = 0; i < 4; i++)
    for (unsigned k = 0; k < 4; k++)
      {
        Gauss g = { 128, 128, 10, 5000, 60 + offsets[i], 70 - offsets[i], widths[k], widths[k] * 1.5 };
        double *v = gauss_frame (&g);
        DaoviewPlane p = plane_of (DAO_DOUBLE, v, g.width, g.height);
        DaoviewPsfResult r;
        measure_ok (&p, NULL, &r);
        assert_near (r.centroid_x, g.cx, 0.01);
        assert_near (r.centroid_y, g.cy, 0.01);
        assert_near (r.fwhm_x, g.fwhm_x, 0.01 * g.fwhm_x);
        assert_near (r.fwhm_y, g.fwhm_y, 0.01 * g.fwhm_y);
        assert_near (r.fwhm, 0.5 * (g.fwhm_x + g.fwhm_y), 0.01 * r.fwhm);
        free (v);
      }
}

/* The same spot in each type gives the same figures (complex: amplitude). */
static void
every_type (void **state)
{
  Gauss g = { 64, 48, 20, 100, 30.6, 20.2, 5, 5 };
  double *v = gauss_frame (&g);
  size_t n = (size_t) g.width * g.height;
  static const dao_type types[] = { DAO_UINT8, DAO_INT8, DAO_UINT16, DAO_INT16, DAO_UINT32, DAO_INT32,
                                    DAO_UINT64, DAO_INT64, DAO_FLOAT, DAO_DOUBLE, DAO_COMPLEX_FLOAT,
                                    DAO_COMPLEX_DOUBLE };
  DaoviewPsfResult want;
  /* Rounded to integers as a camera would; int8 holds 120 at most. */
  double *rounded = malloc (n * sizeof *rounded);
  for (size_t i = 0; i < n; i++)
    rounded[i] = round (v[i]);
  DaoviewPlane p = plane_of (DAO_DOUBLE, rounded, g.width, g.height);
  measure_ok (&p, NULL, &want);
  assert_near (want.centroid_x, 30.6, 0.02);

  for (unsigned t = 0; t < sizeof types / sizeof types[0]; t++)
    {
      size_t esize = dao_type_size (types[t]);
      unsigned char *data = calloc (n, esize);
      for (size_t i = 0; i < n; i++)
        {
          double x = rounded[i];
          switch (types[t])
            {
            case DAO_UINT8: ((uint8_t *) data)[i] = (uint8_t) x; break;
            case DAO_INT8: ((int8_t *) data)[i] = (int8_t) x; break;
            case DAO_UINT16: ((uint16_t *) data)[i] = (uint16_t) x; break;
            case DAO_INT16: ((int16_t *) data)[i] = (int16_t) x; break;
            case DAO_UINT32: ((uint32_t *) data)[i] = (uint32_t) x; break;
            case DAO_INT32: ((int32_t *) data)[i] = (int32_t) x; break;
            case DAO_UINT64: ((uint64_t *) data)[i] = (uint64_t) x; break;
            case DAO_INT64: ((int64_t *) data)[i] = (int64_t) x; break;
            case DAO_FLOAT: ((float *) data)[i] = (float) x; break;
            case DAO_DOUBLE: ((double *) data)[i] = x; break;
            case DAO_COMPLEX_FLOAT: ((float *) data)[2 * i] = (float) x; break;
            case DAO_COMPLEX_DOUBLE: ((double *) data)[2 * i] = x; break;
            default: break;
            }
        }
      DaoviewPlane tp = plane_of (types[t], data, g.width, g.height);
      DaoviewPsfResult r;
      measure_ok (&tp, NULL, &r);
      assert_near (r.centroid_x, want.centroid_x, 1e-9);
      assert_near (r.centroid_y, want.centroid_y, 1e-9);
      assert_near (r.fwhm, want.fwhm, 1e-9);
      assert_near (r.flux, want.flux, 1e-6);
      assert_near (r.peak, want.peak, 1e-9);
      assert_near (r.background, want.background, 1e-9);
      free (data);
    }
  free (rounded);
  free (v);
}

/* A deterministic standard normal (Box–Muller on a 64-bit LCG). */
static double
normal (uint64_t *s)
{
  *s = *s * 6364136223846793005u + 1442695040888963407u;
  double u1 = ((*s >> 11) + 1.0) / 9007199254740993.0;
  *s = *s * 6364136223846793005u + 1442695040888963407u;
  double u2 = (*s >> 11) / 9007199254740992.0;
  return sqrt (-2 * log (u1)) * cos (2 * M_PI * u2);
}

static void
noisy_spot_on_a_large_frame (void **state)
{
  Gauss g = { 512, 512, 200, 2000, 300.4, 180.8, 3.5, 3.5 };
  double *v = gauss_frame (&g);
  uint64_t seed = 12345;
  for (size_t i = 0; i < (size_t) g.width * g.height; i++)
    v[i] += 5 * normal (&seed);
  DaoviewPlane p = plane_of (DAO_DOUBLE, v, g.width, g.height);
  DaoviewPsfResult r;

  measure_ok (&p, NULL, &r);
  assert_near (r.background, 200, 0.5);
  assert_near (r.noise, 5, 0.5);
  assert_near (r.centroid_x, 300.4, 0.05);
  assert_near (r.centroid_y, 180.8, 0.05);
  assert_near (r.fwhm, 3.5, 0.2);
  double sigma = 3.5 / FWHM_PER_SIGMA;
  /* Flux: 26 600 counts, against noise of 5 × 512 = 2 560 over the frame
   * plus 512² × the background's error. */
  assert_near (r.flux, 2 * M_PI * sigma * sigma * 2000, 0.02 * 2 * M_PI * sigma * sigma * 2000 + 0.5 * 512 * 512);

  /* Without the box about the peak, the noise pixels above 3 σ all over
   * the frame would pull the centroid to the middle: the box is why. */
  DaoviewPsfOptions none = DAOVIEW_PSF_OPTIONS_INIT;
  none.threshold_sigmas = 0;
  measure_ok (&p, &none, &r);
  assert_near (r.centroid_x, 300.4, 0.2);
  free (v);
}

static void
encircled_energy (void **state)
{
  Gauss g = { 128, 128, 50, 3000, 63.3, 64.6, 6, 6 };
  double *v = gauss_frame (&g);
  DaoviewPlane p = plane_of (DAO_DOUBLE, v, g.width, g.height);
  DaoviewPsfOptions o = DAOVIEW_PSF_OPTIONS_INIT;
  DaoviewPsfResult r;
  double sigma = 6 / FWHM_PER_SIGMA;

  static const double radii[] = { 1, 3, 6, 10, 20 };
  for (unsigned i = 0; i < 5; i++)
    {
      o.ee_radius = radii[i];
      measure_ok (&p, &o, &r);
      assert_near (r.ee_radius, radii[i], 0);
      assert_near (r.ee, 1 - exp (-radii[i] * radii[i] / (2 * sigma * sigma)), 0.005);
    }
  free (v);
}

/* A unit-flux Airy pattern centred at (cx, cy), integrated over each pixel,
 * times `flux`, plus `halo` of a Gaussian. */
static double *
airy_frame (unsigned n, double s, double eps, double cx, double cy, double flux, double halo_flux,
            double halo_sigma, double *window_fraction)
{
  double *v = malloc ((size_t) n * n * sizeof *v);
  double inside = 0;
  for (unsigned y = 0; y < n; y++)
    for (unsigned x = 0; x < n; x++)
      {
        double a = daoview_psf_airy_pixel (s, eps, x - cx, y - cy);
        double dx = x - cx, dy = y - cy;
        double h = halo_flux / (2 * M_PI * halo_sigma * halo_sigma)
                   * exp (-(dx * dx + dy * dy) / (2 * halo_sigma * halo_sigma));
        inside += a;
        v[(size_t) y * n + x] = flux * a + h;
      }
  *window_fraction = inside;
  return v;
}

static void
strehl_against_the_airy_model (void **state)
{
  static const double centres[][2] = { { 48, 48 }, { 48.5, 47.5 }, { 47.3, 48.8 } };
  for (unsigned c = 0; c < 3; c++)
    {
      double inside;
      double *v = airy_frame (64, 4.0, 0, centres[c][0] - 16, centres[c][1] - 16, 1e5, 0, 1, &inside);
      DaoviewPlane p = plane_of (DAO_DOUBLE, v, 64, 64);
      DaoviewPsfOptions o = DAOVIEW_PSF_OPTIONS_INIT;
      o.background = DAOVIEW_PSF_BACKGROUND_NONE;
      o.lambda_over_d = 4.0;
      DaoviewPsfResult r;
      measure_ok (&p, &o, &r);
      assert_int_equal (r.strehl_method, DAOVIEW_STREHL_MODEL);
      /* The peak-ratio method exactly: the peak pixel over the window's
       * flux (which misses the rings outside it), over the model's
       * brightest pixel for a spot at the measured centroid. */
      double ideal = daoview_psf_airy_pixel (4.0, 0, round (r.centroid_x) - r.centroid_x,
                                             round (r.centroid_y) - r.centroid_y);
      assert_near (r.strehl, (r.peak / r.flux) / ideal, 1e-9);
      assert_near (r.flux, 1e5 * inside, 1e-6);
      assert_near (r.centroid_x, centres[c][0] - 16, 0.02);
      assert_near (r.centroid_y, centres[c][1] - 16, 0.02);
      /* An unaberrated spot reads as 1 wherever it sits on the pixels, but
       * for the light of the rings outside the window (2.5 % beyond 8 λ/D,
       * which the flux misses); the rest is the model pixel read at a
       * centroid within 0.02 px. */
      assert_near (r.strehl * inside, 1.0, 0.01);
      assert_near (r.strehl, 1.0, 0.03);
      /* The Airy core's FWHM is 1.03 λ/D. */
      assert_near (r.fwhm, 1.029 * 4.0, 0.05 * 4.0);
      free (v);
    }

  /* Half the light moved into a broad halo: Strehl 0.5 (the halo adds
   * 1 / (2π 12²) per px² under the peak, 1.3 % of the Airy peak, and the
   * window misses 1.8 % of the Airy's light). */
  double inside;
  double *v = airy_frame (96, 3.0, 0, 48, 48, 5e4, 5e4, 12, &inside);
  DaoviewPlane p = plane_of (DAO_DOUBLE, v, 96, 96);
  DaoviewPsfOptions o = DAOVIEW_PSF_OPTIONS_INIT;
  o.background = DAOVIEW_PSF_BACKGROUND_NONE;
  o.lambda_over_d = 3.0;
  DaoviewPsfResult r;
  measure_ok (&p, &o, &r);
  assert_near (r.strehl, 0.5, 0.02);
  free (v);

  /* Two equal unaberrated spots 2.5 λ/D apart (a speckle pair): the peak
   * pixel is 1.25 λ/D from the centroid, on the model's first dark ring;
   * each spot holds half the light, so the peak ratio says 0.5 — not the
   * peak over the model's ring (the old reading: 124). */
  double inside_a, inside_b;
  double *a = airy_frame (96, 4.0, 0, 43, 48, 5e4, 0, 1, &inside_a);
  double *b = airy_frame (96, 4.0, 0, 53, 48, 5e4, 0, 1, &inside_b);
  for (size_t i = 0; i < 96 * 96; i++)
    a[i] += b[i];
  p = plane_of (DAO_DOUBLE, a, 96, 96);
  o.lambda_over_d = 4.0;
  measure_ok (&p, &o, &r);
  /* (the centroid's box, 3 FWHM about the first peak, holds most of the
   * second spot: the centroid is within half a pixel of the middle) */
  assert_near (r.centroid_x, 48, 0.5);
  assert_near (r.strehl * (inside_a + inside_b) / 2, 0.5, 0.05);
  free (a);
  free (b);

  /* A central obstruction: the model follows it. */
  v = airy_frame (64, 4.0, 0.3, 32, 32, 1e5, 0, 1, &inside);
  p = plane_of (DAO_DOUBLE, v, 64, 64);
  o.lambda_over_d = 4.0;
  o.obstruction = 0.3;
  measure_ok (&p, &o, &r);
  assert_near (r.strehl * inside, 1.0, 0.01);
  o.obstruction = 0; /* judged against an unobstructed pupil: lower */
  measure_ok (&p, &o, &r);
  assert_true (r.strehl < 0.95);
  free (v);
}

static void
strehl_against_a_reference (void **state)
{
  double inside;
  double *ref = airy_frame (64, 3.0, 0, 32, 32, 1000, 0, 1, &inside);
  double *v = malloc (64 * 64 * sizeof *v);
  for (size_t i = 0; i < 64 * 64; i++)
    v[i] = 3 * ref[i] + 40; /* brighter, on a background */
  DaoviewPlane rp = plane_of (DAO_DOUBLE, ref, 64, 64);
  DaoviewPlane p = plane_of (DAO_DOUBLE, v, 64, 64);
  DaoviewPsfOptions o = DAOVIEW_PSF_OPTIONS_INIT;
  o.reference = &rp;
  o.lambda_over_d = 2.0; /* the reference wins over the model */
  DaoviewPsfResult r;
  measure_ok (&p, &o, &r);
  assert_int_equal (r.strehl_method, DAOVIEW_STREHL_REFERENCE);
  /* Each plane's own border background: the rings reach the border a
   * little, in both the same way. */
  assert_near (r.strehl, 1.0, 0.01);

  /* A reference with no spot: no Strehl, still the other figures. */
  double flat[16] = { 0 };
  DaoviewPlane fp = plane_of (DAO_DOUBLE, flat, 4, 4);
  o.reference = &fp;
  measure_ok (&p, &o, &r);
  assert_true (isnan (r.strehl));
  assert_near (r.centroid_x, 32, 0.02);
  free (v);
  free (ref);
}

static void
airy_pixel (void **state)
{
  /* A pixel at the centre of a wide pattern: the peak intensity
   * π (1 − ε²) / (4 s²), less by the curvature over the pixel: 2 J1(v) / v
   * squared is 1 − v²/4 near 0 and r² averages 1/6 over the pixel, so
   * 1 − π² / (24 s²) unobstructed. */
  double i0 = M_PI / (4 * 1600.0);
  assert_near (daoview_psf_airy_pixel (40, 0, 0, 0), i0 * (1 - M_PI * M_PI / (24 * 1600)), 1e-5 * i0);
  assert_true (fabs (daoview_psf_airy_pixel (40, 0.5, 0, 0) / (0.75 * i0) - 1) < 1e-3);
  assert_true (daoview_psf_airy_pixel (2, 0, 0.5, 0.5) < daoview_psf_airy_pixel (2, 0, 0, 0));
  /* Unit flux: the pixels of a wide grid add up to the encircled energy
   * at its edge, 1 − 0.2 / R beyond R λ/D (0.99 at 20 λ/D). */
  double sum = 0;
  for (int y = -40; y <= 40; y++)
    for (int x = -40; x <= 40; x++)
      sum += daoview_psf_airy_pixel (2, 0, x, y);
  assert_true (sum > 0.985 && sum < 1.0);
  assert_true (isnan (daoview_psf_airy_pixel (0, 0, 0, 0)));
  assert_true (isnan (daoview_psf_airy_pixel (2, 1, 0, 0)));
}

static void
windows_hot_pixels_and_nan (void **state)
{
  Gauss g = { 80, 60, 100, 800, 20.2, 30.4, 3, 3 };
  double *v = gauss_frame (&g);
  v[5 * 80 + 70] = 5000; /* a hot pixel far from the spot */
  v[30 * 80 + 25] = NAN;
  DaoviewPlane p = plane_of (DAO_DOUBLE, v, g.width, g.height);
  DaoviewPsfOptions o = DAOVIEW_PSF_OPTIONS_INIT;
  DaoviewPsfResult r;

  /* The whole frame: the hot pixel is the peak (as documented). */
  measure_ok (&p, &o, &r);
  assert_int_equal (r.peak_x, 70);
  assert_int_equal (r.peak_y, 5);
  assert_int_equal (r.count, 80 * 60 - 1);

  /* A rectangle round the spot: the spot again, NaN skipped. */
  o.x = 5, o.y = 15, o.width = 30, o.height = 30;
  measure_ok (&p, &o, &r);
  assert_int_equal (r.x0, 5);
  assert_int_equal (r.y0, 15);
  assert_int_equal (r.x1, 34);
  assert_int_equal (r.y1, 44);
  assert_int_equal (r.count, 30 * 30 - 1);
  assert_near (r.centroid_x, 20.2, 0.02);
  assert_near (r.centroid_y, 30.4, 0.02);

  /* +Inf inside the centroid's box is skipped too (it once made the
   * centroid Inf / Inf, a NaN). */
  v[24 * 80 + 14] = INFINITY;
  measure_ok (&p, &o, &r);
  assert_int_equal (r.count, 30 * 30 - 2);
  assert_near (r.centroid_x, 20.2, 0.02);
  assert_near (r.centroid_y, 30.4, 0.02);
  assert_true (isfinite (r.flux));

  /* Clipped at the far edges. */
  o.x = 60, o.y = 50, o.width = 1000, o.height = 1000;
  assert_int_equal (daoview_psf_measure (&p, &o, &r), -1); /* flat there: nothing above */
  assert_int_equal (r.x1, 79);
  assert_int_equal (r.y1, 59);
  assert_near (r.background, 100, 1e-9);
  assert_true (isnan (r.centroid_x) && isnan (r.fwhm) && isnan (r.flux));

  /* Outside the plane, no plane, no frame. */
  o.x = 80, o.width = 5;
  assert_int_equal (daoview_psf_measure (&p, &o, &r), -1);
  assert_int_equal (daoview_psf_measure (NULL, NULL, &r), -1);
  DaoviewPlane empty = plane_of (DAO_DOUBLE, NULL, 0, 0);
  assert_int_equal (daoview_psf_measure (&empty, NULL, &r), -1);
  free (v);
}

static void
flat_and_nonfinite_frames (void **state)
{
  uint16_t flat[64];
  for (int i = 0; i < 64; i++)
    flat[i] = 7;
  DaoviewPlane p = plane_of (DAO_UINT16, flat, 8, 8);
  DaoviewPsfResult r;
  assert_int_equal (daoview_psf_measure (&p, NULL, &r), -1);
  assert_near (r.background, 7, 0);
  assert_true (isnan (r.centroid_x));

  double nan[4] = { NAN, INFINITY, -INFINITY, NAN };
  DaoviewPlane np = plane_of (DAO_DOUBLE, nan, 2, 2);
  assert_int_equal (daoview_psf_measure (&np, NULL, &r), -1);
  assert_int_equal (r.count, 0);

  /* A background given: one bright pixel on a flat frame 1 above it. */
  double one[25] = { 0 };
  one[12] = 10;
  DaoviewPlane op = plane_of (DAO_DOUBLE, one, 5, 5);
  DaoviewPsfOptions o = DAOVIEW_PSF_OPTIONS_INIT;
  o.background = DAOVIEW_PSF_BACKGROUND_VALUE;
  o.background_value = -1;
  assert_int_equal (daoview_psf_measure (&op, &o, &r), 0);
  assert_near (r.background, -1, 0);
  assert_near (r.peak, 11, 0);
  assert_near (r.flux, 10 + 25, 1e-12);
  assert_near (r.centroid_x, (11 * 2 + 1 * (0 + 1 + 2 + 3 + 4) * 5 - 1 * 2) / (11.0 + 24), 1e-12);
  /* The parabola through the logarithms of 1, 11, 1 is ln 11 (1 − t²): it
   * falls to ln 5.5 at t = √(ln 2 / ln 11). */
  assert_near (r.fwhm_x, 2 * sqrt (log (2) / log (11)), 1e-12);
  assert_near (r.fwhm_y, 2 * sqrt (log (2) / log (11)), 1e-12);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (gaussian_spot),
    cmocka_unit_test (subpixel_positions_and_widths),
    cmocka_unit_test (every_type),
    cmocka_unit_test (noisy_spot_on_a_large_frame),
    cmocka_unit_test (encircled_energy),
    cmocka_unit_test (strehl_against_the_airy_model),
    cmocka_unit_test (strehl_against_a_reference),
    cmocka_unit_test (airy_pixel),
    cmocka_unit_test (windows_hot_pixels_and_nan),
    cmocka_unit_test (flat_and_nonfinite_frames),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
