/* daoview-histogram.c — equal-bin counts of a frame's values over a range
 * (see daoview-histogram.h), with the renderer's overflow-free mapping. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "daoview-element-private.h"
#include "daoview-levels.h"
#include "daoview-histogram.h"
#include "daoview-mapping-private.h"

static inline DAOVIEW__ALWAYS_INLINE void
count_values(const void *data, size_t count, DaoviewGetFn get, const DaoviewMapping *mapping,
             double low, double high, uint64_t *counts, size_t nbins,
             DaoviewHistogramInfo *info)
{
    const DaoviewMapping m = *mapping;
    const double last = (double)(nbins - 1);
    for (size_t i = 0; i < count; i++) {
        double v = get(data, i);
        if (isnan(v)) {
            info->nan++;
        } else if (v < low) {
            info->below++;
        } else if (v > high) {
            info->above++;
        } else {
            /* low <= v <= high, so x is in [0, nbins]; nbins (v == high)
             * belongs to the last bin. */
            double x = (v * m.s - m.ls) * m.k;
            x = x < last ? x : last;
            x = x > 0.0 ? x : 0.0;
            counts[(size_t)x]++;
        }
    }
}

int daoview_histogram(dao_type type, const void *data, size_t count,
                      DaoviewComplexPart part, double low, double high, uint64_t *counts,
                      size_t nbins, DaoviewHistogramInfo *info)
{
    DaoviewHistogramInfo local;
    if (!info)
        info = &local;
    memset(info, 0, sizeof *info);
    if (!counts || nbins == 0)
        return -1;
    memset(counts, 0, nbins * sizeof *counts);
    int getter = daoview__getter_for(type, part);
    if (getter < 0 || (!data && count > 0))
        return -1;

    if (isnan(low) && isnan(high)) {
        if (daoview_levels_minmax(type, data, count, part, &low, &high) < 0) {
            /* Nothing finite: say what there was. */
            for (size_t i = 0; i < count; i++) {
                double v = daoview_element_value(type, data, i, part);
                if (isnan(v))
                    info->nan++;
                else if (v < 0)
                    info->below++;
                else
                    info->above++;
            }
            return -1;
        }
    } else if (isnan(low) || isnan(high) || high < low) {
        return -1;
    }
    /* Infinite levels bin like the largest doubles, so ±Inf values are
     * still counted below/above rather than in a bin. */
    low = fmax(low, -DBL_MAX);
    high = fmin(high, DBL_MAX);
    info->low = low;
    info->high = high;

    DaoviewMapping m;
    daoview__mapping_init_to(&m, low, high, (double)nbins);
    switch (getter) {
#define CASE(id, fn)                                                          \
    case DAOVIEW__GET_##id:                                                     \
        count_values(data, count, daoview__get_##fn, &m, low, high, counts, nbins, info); \
        break;
        DAOVIEW__FOR_EACH_DISPLAY_GETTER(CASE)
#undef CASE
    }
    for (size_t b = 0; b < nbins; b++)
        info->binned += counts[b];
    return 0;
}

double daoview_histogram_bin_edge(const DaoviewHistogramInfo *info, size_t nbins, size_t i)
{
    if (!info || nbins == 0)
        return NAN;
    if (i >= nbins)
        return info->high;
    double f = (double)i / (double)nbins;
    /* Halves first: high - low may exceed DBL_MAX. */
    return 2.0 * (0.5 * info->low + f * (0.5 * info->high - 0.5 * info->low));
}
