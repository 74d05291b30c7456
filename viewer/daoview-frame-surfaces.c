/* daoview-frame-surfaces.c — see daoview-frame-surfaces.h. */
#include "daoview-frame-surfaces.h"

cairo_surface_t *
daoview_frame_surfaces_render (DaoviewFrameSurfaces *s, DaoviewPipeline *pipeline, unsigned *factor)
{
  unsigned width, height, f;
  if (!daoview_pipeline_plane (pipeline)->values)
    return NULL;
  daoview_pipeline_render_size (pipeline, &width, &height, &f);
  if (factor)
    *factor = f;
  s->index ^= 1;
  cairo_surface_t **surface = &s->surfaces[s->index];
  if (!*surface || cairo_image_surface_get_width (*surface) != (int) width
      || cairo_image_surface_get_height (*surface) != (int) height)
    {
      g_clear_pointer (surface, cairo_surface_destroy);
      *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
    }
  cairo_surface_flush (*surface);
  daoview_pipeline_render (pipeline, (uint32_t *) cairo_image_surface_get_data (*surface),
                           cairo_image_surface_get_stride (*surface));
  cairo_surface_mark_dirty (*surface);
  return *surface;
}

cairo_surface_t *
daoview_frame_surfaces_current (DaoviewFrameSurfaces *s)
{
  return s->surfaces[s->index];
}

void
daoview_frame_surfaces_clear (DaoviewFrameSurfaces *s)
{
  g_clear_pointer (&s->surfaces[0], cairo_surface_destroy);
  g_clear_pointer (&s->surfaces[1], cairo_surface_destroy);
}
