/* daoview-source-dao.c — a stream file through libdao, daoview's first
 * frame source (see daoview-source.h).
 *
 * libdao does the protocol: validating the header, consistent copies,
 * reader slots, the writer's liveness, noticing a stream replaced or cut
 * under us. This file only maps its calls onto the source interface, and
 * chooses how the reader is woken: a reader slot of its own when one can be
 * had (the semaphore the writer posts after each frame), otherwise nothing
 * (the reader polls the counter and says why).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "daoview-capture.h"
#include "daoview-source.h"

typedef struct {
  DaoviewSource parent;
  dao_stream *stream;
  bool milk; /* a milk stream: read-only, woken by libdao's polling of its counter */
} DaoSource;

/* Any path may be a stream (DAO streams need not end in .im.shm): the
 * fallback for locations no other class claims. */
static int
dao_accepts (const char *location)
{
  return 1;
}

static void
dao_close (DaoviewSource *source)
{
  DaoSource *self = (DaoSource *) source;
  dao_stream_close (self->stream);
  free (self);
}

static int
dao_open (DaoviewSource **out, const char *location, const DaoviewSourceOptions *options)
{
  dao_stream *s = NULL;
  int rc = dao_stream_open (&s, location, options->passive ? DAO_OPEN_READ_ONLY : 0);
  if (rc < 0)
    return rc;

  DaoSource *self = calloc (1, sizeof *self);
  if (!self)
    {
      dao_stream_close (s);
      return -ENOMEM;
    }
  self->stream = s;

  DaoviewSourceInfo *info = &self->parent.info;
  self->parent.klass = &daoview_dao_source_class;
  /* libdao reads milk / ImageStreamIO streams through the same handle;
   * DaoviewStreamStatus.format carries the kind to the views. */
  bool milk = dao_stream_format (s) == DAO_FORMAT_MILK;
  self->milk = milk;
  info->format = milk ? "milk" : "DAO";
  info->type = dao_stream_type (s);
  info->naxis = dao_stream_naxis (s);
  memcpy (info->shape, dao_stream_shape (s), sizeof info->shape);
  info->frame_size = dao_stream_frame_size (s);
  info->counter = dao_stream_counter (s);
  info->write_time_ns = dao_stream_write_time_ns (s);
  info->capabilities = DAOVIEW_SOURCE_HAS_KEYWORDS;
  info->history_depth = dao_stream_fifo_depth (s);
  if (info->history_depth >= 2)
    info->capabilities |= DAOVIEW_SOURCE_HAS_HISTORY;
  info->slot = -1;

  if (options->passive)
    info->wait_error = -ENOTSUP;
  else if (milk)
    /* Read-only: no milk semaphore slot is ever taken (waiting on one would
     * write to the file). libdao's wait polls the counter instead, and
     * returns right after a publish — the moment a copy has the writer's
     * whole idle time ahead of it — so the reader uses it as a wake-up;
     * it asks for a frame only at the display's pace. */
    info->capabilities |= DAOVIEW_SOURCE_CAN_WAIT;
  else
    {
      int slot = 0;
      if (options->slot >= 0)
        {
          slot = options->slot;
          rc = dao_stream_slot_claim_at (s, slot);
        }
      else
        rc = dao_stream_slot_claim (s, &slot);
      info->wait_error = rc < 0 ? rc : 0;
      if (rc == 0)
        {
          info->slot = slot;
          info->capabilities |= DAOVIEW_SOURCE_CAN_WAIT;
        }
    }
  *out = &self->parent;
  return 0;
}

static uint64_t
dao_counter (DaoviewSource *source)
{
  return dao_stream_counter (((DaoSource *) source)->stream);
}

static int
dao_copy_newest (DaoviewSource *source, void *dst, size_t size, DaoviewSourceFrameInfo *info)
{
  dao_frame_info fi = { 0 };
  /* Timeout 0: a single attempt (see copy_newest in daoview-source.h). */
  int rc = dao_stream_read (((DaoSource *) source)->stream, dst, size, 0, &fi);
  if (info)
    {
      info->counter = fi.counter;
      info->write_time_ns = fi.write_time_ns;
      info->retries = fi.retries;
      info->segment = fi.segment;
    }
  return rc;
}

/* A segment being rewritten is retried for at most this long, then given
 * up: it is the one the writer writes next, and it will hold a newer frame
 * than the one asked for. */
#define SEGMENT_TIMEOUT_NS (2 * 1000 * 1000)

static int
dao_copy_segment (DaoviewSource *source, unsigned segment, void *dst, size_t size,
                  DaoviewSourceFrameInfo *info)
{
  dao_frame_info fi = { 0 };
  int rc = dao_stream_read_segment (((DaoSource *) source)->stream, segment, dst, size,
                                    SEGMENT_TIMEOUT_NS, &fi);
  if (info)
    {
      info->counter = fi.counter;
      info->write_time_ns = fi.write_time_ns;
      info->retries = fi.retries;
      info->segment = segment;
    }
  return rc;
}

static int
dao_check (DaoviewSource *source, DaoviewSourceHealth *health)
{
  dao_stream *s = ((DaoSource *) source)->stream;
  int rc = dao_stream_check_path (s);
  if (rc != 0)
    return rc;
  switch (dao_stream_writer_state (s))
    {
    case DAO_WRITER_ALIVE: health->writer = DAOVIEW_SOURCE_WRITER_ALIVE; break;
    case DAO_WRITER_GONE: health->writer = DAOVIEW_SOURCE_WRITER_GONE; break;
    default: health->writer = DAOVIEW_SOURCE_WRITER_UNKNOWN; break;
    }
  health->link = DAOVIEW_SOURCE_LINK_NONE;
  return 0;
}

static int
dao_wait (DaoviewSource *source, int64_t timeout_ns)
{
  DaoviewSourceInfo *info = &source->info;
  if (((DaoSource *) source)->milk)
    return dao_stream_wait (((DaoSource *) source)->stream, 0, timeout_ns);
  if (info->slot < 0 || info->wait_error)
    return info->wait_error ? info->wait_error : -ENOTSUP;
  int rc = dao_stream_wait (((DaoSource *) source)->stream, info->slot, timeout_ns);
  if (rc < 0 && rc != -ETIMEDOUT)
    {
      /* No semaphores (a writer that does not create them), or another
       * failure: the reader falls back to the counter. */
      info->wait_error = rc;
      info->capabilities &= ~(unsigned) DAOVIEW_SOURCE_CAN_WAIT;
    }
  return rc;
}

/* Posts are clamped at 1 by libdao's writers; a few more may come from
 * foreign writers. */
static void
dao_skip_pending (DaoviewSource *source)
{
  DaoviewSourceInfo *info = &source->info;
  if (((DaoSource *) source)->milk)
    {
      /* libdao's polling wait returns for a counter it has not shown us:
       * one look takes in whatever was published meanwhile. */
      (void) dao_stream_wait (((DaoSource *) source)->stream, 0, 0);
      return;
    }
  if (info->slot < 0 || info->wait_error)
    return;
  for (int i = 0; i < 4 && dao_stream_wait (((DaoSource *) source)->stream, info->slot, 0) == 0; i++)
    ;
}

static int
dao_keywords (DaoviewSource *source, dao_keyword **out, unsigned *n)
{
  return daoview_capture_keywords_from_stream (((DaoSource *) source)->stream, out, n);
}

const DaoviewSourceClass daoview_dao_source_class = {
  .name = "dao",
  .accepts = dao_accepts,
  .open = dao_open,
  .close = dao_close,
  .counter = dao_counter,
  .copy_newest = dao_copy_newest,
  .check = dao_check,
  .wait = dao_wait,
  .skip_pending = dao_skip_pending,
  .keywords = dao_keywords,
  .copy_segment = dao_copy_segment,
};
