/* daoview-playback-bar.h — the bar under the image for a sequence of
 * frames: a slider over its length, buttons to go to the first, previous,
 * next and last frame and to play or pause, the speed, looping, and a line
 * that says which frame is shown.
 *
 * It knows nothing of where the frames come from: the window sets its
 * length, position, text and playing state, and listens to its "seek"
 * signal. It serves a recording on disk and a FIFO's history held in memory
 * (the frames a FIFO stream holds, stepped through while paused) alike. The
 * buttons activate the window's actions win.frame-first, win.frame-previous,
 * win.pause (play/pause; for a FIFO's history, back to the live stream),
 * win.frame-next, win.frame-last and win.loop.
 *
 * Property "rate" (double): frames per second to play at, 0 for the
 * recorded intervals; chosen in its speed menu.
 * Signal "seek" (guint64 index): the user moved the slider there.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DAOVIEW_TYPE_PLAYBACK_BAR (daoview_playback_bar_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewPlaybackBar, daoview_playback_bar, DAOVIEW, PLAYBACK_BAR, GtkBox)

GtkWidget *daoview_playback_bar_new (void);

/* Frames 0 … length - 1; the slider at `position` (does not emit "seek"). */
void daoview_playback_bar_set_range (DaoviewPlaybackBar *self, guint64 length, guint64 position);

/* The frame shown, in words (daoview_playback_frame_text()). */
void daoview_playback_bar_set_text (DaoviewPlaybackBar *self, const char *text);

/* The play button shows "pause" while playing, "play" otherwise. */
void daoview_playback_bar_set_playing (DaoviewPlaybackBar *self, gboolean playing);

/* Whether the sequence can be played (a recording: the speed and loop
 * controls are shown) or only stepped through (a FIFO's history). */
void daoview_playback_bar_set_playable (DaoviewPlaybackBar *self, gboolean playable);

/* The speeds offered (0 first: the recorded intervals), for tests. */
const double *daoview_playback_bar_rates (guint *n);

G_END_DECLS
