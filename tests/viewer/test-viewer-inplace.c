/* test-viewer-inplace.c — streams re-created IN PLACE under daoview, the
 * way existing DAO writers do it (issue 9): the same file truncated and a
 * new header written, at any size, while daoview maps it and the pointer
 * rests over the image.
 *
 * The writer is tests/peers/dao-legacy-writer (made from the byte contract,
 * not libdao). It starts as 512 × 512 uint16 and re-creates the stream in
 * turn as 32 × 4096 uint16 (half the bytes, the old pointer position far
 * outside it), as
 * 1024 × 1024 uint16 (larger) and as 512 × 1024 float32 (the same number of
 * bytes, another shape and type). For each, daoview must say "recreated",
 * show the new shape and type with frames of it (each element of frame n
 * holds n, so the value under the pointer is the shown counter), and never
 * die: the old daoview died of SIGBUS or SIGSEGV here.
 */
#include <dao.h>
#include <gtk/gtk.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "viewer-test-util.h"
#include "viewer-test-x11.h"

/* The next stats line with this shape and type and a frame of it shown,
 * checking on the way that every pixel reported under the pointer holds
 * the counter of the frame shown (every element of frame n is n). */
static char *
wait_geometry (VtProcess *viewer, const char *shape, const char *type, int timeout_ms,
               gboolean *saw_recreated, gboolean *saw_pointer)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  while (g_get_monotonic_time () < deadline)
    {
      char *line = vt_wait_line (viewer, "", 2000);
      if (!line)
        {
          VT_CHECK (vt_alive (viewer), "daoview died");
          continue;
        }
      if (g_str_has_prefix (line, "state recreated"))
        *saw_recreated = TRUE;
      if (!g_str_has_prefix (line, "stats "))
        {
          g_free (line);
          continue;
        }
      g_autofree char *s = vt_field (line, "shape");
      g_autofree char *t = vt_field (line, "type");
      g_autofree char *shown = vt_field (line, "shown-counter");
      g_autofree char *pointer = vt_field (line, "pointer");
      g_autofree char *value = vt_field (line, "value");
      if (value && pointer && shown && strcmp (shown, "0") != 0)
        {
          /* The frame shown and the value read from it, in one report. */
          VT_CHECK (g_ascii_strtod (value, NULL) == g_ascii_strtod (shown, NULL),
                    "the pointer reads %s from frame %s: %s", value, shown, line);
          *saw_pointer = TRUE;
        }
      if (!g_strcmp0 (s, shape) && !g_strcmp0 (t, type) && shown && strcmp (shown, "0") != 0)
        return line;
      g_free (line);
    }
  return NULL;
}

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }
  const char *legacy = g_getenv ("DAO_LEGACY_WRITER");
  VT_CHECK (legacy, "DAO_LEGACY_WRITER is not set");
  Display *dpy = XOpenDisplay (NULL);
  VT_CHECK (dpy, "cannot open the X display");

  g_autofree char *path = vt_unique_path ("inplace");
  /* 60 frames of each geometry at 20 Hz: three seconds for daoview to
   * reattach and show it, ample on a loaded machine. */
  const char *wargv[] = { legacy, path, "--shape", "512x512:uint16", "--recreate",
                          "32x4096:uint16,1024x1024:uint16,512x1024:float32", "--every", "60",
                          "--rate", "20", "--quiet", NULL };
  VtProcess *writer = vt_spawn (wargv);
  for (int i = 0; i < 100 && !g_file_test (path, G_FILE_TEST_EXISTS); i++)
    g_usleep (20000);

  const char *argv[] = { vt_daoview (), "--print-state", path, NULL };
  VtProcess *viewer = vt_spawn (argv);
  gboolean recreated = FALSE, pointer = FALSE;
  g_autofree char *first = wait_geometry (viewer, "512x512", "uint16", 20000, &recreated, &pointer);
  VT_CHECK (first, "the first stream was never shown");
  vt_point_at_window_middle (dpy);

  static const char *const steps[][3] = {
    { "32x4096", "uint16", "smaller, the pointer far outside it" },
    { "1024x1024", "uint16", "larger" },
    { "512x1024", "float32", "the same size, another shape and type" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      recreated = FALSE;
      g_autofree char *line = wait_geometry (viewer, steps[i][0], steps[i][1], 20000, &recreated,
                                             &pointer);
      VT_CHECK (vt_alive (viewer), "daoview died when the stream was re-created %s", steps[i][2]);
      VT_CHECK (line, "re-created in place %s (%s %s): never shown", steps[i][2], steps[i][0],
                steps[i][1]);
      VT_CHECK (recreated, "re-created in place %s: daoview did not say 'recreated'", steps[i][2]);
      printf ("ok: re-created in place %s: recreated, then %s %s shown\n", steps[i][2], steps[i][0],
              steps[i][1]);
      if (i == 0)
        vt_point_at_window_middle (dpy); /* and over the new image from now on */
    }
  VT_CHECK (pointer, "the pointer over the image was never reported");
  printf ("ok: the pointer read the frame shown throughout\n");

  int status = vt_stop (viewer, SIGTERM, 10000);
  VT_CHECK (status >= 0 && WIFEXITED (status) && WEXITSTATUS (status) == 0,
            "daoview did not exit cleanly (status %d)", status);
  vt_free (viewer);
  vt_stop (writer, SIGTERM, 5000);
  vt_free (writer);
  dao_stream_unlink (path);
  dao_semaphores_unlink (path, DAO_MAX_SEMAPHORES); /* the legacy writer never removes them */
  XCloseDisplay (dpy);
  return 0;
}
