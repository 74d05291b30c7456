/* daoview-cube.h — a stream's shape as images, and the slices of a 3-D
 * frame. GTK-free.
 *
 * Shapes are libdao's (C order, the last axis fastest): (nx) is one row,
 * (ny, nx) one image, (nz, ny, nx) nz images of ny rows one after the other. */
#ifndef DAOVIEW_CUBE_H
#define DAOVIEW_CUBE_H

#include <stddef.h>
#include <stdint.h>

#include "daoview-render.h"

typedef struct {
    unsigned width;  /* nx: elements per row */
    unsigned height; /* ny: rows per image (1 for a 1-D stream) */
    unsigned depth;  /* nz: images (1 unless 3-D) */
} DaoviewGeometry;

/* The geometry of naxis (1, 2 or 3) extents in libdao's order, as
 * dao_stream_naxis()/dao_stream_shape() give them. Returns 0, or -1 (and
 * zeros) for naxis outside 1…3, a NULL shape, a zero extent, or an element
 * count that does not fit in size_t. */
int daoview_geometry_from_shape (unsigned naxis, const uint32_t *shape,
                                 DaoviewGeometry *out);

/* Elements in one image (width × height) and in the whole frame. */
size_t daoview_geometry_slice_elements (const DaoviewGeometry *g);
size_t daoview_geometry_elements (const DaoviewGeometry *g);

/* Slice k of a frame of `type` elements: its first element, to hand to
 * daoview_render_argb32 with width × height. NULL when k >= depth, or for
 * an unknown type or NULL data. Slice 0 of a 1-D or 2-D frame is the frame. */
const void *daoview_cube_slice (dao_type type, const void *data,
                                const DaoviewGeometry *g, unsigned k);

/* Byte offset of slice k in the frame; (size_t)-1 when k >= depth or the
 * type is unknown. */
size_t daoview_cube_slice_offset (dao_type type, const DaoviewGeometry *g,
                                  unsigned k);

/* "Show the newest slice". The format has no "last slice written" field
 * (cnt1 is reserved and 0), so the newest slice is found by change: given
 * the previous and the current copy of a cube, the highest-index slice whose
 * bytes differ. A writer that fills one slice per frame (a rolling
 * telemetry buffer) is followed exactly; one that rewrites the whole cube
 * gives its last slice. Returns -1 when nothing changed (keep showing the
 * slice shown before), or for bad arguments. */
long daoview_cube_newest_slice (dao_type type, const void *previous,
                                const void *current, const DaoviewGeometry *g);

/* Slice k moved by `delta` (keyboard: ±1, PageUp/Down: ±10), clamped to
 * [0, depth - 1]. */
unsigned daoview_cube_step (const DaoviewGeometry *g, unsigned k, long delta);

#endif /* DAOVIEW_CUBE_H */
