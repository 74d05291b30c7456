/* daoview-stats.h — statistics of a frame or of a rectangle of it, for the
 * viewer's statistics panel. GTK-free; see daoview-render.h for the frame
 * layout (element (y, x) at y * width + x). */
#ifndef DAOVIEW_STATS_H
#define DAOVIEW_STATS_H

#include <stddef.h>

#include "daoview-render.h"

typedef struct {
    size_t count;      /* finite elements the figures are computed from */
    size_t nonfinite;  /* NaN and ±Inf elements in the rectangle, skipped */
    double min, max;
    double mean;
    double stddev;     /* sqrt(mean of (v - mean)²), population: the rms
                        * about the mean, which is what "rms" means for a
                        * wavefront or a noise figure (sqrt(mean of v²)
                        * is not shown: on a camera frame it is mostly
                        * the mean) */
    double sum;        /* of the finite values (the flux of a rectangle);
                        * ±Inf when it exceeds DBL_MAX */
    unsigned min_x, min_y; /* first minimum in row-major order */
    unsigned max_x, max_y; /* first maximum in row-major order */
} DaoviewStats;

/* Statistics of the part of the rectangle (x, y, w, h) that lies inside the
 * width × height frame (the rectangle is clipped; positions are frame
 * coordinates). Complex types use `part`. Sums are taken in three passes
 * (extremes, mean, deviations), scaled by a power of two so that values up
 * to ±DBL_MAX neither overflow nor lose the small spread of a large mean.
 * Returns 0, or -1 when the clipped rectangle is empty, has no finite
 * element, or the type is unknown; then every figure is 0 except count and
 * nonfinite, which are still filled in. */
int daoview_stats_rect (dao_type type, const void *data, unsigned width,
                        unsigned height, DaoviewComplexPart part, unsigned x,
                        unsigned y, unsigned w, unsigned h, DaoviewStats *out);

/* The whole frame: daoview_stats_rect (…, 0, 0, width, height, out). */
int daoview_stats_frame (dao_type type, const void *data, unsigned width,
                         unsigned height, DaoviewComplexPart part,
                         DaoviewStats *out);

#endif /* DAOVIEW_STATS_H */
