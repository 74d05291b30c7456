/* daoview-stream-watcher.h — watches one stream path from a reader thread.
 *
 * The watcher owns a reader thread and the stream's state machine. It is the
 * only place where libdao's return codes become GError. The main thread never
 * blocks on it: it asks for the newest frame (latest wins, nothing queues)
 * and for a status snapshot, typically from a frame-clock tick.
 */
#pragma once

#include <glib-object.h>

#include "daoview-frame.h"

G_BEGIN_DECLS

#define DAOVIEW_STREAM_ERROR (daoview_stream_error_quark ())
GQuark daoview_stream_error_quark (void);
/* Error codes are libdao's own (DAO_E_* or -errno), so nothing is lost. */

typedef enum {
  DAOVIEW_STREAM_WAITING,     /* no file at the path yet */
  DAOVIEW_STREAM_LIVE,        /* frames arrive */
  DAOVIEW_STREAM_STALE,       /* no new frame for > 1 s and > 10 periods */
  DAOVIEW_STREAM_WRITER_GONE, /* the libdao writer process is gone */
  DAOVIEW_STREAM_RECREATED,   /* the path holds a new stream (for one second after reattaching) */
  DAOVIEW_STREAM_INVALID,     /* the file is not a stream we can show; retried */
} DaoviewStreamState;

/* Stable lowercase name ("waiting", "live", "stale", "writer-gone",
 * "recreated", "invalid") for logs and scripts. */
const char *daoview_stream_state_name (DaoviewStreamState state);

typedef struct {
  DaoviewStreamState state;
  GError *error;        /* why it is invalid, waiting or polling; owned, may be NULL */
  gboolean attached;    /* a stream is open; the fields below describe it */
  guint64 generation;   /* +1 on every (re)attachment */
  dao_type type;
  unsigned naxis;
  guint32 shape[DAO_MAX_AXES];
  int slot;             /* reader slot in use, -1 when polling the counter */
  gboolean polling;     /* no semaphore: watching the counter with short sleeps */
  guint64 counter;      /* newest frame counter seen */
  double stream_rate;   /* Hz, from the counter */
  double age;           /* seconds since the counter last moved (or since the last write) */
  guint64 torn;         /* copies retried because a write raced them, plus torn reads */
} DaoviewStreamStatus;

void daoview_stream_status_clear (DaoviewStreamStatus *status);

#define DAOVIEW_TYPE_STREAM_WATCHER (daoview_stream_watcher_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewStreamWatcher, daoview_stream_watcher, DAOVIEW, STREAM_WATCHER, GObject)

/* slot < 0 claims the highest free slot; otherwise that slot is forced.
 * The reader thread starts at once; the file need not exist yet. */
DaoviewStreamWatcher *daoview_stream_watcher_new (const char *path, int slot);

const char *daoview_stream_watcher_get_path (DaoviewStreamWatcher *self);

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

/* A consistent snapshot; clear it with daoview_stream_status_clear(). */
void daoview_stream_watcher_get_status (DaoviewStreamWatcher *self, DaoviewStreamStatus *status);

/* The used keywords of the stream now at the path (free() the array), read
 * through a handle of its own, for saving a frame with its header. Returns
 * FALSE, *out NULL and *n 0 when it cannot be read. */
gboolean daoview_stream_watcher_copy_keywords (DaoviewStreamWatcher *self, dao_keyword **out,
                                               unsigned *n);

/* Stop the reader thread and release the stream (also done by dispose). */
void daoview_stream_watcher_stop (DaoviewStreamWatcher *self);

G_END_DECLS
