/* args.c — turning option values into numbers, strictly: a value with
 * trailing junk or out of range is a usage error, never silently clamped. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "daoctl.h"

bool daoctl_parse_uint(const char *text, uint64_t min, uint64_t max, uint64_t *out)
{
    /* strtoull accepts a sign and wraps "-1" around; digits only here. */
    if (!text || text[0] < '0' || text[0] > '9')
        return false;
    char *end;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    if (errno || *end || value < min || value > max)
        return false;
    *out = value;
    return true;
}

bool daoctl_parse_seconds(const char *text, double *out)
{
    if (!text || !*text)
        return false;
    char *end;
    errno = 0;
    double value = strtod(text, &end);
    if (errno || *end || !isfinite(value) || value < 0)
        return false;
    *out = value;
    return true;
}

bool daoctl_parse_shape(const char *text, unsigned *naxis, uint32_t shape[DAO_MAX_AXES])
{
    if (!text)
        return false;
    unsigned n = 0;
    const char *p = text;
    for (;;) {
        if (n == DAO_MAX_AXES || *p < '0' || *p > '9')
            return false;
        char *end;
        errno = 0;
        unsigned long long value = strtoull(p, &end, 10);
        if (errno || value == 0 || value > UINT32_MAX)
            return false;
        shape[n++] = (uint32_t)value;
        if (*end == '\0')
            break;
        if (*end != 'x' && *end != 'X' && *end != ',')
            return false;
        p = end + 1;
    }
    for (unsigned i = n; i < DAO_MAX_AXES; i++)
        shape[i] = 0;
    *naxis = n;
    return true;
}
