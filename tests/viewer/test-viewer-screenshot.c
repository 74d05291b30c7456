/* test-viewer-screenshot.c — the pixels daoview shows for a known pattern.
 *
 * A real writer process writes quadrants (0, 40, 80, 120) into a 32 × 48
 * stream of each element type; `daoview --screenshot` renders its window
 * after a few frames under Xvfb with the cairo renderer, and the centre of
 * each quadrant in the PNG must have exactly the colormap colour the render
 * layer gives for that value. Top-right = 40 pins the pixel order (x
 * fastest) and the 48:32 image area pins the width/height order. Above the
 * image, the live stream's state icon must be drawn in the theme's success
 * green, and nothing there in its error red.
 */
#include <dao.h>
#include <gtk/gtk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "daoview-render.h"
#include "viewer-test-util.h"

#define NY 32
#define NX 48

static guint32
pixel_at (GdkTexture *texture, guchar *data, gsize stride, int x, int y)
{
  VT_CHECK (x >= 0 && y >= 0 && x < gdk_texture_get_width (texture)
              && y < gdk_texture_get_height (texture),
            "pixel (%d, %d) outside the screenshot", x, y);
  /* gdk_texture_download gives cairo's ARGB32: native-endian 0xAARRGGBB. */
  return *(guint32 *) (data + (gsize) y * stride + (gsize) x * 4);
}

/* Pixels above row `rows` within `tolerance` of `rgb` in every channel. */
static int
count_colour_above (GdkTexture *texture, guchar *data, gsize stride, int rows, guint32 rgb,
                    int tolerance)
{
  int count = 0;
  for (int y = 0; y < rows && y < gdk_texture_get_height (texture); y++)
    for (int x = 0; x < gdk_texture_get_width (texture); x++)
      {
        guint32 p = pixel_at (texture, data, stride, x, y);
        gboolean near = TRUE;
        for (int shift = 0; shift <= 16; shift += 8)
          near = near && abs ((int) ((p >> shift) & 0xff) - (int) ((rgb >> shift) & 0xff)) <= tolerance;
        count += near;
      }
  return count;
}

static void
check_type (const char *type, const char *colormap, DaoviewColormap expected_map)
{
  g_autofree char *path = vt_unique_path ("shot");
  g_autofree char *png = g_strdup_printf ("/tmp/dvtest-shot-%d-%s-%s.png", (int) getpid (), type,
                                          colormap);
  VtProcess *writer = vt_start_writer (path, type, NY, NX, "quadrants", 100, 0);
  const char *argv[] = { vt_daoview (), "--screenshot", png, "--frames", "2", "--colormap",
                         colormap, "--levels", "0:120", "--print-state", path, NULL };
  VtProcess *viewer = vt_spawn (argv);

  g_autofree char *line = vt_wait_line (viewer, "screenshot ", 30000);
  VT_CHECK (line, "%s: daoview printed no screenshot line", type);
  int status = vt_stop (viewer, 0, 10000);
  VT_CHECK (status >= 0 && WIFEXITED (status) && WEXITSTATUS (status) == 0,
            "%s: daoview --screenshot did not exit 0 (status %d)", type, status);

  double ax, ay, aw, ah;
  const char *area = strstr (line, "image-area ");
  VT_CHECK (area && sscanf (area, "image-area %lf %lf %lf %lf", &ax, &ay, &aw, &ah) == 4,
            "%s: no image area in '%s'", type, line);
  VT_CHECK (fabs (aw / ah - (double) NX / NY) < 0.05, "%s: image area %gx%g is not 48:32", type,
            aw, ah);

  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = gdk_texture_new_from_filename (png, &error);
  VT_CHECK (texture, "%s: cannot load %s: %s", type, png, error ? error->message : "?");
  int tw = gdk_texture_get_width (texture), th = gdk_texture_get_height (texture);
  gsize stride = (gsize) tw * 4;
  g_autofree guchar *data = g_malloc (stride * th);
  gdk_texture_download (texture, data, stride);

  for (int q = 0; q < 4; q++)
    {
      int qx = q % 2, qy = q / 2;
      /* Centre of the quadrant, in window pixels. */
      int x = (int) (ax + aw * (0.25 + 0.5 * qx));
      int y = (int) (ay + ah * (0.25 + 0.5 * qy));
      guint32 got = pixel_at (texture, data, stride, x, y);
      guint32 want = daoview_colormap_color (expected_map, q / 3.0);
      VT_CHECK ((got & 0xffffff) == (want & 0xffffff),
                "%s %s: quadrant %d (value %d) at (%d, %d) is #%06x, expected #%06x", type,
                colormap, q, q * 40, x, y, got & 0xffffff, want & 0xffffff);
    }
  printf ("ok: %s %s quadrants have the expected colours\n", type, colormap);

  /* GTK 4.8's default theme: @success_color #33d17a, @error_color #cc0000. */
  int green = count_colour_above (texture, data, stride, (int) ay, 0x33d17a, 24);
  int red = count_colour_above (texture, data, stride, (int) ay, 0xcc0000, 24);
  VT_CHECK (green >= 20, "%s: %d success-green pixels above the image, expected a live state icon",
            type, green);
  VT_CHECK (red == 0, "%s: %d error-red pixels above the image of a live stream", type, red);

  unlink (png);
  vt_stop (writer, SIGTERM, 5000);
  vt_free (writer);
  vt_free (viewer);
  dao_stream_unlink (path);
}

int
main (int argc, char **argv)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }

  const char *types[] = { "uint8", "int8", "int16", "uint16", "int32", "uint64", "float32", "float64",
                          "complex64", "complex128" };
  for (unsigned i = 0; i < G_N_ELEMENTS (types); i++)
    check_type (types[i], "grey", DAOVIEW_COLORMAP_GREY);
  check_type ("uint16", "viridis", DAOVIEW_COLORMAP_VIRIDIS);
  check_type ("float32", "inferno", DAOVIEW_COLORMAP_INFERNO);
  return 0;
}
