/* daoview-capture-i18n.h — the sentences this library returns are shown in
 * daoview's window, so they are translated in daoview's gettext domain
 * (bound by the application's main()). libintl is part of the C library:
 * no GLib needed. */
#ifndef DAOVIEW_CAPTURE_I18N_H
#define DAOVIEW_CAPTURE_I18N_H

#include <libintl.h>

#define DAOVIEW_CAPTURE_DOMAIN "daoview"
#define _(s) dgettext(DAOVIEW_CAPTURE_DOMAIN, s)

#endif /* DAOVIEW_CAPTURE_I18N_H */
