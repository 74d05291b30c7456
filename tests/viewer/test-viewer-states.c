/* test-viewer-states.c — a stream that stopped cannot be missed (issue 13:
 * "Writer gone" was a small grey subtitle over a fully bright image).
 *
 * A real writer writes the quadrants 0, 40, 80, 120 (uint16; the
 * brightest quadrant is white). daoview's screenshots, pixel by pixel:
 *   live          no border; the bright quadrant white
 *   stale         (the writer stopped with SIGSTOP) an amber border
 *                 (#e5a50a) round the image view; the quadrant dimmed 35 %
 *   writer gone   (the writer killed) a red border (#e01b24); dimmed 60 %
 * in a window (the border inside the image view) and, for writer gone,
 * without a display (round the offscreen picture's view) and in a pane of
 * a --grid window (the border colour's pixels counted).
 */
#include <dao.h>
#include <gtk/gtk.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viewer-test-util.h"

typedef struct {
  int width, height;
  guchar *data;
} Picture;

static Picture
load (const char *png)
{
  GdkTexture *t = gdk_texture_new_from_filename (png, NULL);
  VT_CHECK (t, "cannot read %s", png);
  Picture p = { gdk_texture_get_width (t), gdk_texture_get_height (t), NULL };
  p.data = g_malloc ((gsize) p.width * p.height * 4);
  gdk_texture_download (t, p.data, (gsize) p.width * 4);
  g_object_unref (t);
  return p;
}

/* 0xRRGGBB at (x, y) (GDK downloads B, G, R, A on little-endian). */
static guint32
pixel (const Picture *p, int x, int y)
{
  const guchar *q = p->data + ((gsize) y * p->width + x) * 4;
  return (guint32) q[2] << 16 | (guint32) q[1] << 8 | q[0];
}

static gboolean
is_near (guint32 got, guint32 want, int tolerance)
{
  for (int shift = 0; shift <= 16; shift += 8)
    if (abs ((int) (got >> shift & 0xff) - (int) (want >> shift & 0xff)) > tolerance)
      return FALSE;
  return TRUE;
}

static void
expect_near (const char *what, guint32 got, guint32 want, int tolerance)
{
  VT_CHECK (is_near (got, want, tolerance), "%s: #%06x, expected #%06x", what, got, want);
}

static void
check (const char *what, const char *path, gboolean display, const char *state, gboolean border,
       guint32 border_rgb, double dim)
{
  g_autofree char *shot = g_strdup_printf ("/tmp/dvtest-states-%d.png", (int) getpid ());
  if (!display)
    {
      g_unsetenv ("DISPLAY");
      g_unsetenv ("WAYLAND_DISPLAY");
    }
  /* Never 1000 frames: the screenshot comes after the patience for a
   * stream that sends none, showing its state. */
  const char *args[] = { "--print-state", "--frames", "1000", "--screenshot", shot, path, NULL };
  const char *live_args[] = { "--print-state", "--frames", "3", "--screenshot", shot, path, NULL };
  GPtrArray *lines = vt_run_daoview (g_str_equal (state, "live") ? live_args : args, 30000);
  const char *stats = vt_find_last (lines, "stats ");
  g_autofree char *got_state = stats ? vt_field (stats, "state") : NULL;
  VT_CHECK (!g_strcmp0 (got_state, state), "%s: state %s, expected %s", what, got_state, state);
  const char *shot_line = vt_find_last (lines, "screenshot ");
  double ax, ay, aw, ah;
  VT_CHECK (shot_line && sscanf (strstr (shot_line, "image-area "), "image-area %lf %lf %lf %lf", &ax, &ay, &aw, &ah) == 4,
            "%s: no image area", what);
  /* The border's place: inside the image view's left edge (the window),
   * or the offscreen picture's (its view starts at x = 0). */
  double vx = 0, vy = ay, vh = ah;
  const char *layout = vt_find_last (lines, "layout ");
  if (display)
    VT_CHECK (layout && sscanf (layout, "layout window %*d %*d view %lf %lf %*f %lf", &vx, &vy, &vh) == 3,
              "%s: no layout", what);

  Picture p = load (shot);
  guint32 edge = pixel (&p, (int) vx + 1, (int) (vy + vh / 2));
  if (border)
    expect_near (what, edge, border_rgb, 2);
  else
    VT_CHECK (edge != 0xe5a50a && edge != 0xe01b24 && edge != 0x3584e4, "%s: a border (#%06x) while live", what,
              edge);
  /* The bright quadrant (bottom right), white when live. */
  guint32 quad = pixel (&p, (int) (ax + aw * 0.75), (int) (ay + ah * 0.75));
  int level = (int) (255 * (1 - dim) + 0.5);
  expect_near (what, quad, (guint32) level * 0x010101u, 2);
  printf ("ok: %s: edge #%06x, bright quadrant #%06x\n", what, edge, quad);
  g_free (p.data);
  unlink (shot);
  g_ptr_array_unref (lines);
}

/* A grid pane is framed like the window: count the border colour's pixels
 * in a --grid screenshot (a 2-px frame round a pane of some hundred px is
 * well over a thousand; none while live). */
static void
check_grid (const char *what, const char *path, gboolean border, guint32 border_rgb)
{
  g_autofree char *shot = g_strdup_printf ("/tmp/dvtest-states-grid-%d.png", (int) getpid ());
  const char *args[] = { "--print-state", "--grid", "--frames", border ? "1000" : "3", "--screenshot", shot,
                         path, NULL };
  GPtrArray *lines = vt_run_daoview (args, 30000);
  VT_CHECK (vt_find_last (lines, "screenshot "), "%s: no screenshot", what);
  Picture p = load (shot);
  guint count = 0;
  for (int y = 0; y < p.height; y++)
    for (int x = 0; x < p.width; x++)
      count += is_near (pixel (&p, x, y), border_rgb, 2);
  if (border)
    VT_CHECK (count >= 1000, "%s: %u pixels of the border colour #%06x, expected a frame", what, count, border_rgb);
  else
    VT_CHECK (count < 50, "%s: %u pixels of #%06x while live", what, count, border_rgb);
  printf ("ok: %s: %u pixels of #%06x\n", what, count, border_rgb);
  g_free (p.data);
  unlink (shot);
  g_ptr_array_unref (lines);
}

int
main (void)
{
  VT_SKIP_WITHOUT_DISPLAY ();
  g_autofree char *path = vt_unique_path ("states");
  VtProcess *w = vt_start_writer (path, "uint16", 32, 48, "quadrants", 50, 0);
  check ("live", path, TRUE, "live", FALSE, 0, 0);
  check_grid ("live, in a grid", path, FALSE, 0xe01b24);

  kill (w->pid, SIGSTOP);
  g_usleep (1500000); /* more than a second without a frame */
  check ("stale, in a window", path, TRUE, "stale", TRUE, 0xe5a50a, 0.35);

  vt_stop (w, SIGKILL, 5000); /* a writer that dies: its lock goes with it */
  vt_free (w);
  check ("writer gone, in a window", path, TRUE, "writer-gone", TRUE, 0xe01b24, 0.6);
  check_grid ("writer gone, in a grid pane", path, TRUE, 0xe01b24);
  check ("writer gone, without a display", path, FALSE, "writer-gone", TRUE, 0xe01b24, 0.6);
  dao_stream_unlink (path);
  return 0;
}
