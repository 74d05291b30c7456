/* test-viewer-wide.c — a frame wider than cairo can draw (issue 9: widths
 * over 32 767 showed a blank image without a word).
 *
 * A real writer writes quadrants (0, 40, 80, 120) into a 512 × 40 000 uint8
 * stream. daoview must draw it (at half size, every second pixel) in the
 * window — the quadrants' grey levels where the image is — and in the
 * saved view PNG, and say in the status bar that it is drawn smaller.
 * Before, the image surface could not be made: nothing was drawn and the
 * view PNG was not written.
 */
#include <dao.h>
#include <gtk/gtk.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "daoview-render.h"
#include "viewer-test-util.h"

#define NY 512
#define NX 40000

static guint32
pixel (GdkTexture *t, const guchar *data, int x, int y)
{
  VT_CHECK (x >= 0 && y >= 0 && x < gdk_texture_get_width (t) && y < gdk_texture_get_height (t),
            "(%d, %d) outside the %dx%d PNG", x, y, gdk_texture_get_width (t), gdk_texture_get_height (t));
  return *(const guint32 *) (data + ((gsize) y * gdk_texture_get_width (t) + x) * 4) & 0xffffff;
}

static void
check_quadrants (const char *what, const char *png, double ax, double ay, double aw, double ah)
{
  g_autoptr (GdkTexture) t = gdk_texture_new_from_filename (png, NULL);
  VT_CHECK (t, "%s: no PNG at %s", what, png);
  g_autofree guchar *data = g_malloc ((gsize) gdk_texture_get_width (t) * 4 * gdk_texture_get_height (t));
  gdk_texture_download (t, data, (gsize) gdk_texture_get_width (t) * 4);
  for (int q = 0; q < 4; q++)
    {
      int x = (int) (ax + aw * (0.25 + 0.5 * (q % 2))), y = (int) (ay + ah * (0.25 + 0.5 * (q / 2)));
      guint32 want = daoview_colormap_color (DAOVIEW_COLORMAP_GREY, q / 3.0) & 0xffffff;
      guint32 got = pixel (t, data, x, y);
      VT_CHECK (got == want, "%s: quadrant %d at (%d, %d) is #%06x, expected #%06x", what, q, x, y, got,
                want);
    }
  printf ("ok: %s shows the quadrants\n", what);
}

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }

  g_autofree char *path = vt_unique_path ("wide");
  g_autofree char *shot = g_strdup_printf ("/tmp/dvtest-wide-%d-shot.png", (int) getpid ());
  g_autofree char *view = g_strdup_printf ("/tmp/dvtest-wide-%d-view.png", (int) getpid ());
  VtProcess *w = vt_start_writer (path, "uint8", NY, NX, "quadrants", 5, 0);
  const char *args[] = { "--print-state", "--levels", "0:120", "--frames", "2", "--save-view", view,
                         "--screenshot", shot, path, NULL };
  GPtrArray *lines = vt_run_daoview (args, 60000);

  const char *area = vt_find_last (lines, "screenshot ");
  double ax, ay, aw, ah;
  VT_CHECK (area && sscanf (strstr (area, "image-area "), "image-area %lf %lf %lf %lf", &ax, &ay, &aw,
                            &ah) == 4,
            "no image in the screenshot: %s", area ? area : "(no line)");
  /* The area is printed in whole pixels: the height within half a pixel. */
  VT_CHECK (aw / (ah + 0.5) <= (double) NX / NY && (double) NX / NY <= aw / (ah - 0.5),
            "image area %gx%g is not %d:%d", aw, ah, NX, NY);
  check_quadrants ("the window", shot, ax, ay, aw, ah);

  const char *saved = vt_find_last (lines, "saved view ");
  VT_CHECK (saved, "the view PNG was not saved");
  g_autoptr (GdkTexture) t = gdk_texture_new_from_filename (view, NULL);
  VT_CHECK (t && gdk_texture_get_width (t) > NX / 2 && gdk_texture_get_width (t) < 32768,
            "view PNG is %d wide, expected the half-size image and its colour bar",
            t ? gdk_texture_get_width (t) : 0);
  check_quadrants ("the saved view", view, 0, 0, NX / 2, NY / 2);

  g_ptr_array_unref (lines);
  vt_stop (w, SIGTERM, 5000);
  vt_free (w);
  dao_stream_unlink (path);
  unlink (shot);
  unlink (view);
  return 0;
}
