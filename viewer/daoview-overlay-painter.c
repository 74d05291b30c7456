/* daoview-overlay-painter.c — overlays drawn with cairo (see
 * daoview-overlay-painter.h). */
#define G_LOG_DOMAIN "daoview-overlay"

#include "config.h"

#include "daoview-overlay-painter.h"

#include <math.h>

#define LINE 1.5
#define HALO 3.5

static void
set_rgb (cairo_t *cr, guint32 rgb)
{
  cairo_set_source_rgb (cr, (rgb >> 16 & 0xff) / 255.0, (rgb >> 8 & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

/* The current path twice: a dark halo, then the colour. */
static void
stroke_with_halo (cairo_t *cr, guint32 rgb)
{
  cairo_set_line_width (cr, HALO);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
  cairo_stroke_preserve (cr);
  cairo_set_line_width (cr, LINE);
  set_rgb (cr, rgb);
  cairo_stroke (cr);
}

static void
paint_reticle (cairo_t *cr, double px, double py, double left, double top, double right, double bottom,
               double gap)
{
  if (py >= top && py <= bottom)
    {
      if (px - gap > left)
        cairo_move_to (cr, left, py), cairo_line_to (cr, px - gap, py);
      if (px + gap < right)
        cairo_move_to (cr, px + gap, py), cairo_line_to (cr, right, py);
    }
  if (px >= left && px <= right)
    {
      if (py - gap > top)
        cairo_move_to (cr, px, top), cairo_line_to (cr, px, py - gap);
      if (py + gap < bottom)
        cairo_move_to (cr, px, py + gap), cairo_line_to (cr, px, bottom);
    }
  stroke_with_halo (cr, DAOVIEW_OVERLAY_RETICLE_RGB);
}

static void
paint_region (cairo_t *cr, const DaoviewSelection *s, double ox, double oy, double z)
{
  double x0 = ox + (s->x0 + 0.5) * z, y0 = oy + (s->y0 + 0.5) * z;
  double x1 = ox + (s->x1 + 0.5) * z, y1 = oy + (s->y1 + 0.5) * z;
  if (s->tool == DAOVIEW_TOOL_LINE)
    {
      cairo_move_to (cr, x0, y0);
      cairo_line_to (cr, x1, y1);
    }
  else
    cairo_rectangle (cr, MIN (x0, x1) - z / 2, MIN (y0, y1) - z / 2, fabs (x1 - x0) + z, fabs (y1 - y0) + z);
  stroke_with_halo (cr, DAOVIEW_OVERLAY_REGION_RGB);
}

void
daoview_overlay_paint (cairo_t *cr, const DaoviewOverlay *o, gboolean have_point, double rx, double ry,
                       const DaoviewSelection *selection, double ox, double oy, double z, int image_width,
                       int image_height)
{
  cairo_save (cr);
  cairo_rectangle (cr, ox, oy, image_width * z, image_height * z);
  cairo_clip (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

  if (selection && o->show_region && selection->tool != DAOVIEW_TOOL_PAN)
    paint_region (cr, selection, ox, oy, z);

  if (have_point && isfinite (rx) && isfinite (ry))
    {
      double px = ox + (rx + 0.5) * z, py = oy + (ry + 0.5) * z;
      paint_reticle (cr, px, py, ox, oy, ox + image_width * z, oy + image_height * z, MAX (6, z));
      if (o->show_circles)
        for (unsigned i = 0; i < o->n_radii; i++)
          {
            cairo_new_sub_path (cr);
            cairo_arc (cr, px, py, o->radii[i] * z, 0, 2 * M_PI);
            stroke_with_halo (cr, DAOVIEW_OVERLAY_RETICLE_RGB);
          }
    }
  cairo_restore (cr);
}
