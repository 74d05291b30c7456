/* daoview-window.h — one window watching one stream (or choosing one).
 *
 * The window shows what a session (daoview-session.h) holds and says what
 * it shows through signals, which daoview-printer.c turns into the lines of
 * --print-state:
 *   "state-changed"  (const DaoviewStreamStatus *)  the stream's state changed
 *   "report"         (const DaoviewSessionReport *) the figures, four times a second
 *   "analysed"       (const DaoviewAnalysis *, gboolean selection_only)
 *   "saved"          (DaoviewSaveKind, const char *path, guint64 counter,
 *                     int scale, const GError *error or NULL)
 *   "plot-drawn"     (double x, double y, const DaoviewPlotArea *) where the
 *                     plot's data lie in the window, when a screenshot is taken
 *   "screenshot-taken" (const char *path, const double *image_area or NULL)
 */
#pragma once

#include <gtk/gtk.h>

#include "daoview-options.h"
#include "daoview-session.h"

G_BEGIN_DECLS

#define DAOVIEW_TYPE_WINDOW (daoview_window_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewWindow, daoview_window, DAOVIEW, WINDOW, GtkApplicationWindow)

/* A window whose display choices are bound to `settings` except those the
 * options override for this run; it starts as the options say, and does
 * their headless work (save, screenshot, then close) if they ask for any. */
DaoviewWindow *daoview_window_new (GtkApplication *application, GSettings *settings,
                                   const DaoviewOptions *options);

/* Watch `location` (nothing need be there yet), or show the stream chooser
 * when location is NULL. */
void daoview_window_watch (DaoviewWindow *self, const char *location);

/* The session the window shows (borrowed). */
DaoviewSession *daoview_window_get_session (DaoviewWindow *self);

G_END_DECLS
