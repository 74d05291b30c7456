/* daoview-status-bar.h — the line under the image: frame counter, stream
 * and display rates, frames not shown, torn reads, shape, type and reader
 * slot, the value under the pointer, a notice; and the slice of a cube.
 *
 * Signal "slice-changed" (guint slice): the user chose another slice.
 */
#pragma once

#include <gtk/gtk.h>

#include "daoview-session.h"

G_BEGIN_DECLS

#define DAOVIEW_TYPE_STATUS_BAR (daoview_status_bar_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewStatusBar, daoview_status_bar, DAOVIEW, STATUS_BAR, GtkBox)

/* The figures of the session report (at the label rate). */
void daoview_status_bar_update (DaoviewStatusBar *self, const DaoviewSessionReport *report);

/* The value under the pointer as shown, and the frame's own value there
 * when raw is not NULL (a dark, flat or reference applied), or nothing
 * when valid is FALSE. */
void daoview_status_bar_set_pixel (DaoviewStatusBar *self, gboolean valid, int x, int y, double value,
                                   const double *raw);

/* A sentence about the last thing done (a file saved …); NULL clears it. */
void daoview_status_bar_set_notice (DaoviewStatusBar *self, const char *text);

/* The image is drawn at 1/factor of its size (too large for the screen's
 * image surfaces); factor 1 says nothing. */
void daoview_status_bar_set_scale_notice (DaoviewStatusBar *self, unsigned factor);

/* 3-D frames: the slice selector, for `depth` slices (hidden when 1). */
void daoview_status_bar_set_slices (DaoviewStatusBar *self, unsigned depth, unsigned slice);

G_END_DECLS
