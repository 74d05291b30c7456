/* test-viewer-capture.c — saving from daoview, read back independently.
 *
 * A real writer writes the quadrants (0, 40, 80, 120) as float32 with two
 * keywords. `daoview --save-fits/--save-npy/--save-view` saves the frame it
 * shows; then
 *   - the FITS file is read with cfitsio: NAXIS1 = 48 (x fastest), every
 *     pixel, DAOCNT = the counter daoview reports, GAIN = 2;
 *   - the .npy file is loaded by numpy (Debian's /usr/bin/python3), with its
 *     .json header beside it;
 *   - the view PNG has the quadrants' grey levels at the printed scale and a
 *     colour bar to the right of the image.
 */
#include <dao.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#ifdef DAOVIEW_HAVE_FITS
#include <fitsio.h>
#endif

#include "daoview-capture.h"
#include "daoview-render.h"
#include "viewer-test-util.h"

#define NY 32
#define NX 48

static double
quadrant_value (int y, int x)
{
  return 40.0 * ((y >= NY / 2) * 2 + (x >= NX / 2));
}

static guint64
saved_counter (GPtrArray *lines, const char *kind)
{
  g_autofree char *prefix = g_strdup_printf ("saved %s ", kind);
  const char *line = vt_find_last (lines, prefix);
  VT_CHECK (line, "daoview did not report saving %s", kind);
  g_autofree char *c = vt_field (line, "counter");
  VT_CHECK (c, "no counter in '%s'", line);
  return g_ascii_strtoull (c, NULL, 10);
}

#ifdef DAOVIEW_HAVE_FITS
static void
check_fits (const char *fits, guint64 counter)
{
  fitsfile *f;
  int status = 0, naxis = 0, bitpix = 0;
  long naxes[3] = { 0 };
  float pixels[NY * NX];
  long first[2] = { 1, 1 };
  long long cnt = 0, gain = 0;

  VT_CHECK (fits_open_file (&f, fits, READONLY, &status) == 0, "cfitsio cannot open %s (%d)", fits, status);
  fits_get_img_param (f, 3, &bitpix, &naxis, naxes, &status);
  VT_CHECK (status == 0 && naxis == 2 && naxes[0] == NX && naxes[1] == NY && bitpix == FLOAT_IMG,
            "FITS image is %dD %ldx%ld bitpix %d", naxis, naxes[0], naxes[1], bitpix);
  fits_read_pix (f, TFLOAT, first, NY * NX, NULL, pixels, NULL, &status);
  VT_CHECK (status == 0, "cannot read the FITS pixels (%d)", status);
  for (int y = 0; y < NY; y++)
    for (int x = 0; x < NX; x++)
      VT_CHECK (pixels[y * NX + x] == quadrant_value (y, x), "FITS pixel (%d, %d) = %g", x, y,
                pixels[y * NX + x]);
  fits_read_key (f, TLONGLONG, "DAOCNT", &cnt, NULL, &status);
  fits_read_key (f, TLONGLONG, "GAIN", &gain, NULL, &status);
  VT_CHECK (status == 0 && (guint64) cnt == counter && gain == 2,
            "FITS keys: DAOCNT %lld (daoview said %" G_GUINT64_FORMAT "), GAIN %lld, status %d", cnt,
            counter, gain, status);
  fits_close_file (f, &status);
  printf ("ok: FITS read back with cfitsio (pixels, DAOCNT, GAIN)\n");
}
#endif

static void
check_npy (const char *npy, const char *json, guint64 counter)
{
  g_autofree char *script = g_strdup_printf (
    "import json, numpy as np\n"
    "a = np.load('%s'); h = json.load(open('%s'))\n"
    "print(a.dtype, a.shape, a[0,0], a[0,47], a[31,0], a[31,47], h['counter'], h['dtype'])\n",
    npy, json);
  const char *argv[] = { "/usr/bin/python3", "-c", script, NULL };
  g_autofree char *out = NULL;
  int status = 0;
  VT_CHECK (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, NULL, &status, NULL)
              && g_spawn_check_wait_status (status, NULL),
            "numpy could not load %s", npy);
  g_autofree char *want = g_strdup_printf ("float32 (32, 48) 0.0 40.0 80.0 120.0 %" G_GUINT64_FORMAT
                                           " float32\n", counter);
  VT_CHECK (g_str_equal (out, want), "numpy read '%s', expected '%s'", out, want);
  printf ("ok: .npy loaded by numpy, header in .json\n");
}

static void
check_view (const char *png, GPtrArray *lines)
{
  const char *line = vt_find_last (lines, "saved view ");
  g_autofree char *s = vt_field (line, "scale");
  int m = atoi (s);
  VT_CHECK (m >= 1, "no scale in '%s'", line);
  GError *error = NULL;
  GdkTexture *t = gdk_texture_new_from_filename (png, &error);
  VT_CHECK (t, "cannot load %s", png);
  int w = gdk_texture_get_width (t), h = gdk_texture_get_height (t);
  VT_CHECK (w > NX * m + 20 && h >= NY * m, "view PNG is %dx%d for scale %d", w, h, m);
  gsize stride = (gsize) w * 4;
  guchar *data = g_malloc (stride * h);
  gdk_texture_download (t, data, stride);
  for (int q = 0; q < 4; q++)
    {
      int x = (NX / 4 + NX / 2 * (q % 2)) * m + m / 2, y = (NY / 4 + NY / 2 * (q / 2)) * m + m / 2;
      guint32 got = *(guint32 *) (data + (gsize) y * stride + x * 4) & 0xffffff;
      guint32 want = daoview_colormap_color (DAOVIEW_COLORMAP_GREY, q / 3.0) & 0xffffff;
      VT_CHECK (got == want, "view PNG quadrant %d is #%06x, expected #%06x", q, got, want);
    }
  /* The colour bar: top (high, white) and bottom (low, black) of its
   * column, as tall as the picture (the caption is below both). */
  int bar_x = NX * m + 12 + 10;
  guint32 top = *(guint32 *) (data + bar_x * 4) & 0xffffff; /* row 0 is exactly high */
  guint32 bottom = *(guint32 *) (data + (gsize) (NY * m - 1) * stride + bar_x * 4) & 0xffffff;
  VT_CHECK (top == (daoview_colormap_color (DAOVIEW_COLORMAP_GREY, 1) & 0xffffff) && bottom == (daoview_colormap_color (DAOVIEW_COLORMAP_GREY, 0) & 0xffffff),
            "colour bar ends are #%06x and #%06x", top, bottom);
  g_free (data);
  g_object_unref (t);
  printf ("ok: view PNG with colour bar\n");
}

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }

  g_autofree char *path = vt_unique_path ("capture");
  g_autofree char *stem = g_strdup_printf ("/tmp/dvtest-capture-%d", (int) getpid ());
  g_autofree char *fits = g_strconcat (stem, ".fits", NULL);
  g_autofree char *npy = g_strconcat (stem, ".npy", NULL);
  g_autofree char *json = g_strconcat (stem, ".json", NULL);
  g_autofree char *png = g_strconcat (stem, "-view.png", NULL);

  VtProcess *w = vt_start_writer (path, "float32", NY, NX, "quadrants", 50, 0);
  const char *args[] = { "--print-state", "--frames", "2", "--save-fits", fits, "--save-npy", npy,
                         "--save-view", png, path, NULL };
  GPtrArray *lines = vt_run_daoview (args, 30000);

#ifdef DAOVIEW_HAVE_FITS
  check_fits (fits, saved_counter (lines, "fits"));
#else
  VT_CHECK (vt_find_last (lines, "save-failed fits"), "FITS without cfitsio did not fail");
  printf ("ok: FITS refused without cfitsio\n");
#endif
  check_npy (npy, json, saved_counter (lines, "npy"));
  check_view (png, lines);

  g_ptr_array_unref (lines);
  vt_stop (w, SIGTERM, 5000);
  vt_free (w);
  dao_stream_unlink (path);
  unlink (fits);
  unlink (npy);
  unlink (json);
  unlink (png);
  return 0;
}
