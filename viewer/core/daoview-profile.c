/* daoview-profile.c — nearest-neighbour samples along a segment, one per
 * pixel step (a DDA; see daoview-profile.h). */
#include <math.h>

#include "daoview-profile.h"

/* round() to a long, for coordinates already known to be in range. */
static long nearest(double v)
{
    return (long)floor(v + 0.5);
}

/* Coordinates beyond this are treated as unusable: far outside any frame,
 * and well inside long's range so that rounding cannot overflow. */
#define COORD_LIMIT 1e15

static int usable(double v)
{
    return isfinite(v) && fabs(v) < COORD_LIMIT;
}

size_t daoview_profile_length(double x0, double y0, double x1, double y1)
{
    if (!usable(x0) || !usable(y0) || !usable(x1) || !usable(y1))
        return 0;
    double dx = fabs((double)(nearest(x1) - nearest(x0)));
    double dy = fabs((double)(nearest(y1) - nearest(y0)));
    double steps = fmax(dx, dy);
    if (steps + 1.0 > (double)DAOVIEW_PROFILE_MAX_SAMPLES)
        return DAOVIEW_PROFILE_MAX_SAMPLES;
    return (size_t)steps + 1;
}

size_t daoview_profile_sample(dao_type type, const void *data, unsigned width,
                              unsigned height, DaoviewComplexPart part, double x0,
                              double y0, double x1, double y1, DaoviewProfileSample *out,
                              size_t max_samples)
{
    if (!out || !data || dao_type_size(type) == 0)
        return 0;
    size_t total = daoview_profile_length(x0, y0, x1, y1);
    size_t n = total < max_samples ? total : max_samples;
    double length = hypot(x1 - x0, y1 - y0);
    for (size_t i = 0; i < n; i++) {
        /* Sample at fraction f of the segment; the far end is exact. */
        double f = total > 1 ? (double)i / (double)(total - 1) : 0.0;
        int last = total > 1 && i + 1 == total;
        double px = last ? x1 : x0 + f * (x1 - x0);
        double py = last ? y1 : y0 + f * (y1 - y0);
        long x = nearest(px), y = nearest(py);
        out[i].distance = f * length;
        out[i].x = x;
        out[i].y = y;
        if (x >= 0 && y >= 0 && (unsigned long)x < width && (unsigned long)y < height)
            out[i].value = daoview_element_value(type, data, (size_t)y * width + (size_t)x, part);
        else
            out[i].value = NAN;
    }
    return n;
}
