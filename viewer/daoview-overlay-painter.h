/* daoview-overlay-painter.h — the overlays (daoview-overlay.h) drawn with
 * cairo: the one painter for the image view and the saved view PNG, so the
 * file shows what the screen does.
 *
 * Colours that no colormap's ends take and that stand out on all of them:
 * a green reticle and circles (GNOME's #33d17a), the region in yellow
 * (#ffd700, as before), each over a dark halo so that they read on white
 * too. Lines are drawn in device pixels (1.5 px, the halo 3.5 px) whatever
 * the zoom; the reticle leaves a gap of max(6 px, one image pixel) about
 * its point so that the pixels there stay visible. */
#pragma once

#include <gtk/gtk.h>

#include "daoview-analysis.h"
#include "daoview-overlay.h"

G_BEGIN_DECLS

#define DAOVIEW_OVERLAY_RETICLE_RGB 0x33d17a
#define DAOVIEW_OVERLAY_REGION_RGB 0xffd700

/* Paint over an image drawn with pixel (x, y) covering [ox + x·zoom,
 * ox + (x + 1)·zoom) × [oy + y·zoom, …), image_width × image_height pixels:
 * the reticle at (rx, ry) (pixel coordinates, centres on integers) when
 * have_point, the circles about it when the overlay shows them, and the
 * selection's outline (may be NULL) when it shows the region. The
 * reticle's lines span the image. */
void daoview_overlay_paint (cairo_t *cr, const DaoviewOverlay *overlay, gboolean have_point, double rx,
                            double ry, const DaoviewSelection *selection, double ox, double oy, double zoom,
                            int image_width, int image_height);

G_END_DECLS
