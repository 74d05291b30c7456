/* daoview-window-playback.c — a sequence of frames in the window: a
 * recording, or a FIFO's history being stepped through. One playback bar
 * above the status bar serves both, shown while there is a sequence, and
 * so do the actions its buttons and keys use (win.frame-first, -previous,
 * -next, -last; win.loop; play and pause are win.pause, which for a FIFO's
 * history goes back to the live stream).
 *
 * On a recording the actions move the session's position (it seeks and
 * keeps the playback clock, daoview-session.h); on a FIFO stream they step
 * through its history (daoview_session_history_step(): the first step
 * pauses and copies what the FIFO holds; the keys , and . of
 * daoview-window-time.c do the same). The bar is told what the session holds
 * at every frame shown and every history step.
 */
#define G_LOG_DOMAIN "daoview-window"

#include "config.h"

#include "daoview-window-private.h"

#include "daoview-playback.h"

/* The FIFO's history: which frame of how many, and the frame. */
static gboolean
history (DaoviewWindow *self, guint *index, guint *length, const DaoviewFrame **frame)
{
  return daoview_session_get_history (self->session, index, length, frame);
}

static void
step (DaoviewWindow *self, gint64 delta)
{
  guint64 position, length;
  guint index, held;
  if (daoview_session_get_sequence (self->session, &position, &length))
    daoview_session_step (self->session, delta);
  else
    {
      /* A FIFO's history: at most its depth frames either way. */
      int depth = (int) MAX (daoview_session_get_fifo_depth (self->session), 1);
      if (!history (self, &index, &held, NULL) || (delta != G_MININT64 && delta != G_MAXINT64))
        daoview_session_history_step (self->session, (int) CLAMP (delta, -depth, depth));
      else
        daoview_session_history_step (self->session, delta < 0 ? -(int) held : (int) held);
    }
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
on_seek (DaoviewPlaybackBar *bar, guint64 target, DaoviewWindow *self)
{
  guint64 position, length;
  guint index, held;
  if (daoview_session_get_sequence (self->session, &position, &length))
    daoview_session_seek (self->session, target);
  else if (history (self, &index, &held, NULL))
    daoview_session_history_step (self->session, (int) MIN (target, held) - (int) index);
}

static void
on_changed (DaoviewSession *session, GParamSpec *pspec, DaoviewWindow *self)
{
  daoview_window_playback_update (self);
}

/* The frame keys act on a recording or a FIFO stream only: elsewhere Left,
 * Right, Home and End keep their usual meaning (a disabled action's
 * shortcut passes the key on). */
static void
enable_actions (DaoviewWindow *self, gboolean enabled)
{
  for (guint i = 0; i < G_N_ELEMENTS (playback_actions); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), playback_actions[i].name);
      if (g_action_get_enabled (action) != enabled)
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
  g_signal_connect_object (self->session, "notify::paused", G_CALLBACK (on_changed), self, 0);
  g_signal_connect_object (self->session, "notify::history-index", G_CALLBACK (on_changed), self, 0);
}

void
daoview_window_playback_update (DaoviewWindow *self)
{
  guint64 position = 0, length = 0;
  guint index = 0, held = 0;
  const DaoviewFrame *frame = daoview_pipeline_frame (daoview_session_get_pipeline (self->session));
  gboolean recording = daoview_session_get_sequence (self->session, &position, &length);
  gboolean in_history = !recording && history (self, &index, &held, &frame);

  enable_actions (self, recording || daoview_session_get_fifo_depth (self->session) > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->playback_bar), recording || in_history);
  if (!recording && !in_history)
    return;
  DaoviewFrame where = { 0 };
  if (in_history)
    {
      /* The frames held, oldest 0, named as a recording's are. */
      where = *frame;
      where.index = index;
      frame = &where;
      position = index, length = held;
    }
  daoview_playback_bar_set_playable (self->playback_bar, recording);
  daoview_playback_bar_set_range (self->playback_bar, length, position);
  daoview_playback_bar_set_playing (self->playback_bar, !daoview_session_get_paused (self->session));
  g_autofree char *text = frame ? daoview_playback_frame_text (frame, length) : NULL;
  daoview_playback_bar_set_text (self->playback_bar, text);
}
