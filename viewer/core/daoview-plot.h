/* daoview-plot.h — what the line-plot and colour-bar views need from plain
 * C: "nice" axis ticks (1-2-5 steps), tick labels, a y range for a vector,
 * and the mapping of a 1-D vector (a 1-D stream, or a row or column of an
 * image) to plot coordinates. GTK-free: the view draws with cairo. */
#ifndef DAOVIEW_PLOT_H
#define DAOVIEW_PLOT_H

#include <stddef.h>

#include "daoview-render.h"

/* The tick step for [low, high] with about `target` intervals: 1, 2 or 5
 * times a power of ten, the smallest such step giving at most `target`
 * intervals (target 0 counts as 1). NaN for a non-finite or empty range
 * (high <= low). */
double daoview_ticks_step (double low, double high, unsigned target);

/* Ticks: the multiples of `step` (from daoview_ticks_step) inside [low,
 * high], ascending, into ticks[] (at most max_ticks). Returns how many there
 * are in all (which may exceed max_ticks: then only the first max_ticks are
 * written). A tick within 1e-9 step of zero is written as exactly 0. */
size_t daoview_ticks (double low, double high, double step, double *ticks,
                      size_t max_ticks);

/* A tick label: as few decimals as the step needs ("0.25" for step 0.05,
 * "1500" for step 500), exponent form ("2.5e+07" for step 5e6, "2e-07") for
 * steps of 1e6 and more or below 1e-3. Writes a NUL-terminated string of at
 * most size bytes and returns buf. */
char *daoview_tick_label (double value, double step, char *buf, size_t size);

/* The y range to plot values in [min, max]: widened outwards to multiples
 * of the nice step for `target` intervals, so the plot starts and ends on a
 * tick. A constant vector (min == max) gets ±1 around its value (±|v|/10
 * when that is larger); non-finite input gives [0, 1]. */
void daoview_plot_range (double min, double max, unsigned target, double *low,
                         double *high);

typedef struct {
    double x, y, width, height; /* the plot's rectangle, in device units */
    double x_min, x_max;        /* data x at the left and right edges */
    double y_min, y_max;        /* data y at the bottom and top edges */
} DaoviewPlotArea;

/* Data to device coordinates: x_min maps to x, x_max to x + width; y_min
 * to the bottom (y + height), y_max to the top (y). An empty range
 * (max == min) maps everything to the middle. NaN stays NaN. */
double daoview_plot_x (const DaoviewPlotArea *area, double data_x);
double daoview_plot_y (const DaoviewPlotArea *area, double data_y);

/* The points of a vector for a polyline: element i of the vector is
 * element first + i * stride of a frame of `count` elements (a row:
 * first = y * width, stride 1; a column: first = x, stride width),
 * plotted at data x = i. Writes n device points to px[], py[]; a
 * non-finite value gives py = NaN (the view breaks the line there).
 * Returns n, or 0 for bad arguments, including a vector that would reach
 * past the frame's `count` elements. */
size_t daoview_plot_vector (dao_type type, const void *data, size_t count,
                            size_t first, size_t stride, size_t n,
                            DaoviewComplexPart part,
                            const DaoviewPlotArea *area, double *px,
                            double *py);

/* ---- the colour bar's axis ------------------------------------------- */

#define DAOVIEW_COLORBAR_TICKS 8 /* at most this many intervals between round ticks */

typedef struct {
    double value;   /* the level it marks */
    double y;       /* where, on the bar */
    char label[32]; /* its text */
} DaoviewColorbarTick;

/* The values of a colour bar of `n` rows, drawn from `high` (row 0) to
 * `low` (row n - 1) in equal steps, into values[n]: rendered like a frame,
 * the bar shows exactly the colours the image does, whatever the scale. */
void daoview_colorbar_values (double low, double high, size_t n, double *values);

/* Ticks at round values (daoview_ticks_step with DAOVIEW_COLORBAR_TICKS)
 * of a bar whose first row (high) is at y = top and last (low) at
 * top + rows - 1; a constant frame (high == low) gets one tick. Writes at
 * most max ticks and returns how many. */
size_t daoview_colorbar_ticks (double low, double high, double top, double rows,
                               DaoviewColorbarTick *ticks, size_t max);

#endif /* DAOVIEW_PLOT_H */
