/* daoview-profile.h — the values along a line drawn on the image, for the
 * line-profile view. GTK-free. */
#ifndef DAOVIEW_PROFILE_H
#define DAOVIEW_PROFILE_H

#include <stddef.h>

#include "daoview-render.h"

typedef struct {
    double distance; /* from (x0, y0) along the line, in pixels */
    long x, y;       /* the pixel sampled (may lie outside the frame) */
    double value;    /* its value (complex: the part); NaN outside the frame */
} DaoviewProfileSample;

/* Coordinates are in pixels with the centre of pixel (x, y) at (x, y), so
 * pixel (x, y) covers [x - 0.5, x + 0.5) × [y - 0.5, y + 0.5); the view
 * converts pointer positions to this. */

/* The number of samples on the segment (x0, y0)–(x1, y1): one per pixel
 * step along its longer axis, ends included, i.e. max(|X1 - X0|, |Y1 - Y0|)
 * + 1 where X = round(x). 0 for a non-finite coordinate, and capped at
 * DAOVIEW_PROFILE_MAX_SAMPLES so that a wild coordinate cannot ask for
 * gigabytes. */
#define DAOVIEW_PROFILE_MAX_SAMPLES (1u << 20)
size_t daoview_profile_length (double x0, double y0, double x1, double y1);

/* Samples the segment, nearest neighbour: sample i (of n) is the pixel
 * nearest to (x0 + i (x1 - x0) / (n - 1), y0 + i (y1 - y0) / (n - 1)), ends
 * exactly at the pixels nearest (x0, y0) and (x1, y1); a single point gives
 * one sample. Writes the first min(n, max_samples) samples to out and
 * returns that number (0 for bad arguments: NULL out, unknown type, NULL
 * data, a non-finite coordinate). */
size_t daoview_profile_sample (dao_type type, const void *data, unsigned width,
                               unsigned height, DaoviewComplexPart part,
                               double x0, double y0, double x1, double y1,
                               DaoviewProfileSample *out, size_t max_samples);

#endif /* DAOVIEW_PROFILE_H */
