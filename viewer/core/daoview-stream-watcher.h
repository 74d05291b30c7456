/* daoview-stream-watcher.h — watches one location from a reader thread.
 *
 * The watcher owns a reader thread, the frame source it reads through
 * (daoview-source.h: a stream file today, other kinds later) and the
 * stream's state machine. Codes the source returns become GError here
 * (daoview-error.h). The main thread never blocks on it: it asks for the
 * newest frame (latest wins, nothing queues) and for a status snapshot,
 * typically from a frame-clock tick. GTK-free.
 */
#pragma once

#include <glib-object.h>

#include "daoview-frame.h"
#include "daoview-stream-status.h"

G_BEGIN_DECLS

#define DAOVIEW_TYPE_STREAM_WATCHER (daoview_stream_watcher_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewStreamWatcher, daoview_stream_watcher, DAOVIEW, STREAM_WATCHER, GObject)

/* slot < 0 claims the highest free slot; otherwise that slot is forced.
 * The reader thread starts at once; nothing need be at the location yet. */
DaoviewStreamWatcher *daoview_stream_watcher_new (const char *location, int slot);

const char *daoview_stream_watcher_get_location (DaoviewStreamWatcher *self);

/* The newest frame read since the last call, or NULL. The caller owns it and
 * should give it back with _recycle_frame() when done, so that its buffer is
 * reused. */
DaoviewFrame *daoview_stream_watcher_take_frame (DaoviewStreamWatcher *self);
void daoview_stream_watcher_recycle_frame (DaoviewStreamWatcher *self, DaoviewFrame *frame);

/* Ask the reader thread for the next frame. Call it once the frame taken
 * has been drawn: the copy of the next one (8 MB at 2048²) then runs while
 * this thread is idle, instead of competing with its drawing for the
 * machine's cores and memory bandwidth, next to the writer. */
void daoview_stream_watcher_want_next_frame (DaoviewStreamWatcher *self);

/* A recording (status.frame_count > 0): have frame `index` copied, and only
 * it — a frame copied for an earlier request is never taken after this
 * call. Negative counts from the end (-1: the last frame); beyond either
 * end, the frame there. May be called before the recording is open: its
 * first frame shown is then this one. Nothing happens for a stream. */
void daoview_stream_watcher_seek (DaoviewStreamWatcher *self, gint64 index);

/* The recorded write time of frame `index` without reading it (for a
 * playback clock); FALSE when no recording is open or there is no such
 * frame (*write_time_ns 0), or the recording has no times (TRUE, 0). */
gboolean daoview_stream_watcher_get_frame_time (DaoviewStreamWatcher *self, guint64 index,
                                                gint64 *write_time_ns);
/* FIFO streams (depth >= 2; nothing happens otherwise).
 *
 * fill_gaps: after each copy of the newest frame, also copy the frames
 * written since the previous copy that the FIFO still holds (all but its
 * oldest segment, which the writer overwrites next), for a strip chart
 * that wants every frame; take them (oldest first, the caller owns the
 * array) with take_backlog(). Untaken, only the last depth are kept.
 *
 * request_history: copy every segment the FIFO holds, once (the reader
 * thread does it at its next pass); take_history() returns them ordered by
 * counter (NULL until done; the caller owns the array). */
void daoview_stream_watcher_set_fill_gaps (DaoviewStreamWatcher *self, gboolean fill);
GPtrArray *daoview_stream_watcher_take_backlog (DaoviewStreamWatcher *self);
void daoview_stream_watcher_request_history (DaoviewStreamWatcher *self);
GPtrArray *daoview_stream_watcher_take_history (DaoviewStreamWatcher *self);
/* The FIFO depth of the stream attached (1: not a FIFO, or none attached). */
unsigned daoview_stream_watcher_get_depth (DaoviewStreamWatcher *self);

/* A consistent snapshot; clear it with daoview_stream_status_clear(). */
void daoview_stream_watcher_get_status (DaoviewStreamWatcher *self, DaoviewStreamStatus *status);

/* The used keywords of the stream now at the location (free() the array),
 * read through a source of its own, for saving a frame with its header.
 * Returns FALSE, *out NULL and *n 0 when they cannot be read. */
gboolean daoview_stream_watcher_copy_keywords (DaoviewStreamWatcher *self, dao_keyword **out,
                                               unsigned *n);

/* Stop the reader thread and release the source (also done by dispose). */
void daoview_stream_watcher_stop (DaoviewStreamWatcher *self);

G_END_DECLS
