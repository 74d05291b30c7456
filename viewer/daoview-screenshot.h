/* daoview-screenshot.h — render a widget (a whole window) to a PNG file. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Renders with the widget's own renderer, as it is on screen now. The widget
 * must be realized. */
gboolean daoview_screenshot_save_png (GtkWidget *widget, const char *filename, GError **error);

G_END_DECLS
