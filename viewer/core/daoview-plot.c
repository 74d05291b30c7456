/* daoview-plot.c — nice ticks and vector-to-plot mapping (see daoview-plot.h). */
#include <float.h>
#include <math.h>
#include <stdio.h>

#include "daoview-plot.h"

double daoview_ticks_step(double low, double high, unsigned target)
{
    if (!isfinite(low) || !isfinite(high) || !(high > low))
        return NAN;
    if (target == 0)
        target = 1;
    double raw = (high - low) / target;
    if (!isfinite(raw)) /* high - low beyond DBL_MAX */
        raw = (0.5 * high - 0.5 * low) / target * 2.0;
    if (!isfinite(raw))
        raw = DBL_MAX;
    double magnitude = pow(10.0, floor(log10(raw)));
    static const double factors[] = {1, 2, 5, 10};
    double step = magnitude;
    for (unsigned i = 0; i < 4; i++) {
        double candidate = factors[i] * magnitude;
        if (!isfinite(candidate))
            break;
        step = candidate;
        /* Tolerance: log10/pow rounding must not turn 0.1 into 0.2. */
        if (candidate >= raw * (1.0 - 1e-9))
            break;
    }
    return step;
}

size_t daoview_ticks(double low, double high, double step, double *ticks, size_t max_ticks)
{
    if (!isfinite(low) || !isfinite(high) || !(step > 0) || !isfinite(step) || high < low)
        return 0;
    double first = ceil(low / step - 1e-9);
    double last = floor(high / step + 1e-9);
    if (!(last >= first))
        return 0;
    double n = last - first + 1.0;
    if (n > 1e9) /* not a tick step for this range */
        return 0;
    size_t count = (size_t)n;
    for (size_t i = 0; i < count && i < max_ticks && ticks; i++) {
        double t = (first + (double)i) * step;
        ticks[i] = fabs(t) < 1e-9 * step ? 0.0 : t;
    }
    return count;
}

char *daoview_tick_label(double value, double step, char *buf, size_t size)
{
    if (!buf || size == 0)
        return buf;
    if (!isfinite(value)) {
        snprintf(buf, size, "%s", isnan(value) ? "nan" : value > 0 ? "inf" : "-inf");
        return buf;
    }
    if (!(step > 0) || !isfinite(step))
        step = fabs(value) > 0 ? fabs(value) : 1.0;
    int step_exponent = (int)floor(log10(step) + 1e-9);
    if (value == 0.0) {
        snprintf(buf, size, "0");
    } else if (step >= 1e6 || step < 1e-3) {
        /* Significant digits down to the step's: 1.5e+06 for step 5e5. */
        int value_exponent = (int)floor(log10(fabs(value)));
        int decimals = value_exponent - step_exponent;
        snprintf(buf, size, "%.*e", decimals > 0 ? decimals : 0, value);
    } else {
        int decimals = -step_exponent;
        snprintf(buf, size, "%.*f", decimals > 0 ? decimals : 0, value);
    }
    return buf;
}

void daoview_plot_range(double min, double max, unsigned target, double *low, double *high)
{
    double lo = 0.0, hi = 1.0;
    if (isfinite(min) && isfinite(max) && max >= min) {
        if (max == min) {
            double pad = fmax(1.0, fabs(min) / 10.0);
            lo = min - pad;
            hi = max + pad;
        } else {
            lo = min;
            hi = max;
        }
        double step = daoview_ticks_step(lo, hi, target);
        if (isfinite(step)) {
            lo = fmax(floor(lo / step) * step, -DBL_MAX);
            hi = fmin(ceil(hi / step) * step, DBL_MAX);
        }
    }
    if (low)
        *low = lo;
    if (high)
        *high = hi;
}

/* Where v lies between a and b, as a fraction (0.5 for an empty range),
 * with halves first so that b - a cannot overflow. */
static double fraction(double v, double a, double b)
{
    double span = 0.5 * b - 0.5 * a;
    if (span == 0.0)
        return 0.5;
    return (0.5 * v - 0.5 * a) / span;
}

double daoview_plot_x(const DaoviewPlotArea *area, double data_x)
{
    if (!area)
        return NAN;
    return area->x + fraction(data_x, area->x_min, area->x_max) * area->width;
}

double daoview_plot_y(const DaoviewPlotArea *area, double data_y)
{
    if (!area)
        return NAN;
    return area->y + (1.0 - fraction(data_y, area->y_min, area->y_max)) * area->height;
}

size_t daoview_plot_vector(dao_type type, const void *data, size_t count, size_t first,
                           size_t stride, size_t n, DaoviewComplexPart part,
                           const DaoviewPlotArea *area, double *px, double *py)
{
    if (!data || !area || !px || !py || n == 0 || dao_type_size(type) == 0)
        return 0;
    /* The last element, first + (n - 1) * stride, must be < count. */
    if (first >= count)
        return 0;
    if (n > 1 && (stride == 0 || (n - 1) > (count - 1 - first) / stride))
        return 0;
    for (size_t i = 0; i < n; i++) {
        double v = daoview_element_value(type, data, first + i * stride, part);
        px[i] = daoview_plot_x(area, (double)i);
        py[i] = isfinite(v) ? daoview_plot_y(area, v) : NAN;
    }
    return n;
}

void daoview_colorbar_values(double low, double high, size_t n, double *values)
{
    for (size_t i = 0; i < n; i++)
        values[i] = high - (high - low) * (double)i / (double)(n > 1 ? n - 1 : 1);
}

size_t daoview_colorbar_ticks(double low, double high, double top, double rows,
                              DaoviewColorbarTick *ticks, size_t max)
{
    double values[2 * DAOVIEW_COLORBAR_TICKS + 1];
    double lo = fmin(low, high), hi = fmax(low, high);
    double step = daoview_ticks_step(lo, hi, DAOVIEW_COLORBAR_TICKS);
    size_t n = 0;

    if (isfinite(step)) {
        n = daoview_ticks(lo, hi, step, values, sizeof values / sizeof values[0]);
        if (n > sizeof values / sizeof values[0])
            n = sizeof values / sizeof values[0];
    } else {
        values[n++] = high;
    }
    if (n > max)
        n = max;
    for (size_t t = 0; t < n; t++) {
        ticks[t].value = values[t];
        ticks[t].y = top + (high != low ? (high - values[t]) / (high - low) * (rows - 1) : 0);
        if (isfinite(step))
            daoview_tick_label(values[t], step, ticks[t].label, sizeof ticks[t].label);
        else
            snprintf(ticks[t].label, sizeof ticks[t].label, "%.4g", values[t]);
    }
    return n;
}
