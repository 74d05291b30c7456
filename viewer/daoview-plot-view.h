/* daoview-plot-view.h — a line plot with axes: 1-D streams, a row or column
 * of an image, a line profile. The y range follows the data (widened to
 * whole ticks) unless fixed. Non-finite values break the line.
 *
 * Signal "pointer" (int index): the element under the pointer (the nearest
 * x inside the plot), or -1 when the pointer left the plot; a line marks
 * it. */
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

/* The axes' names (NULL: none), drawn in the margins. */
void daoview_plot_view_set_axis_titles (DaoviewPlotView *self, const char *x_title,
                                        const char *y_title);

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
/* The same with the x axis running from x_first (element 0) to x_last
 * (element n - 1): seconds, hertz. */
gboolean daoview_plot_view_paint_x (cairo_t *cr, PangoLayout *layout, const GdkRGBA *fg,
                                    const double *values, size_t n, double x_first, double x_last,
                                    double fixed_low, double fixed_high, int width, int height,
                                    DaoviewPlotArea *area);

/* The view's x axis: element 0 at x_first, element n - 1 at x_last; equal
 * ends (the default): 0 … n - 1. */
void daoview_plot_view_set_x_range (DaoviewPlotView *self, double x_first, double x_last);

/* The element under the pointer, or -1. */
int daoview_plot_view_get_hover (DaoviewPlotView *self);

/* The plot rectangle and its data ranges, as last drawn. FALSE before. */
gboolean daoview_plot_view_get_area (DaoviewPlotView *self, DaoviewPlotArea *area);

G_END_DECLS
