/* daoview-colorbar.h — the colour bar beside the image, with values. */
#pragma once

#include <gtk/gtk.h>

#include "daoview-render.h"

G_BEGIN_DECLS

#define DAOVIEW_TYPE_COLORBAR (daoview_colorbar_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewColorbar, daoview_colorbar, DAOVIEW, COLORBAR, GtkWidget)

GtkWidget *daoview_colorbar_new (void);

/* Colormap, scale and levels to show; redraws only when they change. */
void daoview_colorbar_set_params (DaoviewColorbar *self, const DaoviewRenderParams *params);

/* Draw the bar with its labels into cr, `width` × `height` (also used to
 * save the view as PNG with its colour bar). */
void daoview_colorbar_draw (DaoviewColorbar *self, cairo_t *cr, int width, int height);

G_END_DECLS
