/* daoview-frame-surfaces.h — the pipeline's pixels in cairo surfaces, two in
 * turn: the render node of the previous frame may still hold one, and cairo
 * would copy a surface that a live node holds before letting us write into
 * it. Used by every view that draws frames (the window, a grid's panes). */
#pragma once

#include <cairo.h>

#include "daoview-pipeline.h"

G_BEGIN_DECLS

typedef struct {
  cairo_surface_t *surfaces[2];
  unsigned index; /* the one rendered last */
} DaoviewFrameSurfaces;

/* Render the displayed plane into the other surface and return it
 * (borrowed: until the next render or clear); factor: the fraction it was
 * rendered at (daoview_pipeline_render_size). NULL without a frame. */
cairo_surface_t *daoview_frame_surfaces_render (DaoviewFrameSurfaces *s, DaoviewPipeline *pipeline,
                                                unsigned *factor);

/* The surface rendered last, or NULL. */
cairo_surface_t *daoview_frame_surfaces_current (DaoviewFrameSurfaces *s);

void daoview_frame_surfaces_clear (DaoviewFrameSurfaces *s);

G_END_DECLS
