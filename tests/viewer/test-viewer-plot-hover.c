/* test-viewer-plot-hover.c — the value under the pointer over a line plot:
 * a writer sends a 1-D ramp of 97 elements (element k is k); the X pointer
 * is moved over the middle of daoview's window, which is the middle of the
 * plot, and --print-state must report the element under it and its value
 * (pointer=K,0 value=K, K near the middle of the vector). The old line
 * plot reported no pointer at all. */
#include <dao.h>
#include <gtk/gtk.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viewer-test-util.h"
#include "viewer-test-x11.h"

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }
  Display *dpy = XOpenDisplay (NULL);
  VT_CHECK (dpy, "cannot open the X display");

  g_autofree char *path = vt_unique_path ("plothover");
  VtProcess *w = vt_start_writer (path, "float32", 0, 97, "ramp", 20, 0);
  const char *argv[] = { vt_daoview (), "--print-state", path, NULL };
  VtProcess *viewer = vt_spawn (argv);
  g_autofree char *live = vt_wait_line (viewer, "state live", 30000);
  VT_CHECK (live, "never live");
  g_usleep (500000);

  gboolean seen = FALSE;
  for (int attempt = 0; attempt < 5 && !seen; attempt++)
    {
      vt_point_at_window_middle (dpy);
      for (int i = 0; i < 6 && !seen; i++)
        {
          g_autofree char *line = vt_wait_line (viewer, "stats ", 5000);
          VT_CHECK (line, "daoview stopped printing");
          g_autofree char *pointer = vt_field (line, "pointer");
          g_autofree char *value = vt_field (line, "value");
          int x, y;
          if (pointer && value && sscanf (pointer, "%d,%d", &x, &y) == 2)
            {
              VT_CHECK (y == 0 && x > 30 && x < 66, "pointer at element %d,%d, not the middle: %s", x, y, line);
              VT_CHECK (g_ascii_strtod (value, NULL) == x, "element %d reads %s: %s", x, value, line);
              printf ("ok: element %d under the pointer, value %s\n", x, value);
              seen = TRUE;
            }
        }
    }
  VT_CHECK (seen, "no pointer reported over the plot");

  vt_stop (viewer, SIGTERM, 10000);
  vt_stop (w, SIGTERM, 5000);
  vt_free (viewer);
  vt_free (w);
  dao_stream_unlink (path);
  XCloseDisplay (dpy);
  return 0;
}
