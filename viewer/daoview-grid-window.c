/* daoview-grid-window.c — several streams in one window (see
 * daoview-grid-window.h). The panes do their own work; the window lays
 * them out, links their views and does the headless work of the options. */
#define G_LOG_DOMAIN "daoview-grid-window"

#include "config.h"

#include "daoview-grid-window.h"

#include <glib/gi18n.h>

#include "daoview-report.h"
#include "daoview-screenshot.h"
#include "daoview-stream-chooser.h"

#define PATIENCE_US (3 * 1000 * 1000)

struct _DaoviewGridWindow
{
  GtkApplicationWindow parent_instance;

  /* Children */
  GtkGrid *grid;

  /* Owned */
  GPtrArray *panes;      /* DaoviewStreamPane, in order */
  DaoviewOptions options;
  GSettings *settings;
  GtkWindow *chooser_dialog;

  gboolean link_zoom;
  gboolean linking;      /* applying one pane's view to the others */
  gint64 start_us;
  int screenshot_stage;  /* 0 waiting, 1 settling, 2 done */
  int settle_paints;
  guint tick_id;
};

G_DEFINE_FINAL_TYPE (DaoviewGridWindow, daoview_grid_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_LINK_ZOOM,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

/* ⌈√n⌉ columns, filled row by row. */
static void
layout (DaoviewGridWindow *self)
{
  guint n = self->panes->len, columns = 1;
  while (columns * columns < n)
    columns++;
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *pane = g_ptr_array_index (self->panes, i);
      if (gtk_widget_get_parent (pane))
        gtk_grid_remove (self->grid, pane);
      gtk_grid_attach (self->grid, pane, (int) (i % columns), (int) (i / columns), 1, 1);
    }
}

static void
on_view_changed (DaoviewImageView *view, DaoviewGridWindow *self)
{
  DaoviewImageViewState state;
  if (!self->link_zoom || self->linking)
    return;
  daoview_image_view_get_view (view, &state);
  self->linking = TRUE;
  for (guint i = 0; i < self->panes->len; i++)
    {
      DaoviewImageView *other = daoview_stream_pane_get_image_view (g_ptr_array_index (self->panes, i));
      DaoviewImageViewState o;
      daoview_image_view_get_view (other, &o);
      if (other != view && o.image_width == state.image_width && o.image_height == state.image_height)
        daoview_image_view_set_view (other, &state);
    }
  self->linking = FALSE;
}

static void
print_prefixed (DaoviewGridWindow *self, DaoviewStreamPane *pane, char *text)
{
  guint index = 0;
  g_ptr_array_find (self->panes, pane, &index);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);
  for (guint i = 0; lines[i]; i++)
    if (*lines[i])
      g_string_append_printf (out, "pane %u %s\n", index, lines[i]);
  daoview_report_print (out->str);
  g_string_free (out, TRUE);
  g_free (text);
}

static void
on_pane_state (DaoviewStreamPane *pane, const DaoviewStreamStatus *status, DaoviewGridWindow *self)
{
  if (self->options.print_state)
    print_prefixed (self, pane, daoview_report_state (status));
}

static void
on_pane_report (DaoviewStreamPane *pane, const DaoviewSessionReport *report, DaoviewGridWindow *self)
{
  if (self->options.print_state)
    print_prefixed (self, pane, daoview_report_stats (report));
}

static void
on_pane_close (DaoviewStreamPane *pane, DaoviewGridWindow *self)
{
  gtk_grid_remove (self->grid, GTK_WIDGET (pane));
  g_ptr_array_remove (self->panes, pane); /* drops the last ref */
  if (self->panes->len == 0)
    gtk_window_destroy (GTK_WINDOW (self));
  else
    layout (self);
}

DaoviewStreamPane *
daoview_grid_window_add (DaoviewGridWindow *self, const char *location)
{
  g_return_val_if_fail (DAOVIEW_IS_GRID_WINDOW (self), NULL);
  DaoviewStreamPane *pane = daoview_stream_pane_new (self->settings, &self->options, location);
  gtk_widget_set_hexpand (GTK_WIDGET (pane), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (pane), TRUE);
  g_ptr_array_add (self->panes, g_object_ref_sink (pane));
  g_signal_connect_object (daoview_stream_pane_get_image_view (pane), "view-changed",
                           G_CALLBACK (on_view_changed), self, 0);
  g_signal_connect_object (pane, "state-changed", G_CALLBACK (on_pane_state), self, 0);
  g_signal_connect_object (pane, "report", G_CALLBACK (on_pane_report), self, 0);
  g_signal_connect_object (pane, "close-requested", G_CALLBACK (on_pane_close), self, 0);
  layout (self);
  return pane;
}

guint
daoview_grid_window_get_n_panes (DaoviewGridWindow *self)
{
  return self->panes->len;
}

DaoviewStreamPane *
daoview_grid_window_get_pane (DaoviewGridWindow *self, guint index)
{
  return index < self->panes->len ? g_ptr_array_index (self->panes, index) : NULL;
}

/* ---- adding a split ----------------------------------------------------- */

static void
on_chosen (DaoviewStreamChooser *chooser, const char *path, DaoviewGridWindow *self)
{
  daoview_grid_window_add (self, path);
  if (self->chooser_dialog)
    gtk_window_destroy (self->chooser_dialog);
}

void
daoview_grid_window_choose_split (DaoviewGridWindow *self)
{
  if (self->chooser_dialog)
    {
      gtk_window_present (self->chooser_dialog);
      return;
    }
  GtkWidget *dialog = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (dialog), _("Add a Stream"));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 560, 400);
  GtkWidget *chooser = g_object_new (DAOVIEW_TYPE_STREAM_CHOOSER, NULL);
  g_signal_connect_object (chooser, "stream-activated", G_CALLBACK (on_chosen), self, 0);
  gtk_window_set_child (GTK_WINDOW (dialog), chooser);
  self->chooser_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->chooser_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_split (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  daoview_grid_window_choose_split (DAOVIEW_GRID_WINDOW (data));
}

static void
pause_all (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  DaoviewGridWindow *self = data;
  gboolean any_running = FALSE;
  for (guint i = 0; i < self->panes->len; i++)
    any_running |= !daoview_session_get_paused (daoview_stream_pane_get_session (g_ptr_array_index (self->panes, i)));
  for (guint i = 0; i < self->panes->len; i++)
    g_object_set (daoview_stream_pane_get_session (g_ptr_array_index (self->panes, i)), "paused", any_running,
                  NULL);
}

static void
zoom_fit_all (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  DaoviewGridWindow *self = data;
  for (guint i = 0; i < self->panes->len; i++)
    daoview_image_view_zoom_fit (daoview_stream_pane_get_image_view (g_ptr_array_index (self->panes, i)));
}

static const GActionEntry grid_actions[] = {
  { "add-split", add_split },
  { "pause", pause_all },
  { "zoom-fit", zoom_fit_all },
};

/* ---- headless ---------------------------------------------------------- */

static void
on_after_paint (GdkFrameClock *clock, DaoviewGridWindow *self)
{
  g_autoptr (GError) error = NULL;
  if (self->screenshot_stage != 1)
    return;
  if (++self->settle_paints < 3)
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  self->screenshot_stage = 2;
  if (!daoview_screenshot_save_png (GTK_WIDGET (self), self->options.screenshot, &error))
    g_printerr ("daoview: %s\n", error->message);
  else if (self->options.print_state)
    {
      g_autofree char *line = daoview_report_screenshot (self->options.screenshot, NULL);
      daoview_report_print (line);
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
on_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  DaoviewGridWindow *self = DAOVIEW_GRID_WINDOW (widget);
  if (!self->options.screenshot || self->screenshot_stage != 0)
    return G_SOURCE_CONTINUE;
  gboolean enough = TRUE;
  for (guint i = 0; i < self->panes->len; i++)
    {
      DaoviewSessionReport r;
      daoview_session_get_report (daoview_stream_pane_get_session (g_ptr_array_index (self->panes, i)), &r);
      enough &= r.frames_shown >= (guint64) MAX (1, self->options.frames);
    }
  if (!enough && g_get_monotonic_time () - self->start_us < PATIENCE_US)
    return G_SOURCE_CONTINUE;
  self->screenshot_stage = 1;
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_after_paint), self, 0);
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

/* ---- life -------------------------------------------------------------- */

static void
daoview_grid_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DaoviewGridWindow *self = DAOVIEW_GRID_WINDOW (object);
  if (prop_id == PROP_LINK_ZOOM)
    self->link_zoom = g_value_get_boolean (value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
daoview_grid_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DaoviewGridWindow *self = DAOVIEW_GRID_WINDOW (object);
  if (prop_id == PROP_LINK_ZOOM)
    g_value_set_boolean (value, self->link_zoom);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
daoview_grid_window_dispose (GObject *object)
{
  DaoviewGridWindow *self = DAOVIEW_GRID_WINDOW (object);

  if (self->tick_id)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  g_clear_pointer (&self->panes, g_ptr_array_unref);
  g_clear_object (&self->settings);
  daoview_options_clear (&self->options);

  G_OBJECT_CLASS (daoview_grid_window_parent_class)->dispose (object);
}

static void
daoview_grid_window_class_init (DaoviewGridWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = daoview_grid_window_dispose;
  object_class->set_property = daoview_grid_window_set_property;
  object_class->get_property = daoview_grid_window_get_property;
  properties[PROP_LINK_ZOOM] = g_param_spec_boolean ("link-zoom", NULL, NULL, TRUE,
                                                     G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static GMenuModel *
primary_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_menu_append (menu, _("_Add a Stream…"), "win.add-split");
  g_menu_append (menu, _("_Link Zoom and Pan"), "win.link-zoom");
  g_menu_append (menu, _("_Pause All"), "win.pause");
  g_menu_append (menu, _("_Keyboard Shortcuts"), "win.show-help-overlay");
  g_menu_append (menu, _("_Quit"), "app.quit");
  return G_MENU_MODEL (menu);
}

static void
daoview_grid_window_init (DaoviewGridWindow *self)
{
  self->panes = g_ptr_array_new_with_free_func (g_object_unref); /* a ref each: layout() re-parents */
  self->link_zoom = TRUE;
  self->start_us = g_get_monotonic_time ();
  daoview_options_init (&self->options);

  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "win.add-split");
  gtk_widget_set_tooltip_text (add, _("Add a Stream"));
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), add);
  GtkWidget *link = gtk_toggle_button_new ();
  gtk_button_set_icon_name (GTK_BUTTON (link), "insert-link-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (link), "win.link-zoom");
  gtk_widget_set_tooltip_text (link, _("Link Zoom and Pan of Streams of the Same Shape"));
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), link);
  GtkWidget *menu = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu), "open-menu-symbolic");
  g_autoptr (GMenuModel) model = primary_menu ();
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu), model);
  gtk_menu_button_set_primary (GTK_MENU_BUTTON (menu), TRUE);
  gtk_header_bar_pack_end (GTK_HEADER_BAR (header), menu);
  gtk_window_set_titlebar (GTK_WINDOW (self), header);
  gtk_window_set_title (GTK_WINDOW (self), _("Daoview"));

  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (self->grid, 4);
  gtk_grid_set_column_spacing (self->grid, 4);
  gtk_grid_set_row_homogeneous (self->grid, TRUE);
  gtk_grid_set_column_homogeneous (self->grid, TRUE);
  gtk_window_set_child (GTK_WINDOW (self), GTK_WIDGET (self->grid));

  g_action_map_add_action_entries (G_ACTION_MAP (self), grid_actions, G_N_ELEMENTS (grid_actions), self);
  g_autoptr (GPropertyAction) link_action = g_property_action_new ("link-zoom", self, "link-zoom");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (link_action));
  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
}

DaoviewGridWindow *
daoview_grid_window_new (GtkApplication *application, GSettings *settings, const DaoviewOptions *options)
{
  DaoviewGridWindow *self = g_object_new (DAOVIEW_TYPE_GRID_WINDOW, "application", application, NULL);
  self->settings = g_object_ref (settings);
  daoview_options_clear (&self->options);
  daoview_options_copy (&self->options, options);
  g_settings_bind (settings, "link-zoom", self, "link-zoom", G_SETTINGS_BIND_DEFAULT);
  return self;
}
