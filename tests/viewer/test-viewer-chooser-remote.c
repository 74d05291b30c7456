/* test-viewer-chooser-remote.c — the chooser lists what a server offers.
 *
 * A real writer's stream at 100 Hz, offered by a real `daoctl serve`. With
 * the server's address set (as `daoview tcp://HOST:PORT/` does), the
 * chooser must list the stream under the server's rows with its shape,
 * type and a rate, and activating the row must hand on the stream's
 * tcp:// address. Typing a stream's address in the server field opens it;
 * a server that does not answer is said so, and the window never waits
 * for it (listing runs in a worker thread).
 */
#include <dao.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>

#include "daoview-stream-chooser.h"
#include "viewer-test-remote.h"

static char *activated;

static void
on_activated (DaoviewStreamChooser *chooser, const char *path, gpointer data)
{
  g_free (activated);
  activated = g_strdup (path);
}

/* Run the main loop (the listing's answer arrives there), refreshing twice
 * a second as the mapped chooser does every second, until a row starts
 * with `prefix` and contains `needle`; that row, or NULL after timeout_ms. */
static char *
wait_row (DaoviewStreamChooser *chooser, const char *prefix, const char *needle, int timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gint64 next_refresh = 0;
  while (g_get_monotonic_time () < deadline)
    {
      if (g_get_monotonic_time () >= next_refresh)
        {
          daoview_stream_chooser_refresh (chooser);
          next_refresh = g_get_monotonic_time () + 500000;
        }
      g_auto (GStrv) rows = daoview_stream_chooser_dup_rows (chooser);
      for (guint i = 0; rows[i]; i++)
        if (g_str_has_prefix (rows[i], prefix) && strstr (rows[i], needle))
          return g_strdup (rows[i]);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  return NULL;
}

static GtkWidget *
find_entry (GtkWidget *w)
{
  if (GTK_IS_ENTRY (w))
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_entry (c);
      if (found)
        return found;
    }
  return NULL;
}

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }

  g_autofree char *empty = g_strdup_printf ("/tmp/dvtest-chooser-remote-%d", (int) getpid ());
  VT_CHECK (g_mkdir_with_parents (empty, 0755) == 0, "mkdir %s", empty);
  g_autofree char *path = vt_unique_path ("offered");
  g_autofree char *endpoint = NULL;
  char stem[128];
  VT_CHECK (dao_stream_stem (stem, sizeof stem, path) > 0, "stem");
  VtProcess *w = vt_start_writer (path, "int16", 24, 40, "counter", 100, 0);
  VtProcess *server = vt_start_server (path, "tcp://127.0.0.1:0", &endpoint);
  g_autofree char *url = vt_remote_url (endpoint, path);

  GtkWidget *chooser = g_object_ref_sink (daoview_stream_chooser_new ());
  g_signal_connect (chooser, "stream-activated", G_CALLBACK (on_activated), NULL);
  daoview_stream_chooser_set_folder (DAOVIEW_STREAM_CHOOSER (chooser), empty);
  g_autofree char *with_slash = g_strdup_printf ("%s/", endpoint);
  daoview_stream_chooser_set_server (DAOVIEW_STREAM_CHOOSER (chooser), with_slash);

  /* Listed with shape and type, then with a rate (from the counter over
   * two listings). */
  g_autofree char *prefix = g_strdup_printf ("%s: 24 × 40", stem);
  g_autofree char *row = wait_row (DAOVIEW_STREAM_CHOOSER (chooser), prefix, "int16", 30000);
  VT_CHECK (row, "the server's stream was never listed with its shape and type");
  g_autofree char *rated = wait_row (DAOVIEW_STREAM_CHOOSER (chooser), prefix, " Hz", 30000);
  VT_CHECK (rated, "no rate in: %s", row);
  printf ("listed: %s\n", rated);

  daoview_stream_chooser_activate_row (DAOVIEW_STREAM_CHOOSER (chooser), 0);
  VT_CHECK (activated && g_str_equal (activated, url), "activated '%s', expected %s",
            activated ? activated : "-", url);
  printf ("ok: the server's stream is listed with shape, type and rate, and opens as %s\n", url);

  /* A stream's address typed into the server field is opened as such. */
  GtkWidget *entry = find_entry (chooser);
  VT_CHECK (entry, "no server field");
  g_clear_pointer (&activated, g_free);
  gtk_editable_set_text (GTK_EDITABLE (entry), url);
  g_signal_emit_by_name (entry, "activate");
  VT_CHECK (activated && g_str_equal (activated, url), "typing %s opened '%s'", url,
            activated ? activated : "-");
  printf ("ok: a stream address typed in the server field opens it\n");

  /* Nobody there: said so, after the listing's own timeout. */
  vt_stop (server, SIGKILL, 5000);
  daoview_stream_chooser_set_server (DAOVIEW_STREAM_CHOOSER (chooser), endpoint);
  daoview_stream_chooser_refresh (DAOVIEW_STREAM_CHOOSER (chooser));
  /* refresh() came back before the answer: the row says it is asking. */
  g_auto (GStrv) asking = daoview_stream_chooser_dup_rows (DAOVIEW_STREAM_CHOOSER (chooser));
  VT_CHECK (asking[0] && g_str_has_prefix (asking[0], "Listing…") && !asking[1],
            "while listing: %s", asking[0] ? asking[0] : "no row");
  g_autofree char *dead = wait_row (DAOVIEW_STREAM_CHOOSER (chooser), "Cannot list", "No answer", 30000);
  VT_CHECK (dead, "a dead server was not said to be so");
  printf ("ok: %s\n", dead);

  g_object_unref (chooser);
  vt_stop (w, SIGTERM, 5000);
  vt_free (w);
  vt_free (server);
  dao_stream_unlink (path);
  g_rmdir (empty);
  g_free (activated);
  return 0;
}
