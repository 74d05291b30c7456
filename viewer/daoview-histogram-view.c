/* daoview-histogram-view.c — bars, and the levels as two red lines. */
#define G_LOG_DOMAIN "daoview-histogram-view"

#include "config.h"

#include "daoview-histogram-view.h"

#include <math.h>
#include <string.h>

struct _DaoviewHistogramView
{
  GtkWidget parent_instance;

  guint64 counts[DAOVIEW_HISTOGRAM_BINS];
  DaoviewHistogramInfo info;
  gboolean valid;
  gboolean log_counts;
  double low, high;
};

G_DEFINE_FINAL_TYPE (DaoviewHistogramView, daoview_histogram_view, GTK_TYPE_WIDGET)

static void
daoview_histogram_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  DaoviewHistogramView *self = DAOVIEW_HISTOGRAM_VIEW (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);

  if (!self->valid || w < 4 || h < 4)
    return;

  guint64 top = 1;
  for (int i = 0; i < DAOVIEW_HISTOGRAM_BINS; i++)
    top = MAX (top, self->counts[i]);
  double scale_top = self->log_counts ? log10 (top + 1.0) : (double) top;

  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  GdkRGBA fg;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  cairo_set_source_rgb (cr, 0.11, 0.44, 0.85);
  double bw = (double) w / DAOVIEW_HISTOGRAM_BINS;
  for (int i = 0; i < DAOVIEW_HISTOGRAM_BINS; i++)
    {
      double c = self->log_counts ? log10 (self->counts[i] + 1.0) : (double) self->counts[i];
      double bh = scale_top > 0 ? (h - 1) * c / scale_top : 0;
      cairo_rectangle (cr, i * bw, h - bh, MAX (bw - 0.5, 0.5), bh);
    }
  cairo_fill (cr);

  /* The levels, where they fall in the binned range. */
  double span = self->info.high - self->info.low;
  cairo_set_source_rgb (cr, 0.88, 0.11, 0.14);
  cairo_set_line_width (cr, 2);
  for (int k = 0; k < 2; k++)
    {
      double v = k ? self->high : self->low;
      double x = span > 0 ? (v - self->info.low) / span * w : (k ? w - 1 : 1);
      x = CLAMP (x, 1, w - 1);
      cairo_move_to (cr, x, 0);
      cairo_line_to (cr, x, h);
    }
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
daoview_histogram_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                                int *minimum, int *natural, int *minimum_baseline,
                                int *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 128 : 80;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 256 : 120;
}

static void
daoview_histogram_view_class_init (DaoviewHistogramViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = daoview_histogram_view_snapshot;
  widget_class->measure = daoview_histogram_view_measure;
  gtk_widget_class_set_css_name (widget_class, "daoview-histogram");
}

static void
daoview_histogram_view_init (DaoviewHistogramView *self)
{
}

GtkWidget *
daoview_histogram_view_new (void)
{
  return g_object_new (DAOVIEW_TYPE_HISTOGRAM_VIEW, NULL);
}

void
daoview_histogram_view_show (DaoviewHistogramView *self, const DaoviewAnalysis *analysis)
{
  g_return_if_fail (DAOVIEW_IS_HISTOGRAM_VIEW (self));
  self->valid = analysis->have_histogram;
  if (self->valid)
    {
      memcpy (self->counts, analysis->counts, sizeof self->counts);
      self->info = analysis->histogram;
    }
  self->low = analysis->low;
  self->high = analysis->high;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
daoview_histogram_view_set_log (DaoviewHistogramView *self, gboolean log_counts)
{
  g_return_if_fail (DAOVIEW_IS_HISTOGRAM_VIEW (self));
  self->log_counts = log_counts;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
