/* daoview-application.h — the GtkApplication: settings, actions, command line. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DAOVIEW_APPLICATION_ID "io.github.daoproject.Daoview"

#define DAOVIEW_TYPE_APPLICATION (daoview_application_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewApplication, daoview_application, DAOVIEW, APPLICATION, GtkApplication)

DaoviewApplication *daoview_application_new (void);

G_END_DECLS
