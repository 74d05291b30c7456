/* daocommon-shape.c — see daocommon-shape.h. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "daocommon-shape.h"

/* Appends like snprintf at buf + used, counting what did not fit. */
static size_t append(char *buf, size_t len, size_t used, const char *text)
{
    size_t n = strlen(text);
    if (used < len) {
        size_t room = len - used - 1;
        size_t copy = n < room ? n : room;
        memcpy(buf + used, text, copy);
        buf[used + copy] = '\0';
    }
    return used + n;
}

/* Both entry points: extents are read as uint32_t or uint64_t. */
static size_t format_extents(char *buf, size_t len, unsigned n, const uint32_t *narrow, const uint64_t *wide,
                             daocommon_shape_style style)
{
    static const char *const separators[] = {
        [DAOCOMMON_SHAPE_COMPACT] = "x",
        [DAOCOMMON_SHAPE_LABEL] = " \u00d7 ",
        [DAOCOMMON_SHAPE_NUMPY] = ", ",
    };
    if (len > 0)
        buf[0] = '\0';
    if ((unsigned)style > DAOCOMMON_SHAPE_NUMPY)
        style = DAOCOMMON_SHAPE_COMPACT;
    const bool numpy = style == DAOCOMMON_SHAPE_NUMPY;
    size_t used = numpy ? append(buf, len, 0, "(") : 0;
    for (unsigned i = 0; i < n; i++) {
        char extent[24];
        snprintf(extent, sizeof(extent), "%llu", (unsigned long long)(narrow ? narrow[i] : wide[i]));
        if (i > 0)
            used = append(buf, len, used, separators[style]);
        used = append(buf, len, used, extent);
    }
    if (numpy) /* a one-element tuple keeps its comma, as Python writes it */
        used = append(buf, len, used, n == 1 ? ",)" : ")");
    return used;
}

size_t daocommon_shape_format(char *buf, size_t len, unsigned naxis, const uint32_t *shape,
                              daocommon_shape_style style)
{
    return format_extents(buf, len, naxis, shape, NULL, style);
}

size_t daocommon_shape_format_u64(char *buf, size_t len, unsigned ndim, const uint64_t *shape,
                                  daocommon_shape_style style)
{
    return format_extents(buf, len, ndim, NULL, shape, style);
}
