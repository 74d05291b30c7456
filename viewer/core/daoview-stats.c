/* daoview-stats.c — min, max, mean, standard deviation and sum of a
 * rectangle, NaN-aware and overflow-free (see daoview-stats.h); the loops
 * over the pixels are daoview-row-sums.c's, vectorised for every type. */
#include <math.h>
#include <string.h>

#include "daoview-element-private.h"
#include "daoview-row-sums.h"
#include "daoview-stats.h"

typedef struct {
    const void *data;
    unsigned width;  /* of the frame */
    unsigned x0, y0; /* clipped rectangle */
    unsigned x1, y1; /* exclusive */
} Rect;

/* Element i as the display paths read it. */
static double value_of(int getter, const void *data, size_t i)
{
    switch (getter) {
#define CASE(id, fn)                                                          \
    case DAOVIEW__GET_##id: return daoview__get_##fn(data, i);
        DAOVIEW__FOR_EACH_DISPLAY_GETTER(CASE)
#undef CASE
    }
    return NAN;
}

/* The first x of row y whose value is v (the row holds it). */
static unsigned first_in_row(const Rect *r, int getter, unsigned y, double v, double *found)
{
    size_t base = (size_t)y * r->width;
    for (unsigned x = r->x0; x < r->x1; x++) {
        double e = value_of(getter, r->data, base + x);
        if (e == v) {
            *found = e; /* of the two zeros, the one that is there first */
            return x;
        }
    }
    return r->x0;
}

/* Pass 1: extremes, their first positions, counts, and the sum as it
 * comes (the scaled sum of pass 2 where that could overflow or lose
 * subnormal bits). Per row (the kernels of
 * daoview-row-sums.h): the first row to improve on a minimum or maximum
 * holds its first position in row-major order. */
static void pass_extremes(const Rect *r, int getter, DaoviewStats *st, double *sum)
{
    double lo = INFINITY, hi = -INFINITY;
    unsigned lo_row = r->y0, hi_row = r->y0, n = r->x1 - r->x0;
    *sum = 0;
    for (unsigned y = r->y0; y < r->y1; y++) {
        double row_lo, row_hi, row_sum;
        size_t count;
        daoview__row_extremes(getter, r->data, (size_t)y * r->width + r->x0, n, &row_lo, &row_hi,
                              &row_sum, &count);
        *sum += row_sum;
        st->count += count;
        st->nonfinite += n - count;
        if (row_lo < lo)
            lo = row_lo, lo_row = y;
        if (row_hi > hi)
            hi = row_hi, hi_row = y;
    }
    st->min = lo;
    st->max = hi;
    if (st->count == 0)
        return;
    st->min_x = first_in_row(r, getter, lo_row, lo, &st->min), st->min_y = lo_row;
    st->max_x = first_in_row(r, getter, hi_row, hi, &st->max), st->max_y = hi_row;
}

/* Pass 2 (shift = 0) and pass 3 (shift = the mean, squares): the sum of
 * (v * scale - shift) or of its square over finite values. */
static double pass_sum(const Rect *r, int getter, double scale, double shift, int squares)
{
    double sum = 0.0;
    for (unsigned y = r->y0; y < r->y1; y++)
        sum += daoview__row_scaled_sum(getter, r->data, (size_t)y * r->width + r->x0, r->x1 - r->x0,
                                       scale, shift, squares);
    return sum;
}

static void compute(const Rect *r, int getter, DaoviewStats *st)
{
    double plain_sum;
    pass_extremes(r, getter, st, &plain_sum);
    if (st->count == 0)
        return;
    /* scale = 2^-e with max|v| * scale in [0.5, 1): the scaled values, their
     * squares and the sums of `count` of them (count < 2^53) stay finite,
     * and a power of two loses no precision. */
    double magnitude = fmax(fabs(st->min), fabs(st->max));
    int exponent = magnitude > 0.0 ? -(ilogb(magnitude) + 1) : 0;
    if (exponent > 1000) /* subnormal data: 2^1075 would not be a double */
        exponent = 1000;
    double scale = ldexp(1.0, exponent);
    double n = (double)st->count;
    /* Scaling by a power of two is exact unless a value or a partial sum
     * leaves the normal range: with every magnitude at most 2^500 and the
     * largest at least 2^-500 (so the sum of 2^53 of them stays finite,
     * and values far below 2^-1022 cannot matter beside the largest), the
     * plain sum is the scaled one, unscaled, and pass 2 is not needed. */
    int plain = isfinite(plain_sum) && magnitude <= 0x1p500 && magnitude >= 0x1p-500;
    double mean_scaled = (plain ? plain_sum * scale : pass_sum(r, getter, scale, 0.0, 0)) / n;
    double var_scaled = pass_sum(r, getter, scale, mean_scaled, 1) / n;
    double sd_scaled = sqrt(var_scaled);
    /* The mean lies in [min, max]; rounding must not push it outside. */
    double mean = mean_scaled / scale;
    st->mean = fmin(fmax(mean, st->min), st->max);
    /* Both are at most max|v| in exact arithmetic; clamping keeps rounding
     * at DBL_MAX from turning them into Inf. */
    st->stddev = fmin(sd_scaled / scale, magnitude);
    /* The scaled sum, unscaled: overflows to ±Inf only if the sum does. */
    st->sum = mean_scaled * n / scale;
}

int daoview_stats_rect(dao_type type, const void *data, unsigned width, unsigned height,
                       DaoviewComplexPart part, unsigned x, unsigned y, unsigned w,
                       unsigned h, DaoviewStats *out)
{
    if (!out)
        return -1;
    memset(out, 0, sizeof *out);
    int getter = daoview__getter_for(type, part);
    if (getter < 0 || !data || x >= width || y >= height || w == 0 || h == 0)
        return -1;
    Rect r = {
        .data = data,
        .width = width,
        .x0 = x,
        .y0 = y,
        .x1 = w > width - x ? width : x + w,
        .y1 = h > height - y ? height : y + h,
    };
    compute(&r, getter, out);
    if (out->count == 0) {
        size_t nonfinite = out->nonfinite;
        memset(out, 0, sizeof *out);
        out->nonfinite = nonfinite;
        return -1;
    }
    return 0;
}

int daoview_stats_frame(dao_type type, const void *data, unsigned width, unsigned height,
                        DaoviewComplexPart part, DaoviewStats *out)
{
    return daoview_stats_rect(type, data, width, height, part, 0, 0, width, height, out);
}
