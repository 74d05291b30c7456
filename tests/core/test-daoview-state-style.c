/* test-daoview-state-style.c — every state has its border and dimming
 * (daoview-state-style.c): the live image is plain, a stream that stopped
 * is framed and dimmed, the worse the more, and no two alarms share a
 * colour with a different meaning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "daoview-state-style.h"

static void
styles (void **state)
{
  DaoviewStateStyle live = daoview_state_style (DAOVIEW_STREAM_LIVE);
  assert_false (live.border);
  assert_true (live.dim == 0);
  assert_false (daoview_state_style (DAOVIEW_STREAM_WAITING).border);
  assert_false (daoview_state_style (DAOVIEW_STREAM_INVALID).border);

  DaoviewStateStyle stale = daoview_state_style (DAOVIEW_STREAM_STALE);
  DaoviewStateStyle gone = daoview_state_style (DAOVIEW_STREAM_WRITER_GONE);
  DaoviewStateStyle recreated = daoview_state_style (DAOVIEW_STREAM_RECREATED);
  assert_true (stale.border && gone.border && recreated.border);
  assert_true (stale.dim > 0 && gone.dim > stale.dim && recreated.dim == 0);
  assert_int_equal (gone.rgb, 0xe01b24);
  assert_int_equal (stale.rgb, 0xe5a50a);
  assert_int_equal (recreated.rgb, 0x3584e4);
  assert_int_equal (daoview_state_style (DAOVIEW_STREAM_DISCONNECTED).rgb, gone.rgb);
  assert_int_equal (daoview_state_style (DAOVIEW_STREAM_RECONNECTING).rgb, stale.rgb);
  assert_false (daoview_state_style (DAOVIEW_N_STREAM_STATES).border);
}

int
main (void)
{
  const struct CMUnitTest tests[] = { cmocka_unit_test (styles) };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
