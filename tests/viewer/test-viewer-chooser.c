/* test-viewer-chooser.c — the stream chooser shown by `daoview` without a path.
 *
 * In a folder of its own: a real writer's stream at 100 Hz, a corrupt
 * *.im.shm file and an unrelated file. The chooser must list the two
 * *.im.shm files (not the other), the stream with its shape, type and a
 * rate near 100 Hz from two scans, the corrupt one with libdao's reason,
 * and activating the stream's row must hand its path on. With more files,
 * created in scrambled order, the rows must come out sorted by name.
 */
#include <dao.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>

#include "daoview-stream-chooser.h"
#include "viewer-test-util.h"

static char *activated;

static void
on_activated (DaoviewStreamChooser *chooser, const char *path, gpointer data)
{
  g_free (activated);
  activated = g_strdup (path);
}

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }

  g_autofree char *dir = g_strdup_printf ("/tmp/dvtest-chooser-%d", (int) getpid ());
  g_autofree char *stream = g_build_filename (dir, "a-cam.im.shm", NULL);
  g_autofree char *corrupt = g_build_filename (dir, "b-broken.im.shm", NULL);
  g_autofree char *other = g_build_filename (dir, "notes.txt", NULL);
  VT_CHECK (g_mkdir_with_parents (dir, 0755) == 0, "mkdir %s", dir);
  VT_CHECK (g_file_set_contents (corrupt, "short", 5, NULL), "write %s", corrupt);
  VT_CHECK (g_file_set_contents (other, "hello", 5, NULL), "write %s", other);
  VtProcess *w = vt_start_writer (stream, "int16", 24, 40, "counter", 100, 0);

  GtkWidget *chooser = g_object_ref_sink (daoview_stream_chooser_new ());
  g_signal_connect (chooser, "stream-activated", G_CALLBACK (on_activated), NULL);
  daoview_stream_chooser_set_folder (DAOVIEW_STREAM_CHOOSER (chooser), dir);
  daoview_stream_chooser_refresh (DAOVIEW_STREAM_CHOOSER (chooser));
  g_usleep (1000000);
  daoview_stream_chooser_refresh (DAOVIEW_STREAM_CHOOSER (chooser));

  g_auto (GStrv) rows = daoview_stream_chooser_dup_rows (DAOVIEW_STREAM_CHOOSER (chooser));
  VT_CHECK (g_strv_length (rows) == 2, "%u rows listed, expected 2", g_strv_length (rows));
  printf ("row 0: %s\nrow 1: %s\n", rows[0], rows[1]);
  VT_CHECK (g_str_has_prefix (rows[0], "a-cam.im.shm: 24 × 40") && strstr (rows[0], "int16"),
            "stream row: %s", rows[0]);
  const char *hz = strstr (rows[0], " Hz");
  VT_CHECK (hz, "no rate in: %s", rows[0]);
  const char *num = hz;
  while (num > rows[0] && (g_ascii_isdigit (num[-1]) || num[-1] == '.'))
    num--;
  double rate = g_ascii_strtod (num, NULL);
  VT_CHECK (rate > 50 && rate < 150, "rate %g Hz for a 100 Hz writer", rate);
  VT_CHECK (g_str_has_prefix (rows[1], "b-broken.im.shm: ")
              && strstr (rows[1], dao_strerror (DAO_E_TRUNCATED_HEADER)),
            "corrupt row: %s", rows[1]);

  daoview_stream_chooser_activate_row (DAOVIEW_STREAM_CHOOSER (chooser), 0);
  VT_CHECK (activated && g_str_equal (activated, stream), "activated '%s'", activated);
  activated[0] = '\0';
  daoview_stream_chooser_activate_row (DAOVIEW_STREAM_CHOOSER (chooser), 1);
  VT_CHECK (activated[0] == '\0', "a corrupt file's row could be activated");
  printf ("ok: chooser lists streams with shape, type and rate; invalid ones with the reason\n");

  /* Directory order and allocation order are both unrelated to names; a
   * comparator that looked at the wrong thing would scramble these. */
  static const char *const extra[] = { "g", "c", "j", "e", "h", "d", "i", "f" };
  for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s/%s-broken.im.shm", dir, extra[i]);
      VT_CHECK (g_file_set_contents (name, "short", 5, NULL), "write %s", name);
    }
  daoview_stream_chooser_refresh (DAOVIEW_STREAM_CHOOSER (chooser));
  g_auto (GStrv) sorted = daoview_stream_chooser_dup_rows (DAOVIEW_STREAM_CHOOSER (chooser));
  VT_CHECK (g_strv_length (sorted) == 2 + G_N_ELEMENTS (extra), "%u rows listed after adding %u",
            g_strv_length (sorted), (guint) G_N_ELEMENTS (extra));
  for (guint i = 0; sorted[i]; i++)
    VT_CHECK (sorted[i][0] == 'a' + (char) i, "row %u is '%s', expected it to start with '%c'", i,
              sorted[i], 'a' + (char) i);
  printf ("ok: rows sorted by name\n");
  for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s/%s-broken.im.shm", dir, extra[i]);
      unlink (name);
    }

  g_object_unref (chooser);
  vt_stop (w, SIGTERM, 5000);
  vt_free (w);
  dao_stream_unlink (stream);
  unlink (corrupt);
  unlink (other);
  rmdir (dir);
  return 0;
}
