/* daoview-row-sums.h — the reductions over many pixels: a run's peak, sum
 * and count (the spot's pass in daoview-psf.c, the strip chart's region
 * mean and maximum in daoview-quantity.c), the centroid's moments, and the
 * statistics' extremes and sums (daoview-stats.c). Private to viewer/core.
 *
 * All take a getter (daoview-element-private.h) and a run of n elements
 * starting at element `first` of the plane's data, and skip non-finite
 * values. Speeds: tests/core/bench-render (psf) and bench-viewer (strip). */
#ifndef DAOVIEW_ROW_SUMS_H
#define DAOVIEW_ROW_SUMS_H

#include <stddef.h>

/* The largest finite value (−∞ if none), and the sum and count of the
 * finite values. */
void daoview__row_peak_sum (int getter, const void *data, size_t first, unsigned n, double *hi,
                                double *sum, size_t *count);

/* For d = value − background, over the values with d > threshold and d
 * finite: the sum of d, added to *sw, and of d · x, added to *swx, where the
 * run's first element is at x = x_first. */
void daoview__row_moments (int getter, const void *data, size_t first, unsigned n, double x_first,
                           double background, double threshold, double *sw, double *swx);

/* The statistics' passes (daoview-stats.c). The smallest and largest
 * finite value (+∞ and −∞ if none), and the sum and count of the finite
 * values. */
void daoview__row_extremes (int getter, const void *data, size_t first, unsigned n, double *lo,
                            double *hi, double *sum, size_t *count);

/* The sum over the finite values v of d = v · scale − shift, or of d² when
 * `squares`. */
double daoview__row_scaled_sum (int getter, const void *data, size_t first, unsigned n, double scale,
                                double shift, int squares);

#endif /* DAOVIEW_ROW_SUMS_H */
