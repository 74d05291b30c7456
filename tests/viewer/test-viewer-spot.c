/* test-viewer-spot.c — the spot's measurements in --print-state, from a
 * real writer (issue 13).
 *
 * The writer draws a Gaussian spot of FWHM 4 px and peak 1000 at
 * (38.7, 38.2) on a background of 100, rounded to uint16, in a 64 × 96
 * frame. daoview, in a window and then with no display at all, must print
 * a `centroid` line with x and y within 0.02 px of it, a `fwhm` line
 * within 1 %, the encircled energy within 4 px (1 − exp(−r²/2σ²) = 0.9375
 * for the continuous spot, within 0.01 of it), a Strehl line against the
 * Airy model when λ/D is given, and the window of a rectangle when one is
 * drawn. The old daoview printed none of these lines.
 */
#include <dao.h>
#include <gtk/gtk.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "viewer-test-util.h"

static void
check_spot (const char *what, GPtrArray *lines, gboolean rect)
{
  const char *c = vt_find_last (lines, "centroid ");
  const char *f = vt_find_last (lines, "fwhm ");
  const char *e = vt_find_last (lines, "ee ");
  const char *s = vt_find_last (lines, "strehl ");
  VT_CHECK (c && f && e && s, "%s: centroid, fwhm, ee and strehl lines expected", what);
  VT_CHECK (fabs (vt_number (c, "x") - 38.7) < 0.02 && fabs (vt_number (c, "y") - 38.2) < 0.02,
            "%s: centroid: %s", what, c);
  VT_CHECK (fabs (vt_number (c, "background") - 100) < 1e-9, "%s: background: %s", what, c);
  VT_CHECK (vt_number (c, "peak-x") == 39 && vt_number (c, "peak-y") == 38, "%s: peak: %s", what, c);
  VT_CHECK (fabs (vt_number (f, "x") - 4) < 0.04 && fabs (vt_number (f, "y") - 4) < 0.04
              && fabs (vt_number (f, "mean") - 4) < 0.04,
            "%s: fwhm: %s", what, f);
  double sigma = 4 / 2.3548200450309493;
  VT_CHECK (vt_number (e, "radius") == 4 && fabs (vt_number (e, "fraction") - (1 - exp (-8 / (sigma * sigma)))) < 0.01,
            "%s: encircled energy: %s", what, e);
  g_autofree char *method = vt_field (s, "method");
  VT_CHECK (g_strcmp0 (method, "model") == 0 && vt_number (s, "lambda-over-d") == 2.5
              && vt_number (s, "value") > 0 && vt_number (s, "value") < 1,
            "%s: strehl: %s", what, s);
  g_autofree char *window = vt_field (c, "window");
  const char *want = rect ? "20,20,60,55" : "0,0,95,63";
  VT_CHECK (g_strcmp0 (window, want) == 0, "%s: window %s, expected %s", what, window, want);
  printf ("ok: %s: %s\n", what, c);
}

int
main (void)
{
  VT_SKIP_WITHOUT_DISPLAY ();
  g_autofree char *path = vt_unique_path ("spot");
  g_autofree char *shot = g_strdup_printf ("/tmp/dvtest-spot-%d.png", (int) getpid ());
  VtProcess *w = vt_start_writer (path, "uint16", 64, 96, "spot", 50, 0);

  const char *window_args[] = { "--print-state", "--frames", "3", "--ee-radius", "4", "--lambda-over-d",
                                "2.5", "--screenshot", shot, path, NULL };
  GPtrArray *lines = vt_run_daoview (window_args, 30000);
  check_spot ("in a window", lines, FALSE);
  g_ptr_array_unref (lines);

  const char *rect_args[] = { "--print-state", "--frames", "3", "--ee-radius", "4", "--lambda-over-d",
                              "2.5", "--rect", "20,20,60,55", "--screenshot", shot, path, NULL };
  lines = vt_run_daoview (rect_args, 30000);
  check_spot ("in a window, inside a rectangle", lines, TRUE);
  g_ptr_array_unref (lines);

  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");
  lines = vt_run_daoview (window_args, 30000);
  check_spot ("without a display", lines, FALSE);
  g_ptr_array_unref (lines);

  unlink (shot);
  vt_stop (w, SIGTERM, 5000);
  vt_free (w);
  dao_stream_unlink (path);
  return 0;
}
