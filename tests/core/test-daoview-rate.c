/* test-daoview-rate.c — rates from counts (daoview-rate.c): a first figure
 * after 200 ms, then over at least 500 ms, restarted by a count that goes
 * back. Times are given, not measured: nothing here depends on the clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "daoview-rate.h"

static void
first_estimate_comes_quickly_then_averages (void **state)
{
  DaoviewRate r;
  daoview_rate_start (&r, 100, 0);
  assert_false (daoview_rate_update (&r, 110, 100000)); /* 100 ms: too soon */
  assert_true (r.hz == 0 && !r.estimated);
  assert_true (daoview_rate_update (&r, 180, 200000)); /* 80 frames in 200 ms */
  assert_true (r.hz == 400 && r.estimated);
  assert_false (daoview_rate_update (&r, 240, 500000)); /* 300 ms: the window is 500 */
  assert_true (daoview_rate_update (&r, 380, 700000));
  assert_true (r.hz == 400);
  assert_true (daoview_rate_update (&r, 380, 1200000)); /* stopped */
  assert_true (r.hz == 0);
}

static void
a_count_going_back_restarts (void **state)
{
  DaoviewRate r;
  daoview_rate_start (&r, 1000, 0);
  assert_true (daoview_rate_update (&r, 1100, 500000));
  assert_true (r.hz == 200);
  assert_true (daoview_rate_update (&r, 3, 600000)); /* a re-created stream */
  assert_true (r.hz == 0 && !r.estimated);
  assert_true (daoview_rate_update (&r, 43, 800000));
  assert_true (r.hz == 200);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (first_estimate_comes_quickly_then_averages),
    cmocka_unit_test (a_count_going_back_restarts),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
