/* daoview-window-actions.c — the window's actions (win.*), and saving.
 *
 * A choice is a property of the object it belongs to, and its action is a
 * GPropertyAction on that property: the menus' radio items show exactly
 * what the object holds, whether the value came from the settings, the
 * command line or an earlier click. Display choices are properties of the
 * session (bound to GSettings there), the colour bar and the analysis
 * panel are shown or hidden through their "visible" property (the colour
 * bar's bound to its setting), and the drag tool is the image view's.
 */
#define G_LOG_DOMAIN "daoview-window"

#include "config.h"

#include "daoview-window-private.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "daoview-cube.h"
#include "daoview-grid-window.h"
#include "daoview-save.h"

/* ---- saving ------------------------------------------------------------- */

gboolean
daoview_window_save_as (DaoviewWindow *self, DaoviewSaveKind kind, const char *path, GError **error)
{
  DaoviewPipeline *pipeline = daoview_session_get_pipeline (self->session);
  const DaoviewFrame *frame = daoview_pipeline_frame (pipeline);
  gboolean ok;
  int scale = 1;

  if (kind == DAOVIEW_SAVE_VIEW_PNG)
    {
      DaoviewViewNotes notes;
      daoview_window_view_notes (self, &notes);
      ok = daoview_save_view_png (path, frame ? daoview_frame_surfaces_current (&self->surfaces) : NULL,
                                  daoview_pipeline_params (pipeline), &notes, &scale, error);
      daoview_view_notes_clear (&notes);
    }
  else
    {
      dao_keyword *keywords = NULL;
      unsigned n = 0;
      daoview_session_copy_keywords (self->session, &keywords, &n);
      ok = daoview_save_frame (kind, path, frame, daoview_session_get_location (self->session),
                               keywords, n, error);
      free (keywords);
    }

  g_autofree char *notice = ok ? g_strdup_printf (_("Saved frame %" PRIu64 " to %s"), frame->counter, path)
                               : g_strdup ((*error)->message);
  daoview_status_bar_set_notice (self->status_bar, notice);
  g_signal_emit (self, daoview_window_signals[DAOVIEW_WINDOW_SAVED], 0, (int) kind, path,
                 (guint64) (frame ? frame->counter : 0), scale, ok ? NULL : *error);
  return ok;
}

static void
on_save_response (GtkNativeDialog *dialog, int response, DaoviewWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autoptr (GError) error = NULL;
      if (path)
        daoview_window_save_as (self, self->save_kind, path, &error);
    }
  g_clear_object (&self->save_dialog);
}

static void
save_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  DaoviewWindow *self = data;
  const DaoviewFrame *frame = daoview_pipeline_frame (daoview_session_get_pipeline (self->session));
  const char *kind = g_variant_get_string (parameter, NULL);
  const char *suffix = g_str_equal (kind, "fits") ? ".fits" : g_str_equal (kind, "npy") ? ".npy" : ".png";

  if (!frame)
    {
      daoview_status_bar_set_notice (self->status_bar, _("No frame to save yet"));
      return;
    }
  self->save_kind = g_str_equal (kind, "fits") ? DAOVIEW_SAVE_FITS
                    : g_str_equal (kind, "npy") ? DAOVIEW_SAVE_NPY : DAOVIEW_SAVE_VIEW_PNG;
  g_clear_object (&self->save_dialog);
  self->save_dialog = gtk_file_chooser_native_new (_("Save"), GTK_WINDOW (self),
                                                   GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                                   _("_Cancel"));
  g_autofree char *name = g_strdup_printf ("frame-%" G_GUINT64_FORMAT "%s", frame->counter, suffix);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->save_dialog), name);
  g_signal_connect_object (self->save_dialog, "response", G_CALLBACK (on_save_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->save_dialog));
}

/* ---- the others ---------------------------------------------------------- */

static void
zoom_in (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  daoview_image_view_zoom_in (DAOVIEW_WINDOW (data)->image_view);
}

static void
zoom_out (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  daoview_image_view_zoom_out (DAOVIEW_WINDOW (data)->image_view);
}

static void
zoom_fit (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  daoview_image_view_zoom_fit (DAOVIEW_WINDOW (data)->image_view);
}

static void
zoom_actual (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  daoview_image_view_zoom_actual (DAOVIEW_WINDOW (data)->image_view);
}

static void
step_slice (DaoviewWindow *self, long delta)
{
  const DaoviewFrame *frame = daoview_pipeline_frame (daoview_session_get_pipeline (self->session));
  DaoviewGeometry g;
  guint slice;

  if (!frame || daoview_geometry_from_shape (frame->naxis, frame->shape, &g) < 0)
    return;
  g_object_get (self->session, "slice", &slice, NULL);
  g_object_set (self->session, "slice", daoview_cube_step (&g, slice, delta), NULL);
}

static void
slice_next (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  step_slice (DAOVIEW_WINDOW (data), 1);
}

static void
slice_previous (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  step_slice (DAOVIEW_WINDOW (data), -1);
}

static void
start_reference (DaoviewWindow *self, unsigned frames)
{
  daoview_pipeline_start_reference (daoview_session_get_pipeline (self->session), frames);
  daoview_window_update_analysis (self, FALSE);
}

static void
reference_capture (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  start_reference (DAOVIEW_WINDOW (data), 1);
}

static void
reference_average (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  start_reference (DAOVIEW_WINDOW (data), 10);
}

static void
reference_clear (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  DaoviewWindow *self = data;
  daoview_pipeline_clear_reference (daoview_session_get_pipeline (self->session));
  daoview_window_redraw (self);
}

static void
open_chooser (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  daoview_window_watch (DAOVIEW_WINDOW (data), NULL);
}

/* A split: this stream and another in one window (a grid), which takes
 * this window's place. */
static void
add_split (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  DaoviewWindow *self = data;
  const char *location = daoview_session_get_location (self->session);
  DaoviewGridWindow *grid = daoview_grid_window_new (gtk_window_get_application (GTK_WINDOW (self)),
                                                     self->settings, &self->options);
  int width, height;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (grid), width, height);
  if (location)
    daoview_grid_window_add (grid, location);
  gtk_window_present (GTK_WINDOW (grid));
  daoview_grid_window_choose_split (grid);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_analysis_panel_shown (GtkWidget *panel, GParamSpec *pspec, DaoviewWindow *self)
{
  daoview_window_update_analysis (self, FALSE);
}

static const GActionEntry window_actions[] = {
  { "zoom-in", zoom_in },
  { "zoom-out", zoom_out },
  { "zoom-fit", zoom_fit },
  { "zoom-actual", zoom_actual },
  { "open", open_chooser },
  { "slice-next", slice_next },
  { "slice-previous", slice_previous },
  { "reference-capture", reference_capture },
  { "reference-average", reference_average },
  { "reference-clear", reference_clear },
  { "save", save_activated, "s" },
  { "add-split", add_split },
};

static void
add_property_action (DaoviewWindow *self, const char *name, gpointer object, const char *property)
{
  g_autoptr (GPropertyAction) action = g_property_action_new (name, object, property);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
}

void
daoview_window_add_actions (DaoviewWindow *self)
{
  static const char *const session_choices[] = {
    "colormap", "scale", "complex-part", "level-mode", "level-policy", "newest-slice", "plot",
    "vector-view",
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions, G_N_ELEMENTS (window_actions),
                                   self);
  for (guint i = 0; i < G_N_ELEMENTS (session_choices); i++)
    add_property_action (self, session_choices[i], self->session, session_choices[i]);
  add_property_action (self, "pause", self->session, "paused");
  add_property_action (self, "tool", self->image_view, "tool");
  add_property_action (self, "show-colorbar", self->colorbar, "visible");
  add_property_action (self, "show-analysis", self->analysis_panel, "visible");
  add_property_action (self, "histogram-log", self->analysis, "log-counts");
  g_signal_connect_object (self->analysis_panel, "notify::visible",
                           G_CALLBACK (on_analysis_panel_shown), self, 0);
  daoview_window_add_calibration_actions (self);
  daoview_window_add_contrast (self);
  daoview_window_add_overlay_actions (self);
}
