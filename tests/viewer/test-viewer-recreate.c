/* test-viewer-recreate.c — a stream recreated at the same path is picked up.
 *
 * Writer A makes a 32 × 32 uint16 stream; daoview shows it. A is stopped
 * and writer B creates a 48 × 64 float32 stream at the same path (libdao
 * renames the new file over the old). daoview must say "recreated", then
 * show the new shape and type live, without being restarted. A third writer
 * with B's geometry must go live again. Removing the file last must bring
 * daoview back to waiting, saying the stream was removed.
 */
#include <dao.h>
#include <gtk/gtk.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "viewer-test-util.h"

/* The next stats line with the given shape and type, live. */
static gboolean
wait_geometry (VtProcess *viewer, const char *shape, const char *type, int timeout_ms)
{
  g_autofree char *line = vt_wait_stats (viewer, shape, type, "live", timeout_ms);
  return line != NULL;
}

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }

  g_autofree char *path = vt_unique_path ("recreate");
  VtProcess *a = vt_start_writer (path, "uint16", 32, 32, "counter", 200, 0);
  const char *argv[] = { vt_daoview (), "--print-state", path, NULL };
  VtProcess *viewer = vt_spawn (argv);

  VT_CHECK (wait_geometry (viewer, "32x32", "uint16", 20000), "first stream never shown live");
  printf ("ok: 32x32 uint16 live\n");

  vt_stop (a, SIGTERM, 5000);
  VtProcess *b = vt_start_writer (path, "float32", 48, 64, "counter", 200, 0);
  g_autofree char *recreated = vt_wait_line (viewer, "state recreated", 10000);
  VT_CHECK (recreated, "daoview did not report the stream as recreated");
  VT_CHECK (wait_geometry (viewer, "48x64", "float32", 10000),
            "the new shape and type were not shown live");
  printf ("ok: recreated, now 48x64 float32 live\n");

  vt_stop (b, SIGTERM, 5000);
  VtProcess *c = vt_start_writer (path, "float32", 48, 64, "counter", 200, 0);
  g_autofree char *again = vt_wait_line (viewer, "state recreated", 10000);
  VT_CHECK (again, "second recreation not reported");
  VT_CHECK (wait_geometry (viewer, "48x64", "float32", 10000), "same-shape stream not live");
  printf ("ok: recreated with the same shape, live\n");

  /* Removed under it: back to waiting, with the reason. */
  vt_stop (c, SIGTERM, 5000);
  dao_stream_unlink (path);
  g_autofree char *waiting = vt_wait_line (viewer, "state waiting", 10000);
  VT_CHECK (waiting && strstr (waiting, "removed"), "removal not reported: %s", waiting ? waiting : "-");
  printf ("ok: %s\n", waiting);

  VT_CHECK (vt_alive (viewer), "daoview died");
  vt_stop (viewer, SIGTERM, 10000);
  vt_free (a);
  vt_free (b);
  vt_free (c);
  vt_free (viewer);
  dao_stream_unlink (path);
  return 0;
}
