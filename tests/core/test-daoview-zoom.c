/* test-daoview-zoom.c — zoom steps, best fit, anchored zoom, pan limits
 * (daoview-zoom.c). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "daoview-zoom.h"

static void
zoom_steps_pass_exactly_through_100_percent (void **state)
{
  double z = 1.0;
  for (int i = 0; i < 4; i++)
    z = daoview_zoom_step_in (z);
  assert_true (z == 2.0); /* exact, not within a tolerance */
  for (int i = 0; i < 4; i++)
    z = daoview_zoom_step_out (z);
  assert_true (z == 1.0);
  for (int i = 0; i < 8; i++)
    z = daoview_zoom_step_out (z);
  assert_true (z == 0.25);
  /* From between two steps, the next step up, not a fixed factor. */
  assert_true (daoview_zoom_step_in (0.99) == 1.0);
  assert_true (daoview_zoom_step_out (1.01) == 1.0);
  assert_true (daoview_zoom_step_in (DAOVIEW_ZOOM_MAX) == DAOVIEW_ZOOM_MAX);
  assert_true (daoview_zoom_step_out (DAOVIEW_ZOOM_MIN) == DAOVIEW_ZOOM_MIN);
}

static void
best_fit_magnifies_small_frames (void **state)
{
  assert_true (daoview_zoom_best_fit (800, 600, 64, 64) == 600.0 / 64);
  assert_true (daoview_zoom_best_fit (800, 600, 2048, 1024) == 800.0 / 2048);
  assert_true (daoview_zoom_best_fit (0, 600, 64, 64) == 1.0);
}

static void
anchored_zoom_keeps_the_point_under_the_pointer (void **state)
{
  double offset = 10, anchor = 300, old_zoom = 2, new_zoom = 3;
  double image_x = (anchor - offset) / old_zoom;
  double new_offset = daoview_zoom_anchor_offset (offset, anchor, old_zoom, new_zoom);
  assert_true (fabs (new_offset + image_x * new_zoom - anchor) < 1e-9);
}

static void
clamp_centres_small_images_and_closes_gaps (void **state)
{
  assert_true (daoview_zoom_clamp_offset (-500, 800, 400) == 200);
  assert_true (daoview_zoom_clamp_offset (50, 800, 1600) == 0);
  assert_true (daoview_zoom_clamp_offset (-900, 800, 1600) == -800);
  assert_true (daoview_zoom_clamp_offset (-300, 800, 1600) == -300);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (zoom_steps_pass_exactly_through_100_percent),
    cmocka_unit_test (best_fit_magnifies_small_frames),
    cmocka_unit_test (anchored_zoom_keeps_the_point_under_the_pointer),
    cmocka_unit_test (clamp_centres_small_images_and_closes_gaps),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
