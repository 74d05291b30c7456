/* test-viewer-remote.c — daoview on a stream served by a real `daoctl serve`
 * in another process, over loopback: tcp://127.0.0.1:PORT/NAME.
 *
 * A writer makes a 32 × 32 uint16 stream whose first row holds the frame
 * number (mod 1000); daoview must show it live, with exactly the pixels
 * sent (the highest level is the number of the frame shown). The server is killed:
 * daoview must say "disconnected", then "reconnecting". The server is
 * started again on the same port: live again, without restarting daoview.
 * The stream is re-created on the server's side as 48 × 64 float32: daoview
 * must say "recreated" and show the new shape and type live. The analysis
 * figures and saving (another daoview, no display) work on it too.
 *
 * VIEWER_SHOTS=DIR saves the screen in each state (run this test alone:
 * `VIEWER_SHOTS=/tmp/shots xvfb-run -a build/tests/viewer/test-viewer-remote`).
 */
#include <dao.h>
#include <gtk/gtk.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "viewer-test-remote.h"

/* The next stats line that is live with this shape and type and shows a
 * frame whose pixels are its number (the writer's "counter" pattern). */
static gboolean
wait_live (VtProcess *viewer, const char *shape, const char *type, int timeout_ms)
{
  g_autofree char *line = vt_wait_stats (viewer, shape, type, "live", timeout_ms);
  if (!line)
    return FALSE;
  g_autofree char *shown = vt_field (line, "shown-counter");
  g_autofree char *high = vt_field (line, "high");
  guint64 counter = g_ascii_strtoull (shown, NULL, 10);
  VT_CHECK (high && g_ascii_strtod (high, NULL) == (double) (counter % 1000),
            "frame %s shown with highest pixel %s: %s", shown, high ? high : "-", line);
  return TRUE;
}

static char *
wait_state (VtProcess *viewer, const char *state, int timeout_ms)
{
  g_autofree char *prefix = g_strdup_printf ("state %s", state);
  char *line = vt_wait_line (viewer, prefix, timeout_ms);
  VT_CHECK (line, "daoview never said %s", state);
  printf ("ok: %s\n", line);
  return line;
}

static void
shot_after_redraw (const char *name)
{
  g_usleep (400000); /* a few display refreshes: the header shows the state */
  vt_shot (name);
}

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }

  g_autofree char *path = vt_unique_path ("remote");
  g_autofree char *endpoint = NULL;
  VtProcess *a = vt_start_writer (path, "uint16", 32, 32, "counter", 200, 0);
  VtProcess *server = vt_start_server (path, "tcp://127.0.0.1:0", &endpoint);
  g_autofree char *url = vt_remote_url (endpoint, path);
  printf ("serving on %s\n", url);

  const char *argv[] = { vt_daoview (), "--print-state", url, NULL };
  VtProcess *viewer = vt_spawn (argv);
  VT_CHECK (wait_live (viewer, "32x32", "uint16", 30000), "the remote stream was never shown live");
  printf ("ok: 32x32 uint16 live over tcp, pixels as sent\n");
  g_autofree char *figures = vt_wait_line (viewer, "frame-stats ", 30000);
  VT_CHECK (figures && strstr (figures, " max="), "no analysis figures of the remote frames");
  printf ("ok: the analysis runs on them: %s\n", figures);
  shot_after_redraw ("remote-live");

  /* Saved by another daoview without a display, through a connection of
   * its own: the frame's header names the remote stream. */
  g_autofree char *npy = g_strdup_printf ("/tmp/dvtest-remote-%d.npy", (int) getpid ());
  g_autofree char *json = g_strdup_printf ("/tmp/dvtest-remote-%d.json", (int) getpid ());
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  g_unsetenv ("DISPLAY");
  const char *save[] = { "--save-npy", npy, url, NULL };
  g_ptr_array_unref (vt_run_daoview (save, 60000));
  if (display)
    g_setenv ("DISPLAY", display, TRUE);
  g_autofree char *header = NULL;
  VT_CHECK (g_file_get_contents (json, &header, NULL, NULL), "no %s", json);
  g_autofree char *stream_field = g_strdup_printf ("\"stream\": \"%s\"", url);
  VT_CHECK (strstr (header, stream_field) && strstr (header, "\"dtype\": \"uint16\""),
            "saved header: %s", header);
  unlink (npy);
  unlink (json);
  printf ("ok: saved without a display from the remote stream\n");

  /* The server goes away under the viewer. */
  vt_stop (server, SIGKILL, 5000);
  g_free (wait_state (viewer, "disconnected", 30000));
  shot_after_redraw ("remote-disconnected");
  g_free (wait_state (viewer, "reconnecting", 30000));
  shot_after_redraw ("remote-reconnecting");

  /* Back on the same port. */
  g_autofree char *again = NULL;
  VtProcess *server2 = vt_start_server (path, endpoint, &again);
  VT_CHECK (g_str_equal (again, endpoint), "restarted on %s, not %s", again, endpoint);
  g_free (wait_state (viewer, "live", 30000));
  VT_CHECK (wait_live (viewer, "32x32", "uint16", 30000), "not live again after the restart");
  printf ("ok: live again after the server came back\n");
  shot_after_redraw ("remote-live-again");

  /* Re-created on the server's machine with another shape and type. */
  vt_stop (a, SIGTERM, 5000);
  VtProcess *b = vt_start_writer (path, "float32", 48, 64, "counter", 200, 0);
  g_free (wait_state (viewer, "recreated", 30000));
  shot_after_redraw ("remote-recreated");
  VT_CHECK (wait_live (viewer, "48x64", "float32", 30000), "the new shape and type were not shown live");
  printf ("ok: recreated remotely, now 48x64 float32 live\n");
  shot_after_redraw ("remote-recreated-live");

  VT_CHECK (vt_alive (viewer), "daoview died");
  vt_stop (viewer, SIGTERM, 10000);
  vt_stop (server2, SIGTERM, 10000);
  vt_stop (b, SIGTERM, 5000);
  vt_free (a);
  vt_free (b);
  vt_free (server);
  vt_free (server2);
  vt_free (viewer);
  dao_stream_unlink (path);
  return 0;
}
