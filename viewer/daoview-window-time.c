/* daoview-window-time.c — the window's view of time: the strip chart of a
 * quantity (beside the image) with its export, and stepping through a
 * FIFO's history. The work is the session's (daoview-session.h); this file
 * adds the widget and the actions (the playback bar of
 * daoview-window-playback.c shows the history frame and steps through it
 * too, as through a recording).
 */
#define G_LOG_DOMAIN "daoview-window"

#include "config.h"

#include "daoview-window-private.h"

#include <glib/gi18n.h>

/* Where the quantity is measured: the pixel given (or the one under the
 * pointer when the chart was started), the rectangle drawn (or the whole
 * plane). */
static void
update_context (DaoviewWindow *self)
{
  DaoviewQuantityContext *c = daoview_session_get_quantity_context (self->session);
  c->have_region = self->selection.tool == DAOVIEW_TOOL_RECT;
  if (c->have_region)
    {
      c->region[0] = (unsigned) MAX (0, self->selection.x0);
      c->region[1] = (unsigned) MAX (0, self->selection.y0);
      c->region[2] = (unsigned) MAX (0, self->selection.x1);
      c->region[3] = (unsigned) MAX (0, self->selection.y1);
    }
}

void
daoview_window_time_update (DaoviewWindow *self)
{
  const DaoviewQuantityClass *q = daoview_session_get_quantity (self->session);
  gtk_widget_set_visible (GTK_WIDGET (self->strip_chart), q != NULL);
  if (!q)
    return;
  update_context (self);
  daoview_strip_chart_update (self->strip_chart, daoview_session_get_timeseries (self->session),
                              _(q->label));
}

static void
on_strip_chart_changed (DaoviewSession *session, GParamSpec *pspec, DaoviewWindow *self)
{
  const DaoviewPlane *plane = daoview_pipeline_plane (daoview_session_get_pipeline (session));
  DaoviewQuantityContext *c = daoview_session_get_quantity_context (session);
  /* A pixel: the one under the pointer, else the middle of the frame. */
  if (self->hover_x >= 0)
    c->x = self->hover_x, c->y = self->hover_y;
  else if (c->x == 0 && c->y == 0 && plane->values)
    c->x = (int) plane->width / 2, c->y = (int) plane->height / 2;
  daoview_window_time_update (self);
}

static void
history_back (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  daoview_session_history_step (DAOVIEW_WINDOW (data)->session, -1);
}

static void
history_forward (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  daoview_session_history_step (DAOVIEW_WINDOW (data)->session, 1);
}

static void
on_export_response (GtkNativeDialog *dialog, int response, DaoviewWindow *self)
{
  g_autoptr (GFile) file = response == GTK_RESPONSE_ACCEPT ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog)) : NULL;
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  if (path)
    {
      g_autoptr (GError) error = NULL;
      daoview_window_export_series (self, path, &error);
    }
  g_object_unref (dialog);
}

gboolean
daoview_window_export_series (DaoviewWindow *self, const char *path, GError **error)
{
  DaoviewTimeseries *series = daoview_session_get_timeseries (self->session);
  const DaoviewQuantityClass *q = daoview_session_get_quantity (self->session);
  gboolean ok;
  if (g_str_has_suffix (path, ".npy"))
    ok = daoview_timeseries_save_npy (series, path, error);
  else
    {
      g_autofree char *csv = daoview_timeseries_to_csv (series, q ? q->name : "value");
      ok = g_file_set_contents (path, csv, -1, error);
    }
  g_autofree char *notice = ok ? g_strdup_printf (_("Saved %u samples to %s"),
                                                  daoview_timeseries_length (series), path)
                               : g_strdup ((*error)->message);
  daoview_status_bar_set_notice (self->status_bar, notice);
  return ok;
}

static void
export_series (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  DaoviewWindow *self = data;
  const char *kind = g_variant_get_string (parameter, NULL);
  if (!daoview_session_get_quantity (self->session))
    {
      daoview_status_bar_set_notice (self->status_bar, _("No strip chart to save"));
      return;
    }
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Save"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                                              _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog),
                                     g_str_equal (kind, "npy") ? "series.npy" : "series.csv");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static const GActionEntry time_actions[] = {
  { "history-back", history_back },
  { "history-forward", history_forward },
  { "export-series", export_series, "s" },
};

void
daoview_window_time_init (DaoviewWindow *self, GtkWidget *beside)
{
  self->strip_chart = DAOVIEW_STRIP_CHART (daoview_strip_chart_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->strip_chart), FALSE);
  gtk_widget_set_size_request (GTK_WIDGET (self->strip_chart), 380, -1);
  gtk_widget_insert_after (GTK_WIDGET (self->strip_chart), gtk_widget_get_parent (beside), beside);

  g_action_map_add_action_entries (G_ACTION_MAP (self), time_actions, G_N_ELEMENTS (time_actions), self);
  g_autoptr (GPropertyAction) chart = g_property_action_new ("strip-chart", self->session, "strip-chart");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (chart));
  g_signal_connect_object (self->session, "notify::strip-chart", G_CALLBACK (on_strip_chart_changed),
                           self, 0);
}
