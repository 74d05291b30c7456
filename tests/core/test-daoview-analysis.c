/* test-daoview-analysis.c — the analysis panel's figures (daoview-analysis.c)
 * on quadrants of 0, 40, 80, 120: the frame's statistics and histogram, a
 * rectangle's statistics (clipped, or empty), a line's profile; and a spot
 * measured in the rectangle drawn round it, or over the whole plane. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "daoview-analysis.h"

#define NY 4
#define NX 6

static uint16_t pixels[NY * NX];

static DaoviewPlane
quadrants (void)
{
  for (int y = 0; y < NY; y++)
    for (int x = 0; x < NX; x++)
      pixels[y * NX + x] = (uint16_t) (40 * ((y >= NY / 2) * 2 + (x >= NX / 2)));
  DaoviewPlane plane = { DAO_UINT16, pixels, NX, NY, DAOVIEW_COMPLEX_AMPLITUDE };
  return plane;
}

static void
frame_figures_and_histogram (void **state)
{
  DaoviewPlane plane = quadrants ();
  DaoviewAnalysis a;
  daoview_analysis_init (&a);
  daoview_analysis_compute (&a, &plane, 10, 100, NULL);
  assert_true (a.have_stats && a.stats.min == 0 && a.stats.max == 120 && a.stats.mean == 60);
  assert_true (a.stats.max_x == 3 && a.stats.max_y == 2);
  assert_true (a.have_histogram && a.histogram.low == 0 && a.histogram.high == 120);
  assert_int_equal (a.counts[0], NX * NY / 4);
  assert_int_equal (a.counts[DAOVIEW_HISTOGRAM_BINS - 1], NX * NY / 4);
  assert_true (a.low == 10 && a.high == 100);
  assert_int_equal (a.selection.tool, DAOVIEW_TOOL_PAN);
  daoview_analysis_clear (&a);
}

static void
rectangle_is_rounded_and_clipped (void **state)
{
  DaoviewPlane plane = quadrants ();
  DaoviewAnalysis a;
  DaoviewSelection rect = { DAOVIEW_TOOL_RECT, 9.4, 9, 2.6, 1.8 }; /* corners in any order */
  daoview_analysis_init (&a);
  daoview_analysis_compute (&a, &plane, 0, 120, &rect);
  assert_true (a.have_rect_stats);
  assert_true (a.rect[0] == 3 && a.rect[1] == 2 && a.rect[2] == 9 && a.rect[3] == 9);
  assert_int_equal (a.rect_stats.count, 3 * 2); /* the part inside the frame */
  assert_true (a.rect_stats.min == 120 && a.rect_stats.max == 120);
  /* Wholly outside (left of the frame): no figures. */
  DaoviewSelection outside = { DAOVIEW_TOOL_RECT, -5, 0, -2, 3 };
  daoview_analysis_compute_selection (&a, &plane, &outside);
  assert_false (a.have_rect_stats);
  daoview_analysis_clear (&a);
}

static void
profile_along_a_line (void **state)
{
  DaoviewPlane plane = quadrants ();
  DaoviewAnalysis a;
  DaoviewSelection line = { DAOVIEW_TOOL_LINE, 0, 3, 5, 3 };
  daoview_analysis_init (&a);
  daoview_analysis_compute (&a, &plane, 0, 120, NULL);
  daoview_analysis_compute_selection (&a, &plane, &line);
  /* Only the selection changed: the frame's figures are still there. */
  assert_true (a.have_stats);
  assert_int_equal (a.profile_length, NX);
  assert_true (a.profile[0] == 80 && a.profile[2] == 80 && a.profile[3] == 120 && a.profile[5] == 120);
  /* Past the frame: NaN samples. */
  DaoviewSelection longer = { DAOVIEW_TOOL_LINE, 0, 3, 7, 3 };
  daoview_analysis_compute_selection (&a, &plane, &longer);
  assert_int_equal (a.profile_length, 8);
  assert_true (isnan (a.profile[7]));
  daoview_analysis_clear (&a);
}

static void
no_frame_no_figures (void **state)
{
  DaoviewPlane none = { DAO_UINT16, NULL, 0, 0, DAOVIEW_COMPLEX_AMPLITUDE };
  DaoviewAnalysis a;
  DaoviewSelection rect = { DAOVIEW_TOOL_RECT, 0, 0, 1, 1 };
  daoview_analysis_init (&a);
  daoview_analysis_compute (&a, &none, 0, 1, &rect);
  assert_false (a.have_stats || a.have_histogram || a.have_rect_stats);
  daoview_analysis_clear (&a);
}

/* A spot at (10.5, 6) in a 24 × 16 frame, a hot pixel at (20, 2): the
 * whole plane's peak is the hot pixel; a rectangle round the spot
 * measures the spot, with the options the caller set. */
static void
spot_in_the_rectangle (void **state)
{
  static double v[16 * 24];
  for (int y = 0; y < 16; y++)
    for (int x = 0; x < 24; x++)
      v[y * 24 + x] = 10 + 500 * exp (-((x - 10.5) * (x - 10.5) + (y - 6) * (y - 6)) / 4.0);
  v[2 * 24 + 20] = 5000;
  DaoviewPlane plane = { DAO_DOUBLE, v, 24, 16, DAOVIEW_COMPLEX_AMPLITUDE };
  DaoviewAnalysis a;
  daoview_analysis_init (&a);
  a.psf_options.ee_radius = 3;
  daoview_analysis_compute (&a, &plane, 0, 1, NULL);
  assert_true (a.have_psf);
  assert_true (a.psf.peak_x == 20 && a.psf.peak_y == 2);
  assert_true (a.psf.x1 == 23 && a.psf.y1 == 15);

  DaoviewSelection rect = { DAOVIEW_TOOL_RECT, 3, 0, 17, 12 };
  daoview_analysis_compute_selection (&a, &plane, &rect);
  assert_true (a.have_psf && a.psf.x0 == 3 && a.psf.y0 == 0 && a.psf.x1 == 17 && a.psf.y1 == 12);
  assert_true (fabs (a.psf.centroid_x - 10.5) < 0.01 && fabs (a.psf.centroid_y - 6) < 0.01);
  /* σ = √2: 1 − exp(−9/4) of the light within 3 px (to a pixel's worth:
   * the spot is sampled at its centre, and only 1.4 px wide). */
  assert_true (a.psf.ee_radius == 3 && fabs (a.psf.ee - (1 - exp (-2.25))) < 0.015);

  /* Cleared: nothing measured, the options kept. */
  daoview_analysis_clear (&a);
  assert_false (a.have_psf);
  assert_true (a.psf_options.ee_radius == 3);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (frame_figures_and_histogram),
    cmocka_unit_test (rectangle_is_rounded_and_clipped),
    cmocka_unit_test (profile_along_a_line),
    cmocka_unit_test (no_frame_no_figures),
    cmocka_unit_test (spot_in_the_rectangle),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
