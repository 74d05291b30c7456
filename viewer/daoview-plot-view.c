/* daoview-plot-view.c — axes with 1-2-5 ticks, and the data as a polyline.
 * The painter needs no widget: a screenshot without a display draws plots
 * with it too. */
#define G_LOG_DOMAIN "daoview-plot-view"

#include "config.h"

#include "daoview-plot-view.h"

#include <math.h>
#include <string.h>

#define MARGIN_LEFT 64
#define MARGIN_RIGHT 16
#define MARGIN_TOP 12
#define MARGIN_BOTTOM 28
#define MAX_TICKS 16

struct _DaoviewPlotView
{
  GtkWidget parent_instance;

  /* Owned */
  double *values;
  char *title;

  size_t n;
  double fixed_low, fixed_high;
  DaoviewPlotArea area;
  gboolean have_area;
  char *x_title, *y_title;
  int hover_index;
  double x_first, x_last; /* the x axis' ends; equal: 0 … n - 1 */
};

enum {
  SIGNAL_POINTER,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DaoviewPlotView, daoview_plot_view, GTK_TYPE_WIDGET)

static void
draw_label (PangoLayout *layout, cairo_t *cr, const char *text, double x, double y, double xalign,
            double yalign)
{
  int w, h;
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - xalign * w, y - yalign * h);
  pango_cairo_show_layout (cr, layout);
}

gboolean
daoview_plot_view_paint (cairo_t *cr, PangoLayout *layout, const GdkRGBA *fg, const double *values,
                         size_t n, double fixed_low, double fixed_high, int w, int h,
                         DaoviewPlotArea *area)
{
  return daoview_plot_view_paint_x (cr, layout, fg, values, n, 0, n > 1 ? (double) (n - 1) : 1,
                                    fixed_low, fixed_high, w, h, area);
}

gboolean
daoview_plot_view_paint_x (cairo_t *cr, PangoLayout *layout, const GdkRGBA *fg, const double *values,
                           size_t n, double x_first, double x_last, double fixed_low,
                           double fixed_high, int w, int h, DaoviewPlotArea *area)
{
  double ticks[MAX_TICKS];
  char label[64];

  if (n == 0 || w <= MARGIN_LEFT + MARGIN_RIGHT || h <= MARGIN_TOP + MARGIN_BOTTOM)
    return FALSE;

  double min = INFINITY, max = -INFINITY;
  for (size_t i = 0; i < n; i++)
    if (isfinite (values[i]))
      min = fmin (min, values[i]), max = fmax (max, values[i]);

  DaoviewPlotArea a;
  a.x = MARGIN_LEFT;
  a.y = MARGIN_TOP;
  a.width = w - MARGIN_LEFT - MARGIN_RIGHT;
  a.height = h - MARGIN_TOP - MARGIN_BOTTOM;
  a.x_min = x_first;
  a.x_max = x_last;
  if (fixed_low < fixed_high)
    a.y_min = fixed_low, a.y_max = fixed_high;
  else
    daoview_plot_range (min, max, 5, &a.y_min, &a.y_max);
  if (area)
    *area = a;

  /* Grid and tick labels. */
  cairo_save (cr);
  cairo_set_line_width (cr, 1);
  double ystep = daoview_ticks_step (a.y_min, a.y_max, 5);
  size_t ny = isnan (ystep) ? 0 : MIN (daoview_ticks (a.y_min, a.y_max, ystep, ticks, MAX_TICKS), MAX_TICKS);
  for (size_t i = 0; i < ny; i++)
    {
      double y = round (daoview_plot_y (&a, ticks[i])) + 0.5;
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.15);
      cairo_move_to (cr, a.x, y);
      cairo_line_to (cr, a.x + a.width, y);
      cairo_stroke (cr);
      gdk_cairo_set_source_rgba (cr, fg);
      draw_label (layout, cr, daoview_tick_label (ticks[i], ystep, label, sizeof label), a.x - 6, y,
                  1.0, 0.5);
    }
  double xstep = daoview_ticks_step (a.x_min, a.x_max, 8);
  size_t nx = isnan (xstep) ? 0 : MIN (daoview_ticks (a.x_min, a.x_max, xstep, ticks, MAX_TICKS), MAX_TICKS);
  for (size_t i = 0; i < nx; i++)
    {
      double x = round (daoview_plot_x (&a, ticks[i])) + 0.5;
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.15);
      cairo_move_to (cr, x, a.y);
      cairo_line_to (cr, x, a.y + a.height);
      cairo_stroke (cr);
      gdk_cairo_set_source_rgba (cr, fg);
      draw_label (layout, cr, daoview_tick_label (ticks[i], xstep, label, sizeof label), x,
                  a.y + a.height + 4, 0.5, 0.0);
    }
  gdk_cairo_set_source_rgba (cr, fg);
  cairo_rectangle (cr, a.x + 0.5, a.y + 0.5, a.width, a.height);
  cairo_stroke (cr);

  /* The data, clipped to the plot; NaN breaks the line. */
  double *px = g_new (double, n), *py = g_new (double, n);
  /* Element i at x = i on an axis from 0 to n - 1, whatever the labels say. */
  DaoviewPlotArea index_area = a;
  index_area.x_min = 0;
  index_area.x_max = n > 1 ? (double) (n - 1) : 1;
  size_t m = daoview_plot_vector (DAO_DOUBLE, values, n, 0, 1, n, DAOVIEW_COMPLEX_AMPLITUDE, &index_area,
                                  px, py);
  cairo_rectangle (cr, a.x, a.y, a.width, a.height);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, ((DAOVIEW_PLOT_LINE_COLOR >> 16) & 0xff) / 255.0,
                        ((DAOVIEW_PLOT_LINE_COLOR >> 8) & 0xff) / 255.0,
                        (DAOVIEW_PLOT_LINE_COLOR & 0xff) / 255.0);
  cairo_set_line_width (cr, 2);
  gboolean drawing = FALSE;
  for (size_t i = 0; i < m; i++)
    {
      if (isnan (py[i]))
        {
          drawing = FALSE;
          continue;
        }
      if (drawing)
        cairo_line_to (cr, px[i], py[i]);
      else
        cairo_move_to (cr, px[i], py[i]);
      drawing = TRUE;
    }
  if (m == 1 && !isnan (py[0]))
    cairo_arc (cr, px[0], py[0], 2, 0, 2 * G_PI);
  cairo_stroke (cr);
  g_free (px);
  g_free (py);
  cairo_restore (cr);
  return TRUE;
}

static void
daoview_plot_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  DaoviewPlotView *self = DAOVIEW_PLOT_VIEW (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GdkRGBA fg;

  if (self->n == 0 || w <= MARGIN_LEFT + MARGIN_RIGHT || h <= MARGIN_TOP + MARGIN_BOTTOM)
    return;
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);
  if (self->x_first < self->x_last)
    self->have_area = daoview_plot_view_paint_x (cr, layout, &fg, self->values, self->n, self->x_first,
                                                 self->x_last, self->fixed_low, self->fixed_high, w, h,
                                                 &self->area);
  else
    self->have_area = daoview_plot_view_paint (cr, layout, &fg, self->values, self->n,
                                               self->fixed_low, self->fixed_high, w, h, &self->area);
  if (self->have_area)
    {
      /* The axes' names, in the margins: under the x labels, and turned
       * along the y axis. */
      DaoviewPlotArea *a = &self->area;
      gdk_cairo_set_source_rgba (cr, &fg);
      if (self->x_title)
        draw_label (layout, cr, self->x_title, a->x - 6, a->y + a->height + 4, 1.0, 0.0);
      if (self->y_title)
        {
          cairo_save (cr);
          cairo_translate (cr, 2, a->y);
          cairo_rotate (cr, -G_PI / 2);
          draw_label (layout, cr, self->y_title, 0, 0, 1.0, 0.0);
          cairo_restore (cr);
        }
      if (self->hover_index >= 0 && (size_t) self->hover_index < self->n)
        {
          double fraction = self->n > 1 ? (double) self->hover_index / (self->n - 1) : 0;
          double x = round (a->x + fraction * a->width) + 0.5;
          cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.5);
          cairo_move_to (cr, x, a->y);
          cairo_line_to (cr, x, a->y + a->height);
          cairo_stroke (cr);
        }
      daoview_plot_view_paint_title (cr, layout, &fg, a, self->title);
    }
  g_object_unref (layout);
  cairo_destroy (cr);
}

static void
daoview_plot_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                           int *minimum, int *natural, int *minimum_baseline,
                           int *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 160 : 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 600 : 300;
}

static void
daoview_plot_view_finalize (GObject *object)
{
  DaoviewPlotView *self = DAOVIEW_PLOT_VIEW (object);

  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->x_title, g_free);
  g_clear_pointer (&self->y_title, g_free);

  G_OBJECT_CLASS (daoview_plot_view_parent_class)->finalize (object);
}

static void
daoview_plot_view_class_init (DaoviewPlotViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = daoview_plot_view_finalize;
  widget_class->snapshot = daoview_plot_view_snapshot;
  widget_class->measure = daoview_plot_view_measure;
  gtk_widget_class_set_css_name (widget_class, "daoview-plot");

  signals[SIGNAL_POINTER] = g_signal_new ("pointer", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

/* The element under the pointer: the nearest x, inside the plot. */
static void
set_hover (DaoviewPlotView *self, int index)
{
  if (index == self->hover_index)
    return;
  self->hover_index = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SIGNAL_POINTER], 0, index);
}

static void
on_motion (GtkEventControllerMotion *motion, double x, double y, DaoviewPlotView *self)
{
  const DaoviewPlotArea *a = &self->area;
  int index = -1;
  if (self->have_area && self->n > 0 && a->width > 0 && x >= a->x && x <= a->x + a->width && y >= a->y
      && y <= a->y + a->height)
    {
      double fraction = (x - a->x) / a->width;
      index = (int) CLAMP (floor (fraction * (self->n > 1 ? self->n - 1 : 0) + 0.5), 0, (double) self->n - 1);
    }
  set_hover (self, index);
}

static void
on_leave (GtkEventControllerMotion *motion, DaoviewPlotView *self)
{
  set_hover (self, -1);
}

static void
daoview_plot_view_init (DaoviewPlotView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  self->hover_index = -1;
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

void
daoview_plot_view_set_axis_titles (DaoviewPlotView *self, const char *x_title, const char *y_title)
{
  g_return_if_fail (DAOVIEW_IS_PLOT_VIEW (self));
  g_free (self->x_title);
  g_free (self->y_title);
  self->x_title = g_strdup (x_title);
  self->y_title = g_strdup (y_title);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

GtkWidget *
daoview_plot_view_new (void)
{
  return g_object_new (DAOVIEW_TYPE_PLOT_VIEW, NULL);
}

void
daoview_plot_view_set_values (DaoviewPlotView *self, const double *values, size_t n)
{
  g_return_if_fail (DAOVIEW_IS_PLOT_VIEW (self));
  if (n != self->n)
    {
      g_free (self->values);
      self->values = g_new (double, MAX (n, 1));
      self->n = n;
    }
  if (n)
    memcpy (self->values, values, n * sizeof *values);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
daoview_plot_view_paint_title (cairo_t *cr, PangoLayout *layout, const GdkRGBA *fg,
                               const DaoviewPlotArea *area, const char *title)
{
  int w, h;
  if (!title || !*title)
    return;
  pango_layout_set_text (layout, title, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  double x = area->x + area->width - w - 8, y = area->y + 4;
  cairo_save (cr);
  cairo_set_source_rgba (cr, 1 - fg->red, 1 - fg->green, 1 - fg->blue, 0.8);
  cairo_rectangle (cr, x - 4, y - 1, w + 8, h + 2);
  cairo_fill (cr);
  gdk_cairo_set_source_rgba (cr, fg);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

void
daoview_plot_view_set_title (DaoviewPlotView *self, const char *title)
{
  g_return_if_fail (DAOVIEW_IS_PLOT_VIEW (self));
  if (g_strcmp0 (title, self->title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
daoview_plot_view_set_y_range (DaoviewPlotView *self, double low, double high)
{
  g_return_if_fail (DAOVIEW_IS_PLOT_VIEW (self));
  self->fixed_low = low;
  self->fixed_high = high;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
daoview_plot_view_get_area (DaoviewPlotView *self, DaoviewPlotArea *area)
{
  g_return_val_if_fail (DAOVIEW_IS_PLOT_VIEW (self), FALSE);
  if (!self->have_area)
    return FALSE;
  *area = self->area;
  return TRUE;
}

void
daoview_plot_view_set_x_range (DaoviewPlotView *self, double x_first, double x_last)
{
  g_return_if_fail (DAOVIEW_IS_PLOT_VIEW (self));
  self->x_first = x_first;
  self->x_last = x_last;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
daoview_plot_view_get_hover (DaoviewPlotView *self)
{
  g_return_val_if_fail (DAOVIEW_IS_PLOT_VIEW (self), -1);
  return self->hover_index;
}
