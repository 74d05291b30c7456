/* daoview-stream-pane.c — one stream of a grid (see daoview-stream-pane.h).
 * The per-tick work is the session's; the pane draws what it holds. */
#define G_LOG_DOMAIN "daoview-stream-pane"

#include "config.h"

#include "daoview-stream-pane.h"

#include <glib/gi18n.h>

#include "daoview-colorbar.h"
#include "daoview-frame-surfaces.h"
#include "daoview-plot-view.h"
#include "daoview-status-text.h"
#include "daoview-title.h"

struct _DaoviewStreamPane
{
  GtkBox parent_instance;

  /* Children */
  DaoviewTitle *title;
  GtkStack *view_stack;
  DaoviewImageView *image_view;
  DaoviewColorbar *colorbar;
  DaoviewPlotView *plot_view;
  GtkLabel *status_label;

  /* Owned */
  DaoviewSession *session;
  DaoviewFrameSurfaces surfaces;

  int hover_x, hover_y;
  guint tick_id;
};

G_DEFINE_FINAL_TYPE (DaoviewStreamPane, daoview_stream_pane, GTK_TYPE_BOX)

enum {
  SIGNAL_STATE_CHANGED,
  SIGNAL_REPORT,
  SIGNAL_CLOSE_REQUESTED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
draw_frame (DaoviewStreamPane *self)
{
  DaoviewPipeline *pipeline = daoview_session_get_pipeline (self->session);
  const DaoviewPlane *plane = daoview_pipeline_plane (pipeline);
  DaoviewPlotMode mode = daoview_pipeline_plot_mode (pipeline);
  cairo_surface_t *surface = daoview_frame_surfaces_render (&self->surfaces, pipeline, NULL);

  if (!surface)
    return;
  gtk_stack_set_visible_child_name (self->view_stack, mode == DAOVIEW_PLOT_IMAGE ? "image" : "plot");
  if (mode == DAOVIEW_PLOT_IMAGE)
    {
      daoview_image_view_set_surface (self->image_view, surface, plane->width, plane->height);
      daoview_colorbar_set_params (self->colorbar, daoview_pipeline_params (pipeline));
      return;
    }
  double low = 0, high = 0;
  daoview_pipeline_plot_range (pipeline, &low, &high);
  daoview_plot_view_set_y_range (self->plot_view, low, high);
  size_t n = daoview_pipeline_plot_values (pipeline, NULL, 0);
  g_autofree double *values = g_new (double, MAX (n, 1));
  daoview_pipeline_plot_values (pipeline, values, n);
  daoview_plot_view_set_values (self->plot_view, values, n);
}

static void
update_labels (DaoviewStreamPane *self, DaoviewSessionReport *report)
{
  DaoviewStatusText text;
  const DaoviewPlane *plane = daoview_pipeline_plane (daoview_session_get_pipeline (self->session));

  daoview_title_set_status (self->title, daoview_session_get_status (self->session),
                            daoview_session_get_paused (self->session));
  /* Each pane framed and dimmed by its own stream's state, as the window is. */
  daoview_image_view_set_state (self->image_view, daoview_session_get_status (self->session)->state);
  daoview_session_get_report (self->session, report);
  report->pointer_x = self->hover_x;
  report->pointer_y = self->hover_y;
  report->pointer_valid = daoview_plane_value_at (plane, self->hover_x, self->hover_y,
                                                  &report->pointer_value);
  daoview_status_text_init (&text, report);
  g_autofree char *line = daoview_status_text_join (&text);
  g_autofree char *full = report->pointer_valid
                            ? g_strdup_printf ("%s   (%d, %d) = %g", line, report->pointer_x,
                                               report->pointer_y, report->pointer_value)
                            : g_strdup (line);
  gtk_label_set_text (self->status_label, full);
  daoview_status_text_clear (&text);
}

static gboolean
on_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  DaoviewStreamPane *self = DAOVIEW_STREAM_PANE (widget);
  guint events = daoview_session_tick (self->session, g_get_monotonic_time ());
  DaoviewSessionReport report;

  if (events & DAOVIEW_SESSION_STATE_CHANGED)
    {
      update_labels (self, &report);
      g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0, daoview_session_get_status (self->session));
    }
  if (events & DAOVIEW_SESSION_NEW_FRAME)
    {
      draw_frame (self);
      daoview_session_frame_drawn (self->session);
    }
  if (events & DAOVIEW_SESSION_LABELS_DUE)
    {
      update_labels (self, &report);
      g_signal_emit (self, signals[SIGNAL_REPORT], 0, &report);
    }
  return G_SOURCE_CONTINUE;
}

static void
on_pixel_hover (DaoviewImageView *view, int x, int y, DaoviewStreamPane *self)
{
  self->hover_x = x;
  self->hover_y = y;
}

static void
on_session_notify (DaoviewSession *session, GParamSpec *pspec, DaoviewStreamPane *self)
{
  draw_frame (self);
}

static void
on_close_clicked (GtkButton *button, DaoviewStreamPane *self)
{
  g_signal_emit (self, signals[SIGNAL_CLOSE_REQUESTED], 0);
}

static void
daoview_stream_pane_dispose (GObject *object)
{
  DaoviewStreamPane *self = DAOVIEW_STREAM_PANE (object);

  if (self->tick_id)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  g_clear_object (&self->session);
  daoview_frame_surfaces_clear (&self->surfaces);

  G_OBJECT_CLASS (daoview_stream_pane_parent_class)->dispose (object);
}

static void
daoview_stream_pane_class_init (DaoviewStreamPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = daoview_stream_pane_dispose;
  signals[SIGNAL_STATE_CHANGED] = g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                                1, G_TYPE_POINTER);
  signals[SIGNAL_REPORT] = g_signal_new ("report", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                         NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_CLOSE_REQUESTED] = g_signal_new ("close-requested", G_TYPE_FROM_CLASS (klass),
                                                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                  G_TYPE_NONE, 0);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "daoview-stream-pane");
}

static void
daoview_stream_pane_init (DaoviewStreamPane *self)
{
  GtkBox *box = GTK_BOX (self);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_widget_add_css_class (GTK_WIDGET (self), "frame");
  self->hover_x = self->hover_y = -1;

  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  self->title = g_object_new (DAOVIEW_TYPE_TITLE, "hexpand", TRUE, NULL);
  GtkWidget *close = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_widget_set_tooltip_text (close, _("Close This Stream"));
  gtk_widget_add_css_class (close, "flat");
  g_signal_connect_object (close, "clicked", G_CALLBACK (on_close_clicked), self, 0);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (header), close);
  gtk_box_append (box, header);

  self->view_stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->view_stack), TRUE);
  GtkWidget *image_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  self->image_view = DAOVIEW_IMAGE_VIEW (daoview_image_view_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->image_view), TRUE);
  self->colorbar = g_object_new (DAOVIEW_TYPE_COLORBAR, NULL);
  gtk_box_append (GTK_BOX (image_box), GTK_WIDGET (self->image_view));
  gtk_box_append (GTK_BOX (image_box), GTK_WIDGET (self->colorbar));
  gtk_stack_add_named (self->view_stack, image_box, "image");
  self->plot_view = DAOVIEW_PLOT_VIEW (daoview_plot_view_new ());
  daoview_plot_view_set_axis_titles (self->plot_view, _("index"), _("value"));
  gtk_stack_add_named (self->view_stack, GTK_WIDGET (self->plot_view), "plot");
  gtk_box_append (box, GTK_WIDGET (self->view_stack));

  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status_label, 0);
  gtk_label_set_ellipsize (self->status_label, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "caption");
  gtk_box_append (box, GTK_WIDGET (self->status_label));

  self->session = daoview_session_new ();
  g_signal_connect_object (self->image_view, "pixel-hover", G_CALLBACK (on_pixel_hover), self, 0);
  g_signal_connect_object (self->session, "notify", G_CALLBACK (on_session_notify), self, 0);
  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
}

DaoviewStreamPane *
daoview_stream_pane_new (GSettings *settings, const DaoviewOptions *options, const char *location)
{
  DaoviewStreamPane *self = g_object_new (DAOVIEW_TYPE_STREAM_PANE, NULL);
  /* A dark or flat that cannot be read is said once, not per pane silently:
   * the grid has no notice line, so it goes to stderr like the window's. */
  g_autoptr (GError) error = NULL;
  if (!daoview_session_start (self->session, settings, options, &error))
    g_printerr ("daoview: %s: %s\n", location ? location : "", error->message);
  g_settings_bind (settings, "show-colorbar", self->colorbar, "visible", G_SETTINGS_BIND_GET);
  daoview_session_watch (self->session, location, -1);
  daoview_title_set_location (self->title, location);
  return self;
}

DaoviewSession *
daoview_stream_pane_get_session (DaoviewStreamPane *self)
{
  return self->session;
}

DaoviewImageView *
daoview_stream_pane_get_image_view (DaoviewStreamPane *self)
{
  return self->image_view;
}
