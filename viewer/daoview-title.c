/* daoview-title.c — the stream's name and state in the header bar. */
#define G_LOG_DOMAIN "daoview-title"

#include "config.h"

#include "daoview-title.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "daoview-source.h"

struct _DaoviewTitle
{
  GtkBox parent_instance;

  /* Template widgets */
  GtkLabel *title_label;
  GtkImage *state_icon;
  GtkLabel *subtitle_label;
  GtkLabel *calibration_label;
};

G_DEFINE_FINAL_TYPE (DaoviewTitle, daoview_title, GTK_TYPE_BOX)

static const char *
state_icon_name (DaoviewStreamState state)
{
  switch (state)
    {
    case DAOVIEW_STREAM_WAITING: return "content-loading-symbolic";
    case DAOVIEW_STREAM_LIVE: return "media-record-symbolic";
    case DAOVIEW_STREAM_STALE: return "dialog-warning-symbolic";
    case DAOVIEW_STREAM_WRITER_GONE: return "process-stop-symbolic";
    case DAOVIEW_STREAM_RECREATED: return "view-refresh-symbolic";
    case DAOVIEW_STREAM_INVALID: return "dialog-error-symbolic";
    case DAOVIEW_STREAM_DISCONNECTED: return "network-offline-symbolic";
    case DAOVIEW_STREAM_RECONNECTING: return "network-transmit-receive-symbolic";
    case DAOVIEW_STREAM_RECORDED: return "drive-harddisk-symbolic";
    default: return "dialog-question-symbolic";
    }
}

/* The theme's success/warning/error colours, so the state reads at a glance
 * from across the lab; the icon shape and the text still carry it alone. */
static const char *
state_css_class (DaoviewStreamState state)
{
  switch (state)
    {
    case DAOVIEW_STREAM_LIVE: return "success";
    case DAOVIEW_STREAM_STALE:
    case DAOVIEW_STREAM_RECREATED:
    case DAOVIEW_STREAM_RECONNECTING: return "warning";
    case DAOVIEW_STREAM_WRITER_GONE:
    case DAOVIEW_STREAM_INVALID:
    case DAOVIEW_STREAM_DISCONNECTED: return "error";
    default: return NULL;
    }
}

static void
set_state_icon (DaoviewTitle *self, const char *icon_name, const char *css_class)
{
  const char *classes[] = { css_class, NULL };
  gtk_image_set_from_icon_name (self->state_icon, icon_name);
  gtk_widget_set_css_classes (GTK_WIDGET (self->state_icon), classes);
}

void
daoview_title_set_location (DaoviewTitle *self, const char *location)
{
  g_return_if_fail (DAOVIEW_IS_TITLE (self));
  if (!location)
    {
      gtk_label_set_text (self->title_label, _("Daoview"));
      gtk_label_set_text (self->subtitle_label, _("Choose a stream"));
      set_state_icon (self, "view-list-symbolic", NULL);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), NULL);
      return;
    }
  /* A recording of several chunks: every path in the tooltip. */
  char **paths = daoview_recording_location_paths (location);
  g_autofree char *name = daoview_source_display_name (location);
  g_autofree char *tooltip = paths ? g_strjoinv ("\n", paths) : g_strdup (location);
  daoview_recording_paths_free (paths);
  gtk_label_set_text (self->title_label, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), tooltip);
}

void
daoview_title_set_status (DaoviewTitle *self, const DaoviewStreamStatus *status, gboolean paused)
{
  g_return_if_fail (DAOVIEW_IS_TITLE (self));
  g_autofree char *text = daoview_stream_status_text (status);

  if (status->attached && status->format && g_strcmp0 (status->format, "DAO") != 0)
    {
      /* "milk · Live": the kind of stream, where it is not the default. */
      g_autofree char *with_format = g_strdup_printf ("%s · %s", status->format, text);
      g_free (text);
      text = g_steal_pointer (&with_format);
    }
  if (status->frame_count > 0)
    {
      /* A recording: paused or playing is the playback's. */
      g_autofree char *with_playback = g_strdup_printf (paused ? _("%s · paused") : _("%s · playing"), text);
      g_free (text);
      text = g_steal_pointer (&with_playback);
    }
  else if (paused)
    {
      g_autofree char *with_pause = g_strdup_printf (_("%s · display paused"), text);
      g_free (text);
      text = g_steal_pointer (&with_pause);
    }
  gtk_label_set_text (self->subtitle_label, text);
  set_state_icon (self, state_icon_name (status->state), state_css_class (status->state));
}

void
daoview_title_set_calibration (DaoviewTitle *self, const char *text)
{
  g_return_if_fail (DAOVIEW_IS_TITLE (self));
  gtk_widget_set_visible (GTK_WIDGET (self->calibration_label), text && *text);
  gtk_label_set_text (self->calibration_label, text ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->calibration_label), text && *text ? text : NULL);
}

static void
daoview_title_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DAOVIEW_TYPE_TITLE);

  G_OBJECT_CLASS (daoview_title_parent_class)->dispose (object);
}

static void
daoview_title_class_init (DaoviewTitleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daoview_title_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/daoproject/Daoview/daoview-title.ui");
  gtk_widget_class_bind_template_child (widget_class, DaoviewTitle, title_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewTitle, state_icon);
  gtk_widget_class_bind_template_child (widget_class, DaoviewTitle, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewTitle, calibration_label);
}

static void
daoview_title_init (DaoviewTitle *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
