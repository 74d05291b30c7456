/* test-viewer-logic.c — daoview's GTK-free logic: zoom, level policy, frames. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "daoview-frame.h"
#include "daoview-levels.h"
#include "daoview-names.h"
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

static void
follow_policy_tracks_every_frame (void **state)
{
  DaoviewLevelState l;
  uint16_t a[4] = { 10, 20, 30, 40 }, b[4] = { 5, 6, 7, 1000 };
  daoview_level_state_init (&l);
  assert_int_equal (daoview_level_state_update (&l, DAO_UINT16, a, 4, 0, 0.0), 1);
  assert_true (l.low == 10 && l.high == 40);
  assert_int_equal (daoview_level_state_update (&l, DAO_UINT16, b, 4, 0, 0.01), 1);
  assert_true (l.low == 5 && l.high == 1000);
  assert_int_equal (daoview_level_state_update (&l, DAO_UINT16, b, 4, 0, 0.02), 0);
}

static void
freeze_policy_keeps_the_first_frame_levels (void **state)
{
  DaoviewLevelState l;
  uint16_t a[4] = { 10, 20, 30, 40 }, b[4] = { 5, 6, 7, 1000 };
  daoview_level_state_init (&l);
  l.policy = DAOVIEW_LEVEL_POLICY_FREEZE;
  daoview_level_state_update (&l, DAO_UINT16, a, 4, 0, 0.0);
  assert_int_equal (daoview_level_state_update (&l, DAO_UINT16, b, 4, 0, 1.0), 0);
  assert_true (l.low == 10 && l.high == 40);
  daoview_level_state_reset (&l); /* e.g. a new shape */
  daoview_level_state_update (&l, DAO_UINT16, b, 4, 0, 2.0);
  assert_true (l.low == 5 && l.high == 1000);
}

static void
manual_levels_ignore_the_data (void **state)
{
  DaoviewLevelState l;
  float a[3] = { -1e9f, 0, 1e9f };
  daoview_level_state_init (&l);
  l.mode = DAOVIEW_LEVEL_MODE_MANUAL;
  l.manual_low = 100;
  l.manual_high = 200;
  daoview_level_state_update (&l, DAO_FLOAT, a, 3, 0, 0);
  assert_true (l.low == 100 && l.high == 200);
  /* The manual policy does the same whatever the mode. */
  daoview_level_state_init (&l);
  l.policy = DAOVIEW_LEVEL_POLICY_MANUAL;
  l.manual_low = -3;
  l.manual_high = 3;
  daoview_level_state_update (&l, DAO_FLOAT, a, 3, 0, 0);
  assert_true (l.low == -3 && l.high == 3);
}

static void
percentile_levels_are_recomputed_at_a_lower_rate (void **state)
{
  DaoviewLevelState l;
  uint16_t a[1000], b[1000];
  for (int i = 0; i < 1000; i++)
    a[i] = (uint16_t) i, b[i] = (uint16_t) (10000 + i);
  daoview_level_state_init (&l);
  l.mode = DAOVIEW_LEVEL_MODE_PERCENTILE;
  l.percentile_low = 10;
  l.percentile_high = 90;
  daoview_level_state_update (&l, DAO_UINT16, a, 1000, 0, 0.0);
  assert_true (l.low >= 95 && l.low <= 105 && l.high >= 895 && l.high <= 905);
  /* 0.1 s later: too soon, the levels stay. */
  assert_int_equal (daoview_level_state_update (&l, DAO_UINT16, b, 1000, 0, 0.1), 0);
  assert_true (l.high < 1000);
  /* After the interval they follow. */
  assert_int_equal (daoview_level_state_update (&l, DAO_UINT16, b, 1000, 0, 0.3), 1);
  assert_true (l.low > 10000);
}

static void
symmetric_levels_for_signed_data (void **state)
{
  DaoviewLevelState l;
  int16_t a[3] = { -5, 2, 20 };
  daoview_level_state_init (&l);
  l.symmetric = 1;
  daoview_level_state_update (&l, DAO_INT16, a, 3, 0, 0);
  assert_true (l.low == -20 && l.high == 20);
  assert_true (daoview_level_is_signed (DAO_INT16, DAOVIEW_COMPLEX_AMPLITUDE));
  assert_false (daoview_level_is_signed (DAO_UINT16, DAOVIEW_COMPLEX_AMPLITUDE));
  assert_false (daoview_level_is_signed (DAO_COMPLEX_FLOAT, DAOVIEW_COMPLEX_AMPLITUDE));
  assert_true (daoview_level_is_signed (DAO_COMPLEX_FLOAT, DAOVIEW_COMPLEX_PHASE));
}

static void
frame_without_finite_values_keeps_previous_levels (void **state)
{
  DaoviewLevelState l;
  float a[2] = { 1, 2 }, nan_frame[2] = { NAN, INFINITY };
  daoview_level_state_init (&l);
  daoview_level_state_update (&l, DAO_FLOAT, a, 2, 0, 0);
  assert_int_equal (daoview_level_state_update (&l, DAO_FLOAT, nan_frame, 2, 0, 1), 0);
  assert_true (l.low == 1 && l.high == 2);
}

static void
names_round_trip (void **state)
{
  for (int i = 0; i < DAOVIEW_N_LEVEL_MODES; i++)
    assert_int_equal (daoview_level_mode_from_name (daoview_level_mode_name (i)), i);
  for (int i = 0; i < DAOVIEW_N_LEVEL_POLICIES; i++)
    assert_int_equal (daoview_level_policy_from_name (daoview_level_policy_name (i)), i);
  assert_int_equal (daoview_level_mode_from_name ("bogus"), -1);
  assert_int_equal (daoview_level_policy_from_name (NULL), -1);
}

static void
frame_geometry_follows_c_order (void **state)
{
  const uint32_t image[2] = { 3, 5 }, line[1] = { 7 }, cube[3] = { 4, 3, 5 };
  DaoviewFrame *f = daoview_frame_new (DAO_UINT16, 2, image);
  assert_non_null (f);
  assert_int_equal (daoview_frame_width (f), 5);
  assert_int_equal (daoview_frame_height (f), 3);
  assert_int_equal (daoview_frame_depth (f), 1);
  assert_int_equal (f->size, 30);
  daoview_frame_free (f);

  f = daoview_frame_new (DAO_FLOAT, 1, line);
  assert_int_equal (daoview_frame_width (f), 7);
  assert_int_equal (daoview_frame_height (f), 1);
  daoview_frame_free (f);

  f = daoview_frame_new (DAO_DOUBLE, 3, cube);
  assert_int_equal (daoview_frame_depth (f), 4);
  assert_ptr_equal (daoview_frame_plane (f, 2), (char *) f->data + 2 * 15 * 8);
  assert_ptr_equal (daoview_frame_plane (f, 99), (char *) f->data + 3 * 15 * 8); /* clamped */
  DaoviewFrame *g = daoview_frame_new (DAO_DOUBLE, 3, cube);
  assert_true (daoview_frame_same_geometry (f, g));
  daoview_frame_free (g);
  daoview_frame_free (f);

  assert_null (daoview_frame_new (99, 2, image));
  char buf[64];
  daoview_format_shape (3, cube, " × ", buf, sizeof buf);
  assert_string_equal (buf, "4 × 3 × 5");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (zoom_steps_pass_exactly_through_100_percent),
    cmocka_unit_test (best_fit_magnifies_small_frames),
    cmocka_unit_test (anchored_zoom_keeps_the_point_under_the_pointer),
    cmocka_unit_test (clamp_centres_small_images_and_closes_gaps),
    cmocka_unit_test (follow_policy_tracks_every_frame),
    cmocka_unit_test (freeze_policy_keeps_the_first_frame_levels),
    cmocka_unit_test (manual_levels_ignore_the_data),
    cmocka_unit_test (percentile_levels_are_recomputed_at_a_lower_rate),
    cmocka_unit_test (symmetric_levels_for_signed_data),
    cmocka_unit_test (frame_without_finite_values_keeps_previous_levels),
    cmocka_unit_test (names_round_trip),
    cmocka_unit_test (frame_geometry_follows_c_order),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
