/* daoview-window-labels.c — what the window says about its stream at 4 Hz
 * and on every pointer move: the header (state, calibration, the message
 * over the image, the zoom), the status bar's figures and the value under
 * the pointer, and the report --print-state prints (see
 * daoview-window-private.h). */
#define G_LOG_DOMAIN "daoview-window"

#include "config.h"

#include "daoview-window-private.h"

#include <glib/gi18n.h>

#include "daoview-status-text.h"

/* ---- labels ----------------------------------------------------------- */

static void
update_header (DaoviewWindow *self)
{
  const DaoviewStreamStatus *st = daoview_session_get_status (self->session);

  daoview_title_set_status (self->title, st, daoview_session_get_paused (self->session));
  daoview_image_view_set_state (self->image_view, st->state);
  g_autofree char *calibration = daoview_status_text_calibration (daoview_session_get_pipeline (self->session));
  daoview_title_set_calibration (self->title, calibration);
  /* Waiting and invalid streams say why over the image. */
  gboolean show_message = st->state == DAOVIEW_STREAM_WAITING || st->state == DAOVIEW_STREAM_INVALID;
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), show_message);
  if (show_message)
    gtk_label_set_text (self->message_label, st->error ? st->error->message
                                                       : _("Waiting for the stream"));
}

/* The zoom in the header ("Fit 43 %", "200 %"), and where things are drawn
 * for --print-state when that changed (tests drive the pointer with it). */
static void
update_zoom (DaoviewWindow *self)
{
  double zoom = daoview_image_view_get_zoom (self->image_view);
  gboolean fit = daoview_image_view_get_best_fit (self->image_view);
  graphene_rect_t area, bar;
  graphene_point_t origin = GRAPHENE_POINT_INIT (0, 0);

  g_autofree char *percent = g_strdup_printf (fit ? _("Fit %.0f %%") : _("%.0f %%"), zoom * 100);
  gtk_label_set_text (self->zoom_label, percent);

  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0 || !gtk_widget_get_mapped (GTK_WIDGET (self->image_view))
      || !daoview_image_view_get_image_area (self->image_view, &area)
      || !gtk_widget_compute_point (GTK_WIDGET (self->image_view), GTK_WIDGET (self), &area.origin, &origin))
    return;
  double image[4] = { origin.x, origin.y, area.size.width, area.size.height }, colorbar[4] = { 0 }, view[4];
  graphene_rect_t box;
  if (!gtk_widget_compute_bounds (GTK_WIDGET (self->image_view), GTK_WIDGET (self), &box))
    return;
  view[0] = box.origin.x, view[1] = box.origin.y, view[2] = box.size.width, view[3] = box.size.height;
  gboolean have_bar = gtk_widget_get_mapped (GTK_WIDGET (self->colorbar))
                      && gtk_widget_compute_bounds (GTK_WIDGET (self->colorbar), GTK_WIDGET (self), &bar);
  if (have_bar)
    colorbar[0] = bar.origin.x, colorbar[1] = bar.origin.y, colorbar[2] = bar.size.width,
    colorbar[3] = bar.size.height;
  g_autofree char *key = g_strdup_printf ("%d %d %.1f %.1f %.1f %.1f %.1f %.1f %.1f %.1f %d %.1f %.1f %.1f %.1f %g %d",
                                          gtk_widget_get_width (GTK_WIDGET (self)),
                                          gtk_widget_get_height (GTK_WIDGET (self)), view[0], view[1], view[2],
                                          view[3], image[0], image[1], image[2], image[3], have_bar,
                                          colorbar[0], colorbar[1], colorbar[2], colorbar[3], zoom, fit);
  if (g_strcmp0 (key, self->layout) == 0)
    return;
  g_free (self->layout);
  self->layout = g_steal_pointer (&key);
  g_signal_emit (self, daoview_window_signals[DAOVIEW_WINDOW_LAYOUT], 0, gtk_widget_get_width (GTK_WIDGET (self)),
                 gtk_widget_get_height (GTK_WIDGET (self)), view, image, have_bar ? colorbar : NULL, zoom, fit);
}

void
daoview_window_update_labels (DaoviewWindow *self)
{
  DaoviewSessionReport report;

  update_header (self);
  update_zoom (self);
  daoview_session_get_report (self->session, &report);
  daoview_status_bar_update (self->status_bar, &report);
}

/* The figures to whoever listens (--print-state). */
void
daoview_window_emit_report (DaoviewWindow *self)
{
  DaoviewSessionReport report;
  daoview_session_get_report (self->session, &report);
  daoview_session_report_pointer (self->session, &report, self->hover_x, self->hover_y);
  g_signal_emit (self, daoview_window_signals[DAOVIEW_WINDOW_REPORT], 0, &report);
}

/* ---- the pointer ------------------------------------------------------ */

void
daoview_window_update_pixel (DaoviewWindow *self)
{
  DaoviewSessionReport report;
  /* The pointer may be where the previous, larger frame was: the plane
   * says whether the pixel exists in this one. The raw value is shown
   * beside the displayed one when they can differ. */
  daoview_session_report_pointer (self->session, &report, self->hover_x, self->hover_y);
  gboolean calibrated = !daoview_pipeline_plane_is_raw (daoview_session_get_pipeline (self->session));
  daoview_status_bar_set_pixel (self->status_bar, report.pointer_valid, report.pointer_x, report.pointer_y,
                                report.pointer_value, calibrated ? &report.pointer_raw : NULL);
}
