/* daoview-histogram.h — the histogram panel's counts: how many elements of
 * a frame fall in each of N equal bins. GTK-free; drawing (log counts, the
 * levels marked on it) is the panel's business. */
#ifndef DAOVIEW_HISTOGRAM_H
#define DAOVIEW_HISTOGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "daoview-render.h"

typedef struct {
    double low, high; /* the range that was binned */
    uint64_t below;   /* finite values < low, and -Inf */
    uint64_t above;   /* finite values > high, and +Inf */
    uint64_t nan;     /* NaN values */
    uint64_t binned;  /* sum of the counts */
} DaoviewHistogramInfo;

/* Counts the values (complex types: `part`) of `count` elements into
 * `nbins` equal bins over [low, high]: bin i is [low + i w, low + (i + 1) w)
 * with w = (high - low) / nbins, the last bin also holds high itself. Values
 * outside go to info->below / info->above, not into the end bins, so a
 * clipped display does not show a false peak at its ends.
 * low and high both NaN: the range is the finite data's min and max (the
 * "data range" mode); info->low/high say what was used. high == low puts
 * values equal to it in bin 0 and larger ones above; high < low is refused.
 * Huge ranges are binned without overflow (as in the renderer); ±Inf levels
 * act as ±DBL_MAX. A value on a bin edge may land in either bin (rounding).
 * counts[] (nbins entries) is overwritten. Returns 0, or -1 for nbins == 0,
 * an unknown type, NULL counts or data with count > 0, high < low, one NaN
 * level, or the data range mode with no finite element (counts are then all
 * 0 and info counts the NaN/Inf elements). */
int daoview_histogram (dao_type type, const void *data, size_t count,
                       DaoviewComplexPart part, double low, double high,
                       uint64_t *counts, size_t nbins,
                       DaoviewHistogramInfo *info);

/* Left edge of bin i (i = nbins gives high), computed without overflow. */
double daoview_histogram_bin_edge (const DaoviewHistogramInfo *info,
                                   size_t nbins, size_t i);

#endif /* DAOVIEW_HISTOGRAM_H */
