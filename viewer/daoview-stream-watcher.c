/* daoview-stream-watcher.c — the reader thread and the stream's state machine.
 *
 * The thread claims its own reader slot, waits on it with a short timeout
 * and copies a frame only when the main thread has taken the previous one:
 * a 1 kHz stream of 8 MB frames copied every time would cost more than the
 * display, and a frame that waited in a queue would show the past. Each
 * copy starts right after a commit (see wait_for_next_commit), when the
 * writer's idle time lies ahead of it. When no slot can be had (all
 * claimed, no semaphores, a read-only file) it watches the counter with
 * millisecond sleeps instead — never a busy spin, which would take one of
 * the machine's cores away from the writer.
 *
 * Facts (counter, times, writer liveness) are recorded by the thread; the
 * state (live, stale …) is derived from them when the main thread asks, so
 * the age of the last frame is always current.
 */
#define G_LOG_DOMAIN "daoview-stream-watcher"

#include "config.h"

#include "daoview-stream-watcher.h"

#include "daoview-capture.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>
#include <time.h>

#define WAIT_TIMEOUT_NS (50 * 1000 * 1000)  /* a semaphore wait; bounds stop latency */
#define POLL_SLEEP_US 1000                  /* counter polling without a semaphore */
#define CHECK_INTERVAL_US (200 * 1000)      /* path replaced/removed, writer alive? */
#define MISSING_RETRY_US (200 * 1000)       /* the file is not there yet */
#define INVALID_RETRY_US (500 * 1000)       /* the file is there but not a stream */
#define RATE_WINDOW_US (500 * 1000)
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
  char *path;
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
  guint64 generation;
  dao_type type;
  unsigned naxis;
  guint32 shape[DAO_MAX_AXES];
  int slot;
  gboolean polling;
  gboolean writer_gone;
  guint64 counter;
  gint64 last_change_us; /* monotonic */
  gint64 attach_us;
  double stream_rate;
  double last_nonzero_rate;
  guint64 torn;
};

G_DEFINE_FINAL_TYPE (DaoviewStreamWatcher, daoview_stream_watcher, G_TYPE_OBJECT)

G_DEFINE_QUARK (daoview-stream-error-quark, daoview_stream_error)

static const char *const state_names[] = {
  [DAOVIEW_STREAM_WAITING] = "waiting",
  [DAOVIEW_STREAM_LIVE] = "live",
  [DAOVIEW_STREAM_STALE] = "stale",
  [DAOVIEW_STREAM_WRITER_GONE] = "writer-gone",
  [DAOVIEW_STREAM_RECREATED] = "recreated",
  [DAOVIEW_STREAM_INVALID] = "invalid",
};

const char *
daoview_stream_state_name (DaoviewStreamState state)
{
  return (unsigned) state < G_N_ELEMENTS (state_names) ? state_names[state] : "unknown";
}

void
daoview_stream_status_clear (DaoviewStreamStatus *status)
{
  g_clear_error (&status->error);
}

/* The one place a libdao code becomes a GError. Called with the lock held. */
static void
set_error_locked (DaoviewStreamWatcher *self, int code, const char *context)
{
  g_clear_error (&self->error);
  if (code == 0)
    return;
  self->error = g_error_new (DAOVIEW_STREAM_ERROR, code, "%s: %s", context, dao_strerror (code));
}

/* ---- the reader thread ------------------------------------------------ */

typedef struct {
  dao_stream *stream;
  gboolean woken_by_commit; /* the last thing done was a semaphore wake-up */
  gint64 torn_backoff_us;
  guint64 last_read_counter;
  gint64 next_check_us;
  gint64 rate_window_us;
  guint64 rate_window_counter;
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
  g_clear_pointer (&r->stream, dao_stream_close);
  g_mutex_lock (&self->lock);
  self->attached = FALSE;
  g_mutex_unlock (&self->lock);
}

static void
attach (DaoviewStreamWatcher *self, Reader *r, dao_stream *s)
{
  gint64 now = g_get_monotonic_time ();
  int slot = 0;
  int rc;
  const char *why = NULL;

  if (self->forced_slot >= 0)
    {
      slot = self->forced_slot;
      rc = dao_stream_slot_claim_at (s, slot);
      why = _("Cannot use the requested reader slot; watching the frame counter");
    }
  else
    {
      rc = dao_stream_slot_claim (s, &slot);
      why = _("No reader slot is free; watching the frame counter");
    }

  r->stream = s;
  r->last_read_counter = 0;
  r->next_check_us = now + CHECK_INTERVAL_US;
  r->rate_window_us = now;
  r->rate_window_counter = dao_stream_counter (s);

  /* The age of the last frame comes from its write time, so a stream
   * whose writer stopped long ago shows as stale at once. */
  gint64 age_us = 0;
  if (dao_stream_counter (s) > 0 && dao_stream_write_time_ns (s) > 0)
    {
      struct timespec ts;
      clock_gettime (CLOCK_REALTIME, &ts);
      gint64 now_ns = (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
      age_us = MAX (0, (now_ns - dao_stream_write_time_ns (s)) / 1000);
    }

  g_mutex_lock (&self->lock);
  self->attached = TRUE;
  self->generation++;
  self->type = dao_stream_type (s);
  self->naxis = dao_stream_naxis (s);
  memcpy (self->shape, dao_stream_shape (s), sizeof self->shape);
  self->polling = rc < 0;
  self->slot = rc < 0 ? -1 : slot;
  set_error_locked (self, rc, why);
  self->counter = dao_stream_counter (s);
  self->last_change_us = now - age_us;
  self->attach_us = now;
  self->stream_rate = 0;
  self->last_nonzero_rate = 0;
  self->writer_gone = dao_stream_writer_state (s) == DAO_WRITER_GONE;
  /* Show the newest frame even if none comes after it. */
  self->wanted = TRUE;
  g_clear_pointer (&self->spare, daoview_frame_free);
  g_mutex_unlock (&self->lock);
}

static void
try_open (DaoviewStreamWatcher *self, Reader *r)
{
  dao_stream *s = NULL;
  int rc = dao_stream_open (&s, self->path, 0);

  if (rc == 0)
    {
      attach (self, r, s);
      return;
    }

  g_mutex_lock (&self->lock);
  self->base_state = rc == -ENOENT ? DAOVIEW_STREAM_WAITING : DAOVIEW_STREAM_INVALID;
  /* A stream seen before and now gone says so, not just "waiting". */
  set_error_locked (self, rc,
                    rc != -ENOENT ? _("Cannot show this file")
                    : self->generation > 0 ? _("The stream was removed; waiting for it to reappear")
                                           : _("Waiting for the stream to appear"));
  g_mutex_unlock (&self->lock);
  sleep_unless_stopped (self, rc == -ENOENT ? MISSING_RETRY_US : INVALID_RETRY_US);
}

static DaoviewFrame *
get_buffer (DaoviewStreamWatcher *self, dao_stream *s)
{
  g_mutex_lock (&self->lock);
  DaoviewFrame *frame = g_steal_pointer (&self->spare);
  g_mutex_unlock (&self->lock);

  if (frame && frame->type == dao_stream_type (s) && frame->naxis == dao_stream_naxis (s)
      && memcmp (frame->shape, dao_stream_shape (s), sizeof frame->shape) == 0)
    return frame;
  daoview_frame_free (frame);
  return daoview_frame_new (dao_stream_type (s), dao_stream_naxis (s), dao_stream_shape (s));
}

static void
read_frame (DaoviewStreamWatcher *self, Reader *r)
{
  DaoviewFrame *frame = get_buffer (self, r->stream);
  if (!frame)
    {
      g_mutex_lock (&self->lock);
      set_error_locked (self, -ENOMEM, _("Cannot hold a frame"));
      g_mutex_unlock (&self->lock);
      sleep_unless_stopped (self, INVALID_RETRY_US);
      return;
    }

  /* One copy, no retries: after a semaphore wake-up the copy starts right
   * after the writer's commit, with a whole period ahead of it; if it still
   * races a write, the next frame is a better chance than a second copy of
   * this one, and costs the writer no extra memory bandwidth. */
  dao_frame_info info = { 0 };
  int rc = dao_stream_read (r->stream, frame->data, frame->size, 0, &info);

  g_mutex_lock (&self->lock);
  if (rc == 0)
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
   * the writer. */
  if (rc == DAO_E_TORN)
    {
      r->torn_backoff_us = r->torn_backoff_us ? MIN (2 * r->torn_backoff_us, TORN_BACKOFF_MAX_US)
                                              : TORN_BACKOFF_US;
      sleep_unless_stopped (self, r->torn_backoff_us);
    }
  else if (rc == 0)
    r->torn_backoff_us = 0;
}

static void
periodic_check (DaoviewStreamWatcher *self, Reader *r, gint64 now)
{
  int rc = dao_stream_check_path (r->stream);
  if (rc != 0)
    {
      /* Replaced: the next open attaches the new stream (generation + 1).
       * Removed: back to waiting for the file. */
      detach (self, r);
      g_mutex_lock (&self->lock);
      self->base_state = DAOVIEW_STREAM_WAITING;
      set_error_locked (self, rc == DAO_E_REPLACED || rc == DAO_E_RECREATED ? 0 : rc,
                        _("The stream was removed; waiting for it to reappear"));
      g_mutex_unlock (&self->lock);
      return;
    }

  int writer = dao_stream_writer_state (r->stream);
  guint64 counter = dao_stream_counter (r->stream);

  g_mutex_lock (&self->lock);
  self->writer_gone = writer == DAO_WRITER_GONE;
  /* The first estimate comes quickly, later ones average over longer. */
  if (now - r->rate_window_us >= (self->stream_rate > 0 ? RATE_WINDOW_US : CHECK_INTERVAL_US))
    {
      double dt = (now - r->rate_window_us) / 1e6;
      self->stream_rate = counter >= r->rate_window_counter
                            ? (counter - r->rate_window_counter) / dt : 0;
      if (self->stream_rate > 0)
        self->last_nonzero_rate = self->stream_rate;
      r->rate_window_us = now;
      r->rate_window_counter = counter;
    }
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

static int
current_slot (DaoviewStreamWatcher *self)
{
  g_mutex_lock (&self->lock);
  int slot = self->slot;
  g_mutex_unlock (&self->lock);
  return slot;
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
  int slot = current_slot (self);
  for (int i = 0; i < 4 && dao_stream_wait (r->stream, slot, 0) == 0; i++)
    ; /* posts are clamped at 1 by libdao; a few more from foreign writers */
  (void) dao_stream_wait (r->stream, slot, NEXT_COMMIT_WAIT_NS);
}

static void
watch_attached (DaoviewStreamWatcher *self, Reader *r)
{
  gint64 now = g_get_monotonic_time ();
  guint64 counter = dao_stream_counter (r->stream);
  gboolean wanted, polling, stop;
  gboolean woken_by_commit = r->woken_by_commit;

  r->woken_by_commit = FALSE;

  note_counter (self, counter, now, &wanted, &polling, &stop);
  if (stop)
    return;

  if (now >= r->next_check_us)
    {
      periodic_check (self, r, now);
      if (!r->stream)
        return;
    }

  if (wanted && counter > 0 && counter != r->last_read_counter)
    {
      if (!woken_by_commit && !polling)
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

  /* Nothing new since our last copy: a post can only be for a commit made
   * since then, so waking on it starts the copy right after a write. */
  int rc = dao_stream_wait (r->stream, current_slot (self), WAIT_TIMEOUT_NS);
  r->woken_by_commit = rc == 0;
  if (rc == 0 || rc == -ETIMEDOUT)
    return;

  /* No semaphores (a writer that does not create them), or another failure:
   * fall back to the counter and say why. */
  g_mutex_lock (&self->lock);
  self->polling = TRUE;
  set_error_locked (self, rc, _("Cannot wait on the stream's semaphore; watching the frame counter"));
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

      if (!r.stream)
        try_open (self, &r);
      else
        watch_attached (self, &r);
    }

  g_clear_pointer (&r.stream, dao_stream_close);
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
  status->generation = self->generation;
  status->type = self->type;
  status->naxis = self->naxis;
  memcpy (status->shape, self->shape, sizeof status->shape);
  status->slot = self->slot;
  status->polling = self->polling;
  status->counter = self->counter;
  status->stream_rate = self->stream_rate;
  status->age = (now - self->last_change_us) / 1e6;
  status->torn = self->torn;

  if (!self->attached)
    status->state = self->base_state;
  else
    {
      /* Stale: no frame for a second, and for ten periods of a slow stream. */
      double threshold = 1.0;
      if (self->last_nonzero_rate > 0)
        threshold = MAX (threshold, 10.0 / self->last_nonzero_rate);

      if (self->writer_gone)
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
daoview_stream_watcher_get_path (DaoviewStreamWatcher *self)
{
  g_return_val_if_fail (DAOVIEW_IS_STREAM_WATCHER (self), NULL);
  return self->path;
}

gboolean
daoview_stream_watcher_copy_keywords (DaoviewStreamWatcher *self, dao_keyword **out, unsigned *n)
{
  g_return_val_if_fail (DAOVIEW_IS_STREAM_WATCHER (self), FALSE);
  dao_stream *s = NULL;

  *out = NULL;
  *n = 0;
  if (dao_stream_open (&s, self->path, DAO_OPEN_READ_ONLY) < 0)
    return FALSE;
  int rc = daoview_capture_keywords_from_stream (s, out, n);
  dao_stream_close (s);
  return rc == 0;
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
  g_clear_error (&self->error);
  g_clear_pointer (&self->path, g_free);
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
}

DaoviewStreamWatcher *
daoview_stream_watcher_new (const char *path, int slot)
{
  g_return_val_if_fail (path != NULL, NULL);

  DaoviewStreamWatcher *self = g_object_new (DAOVIEW_TYPE_STREAM_WATCHER, NULL);
  self->path = g_strdup (path);
  self->forced_slot = slot;
  self->thread = g_thread_new ("daoview-reader", reader_thread, self);
  return self;
}
