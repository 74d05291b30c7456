/* test-viewer-history.c — stepping through a FIFO's history in the window,
 * through its actions (the keys , and . use them): a writer process fills a
 * depth-8 FIFO stream whose first row holds the frame counter, then stops
 * (SIGSTOP: what the FIFO holds no longer moves). The first step back
 * pauses and shows the newest frame held; seven more show the seven before
 * it, counters one apart, each frame's pixels its own; stepping past the
 * oldest stays there; stepping forward comes back to the newest; unpausing
 * goes back to the live stream. */
#include <dao.h>
#include <gtk/gtk.h>
#include <signal.h>
#include <stdio.h>

#include "daoview-application.h"
#include "daoview-screenshot.h"
#include "daoview-settings.h"
#include "daoview-window.h"
#include "viewer-test-util.h"

static gboolean
wait_for (gboolean (*done) (DaoviewSession *), DaoviewSession *session, int timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;
  while (!done (session))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static gboolean
has_frame (DaoviewSession *s)
{
  return daoview_pipeline_frame (daoview_session_get_pipeline (s)) != NULL
         && daoview_session_get_fifo_depth (s) == 8;
}

static gboolean
in_history (DaoviewSession *s)
{
  guint index, length;
  return daoview_session_get_history (s, &index, &length, NULL);
}

/* The frame on screen: its counter, and its first pixel (the counter, mod 1000). */
static guint64
shown (DaoviewSession *s)
{
  DaoviewPipeline *p = daoview_session_get_pipeline (s);
  const DaoviewFrame *f = daoview_pipeline_frame (p);
  double v = -1;
  VT_CHECK (daoview_plane_value_at (daoview_pipeline_plane (p), 0, 0, &v), "no pixel");
  VT_CHECK (v == (double) (f->counter % 1000), "frame %" G_GUINT64_FORMAT " shows %g", f->counter, v);
  return f->counter;
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

  g_autofree char *path = vt_unique_path ("history");
  g_setenv ("VT_WRITER_FIFO_DEPTH", "8", TRUE);
  VtProcess *w = vt_start_writer (path, "uint16", 8, 8, "counter", 50, 0);

  DaoviewOptions options;
  daoview_options_init (&options);
  DaoviewWindow *window = daoview_window_new (GTK_APPLICATION (app), settings, &options);
  GActionGroup *group = G_ACTION_GROUP (window);
  DaoviewSession *session = daoview_window_get_session (window);
  gtk_window_present (GTK_WINDOW (window));
  daoview_window_watch (window, path);
  VT_CHECK (wait_for (has_frame, session, 20000), "no frame of the depth-8 stream");
  g_usleep (300000); /* more than 8 frames written */
  kill (w->pid, SIGSTOP);
  dao_stream *s;
  VT_CHECK (dao_stream_open (&s, path, DAO_OPEN_READ_ONLY) == 0, "open");
  guint64 newest = dao_stream_counter (s);
  dao_stream_close (s);

  g_action_group_activate_action (group, "history-back", NULL);
  VT_CHECK (daoview_session_get_paused (session), "the first step did not pause");
  VT_CHECK (wait_for (in_history, session, 10000), "no history shown");
  guint index, length;
  daoview_session_get_history (session, &index, &length, NULL);
  VT_CHECK (length == 8 && index == 7, "history of %u frames at %u, expected 8 at 7", length, index);
  guint64 c = shown (session);
  VT_CHECK (c == newest, "history starts at %" G_GUINT64_FORMAT ", the stream's newest is %" G_GUINT64_FORMAT,
            c, newest);
  printf ("ok: %u frames held, the newest (%" G_GUINT64_FORMAT ") shown first\n", length, c);

  for (int k = 1; k <= 8; k++)
    {
      g_action_group_activate_action (group, "history-back", NULL);
      guint64 now = shown (session);
      guint64 want = newest - (guint64) MIN (k, 7);
      VT_CHECK (now == want, "step back %d shows %" G_GUINT64_FORMAT ", expected %" G_GUINT64_FORMAT, k, now,
                want);
    }
  /* DAOVIEW_TEST_SHOTS=DIR keeps a picture of the window in history. */
  if (g_getenv ("DAOVIEW_TEST_SHOTS"))
    {
      g_autofree char *png = g_build_filename (g_getenv ("DAOVIEW_TEST_SHOTS"), "history.png", NULL);
      for (int i = 0; i < 30; i++)
        g_main_context_iteration (NULL, FALSE), g_usleep (10000);
      daoview_screenshot_save_png (GTK_WIDGET (window), png, NULL);
    }
  printf ("ok: stepped back through %" G_GUINT64_FORMAT " … %" G_GUINT64_FORMAT ", stays at the oldest\n",
          newest, newest - 7);
  for (int k = 1; k <= 7; k++)
    {
      g_action_group_activate_action (group, "history-forward", NULL);
      VT_CHECK (shown (session) == newest - 7 + (guint64) k, "step forward %d", k);
    }
  printf ("ok: forward again to %" G_GUINT64_FORMAT "\n", newest);

  kill (w->pid, SIGCONT);
  g_action_group_activate_action (group, "pause", NULL);
  VT_CHECK (!daoview_session_get_paused (session) && !in_history (session), "not live after unpausing");
  printf ("ok: live again after unpausing\n");

  gtk_window_destroy (GTK_WINDOW (window));
  vt_stop (w, SIGTERM, 5000);
  vt_free (w);
  dao_stream_unlink (path);
  g_object_unref (app);
  return 0;
}
