/* test-viewer-nodisplay.c — --save-* and --screenshot with no display at all.
 *
 * DISPLAY and WAYLAND_DISPLAY are removed from the environment (the suite
 * runs under xvfb-run; a real-time computer over ssh has neither). A real
 * writer writes the quadrants (0, 40, 80, 120) as float32; daoview must
 * save the view PNG, the .npy and the FITS file and draw the screenshot
 * offscreen, print the same --print-state lines a window prints, exit 0 —
 * and the PNGs must hold the quadrants' grey levels. The demo stream works
 * the same way and leaves nothing behind. Pixels are read with cairo alone:
 * nothing here needs a display either.
 */
#include <cairo.h>
#include <dao.h>
#include <stdio.h>
#include <string.h>

#include "daoview-render.h"
#include "viewer-test-util.h"

#define NY 32
#define NX 48

static guint32
png_pixel (cairo_surface_t *png, int x, int y)
{
  VT_CHECK (x >= 0 && y >= 0 && x < cairo_image_surface_get_width (png)
              && y < cairo_image_surface_get_height (png),
            "(%d, %d) outside the PNG", x, y);
  const unsigned char *row = cairo_image_surface_get_data (png) + (size_t) y * cairo_image_surface_get_stride (png);
  return ((const guint32 *) row)[x] & 0xffffff;
}

/* The quadrants' centres inside the image area (x, y, w, h) of a PNG. */
static void
check_quadrants (const char *what, const char *path, double x, double y, double w, double h)
{
  cairo_surface_t *png = cairo_image_surface_create_from_png (path);
  VT_CHECK (cairo_surface_status (png) == CAIRO_STATUS_SUCCESS, "%s: cannot read %s", what, path);
  for (int q = 0; q < 4; q++)
    {
      int px = (int) (x + w * (0.25 + 0.5 * (q % 2))), py = (int) (y + h * (0.25 + 0.5 * (q / 2)));
      guint32 got = png_pixel (png, px, py);
      guint32 want = daoview_colormap_color (DAOVIEW_COLORMAP_GREY, q / 3.0) & 0xffffff;
      VT_CHECK (got == want, "%s: quadrant %d at (%d, %d) is #%06x, expected #%06x", what, q, px, py,
                got, want);
    }
  cairo_surface_destroy (png);
  printf ("ok: %s shows the quadrants\n", what);
}

int
main (void)
{
  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");

  g_autofree char *path = vt_unique_path ("nodisplay");
  g_autofree char *stem = g_strdup_printf ("/tmp/dvtest-nodisplay-%d", (int) getpid ());
  g_autofree char *view = g_strconcat (stem, "-view.png", NULL);
  g_autofree char *shot = g_strconcat (stem, "-shot.png", NULL);
  g_autofree char *npy = g_strconcat (stem, ".npy", NULL);
  g_autofree char *json = g_strconcat (stem, ".json", NULL);
  g_autofree char *fits = g_strconcat (stem, ".fits", NULL);

  VtProcess *w = vt_start_writer (path, "float32", NY, NX, "quadrants", 50, 0);
  const char *args[] = { "--print-state", "--frames", "2", "--save-view", view, "--save-npy", npy,
                         "--save-fits", fits, "--screenshot", shot, path, NULL };
  GPtrArray *lines = vt_run_daoview (args, 30000);

  VT_CHECK (vt_find_last (lines, "state live"), "no live state without a display");
  VT_CHECK (vt_find_last (lines, "stats "), "no stats lines without a display");
  const char *saved = vt_find_last (lines, "saved view ");
  g_autofree char *scale_text = saved ? vt_field (saved, "scale") : NULL;
  VT_CHECK (scale_text, "the view was not saved: %s", saved ? saved : "(no line)");
  int m = atoi (scale_text);
  check_quadrants ("the saved view", view, 0, 0, NX * m, NY * m);
  VT_CHECK (vt_find_last (lines, "saved npy "), "the .npy was not saved");
  VT_CHECK (g_file_test (npy, G_FILE_TEST_EXISTS) && g_file_test (json, G_FILE_TEST_EXISTS),
            "no %s and %s", npy, json);
#ifdef DAOVIEW_HAVE_FITS
  VT_CHECK (vt_find_last (lines, "saved fits ") && g_file_test (fits, G_FILE_TEST_EXISTS),
            "the FITS file was not saved");
#endif
  const char *shot_line = vt_find_last (lines, "screenshot ");
  double ax, ay, aw, ah;
  VT_CHECK (shot_line && sscanf (strstr (shot_line, "image-area "), "image-area %lf %lf %lf %lf", &ax, &ay,
                                 &aw, &ah) == 4,
            "no screenshot image area: %s", shot_line ? shot_line : "(no line)");
  VT_CHECK (aw / ah > 1.45 && aw / ah < 1.55, "the screenshot's image is %gx%g, not 48:32", aw, ah);
  check_quadrants ("the offscreen screenshot", shot, ax, ay, aw, ah);
  g_ptr_array_unref (lines);
  vt_stop (w, SIGTERM, 5000);
  vt_free (w);
  dao_stream_unlink (path);

  /* A 1-D stream is shown as a plot, offscreen too: the ramp's line passes
   * through (x, x). */
  {
    g_autofree char *ramp = vt_unique_path ("nodisplay-ramp");
    VtProcess *rw = vt_start_writer (ramp, "float32", 0, 100, "ramp", 50, 0);
    const char *plot_args[] = { "--print-state", "--screenshot", shot, ramp, NULL };
    GPtrArray *plot_lines = vt_run_daoview (plot_args, 30000);
    const char *pa = vt_find_last (plot_lines, "plot-area ");
    double px, py, pw, ph, x0, x1, y0, y1;
    VT_CHECK (pa && sscanf (pa, "plot-area %lf %lf %lf %lf x %lf %lf y %lf %lf", &px, &py, &pw, &ph, &x0,
                            &x1, &y0, &y1) == 8,
              "no plot area for a 1-D stream: %s", pa ? pa : "(no line)");
    cairo_surface_t *png = cairo_image_surface_create_from_png (shot);
    VT_CHECK (cairo_surface_status (png) == CAIRO_STATUS_SUCCESS, "cannot read %s", shot);
    for (int x = 1; x < 99; x += 32)
      {
        int cx = (int) (px + (x - x0) / (x1 - x0) * pw), cy = (int) (py + (y1 - x) / (y1 - y0) * ph);
        gboolean found = FALSE;
        /* The line is antialiased: blue enough, within 3 pixels. */
        for (int dy = -3; dy <= 3 && !found; dy++)
          {
            guint32 p = png_pixel (png, cx, cy + dy);
            found = (p & 0xff) > 0xa0 && (p >> 16) < 0x60 && ((p >> 8) & 0xff) < 0xa0;
          }
        VT_CHECK (found, "no plot line at data (%d, %d) = PNG (%d, %d)", x, x, cx, cy);
      }
    cairo_surface_destroy (png);
    printf ("ok: a 1-D stream is plotted in the offscreen screenshot\n");
    g_ptr_array_unref (plot_lines);
    vt_stop (rw, SIGTERM, 5000);
    vt_free (rw);
    dao_stream_unlink (ramp);
  }

  /* The demo stream, saved and removed again. */
  const char *demo[] = { "--demo", "--print-state", "--frames", "5", "--save-npy", npy, NULL };
  GPid pid;
  lines = vt_run_daoview_pid (demo, 30000, &pid);
  VT_CHECK (vt_find_last (lines, "state live"), "the demo never went live without a display");
  const char *demo_saved = vt_find_last (lines, "saved npy ");
  g_autofree char *counter = demo_saved ? vt_field (demo_saved, "counter") : NULL;
  VT_CHECK (counter && g_ascii_strtoull (counter, NULL, 10) > 0, "the demo was not saved: %s",
            demo_saved ? demo_saved : "(no line)");
  /* The demo stream is named after daoview's process, which is gone. */
  g_autofree char *file_prefix = g_strdup_printf ("daoview-demo-%d-", (int) pid);
  g_autofree char *sem_prefix = g_strdup_printf ("sem.daoview-demo-%d-", (int) pid);
  vt_check_none_named ("/tmp", file_prefix);
  vt_check_none_named ("/dev/shm", sem_prefix);
  printf ("ok: the demo stream, saved without a display (counter %s) and removed\n", counter);
  g_ptr_array_unref (lines);

  unlink (view);
  unlink (shot);
  unlink (npy);
  unlink (json);
  unlink (fits);
  return 0;
}
