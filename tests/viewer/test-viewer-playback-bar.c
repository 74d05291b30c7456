/* test-viewer-playback-bar.c — one playback bar and one set of frame
 * actions for both kinds of sequence, in a real window:
 *
 * - a recording (made by the record library, tests/core/recording-fixture.h):
 *   the bar is shown with its speed and loop controls; win.frame-next,
 *   -last, -first and -previous and the slider ("seek") move the frame
 *   shown, whose pixels are its own;
 * - a depth-8 FIFO stream of a writer process (its first row holds the
 *   counter) that then stops (SIGSTOP): the frame actions step through what
 *   it holds — the first step pauses and shows the newest frame held, the
 *   bar appears without speed or loop, the slider and first / last move in
 *   the history, and unpausing goes back to the live stream and hides it;
 * - a stream of depth 1: no bar, and the frame actions are disabled (so
 *   Left, Right, Home and End keep their usual meaning).
 */
#include <dao.h>
#include <gtk/gtk.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "daoview-application.h"
#include "daoview-settings.h"
#include "daoview-source.h"
#include "daoview-window-private.h"
#include "recording-fixture.h"
#include "viewer-test-util.h"

static gboolean
wait_for (gboolean (*done) (DaoviewWindow *, guint64), DaoviewWindow *w, guint64 arg, int timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;
  while (!done (w, arg))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static const DaoviewFrame *
frame_of (DaoviewWindow *w)
{
  return daoview_pipeline_frame (daoview_session_get_pipeline (w->session));
}

/* A recording's frame `index` is shown, with its own pixels. */
static gboolean
showing_index (DaoviewWindow *w, guint64 index)
{
  const DaoviewFrame *f = frame_of (w);
  if (!f || f->index != index || !daoview_session_showing_position (w->session))
    return FALSE;
  const uint16_t *v = f->data;
  VT_CHECK (v[0] == rf_value (f->counter, 0, 0) && v[RF_NX - 1] == rf_value (f->counter, 0, RF_NX - 1),
            "frame %" G_GUINT64_FORMAT " does not hold its own pixels", index);
  return TRUE;
}

static gboolean
history_at (DaoviewWindow *w, guint64 index)
{
  guint i, n;
  return daoview_session_get_history (w->session, &i, &n, NULL) && i == index;
}

static gboolean
has_fifo_frame (DaoviewWindow *w, guint64 depth)
{
  return frame_of (w) && daoview_session_get_fifo_depth (w->session) == depth;
}

static gboolean
bar_shown (DaoviewWindow *w)
{
  return gtk_widget_get_visible (GTK_WIDGET (w->playback_bar));
}

/* The bar's speed menu is shown (a recording) or not (a FIFO's history). */
static gboolean
bar_playable (DaoviewWindow *w)
{
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (w->playback_bar)); c;
       c = gtk_widget_get_next_sibling (c))
    for (GtkWidget *d = gtk_widget_get_first_child (c); d; d = gtk_widget_get_next_sibling (d))
      if (GTK_IS_DROP_DOWN (d))
        return gtk_widget_get_visible (d);
  vt_fail ("no speed menu in the playback bar");
}

static gboolean
enabled (DaoviewWindow *w, const char *action)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (w), action);
}

static void
activate (DaoviewWindow *w, const char *action)
{
  g_action_group_activate_action (G_ACTION_GROUP (w), action, NULL);
}

static DaoviewWindow *
new_window (GtkApplication *app, GSettings *settings, const char *location)
{
  DaoviewOptions options;
  daoview_options_init (&options);
  DaoviewWindow *w = daoview_window_new (app, settings, &options);
  daoview_options_clear (&options);
  gtk_window_present (GTK_WINDOW (w));
  daoview_window_watch (w, location);
  return w;
}

static void
check_recording (GtkApplication *app, GSettings *settings, const char *dir)
{
  RfOptions o = { .dir = dir, .stem = "bar", .frames = 12, .period_us = 500, .chunk_frames = 5,
                  .fifo_depth = 64 };
  size_t n = 0;
  char **chunks = rf_record (&o, &n);
  VT_CHECK (chunks && n == 3, "no recording");
  char *location = daoview_recording_location ((const char *const *) chunks, n);
  DaoviewWindow *w = new_window (app, settings, location);

  VT_CHECK (wait_for (showing_index, w, 0, 20000), "the recording's first frame is not shown");
  VT_CHECK (bar_shown (w) && bar_playable (w), "a recording has no playback bar with its speed");
  activate (w, "frame-next");
  VT_CHECK (wait_for (showing_index, w, 1, 10000), "frame-next");
  activate (w, "frame-last");
  VT_CHECK (wait_for (showing_index, w, 11, 10000), "frame-last");
  activate (w, "frame-previous");
  VT_CHECK (wait_for (showing_index, w, 10, 10000), "frame-previous");
  g_signal_emit_by_name (w->playback_bar, "seek", (guint64) 6);
  VT_CHECK (wait_for (showing_index, w, 6, 10000), "the slider");
  activate (w, "frame-first");
  VT_CHECK (wait_for (showing_index, w, 0, 10000), "frame-first");
  printf ("ok: a recording's bar and frame actions move the frame shown\n");

  gtk_window_destroy (GTK_WINDOW (w));
  free (location);
  rf_free_paths (chunks);
}

static void
check_fifo (GtkApplication *app, GSettings *settings)
{
  g_autofree char *path = vt_unique_path ("bar");
  g_setenv ("VT_WRITER_FIFO_DEPTH", "8", TRUE);
  VtProcess *writer = vt_start_writer (path, "uint16", 8, 8, "counter", 50, 0);
  g_unsetenv ("VT_WRITER_FIFO_DEPTH");
  DaoviewWindow *w = new_window (app, settings, path);
  VT_CHECK (wait_for (has_fifo_frame, w, 8, 20000), "no frame of the depth-8 stream");
  g_usleep (300000); /* more than 8 frames written */
  kill (writer->pid, SIGSTOP);

  VT_CHECK (enabled (w, "frame-previous") && !bar_shown (w), "a live FIFO stream: actions on, no bar");
  activate (w, "frame-previous");
  VT_CHECK (daoview_session_get_paused (w->session), "the first step did not pause");
  VT_CHECK (wait_for (history_at, w, 7, 10000), "the first step does not show the newest frame held");
  guint64 newest = frame_of (w)->counter;
  for (int i = 0; i < 20 && !bar_shown (w); i++)
    g_main_context_iteration (NULL, FALSE);
  VT_CHECK (bar_shown (w) && !bar_playable (w), "a FIFO's history has no bar, or one with a speed");
  activate (w, "frame-previous");
  VT_CHECK (history_at (w, 6) && frame_of (w)->counter == newest - 1, "frame-previous in the history");
  activate (w, "frame-first");
  VT_CHECK (history_at (w, 0) && frame_of (w)->counter == newest - 7, "frame-first in the history");
  g_signal_emit_by_name (w->playback_bar, "seek", (guint64) 4);
  VT_CHECK (history_at (w, 4) && frame_of (w)->counter == newest - 3, "the slider in the history");
  activate (w, "frame-last");
  VT_CHECK (history_at (w, 7) && frame_of (w)->counter == newest, "frame-last in the history");
  const uint16_t *v = frame_of (w)->data;
  VT_CHECK (v[0] == newest % 1000, "the history frame shows %u, not its counter", v[0]);
  printf ("ok: a FIFO's history through the same bar and actions\n");

  kill (writer->pid, SIGCONT);
  activate (w, "pause");
  guint i, held;
  VT_CHECK (!daoview_session_get_history (w->session, &i, &held, NULL), "still in the history");
  for (int k = 0; k < 20 && bar_shown (w); k++)
    g_main_context_iteration (NULL, FALSE);
  VT_CHECK (!bar_shown (w), "the bar stays after going back to the live stream");
  printf ("ok: unpausing goes back to the live stream, without the bar\n");

  gtk_window_destroy (GTK_WINDOW (w));
  vt_stop (writer, SIGTERM, 5000);
  vt_free (writer);
  dao_stream_unlink (path);
}

static void
check_plain_stream (GtkApplication *app, GSettings *settings)
{
  g_autofree char *path = vt_unique_path ("bar1");
  VtProcess *writer = vt_start_writer (path, "uint16", 8, 8, "counter", 50, 0);
  DaoviewWindow *w = new_window (app, settings, path);
  VT_CHECK (wait_for (has_fifo_frame, w, 1, 20000), "no frame of the depth-1 stream");
  for (int k = 0; k < 20; k++)
    g_main_context_iteration (NULL, FALSE);
  VT_CHECK (!bar_shown (w), "a plain stream shows a playback bar");
  VT_CHECK (!enabled (w, "frame-previous") && !enabled (w, "frame-next") && !enabled (w, "frame-first")
              && !enabled (w, "frame-last"),
            "the frame actions are enabled on a plain stream");
  printf ("ok: a plain stream: no bar, the frame keys free\n");
  gtk_window_destroy (GTK_WINDOW (w));
  vt_stop (writer, SIGTERM, 5000);
  vt_free (writer);
  dao_stream_unlink (path);
}

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }
  g_autoptr (GError) error = NULL;
  DaoviewApplication *app = daoview_application_new ();
  VT_CHECK (g_application_register (G_APPLICATION (app), NULL, &error), "register");
  g_autoptr (GSettings) settings = daoview_settings_new (DAOVIEW_APPLICATION_ID);
  char dir[256];
  VT_CHECK (rf_make_dir ("dvtest-bar", dir, sizeof dir) == 0, "cannot make a directory");

  check_recording (GTK_APPLICATION (app), settings, dir);
  check_fifo (GTK_APPLICATION (app), settings);
  check_plain_stream (GTK_APPLICATION (app), settings);

  rf_remove_dir (dir);
  g_object_unref (app);
  return 0;
}
