/* test-daoview-timeseries.c — a quantity over time (daoview-timeseries.c,
 * daoview-quantity.c): samples kept for N seconds in counter order, the
 * spectrum of a known sinusoid (its peak within one bin of the right
 * frequency, from synthetic write times, whether every frame was sampled
 * or every fourth with gaps), and the CSV and .npy exports. */
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

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (keeps_the_last_seconds_in_order),
    cmocka_unit_test (spectrum_of_a_sinusoid),
    cmocka_unit_test (spectrum_needs_samples_and_time),
    cmocka_unit_test (exports),
    cmocka_unit_test (quantities),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
