/* bench-viewer.c — daoview's cost, one run, figures beside their baselines.
 *
 *   xvfb-run -a build/tests/viewer/bench-viewer [SECONDS]
 *
 * 1. Render time per frame (levels + conversion + the draw the cairo
 *    renderer does: the frame scaled with nearest-neighbour filtering into
 *    a 900 × 620 window area) for 256² … 2048² uint16 and float32, beside a
 *    plain memcpy of the frame (the copy every reader makes anyway).
 * 2. Live, under the X display: a real writer process at 1 kHz alone, then
 *    with daoview attached; the display rate daoview reaches and the torn
 *    reads it retried over the whole run (from its --print-state counts),
 *    the CPU it uses (/proc/PID/stat), and the
 *    writer's loop period and write() time with and without it (ratio).
 *    The same run with GSK_RENDERER=gl shows why daoview picks cairo.
 * Targets (issue 4): 1024² uint16 ≥ 60 Hz, 2048² ≥ 30 Hz, period ratio ≤ 1.01.
 */
#include <cairo.h>
#include <dao.h>
#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "daoview-levels.h"
#include "daoview-render.h"
#include "viewer-test-util.h"

static double
now_s (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
bench_render (dao_type type, unsigned n)
{
  size_t count = (size_t) n * n, esize = dao_type_size (type);
  void *frame = g_malloc (count * esize), *copy = g_malloc (count * esize);
  for (size_t i = 0; i < count; i++)
    {
      double v = (double) ((i * 2654435761u) % 4096);
      if (type == DAO_UINT16)
        ((uint16_t *) frame)[i] = (uint16_t) v;
      else
        ((float *) frame)[i] = (float) v;
    }

  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, n, n);
  cairo_surface_t *window = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 900, 620);
  DaoviewLevelState levels;
  daoview_level_state_init (&levels);
  DaoviewRenderParams params = { DAOVIEW_COLORMAP_VIRIDIS, DAOVIEW_SCALE_LINEAR,
                                 DAOVIEW_COMPLEX_AMPLITUDE, 0, 1, 0 };
  int reps = n <= 512 ? 100 : n <= 1024 ? 30 : 10;

  double t0 = now_s ();
  for (int r = 0; r < reps; r++)
    {
      daoview_level_state_update (&levels, type, frame, count, 0, r);
      params.low = levels.low;
      params.high = levels.high;
      cairo_surface_flush (image);
      daoview_render_argb32 (type, frame, n, n, &params,
                             (uint32_t *) cairo_image_surface_get_data (image),
                             cairo_image_surface_get_stride (image));
      cairo_surface_mark_dirty (image);
    }
  double t1 = now_s ();
  cairo_t *cr = cairo_create (window);
  double zoom = 620.0 / n;
  for (int r = 0; r < reps; r++)
    {
      cairo_save (cr);
      cairo_scale (cr, zoom, zoom);
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
      cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
      cairo_rectangle (cr, 0, 0, n, n);
      cairo_fill (cr);
      cairo_restore (cr);
    }
  cairo_surface_flush (window);
  double t2 = now_s ();
  for (int r = 0; r < reps; r++)
    {
      memcpy (copy, frame, count * esize);
      __asm__ volatile ("" ::"r"(copy) : "memory");
    }
  double t3 = now_s ();

  double convert = (t1 - t0) / reps * 1e3, draw = (t2 - t1) / reps * 1e3;
  double baseline = (t3 - t2) / reps * 1e3;
  printf ("  %4u² %-8s %8.2f ms %8.2f ms %8.2f ms %8.0f Hz   | memcpy %6.2f ms\n", n,
          dao_type_name (type), convert, draw, convert + draw, 1e3 / (convert + draw), baseline);

  cairo_destroy (cr);
  cairo_surface_destroy (image);
  cairo_surface_destroy (window);
  g_free (frame);
  g_free (copy);
}

typedef struct {
  double period_us, max_period_us, write_us;
} WriterStats;

static WriterStats
stop_writer (VtProcess *writer)
{
  WriterStats st = { 0 };
  kill (writer->pid, SIGTERM);
  g_autofree char *line = vt_wait_line (writer, "frames ", 10000);
  if (line)
    sscanf (line, "frames %*u period-mean-us %lf period-max-us %lf write-mean-us %lf",
            &st.period_us, &st.max_period_us, &st.write_us);
  vt_stop (writer, 0, 5000);
  vt_free (writer);
  return st;
}

static double
cpu_seconds (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  /* Fields after the ")" of the command name: utime is the 12th, stime 13th. */
  const char *p = strrchr (text, ')');
  unsigned long utime = 0, stime = 0;
  if (p)
    sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime);
  return (double) (utime + stime) / sysconf (_SC_CLK_TCK);
}

static double
field_number (const char *line, const char *key)
{
  g_autofree char *value = vt_field (line, key);
  return value ? g_ascii_strtod (value, NULL) : 0;
}

static void
bench_live (unsigned n, double rate, const char *renderer, const char *max_fps, double seconds)
{
  g_autofree char *path = vt_unique_path ("bench");
  g_autofree char *size = g_strdup_printf ("%u", n);

  VtProcess *alone = vt_start_writer (path, "uint16", n, n, "counter", rate, 0);
  g_usleep (1000000);
  kill (alone->pid, SIGUSR1); /* statistics from here */
  g_usleep ((gulong) (seconds * 1e6));
  WriterStats base = stop_writer (alone);

  VtProcess *writer = vt_start_writer (path, "uint16", n, n, "counter", rate, 0);
  g_setenv ("GSK_RENDERER", renderer, TRUE);
  const char *argv[] = { vt_daoview (), "--print-state", "--max-fps", max_fps, path, NULL };
  VtProcess *viewer = vt_spawn (argv);
  g_autofree char *live = vt_wait_line (viewer, "state live", 20000);
  g_usleep (1000000); /* window mapped, first frames drawn */
  kill (writer->pid, SIGUSR1); /* leave daoview's start-up out */
  double cpu0 = cpu_seconds (viewer->pid), t0 = now_s ();
  /* Rates over the whole interval, from the cumulative counts and time
   * stamps of the first and last status lines: the rates daoview prints
   * cover only its last half second. Its t= is CLOCK_MONOTONIC, like
   * now_s(): lines still in the pipe from before t0 are skipped. */
  g_autofree char *first = NULL, *stats = NULL;
  while (now_s () - t0 < seconds)
    {
      char *line = vt_wait_line (viewer, "stats ", 2000);
      if (!line || field_number (line, "t") < t0)
        {
          g_free (line);
          continue;
        }
      if (!first)
        first = g_strdup (line);
      g_free (stats), stats = line;
    }
  double cpu = (cpu_seconds (viewer->pid) - cpu0) / (now_s () - t0);
  WriterStats with = stop_writer (writer);
  vt_stop (viewer, SIGTERM, 10000);
  vt_free (viewer);
  dao_stream_unlink (path);

  double span = first && stats ? field_number (stats, "t") - field_number (first, "t") : 0;
  g_autofree char *display = NULL, *stream = NULL, *torn = NULL;
  if (first && stats && span > 0.5)
    {
      display = g_strdup_printf ("%.1f", (field_number (stats, "shown") - field_number (first, "shown")) / span);
      stream = g_strdup_printf ("%.1f", (field_number (stats, "counter") - field_number (first, "counter")) / span);
      torn = g_strdup_printf ("%.0f", field_number (stats, "torn") - field_number (first, "torn"));
    }
  printf ("  %4u² @%4.0f Hz %-6s %4s %7s Hz %7s Hz %6.0f %%  torn %6s | period %7.2f / %7.2f us (x%.4f)"
          "  write %6.1f / %6.1f us  max %6.0f / %6.0f us\n",
          n, rate, renderer, max_fps, stream ? stream : "?", display ? display : "?", cpu * 100,
          torn ? torn : "?",
          with.period_us, base.period_us, base.period_us > 0 ? with.period_us / base.period_us : 0,
          with.write_us, base.write_us, with.max_period_us, base.max_period_us);
  fflush (stdout);
}

int
main (int argc, char **argv)
{
  double seconds = argc > 1 ? atof (argv[1]) : 4;
  /* bench-viewer SECONDS N RATE RENDERER MAX_FPS: one live case only. */
  if (argc == 6)
    {
      g_setenv ("DAOVIEW", DAOVIEW_PATH, FALSE);
      g_setenv ("VIEWER_TEST_WRITER", VIEWER_TEST_WRITER_PATH, FALSE);
      bench_live ((unsigned) atoi (argv[2]), atof (argv[3]), argv[4], argv[5], seconds);
      return 0;
    }
  g_setenv ("DAOVIEW", DAOVIEW_PATH, FALSE);
  g_setenv ("VIEWER_TEST_WRITER", VIEWER_TEST_WRITER_PATH, FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);

  printf ("Render time per frame (levels + conversion | draw 620² nearest | total | max rate)\n");
  printf ("  size  type     convert      draw       total      rate    | baseline\n");
  unsigned sizes[] = { 256, 512, 1024, 2048 };
  for (unsigned i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      bench_render (DAO_UINT16, sizes[i]);
      bench_render (DAO_FLOAT, sizes[i]);
    }

  if (!g_getenv ("DISPLAY"))
    {
      printf ("\nNo DISPLAY: live part skipped (run under xvfb-run -a).\n");
      return 0;
    }
  printf ("\nLive: a writer process, then daoview attached to it (fps-cap: --max-fps; 1000 = the display's own pace)\n");
  printf ("  size  writer   renderer fps-cap stream  display   daoview CPU  torn   | writer with / without daoview\n");
  bench_live (256, 1000, "cairo", "1000", seconds);
  bench_live (1024, 1000, "cairo", "1000", seconds);
  bench_live (2048, 1000, "cairo", "1000", seconds);
  bench_live (2048, 1000, "cairo", "30", seconds);
  /* A 2048² uint16 write is 8 MB: at 1 kHz the writer is inside write()
   * most of each period, so no copy can be consistent. At 200 Hz the
   * display rate shows daoview's own limit. */
  bench_live (2048, 200, "cairo", "1000", seconds);
  /* The same 2048² at 1 kHz in a FIFO of depth 3: the writer fills another
   * segment while daoview copies the newest one, so copies are consistent. */
  printf ("  (FIFO depth 3:)\n");
  g_setenv ("VT_WRITER_FIFO_DEPTH", "3", TRUE);
  bench_live (2048, 1000, "cairo", "1000", seconds);
  g_unsetenv ("VT_WRITER_FIFO_DEPTH");
  bench_live (1024, 1000, "gl", "1000", seconds);
  return 0;
}
