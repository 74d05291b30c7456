/* daoview-source-recording.c — a recording on disk as a frame source (see
 * daoview-source.h): the chunk files `daoctl record` writes (plain or
 * Rice-compressed .fits.fz), or a FITS cube from elsewhere, read through
 * record/'s reader (daorec.h).
 *
 * A recording has no writer and no semaphore: nothing new ever comes. The
 * source stands at one frame (the first, until seek() moves it) and
 * copy_newest() copies that one, with its counter, write time and the
 * recorder's account of the frames missing before it; counter() is its
 * counter. Playing is the caller's: it seeks at the pace it wants, and
 * frame_info() gives it the recorded times to pace itself by. check()
 * notices a chunk removed or rewritten since it was opened (the reader
 * then opens it again, as it does a stream re-created).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "daorec.h"
#include "daoview-source.h"

enum {
  /* daorec's -EINVAL: the file is a FITS file but not frames daoview can
   * show, or the chunks do not belong together. */
  RECORDING_E_NOT_FRAMES = DAOVIEW_SOURCE_ERROR_BASE - 100,
  RECORDING_E_UNREADABLE, /* a frame that cannot be read (-EIO) */
};

typedef struct {
  dev_t dev;
  ino_t ino;
  off_t size;
  struct timespec mtime;
} FileIdentity;

typedef struct {
  DaoviewSource parent;
  daorec_reader *reader;
  uint64_t position;
  char **paths; /* NULL-terminated */
  size_t n_paths;
  FileIdentity *identities; /* of each path, when opened */
} RecordingSource;

static int
recording_accepts (const char *location)
{
  /* Above the DAO class's fallback of 1: a stream file is never named so. */
  return daoview_recording_path_matches (location) ? 50 : 0;
}

static void
recording_close (DaoviewSource *source)
{
  RecordingSource *self = (RecordingSource *) source;
  daorec_reader_close (self->reader);
  daoview_recording_paths_free (self->paths);
  free (self->identities);
  free (self);
}

static int
identify (const char *path, FileIdentity *out)
{
  struct stat st;
  if (stat (path, &st) < 0)
    return -errno;
  out->dev = st.st_dev;
  out->ino = st.st_ino;
  out->size = st.st_size;
  out->mtime = st.st_mtim;
  return 0;
}

static int
own_code (int code)
{
  if (code == -EINVAL)
    return RECORDING_E_NOT_FRAMES;
  if (code == -EIO)
    return RECORDING_E_UNREADABLE;
  return code;
}

/* The paths of a location: those of a joined one, or the location itself. */
static char **
location_paths (const char *location, size_t *n)
{
  char **paths = daoview_recording_location_paths (location);
  if (!paths)
    {
      paths = calloc (2, sizeof *paths);
      if (paths && !(paths[0] = strdup (location)))
        {
          free (paths);
          paths = NULL;
        }
    }
  for (*n = 0; paths && paths[*n]; (*n)++)
    ;
  return paths;
}

static void
fill_info (RecordingSource *self)
{
  DaoviewSourceInfo *info = &self->parent.info;
  daorec_frame_info first = { 0 };
  daorec_reader_frame_info (self->reader, 0, &first);
  info->format = "FITS";
  info->type = daorec_reader_type (self->reader);
  info->naxis = daorec_reader_naxis (self->reader);
  memcpy (info->shape, daorec_reader_shape (self->reader), sizeof info->shape);
  info->frame_size = daorec_reader_frame_size (self->reader);
  info->capabilities = DAOVIEW_SOURCE_HAS_KEYWORDS | DAOVIEW_SOURCE_CAN_SEEK;
  /* No semaphore to take and nothing to wait for: the caller seeks. */
  info->slot = -1;
  info->wait_error = 0;
  info->counter = first.counter;
  info->write_time_ns = first.write_time_ns;
  info->frame_count = daorec_reader_frame_count (self->reader);
}

static int
recording_open (DaoviewSource **out, const char *location, const DaoviewSourceOptions *options)
{
  (void) options; /* a file: no slot to take, passive or not */
  RecordingSource *self = calloc (1, sizeof *self);
  if (!self)
    return -ENOMEM;
  self->parent.klass = &daoview_recording_source_class;
  self->paths = location_paths (location, &self->n_paths);
  self->identities = self->paths ? calloc (self->n_paths, sizeof *self->identities) : NULL;
  if (!self->identities)
    {
      recording_close (&self->parent);
      return -ENOMEM;
    }

  /* The identities first: a chunk replaced between the two is then seen
   * by the next check(), never missed. */
  int rc = 0;
  for (size_t i = 0; i < self->n_paths && rc == 0; i++)
    rc = identify (self->paths[i], &self->identities[i]);
  daorec_error err;
  if (rc == 0)
    rc = daorec_reader_open (&self->reader, (const char *const *) self->paths, self->n_paths, &err);
  if (rc == 0 && daorec_reader_frame_count (self->reader) == 0)
    rc = -EINVAL;
  if (rc < 0)
    {
      recording_close (&self->parent);
      return own_code (rc);
    }
  fill_info (self);
  *out = &self->parent;
  return 0;
}

static void
fill_frame_info (const daorec_frame_info *row, uint64_t index, DaoviewSourceFrameInfo *info)
{
  info->counter = row->counter;
  info->write_time_ns = row->write_time_ns;
  info->retries = 0;
  info->index = index;
  info->lost = row->lost;
  info->dropped = row->dropped;
}

static uint64_t
recording_counter (DaoviewSource *source)
{
  RecordingSource *self = (RecordingSource *) source;
  daorec_frame_info row = { 0 };
  daorec_reader_frame_info (self->reader, self->position, &row);
  return row.counter;
}

static int
recording_copy_newest (DaoviewSource *source, void *dst, size_t size, DaoviewSourceFrameInfo *info)
{
  RecordingSource *self = (RecordingSource *) source;
  daorec_frame_info row;
  daorec_error err;
  int rc = daorec_reader_read (self->reader, self->position, dst, size, &row, &err);
  if (rc < 0)
    return own_code (rc);
  if (info)
    fill_frame_info (&row, self->position, info);
  return 0;
}

static int
recording_check (DaoviewSource *source, DaoviewSourceHealth *health)
{
  RecordingSource *self = (RecordingSource *) source;
  for (size_t i = 0; i < self->n_paths; i++)
    {
      FileIdentity now = { 0 };
      int rc = identify (self->paths[i], &now);
      if (rc < 0)
        return rc;
      const FileIdentity *then = &self->identities[i];
      if (now.dev != then->dev || now.ino != then->ino || now.size != then->size
          || now.mtime.tv_sec != then->mtime.tv_sec || now.mtime.tv_nsec != then->mtime.tv_nsec)
        return DAO_E_REPLACED;
    }
  health->writer = DAOVIEW_SOURCE_WRITER_UNKNOWN;
  health->link = DAOVIEW_SOURCE_LINK_NONE;
  return 0;
}

static int
recording_keywords (DaoviewSource *source, dao_keyword **out, unsigned *n)
{
  const dao_keyword *kw = daorec_reader_keywords (((RecordingSource *) source)->reader, n);
  *out = NULL;
  if (*n == 0)
    return 0;
  *out = malloc (*n * sizeof **out);
  if (!*out)
    {
      *n = 0;
      return -ENOMEM;
    }
  memcpy (*out, kw, *n * sizeof **out);
  return 0;
}

static const char *
recording_strerror (int code)
{
  switch (code)
    {
    case RECORDING_E_NOT_FRAMES:
      return "Not a recording daoview can show: not a FITS image of frames of a DAO type, "
             "or chunks of different type or shape";
    case RECORDING_E_UNREADABLE:
      return "A frame of the recording cannot be read (a file truncated or damaged)";
    default:
      return NULL;
    }
}

static int
recording_seek (DaoviewSource *source, uint64_t index)
{
  RecordingSource *self = (RecordingSource *) source;
  if (index >= daorec_reader_frame_count (self->reader))
    return -ERANGE;
  self->position = index;
  return 0;
}

static int
recording_frame_info (DaoviewSource *source, uint64_t index, DaoviewSourceFrameInfo *info)
{
  daorec_frame_info row;
  int rc = daorec_reader_frame_info (((RecordingSource *) source)->reader, index, &row);
  if (rc == 0)
    fill_frame_info (&row, index, info);
  return rc;
}

const DaoviewSourceClass daoview_recording_source_class = {
  .name = "recording",
  .accepts = recording_accepts,
  .open = recording_open,
  .close = recording_close,
  .counter = recording_counter,
  .copy_newest = recording_copy_newest,
  .check = recording_check,
  .keywords = recording_keywords,
  .strerror = recording_strerror,
  .seek = recording_seek,
  .frame_info = recording_frame_info,
};
