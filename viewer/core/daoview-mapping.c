/* daoview-mapping.c — turning (low, high) into the constants of the pixel
 * loop; the reasoning is in daoview-mapping-private.h. */
#include <float.h>
#include <math.h>

#include "daoview-mapping-private.h"

static double sanitise_level(double level)
{
    if (isnan(level))
        return 0.0;
    if (isinf(level))
        return level > 0 ? DBL_MAX : -DBL_MAX;
    return level;
}

void daoview__mapping_init(DaoviewMapping *m, double low, double high)
{
    daoview__mapping_init_to(m, low, high, (double)DAOVIEW__SCALED_LAST);
}

void daoview__mapping_init_to(DaoviewMapping *m, double low, double high, double top)
{
    low = sanitise_level(low);
    high = sanitise_level(high);
    if (high == low) {
        /* A threshold: the next double above low is the top of the range, so
         * low itself (a constant frame) is at u = 0 and anything above at 1. */
        if (low < DBL_MAX)
            high = nextafter(low, INFINITY);
        else
            low = nextafter(high, -INFINITY);
    }
    double magnitude = fmax(fabs(low), fabs(high));
    m->s = magnitude > 1.0 ? 0.5 : 0x1p900;
    m->ls = low * m->s;
    m->k = top / (high * m->s - m->ls);
}
