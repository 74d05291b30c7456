/* test-viewer-settings.c — the user's saved choices are the defaults.
 *
 * With the compiled schema (data/, GSETTINGS_SCHEMA_DIR) and GSettings'
 * keyfile backend in a folder of its own, a keyfile saying colormap
 * 'inferno' makes a plain `daoview PATH` draw the quadrants in inferno;
 * --colormap on the command line still wins, for that run only: the keyfile
 * still says inferno afterwards. Without an installed schema daoview runs
 * on the schema bundled in its resources (grey by default), never aborts.
 */
#include <dao.h>
#include <gio/gio.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>

#include "daoview-render.h"
#include "viewer-test-util.h"

static void
check_colours (const char *what, GPtrArray *lines, const char *png, DaoviewColormap map, double top)
{
  const char *line = vt_find_last (lines, "screenshot ");
  double ax, ay, aw, ah;
  VT_CHECK (line && sscanf (strstr (line, "image-area "), "image-area %lf %lf %lf %lf", &ax, &ay,
                            &aw, &ah) == 4, "%s: no image area", what);
  GdkTexture *t = gdk_texture_new_from_filename (png, NULL);
  VT_CHECK (t, "%s: no PNG", what);
  gsize stride = (gsize) gdk_texture_get_width (t) * 4;
  guchar *data = g_malloc (stride * gdk_texture_get_height (t));
  gdk_texture_download (t, data, stride);
  for (int q = 0; q < 4; q++)
    {
      int x = (int) (ax + aw * (0.25 + 0.5 * (q % 2))), y = (int) (ay + ah * (0.25 + 0.5 * (q / 2)));
      guint32 got = *(guint32 *) (data + (gsize) y * stride + x * 4) & 0xffffff;
      guint32 want = daoview_colormap_color (map, MIN (1.0, q * 40 / top)) & 0xffffff;
      VT_CHECK (got == want, "%s: quadrant %d #%06x, expected #%06x", what, q, got, want);
    }
  g_free (data);
  g_object_unref (t);
  unlink (png);
  printf ("ok: %s\n", what);
}

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }
  const char *schema_dir = g_getenv ("GSETTINGS_SCHEMA_DIR");
  g_autofree char *compiled = schema_dir ? g_build_filename (schema_dir, "gschemas.compiled", NULL) : NULL;
  if (!compiled || !g_file_test (compiled, G_FILE_TEST_EXISTS))
    {
      printf ("SKIP: no compiled schema (data/ not built)\n");
      return 77;
    }

  g_autofree char *home = g_strdup_printf ("/tmp/dvtest-settings-%d", (int) getpid ());
  g_autofree char *dir = g_build_filename (home, "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = g_build_filename (dir, "keyfile", NULL);
  VT_CHECK (g_mkdir_with_parents (dir, 0700) == 0, "mkdir");
  const char *text = "[io/github/daoproject/Daoview]\n"
                     "colormap='inferno'\n"
                     "level-mode='minmax'\n";
  VT_CHECK (g_file_set_contents (keyfile, text, -1, NULL), "keyfile");
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);

  g_autofree char *path = vt_unique_path ("settings");
  VtProcess *w = vt_start_writer (path, "uint16", 32, 48, "quadrants", 50, 0);
  g_autofree char *png = g_strdup_printf ("%s/shot.png", home);

  const char *args[] = { "--print-state", "--screenshot", png, path, NULL };
  GPtrArray *lines = vt_run_daoview (args, 30000);
  check_colours ("saved colormap (inferno) used by default", lines, png, DAOVIEW_COLORMAP_INFERNO, 120);
  g_ptr_array_unref (lines);

  const char *args2[] = { "--print-state", "--colormap", "viridis", "--screenshot", png, path, NULL };
  lines = vt_run_daoview (args2, 30000);
  check_colours ("--colormap overrides the setting", lines, png, DAOVIEW_COLORMAP_VIRIDIS, 120);
  g_ptr_array_unref (lines);
  g_autofree char *stored = NULL;
  VT_CHECK (g_file_get_contents (keyfile, &stored, NULL, NULL), "keyfile gone");
  VT_CHECK (strstr (stored, "colormap='inferno'") && !strstr (stored, "viridis"),
            "--colormap was stored as the user's choice:\n%s", stored);
  printf ("ok: the command line's colormap is not stored\n");

  /* No schema at all: built-in defaults, no abort. */
  g_setenv ("GSETTINGS_SCHEMA_DIR", home, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  const char *args3[] = { "--print-state", "--screenshot", png, path, NULL };
  lines = vt_run_daoview (args3, 30000);
  check_colours ("no schema: built-in grey", lines, png, DAOVIEW_COLORMAP_GREY, 120);
  g_ptr_array_unref (lines);

  vt_stop (w, SIGTERM, 5000);
  vt_free (w);
  dao_stream_unlink (path);
  unlink (keyfile);
  rmdir (dir);
  g_autofree char *glib_dir = g_build_filename (home, "glib-2.0", NULL);
  rmdir (glib_dir);
  rmdir (home);
  return 0;
}
