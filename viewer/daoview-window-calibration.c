/* daoview-window-calibration.c — the window's calibration actions: load a
 * dark, a flat or a reference PSF from a FITS or .npy file or a stream
 * (win.load-dark, win.load-flat, win.load-psf-reference), and drop them
 * all (win.clear-calibration). The images themselves are the session's
 * (daoview_session_load_dark); what is in use is named in the header. */
#define G_LOG_DOMAIN "daoview-window"

#include "config.h"

#include "daoview-window-private.h"

#include <glib/gi18n.h>

typedef enum {
  LOAD_DARK,
  LOAD_FLAT,
  LOAD_PSF_REFERENCE,
} LoadKind;

#define DIALOG_KEY "daoview-calibration-dialog"

static gboolean
load (DaoviewWindow *self, LoadKind kind, const char *location, GError **error)
{
  if (kind == LOAD_PSF_REFERENCE)
    return daoview_session_load_psf_reference (self->session, location, error);
  return daoview_session_load_dark (self->session, kind == LOAD_DARK ? DAOVIEW_DARK_SUBTRACT
                                                                     : DAOVIEW_DARK_DIVIDE,
                                    location, error);
}

static void
on_response (GtkNativeDialog *dialog, int response, DaoviewWindow *self)
{
  LoadKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "kind"));
  g_autoptr (GFile) file = response == GTK_RESPONSE_ACCEPT
                             ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog)) : NULL;
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  g_autoptr (GError) error = NULL;

  if (path && !load (self, kind, path, &error))
    daoview_status_bar_set_notice (self->status_bar, error->message);
  g_object_set_data (G_OBJECT (self), DIALOG_KEY, NULL);
}

static void
choose (DaoviewWindow *self, LoadKind kind)
{
  static const char *const titles[] = { N_("Load a Dark"), N_("Load a Flat"), N_("Load a Reference PSF") };
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_(titles[kind]), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_OPEN, _("_Load"),
                                                              _("_Cancel"));
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("FITS, NumPy and stream files"));
  static const char *const patterns[] = { "*.fits", "*.fit", "*.fts", "*.FITS", "*.npy", "*.im.shm" };
  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_set_data (G_OBJECT (dialog), "kind", GINT_TO_POINTER (kind));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_response), self, 0);
  /* The window keeps the dialog until it answers. */
  g_object_set_data_full (G_OBJECT (self), DIALOG_KEY, dialog, g_object_unref);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
load_dark (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  choose (DAOVIEW_WINDOW (data), LOAD_DARK);
}

static void
load_flat (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  choose (DAOVIEW_WINDOW (data), LOAD_FLAT);
}

static void
load_psf_reference (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  choose (DAOVIEW_WINDOW (data), LOAD_PSF_REFERENCE);
}

static void
clear_calibration (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  DaoviewWindow *self = data;
  for (LoadKind kind = LOAD_DARK; kind <= LOAD_PSF_REFERENCE; kind++)
    load (self, kind, NULL, NULL);
}

static const GActionEntry calibration_actions[] = {
  { "load-dark", load_dark },
  { "load-flat", load_flat },
  { "load-psf-reference", load_psf_reference },
  { "clear-calibration", clear_calibration },
};

void
daoview_window_add_calibration_actions (DaoviewWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), calibration_actions,
                                   G_N_ELEMENTS (calibration_actions), self);
}
