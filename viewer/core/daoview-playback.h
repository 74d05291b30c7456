/* daoview-playback.h — which frame of a sequence is due now: the clock of
 * a recording being played, and the words that describe a frame of it.
 *
 * Two paces: the recorded one (each frame when its write time, counted from
 * the frame playing started at, has passed on the monotonic clock: the
 * recorded intervals, the gaps of lost frames included) or a fixed rate.
 * The clock only says which index is due; the caller shows it (by seeking
 * its source) at whatever rate the display runs, so a 2 kHz recording
 * played at its own pace on a 60 Hz display skips the frames no refresh
 * would show, and never falls behind. Recordings without write times (a
 * FITS cube from elsewhere) play at DAOVIEW_PLAYBACK_UNTIMED_HZ.
 *
 * Nothing here knows where the frames are: a FIFO's history held in memory
 * (a sequence of a few frames) is paced the same way as a recording on
 * disk. GTK-free, no threads; time is passed in (µs, monotonic).
 */
#pragma once

#include <glib.h>

#include "daoview-frame.h"

G_BEGIN_DECLS

#define DAOVIEW_PLAYBACK_UNTIMED_HZ 20.0

/* The write time of frame `index` (ns, any epoch); FALSE or 0 when unknown. */
typedef gboolean (*DaoviewPlaybackTimeFunc) (gpointer data, guint64 index, gint64 *time_ns);

typedef struct {
  /* Set by the caller */
  guint64 length;   /* frames in the sequence */
  double rate_hz;   /* > 0: that many frames per second; 0: the recorded times */
  gboolean loop;    /* after the last frame, the first one again */
  DaoviewPlaybackTimeFunc time_of;
  gpointer time_data;

  /* Where and when playing (re)started */
  guint64 start_index;
  gint64 start_us;
  gint64 start_time_ns; /* the write time of start_index; 0: play untimed */
} DaoviewPlayback;

/* Play from frame `index` (clamped to the sequence) at now_us. */
void daoview_playback_start (DaoviewPlayback *playback, guint64 index, gint64 now_us);

/* The frame due at now_us. *ended (may be NULL) is TRUE when the last frame
 * has been due and loop is off: the caller stops playing there. With loop,
 * the first frame follows the last one after the mean interval between
 * frames (one rate period). */
guint64 daoview_playback_due (DaoviewPlayback *playback, gint64 now_us, gboolean *ended);

/* "Frame 13 of 500 · counter 4567 · 10:11:12.345678 · 3 missing before it
 * (1 dropped)": a recorded frame in words, for the playback bar and a
 * screenshot without a display (times in local time; nothing about losses
 * when there are none). Translated; g_free() it. */
char *daoview_playback_frame_text (const DaoviewFrame *frame, guint64 length);

G_END_DECLS
