/* test-daoview-copy-budget.c — the verdict on copies that do not fit in
 * the writer's idle time (daoview-copy-budget.c): most copies torn on a
 * depth-1 stream is exceeded, a FIFO never is, a few tears are not, the
 * verdict forgets after two seconds, and the copy time is that of whole
 * copies only. Time is given, not read: nothing here depends on speed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "daoview-copy-budget.h"
#include "render-test-util.h"

static void
most_copies_torn (void **state)
{
  DaoviewCopyBudget b;
  daoview_copy_budget_init (&b, 0);
  /* A 2048² stream at 1 kHz: 14 of 16 copies torn in a second. */
  for (int i = 0; i < 16; i++)
    daoview_copy_budget_note (&b, i % 8 != 0, i % 8 ? 300 : 960, i * 60000);
  DaoviewCopyVerdict v = daoview_copy_budget_verdict (&b, 1000, 1, 990000);
  assert_true (v.exceeded);
  assert_int_equal (v.attempts, 16);
  assert_int_equal (v.torn, 14);
  assert_near (v.copy_ms, 0.96, 1e-9); /* whole copies only */
  assert_near (v.period_ms, 1.0, 1e-12);
  /* The same on a FIFO stream: the newest segment is not the one being
   * written, tears there are something else. */
  v = daoview_copy_budget_verdict (&b, 1000, 3, 990000);
  assert_false (v.exceeded);
}

static void
a_few_tears_are_no_verdict (void **state)
{
  DaoviewCopyBudget b;
  daoview_copy_budget_init (&b, 0);
  for (int i = 0; i < 60; i++)
    daoview_copy_budget_note (&b, i % 10 == 0, 500, i * 16000);
  assert_false (daoview_copy_budget_verdict (&b, 400, 1, 960000).exceeded);
  /* Too few attempts to judge, however many torn. */
  daoview_copy_budget_init (&b, 0);
  for (int i = 0; i < 5; i++)
    daoview_copy_budget_note (&b, true, 100, i * 1000);
  DaoviewCopyVerdict v = daoview_copy_budget_verdict (&b, 1000, 1, 10000);
  assert_false (v.exceeded);
  assert_near (v.copy_ms, 0, 0); /* no copy finished */
  assert_near (daoview_copy_budget_verdict (&b, 0, 1, 10000).period_ms, 0, 0);
}

static void
the_verdict_forgets (void **state)
{
  DaoviewCopyBudget b;
  daoview_copy_budget_init (&b, 0);
  for (int i = 0; i < 20; i++)
    daoview_copy_budget_note (&b, true, 300, i * 40000);
  assert_true (daoview_copy_budget_verdict (&b, 1000, 1, 900000).exceeded);
  /* Next second, whole copies: the torn ones are still in the window
   * before, and outnumber them. */
  for (int i = 0; i < 10; i++)
    daoview_copy_budget_note (&b, false, 500, 1000000 + i * 50000);
  assert_true (daoview_copy_budget_verdict (&b, 1000, 1, 1600000).exceeded);
  /* Two seconds later, only whole copies count. */
  for (int i = 0; i < 20; i++)
    daoview_copy_budget_note (&b, false, 500, 2100000 + i * 40000);
  assert_false (daoview_copy_budget_verdict (&b, 1000, 1, 2950000).exceeded);
  /* And a long silence forgets everything. */
  DaoviewCopyVerdict v = daoview_copy_budget_verdict (&b, 1000, 1, 9000000);
  assert_int_equal (v.attempts, 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (most_copies_torn),
    cmocka_unit_test (a_few_tears_are_no_verdict),
    cmocka_unit_test (the_verdict_forgets),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
