/* daoview-source-remote.c — a stream served by `daoctl serve` on another
 * machine, "tcp://HOST:PORT/NAME", as a frame source (daoview-source.h), on
 * libdao-remote's client (remote/dao-remote.h).
 *
 * Pacing. The client has at most one frame in flight and asks for the next
 * one when it is called, so frames are asked for when the reader is ready
 * for one: right after a copy (so that the next frame is on its way while
 * this one is drawn), in wait() (the reader wants a frame and has nothing
 * new) and in check() (a few times a second, so the state, the counter and
 * the rate stay current while the display holds a frame, is paused or
 * hidden). The server sends the newest frame it has when it gets the
 * request; a stream faster than the display is decimated by the server,
 * never queued, and the link carries about one frame per displayed frame.
 *
 * Geometry is only known from a frame, so open() waits briefly for the
 * first one and says -ENOENT ("waiting") until it comes. The connection
 * lives on between those attempts, and across a re-creation: a handle
 * whose source had to be closed (a new shape arrived, the stream went
 * away) is parked here and taken up again by the next open() of the same
 * location, with the frame it already holds.
 *
 * States: LIVE/STALE are the reader's own (from the counter's age);
 * DISCONNECTED and RECONNECTING are the link's (health.link); a frame of
 * another shape, type or generation is DAO_E_REPLACED (reattached, shown
 * as recreated); "no such stream" on the server is -ENOENT (waiting for it
 * to reappear); a stream the server cannot read, or bytes the client
 * refused, is that code (invalid, with its text).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dao-remote.h"
#include "daoview-remote.h"
#include "daoview-source.h"

/* How long one open() attempt waits for the first frame: short, because
 * the reader thread cannot stop meanwhile; the connection outlives the
 * attempt (parked), so a slow first frame is only waited for in pieces. */
#define OPEN_WAIT_NS (150 * 1000 * 1000LL)
/* A passive open (keywords, from the main thread) has no later attempt. */
#define PASSIVE_WAIT_NS (2000 * 1000 * 1000LL)
/* Parked connections nobody took up again within this are closed. */
#define PARK_EXPIRY_NS (5 * 1000 * 1000 * 1000LL)
#define PARK_SLOTS 8

typedef struct {
  DaoviewSource parent;
  dao_remote *remote;
  char *location;
  uint64_t counter;       /* of the newest frame of our geometry */
  int64_t write_time_ns;
  bool replaced;          /* a frame of another geometry or stream arrived */
  bool park_on_close;     /* keep the connection for the next open() */
  int failure;            /* a failure of this machine seen in wait() */
} RemoteSource;

/* ---- keys and parked connections (process-wide) ------------------------- */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static dao_remote_keys keys;
static bool have_keys;

typedef struct {
  char *location;
  dao_remote *remote;
  int64_t parked_ns;
} Parked;
static Parked parked[PARK_SLOTS];

static int64_t
now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
unpark_slot (Parked *p, dao_remote **closing)
{
  *closing = p->remote;
  free (p->location);
  memset (p, 0, sizeof *p);
}

/* The parked connection for `location`, or NULL. Expired ones are closed. */
static dao_remote *
take_parked (const char *location)
{
  dao_remote *found = NULL, *expired[PARK_SLOTS] = { NULL };
  int64_t now = now_ns ();
  pthread_mutex_lock (&lock);
  for (int i = 0; i < PARK_SLOTS; i++)
    {
      if (!parked[i].remote)
        continue;
      if (!found && strcmp (parked[i].location, location) == 0)
        unpark_slot (&parked[i], &found);
      else if (now - parked[i].parked_ns > PARK_EXPIRY_NS)
        unpark_slot (&parked[i], &expired[i]);
    }
  pthread_mutex_unlock (&lock);
  for (int i = 0; i < PARK_SLOTS; i++)
    dao_remote_close (expired[i]); /* outside the lock: it joins ZeroMQ's threads */
  return found;
}

static void
park (const char *location, dao_remote *remote)
{
  dao_remote *evicted = NULL;
  char *copy = strdup (location);
  if (!copy)
    {
      dao_remote_close (remote);
      return;
    }
  pthread_mutex_lock (&lock);
  int slot = 0;
  for (int i = 0; i < PARK_SLOTS; i++)
    {
      if (!parked[i].remote)
        {
          slot = i;
          break;
        }
      if (parked[i].parked_ns < parked[slot].parked_ns)
        slot = i; /* full: the oldest goes */
    }
  if (parked[slot].remote)
    unpark_slot (&parked[slot], &evicted);
  parked[slot].location = copy;
  parked[slot].remote = remote;
  parked[slot].parked_ns = now_ns ();
  pthread_mutex_unlock (&lock);
  dao_remote_close (evicted);
}

static int
connect_remote (dao_remote **out, const char *location)
{
  dao_remote_options options = DAO_REMOTE_OPTIONS_INIT;
  dao_remote_keys k;
  pthread_mutex_lock (&lock);
  k = keys;
  if (have_keys)
    options.keys = &k;
  pthread_mutex_unlock (&lock);
  return dao_remote_open (out, location, &options);
}

bool
daoview_remote_available (void)
{
  return true;
}

bool
daoview_remote_is_format (const char *format)
{
  return format
         && (strcmp (format, DAOVIEW_REMOTE_FORMAT_DAO) == 0
             || strcmp (format, DAOVIEW_REMOTE_FORMAT_MILK) == 0);
}

int
daoview_remote_use_keys (const char *dir)
{
  dao_remote_keys k;
  memset (&k, 0, sizeof k);
  int rc = dir ? dao_remote_keys_load (&k, dir) : 0;
  if (rc < 0)
    return rc;
  /* Parked connections were made with the old keys: drop them. */
  dao_remote *closing[PARK_SLOTS] = { NULL };
  pthread_mutex_lock (&lock);
  keys = k;
  have_keys = dir != NULL;
  for (int i = 0; i < PARK_SLOTS; i++)
    if (parked[i].remote)
      unpark_slot (&parked[i], &closing[i]);
  pthread_mutex_unlock (&lock);
  for (int i = 0; i < PARK_SLOTS; i++)
    dao_remote_close (closing[i]);
  return 0;
}

bool
daoview_remote_is_server (const char *location)
{
  char endpoint[256];
  return location && dao_remote_parse_url (location, endpoint, sizeof endpoint, NULL, 0) == 0;
}

int
daoview_remote_list (const char *server, int64_t timeout_ns, DaoviewRemoteEntry **entries,
                     size_t *count)
{
  char endpoint[256];
  dao_remote_entry *list = NULL;
  dao_remote_keys k;
  bool with_keys;

  *entries = NULL;
  *count = 0;
  int rc = dao_remote_parse_url (server, endpoint, sizeof endpoint, NULL, 0);
  if (rc < 0)
    return rc;
  pthread_mutex_lock (&lock);
  k = keys;
  with_keys = have_keys;
  pthread_mutex_unlock (&lock);
  size_t n = 0;
  rc = dao_remote_list (endpoint, with_keys ? &k : NULL, timeout_ns, &list, &n);
  if (rc < 0)
    return rc;
  DaoviewRemoteEntry *out = calloc (n ? n : 1, sizeof *out);
  if (!out)
    {
      free (list);
      return -ENOMEM;
    }
  for (size_t i = 0; i < n; i++)
    {
      DaoviewRemoteEntry *e = &out[i];
      snprintf (e->location, sizeof e->location, "%s/%s", endpoint, list[i].name);
      snprintf (e->name, sizeof e->name, "%s", list[i].name);
      e->milk = list[i].source_format == DAO_REMOTE_SOURCE_MILK;
      e->valid = list[i].valid;
      e->type = list[i].type;
      e->naxis = list[i].naxis;
      memcpy (e->shape, list[i].shape, sizeof e->shape);
      e->counter = list[i].counter;
    }
  free (list);
  *entries = out;
  *count = n;
  return 0;
}

const char *
daoview_remote_strerror (int code)
{
  if (code == DAOVIEW_REMOTE_E_UNAVAILABLE)
    return "this daoview was built without remote streams (libzmq, liblz4)";
  if (code <= -20101 && code >= -20199)
    return dao_remote_strerror (code);
  return NULL;
}

/* ---- the source ---------------------------------------------------------- */

static int
remote_accepts (const char *location)
{
  return strncmp (location, "tcp://", 6) == 0 ? 10 : 0;
}

static bool
same_geometry (const DaoviewSourceInfo *info, const dao_remote_frame *f)
{
  return f->type == info->type && f->naxis == info->naxis
         && memcmp (f->shape, info->shape, sizeof f->shape) == 0 && f->size == info->frame_size;
}

/* Let the client work for up to timeout_ns (it sends a request if none is
 * out), then note what a new frame means for this source. Returns
 * dao_remote_wait()'s code. */
static int
pump (RemoteSource *self, int64_t timeout_ns)
{
  int rc = dao_remote_wait (self->remote, timeout_ns);
  if (rc != 0)
    return rc;
  const dao_remote_frame *f = dao_remote_frame_info (self->remote);
  if (dao_remote_state_get (self->remote) == DAO_REMOTE_RECREATED
      || !same_geometry (&self->parent.info, f))
    self->replaced = true;
  /* Also for a frame we will not copy: the counter moving makes the reader
   * try a copy at once, which says DAO_E_REPLACED and reattaches. */
  self->counter = f->counter;
  self->write_time_ns = f->write_time_ns;
  return 0;
}

static void
remote_close (DaoviewSource *source)
{
  RemoteSource *self = (RemoteSource *) source;
  if (self->park_on_close)
    park (self->location, self->remote);
  else
    dao_remote_close (self->remote);
  free (self->location);
  free (self);
}

/* Why open() cannot attach yet: -ENOENT while nothing is known (no answer
 * yet, or no such stream), the server's or the client's code otherwise. */
static int
not_ready_code (dao_remote *r)
{
  switch (dao_remote_state_get (r))
    {
    case DAO_REMOTE_INVALID:
      return dao_remote_last_error (r) < 0 ? dao_remote_last_error (r) : DAO_REMOTE_E_STREAM_INVALID;
    default:
      return -ENOENT;
    }
}

static int
remote_open (DaoviewSource **out, const char *location, const DaoviewSourceOptions *options)
{
  dao_remote *r = take_parked (location);
  int rc = 0;
  if (!r)
    {
      rc = connect_remote (&r, location);
      if (rc < 0)
        return rc;
    }

  /* A parked connection may already hold a frame (the new geometry of a
   * re-created stream): attach to it without waiting. */
  int64_t wait_ns = options->passive ? PASSIVE_WAIT_NS : OPEN_WAIT_NS;
  int64_t deadline = now_ns () + wait_ns;
  const dao_remote_frame *f = dao_remote_frame_info (r);
  while (!f || dao_remote_state_get (r) == DAO_REMOTE_GONE
         || dao_remote_state_get (r) == DAO_REMOTE_INVALID)
    {
      int64_t left = deadline - now_ns ();
      if (left <= 0)
        break;
      rc = dao_remote_wait (r, left);
      if (rc < 0 && rc != -ETIMEDOUT)
        {
          dao_remote_close (r);
          return rc;
        }
      if (rc == 0)
        f = dao_remote_frame_info (r);
      else if (dao_remote_state_get (r) == DAO_REMOTE_GONE
               || dao_remote_state_get (r) == DAO_REMOTE_INVALID)
        break; /* the server answered: say so now */
    }
  dao_remote_state state = dao_remote_state_get (r);
  if (!f || state == DAO_REMOTE_GONE || state == DAO_REMOTE_INVALID)
    {
      rc = not_ready_code (r);
      park (location, r);
      return rc;
    }

  RemoteSource *self = calloc (1, sizeof *self);
  char *copy = strdup (location);
  if (!self || !copy)
    {
      free (self);
      free (copy);
      dao_remote_close (r);
      return -ENOMEM;
    }
  self->remote = r;
  self->location = copy;
  self->counter = f->counter;
  self->write_time_ns = f->write_time_ns;

  DaoviewSourceInfo *info = &self->parent.info;
  self->parent.klass = &daoview_remote_source_class;
  info->format = f->source_format == DAO_REMOTE_SOURCE_MILK ? DAOVIEW_REMOTE_FORMAT_MILK
                                                            : DAOVIEW_REMOTE_FORMAT_DAO;
  info->type = f->type;
  info->naxis = f->naxis;
  memcpy (info->shape, f->shape, sizeof info->shape);
  info->frame_size = f->size;
  info->counter = f->counter;
  info->write_time_ns = f->write_time_ns;
  info->capabilities = DAOVIEW_SOURCE_CAN_WAIT | DAOVIEW_SOURCE_HAS_KEYWORDS;
  info->slot = -1;     /* no semaphore: the server answers when a frame is there */
  info->wait_error = 0;
  *out = &self->parent;
  return 0;
}

static uint64_t
remote_counter (DaoviewSource *source)
{
  return ((RemoteSource *) source)->counter;
}

static int
remote_copy_newest (DaoviewSource *source, void *dst, size_t size, DaoviewSourceFrameInfo *info)
{
  RemoteSource *self = (RemoteSource *) source;
  if (self->replaced)
    return DAO_E_REPLACED;
  const dao_remote_frame *f = dao_remote_frame_info (self->remote);
  if (!f)
    return -ENODATA;
  int rc = dao_remote_frame_copy (self->remote, dst, size);
  if (rc < 0)
    return rc;
  if (info)
    {
      info->counter = f->counter;
      info->write_time_ns = f->write_time_ns;
      info->retries = 0; /* frames are whole when they arrive */
    }
  /* Ask for the next frame now, while this one is drawn: it is there when
   * the reader wants it, instead of one round trip later (which would miss
   * every other display refresh on a distant link). */
  (void) pump (self, 0);
  return 0;
}

static int
remote_check (DaoviewSource *source, DaoviewSourceHealth *health)
{
  RemoteSource *self = (RemoteSource *) source;
  int rc = self->failure;
  if (rc == 0 && !self->replaced)
    {
      rc = pump (self, 0);
      rc = rc < 0 && rc != -ETIMEDOUT ? (self->failure = rc) : 0;
    }
  if (rc == 0 && self->replaced)
    rc = DAO_E_REPLACED;
  if (rc == 0)
    switch (dao_remote_state_get (self->remote))
      {
      case DAO_REMOTE_GONE:
        rc = -ENOENT;
        break;
      case DAO_REMOTE_INVALID:
        rc = not_ready_code (self->remote);
        break;
      case DAO_REMOTE_DISCONNECTED:
        health->link = DAOVIEW_SOURCE_LINK_DOWN;
        break;
      case DAO_REMOTE_RECONNECTING:
        health->link = DAOVIEW_SOURCE_LINK_RECONNECTING;
        break;
      default:
        health->link = DAOVIEW_SOURCE_LINK_UP;
        break;
      }
  /* The wire says nothing of the remote writer's liveness. */
  health->writer = DAOVIEW_SOURCE_WRITER_UNKNOWN;
  /* The reader closes us and opens the location again: hand it this
   * connection, and the frame of the new stream it may hold. */
  if (rc != 0 && self->failure == 0)
    self->park_on_close = true;
  return rc;
}

static int
remote_wait (DaoviewSource *source, int64_t timeout_ns)
{
  RemoteSource *self = (RemoteSource *) source;
  if (self->failure || self->replaced)
    return -ETIMEDOUT; /* check() says what happened */
  int rc = pump (self, timeout_ns);
  if (rc == 0)
    return 0;
  /* A state change (1) is for check() to report; a failure of this machine
   * (out of memory, ZeroMQ) too: the reader would otherwise fall back to
   * polling a counter that only wait() and check() move. */
  if (rc < 0 && rc != -ETIMEDOUT)
    self->failure = rc;
  return -ETIMEDOUT;
}

static int
remote_keywords (DaoviewSource *source, dao_keyword **out, unsigned *n)
{
  RemoteSource *self = (RemoteSource *) source;
  const dao_remote_frame *f = dao_remote_frame_info (self->remote);
  *out = NULL;
  *n = 0;
  if (!f || f->keyword_count == 0)
    return 0;
  dao_keyword *k = calloc (f->keyword_count, sizeof *k);
  if (!k)
    return -ENOMEM;
  for (unsigned i = 0; i < f->keyword_count; i++)
    {
      int rc = dao_remote_frame_keyword (self->remote, i, &k[i]);
      if (rc < 0)
        {
          free (k);
          return rc;
        }
    }
  *out = k;
  *n = f->keyword_count;
  return 0;
}

/* -ENOENT is "waiting" to the reader: no frame yet, or no such stream. */
static const char *
remote_class_strerror (int code)
{
  if (code == -ENOENT)
    return "the server does not offer it, or has not answered yet";
  return daoview_remote_strerror (code);
}

const DaoviewSourceClass daoview_remote_source_class = {
  .name = "remote",
  .accepts = remote_accepts,
  .open = remote_open,
  .close = remote_close,
  .counter = remote_counter,
  .copy_newest = remote_copy_newest,
  .check = remote_check,
  .wait = remote_wait,
  .keywords = remote_keywords,
  .strerror = remote_class_strerror,
};
