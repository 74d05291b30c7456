/* test-viewer-resources.c — the bundled UI files build, and the shortcuts
 * window lists every accelerator the application sets.
 *
 * GtkApplication loads gtk/help-overlay.ui by itself and only warns when
 * it does not parse, so this checks it explicitly: the builder must create
 * "help_overlay", and each win./app. action with an accelerator must have a
 * GtkShortcutsShortcut naming it (so no shortcut goes undocumented). The
 * checks run in the application's "startup" handler; main() then checks
 * that they did run, so a startup that never comes fails too.
 */
#include <gtk/gtk.h>
#include <stdio.h>

#include "daoview-application.h"
#include "viewer-test-util.h"

static gboolean
documented (GtkWidget *widget, const char *action)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *name = NULL;
      g_object_get (widget, "action-name", &name, NULL);
      if (g_strcmp0 (name, action) == 0)
        return TRUE;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (documented (c, action))
      return TRUE;
  return FALSE;
}

static int checked = -1; /* accelerators checked by on_startup; -1: it never ran */

static void
on_startup (GApplication *app, gpointer data)
{
  GError *error = NULL;
  GtkBuilder *builder = gtk_builder_new ();
  VT_CHECK (gtk_builder_add_from_resource (builder, "/io/github/daoproject/Daoview/gtk/help-overlay.ui",
                                           &error),
            "help-overlay.ui: %s", error ? error->message : "?");
  GtkWidget *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  VT_CHECK (overlay && GTK_IS_SHORTCUTS_WINDOW (overlay), "no help_overlay");

  g_auto (GStrv) actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  checked = 0;
  for (int i = 0; actions[i]; i++)
    {
      g_autofree char *name = NULL;
      g_autoptr (GVariant) target = NULL;
      VT_CHECK (g_action_parse_detailed_name (actions[i], &name, &target, NULL), "bad %s", actions[i]);
      if (target) /* win.save::png is shown by its accelerator */
        continue;
      VT_CHECK (documented (overlay, name), "the shortcuts window does not list %s", name);
      checked++;
    }
  gtk_window_destroy (GTK_WINDOW (overlay));
  g_object_unref (builder);
}

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }
  /* startup registers the accelerators; no window is opened. */
  GError *error = NULL;
  DaoviewApplication *app = daoview_application_new ();
  g_signal_connect_after (app, "startup", G_CALLBACK (on_startup), NULL);
  VT_CHECK (g_application_register (G_APPLICATION (app), NULL, &error), "register: %s",
            error ? error->message : "?");
  VT_CHECK (checked >= 0, "the application's startup never ran: nothing was checked");
  VT_CHECK (checked >= 10, "only %d accelerators found", checked);
  printf ("ok: help overlay builds and documents %d accelerators\n", checked);
  g_object_unref (app);
  return 0;
}
