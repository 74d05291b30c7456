/* daoview-grid-window.h — several streams in one window: `daoview --grid A
 * B [C …]`, or a split added from a window's menu. Each stream is a pane of
 * its own (daoview-stream-pane.h: its own source, state, levels and
 * status), laid out in a grid of ⌈√n⌉ columns. Zoom and pan can be linked
 * (the "link-zoom" setting, key l): zooming or panning one pane does the
 * same to every pane showing an image of the same size.
 *
 * With --print-state each pane's lines are printed as the main window's
 * (daoview-report.h), each prefixed with "pane K " (K from 0, in the order
 * given). --screenshot FILE saves the whole window once every pane has
 * shown --frames frames (or after a few seconds), then closes it.
 */
#pragma once

#include <gtk/gtk.h>

#include "daoview-options.h"
#include "daoview-stream-pane.h"

G_BEGIN_DECLS

#define DAOVIEW_TYPE_GRID_WINDOW (daoview_grid_window_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewGridWindow, daoview_grid_window, DAOVIEW, GRID_WINDOW, GtkApplicationWindow)

DaoviewGridWindow *daoview_grid_window_new (GtkApplication *application, GSettings *settings,
                                            const DaoviewOptions *options);

/* Add a pane watching `location` (nothing need be there yet). */
DaoviewStreamPane *daoview_grid_window_add (DaoviewGridWindow *self, const char *location);

guint daoview_grid_window_get_n_panes (DaoviewGridWindow *self);
DaoviewStreamPane *daoview_grid_window_get_pane (DaoviewGridWindow *self, guint index);

/* Ask for a stream to add (a chooser of the streams in /tmp). */
void daoview_grid_window_choose_split (DaoviewGridWindow *self);

G_END_DECLS
