/* test-viewer-hover.c — the pointer over the image while the stream is
 * re-created smaller (issue 9: daoview read the new frame at the old
 * pointer position and died of SIGSEGV).
 *
 * A real writer shows a 2048 × 2048 stream; the X pointer is moved over
 * the middle of daoview's window (XWarpPointer, under Xvfb), and
 * --print-state must report the pixel under it (pointer=X,Y). Then a
 * writer re-creates the stream at the same path as 64 × 4096 — the old
 * pointer position (about 1024, 1024) is far outside it: the old daoview
 * died there 3 times out of 3 — and as 8 × 8. daoview must show each live,
 * report no pixel outside the frame, report the pixel again once the
 * pointer moves over the 8 × 8 image (the 64 × 4096 one is a 13-pixel
 * strip on screen), and stay up.
 */
#include <dao.h>
#include <gtk/gtk.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "viewer-test-util.h"
#include "viewer-test-x11.h"

/* The next live stats line of this shape with a frame shown, or NULL. */
static char *
wait_live (VtProcess *viewer, const char *shape, int timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  while (g_get_monotonic_time () < deadline)
    {
      char *line = vt_wait_line (viewer, "stats ", 2000);
      if (!line)
        continue;
      g_autofree char *s = vt_field (line, "shape");
      g_autofree char *st = vt_field (line, "state");
      g_autofree char *shown = vt_field (line, "shown-counter");
      if (!g_strcmp0 (s, shape) && !g_strcmp0 (st, "live") && shown && strcmp (shown, "0") != 0)
        return line;
      g_free (line);
    }
  return NULL;
}

/* The pixel in the next stats lines, within `width` × `height`: TRUE once
 * one is reported (and it must lie inside), FALSE if none comes. */
static gboolean
wait_pointer (VtProcess *viewer, unsigned width, unsigned height, int lines)
{
  for (int i = 0; i < lines; i++)
    {
      g_autofree char *line = vt_wait_line (viewer, "stats ", 5000);
      VT_CHECK (line, "daoview stopped printing (died?)");
      g_autofree char *pointer = vt_field (line, "pointer");
      VT_CHECK (pointer, "no pointer= in '%s'", line);
      int x, y;
      if (sscanf (pointer, "%d,%d", &x, &y) == 2)
        {
          VT_CHECK (x >= 0 && y >= 0 && (unsigned) x < width && (unsigned) y < height,
                    "pointer (%d, %d) reported outside the %u × %u frame: %s", x, y, width, height, line);
          return TRUE;
        }
    }
  return FALSE;
}

static VtProcess *
recreate (VtProcess *old, const char *path, unsigned ny, unsigned nx)
{
  vt_stop (old, SIGTERM, 5000);
  vt_free (old);
  return vt_start_writer (path, "uint16", ny, nx, "counter", 20, 0);
}

int
main (void)
{
  Display *dpy = vt_x11_open ();

  g_autofree char *path = vt_unique_path ("hover");
  VtProcess *w = vt_start_writer (path, "uint16", 2048, 2048, "counter", 20, 0);
  const char *argv[] = { vt_daoview (), "--print-state", path, NULL };
  VtProcess *viewer = vt_spawn (argv);

  g_autofree char *first = wait_live (viewer, "2048x2048", 30000);
  VT_CHECK (first, "the 2048 × 2048 stream never went live");
  vt_point_at_window_middle (dpy);
  VT_CHECK (wait_pointer (viewer, 2048, 2048, 40), "the pointer over the image was never reported");
  printf ("ok: the pointer over the 2048 × 2048 image is reported\n");

  /* Re-created smaller, the pointer still where it was. */
  w = recreate (w, path, 64, 4096);
  g_autofree char *wide = wait_live (viewer, "64x4096", 30000);
  VT_CHECK (vt_alive (viewer) && wide, "daoview did not show the re-created 64 × 4096 stream");
  /* No pixel outside the new frame, whether one is reported or not. */
  (void) wait_pointer (viewer, 4096, 64, 8);
  VT_CHECK (vt_alive (viewer), "daoview died with the pointer over a stream re-created smaller");
  printf ("ok: re-created as 64 × 4096 under the pointer: live, no pixel outside the new frame\n");

  w = recreate (w, path, 8, 8);
  g_autofree char *tiny = wait_live (viewer, "8x8", 30000);
  VT_CHECK (vt_alive (viewer) && tiny, "daoview did not show the re-created 8 × 8 stream");
  vt_point_at_window_middle (dpy);
  VT_CHECK (wait_pointer (viewer, 8, 8, 40), "the pointer over the 8 × 8 image was never reported");
  printf ("ok: re-created as 8 × 8 under the pointer: live, pointer inside\n");

  VT_CHECK (vt_alive (viewer), "daoview died");
  int status = vt_stop (viewer, SIGTERM, 10000);
  VT_CHECK (status >= 0 && WIFEXITED (status) && WEXITSTATUS (status) == 0,
            "daoview did not exit cleanly (status %d)", status);
  vt_free (viewer);
  vt_stop (w, SIGTERM, 5000);
  vt_free (w);
  dao_stream_unlink (path);
  XCloseDisplay (dpy);
  return 0;
}
