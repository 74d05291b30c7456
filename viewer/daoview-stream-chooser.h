/* daoview-stream-chooser.h — pick a stream: the *.im.shm files in a folder
 * with their shape, type and rate, the streams a server offers, or any file
 * through a file chooser.
 *
 * Signal "stream-activated" (const char *path).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DAOVIEW_TYPE_STREAM_CHOOSER (daoview_stream_chooser_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewStreamChooser, daoview_stream_chooser, DAOVIEW, STREAM_CHOOSER, GtkBox)

GtkWidget *daoview_stream_chooser_new (void);

/* The folder listed (default /tmp, where DAO streams live). */
void daoview_stream_chooser_set_folder (DaoviewStreamChooser *self, const char *folder);

/* Also list the streams the server at `server` ("tcp://HOST:PORT", as
 * `daoctl serve` binds) offers, asked again every second; NULL: none. The
 * address is shown in the chooser's server field, where users type it. */
void daoview_stream_chooser_set_server (DaoviewStreamChooser *self, const char *server);

/* Rescan the folder now (it is rescanned every second while shown). */
void daoview_stream_chooser_refresh (DaoviewStreamChooser *self);

/* The rows as shown, one "name: details" string each (for tests and
 * accessibility checks). Free with g_strfreev(). */
char **daoview_stream_chooser_dup_rows (DaoviewStreamChooser *self);

/* Activate row `index`, as a click does. */
void daoview_stream_chooser_activate_row (DaoviewStreamChooser *self, int index);

G_END_DECLS
