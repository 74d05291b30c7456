/* daoview-window.c — the main window: template, tick, watching, drawing.
 *
 * Everything that changes at frame rate happens in one frame-clock tick:
 * the session (daoview-session.h) takes the newest frame from the watcher
 * (at most once per refresh and at most max-fps) and puts it through the
 * pipeline, which works out the displayed plane once; the window draws the
 * pixels of it, and at 4 Hz the figures, which it hands to the status bar,
 * the analysis panel and its signals. The actions live in
 * daoview-window-actions.c, the headless work in daoview-window-headless.c,
 * the header, status bar and report in daoview-window-labels.c.
 */
#define G_LOG_DOMAIN "daoview-window"

#include "config.h"

#include "daoview-window-private.h"

#include <glib/gi18n.h>

#include "daoview-status-text.h"
#include "daoview-remote.h"
#include "daoview-source.h"

guint daoview_window_signals[DAOVIEW_WINDOW_N_SIGNALS];

G_DEFINE_FINAL_TYPE (DaoviewWindow, daoview_window, GTK_TYPE_APPLICATION_WINDOW)

/* ---- drawing ----------------------------------------------------------- */

static void
update_plot (DaoviewWindow *self, DaoviewPipeline *pipeline)
{
  DaoviewPlotMode mode = daoview_pipeline_plot_mode (pipeline);
  double low = 0, high = 0;

  gtk_stack_set_visible_child_name (self->view_stack, mode == DAOVIEW_PLOT_IMAGE ? "image" : "plot");
  /* Zoom and the image's drag tools mean nothing for a plot. */
  gtk_widget_set_visible (self->zoom_box, mode == DAOVIEW_PLOT_IMAGE);
  daoview_analysis_panel_set_tools_visible (self->analysis, mode == DAOVIEW_PLOT_IMAGE);
  if (mode == DAOVIEW_PLOT_IMAGE)
    return;
  g_autofree char *title = daoview_status_text_plot_title (pipeline, FALSE);
  daoview_plot_view_set_title (self->plot_view, title);
  const DaoviewFrame *frame = daoview_pipeline_frame (pipeline);
  daoview_plot_view_set_axis_titles (self->plot_view,
                                     frame->naxis == 1 ? _("index") : mode == DAOVIEW_PLOT_ROW ? "x" : "y",
                                     _("value"));
  /* The y range: the level policy on whole ticks (see the pipeline). */
  daoview_pipeline_plot_range (pipeline, &low, &high);
  daoview_plot_view_set_y_range (self->plot_view, low, high);
  size_t n = daoview_pipeline_plot_values (pipeline, NULL, 0);
  g_autofree double *values = g_new (double, MAX (n, 1));
  daoview_pipeline_plot_values (pipeline, values, n);
  daoview_plot_view_set_values (self->plot_view, values, n);
}

static void
draw_frame (DaoviewWindow *self)
{
  DaoviewPipeline *pipeline = daoview_session_get_pipeline (self->session);
  const DaoviewPlane *plane = daoview_pipeline_plane (pipeline);

  if (!plane->values)
    return;
  /* A frame wider or taller than cairo can draw comes at a fraction of its
   * size (every factor-th pixel): shown, and said so. */
  daoview_status_bar_set_slices (self->status_bar, daoview_pipeline_depth (pipeline),
                                 daoview_pipeline_slice (pipeline));

  unsigned factor = 1;
  cairo_surface_t *surface = daoview_frame_surfaces_render (&self->surfaces, pipeline, &factor);

  daoview_image_view_set_surface (self->image_view, surface, plane->width, plane->height);
  daoview_status_bar_set_scale_notice (self->status_bar, factor);
  daoview_colorbar_set_params (self->colorbar, daoview_pipeline_params (pipeline));
  update_plot (self, pipeline);
  daoview_window_update_pixel (self);
  daoview_window_update_overlay (self);
}

/* Statistics and histogram: at the label rate, not every frame, and only
 * for someone who looks (the panel, or a handler of "analysed"). */
void
daoview_window_update_analysis (DaoviewWindow *self, gboolean selection_only)
{
  DaoviewPipeline *pipeline = daoview_session_get_pipeline (self->session);
  const DaoviewPlane *plane = daoview_pipeline_plane (pipeline);
  gboolean printing = g_signal_has_handler_pending (self, daoview_window_signals[DAOVIEW_WINDOW_ANALYSED],
                                                    0, TRUE);

  if (!plane->values || (!gtk_widget_get_visible (self->analysis_panel) && !printing))
    return;
  daoview_session_get_psf_options (self->session, &self->figures.psf_options);
  if (selection_only)
    daoview_analysis_compute_selection (&self->figures, plane, &self->selection);
  else
    {
      const DaoviewRenderParams *params = daoview_pipeline_params (pipeline);
      daoview_analysis_compute (&self->figures, plane, params->low, params->high, &self->selection);
    }
  daoview_analysis_panel_show (self->analysis, &self->figures, selection_only);
  daoview_analysis_panel_show_reference (self->analysis, daoview_pipeline_reference (pipeline));
  g_signal_emit (self, daoview_window_signals[DAOVIEW_WINDOW_ANALYSED], 0, &self->figures,
                 selection_only);
}

static gboolean
on_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  DaoviewWindow *self = DAOVIEW_WINDOW (widget);
  gint64 now = g_get_monotonic_time ();
  guint events = daoview_session_tick (self->session, now);

  if (events & DAOVIEW_SESSION_STATE_CHANGED)
    {
      daoview_window_update_labels (self);
      g_signal_emit (self, daoview_window_signals[DAOVIEW_WINDOW_STATE_CHANGED], 0,
                     daoview_session_get_status (self->session));
    }
  if (events & (DAOVIEW_SESSION_NEW_FRAME | DAOVIEW_SESSION_STATE_CHANGED))
    daoview_window_playback_update (self);
  if (events & DAOVIEW_SESSION_NEW_FRAME)
    {
      draw_frame (self);
      /* Only now: the next copy then runs while this thread is idle. */
      daoview_session_frame_drawn (self->session);
    }
  if (events & DAOVIEW_SESSION_LABELS_DUE)
    {
      daoview_window_update_labels (self);
      daoview_window_emit_report (self);
      daoview_window_update_analysis (self, FALSE);
      daoview_window_time_update (self);
    }
  daoview_window_headless_tick (self, now);
  return G_SOURCE_CONTINUE;
}

/* ---- signals ----------------------------------------------------------- */

void
daoview_window_redraw (DaoviewWindow *self)
{
  draw_frame (self);
  daoview_window_update_analysis (self, FALSE);
}

/* A display choice changed (a menu, a setting, the pause button). */
static void
on_session_notify (DaoviewSession *session, GParamSpec *pspec, DaoviewWindow *self)
{
  if (g_str_equal (pspec->name, "strip-chart") || g_str_equal (pspec->name, "strip-chart-seconds"))
    return; /* daoview-window-time.c */
  if (g_str_equal (pspec->name, "paused"))
    {
      daoview_window_update_labels (self);
      return;
    }
  if (g_str_equal (pspec->name, "calibration"))
    daoview_window_update_labels (self);
  if (g_str_equal (pspec->name, "plot") && self->hover_x >= 0)
    {
      /* The row or column under the pointer, if it is over the image. */
      g_autofree char *plot = NULL;
      g_object_get (session, "plot", &plot, NULL);
      g_object_set (session, "plot-index", g_str_equal (plot, "row") ? self->hover_y : self->hover_x,
                    NULL);
    }
  daoview_window_redraw (self);
}

static void
on_pixel_hover (DaoviewImageView *view, int x, int y, DaoviewWindow *self)
{
  self->hover_x = x;
  self->hover_y = y;
  daoview_window_update_pixel (self);
}

/* The pointer over a plot: the element under it, in image coordinates. */
static void
on_plot_pointer (DaoviewPlotView *view, int index, DaoviewWindow *self)
{
  DaoviewPipeline *pipeline = daoview_session_get_pipeline (self->session);
  DaoviewPlotMode mode = daoview_pipeline_plot_mode (pipeline);
  int line = (int) daoview_pipeline_plot_index (pipeline);
  if (index < 0)
    self->hover_x = self->hover_y = -1;
  else if (mode == DAOVIEW_PLOT_COLUMN)
    self->hover_x = line, self->hover_y = index;
  else
    self->hover_x = index, self->hover_y = line;
  daoview_window_update_pixel (self);
}

static void
on_selection_changed (DaoviewImageView *view, const DaoviewSelection *selection, DaoviewWindow *self)
{
  self->selection = *selection;
  if (selection->tool != DAOVIEW_TOOL_PAN)
    g_action_group_change_action_state (G_ACTION_GROUP (self), "show-analysis",
                                        g_variant_new_boolean (TRUE));
  daoview_window_update_analysis (self, TRUE);
}

static void
on_slice_changed (DaoviewStatusBar *bar, guint slice, DaoviewWindow *self)
{
  if (slice != daoview_pipeline_slice (daoview_session_get_pipeline (self->session)))
    g_object_set (self->session, "slice", slice, NULL);
}

static void
on_stream_activated (DaoviewStreamChooser *chooser, const char *path, DaoviewWindow *self)
{
  daoview_window_watch (self, path);
}

/* ---- life -------------------------------------------------------------- */

static gboolean
daoview_window_close_request (GtkWindow *window)
{
  DaoviewWindow *self = DAOVIEW_WINDOW (window);
  int width, height;

  /* A window made for a screenshot is not the size the user chose. */
  if (!daoview_options_headless (&self->options))
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  return GTK_WINDOW_CLASS (daoview_window_parent_class)->close_request (window);
}

static void
daoview_window_dispose (GObject *object)
{
  DaoviewWindow *self = DAOVIEW_WINDOW (object);

  if (self->tick_id)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  g_clear_object (&self->session);
  daoview_frame_surfaces_clear (&self->surfaces);
  daoview_analysis_clear (&self->figures);
  daoview_options_clear (&self->options);
  g_clear_object (&self->save_dialog);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->layout, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), DAOVIEW_TYPE_WINDOW);

  G_OBJECT_CLASS (daoview_window_parent_class)->dispose (object);
}

static void
add_signal (DaoviewWindowClass *klass, guint id, const char *name, guint n, ...)
{
  GType types[8];
  va_list args;
  va_start (args, n);
  for (guint i = 0; i < n; i++)
    types[i] = va_arg (args, GType);
  va_end (args);
  daoview_window_signals[id] = g_signal_newv (name, G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, NULL,
                                              NULL, NULL, NULL, G_TYPE_NONE, n, types);
}

static void
daoview_window_class_init (DaoviewWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = daoview_window_dispose;
  window_class->close_request = daoview_window_close_request;

  add_signal (klass, DAOVIEW_WINDOW_STATE_CHANGED, "state-changed", 1, G_TYPE_POINTER);
  add_signal (klass, DAOVIEW_WINDOW_REPORT, "report", 1, G_TYPE_POINTER);
  add_signal (klass, DAOVIEW_WINDOW_ANALYSED, "analysed", 2, G_TYPE_POINTER, G_TYPE_BOOLEAN);
  add_signal (klass, DAOVIEW_WINDOW_SAVED, "saved", 5, G_TYPE_INT, G_TYPE_STRING, G_TYPE_UINT64,
              G_TYPE_INT, G_TYPE_POINTER);
  add_signal (klass, DAOVIEW_WINDOW_PLOT_DRAWN, "plot-drawn", 4, G_TYPE_DOUBLE, G_TYPE_DOUBLE,
              G_TYPE_POINTER, G_TYPE_STRING);
  add_signal (klass, DAOVIEW_WINDOW_SCREENSHOT_TAKEN, "screenshot-taken", 2, G_TYPE_STRING,
              G_TYPE_POINTER);
  add_signal (klass, DAOVIEW_WINDOW_LAYOUT, "layout", 7, G_TYPE_INT, G_TYPE_INT, G_TYPE_POINTER,
              G_TYPE_POINTER, G_TYPE_POINTER, G_TYPE_DOUBLE, G_TYPE_BOOLEAN);

  g_type_ensure (DAOVIEW_TYPE_IMAGE_VIEW);
  g_type_ensure (DAOVIEW_TYPE_COLORBAR);
  g_type_ensure (DAOVIEW_TYPE_STREAM_CHOOSER);
  g_type_ensure (DAOVIEW_TYPE_PLOT_VIEW);
  g_type_ensure (DAOVIEW_TYPE_ANALYSIS_PANEL);
  g_type_ensure (DAOVIEW_TYPE_STATUS_BAR);
  g_type_ensure (DAOVIEW_TYPE_TITLE);
  g_type_ensure (DAOVIEW_TYPE_CONTRAST_POPOVER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/daoproject/Daoview/daoview-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, title);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, chooser);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, image_view);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, colorbar);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, message_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, plot_view);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, analysis_panel);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, analysis);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, status_bar);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, levels_button);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, contrast_popover);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, zoom_box);
}

static void
daoview_window_init (DaoviewWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->session = daoview_session_new ();
  self->hover_x = self->hover_y = -1;
  daoview_analysis_init (&self->figures);
  g_signal_connect_object (self->image_view, "pixel-hover", G_CALLBACK (on_pixel_hover), self, 0);
  g_signal_connect_object (self->image_view, "selection-changed", G_CALLBACK (on_selection_changed),
                           self, 0);
  g_signal_connect_object (self->plot_view, "pointer", G_CALLBACK (on_plot_pointer), self, 0);
  g_signal_connect_object (self->chooser, "stream-activated", G_CALLBACK (on_stream_activated), self, 0);
  g_signal_connect_object (self->status_bar, "slice-changed", G_CALLBACK (on_slice_changed), self, 0);
  g_signal_connect_object (self->session, "notify", G_CALLBACK (on_session_notify), self, 0);
  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
}

DaoviewWindow *
daoview_window_new (GtkApplication *application, GSettings *settings, const DaoviewOptions *options)
{
  DaoviewWindow *self = g_object_new (DAOVIEW_TYPE_WINDOW, "application", application, NULL);
  const DaoviewOptions *o = &self->options;

  self->settings = g_object_ref (settings);
  daoview_options_copy (&self->options, options);
  daoview_window_add_actions (self);
  daoview_window_playback_init (self);
  daoview_window_time_init (self, self->analysis_panel);

  /* The settings, then what the command line asks for this run. */
  g_autoptr (GError) error = NULL;
  if (!daoview_session_start (self->session, settings, o, &error))
    {
      g_printerr ("daoview: %s\n", error->message);
      daoview_status_bar_set_notice (self->status_bar, error->message);
    }
  g_settings_bind (settings, "show-colorbar", self->colorbar, "visible", G_SETTINGS_BIND_DEFAULT);
  gtk_widget_set_visible (self->analysis_panel, o->show_analysis);
  static const char *const spot_options[][2] = {
    { "psf-lambda-over-d", "lambda-over-d" }, { "psf-obstruction", "obstruction" },
    { "psf-ee-radius", "ee-radius" }, { "overlay-circles", "circles" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (spot_options); i++)
    g_object_bind_property (self->session, spot_options[i][0], self->analysis, spot_options[i][1],
                            G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  if (o->selection.tool != DAOVIEW_TOOL_PAN)
    {
      daoview_image_view_set_tool (self->image_view, o->selection.tool);
      daoview_image_view_set_selection (self->image_view, &o->selection);
    }
  return self;
}

void
daoview_window_watch (DaoviewWindow *self, const char *location)
{
  g_return_if_fail (DAOVIEW_IS_WINDOW (self));

  /* A server's address (tcp://HOST:PORT/): choose among its streams. */
  if (daoview_remote_is_server (location))
    {
      daoview_stream_chooser_set_server (self->chooser, location);
      location = NULL;
    }
  daoview_session_watch (self->session, location, self->options.slot);
  daoview_image_view_set_surface (self->image_view, NULL, 0, 0);
  daoview_title_set_location (self->title, location);
  gtk_widget_set_visible (GTK_WIDGET (self->status_bar), location != NULL);
  gtk_stack_set_visible_child_name (self->stack, location ? "view" : "chooser");
  if (location)
    {
      g_autofree char *name = daoview_source_display_name (location);
      gtk_window_set_title (GTK_WINDOW (self), name);
    }
}

DaoviewSession *
daoview_window_get_session (DaoviewWindow *self)
{
  g_return_val_if_fail (DAOVIEW_IS_WINDOW (self), NULL);
  return self->session;
}
