/* test-viewer-dm.c — a 1-D stream shown as a deformable mirror, pixel by
 * pixel, on screen: a writer process sends a vector whose element k is k;
 * daoview draws it through the built-in DM97 layout (--dm-map auto) and
 * through an index map read from a .npy file, and every cell of the
 * screenshot has its actuator's grey (levels 0 … n-1) or, without an
 * actuator, the NaN colour. The line plot of the same vector keeps its
 * y range on whole ticks, reported by plot-area. */
#include <dao.h>
#include <gtk/gtk.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "daoview-capture.h"
#include "daoview-dm-map.h"
#include "daoview-render.h"
#include "viewer-test-util.h"

static void
check_cells (const char *what, GPtrArray *lines, const char *png, const DaoviewDmMap *map, unsigned n)
{
  const char *shot = vt_find_last (lines, "screenshot ");
  double ax, ay, aw, ah;
  VT_CHECK (shot && sscanf (strstr (shot, "image-area ") ? strstr (shot, "image-area ") : "",
                            "image-area %lf %lf %lf %lf", &ax, &ay, &aw, &ah) == 4,
            "%s: no image area in '%s'", what, shot ? shot : "(none)");
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = gdk_texture_new_from_filename (png, &error);
  VT_CHECK (texture, "%s: %s", what, error ? error->message : "?");
  gsize stride = (gsize) gdk_texture_get_width (texture) * 4;
  g_autofree guchar *data = g_malloc (stride * gdk_texture_get_height (texture));
  gdk_texture_download (texture, data, stride);
  unlink (png);

  for (unsigned y = 0; y < map->height; y++)
    for (unsigned x = 0; x < map->width; x++)
      {
        int px = (int) (ax + aw * (x + 0.5) / map->width), py = (int) (ay + ah * (y + 0.5) / map->height);
        guint32 got = *(guint32 *) (data + (gsize) py * stride + (gsize) px * 4) & 0xffffff;
        int k = daoview_dm_map_actuator_at (map, x, y);
        if (k < 0)
          {
            VT_CHECK (got == (DAOVIEW_NAN_COLOR & 0xffffff), "%s: cell %u,%u (no actuator) is #%06x",
                      what, x, y, got);
            continue;
          }
        /* Grey of k on levels 0 … n-1, within one step of the colour table. */
        int want = (int) lround (255.0 * k / (n - 1));
        int r = (got >> 16) & 0xff, g = (got >> 8) & 0xff, b = got & 0xff;
        VT_CHECK (r == g && g == b && abs (r - want) <= 1, "%s: cell %u,%u (actuator %d) is #%06x, expected grey %d",
                  what, x, y, k, got, want);
      }
  printf ("ok: %s: %u × %u cells checked\n", what, map->width, map->height);
}

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }

  /* The built-in layout of 97 actuators (ALPAO's DM97). */
  {
    g_autofree char *path = vt_unique_path ("dm97");
    VtProcess *w = vt_start_writer (path, "float32", 0, 97, "ramp", 50, 0);
    g_autofree char *png = g_strdup_printf ("/tmp/dvtest-dm-%d-97.png", (int) getpid ());
    const char *args[] = { "--print-state", "--dm-map", "auto", "--screenshot", png, path, NULL };
    g_autoptr (GPtrArray) lines = vt_run_daoview (args, 30000);
    g_autoptr (DaoviewDmMap) map = daoview_dm_map_new_builtin (97);
    check_cells ("built-in DM97", lines, png, map, 97);
    const char *stats = vt_find_last (lines, "stats ");
    VT_CHECK (stats && strstr (stats, " low=0 high=96 "), "levels are not the actuators' 0 … 96: %s",
              stats ? stats : "(none)");
    vt_stop (w, SIGTERM, 5000);
    vt_free (w);
    dao_stream_unlink (path);
  }

  /* An index map from a .npy file: 8 actuators on a 4 × 3 grid, numbered
   * backwards, with empty corners. */
  {
    g_autofree char *path = vt_unique_path ("dm8");
    VtProcess *w = vt_start_writer (path, "float32", 0, 8, "ramp", 50, 0);
    g_autofree char *npy = g_strdup_printf ("/tmp/dvtest-dm-%d-map.npy", (int) getpid ());
    const double index[12] = { -1, 7, 6, -1,
                               5, 4, 3, 2,
                               -1, 1, 0, -1 };
    daoview_capture_frame f = { index, sizeof index, DAO_DOUBLE, 2, { 3, 4, 0 } };
    daoview_capture_error err;
    VT_CHECK (daoview_capture_save_npy (npy, &f, &err) == 0, "%s", err.message);
    g_autofree char *png = g_strdup_printf ("/tmp/dvtest-dm-%d-8.png", (int) getpid ());
    const char *args[] = { "--print-state", "--dm-map", npy, "--screenshot", png, path, NULL };
    g_autoptr (GPtrArray) lines = vt_run_daoview (args, 30000);
    g_autoptr (GError) error = NULL;
    g_autoptr (DaoviewDmMap) map = daoview_dm_map_load (npy, &error);
    VT_CHECK (map, "%s", error ? error->message : "?");
    check_cells ("index map from .npy", lines, png, map, 8);
    unlink (npy);

    /* The same vector as a line plot: the y range is the levels 0 … 7 on
     * whole ticks. */
    g_autofree char *plot = g_strdup_printf ("/tmp/dvtest-dm-%d-plot.png", (int) getpid ());
    const char *pargs[] = { "--print-state", "--screenshot", plot, path, NULL };
    g_autoptr (GPtrArray) plines = vt_run_daoview (pargs, 30000);
    const char *area = vt_find_last (plines, "plot-area ");
    double x, y, pw, ph, x0, x1, y0, y1;
    VT_CHECK (area && sscanf (area, "plot-area %lf %lf %lf %lf x %lf %lf y %lf %lf", &x, &y, &pw, &ph, &x0,
                              &x1, &y0, &y1) == 8, "no plot area: %s", area ? area : "(none)");
    VT_CHECK (y0 == 0 && y1 == 8, "the plot's y range is %g … %g, not the levels on whole ticks", y0, y1);
    printf ("ok: the line plot's y range is %g … %g\n", y0, y1);
    unlink (plot);
    vt_stop (w, SIGTERM, 5000);
    vt_free (w);
    dao_stream_unlink (path);
  }
  return 0;
}
