/* daoview-cube.c — shapes as images and slices of cubes (see daoview-cube.h). */
#include <string.h>

#include "daoview-cube.h"

int daoview_geometry_from_shape(unsigned naxis, const uint32_t *shape, DaoviewGeometry *out)
{
    if (!out)
        return -1;
    out->width = out->height = out->depth = 0;
    if (!shape || naxis < 1 || naxis > 3)
        return -1;
    for (unsigned i = 0; i < naxis; i++) {
        if (shape[i] == 0)
            return -1;
    }
    DaoviewGeometry g = {shape[naxis - 1], naxis >= 2 ? shape[naxis - 2] : 1,
                         naxis == 3 ? shape[0] : 1};
    /* The whole frame must be countable (and addressable) in size_t. */
    size_t slice = (size_t)g.width * g.height; /* two 32-bit factors: fits in 64 bits */
    if (g.depth > SIZE_MAX / slice / 16) /* 16: the largest element size */
        return -1;
    *out = g;
    return 0;
}

size_t daoview_geometry_slice_elements(const DaoviewGeometry *g)
{
    return g ? (size_t)g->width * g->height : 0;
}

size_t daoview_geometry_elements(const DaoviewGeometry *g)
{
    return g ? daoview_geometry_slice_elements(g) * g->depth : 0;
}

size_t daoview_cube_slice_offset(dao_type type, const DaoviewGeometry *g, unsigned k)
{
    size_t size = dao_type_size(type);
    if (!g || size == 0 || k >= g->depth)
        return (size_t)-1;
    return daoview_geometry_slice_elements(g) * k * size;
}

const void *daoview_cube_slice(dao_type type, const void *data, const DaoviewGeometry *g,
                               unsigned k)
{
    size_t offset = daoview_cube_slice_offset(type, g, k);
    if (!data || offset == (size_t)-1)
        return NULL;
    return (const char *)data + offset;
}

long daoview_cube_newest_slice(dao_type type, const void *previous, const void *current,
                               const DaoviewGeometry *g)
{
    size_t size = dao_type_size(type);
    if (!previous || !current || !g || size == 0 || g->depth == 0)
        return -1;
    size_t bytes = daoview_geometry_slice_elements(g) * size;
    for (unsigned k = g->depth; k-- > 0;) {
        size_t offset = bytes * k;
        if (memcmp((const char *)previous + offset, (const char *)current + offset, bytes) != 0)
            return (long)k;
    }
    return -1;
}

unsigned daoview_cube_step(const DaoviewGeometry *g, unsigned k, long delta)
{
    if (!g || g->depth == 0)
        return 0;
    long last = (long)g->depth - 1;
    long current = (long)k < last ? (long)k : last; /* the cube may have shrunk */
    /* Compare before adding, so that no delta can overflow. */
    if (delta >= last - current)
        return (unsigned)last;
    if (delta <= -current)
        return 0;
    return (unsigned)(current + delta);
}
