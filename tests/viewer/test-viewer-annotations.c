/* test-viewer-annotations.c — what headless pictures say about themselves
 * (issue 13): `--screenshot --frames 10` of a live 200 Hz stream said
 * "Stream 0.0 Hz Display 0.0 Hz" (the rates were not estimated yet), and
 * saved PNGs carried no stream name, frame counter or time.
 *
 * A real writer at 200 Hz; daoview with a window and without a display:
 * the last stats line (printed with the pictures) must give both rates,
 * the stream's within a factor two of the writer's; the view PNG, the
 * screenshot and the offscreen screenshot must carry the stream's name, the
 * counter of the frame saved and its write time as PNG text entries, and
 * the view PNG its caption in the image, below the picture.
 */
#include <dao.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daoview-png-text.h"
#include "viewer-test-util.h"

static void
check_entries (const char *what, const char *png, const char *stream, guint64 counter)
{
  g_autofree char *name = g_path_get_basename (stream);
  g_autofree char *title = daoview_png_get_text (png, "Title");
  g_autofree char *source = daoview_png_get_text (png, "DAO:stream");
  g_autofree char *count = daoview_png_get_text (png, "DAO:counter");
  g_autofree char *when = daoview_png_get_text (png, "DAO:write-time");
  g_autofree char *comment = daoview_png_get_text (png, "Comment");
  VT_CHECK (!g_strcmp0 (title, name) && !g_strcmp0 (source, stream), "%s: Title %s, DAO:stream %s", what, title,
            source);
  VT_CHECK (count && g_ascii_strtoull (count, NULL, 10) == counter, "%s: DAO:counter %s, saved %" G_GUINT64_FORMAT,
            what, count, counter);
  VT_CHECK (when && strlen (when) == 30 && when[10] == 'T' && when[29] == 'Z', "%s: DAO:write-time %s", what,
            when);
  VT_CHECK (comment && strstr (comment, name), "%s: Comment %s", what, comment);
  printf ("ok: %s: %s frame %s written %s\n", what, title, count, when);
}

/* The view PNG's caption: dark pixels below the picture. */
static void
check_caption (const char *png)
{
  GdkTexture *t = gdk_texture_new_from_filename (png, NULL);
  VT_CHECK (t, "cannot read %s", png);
  int w = gdk_texture_get_width (t), h = gdk_texture_get_height (t);
  guchar *data = g_malloc ((gsize) w * h * 4);
  gdk_texture_download (t, data, (gsize) w * 4);
  /* The picture is 64 × 8 = 512 px tall; the caption is below it. */
  int dark = 0;
  for (int y = 513; y < h; y++)
    for (int x = 0; x < w; x++)
      dark += data[((gsize) y * w + x) * 4 + 1] < 100;
  VT_CHECK (h > 520 && dark > 50, "no caption below the view (%d × %d, %d dark pixels)", w, h, dark);
  printf ("ok: the view PNG's caption is drawn (%d dark pixels below the picture)\n", dark);
  g_free (data);
  g_object_unref (t);
}

static void
run (const char *what, const char *path, gboolean display)
{
  g_autofree char *shot = g_strdup_printf ("/tmp/dvtest-annot-%d-shot.png", (int) getpid ());
  g_autofree char *view = g_strdup_printf ("/tmp/dvtest-annot-%d-view.png", (int) getpid ());
  if (!display)
    {
      g_unsetenv ("DISPLAY");
      g_unsetenv ("WAYLAND_DISPLAY");
    }
  const char *args[] = { "--print-state", "--frames", "10", "--screenshot", shot, "--save-view", view, path, NULL };
  GPtrArray *lines = vt_run_daoview (args, 30000);
  const char *stats = vt_find_last (lines, "stats ");
  const char *saved = vt_find_last (lines, "saved view ");
  VT_CHECK (stats && saved, "%s: no stats or saved line", what);
  double stream = vt_number (stats, "stream-hz"), shown = vt_number (stats, "display-hz");
  VT_CHECK (stream >= 100 && stream <= 400 && shown > 0, "%s: rates at the screenshot: %s", what, stats);
  printf ("ok: %s: stream %.1f Hz, display %.1f Hz at the screenshot\n", what, stream, shown);
  guint64 counter = (guint64) vt_number (saved, "counter");
  check_entries (what, view, path, counter);
  check_caption (view);
  g_autofree char *shot_what = g_strdup_printf ("%s, screenshot", what);
  g_autofree char *count = daoview_png_get_text (shot, "DAO:counter");
  VT_CHECK (count, "%s: no DAO:counter", shot_what);
  check_entries (shot_what, shot, path, g_ascii_strtoull (count, NULL, 10));
  unlink (shot);
  unlink (view);
  g_ptr_array_unref (lines);
}

int
main (void)
{
  VT_SKIP_WITHOUT_DISPLAY ();
  g_autofree char *path = vt_unique_path ("annot");
  VtProcess *w = vt_start_writer (path, "uint16", 64, 64, "spot", 200, 0);
  run ("in a window", path, TRUE);
  run ("without a display", path, FALSE);
  vt_stop (w, SIGTERM, 5000);
  vt_free (w);
  dao_stream_unlink (path);
  return 0;
}
