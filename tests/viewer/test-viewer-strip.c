/* test-viewer-strip.c — a quantity over time and its spectrum, live: a
 * writer process sends frames whose pixel (3, 0) is 100 + 50 sin(2π 7 t)
 * at 200 Hz. daoview follows that pixel (--strip-chart pixel:3,0) and its
 * series line must show the spectrum's peak within one bin of 7 Hz, on a
 * frequency axis from the frames' write times (fs = 200 Hz when every
 * frame was sampled). With FIFO depth 8 (and the display at 60 Hz) the frames between two displayed
 * ones are copied from the FIFO: nearly every frame is sampled although
 * the display draws at most 60 a second. With depth 1 the gaps stay, and
 * the spectrum's rate says so (fs below the stream's). */
#include <dao.h>
#include <gtk/gtk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viewer-test-util.h"

static double
field (const char *line, const char *key)
{
  g_autofree char *v = vt_field (line, key);
  VT_CHECK (v, "no %s= in '%s'", key, line);
  return g_ascii_strtod (v, NULL);
}

static void
run (unsigned depth)
{
  g_autofree char *path = vt_unique_path ("strip");
  g_autofree char *depth_text = g_strdup_printf ("%u", depth);
  g_setenv ("VT_WRITER_FIFO_DEPTH", depth_text, TRUE);
  VtProcess *w = vt_start_writer (path, "float32", 16, 16, "sine", 200, 0);
  g_unsetenv ("VT_WRITER_FIFO_DEPTH");
  const char *argv[] = { vt_daoview (), "--print-state", "--max-fps", depth == 1 ? "30" : "60",
                         "--strip-chart", "pixel:3,0", path, NULL };
  VtProcess *v = vt_spawn (argv);

  /* Four seconds of samples: bins of 1/4 Hz or finer. */
  char *line = NULL;
  for (int i = 0; i < 200; i++)
    {
      g_free (line);
      line = vt_wait_line (v, "series ", 10000);
      VT_CHECK (line, "depth %u: no series line", depth);
      if (field (line, "n") >= 800 || (depth == 1 && field (line, "frames") >= 800))
        break;
    }
  double peak = field (line, "peak-hz"), bin = field (line, "bin-hz"), fs = field (line, "fs");
  double n = field (line, "n"), frames = field (line, "frames");
  VT_CHECK (fabs (peak - 7) <= bin, "depth %u: peak at %g Hz, bins of %g Hz: %s", depth, peak, bin, line);
  if (depth == 8)
    {
      VT_CHECK (fabs (fs - 200) < 2, "depth 8: sampled at %g Hz, not every frame: %s", fs, line);
      /* A gap longer than the FIFO (a display tick late on a loaded
       * machine) loses a few. */
      VT_CHECK (n >= 0.75 * frames, "depth 8: %g of %g frames sampled: %s", n, frames, line);
    }
  else
    VT_CHECK (fs < 200 && n < frames, "depth 1 cannot sample every frame at 30 Hz: %s", line);
  printf ("ok: depth %u: %s", depth, line);
  g_free (line);
  vt_stop (v, SIGTERM, 10000);
  vt_stop (w, SIGTERM, 5000);
  vt_free (v);
  vt_free (w);
  dao_stream_unlink (path);
}

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }
  run (8);
  run (1);
  return 0;
}
