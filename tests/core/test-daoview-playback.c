/* test-daoview-playback.c — the playback clock (daoview-playback.c) on
 * sequences of known write times, with time passed in: the frame due at
 * each moment by the recorded intervals (a gap of lost frames included) and
 * at a fixed rate, the end (stop, or loop back to the first frame one
 * interval later), starting anywhere, untimed recordings; and the words
 * for a frame. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "daoview-playback.h"

/* Write times in ns: 0, 10, 20, 30 ms, then a gap (lost frames) to 100 ms,
 * then 110 ms. */
static const gint64 times_ms[] = { 0, 10, 20, 30, 100, 110 };
#define T0 1700000000000000000LL

static gboolean
time_of (gpointer data, guint64 index, gint64 *time_ns)
{
  const gint64 *ms = data;
  if (index >= G_N_ELEMENTS (times_ms))
    return FALSE;
  *time_ns = T0 + ms[index] * 1000000;
  return TRUE;
}

static gboolean
no_time (gpointer data, guint64 index, gint64 *time_ns)
{
  *time_ns = 0;
  return TRUE;
}

static DaoviewPlayback
recorded (void)
{
  DaoviewPlayback p = { 0 };
  p.length = G_N_ELEMENTS (times_ms);
  p.time_of = time_of;
  p.time_data = (gpointer) times_ms;
  return p;
}

#define MS(x) ((gint64) (x) * 1000)

static void
recorded_intervals (void **state)
{
  DaoviewPlayback p = recorded ();
  gboolean ended = TRUE;
  daoview_playback_start (&p, 0, MS (5000));
  assert_int_equal (daoview_playback_due (&p, MS (5000), &ended), 0);
  assert_false (ended);
  assert_int_equal (daoview_playback_due (&p, MS (5009), NULL), 0);
  assert_int_equal (daoview_playback_due (&p, MS (5010), NULL), 1);
  assert_int_equal (daoview_playback_due (&p, MS (5025), NULL), 2);
  /* The gap: frame 3 stays until 100 ms. */
  assert_int_equal (daoview_playback_due (&p, MS (5031), NULL), 3);
  assert_int_equal (daoview_playback_due (&p, MS (5099), NULL), 3);
  assert_int_equal (daoview_playback_due (&p, MS (5100), &ended), 4);
  assert_false (ended);
  /* A display slower than the recording skips frames, never lags. */
  assert_int_equal (daoview_playback_due (&p, MS (5110), &ended), 5);
  assert_true (ended);
  assert_int_equal (daoview_playback_due (&p, MS (9000), &ended), 5);
  assert_true (ended);
  /* Time before the start (a clock read early) is the start. */
  assert_int_equal (daoview_playback_due (&p, MS (4000), NULL), 0);
}

static void
start_in_the_middle (void **state)
{
  DaoviewPlayback p = recorded ();
  daoview_playback_start (&p, 3, MS (100));
  assert_int_equal (daoview_playback_due (&p, MS (100), NULL), 3);
  assert_int_equal (daoview_playback_due (&p, MS (169), NULL), 3);
  assert_int_equal (daoview_playback_due (&p, MS (170), NULL), 4);
  /* Beyond the end: the last frame. */
  daoview_playback_start (&p, 99, MS (0));
  assert_int_equal (p.start_index, 5);
  gboolean ended = FALSE;
  assert_int_equal (daoview_playback_due (&p, MS (0), &ended), 5);
  assert_true (ended);
}

static void
recorded_loop (void **state)
{
  DaoviewPlayback p = recorded ();
  p.loop = TRUE;
  gboolean ended = TRUE;
  daoview_playback_start (&p, 0, MS (0));
  assert_int_equal (daoview_playback_due (&p, MS (115), &ended), 5);
  assert_false (ended);
  /* The mean interval is 110 / 5 = 22 ms: frame 0 again at 132 ms. */
  assert_int_equal (daoview_playback_due (&p, MS (131), NULL), 5);
  assert_int_equal (daoview_playback_due (&p, MS (132), &ended), 0);
  assert_false (ended);
  assert_int_equal (daoview_playback_due (&p, MS (142), NULL), 1);
  /* Several passes later (a display that was away). */
  assert_int_equal (daoview_playback_due (&p, MS (132 + 132 + 20), NULL), 2);
}

static void
fixed_rate (void **state)
{
  DaoviewPlayback p = recorded ();
  p.rate_hz = 100; /* 10 ms a frame, whatever the recorded times */
  gboolean ended = TRUE;
  daoview_playback_start (&p, 2, MS (0));
  assert_int_equal (daoview_playback_due (&p, MS (9), &ended), 2);
  assert_int_equal (daoview_playback_due (&p, MS (10), NULL), 3);
  /* No gap at a fixed rate. */
  assert_int_equal (daoview_playback_due (&p, MS (20), NULL), 4);
  assert_int_equal (daoview_playback_due (&p, MS (30), &ended), 5);
  assert_false (ended);
  assert_int_equal (daoview_playback_due (&p, MS (40), &ended), 5);
  assert_true (ended);
  p.loop = TRUE;
  assert_int_equal (daoview_playback_due (&p, MS (40), &ended), 0);
  assert_false (ended);
  assert_int_equal (daoview_playback_due (&p, MS (65), NULL), 2);
}

static void
untimed_recording (void **state)
{
  DaoviewPlayback p = { 0 };
  p.length = 100;
  p.time_of = no_time;
  daoview_playback_start (&p, 0, 0);
  assert_int_equal (p.start_time_ns, 0);
  gint64 period = (gint64) (1e6 / DAOVIEW_PLAYBACK_UNTIMED_HZ);
  assert_int_equal (daoview_playback_due (&p, period - 1, NULL), 0);
  assert_int_equal (daoview_playback_due (&p, 3 * period, NULL), 3);

  DaoviewPlayback empty = { 0 };
  gboolean ended = FALSE;
  assert_int_equal (daoview_playback_due (&empty, 0, &ended), 0);
  assert_true (ended);
}

static void
frame_in_words (void **state)
{
  DaoviewFrame f = { 0 };
  f.index = 12;
  f.counter = 4567;
  g_autofree char *plain = daoview_playback_frame_text (&f, 500);
  assert_string_equal (plain, "Frame 12 (0–499) · counter 4567");

  f.lost = 3;
  g_autofree char *lost = daoview_playback_frame_text (&f, 500);
  assert_string_equal (lost, "Frame 12 (0–499) · counter 4567 · 3 missing before it");
  f.dropped = 1;
  f.write_time_ns = T0 + 5000; /* 5 µs past a second */
  g_autofree char *all = daoview_playback_frame_text (&f, 500);
  assert_non_null (strstr (all, "counter 4567 · 20"));
  assert_non_null (strstr (all, ".000005 · 3 missing before it, 1 of them dropped"));
}

int
main (void)
{
  g_setenv ("LANGUAGE", "C", TRUE);
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (recorded_intervals),
    cmocka_unit_test (start_in_the_middle),
    cmocka_unit_test (recorded_loop),
    cmocka_unit_test (fixed_rate),
    cmocka_unit_test (untimed_recording),
    cmocka_unit_test (frame_in_words),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
