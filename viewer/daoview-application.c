/* daoview-application.c — settings, application actions and the command line.
 *
 * The application is NON_UNIQUE: every `daoview` process is its own reader
 * with its own slot and options (--slot, --screenshot …), and a crash in one
 * cannot take down the windows of another.
 */
#define G_LOG_DOMAIN "daoview-application"

#include "config.h"

#include "daoview-application.h"

#include <dao.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "daoview-image-view.h"

#include "daoview-demo-writer.h"
#include "daoview-window.h"

struct _DaoviewApplication
{
  GtkApplication parent_instance;

  /* Owned */
  GSettings *settings; /* NULL when the schema is not installed */
  DaoviewDemoWriter *demo;
  char *screenshot;
  char *save_view;
  char *save_fits;
  char *save_npy;

  DaoviewWindowOptions options;
  gboolean demo_requested;
  gboolean screenshot_taken; /* only the first window takes it */
};

G_DEFINE_FINAL_TYPE (DaoviewApplication, daoview_application, GTK_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "demo", 'd', 0, G_OPTION_ARG_NONE, NULL,
    N_("Show a built-in demo stream (an animated speckled PSF)"), NULL },
  /* A string: GApplication cannot tell an integer option set to 0 from an
   * absent one, and slot 0 is the one existing DAO readers use. */
  { "slot", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Use reader semaphore N instead of the highest free one"), N_("N") },
  { "max-fps", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Draw at most N frames per second (0: every display refresh)"), N_("N") },
  { "colormap", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Colormap: grey, viridis, inferno, diverging or cyclic"), N_("NAME") },
  { "scale", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Scale: linear, log, sqrt or asinh"), N_("NAME") },
  { "complex-part", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Part of complex data: amplitude, phase, real or imaginary"), N_("NAME") },
  { "levels", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Fixed levels: the values drawn with the first and last colours"), N_("LOW:HIGH") },
  { "percentile", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Percentile clip levels, e.g. 0.5:99.5"), N_("LOW:HIGH") },
  { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Save the window as a PNG file after some frames, then exit"), N_("FILE") },
  { "frames", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Frames to show before --screenshot saves (default 3)"), N_("N") },
  { "slice", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("3-D streams: show slice K (first is 0)"), N_("K") },
  { "newest-slice", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("3-D streams: follow the slice that changed last"), NULL },
  { "plot", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Plot a row or column of the image instead of the image"), N_("row:Y|column:X") },
  { "pause", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Start with the display paused (the stream is still watched)"), NULL },
  { "analysis", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the analysis panel (histogram, statistics, profile, reference)"), NULL },
  { "rect", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Show the statistics of this rectangle (its first and last pixels, inclusive)"), N_("X0,Y0,X1,Y1") },
  { "profile", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Show the profile along this line (pixel ends)"), N_("X0,Y0,X1,Y1") },
  { "reference", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Subtract the mean of the first N frames from the frames after them"), N_("N") },
  { "save-view", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Like --screenshot, but save the view with its colour bar as PNG"), N_("FILE") },
  { "save-fits", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Like --screenshot, but save the raw frame and its header as FITS"), N_("FILE") },
  { "save-npy", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Like --screenshot, but save the raw frame as .npy (and its header as .json)"), N_("FILE") },
  { "print-state", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print stream state changes and statistics on standard output"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { NULL }
};

static gboolean
parse_four (const char *text, double *v)
{
  char *end = NULL;
  for (int i = 0; i < 4; i++)
    {
      v[i] = g_ascii_strtod (text, &end);
      if (end == text || *end != (i < 3 ? ',' : '\0'))
        return FALSE;
      text = end + 1;
    }
  return TRUE;
}

static gboolean
parse_pair (const char *text, double *low, double *high)
{
  char *end = NULL;
  *low = g_ascii_strtod (text, &end);
  if (end == text || *end != ':')
    return FALSE;
  text = end + 1;
  *high = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && *high > *low;
}

/* A setting's string, or NULL when there is no schema. */
static char *
setting_string (DaoviewApplication *self, const char *key)
{
  return self->settings ? g_settings_get_string (self->settings, key) : NULL;
}

static void
load_settings (DaoviewApplication *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema =
    source ? g_settings_schema_source_lookup (source, DAOVIEW_APPLICATION_ID, TRUE) : NULL;
  int index;

  /* g_settings_new() aborts on a missing schema: only ask for it if it is
   * installed, and keep choices in memory otherwise. */
  if (!schema)
    return;
  self->settings = g_settings_new (DAOVIEW_APPLICATION_ID);

  g_autofree char *colormap = setting_string (self, "colormap");
  g_autofree char *scale = setting_string (self, "scale");
  g_autofree char *mode = setting_string (self, "level-mode");
  g_autofree char *policy = setting_string (self, "level-policy");
  g_autofree char *part = setting_string (self, "complex-part");

  if ((index = daoview_colormap_from_name (colormap)) >= 0)
    self->options.colormap = index;
  if ((index = daoview_scale_from_name (scale)) >= 0)
    self->options.scale = index;
  if ((index = daoview_level_mode_from_name (mode)) >= 0)
    self->options.level_mode = index;
  if ((index = daoview_level_policy_from_name (policy)) >= 0)
    self->options.level_policy = index;
  if ((index = daoview_complex_part_from_name (part)) >= 0)
    self->options.complex_part = index;
  self->options.percentile_low = g_settings_get_double (self->settings, "percentile-low");
  self->options.percentile_high = g_settings_get_double (self->settings, "percentile-high");
  self->options.max_fps = g_settings_get_int (self->settings, "max-fps");
  self->options.show_colorbar = g_settings_get_boolean (self->settings, "show-colorbar");
}

/* Command-line choices override the settings for this run only. */
static int
daoview_application_handle_local_options (GApplication *app, GVariantDict *dict)
{
  DaoviewApplication *self = DAOVIEW_APPLICATION (app);
  const char *text;
  int index;

  if (g_variant_dict_contains (dict, "version"))
    {
      printf ("daoview %s (libdao %s)\n", PACKAGE_VERSION, dao_version ());
      return 0;
    }

  load_settings (self);

  self->demo_requested = g_variant_dict_contains (dict, "demo");
  self->options.print_state = g_variant_dict_contains (dict, "print-state");
  if (g_variant_dict_lookup (dict, "slot", "&s", &text))
    {
      char *end;
      gint64 slot = g_ascii_strtoll (text, &end, 10);
      if (end == text || *end || slot < 0 || slot >= DAO_MAX_SEMAPHORES)
        {
          g_printerr (_("daoview: --slot must be between 0 and %d\n"), DAO_MAX_SEMAPHORES - 1);
          return 1;
        }
      self->options.slot = (int) slot;
    }
  g_variant_dict_lookup (dict, "max-fps", "i", &self->options.max_fps);
  g_variant_dict_lookup (dict, "frames", "i", &self->options.frames);
  if (g_variant_dict_lookup (dict, "screenshot", "^&ay", &text))
    self->screenshot = g_strdup (text);
  if (g_variant_dict_lookup (dict, "save-view", "^&ay", &text))
    self->save_view = g_strdup (text);
  if (g_variant_dict_lookup (dict, "save-fits", "^&ay", &text))
    self->save_fits = g_strdup (text);
  if (g_variant_dict_lookup (dict, "save-npy", "^&ay", &text))
    self->save_npy = g_strdup (text);
  self->options.save_view = self->save_view;
  self->options.save_fits = self->save_fits;
  self->options.save_npy = self->save_npy;
  self->options.newest_slice = g_variant_dict_contains (dict, "newest-slice");
  self->options.show_analysis = g_variant_dict_contains (dict, "analysis");
  self->options.paused = g_variant_dict_contains (dict, "pause");
  g_variant_dict_lookup (dict, "reference", "i", &self->options.reference_frames);
  if (g_variant_dict_lookup (dict, "slice", "&s", &text))
    {
      char *end;
      gint64 k = g_ascii_strtoll (text, &end, 10);
      if (end == text || *end || k < 0 || k > G_MAXINT)
        goto bad;
      self->options.slice = (int) k;
    }
  if (g_variant_dict_lookup (dict, "plot", "&s", &text))
    {
      char *end;
      const char *colon = strchr (text, ':');
      if (g_str_equal (text, "image"))
        self->options.plot = 0;
      else if (colon && (g_str_has_prefix (text, "row:") || g_str_has_prefix (text, "column:")))
        {
          self->options.plot = text[0] == 'r' ? 1 : 2;
          self->options.plot_index = (int) g_ascii_strtoll (colon + 1, &end, 10);
          if (end == colon + 1 || *end || self->options.plot_index < 0)
            goto bad;
        }
      else
        goto bad;
    }
  if (g_variant_dict_lookup (dict, "rect", "&s", &text))
    {
      if (!parse_four (text, self->options.selection))
        goto bad;
      self->options.selection_tool = DAOVIEW_IMAGE_TOOL_RECT;
    }
  if (g_variant_dict_lookup (dict, "profile", "&s", &text))
    {
      if (!parse_four (text, self->options.selection))
        goto bad;
      self->options.selection_tool = DAOVIEW_IMAGE_TOOL_LINE;
    }

  if (g_variant_dict_lookup (dict, "colormap", "&s", &text))
    {
      if ((index = daoview_colormap_from_name (text)) < 0)
        goto bad;
      self->options.colormap = index;
    }
  if (g_variant_dict_lookup (dict, "scale", "&s", &text))
    {
      if ((index = daoview_scale_from_name (text)) < 0)
        goto bad;
      self->options.scale = index;
    }
  if (g_variant_dict_lookup (dict, "complex-part", "&s", &text))
    {
      if ((index = daoview_complex_part_from_name (text)) < 0)
        goto bad;
      self->options.complex_part = index;
    }
  if (g_variant_dict_lookup (dict, "levels", "&s", &text))
    {
      if (!parse_pair (text, &self->options.manual_low, &self->options.manual_high))
        goto bad;
      self->options.level_mode = DAOVIEW_LEVEL_MODE_MANUAL;
    }
  if (g_variant_dict_lookup (dict, "percentile", "&s", &text))
    {
      if (!parse_pair (text, &self->options.percentile_low, &self->options.percentile_high))
        goto bad;
      self->options.level_mode = DAOVIEW_LEVEL_MODE_PERCENTILE;
    }
  self->options.screenshot = self->screenshot;
  return -1;

bad:
  g_printerr (_("daoview: invalid value “%s”; see daoview --help\n"), text);
  return 1;
}

static DaoviewWindow *
new_window (DaoviewApplication *self)
{
  DaoviewWindowOptions options = self->options;
  if (self->screenshot_taken)
    options.screenshot = options.save_view = options.save_fits = options.save_npy = NULL;
  self->screenshot_taken = options.screenshot || options.save_view || options.save_fits
                           || options.save_npy;

  DaoviewWindow *window = daoview_window_new (GTK_APPLICATION (self), self->settings, &options);
  if (self->settings)
    gtk_window_set_default_size (GTK_WINDOW (window),
                                 g_settings_get_int (self->settings, "window-width"),
                                 g_settings_get_int (self->settings, "window-height"));
  return window;
}

static void
daoview_application_activate (GApplication *app)
{
  DaoviewApplication *self = DAOVIEW_APPLICATION (app);
  DaoviewWindow *window = new_window (self);

  if (self->demo_requested && !self->demo)
    {
      int code = 0;
      self->demo = daoview_demo_writer_new (&code);
      if (!self->demo)
        g_printerr (_("daoview: cannot create the demo stream: %s\n"), dao_strerror (code));
    }
  daoview_window_watch (window, self->demo ? daoview_demo_writer_get_path (self->demo) : NULL);
  gtk_window_present (GTK_WINDOW (window));
}

static void
daoview_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  DaoviewApplication *self = DAOVIEW_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      DaoviewWindow *window = new_window (self);
      daoview_window_watch (window, path);
      gtk_window_present (GTK_WINDOW (window));
    }
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
  g_autofree char *comments = g_strdup_printf (_("Watch DAO shared-memory image streams live.\nlibdao %s"),
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
daoview_application_startup (GApplication *app)
{
  GtkApplication *gtk_app = GTK_APPLICATION (app);

  G_APPLICATION_CLASS (daoview_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (gtk_app, "app.quit", (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (gtk_app, "window.close", (const char *[]) { "<Control>w", NULL });
  gtk_application_set_accels_for_action (gtk_app, "win.open", (const char *[]) { "<Control>o", NULL });
  gtk_application_set_accels_for_action (gtk_app, "win.pause", (const char *[]) { "space", "p", NULL });
  gtk_application_set_accels_for_action (gtk_app, "win.zoom-in",
                                         (const char *[]) { "plus", "equal", "<Control>plus", "KP_Add", NULL });
  gtk_application_set_accels_for_action (gtk_app, "win.zoom-out",
                                         (const char *[]) { "minus", "<Control>minus", "KP_Subtract", NULL });
  gtk_application_set_accels_for_action (gtk_app, "win.zoom-fit", (const char *[]) { "f", NULL });
  gtk_application_set_accels_for_action (gtk_app, "win.zoom-actual",
                                         (const char *[]) { "1", "<Control>0", NULL });
  gtk_application_set_accels_for_action (gtk_app, "win.show-colorbar", (const char *[]) { "b", NULL });
  gtk_application_set_accels_for_action (gtk_app, "win.show-analysis", (const char *[]) { "a", NULL });
  gtk_application_set_accels_for_action (gtk_app, "win.slice-next",
                                         (const char *[]) { "Page_Down", "bracketright", NULL });
  gtk_application_set_accels_for_action (gtk_app, "win.slice-previous",
                                         (const char *[]) { "Page_Up", "bracketleft", NULL });
  gtk_application_set_accels_for_action (gtk_app, "win.reference-capture", (const char *[]) { "r", NULL });
  gtk_application_set_accels_for_action (gtk_app, "win.reference-clear", (const char *[]) { "<Shift>r", NULL });
  gtk_application_set_accels_for_action (gtk_app, "win.save::png", (const char *[]) { "<Control>s", NULL });

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
  g_clear_pointer (&self->screenshot, g_free);
  g_clear_pointer (&self->save_view, g_free);
  g_clear_pointer (&self->save_fits, g_free);
  g_clear_pointer (&self->save_npy, g_free);

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
  app_class->open = daoview_application_open;
}

static void
daoview_application_init (DaoviewApplication *self)
{
  self->options.slot = -1;
  self->options.frames = 3;
  self->options.colormap = DAOVIEW_COLORMAP_GREY;
  self->options.scale = DAOVIEW_SCALE_LINEAR;
  self->options.complex_part = DAOVIEW_COMPLEX_AMPLITUDE;
  self->options.level_mode = DAOVIEW_LEVEL_MODE_MINMAX;
  self->options.level_policy = DAOVIEW_LEVEL_POLICY_FOLLOW;
  self->options.percentile_low = 0.5;
  self->options.percentile_high = 99.5;
  self->options.manual_low = 0;
  self->options.manual_high = 1;
  self->options.show_colorbar = TRUE;

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[PATH…]"));
  g_application_set_option_context_summary (
    G_APPLICATION (self),
    _("Watch DAO shared-memory image streams (such as /tmp/cam.im.shm) live.\n"
      "Without a PATH, choose one of the streams in /tmp."));
}

DaoviewApplication *
daoview_application_new (void)
{
  return g_object_new (DAOVIEW_TYPE_APPLICATION,
                       "application-id", DAOVIEW_APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/daoproject/Daoview",
                       NULL);
}
