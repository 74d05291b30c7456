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
 *    The 1024² case once more with a milk / ImageStreamIO writer (the
 *    contract-made tests/peers/milk-writer, no fast buffer): daoview reads
 *    it read-only, polling the counter.
 * 3. Quantities over time (issue 16): what the strip chart adds per frame at
 *    1024² float32 — a pixel, a 64² region's mean, the whole frame's mean —
 *    and its spectrum of 10 s at 1 kHz (computed four times a second, so
 *    shown per second and per displayed frame at 60 Hz), beside the
 *    frame's conversion and a memcpy.
 * 4. A grid of 4 streams of 256² uint16 at 1 kHz in one window (--grid):
 *    each pane's display rate, daoview's CPU, the writers' periods with and
 *    without it; beside 4 single daoview windows on the same streams.
 * Targets (issue 4): 1024² uint16 ≥ 60 Hz, 2048² ≥ 30 Hz, period ratio ≤ 1.01;
 * (issue 12) the same 1024² figures for the milk stream; (issue 16) strip
 * chart ≤ 1 ms added per frame at 1024²; grid of 4 at 256² @ 1 kHz: each
 * ≥ 30 Hz, writer periods × 1.00.
 *
 *   bench-viewer SECONDS multi   only 3 and 4
 */
#include <cairo.h>
#include <math.h>
#include <dao.h>
#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "daoview-levels.h"
#include "daoview-quantity.h"
#include "daoview-render.h"
#include "daoview-timeseries.h"
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

/* An n × n uint16 writer at `rate`: daoview's test writer (DAO), or the
 * milk writer; both print "ready" and the same loop statistics. */
static VtProcess *
start_bench_writer (const char *path, unsigned n, double rate, gboolean milk)
{
  if (!milk)
    return vt_start_writer (path, "uint16", n, n, "counter", rate, 0);
  g_autofree char *size = g_strdup_printf ("%u,%u", n, n);
  g_autofree char *hz = g_strdup_printf ("%g", rate);
  const char *argv[] = { MILK_WRITER_PATH, "--type", "uint16", "--size", size, "--forever", "--rate", hz,
                         path, NULL };
  VtProcess *p = vt_spawn (argv);
  g_autofree char *ready = vt_wait_line (p, "ready", 10000);
  VT_CHECK (ready, "the milk writer did not start");
  return p;
}

static void
bench_live_of (unsigned n, double rate, const char *renderer, const char *max_fps, double seconds,
               gboolean milk)
{
  g_autofree char *path = vt_unique_path ("bench");
  g_autofree char *size = g_strdup_printf ("%u", n);

  VtProcess *alone = start_bench_writer (path, n, rate, milk);
  g_usleep (1000000);
  kill (alone->pid, SIGUSR1); /* statistics from here */
  g_usleep ((gulong) (seconds * 1e6));
  WriterStats base = stop_writer (alone);

  VtProcess *writer = start_bench_writer (path, n, rate, milk);
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
          "  write %6.1f / %6.1f us  max %6.0f / %6.0f us%s\n",
          n, rate, renderer, max_fps, stream ? stream : "?", display ? display : "?", cpu * 100,
          torn ? torn : "?",
          with.period_us, base.period_us, base.period_us > 0 ? with.period_us / base.period_us : 0,
          with.write_us, base.write_us, with.max_period_us, base.max_period_us, milk ? "  (milk)" : "");
  fflush (stdout);
}

static void
bench_live (unsigned n, double rate, const char *renderer, const char *max_fps, double seconds)
{
  bench_live_of (n, rate, renderer, max_fps, seconds, FALSE);
}

/* ---- 3. the strip chart ------------------------------------------------ */

static double
time_quantity (const DaoviewQuantityClass *q, const DaoviewPlane *plane, const DaoviewQuantityContext *c,
               DaoviewTimeseries *series, int reps)
{
  double t0 = now_s ();
  for (int r = 0; r < reps; r++)
    daoview_timeseries_add (series, daoview_timeseries_last_counter (series) + 1, r * 1e-3,
                            q->measure (plane, c));
  return (now_s () - t0) / reps * 1e3;
}

/* A plain loop over the frame: the sum of its values in one double, the
 * cost of reading every pixel once in the simplest way. */
static double
raw_sum (const void *values, dao_type type, size_t count)
{
  double sum = 0;
  if (type == DAO_UINT16)
    for (size_t i = 0; i < count; i++)
      sum += ((const uint16_t *) values)[i];
  else
    for (size_t i = 0; i < count; i++)
      sum += ((const float *) values)[i];
  return sum;
}

static void
bench_strip_of (dao_type type, unsigned n)
{
  size_t count = (size_t) n * n, size = count * dao_type_size (type);
  void *frame = g_malloc (size), *copy = g_malloc (size);
  for (size_t i = 0; i < count; i++)
    if (type == DAO_UINT16)
      ((uint16_t *) frame)[i] = (uint16_t) ((i * 2654435761u) % 4096);
    else
      ((float *) frame)[i] = (float) ((i * 2654435761u) % 4096);
  DaoviewPlane plane = { type, frame, n, n, DAOVIEW_COMPLEX_REAL };
  DaoviewQuantityContext region = { .x = 17, .y = 33, .have_region = TRUE, .region = { 100, 100, 163, 163 } };
  DaoviewQuantityContext whole = { .x = 17, .y = 33 };
  g_autoptr (DaoviewTimeseries) series = daoview_timeseries_new (10);

  double pixel = time_quantity (daoview_quantity_find ("pixel"), &plane, &whole, series, 2000);
  double mean64 = time_quantity (daoview_quantity_find ("region-mean"), &plane, &region, series, 500);
  double mean_all = time_quantity (daoview_quantity_find ("region-mean"), &plane, &whole, series, 20);
  double centroid64 = time_quantity (daoview_quantity_find ("centroid-x"), &plane, &region, series, 200);
  double centroid_all = time_quantity (daoview_quantity_find ("centroid-x"), &plane, &whole, series, 10);

  /* Baselines: the plain loop over the frame, and a copy of it. */
  double t0 = now_s ();
  volatile double sink = 0;
  for (int r = 0; r < 20; r++)
    sink += raw_sum (frame, type, count);
  double raw = (now_s () - t0) / 20 * 1e3;
  t0 = now_s ();
  for (int r = 0; r < 20; r++)
    {
      memcpy (copy, frame, size);
      __asm__ volatile ("" ::"r"(copy) : "memory");
    }
  double baseline = (now_s () - t0) / 20 * 1e3;

  printf ("  %4u² %-7s: pixel %.4f ms, 64² region mean %.4f ms, whole-frame mean %.3f ms,\n"
          "                 centroid in a 64² region %.3f ms, in the whole frame %.3f ms per frame\n"
          "                 | plain loop over the frame %.3f ms, memcpy %.3f ms\n",
          n, dao_type_name (type), pixel, mean64, mean_all, centroid64, centroid_all, raw, baseline);
  g_free (frame);
  g_free (copy);
}

static void
bench_strip (unsigned n)
{
  bench_strip_of (DAO_UINT16, n);
  bench_strip_of (DAO_FLOAT, n);

  /* 10 s of a 1 kHz pixel, every frame sampled. */
  g_autoptr (DaoviewTimeseries) series = daoview_timeseries_new (10);
  for (guint64 c = 1; c <= 10000; c++)
    daoview_timeseries_add (series, c, c * 1e-3, sin (c * 0.3));
  DaoviewSpectrum sp = { 0 };
  double t0 = now_s ();
  for (int r = 0; r < 20; r++)
    daoview_timeseries_spectrum (series, &sp);
  double spectrum = (now_s () - t0) / 20 * 1e3;
  daoview_spectrum_clear (&sp);

  /* Beside the frame's conversion (levels + colours), float32. */
  size_t count = (size_t) n * n;
  float *frame = g_new (float, count);
  for (size_t i = 0; i < count; i++)
    frame[i] = (float) ((i * 2654435761u) % 4096);
  DaoviewLevelState levels;
  daoview_level_state_init (&levels);
  DaoviewRenderParams params = { .colormap = DAOVIEW_COLORMAP_GREY, .scale = DAOVIEW_SCALE_LINEAR,
                                 .complex_part = DAOVIEW_COMPLEX_AMPLITUDE, .low = 0, .high = 1 };
  uint32_t *argb = g_new (uint32_t, count);
  t0 = now_s ();
  for (int r = 0; r < 20; r++)
    {
      daoview_level_state_update (&levels, DAO_FLOAT, frame, count, 0, r);
      params.low = levels.low, params.high = levels.high;
      daoview_render_argb32 (DAO_FLOAT, frame, n, n, &params, argb, (size_t) n * 4);
    }
  double convert = (now_s () - t0) / 20 * 1e3;
  printf ("  spectrum of 10 000 samples %.3f ms (x4/s: %.3f ms per displayed frame at 60 Hz)\n"
          "  | the frame's conversion, float32 %u²: %.2f ms\n",
          spectrum, spectrum * 4 / 60, n, convert);
  g_free (frame);
  g_free (argb);
}

/* ---- 4. a grid of streams --------------------------------------------- */

#define GRID_N 4

/* Display rate of each of n panes (prefix "pane K " in grid mode, none for
 * single windows, one viewer each) and the viewers' CPU over `seconds`. */
static void
measure_viewers (VtProcess **viewers, int n_viewers, gboolean grid, double seconds, double *rates, double *cpu)
{
  double cpu0 = 0, t0 = now_s ();
  for (int v = 0; v < n_viewers; v++)
    cpu0 += cpu_seconds (viewers[v]->pid);
  double first_t[GRID_N] = { 0 }, first_shown[GRID_N] = { 0 }, last_t[GRID_N] = { 0 }, last_shown[GRID_N] = { 0 };
  while (now_s () - t0 < seconds)
    for (int v = 0; v < n_viewers; v++)
      {
        g_autofree char *line = vt_wait_line (viewers[v], grid ? "pane " : "stats ", 500);
        if (!line || !strstr (line, "stats "))
          continue;
        int k = grid ? atoi (line + 5) : v;
        if (k < 0 || k >= GRID_N || field_number (strstr (line, "stats "), "t") < t0)
          continue;
        double t = field_number (strstr (line, "stats "), "t"), shown = field_number (line, "shown");
        if (first_t[k] == 0)
          first_t[k] = t, first_shown[k] = shown;
        last_t[k] = t, last_shown[k] = shown;
      }
  double cpu1 = 0;
  for (int v = 0; v < n_viewers; v++)
    cpu1 += cpu_seconds (viewers[v]->pid);
  *cpu = (cpu1 - cpu0) / (now_s () - t0);
  for (int k = 0; k < GRID_N; k++)
    rates[k] = last_t[k] > first_t[k] ? (last_shown[k] - first_shown[k]) / (last_t[k] - first_t[k]) : 0;
}

static void
report_grid (const char *what, const double *rates, double cpu, WriterStats *with, WriterStats *base)
{
  printf ("  %-16s", what);
  for (int k = 0; k < GRID_N; k++)
    printf (" %6.1f", rates[k]);
  printf (" Hz  CPU %5.0f %% | periods x", cpu * 100);
  for (int k = 0; k < GRID_N; k++)
    printf (" %.4f", base[k].period_us > 0 ? with[k].period_us / base[k].period_us : 0);
  printf ("  (max %6.0f us)\n", with[0].max_period_us);
  fflush (stdout);
}

static void
bench_grid (unsigned n, double rate, double seconds)
{
  char *paths[GRID_N];
  VtProcess *writers[GRID_N];
  WriterStats base[GRID_N], with[GRID_N];
  double rates[GRID_N], cpu;

  for (int k = 0; k < GRID_N; k++)
    {
      paths[k] = vt_unique_path ("grid");
      writers[k] = vt_start_writer (paths[k], "uint16", n, n, "counter", rate, 0);
    }
  g_usleep (1000000);
  for (int k = 0; k < GRID_N; k++)
    kill (writers[k]->pid, SIGUSR1);
  g_usleep ((gulong) (seconds * 1e6));
  for (int k = 0; k < GRID_N; k++)
    base[k] = stop_writer (writers[k]);
  printf ("  writers alone    %d × %u² @ %.0f Hz: periods %.2f %.2f %.2f %.2f us\n", GRID_N, n, rate,
          base[0].period_us, base[1].period_us, base[2].period_us, base[3].period_us);

  for (int pass = 0; pass < 2; pass++)
    {
      for (int k = 0; k < GRID_N; k++)
        writers[k] = vt_start_writer (paths[k], "uint16", n, n, "counter", rate, 0);
      VtProcess *viewers[GRID_N];
      int n_viewers;
      if (pass == 0)
        {
          const char *argv[] = { vt_daoview (), "--print-state", "--max-fps", "1000", "--grid",
                                 paths[0], paths[1], paths[2], paths[3], NULL };
          viewers[0] = vt_spawn (argv);
          n_viewers = 1;
          /* Every pane live (the lines come in any order). */
          for (int live = 0, tries = 0; live < GRID_N && tries < 400; tries++)
            {
              g_autofree char *l = vt_wait_line (viewers[0], "pane ", 20000);
              live += l && strstr (l, " state live");
            }
        }
      else
        {
          for (int k = 0; k < GRID_N; k++)
            {
              const char *argv[] = { vt_daoview (), "--print-state", "--max-fps", "1000", paths[k], NULL };
              viewers[k] = vt_spawn (argv);
              g_autofree char *l = vt_wait_line (viewers[k], "state live", 20000);
              (void) l;
            }
          n_viewers = GRID_N;
        }
      g_usleep (1500000);
      for (int k = 0; k < GRID_N; k++)
        kill (writers[k]->pid, SIGUSR1);
      measure_viewers (viewers, n_viewers, pass == 0, seconds, rates, &cpu);
      for (int k = 0; k < GRID_N; k++)
        with[k] = stop_writer (writers[k]);
      for (int v = 0; v < n_viewers; v++)
        {
          vt_stop (viewers[v], SIGTERM, 10000);
          vt_free (viewers[v]);
        }
      report_grid (pass == 0 ? "one --grid window" : "4 single windows", rates, cpu, with, base);
    }
  for (int k = 0; k < GRID_N; k++)
    {
      dao_stream_unlink (paths[k]);
      g_free (paths[k]);
    }
}

static void
print_load (void)
{
  g_autofree char *load = NULL;
  if (g_file_get_contents ("/proc/loadavg", &load, NULL, NULL))
    printf ("  (machine load: %s)\n", g_strstrip (load));
}

static void
bench_multi (double seconds)
{
  printf ("\nStrip chart, added per frame (issue 16: <= 1 ms at 1024²)\n");
  print_load ();
  bench_strip (1024);
  if (!g_getenv ("DISPLAY"))
    return;
  printf ("\nGrid: display rate of each pane, daoview CPU | writer periods with / without (issue 16: >= 30 Hz, x1.00)\n");
  print_load ();
  bench_grid (256, 1000, seconds);
}

int
main (int argc, char **argv)
{
  double seconds = argc > 1 ? atof (argv[1]) : 4;
  /* bench-viewer SECONDS N RATE RENDERER MAX_FPS [milk]: one live case only. */
  if (argc == 6 || argc == 7)
    {
      g_setenv ("DAOVIEW", DAOVIEW_PATH, FALSE);
      g_setenv ("VIEWER_TEST_WRITER", VIEWER_TEST_WRITER_PATH, FALSE);
      bench_live_of ((unsigned) atoi (argv[2]), atof (argv[3]), argv[4], argv[5], seconds,
                     argc == 7 && g_str_equal (argv[6], "milk"));
      return 0;
    }
  g_setenv ("DAOVIEW", DAOVIEW_PATH, FALSE);
  g_setenv ("VIEWER_TEST_WRITER", VIEWER_TEST_WRITER_PATH, FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  if (argc == 3 && g_str_equal (argv[2], "strip"))
    {
      print_load ();
      bench_strip (1024);
      return 0;
    }
  if (argc == 3 && g_str_equal (argv[2], "multi"))
    {
      bench_multi (seconds);
      return 0;
    }

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
  printf ("  (milk / ImageStreamIO stream, read-only, polled:)\n");
  bench_live_of (1024, 1000, "cairo", "1000", seconds, TRUE);
  bench_multi (seconds);
  return 0;
}
