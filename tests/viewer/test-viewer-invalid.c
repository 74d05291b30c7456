/* test-viewer-invalid.c — bad files and missing files never crash daoview.
 *
 * 1. A path with no file: daoview waits, then shows the stream once a real
 *    writer creates it.
 * 2. Corrupt files (random bytes; a truncated header; a header claiming 7
 *    axes): daoview reports "invalid" with libdao's reason, stays alive, and
 *    keeps retrying — a real writer replacing the file makes it live.
 * 3. `--screenshot` of a corrupt file still writes a PNG and exits 0.
 */
#include <dao.h>
#include <fcntl.h>
#include <gtk/gtk.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "viewer-test-util.h"

static void
write_file (const char *path, const void *data, size_t size)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  VT_CHECK (fd >= 0, "cannot create %s", path);
  VT_CHECK (write (fd, data, size) == (ssize_t) size, "cannot write %s", path);
  close (fd);
}

static void
check_waiting_then_live (void)
{
  g_autofree char *path = vt_unique_path ("wait");
  const char *argv[] = { vt_daoview (), "--print-state", path, NULL };
  VtProcess *viewer = vt_spawn (argv);

  g_autofree char *waiting = vt_wait_line (viewer, "state waiting", 20000);
  VT_CHECK (waiting, "no waiting state for a missing file");
  VtProcess *writer = vt_start_writer (path, "uint16", 16, 16, "counter", 100, 0);
  g_autofree char *live = vt_wait_line (viewer, "state live", 10000);
  VT_CHECK (live, "the stream that appeared was not picked up");
  printf ("ok: waiting, then live\n");

  vt_stop (viewer, SIGTERM, 10000);
  vt_stop (writer, SIGTERM, 5000);
  vt_free (viewer);
  vt_free (writer);
  dao_stream_unlink (path);
}

static void
check_corrupt (const char *what, const void *data, size_t size, const char *reason)
{
  g_autofree char *path = vt_unique_path ("corrupt");
  write_file (path, data, size);
  const char *argv[] = { vt_daoview (), "--print-state", path, NULL };
  VtProcess *viewer = vt_spawn (argv);

  g_autofree char *invalid = vt_wait_line (viewer, "state invalid", 20000);
  VT_CHECK (invalid, "%s: no invalid state", what);
  VT_CHECK (strstr (invalid, reason), "%s: '%s' does not give the reason '%s'", what, invalid,
            reason);
  g_usleep (1500000);
  VT_CHECK (vt_alive (viewer), "%s: daoview died on a corrupt file", what);
  printf ("ok: %s → %s\n", what, invalid);

  /* Still retrying: a real stream at that path is picked up. */
  VtProcess *writer = vt_start_writer (path, "int16", 8, 8, "counter", 100, 0);
  g_autofree char *live = vt_wait_line (viewer, "state live", 10000);
  VT_CHECK (live, "%s: a valid stream replacing the file was not picked up", what);
  printf ("ok: %s replaced by a stream → live\n", what);

  int status = vt_stop (viewer, SIGTERM, 10000);
  VT_CHECK (status >= 0 && WIFEXITED (status) && WEXITSTATUS (status) == 0, "%s: bad exit", what);
  vt_stop (writer, SIGTERM, 5000);
  vt_free (viewer);
  vt_free (writer);
  dao_stream_unlink (path);
}

static void
check_screenshot_of_corrupt (void)
{
  g_autofree char *path = vt_unique_path ("corruptshot");
  g_autofree char *png = g_strdup_printf ("/tmp/dvtest-corruptshot-%d.png", (int) getpid ());
  write_file (path, "not a stream", 12);
  const char *argv[] = { vt_daoview (), "--print-state", "--screenshot", png, path, NULL };
  VtProcess *viewer = vt_spawn (argv);

  g_autofree char *line = vt_wait_line (viewer, "screenshot ", 30000);
  VT_CHECK (line, "no screenshot of a corrupt file");
  int status = vt_stop (viewer, 0, 10000);
  VT_CHECK (status >= 0 && WIFEXITED (status) && WEXITSTATUS (status) == 0,
            "--screenshot of a corrupt file did not exit 0");
  g_autoptr (GdkTexture) texture = gdk_texture_new_from_filename (png, NULL);
  VT_CHECK (texture && gdk_texture_get_width (texture) > 100, "no usable PNG written");
  printf ("ok: screenshot of a corrupt file\n");
  vt_free (viewer);
  unlink (png);
  unlink (path);
}

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }

  check_waiting_then_live ();

  char garbage[8192];
  for (size_t i = 0; i < sizeof garbage; i++)
    garbage[i] = (char) (i * 37 + 11);
  check_corrupt ("random bytes", garbage, sizeof garbage, "number of axes");

  check_corrupt ("truncated header", garbage, 100, dao_strerror (DAO_E_TRUNCATED_HEADER));

  /* A real header with naxis = 7. */
  {
    g_autofree char *path = vt_unique_path ("template");
    dao_stream *s;
    const uint32_t shape[2] = { 8, 8 };
    VT_CHECK (dao_stream_create (&s, path, DAO_UINT16, 2, shape, NULL) == 0, "create");
    dao_stream_close (s);
    gsize size;
    g_autofree char *bytes = NULL;
    VT_CHECK (g_file_get_contents (path, &bytes, &size, NULL), "read back");
    bytes[80] = 7; /* naxis, docs/shm-format.md */
    dao_stream_unlink (path);
    check_corrupt ("seven axes", bytes, size, dao_strerror (DAO_E_BAD_NAXIS));
  }

  check_screenshot_of_corrupt ();
  return 0;
}
