/* daoview-settings.c — the installed schema, or the bundled one in memory. */
#define G_LOG_DOMAIN "daoview-settings"

#include "config.h"

#include "daoview-settings.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>

#define BUNDLED_SCHEMA "/io/github/daoproject/Daoview/gschemas.compiled"

/* GSettings reads schemas only from files: write the bundled one to a
 * private directory, load it (GLib maps the file, so the mapping outlives
 * the name) and remove it again. */
static GSettingsSchema *
bundled_schema (const char *schema_id)
{
  g_autoptr (GBytes) bytes = g_resources_lookup_data (BUNDLED_SCHEMA, 0, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("daoview-schema-XXXXXX", &error);
  GSettingsSchema *schema = NULL;

  if (!bytes || !dir)
    return NULL;
  g_autofree char *file = g_build_filename (dir, "gschemas.compiled", NULL);
  if (g_file_set_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error))
    {
      GSettingsSchemaSource *source = g_settings_schema_source_new_from_directory (dir, NULL, TRUE,
                                                                                   &error);
      if (source)
        {
          schema = g_settings_schema_source_lookup (source, schema_id, FALSE);
          g_settings_schema_source_unref (source);
        }
    }
  if (error)
    g_warning ("cannot load the bundled settings schema: %s", error->message);
  g_unlink (file);
  g_rmdir (dir);
  return schema;
}

GSettings *
daoview_settings_new (const char *schema_id)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) installed =
    source ? g_settings_schema_source_lookup (source, schema_id, TRUE) : NULL;

  if (installed)
    return g_settings_new_full (installed, NULL, NULL);

  g_autoptr (GSettingsSchema) schema = bundled_schema (schema_id);
  if (!schema)
    g_error ("daoview: no settings schema %s, not even the bundled one", schema_id);
  g_autoptr (GSettingsBackend) memory = g_memory_settings_backend_new ();
  return g_settings_new_full (schema, memory, NULL);
}
