/* daoview-image-view.h — shows a rendered frame: zoom, pan, pixel under the pointer.
 *
 * Pixels are magnified as blocks (nearest neighbour). Best fit is sticky: it
 * follows the widget's size until the user zooms or pans; zoom steps pass
 * exactly through 100 %; the wheel zooms about the pointer.
 *
 * Signals: "pixel-hover" (int x, int y): the image pixel under the pointer,
 * or (-1, -1) when the pointer is not over the image; "selection-changed"
 * (const DaoviewSelection *): a line or rectangle drawn; "view-changed": the
 * user zoomed or panned (not emitted by daoview_image_view_set_view, so
 * that linked views do not echo); "bias-contrast" (gboolean start, double
 * dx, double dy): a drag with the right button (DS9's gesture for the
 * levels), start TRUE when it begins, dx and dy the distance moved since as
 * fractions of the view's width and height (right and down positive); the
 * window turns them into levels (daoview_contrast_bias); "reticle-set"
 * (double x, double y): Ctrl+click on pixel (x, y), where the user wants the
 * reticle.
 */
#pragma once

#include <gtk/gtk.h>

#include "daoview-analysis.h"
#include "daoview-overlay.h"
#include "daoview-stream-state.h"

G_BEGIN_DECLS

/* The grey level (0x80) of the line drawn round the frame, one pixel
 * outside it: the middle of the grey map, no colormap's end. */
#define DAOVIEW_FRAME_EDGE_GREY 0x80

#define DAOVIEW_TYPE_IMAGE_VIEW (daoview_image_view_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewImageView, daoview_image_view, DAOVIEW, IMAGE_VIEW, GtkWidget)

GtkWidget *daoview_image_view_new (void);

/* Show `surface` (CAIRO_FORMAT_ARGB32; the view takes a reference) as an
 * image of image_width × image_height pixels: the surface's own size, or
 * larger when the image was rendered at a fraction of its size (too wide
 * for cairo); zoom, pan and the pixel under the pointer are in image
 * pixels. An image of another size than the previous one returns to best
 * fit. NULL shows nothing. */
void daoview_image_view_set_surface (DaoviewImageView *self, cairo_surface_t *surface,
                                     int image_width, int image_height);

void daoview_image_view_zoom_in (DaoviewImageView *self);
void daoview_image_view_zoom_out (DaoviewImageView *self);
void daoview_image_view_zoom_fit (DaoviewImageView *self);
void daoview_image_view_zoom_actual (DaoviewImageView *self); /* 1:1 */
double daoview_image_view_get_zoom (DaoviewImageView *self);
gboolean daoview_image_view_get_best_fit (DaoviewImageView *self);

/* What a drag does; also the property "tool" ("pan", "line", "rect"). */
void daoview_image_view_set_tool (DaoviewImageView *self, DaoviewTool tool);

/* The line or rectangle drawn; tool PAN clears it. Emits
 * "selection-changed" (const DaoviewSelection *) like a drag does. */
void daoview_image_view_set_selection (DaoviewImageView *self, const DaoviewSelection *selection);

/* The stream's state, shown as a coloured border round the view and the
 * image dimmed (daoview-state-style.h). */
void daoview_image_view_set_state (DaoviewImageView *self, DaoviewStreamState state);

/* The overlays to draw (daoview-overlay-painter.h), the reticle at pixel
 * (x, y) when have_point. */
void daoview_image_view_set_overlay (DaoviewImageView *self, const DaoviewOverlay *overlay,
                                     gboolean have_point, double x, double y);
/* Zoom and pan, to link views of images of the same size. */
typedef struct {
  double zoom;
  double offset_x, offset_y; /* the view's coordinates of the image's top-left corner */
  gboolean best_fit;
  int image_width, image_height; /* get only */
} DaoviewImageViewState;

void daoview_image_view_get_view (DaoviewImageView *self, DaoviewImageViewState *view);
void daoview_image_view_set_view (DaoviewImageView *self, const DaoviewImageViewState *view);

/* Where the image is drawn, in the view's coordinates. FALSE if no image. */
gboolean daoview_image_view_get_image_area (DaoviewImageView *self, graphene_rect_t *area);

G_END_DECLS
