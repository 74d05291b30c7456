/* test-daoview-contrast.c — the levels under the contrast gestures
 * (daoview-contrast.c): the value under the pointer stays under it on the
 * colour bar, the ends stretch alone and never cross, DS9's bias and
 * contrast on the image, the wheel, and levels that stay drawable whatever
 * the gesture did. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "daoview-contrast.h"
#include "render-test-util.h"

static void
grips (void **state)
{
  assert_int_equal (daoview_contrast_grip (0), DAOVIEW_CONTRAST_LOW);
  assert_int_equal (daoview_contrast_grip (0.1), DAOVIEW_CONTRAST_LOW);
  assert_int_equal (daoview_contrast_grip (0.5), DAOVIEW_CONTRAST_MOVE);
  assert_int_equal (daoview_contrast_grip (0.9), DAOVIEW_CONTRAST_HIGH);
  assert_int_equal (daoview_contrast_grip (1), DAOVIEW_CONTRAST_HIGH);
}

static void
colour_bar (void **state)
{
  double lo, hi;
  /* The middle, up by a quarter of the bar: both levels up by a quarter of
   * the span, so the value under the pointer (550 at mid-height) is what
   * is now at the pointer's new height. */
  daoview_contrast_bar (100, 1000, DAOVIEW_CONTRAST_MOVE, 0.25, &lo, &hi);
  assert_near (lo, 325, 1e-9);
  assert_near (hi, 1225, 1e-9);
  /* Back to the start: the start exactly. */
  daoview_contrast_bar (100, 1000, DAOVIEW_CONTRAST_MOVE, 0, &lo, &hi);
  assert_true (lo == 100 && hi == 1000);
  /* The top end down by 40 %: high alone. */
  daoview_contrast_bar (100, 1000, DAOVIEW_CONTRAST_HIGH, -0.4, &lo, &hi);
  assert_near (lo, 100, 0);
  assert_near (hi, 640, 1e-9);
  /* The bottom end up past the top: it stops just below it. */
  daoview_contrast_bar (100, 1000, DAOVIEW_CONTRAST_LOW, 2, &lo, &hi);
  assert_true (hi == 1000 && lo < 1000 && lo > 999.99);
  daoview_contrast_bar (100, 1000, DAOVIEW_CONTRAST_HIGH, -3, &lo, &hi);
  assert_true (lo == 100 && hi > 100 && hi < 100.01);
}

static void
bias_and_contrast (void **state)
{
  double lo, hi;
  /* Right by 10 % of the view: 10 % of the span down, brighter. */
  daoview_contrast_bias (0, 100, 0.1, 0, &lo, &hi);
  assert_near (lo, -10, 1e-12);
  assert_near (hi, 90, 1e-12);
  /* Up by a third: the span e^-1 as wide, about the centre. */
  daoview_contrast_bias (0, 100, 0, -1.0 / 3, &lo, &hi);
  assert_near (hi - lo, 100 / M_E, 1e-9);
  assert_near (lo + hi, 100, 1e-9);
  /* Down widens. */
  daoview_contrast_bias (0, 100, 0, 0.5, &lo, &hi);
  assert_true (hi - lo > 100);
  daoview_contrast_bias (-5, 5, 0, 0, &lo, &hi);
  assert_true (lo == -5 && hi == 5);
}

static void
wheel (void **state)
{
  double lo, hi;
  daoview_contrast_zoom (0, 100, 1, &lo, &hi);
  assert_near (lo, 5, 1e-12);
  assert_near (hi, 95, 1e-12);
  daoview_contrast_zoom (0, 100, -2, &lo, &hi);
  assert_near (hi - lo, 100 / 0.81, 1e-9);
}

static void
always_drawable (void **state)
{
  double lo, hi;
  /* A span too small to see, huge levels, nonsense in. */
  daoview_contrast_zoom (1, 1 + 1e-15, 1000, &lo, &hi);
  assert_true (isfinite (lo) && isfinite (hi) && hi > lo);
  daoview_contrast_bias (-DBL_MAX, DBL_MAX, 0, 1, &lo, &hi);
  assert_true (isfinite (lo) && isfinite (hi) && hi > lo);
  daoview_contrast_bar (NAN, NAN, DAOVIEW_CONTRAST_MOVE, 0.5, &lo, &hi);
  assert_true (isfinite (lo) && isfinite (hi) && hi > lo);
  daoview_contrast_bar (0, 0, DAOVIEW_CONTRAST_MOVE, 0.5, &lo, &hi);
  assert_true (hi > lo);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (grips),
    cmocka_unit_test (colour_bar),
    cmocka_unit_test (bias_and_contrast),
    cmocka_unit_test (wheel),
    cmocka_unit_test (always_drawable),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
