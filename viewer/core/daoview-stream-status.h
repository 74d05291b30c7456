/* daoview-stream-status.h — a snapshot of the stream being watched, as the
 * watcher hands it to the main thread four times a second and at every
 * state change; and the sentence that says it. GTK-free. */
#pragma once

#include <dao.h>
#include <glib.h>

#include "daoview-stream-state.h"

G_BEGIN_DECLS

typedef struct {
  DaoviewStreamState state;
  GError *error;        /* why it is invalid, waiting or polling; owned, may be NULL */
  gboolean attached;    /* a source is open; the fields below describe it */
  const char *format;   /* the source's format ("DAO" …); static */
  guint64 generation;   /* +1 on every (re)attachment */
  dao_type type;
  unsigned naxis;
  guint32 shape[DAO_MAX_AXES];
  int slot;             /* reader slot in use, -1 when polling the counter */
  gboolean polling;     /* not woken by the source: watching the counter with short sleeps */
  guint64 counter;      /* newest frame counter seen */
  double stream_rate;   /* Hz, from the counter */
  gboolean rate_estimated; /* stream_rate comes from a whole interval (else 0 so far) */
  double age;           /* seconds since the counter last moved (or since the last write) */
  guint64 torn;         /* copies retried because a write raced them, plus torn reads */
  unsigned fifo_depth;  /* frames the stream keeps: 1 is one frame rewritten in place; at 2 or
                           more the newest whole one is not the one being written */
  /* Do the copies fit in the writer's idle time? (daoview-copy-budget.h) */
  gboolean copy_budget_exceeded;
  double copy_ms, period_ms;     /* a whole copy's duration, the writer's period */
  guint64 copy_attempts, copy_torn; /* over the last one to two seconds */
  guint64 frame_count;  /* a recording's frames (state RECORDED); 0 for a stream */
} DaoviewStreamStatus;

void daoview_stream_status_clear (DaoviewStreamStatus *status);

/* The state in words, translated ("Live", "Stale: last frame 2.5 s ago" …):
 * the header's subtitle and the text of --print-state's state lines. */
char *daoview_stream_status_text (const DaoviewStreamStatus *status);

G_END_DECLS
