/* daoview-plane.h — the values on screen: one width × height plane of a
 * frame (the slice shown), or that plane minus a reference. Made once per
 * frame by the pipeline (daoview-pipeline.h) and read by everything that
 * shows the frame. Plain C. */
#ifndef DAOVIEW_PLANE_H
#define DAOVIEW_PLANE_H

#include <stdbool.h>
#include <stddef.h>

#include "daoview-render.h"

typedef struct {
  dao_type type;           /* the frame's, or DAO_DOUBLE for frame − reference */
  const void *values;      /* width × height elements, row after row; NULL: no frame */
  unsigned width, height;
  DaoviewComplexPart part; /* how to read complex values (a difference is real) */
} DaoviewPlane;

static inline size_t
daoview_plane_count (const DaoviewPlane *plane)
{
  return (size_t) plane->width * plane->height;
}

/* The value of pixel (x, y), read as the display reads it. false (and
 * *value untouched) for a pixel outside the plane or no frame at all. */
static inline bool
daoview_plane_value_at (const DaoviewPlane *plane, long x, long y, double *value)
{
  if (!plane->values || x < 0 || y < 0 || (unsigned long) x >= plane->width
      || (unsigned long) y >= plane->height)
    return false;
  *value = daoview_element_value (plane->type, plane->values, (size_t) y * plane->width + (size_t) x,
                                  plane->part);
  return true;
}

#endif /* DAOVIEW_PLANE_H */
