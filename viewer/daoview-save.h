/* daoview-save.h — saving what the window shows: the rendered view with its
 * colour bar (PNG), and the raw frame with its header values (FITS, .npy
 * with a .json beside it) through viewer/capture. */
#pragma once

#include <gtk/gtk.h>

#include "daoview-frame.h"
#include "daoview-names.h"
#include "daoview-plot.h"
#include "daoview-render.h"
#include "daoview-view-notes.h"

G_BEGIN_DECLS

/* The rendered image magnified by a whole factor (so that the longer side
 * is at least 512 pixels), with the overlays drawn on screen
 * (daoview-overlay-painter.h) and a frame edge, the colour bar and its
 * values on the right (the screen's, see daoview_colorbar_paint), and the
 * notes' caption (stream, frame, time, calibration) below, on a white
 * background; the notes also go into the file as PNG text entries
 * (daoview-view-notes.h). notes may be NULL (no overlay, no caption).
 * *scale receives the factor (may be NULL). */
gboolean daoview_save_view_png (const char *path, cairo_surface_t *image,
                                const DaoviewRenderParams *params, const DaoviewViewNotes *notes,
                                int *scale, GError **error);

/* Write the notes' PNG text entries into the PNG at path (a screenshot). */
gboolean daoview_save_add_notes (const char *path, const DaoviewViewNotes *notes, GError **error);

/* What the window would show, drawn without one (a screenshot with no
 * display). */
typedef struct {
  const char *title;    /* the stream */
  const char *subtitle; /* its state */
  const char *status;   /* the status bar's figures */
  /* The image with its colour bar, as daoview_save_view_png() draws it
   * (NULL: no frame yet) … */
  cairo_surface_t *image;
  const DaoviewRenderParams *params;
  const DaoviewViewNotes *notes; /* overlays, caption and PNG entries; may be NULL */
  DaoviewStreamState state;      /* framed and dimmed as the window does (daoview-state-style.h) */
  /* … or, when plot is not NULL, the line plot the window shows instead
   * (a 1-D stream, a row or column), y range fixed when low < high. */
  const double *plot;
  size_t plot_length;
  double plot_low, plot_high;
  const char *plot_title;        /* "Row 64" in its corner, or NULL */
} DaoviewSummary;

/* Draws the title and subtitle above, the view, the status below. Where
 * the image or the plot's data rectangle lies in the PNG goes to
 * *image_area (x, y, width, height) or *plot_area; either may be NULL, and
 * *have_image / *have_plot say which was drawn. */
gboolean daoview_save_summary_png (const char *path, const DaoviewSummary *summary,
                                   double image_area[4], gboolean *have_image,
                                   DaoviewPlotArea *plot_area, gboolean *have_plot,
                                   GError **error);

/* The raw frame. keywords may be NULL. .npy also writes PATH.json beside
 * it (PATH with .npy replaced) with the header values. */
gboolean daoview_save_frame (DaoviewSaveKind kind, const char *path, const DaoviewFrame *frame,
                             const char *stream_path, const dao_keyword *keywords,
                             unsigned n_keywords, GError **error);

G_END_DECLS
