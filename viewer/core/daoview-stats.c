/* daoview-stats.c — min, max, mean, standard deviation and sum of a
 * rectangle, NaN-aware and overflow-free (see daoview-stats.h). */
#include <math.h>
#include <string.h>

#include "daoview-element-private.h"
#include "daoview-stats.h"

typedef struct {
    const void *data;
    unsigned width;  /* of the frame */
    unsigned x0, y0; /* clipped rectangle */
    unsigned x1, y1; /* exclusive */
} Rect;

/* Pass 1: extremes, their first positions, counts. */
static inline DAOVIEW__ALWAYS_INLINE void
pass_extremes(const Rect *r, DaoviewGetFn get, DaoviewStats *st)
{
    double lo = INFINITY, hi = -INFINITY;
    for (unsigned y = r->y0; y < r->y1; y++) {
        size_t base = (size_t)y * r->width;
        for (unsigned x = r->x0; x < r->x1; x++) {
            double v = get(r->data, base + x);
            if (!isfinite(v)) {
                st->nonfinite++;
                continue;
            }
            st->count++;
            if (v < lo) {
                lo = v;
                st->min_x = x;
                st->min_y = y;
            }
            if (v > hi) {
                hi = v;
                st->max_x = x;
                st->max_y = y;
            }
        }
    }
    st->min = lo;
    st->max = hi;
}

/* Pass 2 (shift = 0) and pass 3 (shift = the mean, squares): the sum of
 * (v * scale - shift) or of its square over finite values. */
static inline DAOVIEW__ALWAYS_INLINE double
pass_sum(const Rect *r, DaoviewGetFn get, double scale, double shift, int squares)
{
    double sum = 0.0;
    for (unsigned y = r->y0; y < r->y1; y++) {
        size_t base = (size_t)y * r->width;
        for (unsigned x = r->x0; x < r->x1; x++) {
            double v = get(r->data, base + x);
            if (!isfinite(v))
                continue;
            double d = v * scale - shift;
            sum += squares ? d * d : d;
        }
    }
    return sum;
}

static inline DAOVIEW__ALWAYS_INLINE void
compute(const Rect *r, DaoviewGetFn get, DaoviewStats *st)
{
    pass_extremes(r, get, st);
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
    double mean_scaled = pass_sum(r, get, scale, 0.0, 0) / n;
    double var_scaled = pass_sum(r, get, scale, mean_scaled, 1) / n;
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
    switch (getter) {
#define CASE(id, fn)                                                          \
    case DAOVIEW__GET_##id: compute(&r, daoview__get_##fn, out); break;
        DAOVIEW__FOR_EACH_DISPLAY_GETTER(CASE)
#undef CASE
    }
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
