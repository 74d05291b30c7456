/* test-viewer-actions.c — the window's actions, as the menus, buttons and
 * keys use them: every action the UI files and accelerators name exists;
 * the display choices' radio actions show and change what is on screen and
 * are stored in the settings; a choice given on the command line shows in
 * its menu, is not stored, and a later menu choice is. */
#include <gtk/gtk.h>
#include <stdio.h>

#include "daoview-application.h"
#include "daoview-settings.h"
#include "daoview-window.h"
#include "viewer-test-util.h"

static char *
state_string (GActionGroup *group, const char *action)
{
  g_autoptr (GVariant) state = g_action_group_get_action_state (group, action);
  VT_CHECK (state && g_variant_is_of_type (state, G_VARIANT_TYPE_STRING), "%s has no string state", action);
  return g_variant_dup_string (state, NULL);
}

static gboolean
state_bool (GActionGroup *group, const char *action)
{
  g_autoptr (GVariant) state = g_action_group_get_action_state (group, action);
  VT_CHECK (state && g_variant_is_of_type (state, G_VARIANT_TYPE_BOOLEAN), "%s has no boolean state", action);
  return g_variant_get_boolean (state);
}

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }
  g_autoptr (GError) error = NULL;
  DaoviewApplication *app = daoview_application_new ();
  VT_CHECK (g_application_register (G_APPLICATION (app), NULL, &error), "register: %s",
            error ? error->message : "?");
  /* Settings of this test only: the schema in memory. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_autoptr (GSettings) settings = daoview_settings_new (DAOVIEW_APPLICATION_ID);

  DaoviewOptions options;
  daoview_options_init (&options);
  DaoviewWindow *window = daoview_window_new (GTK_APPLICATION (app), settings, &options);
  GActionGroup *group = G_ACTION_GROUP (window);

  static const char *const names[] = {
    "colormap", "scale", "complex-part", "level-mode", "level-policy", "show-colorbar", "show-analysis",
    "pause", "plot", "tool", "newest-slice", "histogram-log", "zoom-in", "zoom-out", "zoom-fit",
    "zoom-actual", "slice-next", "slice-previous", "reference-capture", "reference-average",
    "reference-clear", "save", "open",
  };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    VT_CHECK (g_action_group_has_action (group, names[i]), "no win.%s", names[i]);
  printf ("ok: the %u actions the menus and keys use\n", (guint) G_N_ELEMENTS (names));

  /* A radio choice: shown, changed, stored. */
  g_autofree char *map = state_string (group, "colormap");
  VT_CHECK (g_str_equal (map, "grey"), "colormap starts as %s", map);
  g_action_group_activate_action (group, "colormap", g_variant_new_string ("inferno"));
  g_autofree char *now = state_string (group, "colormap");
  g_autofree char *stored = g_settings_get_string (settings, "colormap");
  VT_CHECK (g_str_equal (now, "inferno") && g_str_equal (stored, "inferno"),
            "after choosing inferno: menu %s, setting %s", now, stored);
  /* The setting changed elsewhere (gsettings set): the menu follows. */
  g_settings_set_string (settings, "scale", "log");
  g_autofree char *scale = state_string (group, "scale");
  VT_CHECK (g_str_equal (scale, "log"), "the scale menu shows %s after the setting changed", scale);
  printf ("ok: radio choices are shown, changed and stored\n");

  /* Toggles. */
  VT_CHECK (!state_bool (group, "pause"), "paused at start");
  g_action_group_activate_action (group, "pause", NULL);
  VT_CHECK (state_bool (group, "pause"), "pause did not toggle");
  VT_CHECK (state_bool (group, "show-colorbar"), "no colour bar at start");
  g_action_group_activate_action (group, "show-colorbar", NULL);
  VT_CHECK (!state_bool (group, "show-colorbar") && !g_settings_get_boolean (settings, "show-colorbar"),
            "hiding the colour bar was not stored");
  g_action_group_activate_action (group, "tool", g_variant_new_string ("rect"));
  g_autofree char *tool = state_string (group, "tool");
  VT_CHECK (g_str_equal (tool, "rect"), "tool is %s", tool);
  printf ("ok: toggles and the drag tool\n");
  gtk_window_destroy (GTK_WINDOW (window));

  /* The command line's colormap: in the menu, not stored; later choices are. */
  g_variant_dict_insert (options.overrides, "colormap", "s", "viridis");
  window = daoview_window_new (GTK_APPLICATION (app), settings, &options);
  group = G_ACTION_GROUP (window);
  g_autofree char *over = state_string (group, "colormap");
  g_autofree char *kept = g_settings_get_string (settings, "colormap");
  VT_CHECK (g_str_equal (over, "viridis") && g_str_equal (kept, "inferno"),
            "with --colormap viridis: menu %s, setting %s", over, kept);
  g_action_group_activate_action (group, "colormap", g_variant_new_string ("cyclic"));
  g_autofree char *later = g_settings_get_string (settings, "colormap");
  VT_CHECK (g_str_equal (later, "cyclic"), "a menu choice after --colormap was not stored: %s", later);
  printf ("ok: a command-line choice shows in the menu, is not stored; a later one is\n");
  gtk_window_destroy (GTK_WINDOW (window));

  daoview_options_clear (&options);
  g_object_unref (app);
  return 0;
}
