/* daoview-title.h — the header bar's title: which stream, and its state
 * (an icon in the theme's success/warning/error colour, and the state in
 * words). */
#pragma once

#include <gtk/gtk.h>

#include "daoview-stream-status.h"

G_BEGIN_DECLS

#define DAOVIEW_TYPE_TITLE (daoview_title_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewTitle, daoview_title, DAOVIEW, TITLE, GtkBox)

/* The stream watched (its name shown, the whole location as a tooltip),
 * or NULL: the stream chooser is shown. */
void daoview_title_set_location (DaoviewTitle *self, const char *location);

/* The stream's state; paused: the display is paused. */
void daoview_title_set_status (DaoviewTitle *self, const DaoviewStreamStatus *status, gboolean paused);

/* What is taken off the frame (daoview_status_text_calibration), beside
 * the state, so a subtracted dark or reference is never a surprise; ""
 * hides it. */
void daoview_title_set_calibration (DaoviewTitle *self, const char *text);

G_END_DECLS
