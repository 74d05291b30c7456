/* test-daoview-session.c — the session (daoview-session.c): its display
 * choices bound to GSettings (the compiled schema of the build tree, a
 * memory backend), command-line overrides that are not stored while later
 * choices are, and ticks against a stream written by this test: the first
 * frame, the state, frames not shown, pausing. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include <cmocka.h>

#include "daoview-session.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#define APP_ID "io.github.daoproject.Daoview"

static GSettings *
settings_or_skip (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  if (!schema)
    {
      printf ("# no compiled schema (GSETTINGS_SCHEMA_DIR)\n");
      skip ();
    }
  g_autoptr (GSettingsBackend) memory = g_memory_settings_backend_new ();
  return g_settings_new_full (schema, memory, NULL);
}

static char *
get_string (gpointer object, const char *property)
{
  char *value = NULL;
  g_object_get (object, property, &value, NULL);
  return value;
}

static void
settings_are_bound_both_ways (void **state)
{
  g_autoptr (GSettings) settings = settings_or_skip ();
  g_autoptr (DaoviewSession) session = daoview_session_new ();
  daoview_session_bind_settings (session, settings, NULL);
  g_autofree char *map = get_string (session, "colormap");
  assert_string_equal (map, "grey");
  int fps;
  g_object_get (session, "max-fps", &fps, NULL);
  assert_int_equal (fps, 60); /* the schema's default, and the only one */

  g_settings_set_string (settings, "colormap", "inferno");
  g_autofree char *followed = get_string (session, "colormap");
  assert_string_equal (followed, "inferno");
  assert_int_equal (daoview_pipeline_params (daoview_session_get_pipeline (session))->colormap,
                    DAOVIEW_COLORMAP_INFERNO);
  g_object_set (session, "scale", "sqrt", NULL); /* as the menu does */
  g_autofree char *stored = g_settings_get_string (settings, "scale");
  assert_string_equal (stored, "sqrt");
}

static void
overrides_are_for_this_run (void **state)
{
  g_autoptr (GSettings) settings = settings_or_skip ();
  g_autoptr (DaoviewSession) session = daoview_session_new ();
  g_autoptr (GVariantDict) overrides = g_variant_dict_new (NULL);
  g_variant_dict_insert (overrides, "colormap", "s", "viridis");
  g_variant_dict_insert (overrides, "max-fps", "i", 1000); /* beyond the schema's range */
  daoview_session_bind_settings (session, settings, overrides);

  g_autofree char *map = get_string (session, "colormap");
  assert_string_equal (map, "viridis");
  g_autofree char *kept = g_settings_get_string (settings, "colormap");
  assert_string_equal (kept, "grey");
  assert_int_equal (g_settings_get_int (settings, "max-fps"), 60);

  /* A choice made later is the user's: stored. */
  g_object_set (session, "colormap", "cyclic", NULL);
  g_autofree char *chosen = g_settings_get_string (settings, "colormap");
  assert_string_equal (chosen, "cyclic");
}

/* Levels set by hand are stored with the manual mode; the reset goes back
 * to the automatic mode chosen last; --levels is for this run only. */
static void
levels_by_hand_are_remembered (void **state)
{
  g_autoptr (GSettings) settings = settings_or_skip ();
  g_autoptr (DaoviewSession) session = daoview_session_new ();
  daoview_session_bind_settings (session, settings, NULL);
  g_object_set (session, "level-mode", "percentile", NULL);
  g_autofree char *auto_mode = g_settings_get_string (settings, "auto-level-mode");
  assert_string_equal (auto_mode, "percentile");

  daoview_session_set_levels (session, 10, 500);
  g_autofree char *mode = g_settings_get_string (settings, "level-mode");
  assert_string_equal (mode, "manual");
  assert_true (g_settings_get_double (settings, "manual-low") == 10);
  assert_true (g_settings_get_double (settings, "manual-high") == 500);
  const DaoviewLevelState *levels = daoview_pipeline_levels (daoview_session_get_pipeline (session));
  assert_true (levels->manual_low == 10 && levels->manual_high == 500);

  /* A new session on the same settings (the next launch) starts there. */
  g_autoptr (DaoviewSession) next = daoview_session_new ();
  daoview_session_bind_settings (next, settings, NULL);
  levels = daoview_pipeline_levels (daoview_session_get_pipeline (next));
  assert_int_equal (levels->mode, DAOVIEW_LEVEL_MODE_MANUAL);
  assert_true (levels->manual_low == 10 && levels->manual_high == 500);

  /* Reset: the automatic mode chosen last, and "keep where I put them"
   * lets go. */
  g_object_set (next, "level-policy", "manual", NULL);
  daoview_session_reset_levels (next);
  g_autofree char *back = g_settings_get_string (settings, "level-mode");
  g_autofree char *policy = g_settings_get_string (settings, "level-policy");
  assert_string_equal (back, "percentile");
  assert_string_equal (policy, "follow");

  /* --levels: this run's, not stored. */
  DaoviewOptions o;
  daoview_options_init (&o);
  g_autoptr (GVariantDict) dict = g_variant_dict_new (NULL);
  g_variant_dict_insert (dict, "levels", "s", "-5:5");
  assert_true (daoview_options_parse (&o, dict, NULL));
  g_autoptr (DaoviewSession) third = daoview_session_new ();
  daoview_session_bind_settings (third, settings, o.overrides);
  levels = daoview_pipeline_levels (daoview_session_get_pipeline (third));
  assert_true (levels->mode == DAOVIEW_LEVEL_MODE_MANUAL && levels->manual_low == -5 && levels->manual_high == 5);
  assert_true (g_settings_get_double (settings, "manual-low") == 10);
  g_autofree char *still = g_settings_get_string (settings, "level-mode");
  assert_string_equal (still, "percentile");
  daoview_options_clear (&o);
}

static char path[128];

static void
write_frame (dao_stream *s, uint16_t value)
{
  uint16_t frame[16];
  for (int i = 0; i < 16; i++)
    frame[i] = value;
  assert_int_equal (dao_stream_write (s, frame, sizeof frame), 0);
}

/* Tick (every 5 ms) until one of `events` happens; at most 10 s, which a
 * loaded machine needs at worst: nothing here is timed. */
static guint
tick_until (DaoviewSession *session, guint events)
{
  for (int i = 0; i < 2000; i++)
    {
      guint got = daoview_session_tick (session, g_get_monotonic_time ());
      if (got & events)
        return got;
      g_usleep (5000);
    }
  return 0;
}

static void
ticks_show_frames_of_a_real_stream (void **state)
{
  const uint32_t shape[2] = { 4, 4 };
  dao_stream *w = NULL;
  snprintf (path, sizeof path, "/tmp/dvcore-session-%d.im.shm", (int) getpid ());
  assert_int_equal (dao_stream_create (&w, path, DAO_UINT16, 2, shape, NULL), 0);
  write_frame (w, 5);

  g_autoptr (DaoviewSession) session = daoview_session_new ();
  daoview_session_watch (session, path, -1);
  assert_string_equal (daoview_session_get_location (session), path);
  assert_true (tick_until (session, DAOVIEW_SESSION_NEW_FRAME) & DAOVIEW_SESSION_NEW_FRAME);
  const DaoviewFrame *frame = daoview_pipeline_frame (daoview_session_get_pipeline (session));
  assert_int_equal (frame->counter, 1);
  assert_int_equal (((const uint16_t *) frame->data)[0], 5);
  assert_true (daoview_session_get_status (session)->attached);

  /* Three frames written before the display asks again: two never shown. */
  write_frame (w, 6);
  write_frame (w, 7);
  write_frame (w, 8);
  daoview_session_frame_drawn (session);
  assert_true (tick_until (session, DAOVIEW_SESSION_NEW_FRAME));
  DaoviewSessionReport report;
  daoview_session_get_report (session, &report);
  assert_int_equal (report.frames_shown, 2);
  assert_true (report.shown_counter >= 4);
  assert_int_equal (report.not_shown, report.shown_counter - 2);

  /* Paused: the frame on screen stays while the stream moves on. */
  g_object_set (session, "paused", TRUE, NULL);
  guint64 shown = report.shown_counter;
  write_frame (w, 9);
  daoview_session_frame_drawn (session);
  for (int i = 0; i < 20; i++)
    {
      assert_false (daoview_session_tick (session, g_get_monotonic_time ()) & DAOVIEW_SESSION_NEW_FRAME);
      g_usleep (10000);
    }
  daoview_session_get_report (session, &report);
  assert_int_equal (report.shown_counter, shown);
  assert_true (report.paused);

  daoview_session_watch (session, NULL, -1);
  assert_null (daoview_pipeline_frame (daoview_session_get_pipeline (session)));
  dao_stream_close (w);
  dao_stream_unlink (path);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (settings_are_bound_both_ways),
    cmocka_unit_test (overrides_are_for_this_run),
    cmocka_unit_test (levels_by_hand_are_remembered),
    cmocka_unit_test (ticks_show_frames_of_a_real_stream),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
