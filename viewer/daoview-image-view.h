/* daoview-image-view.h — shows a rendered frame: zoom, pan, pixel under the pointer.
 *
 * Pixels are magnified as blocks (nearest neighbour). Best fit is sticky: it
 * follows the widget's size until the user zooms or pans; zoom steps pass
 * exactly through 100 %; the wheel zooms about the pointer.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What a drag on the image does. */
typedef enum {
  DAOVIEW_IMAGE_TOOL_PAN,
  DAOVIEW_IMAGE_TOOL_LINE, /* draw a line: its profile is shown */
  DAOVIEW_IMAGE_TOOL_RECT, /* draw a rectangle: its statistics are shown */
} DaoviewImageTool;

#define DAOVIEW_TYPE_IMAGE_VIEW (daoview_image_view_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewImageView, daoview_image_view, DAOVIEW, IMAGE_VIEW, GtkWidget)

GtkWidget *daoview_image_view_new (void);

/* Show `surface` (CAIRO_FORMAT_ARGB32; the view takes a reference). A
 * surface of another size than the previous one returns to best fit. */
void daoview_image_view_set_surface (DaoviewImageView *self, cairo_surface_t *surface);

void daoview_image_view_zoom_in (DaoviewImageView *self);
void daoview_image_view_zoom_out (DaoviewImageView *self);
void daoview_image_view_zoom_fit (DaoviewImageView *self);
void daoview_image_view_zoom_actual (DaoviewImageView *self); /* 1:1 */
double daoview_image_view_get_zoom (DaoviewImageView *self);
gboolean daoview_image_view_get_best_fit (DaoviewImageView *self);

void daoview_image_view_set_tool (DaoviewImageView *self, DaoviewImageTool tool);

/* The line or rectangle drawn, in image pixel coordinates (pixel (x, y) has
 * its centre at (x, y)); tool PAN clears it. Emits "selection-changed"
 * (int tool, double x0, double y0, double x1, double y1) like a drag does. */
void daoview_image_view_set_selection (DaoviewImageView *self, DaoviewImageTool tool, double x0,
                                       double y0, double x1, double y1);

/* Where the image is drawn, in the view's coordinates. FALSE if no image. */
gboolean daoview_image_view_get_image_area (DaoviewImageView *self, graphene_rect_t *area);

G_END_DECLS
