/* daoview-window-playback.c — a recording in the window: the playback bar
 * above the status bar, shown while the location is a recording, and the
 * actions its buttons and keys use (win.frame-first, -previous, -next,
 * -last, win.loop; play and pause are win.pause).
 *
 * The bar is told what the session holds at every frame shown; the session
 * (daoview-session.h) does the seeking and the playback clock.
 */
#define G_LOG_DOMAIN "daoview-window"

#include "config.h"

#include "daoview-window-private.h"

#include "daoview-playback.h"

static void
step (DaoviewWindow *self, gint64 delta)
{
  daoview_session_step (self->session, delta);
  daoview_window_playback_update (self);
}

static void
frame_first (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  step (DAOVIEW_WINDOW (data), G_MININT64);
}

static void
frame_previous (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  step (DAOVIEW_WINDOW (data), -1);
}

static void
frame_next (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  step (DAOVIEW_WINDOW (data), 1);
}

static void
frame_last (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  step (DAOVIEW_WINDOW (data), G_MAXINT64);
}

static const GActionEntry playback_actions[] = {
  { "frame-first", frame_first },
  { "frame-previous", frame_previous },
  { "frame-next", frame_next },
  { "frame-last", frame_last },
};

static void
on_seek (DaoviewPlaybackBar *bar, guint64 index, DaoviewWindow *self)
{
  daoview_session_seek (self->session, index);
}

static void
on_paused (DaoviewSession *session, GParamSpec *pspec, DaoviewWindow *self)
{
  daoview_playback_bar_set_playing (self->playback_bar, !daoview_session_get_paused (session));
}

/* The frame keys act on a recording only: elsewhere Left, Right, Home and
 * End keep their usual meaning (a disabled action's shortcut passes the
 * key on). */
static void
enable_actions (DaoviewWindow *self, gboolean enabled)
{
  for (guint i = 0; i < G_N_ELEMENTS (playback_actions); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), playback_actions[i].name);
      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
    }
}

void
daoview_window_playback_init (DaoviewWindow *self)
{
  self->playback_bar = DAOVIEW_PLAYBACK_BAR (daoview_playback_bar_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->playback_bar), FALSE);
  /* Above the status bar and its separator. */
  GtkWidget *separator = gtk_widget_get_prev_sibling (GTK_WIDGET (self->status_bar));
  gtk_widget_insert_before (GTK_WIDGET (self->playback_bar), gtk_widget_get_parent (separator), separator);

  g_action_map_add_action_entries (G_ACTION_MAP (self), playback_actions, G_N_ELEMENTS (playback_actions),
                                   self);
  g_autoptr (GPropertyAction) loop = g_property_action_new ("loop", self->session, "loop");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (loop));
  enable_actions (self, FALSE);

  g_object_bind_property (self->session, "playback-rate", self->playback_bar, "rate",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->playback_bar, "seek", G_CALLBACK (on_seek), self, 0);
  g_signal_connect_object (self->session, "notify::paused", G_CALLBACK (on_paused), self, 0);
}

void
daoview_window_playback_update (DaoviewWindow *self)
{
  guint64 position = 0, length = 0;
  gboolean recording = daoview_session_get_sequence (self->session, &position, &length);

  if (gtk_widget_get_visible (GTK_WIDGET (self->playback_bar)) != recording)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->playback_bar), recording);
      enable_actions (self, recording);
    }
  if (!recording)
    return;
  daoview_playback_bar_set_range (self->playback_bar, length, position);
  daoview_playback_bar_set_playing (self->playback_bar, !daoview_session_get_paused (self->session));
  const DaoviewFrame *frame = daoview_pipeline_frame (daoview_session_get_pipeline (self->session));
  g_autofree char *text = frame ? daoview_playback_frame_text (frame, length) : NULL;
  daoview_playback_bar_set_text (self->playback_bar, text);
}
