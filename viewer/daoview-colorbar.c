/* daoview-colorbar.c — colour bar with tick values.
 *
 * Each row is coloured by the render layer itself, from a column of values
 * running from `high` (top) to `low` (bottom): the bar then shows exactly
 * what the image does, whatever the scale, and values are placed linearly,
 * with ticks at round values.
 */
#define G_LOG_DOMAIN "daoview-colorbar"

#include "config.h"

#include "daoview-colorbar.h"

#include <math.h>
#include <string.h>

#include "daoview-plot.h"

#define BAR_WIDTH 16
#define MARGIN 8
#define N_TICKS 8 /* at most this many intervals between round ticks */

struct _DaoviewColorbar
{
  GtkWidget parent_instance;

  DaoviewRenderParams params;
  gboolean have_params;
};

G_DEFINE_FINAL_TYPE (DaoviewColorbar, daoview_colorbar, GTK_TYPE_WIDGET)

void
daoview_colorbar_draw (DaoviewColorbar *self, cairo_t *cr, int width, int height)
{
  if (!self->have_params || height < 2 * MARGIN + 2)
    return;

  int bar_height = height - 2 * MARGIN;
  cairo_surface_t *bar = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, bar_height);
  double *values = g_new (double, bar_height);
  double low = self->params.low, high = self->params.high;

  for (int i = 0; i < bar_height; i++)
    values[i] = high - (high - low) * i / MAX (1, bar_height - 1);
  cairo_surface_flush (bar);
  daoview_render_argb32 (DAO_DOUBLE, values, 1, bar_height, &self->params,
                         (uint32_t *) cairo_image_surface_get_data (bar),
                         cairo_image_surface_get_stride (bar));
  cairo_surface_mark_dirty (bar);
  g_free (values);

  cairo_save (cr);
  cairo_translate (cr, MARGIN, MARGIN);
  cairo_scale (cr, BAR_WIDTH, 1);
  cairo_set_source_surface (cr, bar, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_rectangle (cr, 0, 0, 1, bar_height);
  cairo_fill (cr);
  cairo_restore (cr);
  cairo_surface_destroy (bar);

  GdkRGBA fg = { 0.5, 0.5, 0.5, 1 };
  /* GTK 4.8 has no gtk_widget_get_color(). */
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &fg);
  gdk_cairo_set_source_rgba (cr, &fg);
  cairo_set_line_width (cr, 1);

  /* Ticks at round values (1, 2 or 5 times a power of ten), placed where
   * those values are on the bar; a constant frame (high == low) gets one. */
  double ticks[2 * N_TICKS + 1];
  double step = daoview_ticks_step (MIN (low, high), MAX (low, high), N_TICKS);
  size_t n_ticks = 0;
  if (isfinite (step))
    n_ticks = MIN (daoview_ticks (MIN (low, high), MAX (low, high), step, ticks, G_N_ELEMENTS (ticks)),
                   G_N_ELEMENTS (ticks));
  else
    ticks[n_ticks++] = high;

  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  for (size_t t = 0; t < n_ticks; t++)
    {
      double value = ticks[t];
      double y = MARGIN + (high != low ? (high - value) / (high - low) * (bar_height - 1) : 0);
      char text[32];
      int tw, th;

      if (isfinite (step))
        daoview_tick_label (value, step, text, sizeof text);
      else
        g_snprintf (text, sizeof text, "%.4g", value);
      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &tw, &th);
      cairo_move_to (cr, MARGIN + BAR_WIDTH, y + 0.5);
      cairo_line_to (cr, MARGIN + BAR_WIDTH + 4, y + 0.5);
      cairo_stroke (cr);
      cairo_move_to (cr, MARGIN + BAR_WIDTH + 6, CLAMP (y - th / 2.0, 0, height - th));
      pango_cairo_show_layout (cr, layout);
    }
  g_object_unref (layout);
}

static void
daoview_colorbar_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  daoview_colorbar_draw (DAOVIEW_COLORBAR (widget), cr, w, h);
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

static void
daoview_colorbar_class_init (DaoviewColorbarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = daoview_colorbar_snapshot;
  widget_class->measure = daoview_colorbar_measure;
  gtk_widget_class_set_css_name (widget_class, "daoview-colorbar");
}

static void
daoview_colorbar_init (DaoviewColorbar *self)
{
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
