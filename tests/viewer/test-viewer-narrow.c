/* test-viewer-narrow.c — the window fits in 700 px (issue 13: it could not
 * be narrower than about 1 300 px, because the status bar's labels never
 * shortened, so two viewers did not fit side by side on a 1 920 px screen).
 *
 * With the window size saved as 700 × 500 (GSettings' keyfile backend in a
 * folder of its own), daoview must come up no wider than 700 px — its
 * `layout` line and its screenshot say how wide it is — with and without
 * the analysis panel, and a live stream's figures in the status bar (which
 * flow onto a second line instead).
 */
#include <dao.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>

#include "viewer-test-util.h"

static void
check_width (const char *what, const char *path, const char *extra)
{
  g_autofree char *shot = g_strdup_printf ("/tmp/dvtest-narrow-%d.png", (int) getpid ());
  const char *args[] = { "--print-state", "--frames", "5", "--screenshot", shot, extra, path, NULL };
  if (!extra)
    args[5] = path, args[6] = NULL;
  GPtrArray *lines = vt_run_daoview (args, 30000);
  const char *layout = vt_find_last (lines, "layout ");
  int w = 0, h = 0;
  VT_CHECK (layout && sscanf (layout, "layout window %d %d", &w, &h) == 2, "%s: no layout line", what);
  VT_CHECK (w > 0 && w <= 700, "%s: the window is %d px wide, not at most 700: %s", what, w, layout);
  GdkTexture *t = gdk_texture_new_from_filename (shot, NULL);
  VT_CHECK (t, "%s: no screenshot", what);
  VT_CHECK (gdk_texture_get_width (t) <= 700, "%s: the screenshot is %d px wide", what,
            gdk_texture_get_width (t));
  printf ("ok: %s: %d × %d\n", what, gdk_texture_get_width (t), gdk_texture_get_height (t));
  g_object_unref (t);
  unlink (shot);
  g_ptr_array_unref (lines);
}

int
main (void)
{
  VT_SKIP_WITHOUT_DISPLAY ();
  g_autofree char *home = g_strdup_printf ("/tmp/dvtest-narrow-%d", (int) getpid ());
  g_autofree char *dir = g_build_filename (home, "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = g_build_filename (dir, "keyfile", NULL);
  VT_CHECK (g_mkdir_with_parents (dir, 0700) == 0, "mkdir");
  VT_CHECK (g_file_set_contents (keyfile, "[io/github/daoproject/Daoview]\nwindow-width=700\nwindow-height=500\n",
                                 -1, NULL),
            "keyfile");
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);

  g_autofree char *path = vt_unique_path ("narrow");
  VtProcess *w = vt_start_writer (path, "uint16", 512, 640, "spot", 100, 0);
  check_width ("the image", path, NULL);
  check_width ("with the analysis panel", path, "--analysis");
  vt_stop (w, SIGTERM, 5000);
  vt_free (w);
  dao_stream_unlink (path);
  g_autofree char *rm = g_strdup_printf ("rm -rf %s", home);
  VT_CHECK (system (rm) == 0, "cannot remove %s", home);
  return 0;
}
