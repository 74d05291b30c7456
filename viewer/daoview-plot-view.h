/* daoview-plot-view.h — a line plot with axes: 1-D streams, a row or column
 * of an image, a line profile. The y range follows the data (widened to
 * whole ticks) unless fixed. Non-finite values break the line. */
#pragma once

#include <gtk/gtk.h>

#include "daoview-plot.h"

G_BEGIN_DECLS

#define DAOVIEW_PLOT_LINE_COLOR 0x1c71d8 /* RGB of the data line */

#define DAOVIEW_TYPE_PLOT_VIEW (daoview_plot_view_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewPlotView, daoview_plot_view, DAOVIEW, PLOT_VIEW, GtkWidget)

GtkWidget *daoview_plot_view_new (void);

/* Plot values[0 … n-1] at x = 0 … n-1 (copied). */
void daoview_plot_view_set_values (DaoviewPlotView *self, const double *values, size_t n);

/* Fixed y range, or automatic when low >= high (e.g. 0, 0). */
void daoview_plot_view_set_y_range (DaoviewPlotView *self, double low, double high);

/* Paint `values` as the view does, into (0, 0, width, height) of cr: grid,
 * ticks and labels in `fg` with `layout`, the line in
 * DAOVIEW_PLOT_LINE_COLOR; a fixed y range when low < high. Fills *area
 * (may be NULL) and returns TRUE, or FALSE when there is nothing to draw or
 * no room. Needs no display. */
gboolean daoview_plot_view_paint (cairo_t *cr, PangoLayout *layout, const GdkRGBA *fg,
                                  const double *values, size_t n, double fixed_low,
                                  double fixed_high, int width, int height, DaoviewPlotArea *area);

/* A title in the plot's top right corner ("Row 64"), on a pale box so
 * that the line does not hide it; NULL or "" for none. */
void daoview_plot_view_set_title (DaoviewPlotView *self, const char *title);
void daoview_plot_view_paint_title (cairo_t *cr, PangoLayout *layout, const GdkRGBA *fg,
                                    const DaoviewPlotArea *area, const char *title);

/* The plot rectangle and its data ranges, as last drawn. FALSE before. */
gboolean daoview_plot_view_get_area (DaoviewPlotView *self, DaoviewPlotArea *area);

G_END_DECLS
