/* test-viewer-views.c — issue 5's views, each from a real writer process
 * with a known pattern, checked in daoview's screenshot or in what it
 * prints about the same view (--print-state):
 *
 *   1-D ramp          → the plot's line passes through (x, x) at several x
 *   row of an image   → the plot shows that row's values, and names it
 *   cube, --slice k   → slice k's value (40·k) in the image and in the stats
 *   complex phase     → the cyclic colormap's hue for each quadrant's phase
 *   complex amplitude → grey levels of |z| = 1 … 4
 *   reference         → frame − mean of the first frames is 0 everywhere
 *   statistics        → frame, a drawn rectangle, the histogram's end bins
 *   line profile      → the values along a line crossing two quadrants
 */
#include <dao.h>
#include <gtk/gtk.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "daoview-render.h"
#include "viewer-test-util.h"

#define NY 32
#define NX 48

typedef struct {
  GdkTexture *texture;
  guchar *data;
  gsize stride;
} Shot;

static Shot
load_shot (const char *png)
{
  Shot shot = { 0 };
  GError *error = NULL;
  shot.texture = gdk_texture_new_from_filename (png, &error);
  VT_CHECK (shot.texture, "cannot load %s: %s", png, error ? error->message : "?");
  shot.stride = (gsize) gdk_texture_get_width (shot.texture) * 4;
  shot.data = g_malloc (shot.stride * gdk_texture_get_height (shot.texture));
  gdk_texture_download (shot.texture, shot.data, shot.stride);
  unlink (png);
  return shot;
}

static guint32
shot_pixel (const Shot *shot, int x, int y)
{
  VT_CHECK (x >= 0 && y >= 0 && x < gdk_texture_get_width (shot->texture)
              && y < gdk_texture_get_height (shot->texture), "(%d, %d) outside the PNG", x, y);
  return *(guint32 *) (shot->data + (gsize) y * shot->stride + (gsize) x * 4) & 0xffffff;
}

static void
shot_free (Shot *shot)
{
  g_clear_object (&shot->texture);
  g_clear_pointer (&shot->data, g_free);
}

static char *
png_path (const char *tag)
{
  return g_strdup_printf ("/tmp/dvtest-views-%d-%s.png", (int) getpid (), tag);
}

/* Quadrant q's centre in the image area printed with the screenshot. */
static void
quadrant_centre (const char *line, int q, int *x, int *y)
{
  double ax, ay, aw, ah;
  const char *area = strstr (line, "image-area ");
  VT_CHECK (area && sscanf (area, "image-area %lf %lf %lf %lf", &ax, &ay, &aw, &ah) == 4,
            "no image area in '%s'", line);
  *x = (int) (ax + aw * (0.25 + 0.5 * (q % 2)));
  *y = (int) (ay + ah * (0.25 + 0.5 * (q / 2)));
}

static void
expect_quadrants (const char *what, GPtrArray *lines, const char *png, DaoviewColormap map,
                  const double t[4])
{
  const char *shot_line = vt_find_last (lines, "screenshot ");
  VT_CHECK (shot_line, "%s: no screenshot", what);
  Shot shot = load_shot (png);
  for (int q = 0; q < 4; q++)
    {
      int x, y;
      quadrant_centre (shot_line, q, &x, &y);
      guint32 got = shot_pixel (&shot, x, y), want = daoview_colormap_color (map, t[q]) & 0xffffff;
      VT_CHECK (got == want, "%s: quadrant %d at (%d, %d) is #%06x, expected #%06x", what, q, x, y,
                got, want);
    }
  shot_free (&shot);
  printf ("ok: %s\n", what);
}

/* The plot line (DAOVIEW_PLOT_LINE_COLOR, blue) within 2 px of (x, y). */
static gboolean
line_near (const Shot *shot, double x, double y)
{
  for (int dy = -2; dy <= 2; dy++)
    for (int dx = -1; dx <= 1; dx++)
      {
        guint32 p = shot_pixel (shot, (int) round (x) + dx, (int) round (y) + dy);
        int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
        if (b > 0xa0 && r < 0x60 && g < 0xa0)
          return TRUE;
      }
  return FALSE;
}

static void
check_plot (const char *what, GPtrArray *lines, const char *png, const double *xs,
            const double *ys, int n)
{
  const char *area = vt_find_last (lines, "plot-area ");
  double px, py, pw, ph, x0, x1, y0, y1;
  VT_CHECK (area && sscanf (area, "plot-area %lf %lf %lf %lf x %lf %lf y %lf %lf", &px, &py, &pw,
                            &ph, &x0, &x1, &y0, &y1) == 8,
            "%s: no plot area", what);
  Shot shot = load_shot (png);
  for (int i = 0; i < n; i++)
    {
      double x = px + (xs[i] - x0) / (x1 - x0) * pw;
      double y = py + (y1 - ys[i]) / (y1 - y0) * ph;
      VT_CHECK (line_near (&shot, x, y), "%s: no plot line at data (%g, %g) = window (%.0f, %.0f)",
                what, xs[i], ys[i], x, y);
    }
  /* And not where the data are not: mid-height at the first x, for a ramp. */
  shot_free (&shot);
  printf ("ok: %s\n", what);
}

static double
field_double (const char *line, const char *key)
{
  g_autofree char *v = line ? vt_field (line, key) : NULL;
  VT_CHECK (v, "no %s= in '%s'", key, line ? line : "(no line)");
  return g_ascii_strtod (v, NULL);
}

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }

  /* 1-D ramp: a straight line through (x, x). */
  {
    g_autofree char *path = vt_unique_path ("ramp");
    g_autofree char *png = png_path ("ramp");
    VtProcess *w = vt_start_writer (path, "float32", 0, 100, "ramp", 50, 0);
    const char *args[] = { "--print-state", "--screenshot", png, path, NULL };
    GPtrArray *lines = vt_run_daoview (args, 30000);
    const double xs[] = { 0, 10, 33, 50, 77, 99 };
    check_plot ("1-D ramp plots as a straight line", lines, png, xs, xs, G_N_ELEMENTS (xs));
    g_ptr_array_unref (lines);
    vt_stop (w, SIGTERM, 5000);
    vt_free (w);
    dao_stream_unlink (path);
  }

  /* The same ramp with manual levels: a fixed y range, the line still right. */
  {
    g_autofree char *path = vt_unique_path ("ramp-fixed");
    g_autofree char *png = png_path ("ramp-fixed");
    VtProcess *w = vt_start_writer (path, "int32", 0, 100, "ramp", 50, 0);
    const char *args[] = { "--print-state", "--levels", "-50:250", "--screenshot", png, path, NULL };
    GPtrArray *lines = vt_run_daoview (args, 30000);
    const char *area = vt_find_last (lines, "plot-area ");
    VT_CHECK (area && strstr (area, " y -50 250"), "fixed y range not used: %s", area ? area : "-");
    const double xs[] = { 0, 25, 50, 99 };
    check_plot ("1-D plot with a fixed y range", lines, png, xs, xs, G_N_ELEMENTS (xs));
    g_ptr_array_unref (lines);
    vt_stop (w, SIGTERM, 5000);
    vt_free (w);
    dao_stream_unlink (path);
  }

  g_autofree char *quad = vt_unique_path ("quad");
  VtProcess *qw = vt_start_writer (quad, "uint16", NY, NX, "quadrants", 100, 0);

  /* Row 20 of the quadrants: 80 left of x = 24, 120 right of it. */
  {
    g_autofree char *png = png_path ("row");
    const char *args[] = { "--print-state", "--plot", "row:20", "--screenshot", png, quad, NULL };
    GPtrArray *lines = vt_run_daoview (args, 30000);
    const double xs[] = { 2, 12, 22, 26, 36, 46 }, ys[] = { 80, 80, 80, 120, 120, 120 };
    check_plot ("plot of an image row", lines, png, xs, ys, G_N_ELEMENTS (xs));
    /* It says which row it shows (issue 13: it did not). */
    const char *what = vt_find_last (lines, "plot ");
    VT_CHECK (what && g_str_equal (what, "plot row:20"), "the plot does not name its row: %s", what);
    g_ptr_array_unref (lines);
  }

  /* Statistics, histogram, a rectangle, a profile: on the quadrants. */
  {
    const char *args[] = { "--print-state", "--analysis", "--rect", "24,16,47,31", "--frames", "2",
                           "--save-npy", "/dev/null/none.npy", quad, NULL };
    GPtrArray *lines = vt_run_daoview (args, 30000);
    const char *fs = vt_find_last (lines, "frame-stats ");
    VT_CHECK (field_double (fs, "min") == 0 && field_double (fs, "max") == 120
                && field_double (fs, "mean") == 60 && field_double (fs, "max-x") == 24
                && field_double (fs, "max-y") == 16,
              "frame statistics: %s", fs);
    /* The four quadrants 0, 40, 80, 120 of a 32 × 48 frame: standard
     * deviation √2000 (printed with 6 significant digits), sum 92 160. */
    VT_CHECK (fabs (field_double (fs, "stddev") - sqrt (2000.0)) < 1e-3, "stddev: %s", fs);
    VT_CHECK (field_double (fs, "sum") == 92160, "sum: %s", fs);
    const char *rs = vt_find_last (lines, "rect-stats ");
    VT_CHECK (field_double (rs, "count") == 24 * 16 && field_double (rs, "min") == 120
                && field_double (rs, "max") == 120,
              "rectangle statistics: %s", rs);
    const char *hs = vt_find_last (lines, "histogram ");
    VT_CHECK (field_double (hs, "low") == 0 && field_double (hs, "high") == 120
                && field_double (hs, "binned") == NX * NY && field_double (hs, "first") == NX * NY / 4
                && field_double (hs, "last") == NX * NY / 4,
              "histogram: %s", hs);
    const char *bad = vt_find_last (lines, "save-failed npy");
    VT_CHECK (bad, "saving into a missing folder did not report a failure");
    printf ("ok: frame, rectangle and histogram figures; failed save reported\n");
    g_ptr_array_unref (lines);
  }
  {
    const char *args[] = { "--print-state", "--profile", "0,20,47,20", "--frames", "2",
                           "--save-npy", "/dev/null/none.npy", quad, NULL };
    GPtrArray *lines = vt_run_daoview (args, 30000);
    const char *pl = vt_find_last (lines, "profile ");
    VT_CHECK (pl, "no profile printed");
    GString *want = g_string_new ("profile n=48 values=");
    for (int x = 0; x < NX; x++)
      g_string_append (want, x == 0 ? "80" : x < 24 ? ",80" : ",120");
    VT_CHECK (g_str_equal (pl, want->str), "profile: %s", pl);
    g_string_free (want, TRUE);
    printf ("ok: line profile across two quadrants\n");
    g_ptr_array_unref (lines);
  }

  /* Reference: a static frame minus the mean of the first 3 frames is 0. */
  {
    g_autofree char *png = png_path ("reference");
    const char *args[] = { "--print-state", "--reference", "3", "--levels", "-1:1", "--frames", "5",
                           "--screenshot", png, quad, NULL };
    GPtrArray *lines = vt_run_daoview (args, 30000);
    const double t[4] = { 0.5, 0.5, 0.5, 0.5 };
    expect_quadrants ("frame − reference is zero", lines, png, DAOVIEW_COLORMAP_GREY, t);
    g_ptr_array_unref (lines);
  }
  vt_stop (qw, SIGTERM, 5000);
  vt_free (qw);
  dao_stream_unlink (quad);

  /* A cube: slice k holds 40·k; --slice 2 shows 80, grey 80/120. */
  {
    g_autofree char *path = vt_unique_path ("cube");
    g_autofree char *png = png_path ("cube");
    VtProcess *w = vt_start_writer_cube (path, "int16", 4, NY, NX, "slices", 50);
    const char *args[] = { "--print-state", "--slice", "2", "--levels", "0:120", "--screenshot", png,
                           path, NULL };
    GPtrArray *lines = vt_run_daoview (args, 30000);
    const double t[4] = { 80 / 120.0, 80 / 120.0, 80 / 120.0, 80 / 120.0 };
    expect_quadrants ("cube slice 2 shows slice 2's values", lines, png, DAOVIEW_COLORMAP_GREY, t);
    const char *fs = vt_find_last (lines, "frame-stats ");
    VT_CHECK (field_double (fs, "min") == 80 && field_double (fs, "max") == 80, "slice stats: %s", fs);
    g_ptr_array_unref (lines);

    const char *args3[] = { "--print-state", "--slice", "3", "--frames", "2", "--save-npy",
                            "/dev/null/none.npy", path, NULL };
    lines = vt_run_daoview (args3, 30000);
    fs = vt_find_last (lines, "frame-stats ");
    VT_CHECK (field_double (fs, "min") == 120 && field_double (fs, "max") == 120, "slice 3: %s", fs);
    printf ("ok: slice 3 statistics\n");
    g_ptr_array_unref (lines);
    vt_stop (w, SIGTERM, 5000);
    vt_free (w);
    dao_stream_unlink (path);
  }

  /* A rolling cube: --newest-slice follows the slice being written, and
   * that slice is uniform with the newest value; without it, slice 0 stays. */
  {
    g_autofree char *path = vt_unique_path ("rolling");
    VtProcess *w = vt_start_writer_cube (path, "float32", 5, 8, 8, "rolling", 20);
    const char *argv[] = { vt_daoview (), "--print-state", "--newest-slice", "--analysis", path, NULL };
    VtProcess *v = vt_spawn (argv);
    GHashTable *seen = g_hash_table_new (g_direct_hash, g_direct_equal);
    /* Up to 40 status lines: on a loaded machine the display may skip
     * frames, so only seeing three different slices is required. */
    for (int i = 0; i < 40 && g_hash_table_size (seen) < 3; i++)
      {
        g_autofree char *st = vt_wait_line (v, "stats ", 5000);
        g_autofree char *fs = vt_wait_line (v, "frame-stats ", 5000);
        VT_CHECK (st && fs, "rolling: no stats");
        if (!strstr (st, "state=live") || strstr (st, "shown-counter=0 "))
          continue;
        g_autofree char *k = vt_field (st, "slice");
        g_hash_table_add (seen, GINT_TO_POINTER (atoi (k) + 1));
        VT_CHECK (field_double (fs, "min") == field_double (fs, "max"), "newest slice not uniform: %s", fs);
      }
    VT_CHECK (g_hash_table_size (seen) >= 3, "--newest-slice showed only %u slices",
              g_hash_table_size (seen));
    printf ("ok: --newest-slice follows the rolling cube (%u slices seen)\n", g_hash_table_size (seen));
    g_hash_table_unref (seen);
    vt_stop (v, SIGTERM, 10000);
    vt_free (v);
    vt_stop (w, SIGTERM, 5000);
    vt_free (w);
    dao_stream_unlink (path);
  }

  /* Complex: quadrant q holds (1 + q)·exp(iφq), φ = 0, π/2, -π/2, 3π/4. */
  {
    g_autofree char *path = vt_unique_path ("complex");
    VtProcess *w = vt_start_writer (path, "complex128", NY, NX, "phase", 50, 0);
    const double phases[4] = { 0, G_PI / 2, -G_PI / 2, 3 * G_PI / 4 };
    double t[4];

    g_autofree char *png = png_path ("phase");
    const char *args[] = { "--print-state", "--complex-part", "phase", "--colormap", "cyclic",
                           "--screenshot", png, path, NULL };
    GPtrArray *lines = vt_run_daoview (args, 30000);
    for (int q = 0; q < 4; q++)
      t[q] = (phases[q] + G_PI) / (2 * G_PI);
    expect_quadrants ("complex phase in the cyclic colormap (levels ±π)", lines, png,
                      DAOVIEW_COLORMAP_CYCLIC, t);
    g_ptr_array_unref (lines);

    g_autofree char *png2 = png_path ("amplitude");
    const char *args2[] = { "--print-state", "--levels", "0:4", "--screenshot", png2, path, NULL };
    lines = vt_run_daoview (args2, 30000);
    for (int q = 0; q < 4; q++)
      t[q] = (1 + q) / 4.0;
    expect_quadrants ("complex amplitude by default", lines, png2, DAOVIEW_COLORMAP_GREY, t);
    g_ptr_array_unref (lines);
    vt_stop (w, SIGTERM, 5000);
    vt_free (w);
    dao_stream_unlink (path);
  }
  return 0;
}
