/* daoview-headless.c — headless work without a display (see
 * daoview-headless.h). A timer stands in for the frame clock: nothing is
 * drawn on a screen, so there is no refresh to follow. */
#define G_LOG_DOMAIN "daoview-headless"

#include "config.h"

#include "daoview-headless.h"

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "daoview-playback.h"
#include "daoview-source.h"

#include "daoview-report.h"
#include "daoview-save.h"
#include "daoview-session.h"
#include "daoview-status-text.h"

#define TICK_MS 16
#define PATIENCE_US (3 * 1000 * 1000)

typedef struct {
  const DaoviewOptions *options;
  DaoviewSession *session;
  GMainLoop *loop;
  cairo_surface_t *surface;
  DaoviewAnalysis figures;
  gboolean done;
} Run;

static void
print (const Run *run, char *text)
{
  if (run->options->print_state)
    daoview_report_print (text);
  g_free (text);
}

static void
render (Run *run)
{
  DaoviewPipeline *pipeline = daoview_session_get_pipeline (run->session);
  unsigned width, height;

  daoview_pipeline_render_size (pipeline, &width, &height, NULL);
  if (!run->surface || cairo_image_surface_get_width (run->surface) != (int) width
      || cairo_image_surface_get_height (run->surface) != (int) height)
    {
      g_clear_pointer (&run->surface, cairo_surface_destroy);
      run->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
    }
  cairo_surface_flush (run->surface);
  daoview_pipeline_render (pipeline, (uint32_t *) cairo_image_surface_get_data (run->surface),
                           cairo_image_surface_get_stride (run->surface));
  cairo_surface_mark_dirty (run->surface);
}

static void
analyse (Run *run)
{
  DaoviewPipeline *pipeline = daoview_session_get_pipeline (run->session);
  const DaoviewRenderParams *params = daoview_pipeline_params (pipeline);
  const DaoviewPlane *plane = daoview_pipeline_plane (pipeline);
  if (!plane->values || !run->options->print_state)
    return;
  daoview_session_get_psf_options (run->session, &run->figures.psf_options);
  daoview_analysis_compute (&run->figures, plane, params->low, params->high,
                            &run->options->selection);
  print (run, daoview_report_analysis (&run->figures, FALSE));
}

static void
save (Run *run, DaoviewSaveKind kind, const char *path)
{
  DaoviewPipeline *pipeline = daoview_session_get_pipeline (run->session);
  const DaoviewFrame *frame = daoview_pipeline_frame (pipeline);
  g_autoptr (GError) error = NULL;
  gboolean ok;
  int scale = 1;

  if (kind == DAOVIEW_SAVE_VIEW_PNG)
    {
      DaoviewViewNotes notes;
      daoview_view_notes_init (&notes, run->session, &run->options->selection, NULL);
      ok = daoview_save_view_png (path, frame ? run->surface : NULL, daoview_pipeline_params (pipeline),
                                  &notes, &scale, &error);
      daoview_view_notes_clear (&notes);
    }
  else
    {
      dao_keyword *keywords = NULL;
      unsigned n = 0;
      daoview_session_copy_keywords (run->session, &keywords, &n);
      ok = daoview_save_frame (kind, path, frame, daoview_session_get_location (run->session), keywords,
                               n, &error);
      free (keywords);
    }
  print (run, daoview_report_saved (kind, path, frame ? frame->counter : 0, scale, ok ? NULL : error));
  if (!ok)
    g_printerr ("daoview: %s\n", error->message);
}

static void
screenshot (Run *run, const char *path)
{
  DaoviewPipeline *pipeline = daoview_session_get_pipeline (run->session);
  gboolean have_frame = daoview_pipeline_frame (pipeline) != NULL;
  g_autoptr (GError) error = NULL;
  DaoviewSessionReport report;
  DaoviewStatusText text;
  double area[4];
  DaoviewPlotArea plot_area;
  gboolean have_image = FALSE, have_plot = FALSE;

  daoview_session_get_report (run->session, &report);
  daoview_status_text_init (&text, &report);
  g_autofree char *title = daoview_source_display_name (daoview_session_get_location (run->session));
  g_autofree char *state = daoview_stream_status_text (report.status);
  const DaoviewFrame *frame = daoview_pipeline_frame (pipeline);
  if (frame && report.frame_count > 0)
    {
      /* A recording: which frame this is, as the playback bar says. */
      g_autofree char *where = daoview_playback_frame_text (frame, report.frame_count);
      g_autofree char *both = g_strdup_printf ("%s — %s", state, where);
      g_free (state);
      state = g_steal_pointer (&both);
    }
  g_autofree char *status = daoview_status_text_join (&text);
  daoview_status_text_clear (&text);

  /* The window's view: the image, or the plot a 1-D stream or a row or
   * column is shown as. */
  DaoviewViewNotes notes;
  daoview_view_notes_init (&notes, run->session, &run->options->selection, NULL);
  DaoviewSummary summary = { title, state, status, have_frame ? run->surface : NULL,
                             daoview_pipeline_params (pipeline), &notes, report.status->state, NULL, 0, 0, 0 };
  g_autofree double *values = NULL;
  if (have_frame && daoview_pipeline_plot_mode (pipeline) != DAOVIEW_PLOT_IMAGE)
    {
      summary.plot_length = daoview_pipeline_plot_values (pipeline, NULL, 0);
      values = g_new (double, MAX (summary.plot_length, 1));
      daoview_pipeline_plot_values (pipeline, values, summary.plot_length);
      summary.plot = values;
      daoview_pipeline_plot_range (pipeline, &summary.plot_low, &summary.plot_high);
    }
  g_autofree char *plot_title = daoview_status_text_plot_title (pipeline, FALSE);
  g_autofree char *plot_what = daoview_status_text_plot_title (pipeline, TRUE);
  summary.plot_title = plot_title;

  gboolean saved = daoview_save_summary_png (path, &summary, area, &have_image, &plot_area, &have_plot, &error);
  daoview_view_notes_clear (&notes);
  if (!saved)
    {
      g_printerr ("daoview: %s\n", error->message);
      return;
    }
  if (have_plot)
    {
      print (run, daoview_report_plot_area (plot_area.x, plot_area.y, &plot_area));
      print (run, daoview_report_plot (plot_what));
    }
  print (run, daoview_report_screenshot (path, have_image ? area : NULL));
}

static void
finish (Run *run)
{
  const DaoviewOptions *o = run->options;
  DaoviewSessionReport report;

  /* The figures the files were saved with, as a window prints them. */
  daoview_session_get_report (run->session, &report);
  print (run, daoview_report_stats (&report));
  analyse (run);
  for (int k = 0; k < DAOVIEW_N_SAVE_KINDS; k++)
    if (o->save[k])
      save (run, k, o->save[k]);
  if (o->screenshot)
    screenshot (run, o->screenshot);
  run->done = TRUE;
  g_main_loop_quit (run->loop);
}

static gboolean
tick (gpointer data)
{
  Run *run = data;
  DaoviewSession *session = run->session;
  gint64 now = g_get_monotonic_time ();
  if (run->done)
    return G_SOURCE_CONTINUE;
  guint events = daoview_session_tick (session, now);

  if (events & DAOVIEW_SESSION_STATE_CHANGED)
    print (run, daoview_report_state (daoview_session_get_status (session)));
  if (events & DAOVIEW_SESSION_NEW_FRAME)
    {
      render (run);
      daoview_session_frame_drawn (session);
    }
  if (events & DAOVIEW_SESSION_LABELS_DUE)
    {
      DaoviewSessionReport report;
      daoview_session_get_report (session, &report);
      print (run, daoview_report_stats (&report));
      print (run, daoview_report_time (session));
      analyse (run);
    }

  /* As a window does: after the frames asked for, or a few seconds of a
   * stream that sends none; a reference being captured first. */
  DaoviewPipeline *pipeline = daoview_session_get_pipeline (session);
  DaoviewSessionReport report;
  daoview_session_get_report (session, &report);
  gint64 last_frame = daoview_session_get_last_frame_time (session);
  if (daoview_reference_state (daoview_pipeline_reference (pipeline)) == DAOVIEW_REFERENCE_CAPTURING
      && now - last_frame < PATIENCE_US)
    return G_SOURCE_CONTINUE;
  gint64 last = report.frames_shown ? last_frame : daoview_session_get_start_time (session);
  /* A paused recording shows the frame asked for and no other. */
  gboolean settled = daoview_session_get_paused (session) && daoview_session_showing_position (session);
  if (report.frames_shown >= (guint64) MAX (1, run->options->frames) || settled || now - last > PATIENCE_US)
    finish (run);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_quit_signal (gpointer data)
{
  g_main_loop_quit (((Run *) data)->loop);
  return G_SOURCE_CONTINUE;
}

int
daoview_headless_run (GSettings *settings, const DaoviewOptions *o, const char *location)
{
  Run run = { o };

  if (!location)
    {
      g_printerr ("%s", _("daoview: without a display, name the stream to save from\n"));
      return 1;
    }
  run.session = daoview_session_new ();
  run.loop = g_main_loop_new (NULL, FALSE);
  daoview_analysis_init (&run.figures);

  g_autoptr (GError) error = NULL;
  if (!daoview_session_start (run.session, settings, o, &error))
    {
      /* Figures saved without the calibration asked for would mislead. */
      g_printerr ("daoview: %s\n", error->message);
      g_main_loop_unref (run.loop);
      g_object_unref (run.session);
      return 1;
    }
  daoview_session_watch (run.session, location, o->slot);

  guint sigint = g_unix_signal_add (SIGINT, on_quit_signal, &run);
  guint sigterm = g_unix_signal_add (SIGTERM, on_quit_signal, &run);
  guint timer = g_timeout_add (TICK_MS, tick, &run);
  g_main_loop_run (run.loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_source_remove (timer);

  g_clear_pointer (&run.surface, cairo_surface_destroy);
  daoview_analysis_clear (&run.figures);
  g_main_loop_unref (run.loop);
  g_object_unref (run.session);
  return 0;
}
