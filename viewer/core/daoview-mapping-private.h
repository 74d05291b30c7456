/* daoview-mapping-private.h — from a value to an index in a scaled table.
 *
 * x = (v * s - ls) * k, clamped to [0, DAOVIEW__SCALED_LAST], is u * LAST
 * with u = (v - low) / (high - low). The power-of-two factor s keeps every
 * step finite and exact: s = 1/2 when a level exceeds 1 in magnitude (so
 * high - low cannot overflow even at ±DBL_MAX), s = 2^900 otherwise (so a
 * tiny high - low, down to subnormals, cannot make k infinite). A value too
 * large for v * s becomes ±Inf, which clamps to the right end. */
#ifndef DAOVIEW_MAPPING_PRIVATE_H
#define DAOVIEW_MAPPING_PRIVATE_H

#include <stdint.h>

#include "daoview-colormap-private.h"

typedef struct {
    double s;  /* power of two applied to every value */
    double ls; /* low * s */
    double k;  /* top / (high * s - low * s); never 0, never infinite */
} DaoviewMapping;

/* Levels as daoview-render.h describes them: NaN counts as 0, ±Inf as
 * ±DBL_MAX, high == low becomes a threshold at low. */
void daoview__mapping_init(DaoviewMapping *m, double low, double high);

/* The same, mapping [low, high] to [0, top] instead of [0, LAST] (the
 * histogram uses top = number of bins). */
void daoview__mapping_init_to(DaoviewMapping *m, double low, double high, double top);

/* The table index of v (NaN gives 0: callers test for NaN themselves).
 * The conversion goes through int32_t, exact for the clamped range, which
 * SSE2 converts two or four at a time (it has no unsigned conversion): the
 * renderer's index loop vectorises. */
static inline uint32_t daoview__mapping_index(const DaoviewMapping *m, double v)
{
    double x = (v * m->s - m->ls) * m->k;
    x = x > 0.0 ? x : 0.0;
    x = x < (double)DAOVIEW__SCALED_LAST ? x : (double)DAOVIEW__SCALED_LAST;
    return (uint32_t)(int32_t)(x + 0.5);
}

#endif /* DAOVIEW_MAPPING_PRIVATE_H */
