/* test-daoview-timeseries.c — a quantity over time (daoview-timeseries.c,
 * daoview-quantity.c): samples kept for N seconds in counter order, the
 * spectrum of a known sinusoid (its peak within one bin of the right
 * frequency, from synthetic write times, whether every frame was sampled
 * or every fourth with gaps), the CSV and .npy exports, and the
 * quantities: pixel, region mean and maximum (exact on integer frames
 * wider than a 32-bit sum would hold), and a spot's centroid and FWHM
 * followed while it moves. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <glib/gstdio.h>

#include "daoview-quantity.h"
#include "daoview-timeseries.h"
#include "render-test-util.h"

static void
keeps_the_last_seconds_in_order (void **state)
{
  g_autoptr (DaoviewTimeseries) s = daoview_timeseries_new (1.0);
  for (guint64 c = 1; c <= 300; c++)
    assert_true (daoview_timeseries_add (s, c, 1000 + c * 0.01, (double) c));
  /* 1 s at 100 Hz: the last 101 samples (both ends inclusive). */
  assert_int_equal (daoview_timeseries_length (s), 101);
  assert_int_equal (daoview_timeseries_sample (s, 0)->counter, 200);
  assert_int_equal (daoview_timeseries_last_counter (s), 300);
  /* A frame seen again, or an older one: dropped. */
  assert_false (daoview_timeseries_add (s, 300, 1003.5, 0));
  assert_false (daoview_timeseries_add (s, 12, 1003.5, 0));
  assert_false (daoview_timeseries_add (s, 301, NAN, 0));
  daoview_timeseries_set_seconds (s, 0.5);
  assert_int_equal (daoview_timeseries_length (s), 51);
  daoview_timeseries_clear (s);
  assert_int_equal (daoview_timeseries_length (s), 0);
}

/* A 1 kHz stream whose pixel is sin(2π 37 t), sampled `every` frames
 * (with a few longer gaps): the peak lies within one bin of 37 Hz and the
 * axis is in Hz from the write times. */
static void
check_sine (guint every, gboolean gaps, double expected_fs)
{
  g_autoptr (DaoviewTimeseries) s = daoview_timeseries_new (10);
  const double rate = 1000, f = 37;
  for (guint64 c = 1; c <= 4000; c += every)
    {
      if (gaps && c % 500 < 3 * every)
        continue; /* the display stalled */
      double t = 1.7e9 + c / rate;
      daoview_timeseries_add (s, c, t, 3 * sin (2 * G_PI * f * c / rate) + 100);
    }
  DaoviewSpectrum sp = { 0 };
  assert_true (daoview_timeseries_spectrum (s, &sp));
  assert_near (sp.sample_rate, expected_fs, 1e-6 * expected_fs);
  assert_int_equal (sp.step, every);
  double peak = daoview_spectrum_peak (&sp);
  if (fabs (peak - f) > sp.bin_width)
    fail_msg ("peak at %g Hz, expected %g ± %g", peak, f, sp.bin_width);
  /* The power is in the peak: the bins around it hold far more than one
   * away from it. */
  guint k = (guint) (f / sp.bin_width + 0.5);
  assert_true (sp.psd[k] > 1000 * sp.psd[k + 40]);
  daoview_spectrum_clear (&sp);
}

static void
spectrum_of_a_sinusoid (void **state)
{
  check_sine (1, FALSE, 1000);
  check_sine (1, TRUE, 1000);
  check_sine (4, TRUE, 250);
}

static void
spectrum_needs_samples_and_time (void **state)
{
  g_autoptr (DaoviewTimeseries) s = daoview_timeseries_new (10);
  DaoviewSpectrum sp = { 0 };
  for (guint64 c = 1; c <= 5; c++)
    daoview_timeseries_add (s, c, c, 1);
  assert_false (daoview_timeseries_spectrum (s, &sp));
  assert_int_equal (sp.n_bins, 0);
  /* Write times that do not advance (a writer that stamps nothing). */
  g_autoptr (DaoviewTimeseries) z = daoview_timeseries_new (10);
  for (guint64 c = 1; c <= 50; c++)
    daoview_timeseries_add (z, c, 0, sin (c));
  assert_false (daoview_timeseries_spectrum (z, &sp));
  assert_true (isnan (daoview_spectrum_peak (&sp)));
}

static void
exports (void **state)
{
  g_autoptr (DaoviewTimeseries) s = daoview_timeseries_new (10);
  daoview_timeseries_add (s, 7, 1700000000.123456789, 1.5);
  daoview_timeseries_add (s, 9, 1700000000.2, NAN);
  g_autofree char *csv = daoview_timeseries_to_csv (s, "pixel");
  assert_string_equal (csv, "counter,time,pixel\n7,1700000000.123456717,1.5\n9,1700000000.200000048,nan\n");

  g_autofree char *path = g_strdup_printf ("%s/series-%d.npy", g_get_tmp_dir (), (int) getpid ());
  g_autoptr (GError) error = NULL;
  assert_true (daoview_timeseries_save_npy (s, path, &error));
  g_autofree char *bytes = NULL;
  gsize len = 0;
  assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  assert_non_null (strstr (bytes + 10, "'shape': (2, 3)"));
  double row[3];
  memcpy (row, bytes + len - 6 * sizeof (double), sizeof row);
  assert_near (row[0], 7, 0);
  assert_near (row[2], 1.5, 0);
  g_unlink (path);
  g_autoptr (DaoviewTimeseries) empty = daoview_timeseries_new (10);
  assert_false (daoview_timeseries_save_npy (empty, path, &error));
}

static void
quantities (void **state)
{
  const float v[6] = { 1, 2, 3,
                       4, 5, 60 };
  DaoviewPlane plane = { DAO_FLOAT, v, 3, 2, DAOVIEW_COMPLEX_REAL };
  DaoviewQuantityContext c = { .x = 1, .y = 1, .stream_rate = 123 };
  assert_near (daoview_quantity_find ("pixel")->measure (&plane, &c), 5, 0);
  assert_near (daoview_quantity_find ("region-mean")->measure (&plane, &c), 75.0 / 6, 1e-12);
  assert_near (daoview_quantity_find ("region-max")->measure (&plane, &c), 60, 0);
  assert_near (daoview_quantity_find ("stream-rate")->measure (&plane, &c), 123, 0);
  c.have_region = TRUE;
  c.region[0] = 1, c.region[1] = 0, c.region[2] = 0, c.region[3] = 1; /* corners in any order */
  assert_near (daoview_quantity_find ("region-mean")->measure (&plane, &c), 3, 1e-12);
  c.x = 3; /* outside */
  assert_true (isnan (daoview_quantity_find ("pixel")->measure (&plane, &c)));
  assert_null (daoview_quantity_find ("nope"));

  /* Non-finite values are skipped (the careful second pass). */
  const float w[6] = { 1, NAN, 3, INFINITY, 5, -INFINITY };
  DaoviewPlane odd = { DAO_FLOAT, w, 3, 2, DAOVIEW_COMPLEX_REAL };
  DaoviewQuantityContext all = { 0 };
  assert_near (daoview_quantity_find ("region-mean")->measure (&odd, &all), 3, 1e-12);
  assert_near (daoview_quantity_find ("region-max")->measure (&odd, &all), 5, 0);
  const uint16_t u[6] = { 1, 2, 3, 4, 5, 65535 };
  DaoviewPlane ints = { DAO_UINT16, u, 3, 2, DAOVIEW_COMPLEX_REAL };
  assert_near (daoview_quantity_find ("region-max")->measure (&ints, &all), 65535, 0);
  /* A region reaching past the plane is clipped. */
  all.have_region = TRUE;
  all.region[0] = 2, all.region[1] = 1, all.region[2] = 40, all.region[3] = 40;
  assert_near (daoview_quantity_find ("region-mean")->measure (&ints, &all), 65535, 0);
  for (guint i = 0; i < daoview_quantity_count (); i++)
    assert_ptr_equal (daoview_quantity_find (daoview_quantity_get (i)->name), daoview_quantity_get (i));
}

/* Sums of 8- and 16-bit frames are exact: a row of 70 000 pixels of 65535
 * overflows a 32-bit sum (the runs are what keep it exact); negative int8. */
static void
integer_means_are_exact (void **state)
{
  enum { WIDE = 70000 };
  uint16_t *u = g_new (uint16_t, WIDE);
  for (unsigned i = 0; i < WIDE; i++)
    u[i] = 65535;
  u[WIDE - 1] = 65534;
  DaoviewPlane wide = { DAO_UINT16, u, WIDE, 1, DAOVIEW_COMPLEX_REAL };
  DaoviewQuantityContext all = { 0 };
  assert_near (daoview_quantity_find ("region-mean")->measure (&wide, &all), 65535.0 - 1.0 / WIDE, 1e-9);
  assert_near (daoview_quantity_find ("region-max")->measure (&wide, &all), 65535, 0);
  g_free (u);
  const int8_t i8[4] = { -128, -1, 127, 0 };
  DaoviewPlane small = { DAO_INT8, i8, 2, 2, DAOVIEW_COMPLEX_REAL };
  assert_near (daoview_quantity_find ("region-mean")->measure (&small, &all), -0.5, 0);
  assert_near (daoview_quantity_find ("region-max")->measure (&small, &all), 127, 0);
  const int16_t i16[3] = { -32768, -32768, -3 };
  DaoviewPlane shorts = { DAO_INT16, i16, 3, 1, DAOVIEW_COMPLEX_REAL };
  assert_near (daoview_quantity_find ("region-max")->measure (&shorts, &all), -3, 0);
  /* float: the sums of 16 in float, then double; a long row of 0.1. */
  float *f = g_new (float, 4099);
  for (unsigned i = 0; i < 4099; i++)
    f[i] = 1000.1f;
  DaoviewPlane floats = { DAO_FLOAT, f, 4099, 1, DAOVIEW_COMPLEX_REAL };
  assert_near (daoview_quantity_find ("region-mean")->measure (&floats, &all), 1000.1f, 1e-4);
  g_free (f);
}

/* A Gaussian spot (FWHM 4 px, peak 1000 over 100, as uint16) that moves
 * by (+0.37, −0.53) px a frame: the strip chart's centroid-x, centroid-y
 * and fwhm follow it. A brighter spot elsewhere: outside the region drawn
 * it is not measured; without a region it is the spot measured. */
static void
spot_quantities_follow_a_moving_spot (void **state)
{
  enum { W = 96, H = 64, FRAMES = 20 };
  const DaoviewQuantityClass *qx = daoview_quantity_find ("centroid-x");
  const DaoviewQuantityClass *qy = daoview_quantity_find ("centroid-y");
  const DaoviewQuantityClass *qf = daoview_quantity_find ("fwhm");
  assert_non_null (qx);
  assert_non_null (qy);
  assert_non_null (qf);
  const double sigma = 4 / 2.3548200450309493;
  uint16_t *v = g_new (uint16_t, W * H);
  g_autoptr (DaoviewTimeseries) xs = daoview_timeseries_new (10);
  g_autoptr (DaoviewTimeseries) ys = daoview_timeseries_new (10);
  DaoviewQuantityContext region = { .have_region = TRUE, .region = { 2, 2, 60, 61 } };
  for (guint k = 0; k < FRAMES; k++)
    {
      double cx = 20 + 0.37 * k, cy = 40 - 0.53 * k;
      for (unsigned y = 0; y < H; y++)
        for (unsigned x = 0; x < W; x++)
          {
            double d1 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * sigma * sigma);
            double d2 = ((x - 80.0) * (x - 80.0) + (y - 20.0) * (y - 20.0)) / (2 * sigma * sigma);
            v[y * W + x] = (uint16_t) lround (100 + 1000 * exp (-d1) + 3000 * exp (-d2));
          }
      DaoviewPlane plane = { DAO_UINT16, v, W, H, DAOVIEW_COMPLEX_REAL };
      daoview_timeseries_add (xs, k + 1, k * 1e-3, qx->measure (&plane, &region));
      daoview_timeseries_add (ys, k + 1, k * 1e-3, qy->measure (&plane, &region));
      assert_near (qf->measure (&plane, &region), 4, 0.04);
      if (k == 0)
        {
          DaoviewQuantityContext whole = { 0 };
          assert_near (qx->measure (&plane, &whole), 80, 0.02);
          assert_near (qy->measure (&plane, &whole), 20, 0.02);
        }
    }
  assert_int_equal (daoview_timeseries_length (xs), FRAMES);
  for (guint k = 0; k < FRAMES; k++)
    {
      assert_near (daoview_timeseries_sample (xs, k)->value, 20 + 0.37 * k, 0.02);
      assert_near (daoview_timeseries_sample (ys, k)->value, 40 - 0.53 * k, 0.02);
    }
  /* Nothing to measure: a flat frame, a region off the plane. */
  memset (v, 0, W * H * sizeof *v);
  DaoviewPlane flat = { DAO_UINT16, v, W, H, DAOVIEW_COMPLEX_REAL };
  assert_true (isnan (qx->measure (&flat, &region)));
  assert_true (isnan (qf->measure (&flat, &region)));
  DaoviewQuantityContext off = { .have_region = TRUE, .region = { 200, 200, 300, 300 } };
  assert_true (isnan (qy->measure (&flat, &off)));
  g_free (v);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (keeps_the_last_seconds_in_order),
    cmocka_unit_test (spectrum_of_a_sinusoid),
    cmocka_unit_test (spectrum_needs_samples_and_time),
    cmocka_unit_test (exports),
    cmocka_unit_test (quantities),
    cmocka_unit_test (integer_means_are_exact),
    cmocka_unit_test (spot_quantities_follow_a_moving_spot),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
