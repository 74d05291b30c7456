/* daoview-stream-pane.h — one stream in a window that shows several
 * (daoview-grid-window.h): its own session (source, state, levels, rates),
 * its name and state, the image with its colour bar (or the line plot of a
 * 1-D stream), and its figures on one line. It draws on its own frame
 * clock tick, as the main window does.
 *
 * Signals, as the window's (for --print-state):
 *   "state-changed" (const DaoviewStreamStatus *)
 *   "report"        (const DaoviewSessionReport *) four times a second
 *   "close-requested" ()  its close button was pressed
 */
#pragma once

#include <gtk/gtk.h>

#include "daoview-image-view.h"
#include "daoview-options.h"
#include "daoview-session.h"

G_BEGIN_DECLS

#define DAOVIEW_TYPE_STREAM_PANE (daoview_stream_pane_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewStreamPane, daoview_stream_pane, DAOVIEW, STREAM_PANE, GtkBox)

/* A pane watching `location`, its choices bound to `settings` except the
 * options' overrides. */
DaoviewStreamPane *daoview_stream_pane_new (GSettings *settings, const DaoviewOptions *options,
                                            const char *location);

DaoviewSession *daoview_stream_pane_get_session (DaoviewStreamPane *self);
DaoviewImageView *daoview_stream_pane_get_image_view (DaoviewStreamPane *self);

G_END_DECLS
