/* daoview-colorbar.h — the colour bar beside the image, with values; and
 * the one painter that draws it, on screen and in a saved view PNG.
 *
 * The bar also sets the levels by hand (daoview-contrast.h): drag its
 * middle to move both levels, drag near an end to move that end, scroll to
 * narrow or widen the span. It does not apply them: it emits
 * "levels-changed" (double low, double high) and the window sets them. */
#pragma once

#include <gtk/gtk.h>

#include "daoview-render.h"

G_BEGIN_DECLS

#define DAOVIEW_TYPE_COLORBAR (daoview_colorbar_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewColorbar, daoview_colorbar, DAOVIEW, COLORBAR, GtkWidget)

GtkWidget *daoview_colorbar_new (void);

/* Colormap, scale and levels to show; redraws only when they change. */
void daoview_colorbar_set_params (DaoviewColorbar *self, const DaoviewRenderParams *params);

/* Paint a colour bar: the bar itself in (x, y, width, height), its first
 * row the colour of params->high and its last that of params->low, each
 * row coloured by the render layer (so it shows what the image does,
 * whatever the scale); ticks at round values on its right, labelled with
 * `layout` in the source colour set on cr, each label kept within
 * [0, limit] vertically. Needs no display. */
void daoview_colorbar_paint (cairo_t *cr, PangoLayout *layout, const DaoviewRenderParams *params,
                             double x, double y, double width, double height, double limit);

G_END_DECLS
