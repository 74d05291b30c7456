/* test-daoview-report.c — the --print-state lines (daoview-report.c), which
 * scripts and the viewer's own tests parse: each format, from the structs
 * the session and the analysis expose, to the character. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "daoview-error.h"
#include "daoview-report.h"

static void
expect (char *got, const char *want)
{
  assert_string_equal (got, want);
  g_free (got);
}

static void
state_lines_carry_the_reason (void **state)
{
  DaoviewStreamStatus st = { 0 };
  st.state = DAOVIEW_STREAM_LIVE;
  expect (daoview_report_state (&st), "state live: Live\n");
  st.state = DAOVIEW_STREAM_WAITING;
  st.error = daoview_error_new (NULL, -ENOENT, "Waiting for the stream to appear");
  expect (daoview_report_state (&st),
          "state waiting: Waiting for the stream — Waiting for the stream to appear: No such file or directory\n");
  daoview_stream_status_clear (&st);
  st.state = DAOVIEW_STREAM_WRITER_GONE;
  st.age = 2.25;
  expect (daoview_report_state (&st), "state writer-gone: Writer gone: last frame 2.2 s ago\n");
}

static void
stats_lines_name_every_figure (void **state)
{
  DaoviewStreamStatus st = { 0 };
  DaoviewSessionReport r = { 0 };
  st.state = DAOVIEW_STREAM_STALE;
  st.attached = TRUE;
  st.type = DAO_UINT16;
  st.format = "DAO";
  st.naxis = 3;
  st.shape[0] = 4, st.shape[1] = 32, st.shape[2] = 48;
  st.slot = 9;
  st.counter = 1234;
  st.stream_rate = 399.96;
  st.torn = 2;
  r.time = 12.5;
  r.status = &st;
  r.have_frame = TRUE;
  r.shown_counter = 1230;
  r.frames_shown = 77;
  r.not_shown = 12;
  r.display_rate = 59.94;
  r.stream_rate = 399.96;
  r.paused = TRUE;
  r.low = -1.5;
  r.high = 1e6;
  r.slice = 3;
  expect (daoview_report_stats (&r),
          "stats t=12.500 state=stale counter=1234 shown-counter=1230 shown=77 stream-hz=400.0"
          " display-hz=59.9 not-shown=12 torn=2 shape=4x32x48 type=uint16 format=DAO slot=9 polling=0 paused=1"
          " low=-1.5 high=1e+06 slice=3 dark=- flat=- reference=- fifo-depth=0 copy-ms=0.000"
          " period-ms=0.000 pointer=-\n");
  /* Copies that do not fit: what was measured, and the fix. */
  st.fifo_depth = 1;
  st.copy_budget_exceeded = TRUE;
  st.copy_ms = 0.96, st.period_ms = 1, st.copy_torn = 234, st.copy_attempts = 250;
  g_autofree char *torn = daoview_report_stats (&r);
  assert_non_null (strstr (torn, " fifo-depth=1 copy-ms=0.960 period-ms=1.000 pointer=-\n"
                                 "copy-budget exceeded torn=234/250 copy-ms=0.960 period-ms=1.000 fix=fifo-depth>=2\n"));
  st.copy_budget_exceeded = FALSE;
  /* Nothing attached: no shape or type to give. */
  st.attached = FALSE;
  st.slot = -1;
  st.polling = TRUE;
  r.paused = FALSE;
  r.pointer_valid = TRUE;
  r.pointer_x = 12, r.pointer_y = 3, r.pointer_value = 0.5, r.pointer_raw = 100.5;
  r.dark = "applied", r.flat = "unmatched", r.reference = "capturing";
  g_autofree char *line = daoview_report_stats (&r);
  assert_non_null (strstr (line, " shape=- type=- format=- slot=-1 polling=1 paused=0 "));
  assert_true (g_str_has_suffix (line, " slice=3 dark=applied flat=unmatched reference=capturing"
                                      " fifo-depth=1 copy-ms=0.960 period-ms=1.000"
                                      " pointer=12,3 value=0.5 raw=100.5\n"));
}

static void
analysis_lines_follow_the_panel (void **state)
{
  DaoviewAnalysis a;
  daoview_analysis_init (&a);
  a.have_histogram = true;
  a.histogram.low = 0;
  a.histogram.high = 120;
  a.histogram.binned = 1536;
  a.counts[0] = 384;
  a.counts[DAOVIEW_HISTOGRAM_BINS - 1] = 385;
  a.have_stats = true;
  a.stats.min = 0, a.stats.max = 120, a.stats.mean = 60, a.stats.stddev = 44.721359549995796;
  a.stats.sum = 92160;
  a.stats.max_x = 24, a.stats.max_y = 16;
  a.selection.tool = DAOVIEW_TOOL_RECT;
  a.have_rect_stats = true;
  a.rect_stats = a.stats;
  a.rect_stats.count = 384;
  expect (daoview_report_analysis (&a, FALSE),
          "histogram low=0 high=120 binned=1536 first=384 last=385\n"
          "frame-stats min=0 max=120 mean=60 stddev=44.7214 sum=92160 max-x=24 max-y=16\n"
          "rect-stats count=384 min=0 max=120 mean=60 stddev=44.7214 sum=92160 max-x=24 max-y=16\n");
  /* A drag: only the selection. */
  expect (daoview_report_analysis (&a, TRUE),
          "rect-stats count=384 min=0 max=120 mean=60 stddev=44.7214 sum=92160 max-x=24 max-y=16\n");
  double profile[3] = { 80, 80.5, 120 };
  a.selection.tool = DAOVIEW_TOOL_LINE;
  a.profile = g_memdup2 (profile, sizeof profile);
  a.profile_length = 3;
  expect (daoview_report_analysis (&a, TRUE), "profile n=3 values=80,80.5,120\n");
  daoview_analysis_clear (&a);
  expect (daoview_report_analysis (&a, FALSE), "");
}

/* The spot's lines: centroid and fwhm always, encircled energy and Strehl
 * when asked for; unknown figures as nan. */
static void
spot_lines (void **state)
{
  DaoviewAnalysis a;
  daoview_analysis_init (&a);
  a.have_psf = true;
  a.psf = (DaoviewPsfResult) { .x0 = 3, .y0 = 0, .x1 = 17, .y1 = 12, .count = 195, .background = 10,
                               .noise = 0.5, .peak = 490, .peak_x = 10, .peak_y = 6, .flux = 6283.2,
                               .centroid_x = 10.5004, .centroid_y = 6, .fwhm_x = 3.33, .fwhm_y = NAN,
                               .fwhm = NAN, .ee_radius = 3, .ee = 0.91234,
                               .strehl_method = DAOVIEW_STREHL_NONE, .strehl = NAN };
  expect (daoview_report_analysis (&a, TRUE),
          "centroid x=10.500 y=6.000 peak=490 peak-x=10 peak-y=6 background=10 noise=0.5 flux=6283.2"
          " window=3,0,17,12\n"
          "fwhm x=3.330 y=nan mean=nan\n");
  a.psf_options.ee_radius = 3;
  a.psf_options.lambda_over_d = 2.5;
  a.psf.strehl_method = DAOVIEW_STREHL_MODEL;
  a.psf.strehl = 0.4567;
  expect (daoview_report_analysis (&a, TRUE),
          "centroid x=10.500 y=6.000 peak=490 peak-x=10 peak-y=6 background=10 noise=0.5 flux=6283.2"
          " window=3,0,17,12\n"
          "fwhm x=3.330 y=nan mean=nan\n"
          "ee radius=3 fraction=0.9123\n"
          "strehl value=0.4567 method=model lambda-over-d=2.5 obstruction=0\n");
  a.psf.strehl_method = DAOVIEW_STREHL_REFERENCE;
  a.psf_options.ee_radius = 0;
  char *text = daoview_report_analysis (&a, FALSE);
  assert_non_null (strstr (text, "strehl value=0.4567 method=reference\n"));
  assert_null (strstr (text, "ee "));
  g_free (text);
}

static void
saves_screenshots_and_plots (void **state)
{
  expect (daoview_report_saved (DAOVIEW_SAVE_VIEW_PNG, "/tmp/v.png", 42, 10, NULL),
          "saved view /tmp/v.png counter=42 scale=10\n");
  GError *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "Cannot write /x/y.npy");
  expect (daoview_report_saved (DAOVIEW_SAVE_NPY, "/x/y.npy", 42, 1, error),
          "save-failed npy /x/y.npy: Cannot write /x/y.npy\n");
  g_error_free (error);
  const double area[4] = { 0, 198.4, 472, 314.6 };
  expect (daoview_report_screenshot ("s.png", area), "screenshot s.png image-area 0 198 472 315\n");
  expect (daoview_report_screenshot ("s.png", NULL), "screenshot s.png image-area none\n");
  const double view[4] = { 0, 46, 810, 600 }, image[4] = { 0, 46.5, 810, 540 }, bar[4] = { 810, 46, 90, 600 };
  expect (daoview_report_layout (900, 700, view, image, bar, 8.4375, TRUE),
          "layout window 900 700 view 0 46 810 600 image 0 46 810 540 colorbar 810 46 90 600 zoom 8.4375"
          " fit=1\n");
  expect (daoview_report_layout (700, 500, view, image, NULL, 2, FALSE),
          "layout window 700 500 view 0 46 810 600 image 0 46 810 540 colorbar none zoom 2 fit=0\n");
  DaoviewPlotArea pa = { 64, 12, 810, 580, 0, 99, -50, 250 };
  expect (daoview_report_plot_area (64, 58, &pa), "plot-area 64 58 810 580 x 0 99 y -50 250\n");
  expect (daoview_report_plot ("row:64"), "plot row:64\n");
  expect (daoview_report_plot (""), "plot -\n");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (state_lines_carry_the_reason),
    cmocka_unit_test (stats_lines_name_every_figure),
    cmocka_unit_test (analysis_lines_follow_the_panel),
    cmocka_unit_test (spot_lines),
    cmocka_unit_test (saves_screenshots_and_plots),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
