/* daoview-stream-state.h — what daoview says about the stream it shows.
 *
 * One state at a time, derived by the watcher (daoview-stream-watcher.h)
 * from what its frame source reports; every view of it (header, status
 * bar, --print-state, the offscreen screenshot) reads this one enum.
 * DISCONNECTED and RECONNECTING belong to sources that reach their stream
 * over a link (a remote stream): a local file never has them. RECORDED is
 * a recording's only state once open: no writer, never stale. GTK-free.
 */
#ifndef DAOVIEW_STREAM_STATE_H
#define DAOVIEW_STREAM_STATE_H

typedef enum {
  DAOVIEW_STREAM_WAITING,      /* no stream at the location yet */
  DAOVIEW_STREAM_LIVE,         /* frames arrive */
  DAOVIEW_STREAM_STALE,        /* no new frame for > 1 s and > 10 periods */
  DAOVIEW_STREAM_WRITER_GONE,  /* the writer process is gone */
  DAOVIEW_STREAM_RECREATED,    /* the location holds a new stream (for one second after reattaching) */
  DAOVIEW_STREAM_INVALID,      /* not a stream we can show; retried */
  DAOVIEW_STREAM_DISCONNECTED, /* the link to a remote stream is down */
  DAOVIEW_STREAM_RECONNECTING, /* … and being set up again */
  DAOVIEW_STREAM_RECORDED,     /* a recording on disk, shown frame by frame */
  DAOVIEW_N_STREAM_STATES
} DaoviewStreamState;

#endif /* DAOVIEW_STREAM_STATE_H */
