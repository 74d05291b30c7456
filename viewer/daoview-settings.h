/* daoview-settings.h — daoview's GSettings, always there.
 *
 * The installed schema when there is one (after `meson install`, or in the
 * build tree through `meson devenv`); otherwise the same schema, compiled
 * into daoview's resources at build time, with a memory backend: choices
 * last for the run and the defaults are the schema's either way, so there
 * is one source of defaults and never a NULL settings object. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GSettings *daoview_settings_new (const char *schema_id);

G_END_DECLS
