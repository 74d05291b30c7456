/* daoview-scale.c — the display scales (linear, log, sqrt, asinh) on the
 * normalised value u in [0, 1]; the exact formulas are in daoview-render.h. */
#include <math.h>

#include "daoview-render.h"

/* ds9's log exponent: three decades of (high - low) above low. */
#define LOG_A 1000.0
/* astropy's asinh softening: linear below u ~ 0.1, logarithmic above. */
#define ASINH_A 0.1

static double clamp01(double x)
{
    if (isnan(x))
        return x;
    return x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x;
}

double daoview_scale_apply(DaoviewScale scale, double u)
{
    u = clamp01(u);
    switch (scale) {
    case DAOVIEW_SCALE_LOG:
        return log1p(LOG_A * u) / log1p(LOG_A);
    case DAOVIEW_SCALE_SQRT:
        return sqrt(u);
    case DAOVIEW_SCALE_ASINH:
        return asinh(u / ASINH_A) / asinh(1.0 / ASINH_A);
    case DAOVIEW_SCALE_LINEAR:
    default:
        return u;
    }
}

double daoview_scale_invert(DaoviewScale scale, double t)
{
    t = clamp01(t);
    switch (scale) {
    case DAOVIEW_SCALE_LOG:
        return expm1(t * log1p(LOG_A)) / LOG_A;
    case DAOVIEW_SCALE_SQRT:
        return t * t;
    case DAOVIEW_SCALE_ASINH:
        return ASINH_A * sinh(t * asinh(1.0 / ASINH_A));
    case DAOVIEW_SCALE_LINEAR:
    default:
        return t;
    }
}
