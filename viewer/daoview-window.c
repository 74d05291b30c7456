/* daoview-window.c — the main window: a stream's frames, state and rates.
 *
 * Everything that changes at frame rate happens in one frame-clock tick
 * callback: take the newest frame from the watcher (at most once per refresh
 * and at most --max-fps), convert it with the render layer, hand the surface
 * to the image view. Labels change at 4 Hz, which is as fast as anyone reads.
 */
#define G_LOG_DOMAIN "daoview-window"

#include "config.h"

#include "daoview-window.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdio.h>

#include <math.h>

#include "daoview-colorbar.h"
#include "daoview-cube.h"
#include "daoview-frame.h"
#include "daoview-analysis-panel.h"
#include "daoview-image-view.h"
#include "daoview-plot-view.h"
#include "daoview-reference.h"
#include "daoview-save.h"
#include "daoview-screenshot.h"

#include "daoview-stream-chooser.h"
#include "daoview-stream-watcher.h"

#define LABEL_INTERVAL_US (250 * 1000)
#define RATE_WINDOW_US (1000 * 1000)
#define SCREENSHOT_PATIENCE_US (3 * 1000 * 1000)

struct _DaoviewWindow
{
  GtkApplicationWindow parent_instance;

  /* Template widgets */
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkImage *state_icon;
  GtkStack *stack;
  DaoviewStreamChooser *chooser;
  DaoviewImageView *image_view;
  DaoviewColorbar *colorbar;
  GtkLabel *message_label;
  GtkLabel *counter_label;
  GtkLabel *stream_rate_label;
  GtkLabel *display_rate_label;
  GtkLabel *not_shown_label;
  GtkLabel *torn_label;
  GtkLabel *geometry_label;
  GtkLabel *slot_label;
  GtkLabel *pixel_label;
  GtkLabel *notice_label;
  GtkWidget *status_bar;
  GtkStack *view_stack;
  DaoviewPlotView *plot_view;
  GtkWidget *analysis_panel; /* the scrolled window around `analysis` */
  DaoviewAnalysisPanel *analysis;
  GtkWidget *slice_box;
  GtkSpinButton *slice_spin;

  /* Owned */
  DaoviewReference *reference;
  double *difference;             /* frame − reference, rendered as doubles */
  size_t difference_count;
  GtkFileChooserNative *save_dialog;
  char *save_view;
  char *save_fits;
  char *save_npy;
  DaoviewStreamWatcher *watcher;
  DaoviewFrame *frame;            /* the frame on screen */
  cairo_surface_t *surfaces[2];   /* alternate, see render_frame() */
  guint surface_index;
  DaoviewStreamStatus status;
  char *screenshot;

  /* Borrowed */
  GSettings *settings; /* NULL when no schema is installed */

  /* State */
  DaoviewWindowOptions options;
  DaoviewRenderParams params;
  DaoviewLevelState levels;
  guint tick_id;
  gboolean paused;
  gboolean have_status;
  guint64 frames_shown;
  guint64 not_shown;
  gint64 last_take_us;
  gint64 last_labels_us;
  gint64 last_frame_us;
  gint64 start_us;
  gint64 rate_window_us;
  guint64 rate_window_frames;
  double display_rate;
  int hover_x, hover_y;
  unsigned slice;
  gboolean newest_slice;
  int plot;       /* 0 image, 1 row, 2 column */
  int plot_index; /* which row or column */
  DaoviewSaveKind save_kind;
  int screenshot_stage; /* 0 waiting, 1 labels updated, 2 done */
  int settle_paints, settle_width, settle_height;
};

G_DEFINE_FINAL_TYPE (DaoviewWindow, daoview_window, GTK_TYPE_APPLICATION_WINDOW)

/* ---- text ------------------------------------------------------------- */

static const char *
state_icon_name (DaoviewStreamState state)
{
  switch (state)
    {
    case DAOVIEW_STREAM_WAITING: return "content-loading-symbolic";
    case DAOVIEW_STREAM_LIVE: return "media-record-symbolic";
    case DAOVIEW_STREAM_STALE: return "dialog-warning-symbolic";
    case DAOVIEW_STREAM_WRITER_GONE: return "process-stop-symbolic";
    case DAOVIEW_STREAM_RECREATED: return "view-refresh-symbolic";
    case DAOVIEW_STREAM_INVALID: return "dialog-error-symbolic";
    default: return "dialog-question-symbolic";
    }
}

/* The theme's success/warning/error colours, so the state reads at a glance
 * from across the lab; the icon shape and the text still carry it alone. */
static void
set_state_icon (GtkImage *icon, const char *icon_name, const char *css_class)
{
  const char *classes[] = { css_class, NULL };
  gtk_image_set_from_icon_name (icon, icon_name);
  gtk_widget_set_css_classes (GTK_WIDGET (icon), classes);
}

static const char *
state_css_class (DaoviewStreamState state)
{
  switch (state)
    {
    case DAOVIEW_STREAM_LIVE: return "success";
    case DAOVIEW_STREAM_STALE:
    case DAOVIEW_STREAM_RECREATED: return "warning";
    case DAOVIEW_STREAM_WRITER_GONE:
    case DAOVIEW_STREAM_INVALID: return "error";
    default: return NULL;
    }
}

static char *
state_text (const DaoviewStreamStatus *status)
{
  switch (status->state)
    {
    case DAOVIEW_STREAM_WAITING:
      return g_strdup (_("Waiting for the stream"));
    case DAOVIEW_STREAM_LIVE:
      return g_strdup (_("Live"));
    case DAOVIEW_STREAM_STALE:
      return g_strdup_printf (_("Stale: last frame %.1f s ago"), status->age);
    case DAOVIEW_STREAM_WRITER_GONE:
      return g_strdup_printf (_("Writer gone: last frame %.1f s ago"), status->age);
    case DAOVIEW_STREAM_RECREATED:
      return g_strdup (_("Recreated: reattached to the new stream"));
    case DAOVIEW_STREAM_INVALID:
      return g_strdup (_("Invalid stream"));
    default:
      return g_strdup ("");
    }
}

static void
format_shape_compact (const DaoviewStreamStatus *status, char *buf, size_t len)
{
  size_t used = 0;
  buf[0] = '\0';
  for (unsigned i = 0; i < status->naxis && used < len; i++)
    used += g_snprintf (buf + used, len - used, i ? "x%u" : "%u", status->shape[i]);
}

static void
print_state (DaoviewWindow *self)
{
  g_autofree char *text = state_text (&self->status);
  printf ("state %s: %s%s%s\n", daoview_stream_state_name (self->status.state), text,
          self->status.error ? " — " : "", self->status.error ? self->status.error->message : "");
  fflush (stdout);
}

static void
print_stats (DaoviewWindow *self)
{
  char shape[64];
  format_shape_compact (&self->status, shape, sizeof shape);
  printf ("stats t=%.3f state=%s counter=%" G_GUINT64_FORMAT " shown-counter=%" G_GUINT64_FORMAT
          " shown=%" G_GUINT64_FORMAT " stream-hz=%.1f display-hz=%.1f not-shown=%" G_GUINT64_FORMAT
          " torn=%" G_GUINT64_FORMAT " shape=%s type=%s slot=%d polling=%d paused=%d"
          " low=%g high=%g slice=%u\n",
          g_get_monotonic_time () / 1e6, daoview_stream_state_name (self->status.state),
          self->status.counter,
          self->frame ? self->frame->counter : 0, self->frames_shown, self->status.stream_rate,
          self->display_rate,
          self->not_shown, self->status.torn, self->status.attached ? shape : "-",
          self->status.attached ? dao_type_name (self->status.type) : "-", self->status.slot,
          self->status.polling, self->paused, self->params.low, self->params.high, self->slice);
  fflush (stdout);
}

static void
update_labels (DaoviewWindow *self)
{
  const DaoviewStreamStatus *st = &self->status;
  g_autofree char *text = state_text (st);
  g_autofree char *counter = NULL;
  char buf[128], shape[64];

  if (self->paused)
    {
      g_autofree char *paused = g_strdup_printf (_("%s · display paused"), text);
      g_free (text);
      text = g_steal_pointer (&paused);
    }
  gtk_label_set_text (self->subtitle_label, text);
  set_state_icon (self->state_icon, state_icon_name (st->state), state_css_class (st->state));

  /* Waiting and invalid streams say why over the image. */
  gboolean show_message = st->state == DAOVIEW_STREAM_WAITING || st->state == DAOVIEW_STREAM_INVALID;
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), show_message);
  if (show_message)
    gtk_label_set_text (self->message_label, st->error ? st->error->message
                                                       : _("Waiting for the stream"));

  if (self->paused && self->frame)
    counter = g_strdup_printf (_("Frame %" PRIu64 " (showing %" PRIu64 ", +%" PRIu64 ")"),
                               st->counter, self->frame->counter,
                               st->counter >= self->frame->counter ? st->counter - self->frame->counter : 0);
  else
    counter = g_strdup_printf (_("Frame %" PRIu64), st->counter);
  gtk_label_set_text (self->counter_label, counter);

  g_snprintf (buf, sizeof buf, _("Stream %.1f Hz"), st->stream_rate);
  gtk_label_set_text (self->stream_rate_label, buf);
  g_snprintf (buf, sizeof buf, _("Display %.1f Hz"), self->display_rate);
  gtk_label_set_text (self->display_rate_label, buf);
  g_snprintf (buf, sizeof buf, _("Not shown %" PRIu64), self->not_shown);
  gtk_label_set_text (self->not_shown_label, buf);
  g_snprintf (buf, sizeof buf, _("Torn reads retried %" PRIu64), st->torn);
  gtk_label_set_text (self->torn_label, buf);

  if (st->attached)
    {
      daoview_frame_format_shape (st->naxis, st->shape, shape, sizeof shape);
      g_snprintf (buf, sizeof buf, "%s %s", shape, dao_type_name (st->type));
    }
  else
    buf[0] = '\0';
  gtk_label_set_text (self->geometry_label, buf);

  if (!st->attached)
    buf[0] = '\0';
  else if (st->polling)
    g_snprintf (buf, sizeof buf, "%s", _("No slot: polling the counter"));
  else
    g_snprintf (buf, sizeof buf, _("Slot %d"), st->slot);
  gtk_label_set_text (self->slot_label, buf);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->slot_label),
                               st->polling && st->error ? st->error->message : NULL);
}

static void
update_pixel_label (DaoviewWindow *self)
{
  char text[128] = "";

  if (self->frame && self->hover_x >= 0)
    {
      unsigned width = daoview_frame_width (self->frame);
      const void *plane = daoview_frame_plane (self->frame, self->slice);
      double value = daoview_element_value (self->frame->type, plane,
                                            (size_t) self->hover_y * width + self->hover_x,
                                            self->params.complex_part);
      g_snprintf (text, sizeof text, _("x %d  y %d  value %g"), self->hover_x, self->hover_y, value);
    }
  gtk_label_set_text (self->pixel_label, text);
}

/* ---- drawing ---------------------------------------------------------- */

/* The values on screen: the displayed plane, or plane − reference. */
static const void *
displayed_values (DaoviewWindow *self, dao_type *type, size_t count)
{
  const void *plane = daoview_frame_plane (self->frame, self->slice);
  *type = self->frame->type;

  if (self->reference && daoview_reference_state (self->reference) == DAOVIEW_REFERENCE_READY)
    {
      if (self->difference_count != count)
        {
          g_free (self->difference);
          self->difference = g_new (double, MAX (count, 1));
          self->difference_count = count;
        }
      if (daoview_reference_subtract (self->reference, self->frame->type, plane, count,
                                      self->params.complex_part, self->difference) == 0)
        {
          *type = DAO_DOUBLE;
          return self->difference;
        }
    }
  return plane;
}

static void
update_plot (DaoviewWindow *self, dao_type type, const void *values, unsigned width,
             unsigned height)
{
  gboolean one_d = self->frame->naxis == 1;
  int mode = one_d ? 1 : self->plot;
  gtk_stack_set_visible_child_name (self->view_stack, mode ? "plot" : "image");
  if (!mode)
    return;

  /* Manual levels fix the plot's y range too; otherwise it follows the data. */
  gboolean manual = self->levels.mode == DAOVIEW_LEVEL_MODE_MANUAL
                    || self->levels.policy == DAOVIEW_LEVEL_POLICY_MANUAL;
  daoview_plot_view_set_y_range (self->plot_view, manual ? self->levels.manual_low : 0,
                                 manual ? self->levels.manual_high : 0);

  int index = one_d ? 0 : CLAMP (self->plot_index, 0, (int) (mode == 1 ? height : width) - 1);
  size_t n = mode == 1 ? width : height;
  size_t first = mode == 1 ? (size_t) index * width : (size_t) index;
  size_t stride = mode == 1 ? 1 : width;
  double *v = g_new (double, n);
  for (size_t i = 0; i < n; i++)
    v[i] = daoview_element_value (type, values, first + i * stride,
                                  type == DAO_DOUBLE ? DAOVIEW_COMPLEX_REAL : self->params.complex_part);
  daoview_plot_view_set_values (self->plot_view, v, n);
  g_free (v);
}

/* Statistics and histogram: at the label rate, not every frame. */
static void
update_analysis (DaoviewWindow *self)
{
  if (!self->frame || (!gtk_widget_get_visible (self->analysis_panel) && !self->options.print_state))
    return;

  unsigned width = daoview_frame_width (self->frame), height = daoview_frame_height (self->frame);
  dao_type type;
  const void *values = displayed_values (self, &type, (size_t) width * height);
  /* A difference is doubles: the complex part was taken already. */
  DaoviewComplexPart part = type != self->frame->type ? DAOVIEW_COMPLEX_REAL : self->params.complex_part;

  daoview_analysis_panel_update (self->analysis, type, values, width, height, part,
                                 self->params.low, self->params.high);
  daoview_analysis_panel_show_reference (self->analysis, self->reference);
}

static void
update_selection (DaoviewWindow *self)
{
  if (!self->frame)
    return;
  unsigned width = daoview_frame_width (self->frame), height = daoview_frame_height (self->frame);
  dao_type type;
  const void *values = displayed_values (self, &type, (size_t) width * height);
  DaoviewComplexPart part = type != self->frame->type ? DAOVIEW_COMPLEX_REAL : self->params.complex_part;
  daoview_analysis_panel_update_selection (self->analysis, type, values, width, height, part);
}

static void
render_frame (DaoviewWindow *self)
{
  DaoviewFrame *frame = self->frame;
  if (!frame)
    return;

  unsigned width = daoview_frame_width (frame), height = daoview_frame_height (frame);
  unsigned depth = daoview_frame_depth (frame);
  size_t count = (size_t) width * height;

  gtk_widget_set_visible (self->slice_box, depth > 1);
  if (depth > 1)
    {
      gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->slice_spin), depth - 1);
      if (self->slice >= depth)
        self->slice = depth - 1;
      if ((unsigned) gtk_spin_button_get_value_as_int (self->slice_spin) != self->slice)
        gtk_spin_button_set_value (self->slice_spin, self->slice);
    }

  dao_type type;
  const void *values = displayed_values (self, &type, count);
  /* A difference is rendered as doubles: the part was taken already. */
  DaoviewRenderParams params = self->params;
  if (type == DAO_DOUBLE && frame->type != DAO_DOUBLE)
    params.complex_part = DAOVIEW_COMPLEX_REAL;

  gboolean manual = self->levels.mode == DAOVIEW_LEVEL_MODE_MANUAL
                    || self->levels.policy == DAOVIEW_LEVEL_POLICY_MANUAL;
  gboolean complex = frame->type == DAO_COMPLEX_FLOAT || frame->type == DAO_COMPLEX_DOUBLE;
  if (!manual && complex && type == frame->type && self->params.complex_part == DAOVIEW_COMPLEX_PHASE)
    {
      /* Phase has a known range: the cyclic map wraps exactly at ±π. */
      self->params.low = -G_PI;
      self->params.high = G_PI;
    }
  else
    {
      self->levels.symmetric = self->params.colormap == DAOVIEW_COLORMAP_DIVERGING
                               && (type == DAO_DOUBLE
                                   || daoview_level_is_signed (frame->type, self->params.complex_part));
      daoview_level_state_update (&self->levels, type, values, count, params.complex_part,
                                  g_get_monotonic_time () / 1e6);
      self->params.low = self->levels.low;
      self->params.high = self->levels.high;
    }
  params.low = self->params.low;
  params.high = self->params.high;

  /* Two surfaces in turn: the render node of the previous frame may still
   * hold the other one, and cairo would copy a surface that a live node
   * holds before letting us write into it. */
  self->surface_index ^= 1;
  cairo_surface_t **surface = &self->surfaces[self->surface_index];
  if (!*surface || cairo_image_surface_get_width (*surface) != (int) width
      || cairo_image_surface_get_height (*surface) != (int) height)
    {
      g_clear_pointer (surface, cairo_surface_destroy);
      *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
    }

  cairo_surface_flush (*surface);
  daoview_render_argb32 (type, values, width, height, &params,
                         (uint32_t *) cairo_image_surface_get_data (*surface),
                         cairo_image_surface_get_stride (*surface));
  cairo_surface_mark_dirty (*surface);

  daoview_image_view_set_surface (self->image_view, *surface);
  daoview_colorbar_set_params (self->colorbar, &params);
  update_plot (self, type, values, width, height);
  update_pixel_label (self);
}

static void
show_frame (DaoviewWindow *self, DaoviewFrame *frame)
{
  DaoviewFrame *old = self->frame;

  if (old && old->generation == frame->generation && frame->counter > old->counter)
    self->not_shown += frame->counter - old->counter - 1;

  /* A recreated stream with the same shape and type keeps zoom and levels;
   * another shape or type starts afresh (the image view refits by itself). */
  if (old && !daoview_frame_same_geometry (old, frame))
    daoview_level_state_reset (&self->levels);

  if (self->newest_slice && old && daoview_frame_same_geometry (old, frame)
      && daoview_frame_depth (frame) > 1)
    {
      DaoviewGeometry g;
      daoview_geometry_from_shape (frame->naxis, frame->shape, &g);
      long newest = daoview_cube_newest_slice (frame->type, old->data, frame->data, &g);
      if (newest >= 0)
        self->slice = (unsigned) newest;
    }

  self->frame = frame;
  if (old)
    daoview_stream_watcher_recycle_frame (self->watcher, old);

  if (self->reference && daoview_reference_state (self->reference) == DAOVIEW_REFERENCE_CAPTURING)
    daoview_reference_add (self->reference, frame->type, daoview_frame_plane (frame, self->slice),
                           (size_t) daoview_frame_width (frame) * daoview_frame_height (frame),
                           self->params.complex_part);

  render_frame (self);
  self->frames_shown++;
}

static const char *
watched_path (DaoviewWindow *self)
{
  return self->watcher ? daoview_stream_watcher_get_path (self->watcher) : NULL;
}

static gboolean
save_as (DaoviewWindow *self, DaoviewSaveKind kind, const char *path, GError **error)
{
  static const char *const names[] = { "view", "fits", "npy" };
  gboolean ok;
  int scale = 1;

  if (kind == DAOVIEW_SAVE_VIEW_PNG)
    ok = daoview_save_view_png (path, self->frame ? self->surfaces[self->surface_index] : NULL,
                                &self->params, &scale, error);
  else
    {
      dao_keyword *keywords = NULL;
      unsigned n = 0;
      if (self->watcher)
        daoview_stream_watcher_copy_keywords (self->watcher, &keywords, &n);
      ok = daoview_save_frame (kind, path, self->frame, watched_path (self), keywords, n,
                               error);
      free (keywords);
    }

  g_autofree char *notice = NULL;
  if (ok)
    notice = g_strdup_printf (_("Saved frame %" PRIu64 " to %s"), self->frame->counter, path);
  else
    notice = g_strdup ((*error)->message);
  gtk_label_set_text (self->notice_label, notice);
  if (self->options.print_state)
    {
      if (ok)
        printf ("saved %s %s counter=%" G_GUINT64_FORMAT " scale=%d\n", names[kind], path,
                self->frame->counter, scale);
      else
        printf ("save-failed %s %s: %s\n", names[kind], path, (*error)->message);
      fflush (stdout);
    }
  return ok;
}

static void
take_screenshot (DaoviewWindow *self)
{
  g_autoptr (GError) error = NULL;
  graphene_rect_t area;
  graphene_point_t origin;
  const char *const saves[] = { self->save_view, self->save_fits, self->save_npy };
  int failed = 0;

  for (int k = 0; k < 3; k++)
    if (saves[k] && !save_as (self, (DaoviewSaveKind) k, saves[k], &error))
      {
        g_printerr ("daoview: %s\n", error->message);
        g_clear_error (&error);
        failed = 1;
      }
  if (failed && !self->screenshot)
    g_printerr ("daoview: %s\n", _("some files could not be saved"));

  if (!self->screenshot)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (gtk_widget_get_visible (GTK_WIDGET (self->plot_view)) && self->options.print_state
      && g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "plot") == 0)
    {
      DaoviewPlotArea pa;
      if (daoview_plot_view_get_area (self->plot_view, &pa)
          && gtk_widget_compute_point (GTK_WIDGET (self->plot_view), GTK_WIDGET (self),
                                       &GRAPHENE_POINT_INIT (pa.x, pa.y), &origin))
        printf ("plot-area %g %g %g %g x %g %g y %g %g\n", origin.x, origin.y, pa.width,
                pa.height, pa.x_min, pa.x_max, pa.y_min, pa.y_max);
    }

  if (!daoview_screenshot_save_png (GTK_WIDGET (self), self->screenshot, &error))
    g_printerr ("daoview: %s\n", error->message);
  else if (self->options.print_state)
    {
      if (daoview_image_view_get_image_area (self->image_view, &area)
          && gtk_widget_compute_point (GTK_WIDGET (self->image_view), GTK_WIDGET (self),
                                       &area.origin, &origin))
        printf ("screenshot %s image-area %.0f %.0f %.0f %.0f\n", self->screenshot, origin.x,
                origin.y, area.size.width, area.size.height);
      else
        printf ("screenshot %s image-area none\n", self->screenshot);
      fflush (stdout);
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

/* After the paint that followed the last label update, once the window's
 * size has settled: a panel shown at start-up makes the window grow, and
 * until the window system confirms the new size the children have no
 * allocation to draw with. */
static void
on_after_paint (GdkFrameClock *clock, DaoviewWindow *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->screenshot_stage != 1)
    return;
  if (++self->settle_paints < 3 || width != self->settle_width || height != self->settle_height)
    {
      self->settle_width = width;
      self->settle_height = height;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  self->screenshot_stage = 2;
  take_screenshot (self);
}

static void
maybe_screenshot (DaoviewWindow *self, gint64 now)
{
  if ((!self->screenshot && !self->save_view && !self->save_fits && !self->save_npy)
      || self->screenshot_stage != 0)
    return;
  /* A reference being captured is part of what was asked for. */
  if (self->reference && daoview_reference_state (self->reference) == DAOVIEW_REFERENCE_CAPTURING
      && now - self->last_frame_us < SCREENSHOT_PATIENCE_US)
    return;

  gboolean enough = self->frames_shown >= (guint64) MAX (1, self->options.frames);
  /* A stream that sends no (more) frames — waiting, invalid, stale — is
   * shown as it is after a few seconds, so bug reports work there too. */
  gint64 last = self->frames_shown ? self->last_frame_us : self->start_us;
  if (enough || now - last > SCREENSHOT_PATIENCE_US)
    {
      if (self->watcher)
        {
          update_labels (self);
          update_analysis (self);
        }
      self->screenshot_stage = 1;
      g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                               G_CALLBACK (on_after_paint), self, 0);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static gboolean
on_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  DaoviewWindow *self = DAOVIEW_WINDOW (widget);
  gint64 now = g_get_monotonic_time ();

  if (!self->watcher)
    {
      /* The stream chooser: --screenshot still shows it after a while. */
      maybe_screenshot (self, now);
      return G_SOURCE_CONTINUE;
    }

  DaoviewStreamState previous = self->status.state;
  gboolean had_status = self->have_status;
  daoview_stream_status_clear (&self->status);
  daoview_stream_watcher_get_status (self->watcher, &self->status);
  self->have_status = TRUE;
  if (!had_status || previous != self->status.state)
    {
      update_labels (self);
      if (self->options.print_state)
        print_state (self);
    }

  /* The cap allows for a tick arriving slightly early. */
  gint64 min_interval = self->options.max_fps > 0 ? 900000 / self->options.max_fps : 0;
  /* Paused, the frame on screen stays (the first one is still taken, so
   * a window started paused shows something); the counter keeps moving. */
  if ((!self->paused || !self->frame) && now - self->last_take_us >= min_interval)
    {
      DaoviewFrame *frame = daoview_stream_watcher_take_frame (self->watcher);
      if (frame)
        {
          show_frame (self, frame);
          /* Only now: the next copy then runs while this thread is idle. */
          daoview_stream_watcher_want_next_frame (self->watcher);
          self->last_take_us = now;
          self->last_frame_us = now;
        }
    }

  if (now - self->rate_window_us >= (self->display_rate > 0 ? RATE_WINDOW_US : LABEL_INTERVAL_US))
    {
      self->display_rate = (self->frames_shown - self->rate_window_frames) * 1e6
                           / (now - self->rate_window_us);
      self->rate_window_us = now;
      self->rate_window_frames = self->frames_shown;
    }

  if (now - self->last_labels_us >= LABEL_INTERVAL_US)
    {
      update_labels (self);
      if (self->options.print_state)
        print_stats (self);
      update_analysis (self);
      self->last_labels_us = now;
    }

  maybe_screenshot (self, now);
  return G_SOURCE_CONTINUE;
}

/* ---- actions ---------------------------------------------------------- */

static void
store_choice (DaoviewWindow *self, const char *key, GVariant *value)
{
  if (self->settings)
    g_settings_set_value (self->settings, key, value);
}

static void
change_string_choice (GSimpleAction *action, GVariant *value, gpointer data)
{
  DaoviewWindow *self = data;
  const char *name = g_action_get_name (G_ACTION (action));
  const char *choice = g_variant_get_string (value, NULL);
  int index;

  if (g_str_equal (name, "colormap") && (index = daoview_colormap_from_name (choice)) >= 0)
    self->params.colormap = index;
  else if (g_str_equal (name, "scale") && (index = daoview_scale_from_name (choice)) >= 0)
    self->params.scale = index;
  else if (g_str_equal (name, "complex-part")
           && (index = daoview_complex_part_from_name (choice)) >= 0)
    self->params.complex_part = index;
  else if (g_str_equal (name, "level-mode") && (index = daoview_level_mode_from_name (choice)) >= 0)
    self->levels.mode = index;
  else if (g_str_equal (name, "level-policy")
           && (index = daoview_level_policy_from_name (choice)) >= 0)
    {
      /* "Keep where I put them" starts from the levels on screen. */
      if (index == DAOVIEW_LEVEL_POLICY_MANUAL && self->levels.valid)
        {
          self->levels.manual_low = self->levels.low;
          self->levels.manual_high = self->levels.high;
        }
      self->levels.policy = index;
    }
  else
    return;

  g_simple_action_set_state (action, value);
  store_choice (self, name, value);
  daoview_level_state_reset (&self->levels);
  render_frame (self);
}

static void
change_show_colorbar (GSimpleAction *action, GVariant *value, gpointer data)
{
  DaoviewWindow *self = data;
  g_simple_action_set_state (action, value);
  gtk_widget_set_visible (GTK_WIDGET (self->colorbar), g_variant_get_boolean (value));
  store_choice (self, "show-colorbar", value);
}

static void
change_pause (GSimpleAction *action, GVariant *value, gpointer data)
{
  DaoviewWindow *self = data;
  g_simple_action_set_state (action, value);
  self->paused = g_variant_get_boolean (value);
  update_labels (self);
}

static void
toggle (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  GVariant *state = g_action_get_state (G_ACTION (action));
  g_action_change_state (G_ACTION (action), g_variant_new_boolean (!g_variant_get_boolean (state)));
  g_variant_unref (state);
}

static void
zoom_in (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  daoview_image_view_zoom_in (DAOVIEW_WINDOW (data)->image_view);
}

static void
zoom_out (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  daoview_image_view_zoom_out (DAOVIEW_WINDOW (data)->image_view);
}

static void
zoom_fit (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  daoview_image_view_zoom_fit (DAOVIEW_WINDOW (data)->image_view);
}

static void
zoom_actual (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  daoview_image_view_zoom_actual (DAOVIEW_WINDOW (data)->image_view);
}

static void
change_show_analysis (GSimpleAction *action, GVariant *value, gpointer data)
{
  DaoviewWindow *self = data;
  g_simple_action_set_state (action, value);
  gtk_widget_set_visible (self->analysis_panel, g_variant_get_boolean (value));
  update_analysis (self);
}

static void
change_histogram_log (GSimpleAction *action, GVariant *value, gpointer data)
{
  DaoviewWindow *self = data;
  g_simple_action_set_state (action, value);
  daoview_analysis_panel_set_log_counts (self->analysis, g_variant_get_boolean (value));
}

static void
change_newest_slice (GSimpleAction *action, GVariant *value, gpointer data)
{
  DaoviewWindow *self = data;
  g_simple_action_set_state (action, value);
  self->newest_slice = g_variant_get_boolean (value);
}

static void
change_tool (GSimpleAction *action, GVariant *value, gpointer data)
{
  DaoviewWindow *self = data;
  const char *tool = g_variant_get_string (value, NULL);
  g_simple_action_set_state (action, value);
  daoview_image_view_set_tool (self->image_view, g_str_equal (tool, "line") ? DAOVIEW_IMAGE_TOOL_LINE
                                                 : g_str_equal (tool, "rect") ? DAOVIEW_IMAGE_TOOL_RECT
                                                                              : DAOVIEW_IMAGE_TOOL_PAN);
}

static void
change_plot (GSimpleAction *action, GVariant *value, gpointer data)
{
  DaoviewWindow *self = data;
  const char *plot = g_variant_get_string (value, NULL);
  g_simple_action_set_state (action, value);
  self->plot = g_str_equal (plot, "row") ? 1 : g_str_equal (plot, "column") ? 2 : 0;
  /* The row or column under the pointer, if it is over the image. */
  if (self->hover_x >= 0)
    self->plot_index = self->plot == 1 ? self->hover_y : self->hover_x;
  render_frame (self);
}

static void
step_slice (DaoviewWindow *self, long delta)
{
  DaoviewGeometry g;
  if (!self->frame || daoview_geometry_from_shape (self->frame->naxis, self->frame->shape, &g) < 0)
    return;
  self->slice = daoview_cube_step (&g, self->slice, delta);
  render_frame (self);
}

static void
slice_next (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  step_slice (DAOVIEW_WINDOW (data), 1);
}

static void
slice_previous (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  step_slice (DAOVIEW_WINDOW (data), -1);
}

static void
start_reference (DaoviewWindow *self, unsigned frames)
{
  if (!self->reference)
    self->reference = daoview_reference_new ();
  daoview_reference_start (self->reference, frames);
  update_analysis (self);
}

static void
reference_capture (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  start_reference (DAOVIEW_WINDOW (data), 1);
}

static void
reference_average (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  start_reference (DAOVIEW_WINDOW (data), 10);
}

static void
reference_clear (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  DaoviewWindow *self = data;
  if (self->reference)
    daoview_reference_clear (self->reference);
  daoview_level_state_reset (&self->levels);
  render_frame (self);
  update_analysis (self);
}

static void
on_save_response (GtkNativeDialog *dialog, int response, DaoviewWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autoptr (GError) error = NULL;
      if (path)
        save_as (self, self->save_kind, path, &error);
    }
  g_clear_object (&self->save_dialog);
}

static void
save_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  DaoviewWindow *self = data;
  const char *kind = g_variant_get_string (parameter, NULL);
  const char *suffix = g_str_equal (kind, "fits") ? ".fits" : g_str_equal (kind, "npy") ? ".npy" : ".png";

  if (!self->frame)
    {
      gtk_label_set_text (self->notice_label, _("No frame to save yet"));
      return;
    }
  self->save_kind = g_str_equal (kind, "fits") ? DAOVIEW_SAVE_FITS
                    : g_str_equal (kind, "npy") ? DAOVIEW_SAVE_NPY : DAOVIEW_SAVE_VIEW_PNG;
  g_clear_object (&self->save_dialog);
  self->save_dialog = gtk_file_chooser_native_new (_("Save"), GTK_WINDOW (self),
                                                   GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                                   _("_Cancel"));
  g_autofree char *name = g_strdup_printf ("frame-%" G_GUINT64_FORMAT "%s", self->frame->counter, suffix);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->save_dialog), name);
  g_signal_connect_object (self->save_dialog, "response", G_CALLBACK (on_save_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->save_dialog));
}

static void
open_chooser (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  daoview_window_watch (DAOVIEW_WINDOW (data), NULL);
}

static const GActionEntry window_actions[] = {
  { "colormap", NULL, "s", "'grey'", change_string_choice },
  { "scale", NULL, "s", "'linear'", change_string_choice },
  { "complex-part", NULL, "s", "'amplitude'", change_string_choice },
  { "level-mode", NULL, "s", "'minmax'", change_string_choice },
  { "level-policy", NULL, "s", "'follow'", change_string_choice },
  { "show-colorbar", toggle, NULL, "true", change_show_colorbar },
  { "pause", toggle, NULL, "false", change_pause },
  { "zoom-in", zoom_in },
  { "zoom-out", zoom_out },
  { "zoom-fit", zoom_fit },
  { "zoom-actual", zoom_actual },
  { "open", open_chooser },
  { "show-analysis", toggle, NULL, "false", change_show_analysis },
  /* Log counts by default: a camera frame is mostly background, whose
   * bins would otherwise flatten everything else. */
  { "histogram-log", toggle, NULL, "true", change_histogram_log },
  { "newest-slice", toggle, NULL, "false", change_newest_slice },
  { "tool", NULL, "s", "'pan'", change_tool },
  { "plot", NULL, "s", "'image'", change_plot },
  { "slice-next", slice_next },
  { "slice-previous", slice_previous },
  { "reference-capture", reference_capture },
  { "reference-average", reference_average },
  { "reference-clear", reference_clear },
  { "save", save_activated, "s" },
};

/* Set an action's state without storing it (initial values). */
static void
init_action_state (DaoviewWindow *self, const char *name, GVariant *value)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);
  g_simple_action_set_state (G_SIMPLE_ACTION (action), value);
}

/* ---- signals ---------------------------------------------------------- */

static void
on_pixel_hover (DaoviewImageView *view, int x, int y, DaoviewWindow *self)
{
  self->hover_x = x;
  self->hover_y = y;
  update_pixel_label (self);
}

static void
on_selection_changed (DaoviewImageView *view, int tool, double x0, double y0, double x1, double y1,
                      DaoviewWindow *self)
{
  const double selection[4] = { x0, y0, x1, y1 };
  daoview_analysis_panel_set_selection (self->analysis, tool, selection);
  if (tool != DAOVIEW_IMAGE_TOOL_PAN)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "show-analysis");
      g_action_change_state (action, g_variant_new_boolean (TRUE));
    }
  update_selection (self);
}

static void
on_slice_changed (GtkSpinButton *spin, DaoviewWindow *self)
{
  unsigned slice = (unsigned) gtk_spin_button_get_value_as_int (spin);
  if (slice != self->slice)
    {
      self->slice = slice;
      render_frame (self);
    }
}

static void
on_stream_activated (DaoviewStreamChooser *chooser, const char *path, DaoviewWindow *self)
{
  daoview_window_watch (self, path);
}

static gboolean
daoview_window_close_request (GtkWindow *window)
{
  DaoviewWindow *self = DAOVIEW_WINDOW (window);
  int width, height;

  if (self->settings && !self->screenshot)
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
  if (self->watcher)
    daoview_stream_watcher_stop (self->watcher);
  g_clear_pointer (&self->frame, daoview_frame_free);
  g_clear_object (&self->watcher);
  g_clear_pointer (&self->surfaces[0], cairo_surface_destroy);
  g_clear_pointer (&self->surfaces[1], cairo_surface_destroy);
  daoview_stream_status_clear (&self->status);
  g_clear_pointer (&self->screenshot, g_free);
  g_clear_pointer (&self->save_view, g_free);
  g_clear_pointer (&self->save_fits, g_free);
  g_clear_pointer (&self->save_npy, g_free);
  g_clear_pointer (&self->reference, daoview_reference_free);
  g_clear_pointer (&self->difference, g_free);
  g_clear_object (&self->save_dialog);
  self->settings = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), DAOVIEW_TYPE_WINDOW);

  G_OBJECT_CLASS (daoview_window_parent_class)->dispose (object);
}

static void
daoview_window_class_init (DaoviewWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = daoview_window_dispose;
  window_class->close_request = daoview_window_close_request;

  g_type_ensure (DAOVIEW_TYPE_IMAGE_VIEW);
  g_type_ensure (DAOVIEW_TYPE_COLORBAR);
  g_type_ensure (DAOVIEW_TYPE_STREAM_CHOOSER);
  g_type_ensure (DAOVIEW_TYPE_PLOT_VIEW);
  g_type_ensure (DAOVIEW_TYPE_ANALYSIS_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/daoproject/Daoview/daoview-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, state_icon);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, chooser);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, image_view);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, colorbar);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, message_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, counter_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, stream_rate_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, display_rate_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, not_shown_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, torn_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, geometry_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, slot_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, pixel_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, notice_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, status_bar);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, plot_view);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, analysis_panel);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, analysis);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, slice_box);
  gtk_widget_class_bind_template_child (widget_class, DaoviewWindow, slice_spin);
}

static void
daoview_window_init (DaoviewWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions,
                                   G_N_ELEMENTS (window_actions), self);
  g_signal_connect_object (self->image_view, "pixel-hover", G_CALLBACK (on_pixel_hover), self, 0);
  g_signal_connect_object (self->chooser, "stream-activated", G_CALLBACK (on_stream_activated),
                           self, 0);
  g_signal_connect_object (self->image_view, "selection-changed",
                           G_CALLBACK (on_selection_changed), self, 0);
  g_signal_connect_object (self->slice_spin, "value-changed", G_CALLBACK (on_slice_changed), self, 0);
  daoview_level_state_init (&self->levels);
  self->hover_x = self->hover_y = -1;
  self->start_us = g_get_monotonic_time ();
  self->rate_window_us = self->start_us;
  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
}

DaoviewWindow *
daoview_window_new (GtkApplication *application, GSettings *settings,
                    const DaoviewWindowOptions *options)
{
  DaoviewWindow *self = g_object_new (DAOVIEW_TYPE_WINDOW, "application", application, NULL);

  self->settings = settings;
  self->options = *options;
  self->screenshot = g_strdup (options->screenshot);
  self->options.screenshot = self->screenshot;

  self->params.colormap = options->colormap;
  self->params.scale = options->scale;
  self->params.complex_part = options->complex_part;
  self->levels.mode = options->level_mode;
  self->levels.policy = options->level_policy;
  self->levels.percentile_low = options->percentile_low;
  self->levels.percentile_high = options->percentile_high;
  self->levels.manual_low = options->manual_low;
  self->levels.manual_high = options->manual_high;

  init_action_state (self, "colormap", g_variant_new_string (daoview_colormap_name (options->colormap)));
  init_action_state (self, "scale", g_variant_new_string (daoview_scale_name (options->scale)));
  init_action_state (self, "complex-part",
                     g_variant_new_string (daoview_complex_part_name (options->complex_part)));
  init_action_state (self, "level-mode",
                     g_variant_new_string (daoview_level_mode_name (options->level_mode)));
  init_action_state (self, "level-policy",
                     g_variant_new_string (daoview_level_policy_name (options->level_policy)));
  init_action_state (self, "show-colorbar", g_variant_new_boolean (options->show_colorbar));
  gtk_widget_set_visible (GTK_WIDGET (self->colorbar), options->show_colorbar);
  init_action_state (self, "show-analysis", g_variant_new_boolean (options->show_analysis));
  init_action_state (self, "pause", g_variant_new_boolean (options->paused));
  self->paused = options->paused;
  gtk_widget_set_visible (self->analysis_panel, options->show_analysis);

  self->save_view = g_strdup (options->save_view);
  self->save_fits = g_strdup (options->save_fits);
  self->save_npy = g_strdup (options->save_npy);
  self->slice = MAX (options->slice, 0);
  self->newest_slice = options->newest_slice;
  init_action_state (self, "newest-slice", g_variant_new_boolean (options->newest_slice));
  self->plot = options->plot;
  self->plot_index = options->plot_index;
  init_action_state (self, "plot", g_variant_new_string (options->plot == 1 ? "row"
                                                         : options->plot == 2 ? "column" : "image"));
  if (options->reference_frames > 0)
    start_reference (self, (unsigned) options->reference_frames);
  daoview_analysis_panel_set_print (self->analysis, options->print_state);
  if (options->selection_tool != DAOVIEW_IMAGE_TOOL_PAN)
    {
      const char *tool = options->selection_tool == DAOVIEW_IMAGE_TOOL_LINE ? "line" : "rect";
      init_action_state (self, "tool", g_variant_new_string (tool));
      daoview_image_view_set_tool (self->image_view, options->selection_tool);
    }
  if (options->selection_tool != DAOVIEW_IMAGE_TOOL_PAN)
    daoview_image_view_set_selection (self->image_view, options->selection_tool,
                                      options->selection[0], options->selection[1],
                                      options->selection[2], options->selection[3]);

  return self;
}

void
daoview_window_watch (DaoviewWindow *self, const char *path)
{
  g_return_if_fail (DAOVIEW_IS_WINDOW (self));

  if (self->watcher)
    daoview_stream_watcher_stop (self->watcher);
  g_clear_pointer (&self->frame, daoview_frame_free);
  g_clear_object (&self->watcher);
  daoview_stream_status_clear (&self->status);
  self->have_status = FALSE;
  self->frames_shown = self->not_shown = 0;
  self->rate_window_frames = 0;
  daoview_level_state_reset (&self->levels);
  daoview_image_view_set_surface (self->image_view, NULL);

  if (!path)
    {
      gtk_label_set_text (self->title_label, _("Daoview"));
      gtk_label_set_text (self->subtitle_label, _("Choose a stream"));
      set_state_icon (self->state_icon, "view-list-symbolic", NULL);
      gtk_widget_set_visible (self->status_bar, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "chooser");
      return;
    }

  g_autofree char *name = g_path_get_basename (path);
  gtk_label_set_text (self->title_label, name);
  gtk_window_set_title (GTK_WINDOW (self), name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), path);
  gtk_stack_set_visible_child_name (self->stack, "view");
  gtk_widget_set_visible (self->status_bar, TRUE);
  self->watcher = daoview_stream_watcher_new (path, self->options.slot);
  self->start_us = g_get_monotonic_time ();
}
