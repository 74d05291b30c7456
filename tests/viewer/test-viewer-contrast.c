/* test-viewer-contrast.c — the levels set by hand, with input synthesized
 * as a user's (XTest, under Xvfb), and remembered across a restart
 * (issue 13: Levels ▸ Manual offered no place to type values and used 0:1;
 * the colour bar and a right-drag on the image did nothing; the values
 * were not remembered).
 *
 * A real writer draws a spot of 100 … 1078 (uint16), so the automatic
 * levels are 100:1078. With GSettings' keyfile backend in a folder of its
 * own, daoview's --print-state (its `layout` line says where the image and
 * the colour bar are) must show:
 *   1. the colour bar's middle dragged up by d px of its height h: both
 *      levels up by d / h of the span;
 *   2. its top end dragged down: high alone moves;
 *   3. a right-drag on the image to the right by a tenth of the view: both
 *      levels down by a tenth of the span (DS9's bias);
 *   4. C, then 500 and 10 typed into the popover: levels 10:500;
 *   5. daoview started again: 10:500 from the first frame;
 *   6. Shift+C: back to 100:1078.
 */
#include <dao.h>
#include <gtk/gtk.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "viewer-test-util.h"
#include "viewer-test-x11.h"

typedef struct {
  double view[4], image[4], bar[4];
} Layout;

static VtProcess *
start_viewer (const char *path)
{
  const char *argv[] = { vt_daoview (), "--print-state", path, NULL };
  return vt_spawn (argv);
}

static Layout
wait_layout (VtProcess *viewer)
{
  Layout l;
  for (int i = 0; i < 20; i++)
    {
      g_autofree char *line = vt_wait_line (viewer, "layout ", 20000);
      VT_CHECK (line, "no layout line");
      if (sscanf (line, "layout window %*d %*d view %lf %lf %lf %lf image %lf %lf %lf %lf colorbar %lf %lf %lf %lf",
                  &l.view[0], &l.view[1], &l.view[2], &l.view[3], &l.image[0], &l.image[1], &l.image[2],
                  &l.image[3], &l.bar[0], &l.bar[1], &l.bar[2], &l.bar[3]) == 12
          && l.view[2] > 100)
        return l;
    }
  vt_fail ("no layout with a colour bar");
}

/* The levels of the next stats line that satisfies `ok` (within 40 lines). */
static void
wait_levels (VtProcess *viewer, const char *what, gboolean (*ok) (double, double, const double *),
             const double *want, double *low, double *high)
{
  for (int i = 0; i < 40; i++)
    {
      g_autofree char *line = vt_wait_line (viewer, "stats ", 5000);
      VT_CHECK (line, "%s: daoview stopped printing", what);
      g_autofree char *lo = vt_field (line, "low");
      g_autofree char *hi = vt_field (line, "high");
      g_autofree char *shown = vt_field (line, "shown");
      if (!lo || !hi || !g_strcmp0 (shown, "0"))
        continue;
      *low = g_ascii_strtod (lo, NULL);
      *high = g_ascii_strtod (hi, NULL);
      if (ok (*low, *high, want))
        {
          printf ("ok: %s: levels %g … %g\n", what, *low, *high);
          return;
        }
    }
  vt_fail ("%s: levels %g … %g, expected about %g … %g", what, *low, *high, want[0], want[1]);
}

/* Within 0.5 % of the span of each wanted level. */
static gboolean
near (double low, double high, const double *want)
{
  double tol = 0.005 * (want[1] - want[0]);
  return fabs (low - want[0]) <= tol && fabs (high - want[1]) <= tol;
}

static gboolean
exact (double low, double high, const double *want)
{
  return low == want[0] && high == want[1];
}

int
main (void)
{
  Display *dpy = vt_x11_open ();
  if (!vt_xtest_available (dpy))
    {
      printf ("SKIP: no XTest extension\n");
      return 77;
    }

  g_autofree char *home = g_strdup_printf ("/tmp/dvtest-contrast-%d", (int) getpid ());
  g_autofree char *dir = g_build_filename (home, "glib-2.0", "settings", NULL);
  VT_CHECK (g_mkdir_with_parents (dir, 0700) == 0, "mkdir");
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);

  g_autofree char *path = vt_unique_path ("contrast");
  VtProcess *w = vt_start_writer (path, "uint16", 64, 96, "spot", 20, 0);
  VtProcess *viewer = start_viewer (path);
  Layout l = wait_layout (viewer);
  int ox, oy;
  vt_window_origin (dpy, &ox, &oy);
  double low, high, want[2] = { 100, 1078 };
  wait_levels (viewer, "automatic", exact, want, &low, &high);

  /* 1. The bar's middle, up by a quarter of its height (its painted part is
   * inset by 8 px top and bottom). */
  double bar_h = l.bar[3] - 16, span = high - low;
  int bx = ox + (int) (l.bar[0] + 16), by = oy + (int) (l.bar[1] + l.bar[3] / 2);
  int d = (int) (bar_h / 4);
  vt_xtest_drag (dpy, 1, bx, by, bx, by - d);
  want[0] = 100 + span * d / bar_h, want[1] = 1078 + span * d / bar_h;
  wait_levels (viewer, "colour bar moved", near, want, &low, &high);

  /* 2. The top end, down by a tenth of the height: high alone. */
  int top = oy + (int) (l.bar[1] + 8 + 4);
  double before_low = low, before_high = high;
  d = (int) (bar_h / 10);
  vt_xtest_drag (dpy, 1, bx, top, bx, top + d);
  want[0] = before_low, want[1] = before_high - (before_high - before_low) * d / bar_h;
  wait_levels (viewer, "colour bar's top end stretched", near, want, &low, &high);

  /* 3. Right-drag on the image, right by a tenth of the view. */
  int cx = ox + (int) (l.view[0] + l.view[2] / 2), cy = oy + (int) (l.view[1] + l.view[3] / 2);
  d = (int) (l.view[2] / 10);
  before_low = low, before_high = high;
  vt_xtest_drag (dpy, 3, cx, cy, cx + d, cy);
  double shift = (before_high - before_low) * d / l.view[2];
  want[0] = before_low - shift, want[1] = before_high - shift;
  wait_levels (viewer, "right-drag on the image (bias)", near, want, &low, &high);

  /* 4. Typed: C (for contrast) opens the popover on the high level. */
  vt_point_at_window_middle (dpy);
  vt_xtest_key (dpy, "c", NULL);
  g_usleep (500000);
  vt_xtest_key (dpy, "a", "Control_L");
  vt_xtest_type (dpy, "500");
  vt_xtest_key (dpy, "Tab", NULL);
  vt_xtest_key (dpy, "a", "Control_L");
  vt_xtest_type (dpy, "10");
  vt_xtest_key (dpy, "Return", NULL);
  want[0] = 10, want[1] = 500;
  wait_levels (viewer, "typed in the popover", exact, want, &low, &high);
  vt_xtest_key (dpy, "Escape", NULL);

  /* 5. Remembered with the mode. */
  VT_CHECK (vt_stop (viewer, SIGTERM, 10000) >= 0, "daoview did not stop");
  vt_free (viewer);
  viewer = start_viewer (path);
  g_autofree char *live = vt_wait_line (viewer, "state live", 30000);
  VT_CHECK (live, "the stream never went live after the restart");
  wait_levels (viewer, "after a restart", exact, want, &low, &high);

  /* 6. One key back to the automatic levels. */
  wait_layout (viewer);
  vt_point_at_window_middle (dpy);
  vt_xtest_key (dpy, "c", "Shift_L");
  want[0] = 100, want[1] = 1078;
  wait_levels (viewer, "Shift+C", exact, want, &low, &high);

  VT_CHECK (vt_stop (viewer, SIGTERM, 10000) >= 0, "daoview did not stop");
  vt_free (viewer);
  vt_stop (w, SIGTERM, 5000);
  vt_free (w);
  dao_stream_unlink (path);
  g_autofree char *rm = g_strdup_printf ("rm -rf %s", home);
  VT_CHECK (system (rm) == 0, "cannot remove %s", home);
  XCloseDisplay (dpy);
  return 0;
}
