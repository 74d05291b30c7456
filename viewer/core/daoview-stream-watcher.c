/* daoview-stream-watcher.c — the reader thread and the stream's state machine.
 *
 * The thread reads through a frame source (daoview-source.h): for a DAO
 * stream, one that holds a reader slot of its own. It waits for a new frame
 * with a short timeout and copies one only when the main thread has taken
 * the previous one: a 1 kHz stream of 8 MB frames copied every time would
 * cost more than the display, and a frame that waited in a queue would show
 * the past. Each copy starts right after a commit (see
 * wait_for_next_commit), when the writer's idle time lies ahead of it. When
 * the source cannot wake us (no slot free, no semaphores, a read-only file)
 * the thread watches the counter with millisecond sleeps instead — never a
 * busy spin, which would take one of the machine's cores away from the
 * writer.
 *
 * Facts (counter, times, writer liveness) are recorded by the thread; the
 * state (live, stale …) is derived from them when the main thread asks, so
 * the age of the last frame is always current.
 *
 * A recording (a source that can seek) publishes nothing by itself: the
 * thread copies the frame the main thread asked for with seek(), once, and
 * sleeps until the next request. A copy overtaken by a newer request is
 * thrown away rather than shown, so what is taken is always the frame last
 * asked for.
 */
#define G_LOG_DOMAIN "daoview-stream-watcher"

#include "daoview-stream-watcher.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <time.h>

#include "daoview-copy-budget.h"
#include "daoview-error.h"
#include "daocommon-rate.h"
#include "daoview-source.h"

#define WAIT_TIMEOUT_NS (50 * 1000 * 1000)  /* a semaphore wait; bounds stop latency */
#define POLL_SLEEP_US 1000                  /* counter polling without a semaphore */
#define CHECK_INTERVAL_US (200 * 1000)      /* path replaced/removed, writer alive? */
#define MISSING_RETRY_US (200 * 1000)       /* the file is not there yet */
#define INVALID_RETRY_US (500 * 1000)       /* the file is there but not a stream */
#define RECREATED_SHOWN_US (1000 * 1000)
#define TORN_BACKOFF_US (2 * 1000)          /* after a torn read: two periods at 1 kHz … */
#define TORN_BACKOFF_MAX_US (16 * 1000)     /* … doubling while it stays torn, up to
                                               one display refresh: an attempt that
                                               a write overtakes stops at once */
#define NEXT_COMMIT_WAIT_NS (20 * 1000 * 1000) /* streams slower than 50 Hz: copy what is there */

struct _DaoviewStreamWatcher
{
  GObject parent_instance;

  /* Owned */
  char *location;
  int forced_slot;
  GThread *thread;
  GMutex lock;
  GCond wake;

  /* Shared with the reader thread, under lock */
  gboolean stop;
  gboolean wanted;
  DaoviewFrame *pending;
  DaoviewFrame *spare;
  DaoviewStreamState base_state; /* WAITING or INVALID while not attached */
  GError *error;
  gboolean attached;
  const char *format;
  guint64 generation;
  dao_type type;
  unsigned naxis;
  guint32 shape[DAO_MAX_AXES];
  int slot;
  gboolean polling;
  gboolean writer_gone;
  DaoviewSourceLink link;
  guint64 counter;
  gint64 last_change_us; /* monotonic */
  gint64 attach_us;
  daocommon_rate stream_rate;
  double last_nonzero_rate;
  guint64 torn;

  /* A recording: the frame asked for (negative: from the end), +1 per
   * request; the request last copied; and the source, for frame_info()
   * from the main thread (NULL while none that can seek is attached). */
  gint64 position;
  guint64 seek_serial;
  guint64 copied_serial;
  guint64 frame_count;
  DaoviewSource *seek_source;
  unsigned depth;          /* FIFO depth of the source attached, 1 otherwise */
  gboolean fill_gaps;      /* copy the frames between two copies that the FIFO holds */
  GPtrArray *backlog;      /* those frames, oldest first, for the main thread */
  gboolean history_wanted; /* copy every segment the FIFO holds */
  GPtrArray *history;      /* those frames, by counter, for the main thread */
  DaoviewCopyBudget copy_budget;
};

G_DEFINE_FINAL_TYPE (DaoviewStreamWatcher, daoview_stream_watcher, G_TYPE_OBJECT)

/* Called with the lock held. klass: the source class that returned code
 * (NULL before one is open: the class the location would get). */
static void
set_error_locked (DaoviewStreamWatcher *self, const DaoviewSourceClass *klass, int code,
                  const char *context)
{
  g_clear_error (&self->error);
  if (code == 0)
    return;
  self->error = daoview_error_new (klass ? klass : daoview_source_class_for (self->location), code,
                                   context);
}

/* ---- the reader thread ------------------------------------------------ */

typedef struct {
  DaoviewSource *source;
  gboolean woken_by_commit; /* the last thing done was a wake-up for a new frame */
  gint64 torn_backoff_us;
  guint64 last_read_counter;
  gint64 next_check_us;
  gboolean seekable;    /* a recording: copy what seek() asks for */
  guint64 seek_serial;  /* the request the copy being made answers */
} Reader;

static gboolean
sleep_unless_stopped (DaoviewStreamWatcher *self, gint64 usec)
{
  gint64 deadline = g_get_monotonic_time () + usec;
  g_mutex_lock (&self->lock);
  while (!self->stop)
    if (!g_cond_wait_until (&self->wake, &self->lock, deadline))
      break;
  gboolean stop = self->stop;
  g_mutex_unlock (&self->lock);
  return !stop;
}

static void
detach (DaoviewStreamWatcher *self, Reader *r)
{
  /* Unpublished before it is closed: the main thread may be asking it for
   * a frame's time. Still attached until closed, so that the state the
   * caller sets next (waiting, and why) follows at once. */
  g_mutex_lock (&self->lock);
  self->seek_source = NULL;
  g_mutex_unlock (&self->lock);
  g_clear_pointer (&r->source, daoview_source_close);
  r->seekable = FALSE;
  g_mutex_lock (&self->lock);
  self->attached = FALSE;
  self->frame_count = 0;
  g_mutex_unlock (&self->lock);
}

/* Why the source does not wake us, in the reader's words. */
static const char *
polling_reason (DaoviewStreamWatcher *self, int code)
{
  if (self->forced_slot >= 0)
    return _("Cannot use the requested reader slot; watching the frame counter");
  if (code == DAO_E_NO_FREE_SLOT)
    return _("No reader slot is free; watching the frame counter");
  return _("This stream cannot wake the viewer; watching the frame counter");
}

static void
attach (DaoviewStreamWatcher *self, Reader *r, DaoviewSource *source)
{
  const DaoviewSourceInfo *info = daoview_source_info (source);
  gint64 now = g_get_monotonic_time ();

  r->source = source;
  r->last_read_counter = 0;
  r->next_check_us = now + CHECK_INTERVAL_US;
  r->seekable = (info->capabilities & DAOVIEW_SOURCE_CAN_SEEK) && info->frame_count > 0;

  /* The age of the last frame comes from its write time, so a stream
   * whose writer stopped long ago shows as stale at once. */
  gint64 age_us = 0;
  if (info->counter > 0 && info->write_time_ns > 0)
    {
      struct timespec ts;
      clock_gettime (CLOCK_REALTIME, &ts);
      gint64 now_ns = (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
      age_us = MAX (0, (now_ns - info->write_time_ns) / 1000);
    }
  DaoviewSourceHealth health;
  gboolean writer_gone = daoview_source_check (source, &health) == 0
                         && health.writer == DAOVIEW_SOURCE_WRITER_GONE;

  g_mutex_lock (&self->lock);
  self->attached = TRUE;
  self->format = info->format;
  self->generation++;
  self->type = info->type;
  self->naxis = info->naxis;
  memcpy (self->shape, info->shape, sizeof self->shape);
  self->polling = info->wait_error != 0;
  self->slot = info->slot;
  set_error_locked (self, source->klass, info->wait_error,
                    info->wait_error ? polling_reason (self, info->wait_error) : NULL);
  self->counter = info->counter;
  self->last_change_us = now - age_us;
  self->attach_us = now;
  daocommon_rate_init (&self->stream_rate, info->counter, now * 1000);
  self->last_nonzero_rate = 0;
  self->writer_gone = writer_gone;
  self->depth = info->capabilities & DAOVIEW_SOURCE_HAS_HISTORY ? MAX (info->history_depth, 1) : 1;
  daoview_copy_budget_init (&self->copy_budget, now);
  /* Show the newest frame even if none comes after it. */
  self->wanted = TRUE;
  g_clear_pointer (&self->spare, daoview_frame_free);
  /* A recording shows the frame asked for, even one asked for before it
   * was open (--seek). */
  self->frame_count = r->seekable ? info->frame_count : 0;
  self->seek_source = r->seekable ? source : NULL;
  if (r->seekable)
    self->seek_serial++;
  g_mutex_unlock (&self->lock);
}

static void
try_open (DaoviewStreamWatcher *self, Reader *r)
{
  DaoviewSourceOptions options = DAOVIEW_SOURCE_OPTIONS_INIT;
  DaoviewSource *source = NULL;

  options.slot = self->forced_slot;
  int rc = daoview_source_open (&source, self->location, &options);
  if (rc == 0)
    {
      attach (self, r, source);
      return;
    }

  g_mutex_lock (&self->lock);
  self->base_state = rc == -ENOENT ? DAOVIEW_STREAM_WAITING : DAOVIEW_STREAM_INVALID;
  /* A stream seen before and now gone says so, not just "waiting". */
  set_error_locked (self, NULL, rc,
                    rc != -ENOENT ? _("Cannot show this file")
                    : self->generation > 0 ? _("The stream was removed; waiting for it to reappear")
                                           : _("Waiting for the stream to appear"));
  g_mutex_unlock (&self->lock);
  sleep_unless_stopped (self, rc == -ENOENT ? MISSING_RETRY_US : INVALID_RETRY_US);
}

static DaoviewFrame *
get_buffer (DaoviewStreamWatcher *self, const DaoviewSourceInfo *info)
{
  g_mutex_lock (&self->lock);
  DaoviewFrame *frame = g_steal_pointer (&self->spare);
  g_mutex_unlock (&self->lock);

  if (frame && frame->type == info->type && frame->naxis == info->naxis
      && memcmp (frame->shape, info->shape, sizeof frame->shape) == 0 && frame->size == info->frame_size)
    return frame;
  daoview_frame_free (frame);
  frame = daoview_frame_new (info->type, info->naxis, info->shape);
  if (frame && frame->size != info->frame_size)
    g_clear_pointer (&frame, daoview_frame_free); /* a source that disagrees with its own shape */
  return frame;
}

static void periodic_check (DaoviewStreamWatcher *self, Reader *r, gint64 now);

/* A frame of the FIFO: segment `segment` if it holds frame `counter`. */
static DaoviewFrame *
copy_fifo_frame (DaoviewStreamWatcher *self, Reader *r, unsigned segment, guint64 counter)
{
  const DaoviewSourceInfo *info = daoview_source_info (r->source);
  DaoviewFrame *frame = daoview_frame_new (info->type, info->naxis, info->shape);
  DaoviewSourceFrameInfo fi = { 0 };
  if (!frame || frame->size != info->frame_size
      || daoview_source_copy_segment (r->source, segment, frame->data, frame->size, &fi) != 0
      || fi.counter == 0 || (counter && fi.counter != counter))
    {
      daoview_frame_free (frame);
      return NULL;
    }
  frame->counter = fi.counter;
  frame->write_time_ns = fi.write_time_ns;
  g_mutex_lock (&self->lock);
  frame->generation = self->generation;
  g_mutex_unlock (&self->lock);
  return frame;
}

/* The frames written between the last copy (`previous`) and the one just
 * made (`newest`) that the FIFO still holds, oldest first. The oldest
 * segment is left out: it is the one the writer overwrites next. */
static GPtrArray *
copy_gap (DaoviewStreamWatcher *self, Reader *r, guint64 previous, const DaoviewSourceFrameInfo *newest)
{
  g_mutex_lock (&self->lock);
  gboolean fill = self->fill_gaps;
  unsigned depth = self->depth;
  g_mutex_unlock (&self->lock);
  if (!fill || depth < 2 || previous == 0 || newest->counter <= previous + 1)
    return NULL;

  guint64 first = MAX (previous + 1, newest->counter > depth - 2 ? newest->counter - (depth - 2) : 1);
  GPtrArray *gap = g_ptr_array_new_with_free_func ((GDestroyNotify) daoview_frame_free);
  for (guint64 c = first; c < newest->counter; c++)
    {
      unsigned back = (unsigned) (newest->counter - c);
      unsigned segment = (newest->segment + depth - back % depth) % depth;
      DaoviewFrame *frame = copy_fifo_frame (self, r, segment, c);
      if (frame)
        g_ptr_array_add (gap, frame);
    }
  return gap;
}

static int
compare_counters (gconstpointer a, gconstpointer b)
{
  const DaoviewFrame *x = *(DaoviewFrame *const *) a, *y = *(DaoviewFrame *const *) b;
  return x->counter < y->counter ? -1 : x->counter > y->counter;
}

/* Every frame the FIFO holds, by counter: each segment once, as it is. */
static void
copy_history (DaoviewStreamWatcher *self, Reader *r)
{
  unsigned depth = daoview_source_info (r->source)->capabilities & DAOVIEW_SOURCE_HAS_HISTORY
                     ? daoview_source_info (r->source)->history_depth : 0;
  GPtrArray *frames = g_ptr_array_new_with_free_func ((GDestroyNotify) daoview_frame_free);
  for (unsigned segment = 0; segment < depth; segment++)
    {
      DaoviewFrame *frame = copy_fifo_frame (self, r, segment, 0);
      if (frame)
        g_ptr_array_add (frames, frame);
    }
  g_ptr_array_sort (frames, compare_counters);
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  self->history = frames;
  self->history_wanted = FALSE;
  g_mutex_unlock (&self->lock);
}

static void
read_frame (DaoviewStreamWatcher *self, Reader *r)
{
  DaoviewFrame *frame = get_buffer (self, daoview_source_info (r->source));
  if (!frame)
    {
      g_mutex_lock (&self->lock);
      set_error_locked (self, NULL, -ENOMEM, _("Cannot hold a frame"));
      g_mutex_unlock (&self->lock);
      sleep_unless_stopped (self, INVALID_RETRY_US);
      return;
    }

  /* One copy, no retries: after a wake-up the copy starts right after the
   * writer's commit, with a whole period ahead of it; if it still races a
   * write, the next frame is a better chance than a second copy of this
   * one, and costs the writer no extra memory bandwidth. */
  DaoviewSourceFrameInfo info = { 0 };
  guint64 previous = r->last_read_counter;
  gint64 started = g_get_monotonic_time ();
  int rc = daoview_source_copy_newest (r->source, frame->data, frame->size, &info);
  gint64 finished = g_get_monotonic_time ();
  GPtrArray *gap = rc == 0 ? copy_gap (self, r, previous, &info) : NULL;

  g_mutex_lock (&self->lock);
  if (rc == 0 || rc == DAO_E_TORN)
    daoview_copy_budget_note (&self->copy_budget, rc == DAO_E_TORN || info.retries > 0, finished - started,
                              finished);
  if (gap)
    {
      if (!self->backlog)
        self->backlog = g_ptr_array_new_with_free_func ((GDestroyNotify) daoview_frame_free);
      g_ptr_array_extend_and_steal (self->backlog, gap);
      /* Not taken (no strip chart drawing): keep the last depth frames. */
      if (self->backlog->len > self->depth)
        g_ptr_array_remove_range (self->backlog, 0, self->backlog->len - self->depth);
    }
  /* A recording asked for another frame meanwhile: not this one. */
  gboolean overtaken = r->seekable && r->seek_serial != self->seek_serial;
  if (r->seekable && !overtaken)
    self->copied_serial = r->seek_serial;
  if (rc == 0 && r->seekable && !overtaken)
    {
      /* The index the copy was asked for came with it. */
      frame->index = info.index;
      frame->lost = info.lost;
      frame->dropped = info.dropped;
      self->counter = info.counter;
      self->last_change_us = g_get_monotonic_time ();
      set_error_locked (self, NULL, 0, NULL); /* a frame that could not be read, before */
    }
  if (rc == 0 && !overtaken)
    {
      frame->counter = info.counter;
      frame->write_time_ns = info.write_time_ns;
      frame->generation = self->generation;
      self->torn += info.retries;
      r->last_read_counter = info.counter;
      /* Latest wins: an untaken older frame becomes the next spare. */
      DaoviewFrame *old = self->pending;
      self->pending = frame;
      frame = old;
      self->wanted = FALSE;
    }
  else if (rc == DAO_E_TORN)
    {
      self->torn++;
    }
  else if (rc != 0 && r->seekable)
    set_error_locked (self, r->source->klass, rc, _("Cannot read this frame of the recording"));
  if (frame)
    {
      if (!self->spare)
        self->spare = frame, frame = NULL;
    }
  g_mutex_unlock (&self->lock);
  daoview_frame_free (frame);

  /* The copy raced a write: the writer may spend most of its period inside
   * write() (an 8 MB frame at 1 kHz), so that few copies can be consistent.
   * Back off, longer while it lasts, rather than take memory bandwidth from
   * the writer (or, for a writer that died mid-frame, spin on its file). */
  if (rc == 0 || r->seekable)
    {
      /* A recording's failure is said once (above) and not retried until
       * another frame is asked for; check() sees a file changed. */
      if (rc != 0)
        periodic_check (self, r, g_get_monotonic_time ());
      r->torn_backoff_us = 0;
      return;
    }
  /* Another failure (the stream re-created or cut under us, a writer that
   * died mid-frame): check at once, which reattaches if need be. */
  if (rc != DAO_E_TORN)
    {
      periodic_check (self, r, g_get_monotonic_time ());
      if (!r->source)
        return;
    }
  r->torn_backoff_us = r->torn_backoff_us ? MIN (2 * r->torn_backoff_us, TORN_BACKOFF_MAX_US)
                                          : TORN_BACKOFF_US;
  sleep_unless_stopped (self, r->torn_backoff_us);
}

static void
periodic_check (DaoviewStreamWatcher *self, Reader *r, gint64 now)
{
  DaoviewSourceHealth health;
  const DaoviewSourceClass *klass = r->source->klass;
  int rc = daoview_source_check (r->source, &health);
  if (rc != 0)
    {
      /* Replaced (a new file renamed over the path), re-created in place
       * (the same file truncated and a new header written, as existing DAO
       * writers do) or cut short: the next open attaches the stream now
       * there (generation + 1, shown as recreated). Removed: back to
       * waiting for the file. */
      gboolean recreated = rc == DAO_E_REPLACED || rc == DAO_E_RECREATED || rc == DAO_E_TRUNCATED_DATA;
      detach (self, r);
      g_mutex_lock (&self->lock);
      self->base_state = DAOVIEW_STREAM_WAITING;
      set_error_locked (self, klass, recreated ? 0 : rc,
                        _("The stream was removed; waiting for it to reappear"));
      g_mutex_unlock (&self->lock);
      return;
    }

  guint64 counter = daoview_source_counter (r->source);

  g_mutex_lock (&self->lock);
  self->writer_gone = health.writer == DAOVIEW_SOURCE_WRITER_GONE;
  self->link = health.link;
  if (daocommon_rate_update (&self->stream_rate, counter, now * 1000) && self->stream_rate.hz > 0)
    self->last_nonzero_rate = self->stream_rate.hz;
  g_mutex_unlock (&self->lock);
  r->next_check_us = now + CHECK_INTERVAL_US;
}

static void
note_counter (DaoviewStreamWatcher *self, guint64 counter, gint64 now, gboolean *wanted,
              gboolean *polling, gboolean *stop)
{
  g_mutex_lock (&self->lock);
  if (counter != self->counter)
    {
      self->counter = counter;
      self->last_change_us = now;
    }
  *wanted = self->wanted;
  *polling = self->polling;
  *stop = self->stop;
  g_mutex_unlock (&self->lock);
}

/* A frame written while we were away (drawing, or backing off after a torn
 * read) has left a post on our semaphore, so a wait would return at once,
 * anywhere in the writer's period: a large copy started there runs into the
 * next write. A C reader of a 2048² stream at 1 kHz that paused 16 ms
 * between reads had 54 to 62 % of its copies torn, against 1 to 4 % when
 * every copy followed a wake-up. Dropping the post and waiting for the next
 * commit puts the writer's whole idle time in front of the copy; a stream
 * too slow to commit soon keeps the frame it has. */
static void
wait_for_next_commit (DaoviewStreamWatcher *self, Reader *r)
{
  daoview_source_skip_pending (r->source);
  (void) daoview_source_wait (r->source, NEXT_COMMIT_WAIT_NS);
}

/* A recording: copy the frame asked for, once; sleep until the next
 * request (or the next check of the files). */
static void
watch_recording (DaoviewStreamWatcher *self, Reader *r)
{
  gint64 now = g_get_monotonic_time ();
  g_mutex_lock (&self->lock);
  gboolean go = !self->stop && self->wanted && self->seek_serial != self->copied_serial;
  if (!go && !self->stop)
    g_cond_wait_until (&self->wake, &self->lock, MIN (r->next_check_us, now + WAIT_TIMEOUT_NS / 1000));
  gint64 position = self->position;
  guint64 count = self->frame_count;
  r->seek_serial = self->seek_serial;
  g_mutex_unlock (&self->lock);

  if (g_get_monotonic_time () >= r->next_check_us)
    {
      periodic_check (self, r, g_get_monotonic_time ());
      if (!r->source)
        return;
    }
  if (!go || count == 0)
    return;
  /* Negative: from the end (-1 the last frame); beyond either end: the
   * frame there. */
  guint64 index = position < 0 ? (guint64) MAX ((gint64) count + position, 0)
                               : MIN ((guint64) position, count - 1);
  if (daoview_source_seek (r->source, index) == 0)
    read_frame (self, r);
}

static void
watch_attached (DaoviewStreamWatcher *self, Reader *r)
{
  if (r->seekable)
    {
      watch_recording (self, r);
      return;
    }

  gint64 now = g_get_monotonic_time ();
  guint64 counter = daoview_source_counter (r->source);
  gboolean wanted, polling, stop;
  gboolean woken_by_commit = r->woken_by_commit;

  r->woken_by_commit = FALSE;

  note_counter (self, counter, now, &wanted, &polling, &stop);
  if (stop)
    return;

  g_mutex_lock (&self->lock);
  gboolean history = self->history_wanted;
  g_mutex_unlock (&self->lock);
  if (history)
    copy_history (self, r);

  if (now >= r->next_check_us)
    {
      periodic_check (self, r, now);
      if (!r->source)
        return;
    }

  if (wanted && counter > 0 && counter != r->last_read_counter)
    {
      /* In a FIFO the newest whole frame is not the one being written:
       * copy it now, no need to wait for the writer's idle time. */
      gboolean fifo = self->depth >= 2;
      if (!woken_by_commit && !polling && !fifo)
        wait_for_next_commit (self, r);
      read_frame (self, r);
      return;
    }

  if (!wanted)
    {
      /* Nothing to do until the main thread takes the pending frame. */
      g_mutex_lock (&self->lock);
      if (!self->wanted && !self->stop)
        g_cond_wait_until (&self->wake, &self->lock, now + WAIT_TIMEOUT_NS / 1000);
      g_mutex_unlock (&self->lock);
      return;
    }

  if (polling)
    {
      sleep_unless_stopped (self, POLL_SLEEP_US);
      return;
    }

  /* Nothing new since our last copy: a wake-up can only be for a commit
   * made since then, so waking on it starts the copy right after a write. */
  int rc = daoview_source_wait (r->source, WAIT_TIMEOUT_NS);
  r->woken_by_commit = rc == 0;
  if (rc == 0 || rc == -ETIMEDOUT)
    return;

  /* No semaphores (a writer that does not create them), or another failure:
   * fall back to the counter and say why. */
  g_mutex_lock (&self->lock);
  self->polling = TRUE;
  set_error_locked (self, r->source->klass, rc,
                    _("Cannot wait on the stream's semaphore; watching the frame counter"));
  g_mutex_unlock (&self->lock);
}

static gpointer
reader_thread (gpointer data)
{
  DaoviewStreamWatcher *self = data;
  Reader r = { 0 };

  for (;;)
    {
      g_mutex_lock (&self->lock);
      gboolean stop = self->stop;
      g_mutex_unlock (&self->lock);
      if (stop)
        break;

      if (!r.source)
        try_open (self, &r);
      else
        watch_attached (self, &r);
    }

  if (r.source)
    detach (self, &r);
  return NULL;
}

/* ---- the main thread's side ------------------------------------------- */

DaoviewFrame *
daoview_stream_watcher_take_frame (DaoviewStreamWatcher *self)
{
  g_return_val_if_fail (DAOVIEW_IS_STREAM_WATCHER (self), NULL);

  g_mutex_lock (&self->lock);
  DaoviewFrame *frame = g_steal_pointer (&self->pending);
  g_mutex_unlock (&self->lock);
  return frame;
}

void
daoview_stream_watcher_want_next_frame (DaoviewStreamWatcher *self)
{
  g_return_if_fail (DAOVIEW_IS_STREAM_WATCHER (self));

  g_mutex_lock (&self->lock);
  self->wanted = TRUE;
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->lock);
}

void
daoview_stream_watcher_seek (DaoviewStreamWatcher *self, gint64 index)
{
  g_return_if_fail (DAOVIEW_IS_STREAM_WATCHER (self));

  g_mutex_lock (&self->lock);
  self->position = index;
  self->seek_serial++;
  /* A frame copied for an earlier request is not taken any more. */
  if (self->pending)
    {
      if (!self->spare)
        self->spare = g_steal_pointer (&self->pending);
      else
        g_clear_pointer (&self->pending, daoview_frame_free);
    }
  self->wanted = TRUE;
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->lock);
}

gboolean
daoview_stream_watcher_get_frame_time (DaoviewStreamWatcher *self, guint64 index, gint64 *write_time_ns)
{
  g_return_val_if_fail (DAOVIEW_IS_STREAM_WATCHER (self), FALSE);
  DaoviewSourceFrameInfo info = { 0 };

  g_mutex_lock (&self->lock);
  gboolean ok = self->seek_source && daoview_source_frame_info (self->seek_source, index, &info) == 0;
  g_mutex_unlock (&self->lock);
  *write_time_ns = ok ? info.write_time_ns : 0;
  return ok;
}

void
daoview_stream_watcher_set_fill_gaps (DaoviewStreamWatcher *self, gboolean fill)
{
  g_return_if_fail (DAOVIEW_IS_STREAM_WATCHER (self));
  g_mutex_lock (&self->lock);
  self->fill_gaps = fill;
  if (!fill)
    g_clear_pointer (&self->backlog, g_ptr_array_unref);
  g_mutex_unlock (&self->lock);
}

GPtrArray *
daoview_stream_watcher_take_backlog (DaoviewStreamWatcher *self)
{
  g_return_val_if_fail (DAOVIEW_IS_STREAM_WATCHER (self), NULL);
  g_mutex_lock (&self->lock);
  GPtrArray *backlog = g_steal_pointer (&self->backlog);
  g_mutex_unlock (&self->lock);
  return backlog;
}

void
daoview_stream_watcher_request_history (DaoviewStreamWatcher *self)
{
  g_return_if_fail (DAOVIEW_IS_STREAM_WATCHER (self));
  g_mutex_lock (&self->lock);
  self->history_wanted = TRUE;
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->lock);
}

GPtrArray *
daoview_stream_watcher_take_history (DaoviewStreamWatcher *self)
{
  g_return_val_if_fail (DAOVIEW_IS_STREAM_WATCHER (self), NULL);
  g_mutex_lock (&self->lock);
  GPtrArray *history = g_steal_pointer (&self->history);
  g_mutex_unlock (&self->lock);
  return history;
}

unsigned
daoview_stream_watcher_get_depth (DaoviewStreamWatcher *self)
{
  g_return_val_if_fail (DAOVIEW_IS_STREAM_WATCHER (self), 1);
  g_mutex_lock (&self->lock);
  unsigned depth = self->attached ? self->depth : 1;
  g_mutex_unlock (&self->lock);
  return depth;
}

void
daoview_stream_watcher_recycle_frame (DaoviewStreamWatcher *self, DaoviewFrame *frame)
{
  g_return_if_fail (DAOVIEW_IS_STREAM_WATCHER (self));
  if (!frame)
    return;

  g_mutex_lock (&self->lock);
  if (!self->spare)
    self->spare = g_steal_pointer (&frame);
  g_mutex_unlock (&self->lock);
  daoview_frame_free (frame);
}

void
daoview_stream_watcher_get_status (DaoviewStreamWatcher *self, DaoviewStreamStatus *status)
{
  g_return_if_fail (DAOVIEW_IS_STREAM_WATCHER (self));
  gint64 now = g_get_monotonic_time ();

  memset (status, 0, sizeof *status);
  g_mutex_lock (&self->lock);
  status->error = self->error ? g_error_copy (self->error) : NULL;
  status->attached = self->attached;
  status->format = self->format;
  status->generation = self->generation;
  status->type = self->type;
  status->naxis = self->naxis;
  memcpy (status->shape, self->shape, sizeof status->shape);
  status->slot = self->slot;
  status->polling = self->polling;
  status->counter = self->counter;
  status->stream_rate = self->stream_rate.hz;
  status->rate_estimated = self->stream_rate.estimates > 0;
  status->age = (now - self->last_change_us) / 1e6;
  status->torn = self->torn;
  status->fifo_depth = self->depth;
  DaoviewCopyVerdict verdict = daoview_copy_budget_verdict (&self->copy_budget, self->stream_rate.hz,
                                                            self->depth, now);
  status->copy_budget_exceeded = self->attached && verdict.exceeded;
  status->copy_ms = verdict.copy_ms;
  status->period_ms = verdict.period_ms;
  status->copy_attempts = verdict.attempts;
  status->copy_torn = verdict.torn;
  status->frame_count = self->frame_count;

  if (!self->attached)
    status->state = self->base_state;
  else
    {
      /* Stale: no frame for a second, and for ten periods of a slow stream. */
      double threshold = 1.0;
      if (self->last_nonzero_rate > 0)
        threshold = MAX (threshold, 10.0 / self->last_nonzero_rate);

      if (self->frame_count > 0)
        status->state = DAOVIEW_STREAM_RECORDED;
      else if (self->link == DAOVIEW_SOURCE_LINK_DOWN)
        status->state = DAOVIEW_STREAM_DISCONNECTED;
      else if (self->link == DAOVIEW_SOURCE_LINK_RECONNECTING)
        status->state = DAOVIEW_STREAM_RECONNECTING;
      else if (self->writer_gone)
        status->state = DAOVIEW_STREAM_WRITER_GONE;
      else if (status->age > threshold)
        status->state = DAOVIEW_STREAM_STALE;
      else if (self->generation > 1 && now - self->attach_us < RECREATED_SHOWN_US)
        status->state = DAOVIEW_STREAM_RECREATED;
      else
        status->state = DAOVIEW_STREAM_LIVE;
    }
  g_mutex_unlock (&self->lock);
}

const char *
daoview_stream_watcher_get_location (DaoviewStreamWatcher *self)
{
  g_return_val_if_fail (DAOVIEW_IS_STREAM_WATCHER (self), NULL);
  return self->location;
}

gboolean
daoview_stream_watcher_copy_keywords (DaoviewStreamWatcher *self, dao_keyword **out, unsigned *n)
{
  g_return_val_if_fail (DAOVIEW_IS_STREAM_WATCHER (self), FALSE);
  return daoview_source_read_keywords (self->location, out, n) == 0;
}

void
daoview_stream_watcher_stop (DaoviewStreamWatcher *self)
{
  g_return_if_fail (DAOVIEW_IS_STREAM_WATCHER (self));
  if (!self->thread)
    return;

  g_mutex_lock (&self->lock);
  self->stop = TRUE;
  g_cond_broadcast (&self->wake);
  g_mutex_unlock (&self->lock);
  g_thread_join (g_steal_pointer (&self->thread));
}

static void
daoview_stream_watcher_dispose (GObject *object)
{
  DaoviewStreamWatcher *self = DAOVIEW_STREAM_WATCHER (object);

  daoview_stream_watcher_stop (self);

  G_OBJECT_CLASS (daoview_stream_watcher_parent_class)->dispose (object);
}

static void
daoview_stream_watcher_finalize (GObject *object)
{
  DaoviewStreamWatcher *self = DAOVIEW_STREAM_WATCHER (object);

  g_clear_pointer (&self->pending, daoview_frame_free);
  g_clear_pointer (&self->spare, daoview_frame_free);
  g_clear_pointer (&self->backlog, g_ptr_array_unref);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_error (&self->error);
  g_clear_pointer (&self->location, g_free);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->wake);

  G_OBJECT_CLASS (daoview_stream_watcher_parent_class)->finalize (object);
}

static void
daoview_stream_watcher_class_init (DaoviewStreamWatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = daoview_stream_watcher_dispose;
  object_class->finalize = daoview_stream_watcher_finalize;
}

static void
daoview_stream_watcher_init (DaoviewStreamWatcher *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->wake);
  self->base_state = DAOVIEW_STREAM_WAITING;
  self->slot = -1;
  self->wanted = TRUE;
  self->depth = 1;
}

DaoviewStreamWatcher *
daoview_stream_watcher_new (const char *location, int slot)
{
  g_return_val_if_fail (location != NULL, NULL);

  DaoviewStreamWatcher *self = g_object_new (DAOVIEW_TYPE_STREAM_WATCHER, NULL);
  self->location = g_strdup (location);
  self->forced_slot = slot;
  self->thread = g_thread_new ("daoview-reader", reader_thread, self);
  return self;
}
