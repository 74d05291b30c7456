/* daoview-save.h — saving what the window shows: the rendered view with its
 * colour bar (PNG), and the raw frame with its header values (FITS, .npy
 * with a .json beside it) through viewer/capture. */
#pragma once

#include <gtk/gtk.h>

#include "daoview-frame.h"
#include "daoview-names.h"
#include "daoview-render.h"

G_BEGIN_DECLS

/* The rendered image magnified by a whole factor (so that the longer side
 * is at least 512 pixels), with the colour bar and its values on the right
 * (the screen's, see daoview_colorbar_paint), on a white background.
 * *scale receives the factor (may be NULL). */
gboolean daoview_save_view_png (const char *path, cairo_surface_t *image,
                                const DaoviewRenderParams *params, int *scale, GError **error);

/* What the window would show, drawn without one (a screenshot with no
 * display): `title` and `subtitle` (the stream and its state) above, the
 * view as daoview_save_view_png() draws it (image may be NULL: no frame),
 * `status` (the status bar's figures) below. image_area (may be NULL)
 * receives where the image lies in the PNG: x, y, width, height. */
gboolean daoview_save_summary_png (const char *path, cairo_surface_t *image,
                                   const DaoviewRenderParams *params, const char *title,
                                   const char *subtitle, const char *status, double image_area[4],
                                   GError **error);

/* The raw frame. keywords may be NULL. .npy also writes PATH.json beside
 * it (PATH with .npy replaced) with the header values. */
gboolean daoview_save_frame (DaoviewSaveKind kind, const char *path, const DaoviewFrame *frame,
                             const char *stream_path, const dao_keyword *keywords,
                             unsigned n_keywords, GError **error);

G_END_DECLS
