/* test-viewer-readout.c — the value under the pointer is the value shown,
 * with the frame's own value beside it, under a dark and a reference
 * (issue 13: with a reference subtracted the readout showed the raw value
 * while the image and the statistics showed frame − reference).
 *
 * A real writer draws a static spot on a background of 100 (uint16); the X
 * pointer is moved over the middle of daoview's window (under Xvfb) and
 * --print-state's stats lines must say, for the pixel under it:
 *   --dark D.npy (100 everywhere)   value = raw − 100, dark=applied
 *   --reference 1                   value = 0 (the frame is static), raw ≥ 100
 *   both                            value = 0, raw ≥ 100, dark=applied
 * and the header's dark is the one named on the command line.
 */
#include <dao.h>
#include <gtk/gtk.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "viewer-test-util.h"
#include "viewer-test-x11.h"

#define NY 64
#define NX 96

/* The .npy of a constant float32 frame. */
static void
write_dark (const char *path, float value)
{
  unsigned char header[128];
  int n = snprintf ((char *) header + 10, sizeof header - 10,
                    "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }", NY, NX);
  memcpy (header, "\x93NUMPY\x01\x00", 8);
  size_t total = 10 + (size_t) n + 1;
  total = (total + 63) / 64 * 64;
  memset (header + 10 + n, ' ', total - 10 - (size_t) n);
  header[total - 1] = '\n';
  header[8] = (unsigned char) (total - 10), header[9] = 0;
  GString *all = g_string_new_len ((const char *) header, (gssize) total);
  for (int i = 0; i < NY * NX; i++)
    g_string_append_len (all, (const char *) &value, sizeof value);
  VT_CHECK (g_file_set_contents (path, all->str, (gssize) all->len, NULL), "cannot write %s", path);
  g_string_free (all, TRUE);
}

/* The first stats line with the pointer over the image and `what` taken
 * off (dark=… reference=… as wanted), or fail. */
static char *
wait_pointer (VtProcess *viewer, Display *dpy, const char *dark, const char *reference)
{
  for (int i = 0; i < 80; i++)
    {
      char *line = vt_wait_line (viewer, "stats ", 5000);
      VT_CHECK (line, "daoview stopped printing (died?)");
      g_autofree char *d = vt_field (line, "dark");
      g_autofree char *r = vt_field (line, "reference");
      g_autofree char *raw = vt_field (line, "raw");
      if (raw && !g_strcmp0 (d, dark) && !g_strcmp0 (r, reference))
        return line;
      if (i % 8 == 7)
        vt_point_at_window_middle (dpy);
      g_free (line);
    }
  vt_fail ("no pointer readout with dark=%s reference=%s", dark, reference);
}

static void
run_case (Display *dpy, const char *path, const char *const *options, const char *dark,
          const char *reference, double offset, gboolean zero)
{
  GPtrArray *argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) vt_daoview ());
  g_ptr_array_add (argv, "--print-state");
  for (int i = 0; options[i]; i++)
    g_ptr_array_add (argv, (gpointer) options[i]);
  g_ptr_array_add (argv, (gpointer) path);
  g_ptr_array_add (argv, NULL);
  VtProcess *viewer = vt_spawn ((const char *const *) argv->pdata);
  g_ptr_array_free (argv, TRUE);

  g_autofree char *live = vt_wait_line (viewer, "state live", 30000);
  VT_CHECK (live, "the stream never went live");
  vt_point_at_window_middle (dpy);
  g_autofree char *line = wait_pointer (viewer, dpy, dark, reference);
  double value = vt_number (line, "value"), raw = vt_number (line, "raw");
  VT_CHECK (raw >= 100, "raw %g below the background: %s", raw, line);
  if (zero)
    VT_CHECK (value == 0, "value %g, expected 0 (frame − reference): %s", value, line);
  else
    VT_CHECK (value == raw - offset, "value %g, expected raw − %g = %g: %s", value, offset, raw - offset,
              line);
  printf ("ok: dark=%s reference=%s: value %g raw %g\n", dark, reference, value, raw);
  int status = vt_stop (viewer, SIGTERM, 10000);
  VT_CHECK (status >= 0 && WIFEXITED (status) && WEXITSTATUS (status) == 0, "daoview did not exit cleanly");
  vt_free (viewer);
}

int
main (void)
{
  Display *dpy = vt_x11_open ();

  g_autofree char *path = vt_unique_path ("readout");
  g_autofree char *dark = g_strdup_printf ("/tmp/dvtest-readout-%d-dark.npy", (int) getpid ());
  write_dark (dark, 100);
  VtProcess *w = vt_start_writer (path, "uint16", NY, NX, "spot", 20, 0);

  const char *with_dark[] = { "--dark", dark, NULL };
  run_case (dpy, path, with_dark, "applied", "-", 100, FALSE);
  const char *with_reference[] = { "--reference", "1", NULL };
  run_case (dpy, path, with_reference, "-", "applied", 0, TRUE);
  const char *with_both[] = { "--dark", dark, "--reference", "1", NULL };
  run_case (dpy, path, with_both, "applied", "applied", 0, TRUE);
  const char *plain[] = { NULL };
  run_case (dpy, path, plain, "-", "-", 0, FALSE);

  unlink (dark);
  vt_stop (w, SIGTERM, 5000);
  vt_free (w);
  dao_stream_unlink (path);
  XCloseDisplay (dpy);
  return 0;
}
