/* daoview-application.c — settings, application actions, windows.
 *
 * The application is NON_UNIQUE: every `daoview` process is its own reader
 * with its own slot and options (--slot, --screenshot …), and a crash in one
 * cannot take down the windows of another. The command line is read by the
 * core (daoview-options.h); without a display, headless work runs without a
 * window (daoview-headless.h).
 */
#define G_LOG_DOMAIN "daoview-application"

#include "config.h"

#include "daoview-application.h"

#include <dao.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "daoview-demo-writer.h"
#include "daoview-error.h"
#include "daoview-grid-window.h"
#include "daoview-headless.h"
#include "daoview-options.h"
#include "daoview-printer.h"
#include "daoview-settings.h"
#include "daoview-source.h"
#include "daoview-window.h"

struct _DaoviewApplication
{
  GtkApplication parent_instance;

  /* Owned */
  GSettings *settings;
  DaoviewDemoWriter *demo;
  DaoviewOptions options;
  char **paths;              /* the streams named on the command line */

  gboolean headless_taken;   /* only the first window does the headless work */
};

G_DEFINE_FINAL_TYPE (DaoviewApplication, daoview_application, GTK_TYPE_APPLICATION)

/* The demo stream's path, started on first use; NULL if it cannot be made. */
static const char *
demo_path (DaoviewApplication *self)
{
  if (!self->demo)
    {
      int code = 0;
      self->demo = daoview_demo_writer_new (&code);
      if (!self->demo)
        {
          g_autoptr (GError) error = daoview_error_new (NULL, code, NULL);
          g_printerr (_("daoview: cannot create the demo stream: %s\n"), error->message);
          return NULL;
        }
    }
  return daoview_demo_writer_get_path (self->demo);
}

static int
daoview_application_handle_local_options (GApplication *app, GVariantDict *dict)
{
  DaoviewApplication *self = DAOVIEW_APPLICATION (app);
  g_autoptr (GError) error = NULL;

  if (g_variant_dict_contains (dict, "version"))
    {
      printf ("daoview %s (libdao %s)\n", PACKAGE_VERSION, dao_version ());
      return 0;
    }
  if (!daoview_options_parse (&self->options, dict, &error))
    {
      g_printerr ("%s", error->message);
      return 1;
    }
  /* The chunks of a recording named one after the other are one window. */
  const char **paths = NULL;
  g_variant_dict_lookup (dict, G_OPTION_REMAINING, "^a&ay", &paths);
  char **locations = paths ? daoview_source_group_locations (paths) : NULL;
  g_free (paths);
  self->paths = locations ? g_strdupv (locations) : NULL;
  daoview_recording_paths_free (locations);
  self->settings = daoview_settings_new (DAOVIEW_APPLICATION_ID);

  /* Saving and screenshots need no display: without one, do them without
   * a window (anything else needs one, and GTK says so). */
  if (self->options.diff)
    {
      /* One stream: A − B (daoview-source-diff.c). */
      char *diff = daoview_diff_location (self->options.grid[0], self->options.grid[1]);
      g_strfreev (self->paths);
      self->paths = g_new0 (char *, 2);
      self->paths[0] = g_strdup (diff);
      free (diff);
      g_clear_pointer (&self->options.grid, g_strfreev);
    }
  if (daoview_options_headless (&self->options) && !gtk_init_check ())
    {
      const char *location = self->paths && self->paths[0] ? self->paths[0]
                             : self->options.demo ? demo_path (self) : NULL;
      if (self->options.grid)
        {
          g_printerr ("%s", _("daoview: --grid needs a display\n"));
          return 1;
        }
      int status = daoview_headless_run (self->settings, &self->options, location);
      if (self->demo)
        daoview_demo_writer_stop (self->demo);
      return status;
    }
  return -1;
}

static void
open_window (DaoviewApplication *self, const char *location)
{
  DaoviewOptions options;

  daoview_options_copy (&options, &self->options);
  if (self->headless_taken)
    {
      g_clear_pointer (&options.screenshot, g_free);
      for (int k = 0; k < DAOVIEW_N_SAVE_KINDS; k++)
        g_clear_pointer (&options.save[k], g_free);
    }
  self->headless_taken = daoview_options_headless (&options);

  DaoviewWindow *window = daoview_window_new (GTK_APPLICATION (self), self->settings, &options);
  daoview_options_clear (&options);
  gtk_window_set_default_size (GTK_WINDOW (window), g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (self->options.print_state)
    daoview_printer_attach (window);
  daoview_window_watch (window, location);
  gtk_window_present (GTK_WINDOW (window));
}

static void
daoview_application_activate (GApplication *app)
{
  DaoviewApplication *self = DAOVIEW_APPLICATION (app);

  if (self->options.grid)
    {
      DaoviewGridWindow *grid = daoview_grid_window_new (GTK_APPLICATION (self), self->settings,
                                                         &self->options);
      for (int i = 0; self->options.grid[i]; i++)
        daoview_grid_window_add (grid, self->options.grid[i]);
      gtk_window_set_default_size (GTK_WINDOW (grid), g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      gtk_window_present (GTK_WINDOW (grid));
    }
  else if (self->paths && self->paths[0])
    for (int i = 0; self->paths[i]; i++)
      open_window (self, self->paths[i]);
  else
    open_window (self, self->options.demo ? demo_path (self) : NULL);
}

static void
quit_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  g_application_quit (G_APPLICATION (data));
}

static void
about_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  GtkApplication *app = GTK_APPLICATION (data);
  g_autofree char *comments = g_strdup_printf (_("Watch DAO and milk shared-memory image streams live.\nlibdao %s"),
                                               dao_version ());
  const char *authors[] = { _("The dao project"), NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (app),
                         "program-name", _("Daoview"),
                         "logo-icon-name", DAOVIEW_APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", comments,
                         "authors", authors,
                         "license-type", GTK_LICENSE_MIT_X11,
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
};

static gboolean
on_quit_signal (gpointer data)
{
  /* Ctrl-C or kill: quit normally so the demo stream is removed. */
  g_application_quit (G_APPLICATION (data));
  return G_SOURCE_CONTINUE;
}

static void
set_accels (GtkApplication *app, const char *action, ...)
{
  const char *accels[6] = { NULL };
  va_list args;
  va_start (args, action);
  for (guint i = 0; i < G_N_ELEMENTS (accels) - 1 && (accels[i] = va_arg (args, const char *)); i++)
    ;
  va_end (args);
  gtk_application_set_accels_for_action (app, action, accels);
}

static void
daoview_application_startup (GApplication *app)
{
  GtkApplication *gtk_app = GTK_APPLICATION (app);

  G_APPLICATION_CLASS (daoview_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  set_accels (gtk_app, "app.quit", "<Control>q", NULL);
  set_accels (gtk_app, "window.close", "<Control>w", NULL);
  set_accels (gtk_app, "win.open", "<Control>o", NULL);
  set_accels (gtk_app, "win.pause", "space", "p", NULL);
  set_accels (gtk_app, "win.zoom-in", "plus", "equal", "<Control>plus", "KP_Add", NULL);
  set_accels (gtk_app, "win.zoom-out", "minus", "<Control>minus", "KP_Subtract", NULL);
  set_accels (gtk_app, "win.zoom-fit", "f", NULL);
  set_accels (gtk_app, "win.zoom-actual", "1", "<Control>0", NULL);
  set_accels (gtk_app, "win.show-colorbar", "b", NULL);
  set_accels (gtk_app, "win.show-analysis", "a", NULL);
  set_accels (gtk_app, "win.slice-next", "Page_Down", "bracketright", NULL);
  set_accels (gtk_app, "win.slice-previous", "Page_Up", "bracketleft", NULL);
  set_accels (gtk_app, "win.reference-capture", "r", NULL);
  set_accels (gtk_app, "win.reference-clear", "<Shift>r", NULL);
  set_accels (gtk_app, "win.save::png", "<Control>s", NULL);
  set_accels (gtk_app, "win.frame-previous", "Left", NULL);
  set_accels (gtk_app, "win.frame-next", "Right", NULL);
  set_accels (gtk_app, "win.frame-first", "Home", NULL);
  set_accels (gtk_app, "win.frame-last", "End", NULL);
  set_accels (gtk_app, "win.history-back", "comma", "<Alt>Left", NULL);
  set_accels (gtk_app, "win.history-forward", "period", "<Alt>Right", NULL);
  set_accels (gtk_app, "win.strip-chart::pixel", "t", NULL);
  set_accels (gtk_app, "win.strip-chart::", "<Shift>t", NULL);
  set_accels (gtk_app, "win.add-split", "<Control><Shift>n", NULL);
  set_accels (gtk_app, "win.link-zoom", "l", NULL);
  set_accels (gtk_app, "win.load-dark", "<Control>d", NULL);
  set_accels (gtk_app, "win.levels", "c", NULL);
  set_accels (gtk_app, "win.levels-reset", "<Shift>c", NULL);
  set_accels (gtk_app, "win.reticle-next", "x", NULL);
  set_accels (gtk_app, "win.show-circles", "o", NULL);
  set_accels (gtk_app, "win.show-region", "u", NULL);

  /* Unlike libadwaita's AdwApplication, GtkApplication does not load a
   * style.css from the resource base path by itself. */
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/daoproject/Daoview/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_unix_signal_add (SIGINT, on_quit_signal, app);
  g_unix_signal_add (SIGTERM, on_quit_signal, app);
}

static void
daoview_application_shutdown (GApplication *app)
{
  DaoviewApplication *self = DAOVIEW_APPLICATION (app);

  if (self->demo)
    daoview_demo_writer_stop (self->demo);

  G_APPLICATION_CLASS (daoview_application_parent_class)->shutdown (app);
}

static void
daoview_application_dispose (GObject *object)
{
  DaoviewApplication *self = DAOVIEW_APPLICATION (object);

  g_clear_object (&self->demo);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->paths, g_strfreev);
  daoview_options_clear (&self->options);

  G_OBJECT_CLASS (daoview_application_parent_class)->dispose (object);
}

static void
daoview_application_class_init (DaoviewApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = daoview_application_dispose;
  app_class->handle_local_options = daoview_application_handle_local_options;
  app_class->startup = daoview_application_startup;
  app_class->shutdown = daoview_application_shutdown;
  app_class->activate = daoview_application_activate;
}

static void
daoview_application_init (DaoviewApplication *self)
{
  daoview_options_init (&self->options);
  g_application_add_main_option_entries (G_APPLICATION (self), daoview_options_entries ());
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[PATH…]"));
  g_application_set_option_context_summary (
    G_APPLICATION (self),
    _("Watch DAO and milk (ImageStreamIO) shared-memory image streams (such as\n"
      "/tmp/cam.im.shm) live. Without a PATH, choose one of the streams in /tmp\n"
      "or in milk's directory ($MILK_SHM_DIR, else /milk/shm)."));
  g_autofree char *description = g_strdup_printf (
    "%s\n%s",
    _("Several streams in one window: daoview --grid A B [C …]; their difference: daoview --diff A B."),
    _("A PATH may be tcp://HOST:PORT/NAME: a stream that daoctl serve offers on\n"
      "another machine (reconnected automatically); tcp://HOST:PORT/ lists them."));
  g_application_set_option_context_description (G_APPLICATION (self), description);
}

DaoviewApplication *
daoview_application_new (void)
{
  return g_object_new (DAOVIEW_TYPE_APPLICATION,
                       "application-id", DAOVIEW_APPLICATION_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/daoproject/Daoview",
                       NULL);
}
