/* daoview-colorbar.c — colour bar with tick values, and its painter.
 *
 * Each row is coloured by the render layer itself, from a column of values
 * running from `high` (top) to `low` (bottom): the bar then shows exactly
 * what the image does, whatever the scale, and values are placed linearly,
 * with ticks at round values (daoview_colorbar_ticks). The saved view PNG
 * (daoview-save.c) is painted by the same function, so its bar and ticks
 * are the screen's.
 */
#define G_LOG_DOMAIN "daoview-colorbar"

#include "config.h"

#include "daoview-colorbar.h"

#include <glib/gi18n.h>
#include <string.h>

#include "daoview-contrast.h"
#include "daoview-plot.h"

#define BAR_WIDTH 16
#define MARGIN 8

struct _DaoviewColorbar
{
  GtkWidget parent_instance;

  DaoviewRenderParams params;
  gboolean have_params;

  /* A drag in progress: where it started, and the levels then. */
  DaoviewContrastGrip grip;
  double drag_low, drag_high;
};

enum {
  SIGNAL_LEVELS_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DaoviewColorbar, daoview_colorbar, GTK_TYPE_WIDGET)

void
daoview_colorbar_paint (cairo_t *cr, PangoLayout *layout, const DaoviewRenderParams *params,
                        double x, double y, double width, double height, double limit)
{
  int rows = (int) height;
  if (rows < 2)
    return;

  cairo_surface_t *bar = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, rows);
  double *values = g_new (double, rows);
  daoview_colorbar_values (params->low, params->high, rows, values);
  cairo_surface_flush (bar);
  daoview_render_argb32 (DAO_DOUBLE, values, 1, rows, params,
                         (uint32_t *) cairo_image_surface_get_data (bar),
                         cairo_image_surface_get_stride (bar));
  cairo_surface_mark_dirty (bar);
  g_free (values);

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, width, 1);
  cairo_set_source_surface (cr, bar, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_rectangle (cr, 0, 0, 1, rows);
  cairo_fill (cr);
  cairo_restore (cr);
  cairo_surface_destroy (bar);

  DaoviewColorbarTick ticks[2 * DAOVIEW_COLORBAR_TICKS + 1];
  size_t n = daoview_colorbar_ticks (params->low, params->high, y, rows, ticks, G_N_ELEMENTS (ticks));
  cairo_set_line_width (cr, 1);
  for (size_t t = 0; t < n; t++)
    {
      int tw, th;
      pango_layout_set_text (layout, ticks[t].label, -1);
      pango_layout_get_pixel_size (layout, &tw, &th);
      cairo_move_to (cr, x + width, ticks[t].y + 0.5);
      cairo_line_to (cr, x + width + 4, ticks[t].y + 0.5);
      cairo_stroke (cr);
      cairo_move_to (cr, x + width + 6, CLAMP (ticks[t].y - th / 2.0, 0, limit - th));
      pango_cairo_show_layout (cr, layout);
    }
}

static void
daoview_colorbar_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  DaoviewColorbar *self = DAOVIEW_COLORBAR (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);

  if (!self->have_params || h < 2 * MARGIN + 2)
    return;

  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  GdkRGBA fg = { 0.5, 0.5, 0.5, 1 };
  /* GTK 4.8 has no gtk_widget_get_color(). */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  gdk_cairo_set_source_rgba (cr, &fg);
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);
  daoview_colorbar_paint (cr, layout, &self->params, MARGIN, MARGIN, BAR_WIDTH, h - 2 * MARGIN, h);
  g_object_unref (layout);
  cairo_destroy (cr);
}

static void
daoview_colorbar_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                          int *minimum, int *natural, int *minimum_baseline,
                          int *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Room for labels such as "-1.234e+05". */
      PangoLayout *layout = gtk_widget_create_pango_layout (widget, "-8.888e+88");
      int tw, th;
      pango_layout_get_pixel_size (layout, &tw, &th);
      g_object_unref (layout);
      *minimum = *natural = MARGIN + BAR_WIDTH + 6 + tw + MARGIN;
    }
  else
    {
      *minimum = 64;
      *natural = 256;
    }
}

/* Height of y in the bar: 0 at its bottom (low), 1 at its top (high). */
static double
bar_position (DaoviewColorbar *self, double y)
{
  double h = gtk_widget_get_height (GTK_WIDGET (self)) - 2 * MARGIN;
  return h > 0 ? CLAMP (1 - (y - MARGIN) / h, 0, 1) : 0.5;
}

static void
on_motion (GtkEventControllerMotion *motion, double x, double y, DaoviewColorbar *self)
{
  gboolean end = daoview_contrast_grip (bar_position (self, y)) != DAOVIEW_CONTRAST_MOVE;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), end ? "ns-resize" : "grab");
}

static void
on_drag_begin (GtkGestureDrag *gesture, double x, double y, DaoviewColorbar *self)
{
  self->grip = daoview_contrast_grip (bar_position (self, y));
  self->drag_low = self->params.low;
  self->drag_high = self->params.high;
}

static void
on_drag_update (GtkGestureDrag *gesture, double dx, double dy, DaoviewColorbar *self)
{
  double h = gtk_widget_get_height (GTK_WIDGET (self)) - 2 * MARGIN, low, high;
  if (!self->have_params || h <= 0)
    return;
  /* Up is towards high: dy < 0 raises the levels. */
  daoview_contrast_bar (self->drag_low, self->drag_high, self->grip, -dy / h, &low, &high);
  g_signal_emit (self, signals[SIGNAL_LEVELS_CHANGED], 0, low, high);
}

static gboolean
on_scroll (GtkEventControllerScroll *scroll, double dx, double dy, DaoviewColorbar *self)
{
  double low, high;
  if (!self->have_params || dy == 0)
    return FALSE;
  /* Wheel up (dy < 0): a narrower span, more contrast. */
  daoview_contrast_zoom (self->params.low, self->params.high, -dy, &low, &high);
  g_signal_emit (self, signals[SIGNAL_LEVELS_CHANGED], 0, low, high);
  return TRUE;
}

static void
daoview_colorbar_class_init (DaoviewColorbarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  signals[SIGNAL_LEVELS_CHANGED] =
    g_signal_new ("levels-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  widget_class->snapshot = daoview_colorbar_snapshot;
  widget_class->measure = daoview_colorbar_measure;
  gtk_widget_class_set_css_name (widget_class, "daoview-colorbar");
}

static void
daoview_colorbar_init (DaoviewColorbar *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (on_drag_begin), self, 0);
  g_signal_connect_object (drag, "drag-update", G_CALLBACK (on_drag_update), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL
                                                                | GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  g_signal_connect_object (scroll, "scroll", G_CALLBACK (on_scroll), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  GtkEventController *motion = gtk_event_controller_motion_new ();
  g_signal_connect_object (motion, "motion", G_CALLBACK (on_motion), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                               _("Drag to move the levels, drag an end to stretch them, scroll to change "
                                 "the contrast"));
}

GtkWidget *
daoview_colorbar_new (void)
{
  return g_object_new (DAOVIEW_TYPE_COLORBAR, NULL);
}

void
daoview_colorbar_set_params (DaoviewColorbar *self, const DaoviewRenderParams *params)
{
  g_return_if_fail (DAOVIEW_IS_COLORBAR (self));

  if (self->have_params && memcmp (&self->params, params, sizeof *params) == 0)
    return;
  self->params = *params;
  self->have_params = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
