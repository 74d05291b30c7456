/* daoview-window-headless.c — --screenshot and --save-* in a window: after
 * N frames (or a few seconds of a stream that sends none), save what was
 * asked, take the screenshot once the window has settled, and close.
 * Without a display, daoview-headless.c does the same with no window.
 */
#define G_LOG_DOMAIN "daoview-window"

#include "config.h"

#include "daoview-window-private.h"

#include <glib/gi18n.h>

#include "daoview-save.h"
#include "daoview-screenshot.h"
#include "daoview-status-text.h"

#define SCREENSHOT_PATIENCE_US (3 * 1000 * 1000)

static void
save_files (DaoviewWindow *self)
{
  g_autoptr (GError) error = NULL;
  int failed = 0;

  for (int k = 0; k < DAOVIEW_N_SAVE_KINDS; k++)
    if (self->options.save[k] && !daoview_window_save_as (self, k, self->options.save[k], &error))
      {
        g_printerr ("daoview: %s\n", error->message);
        g_clear_error (&error);
        failed = 1;
      }
  if (failed && !self->options.screenshot)
    g_printerr ("daoview: %s\n", _("some files could not be saved"));
}

static void
take_screenshot (DaoviewWindow *self)
{
  g_autoptr (GError) error = NULL;
  const char *screenshot = self->options.screenshot;

  graphene_point_t origin;
  DaoviewPlotArea pa;
  if (gtk_widget_get_visible (GTK_WIDGET (self->plot_view))
      && g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "plot") == 0
      && daoview_plot_view_get_area (self->plot_view, &pa)
      && gtk_widget_compute_point (GTK_WIDGET (self->plot_view), GTK_WIDGET (self),
                                   &GRAPHENE_POINT_INIT (pa.x, pa.y), &origin))
    {
      g_autofree char *what = daoview_status_text_plot_title (daoview_session_get_pipeline (self->session), TRUE);
      g_signal_emit (self, daoview_window_signals[DAOVIEW_WINDOW_PLOT_DRAWN], 0, (double) origin.x,
                     (double) origin.y, &pa, what);
    }

  DaoviewViewNotes notes;
  daoview_window_view_notes (self, &notes);
  gboolean saved = daoview_screenshot_save_png (GTK_WIDGET (self), screenshot, &error)
                   && daoview_save_add_notes (screenshot, &notes, &error);
  daoview_view_notes_clear (&notes);
  if (!saved)
    g_printerr ("daoview: %s\n", error->message);
  else
    {
      graphene_rect_t area;
      double where[4];
      gboolean have = daoview_image_view_get_image_area (self->image_view, &area)
                      && gtk_widget_compute_point (GTK_WIDGET (self->image_view), GTK_WIDGET (self),
                                                   &area.origin, &origin);
      where[0] = origin.x, where[1] = origin.y;
      where[2] = area.size.width, where[3] = area.size.height;
      g_signal_emit (self, daoview_window_signals[DAOVIEW_WINDOW_SCREENSHOT_TAKEN], 0, screenshot,
                     have ? where : NULL);
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

/* After the paint that followed the last label update, once the window's
 * size has settled: a panel shown at start-up makes the window grow, and
 * until the window system confirms the new size the children have no
 * allocation to draw with. Saving says so in the status bar, which may
 * grow the window again: the screenshot waits for that to settle too. */
static void
on_after_paint (GdkFrameClock *clock, DaoviewWindow *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->screenshot_stage != 1 && self->screenshot_stage != 2)
    return;
  if (++self->settle_paints < 3 || width != self->settle_width || height != self->settle_height)
    {
      self->settle_width = width;
      self->settle_height = height;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  if (self->screenshot_stage == 1)
    {
      save_files (self);
      if (!self->options.screenshot)
        {
          self->screenshot_stage = 3;
          gtk_window_destroy (GTK_WINDOW (self));
          return;
        }
      self->screenshot_stage = 2;
      self->settle_paints = 0;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  self->screenshot_stage = 3;
  take_screenshot (self);
}

void
daoview_window_headless_tick (DaoviewWindow *self, gint64 now)
{
  DaoviewSession *session = self->session;
  DaoviewPipeline *pipeline = daoview_session_get_pipeline (session);
  DaoviewSessionReport report;

  if (!daoview_options_headless (&self->options) || self->screenshot_stage != 0)
    return;
  /* A reference being captured is part of what was asked for. */
  gint64 last_frame = daoview_session_get_last_frame_time (session);
  if (daoview_reference_state (daoview_pipeline_reference (pipeline)) == DAOVIEW_REFERENCE_CAPTURING
      && now - last_frame < SCREENSHOT_PATIENCE_US)
    return;

  daoview_session_get_report (session, &report);
  /* A paused recording shows the frame asked for and no other. */
  gboolean enough = report.frames_shown >= (guint64) MAX (1, self->options.frames)
                    || (daoview_session_get_paused (session) && daoview_session_showing_position (session));
  /* A stream that sends no (more) frames — waiting, invalid, stale — is
   * shown as it is after a few seconds, so bug reports work there too. */
  gint64 last = report.frames_shown ? last_frame : daoview_session_get_start_time (session);
  if (!enough && now - last <= SCREENSHOT_PATIENCE_US)
    return;

  if (daoview_session_get_location (session))
    {
      /* The figures the picture shows, also on stdout. */
      daoview_window_update_labels (self);
      daoview_window_emit_report (self);
      daoview_window_update_analysis (self, FALSE);
    }
  self->screenshot_stage = 1;
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (on_after_paint), self, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
