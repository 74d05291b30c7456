/* daoview-source.c — choosing a source class for a location, and the calls
 * every reader makes through it (see daoview-source.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daoview-source.h"

/* Every kind of source daoview knows, in no particular order: the highest
 * accepts() wins. Add new classes here. */
static const DaoviewSourceClass *const classes[] = {
  &daoview_dao_source_class,
  &daoview_remote_source_class,
#ifdef DAOVIEW_HAVE_RECORDINGS
  &daoview_recording_source_class,
#endif
  &daoview_diff_source_class,
};

const DaoviewSourceClass *
daoview_source_class_for (const char *location)
{
  const DaoviewSourceClass *best = &daoview_dao_source_class;
  int best_score = 0;
  for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
    {
      int score = location ? classes[i]->accepts (location) : 0;
      if (score > best_score)
        {
          best = classes[i];
          best_score = score;
        }
    }
  return best;
}

int
daoview_source_open (DaoviewSource **out, const char *location,
                     const DaoviewSourceOptions *options)
{
  static const DaoviewSourceOptions defaults = DAOVIEW_SOURCE_OPTIONS_INIT;
  *out = NULL;
  if (!location)
    return -EINVAL;
  return daoview_source_class_for (location)->open (out, location, options ? options : &defaults);
}

void
daoview_source_close (DaoviewSource *source)
{
  if (source)
    source->klass->close (source);
}

uint64_t
daoview_source_counter (DaoviewSource *source)
{
  return source->klass->counter (source);
}

int
daoview_source_copy_newest (DaoviewSource *source, void *dst, size_t size,
                            DaoviewSourceFrameInfo *info)
{
  return source->klass->copy_newest (source, dst, size, info);
}

int
daoview_source_copy_segment (DaoviewSource *source, unsigned segment, void *dst, size_t size,
                             DaoviewSourceFrameInfo *info)
{
  if (!source->klass->copy_segment || !(source->info.capabilities & DAOVIEW_SOURCE_HAS_HISTORY))
    return -ENOTSUP;
  return source->klass->copy_segment (source, segment, dst, size, info);
}

int
daoview_source_check (DaoviewSource *source, DaoviewSourceHealth *health)
{
  DaoviewSourceHealth unknown = { DAOVIEW_SOURCE_WRITER_UNKNOWN, DAOVIEW_SOURCE_LINK_NONE };
  *health = unknown;
  return source->klass->check (source, health);
}

int
daoview_source_seek (DaoviewSource *source, uint64_t index)
{
  if (!source->klass->seek || !(source->info.capabilities & DAOVIEW_SOURCE_CAN_SEEK))
    return -ENOTSUP;
  return source->klass->seek (source, index);
}

int
daoview_source_frame_info (DaoviewSource *source, uint64_t index, DaoviewSourceFrameInfo *info)
{
  if (!source->klass->frame_info || !(source->info.capabilities & DAOVIEW_SOURCE_CAN_SEEK))
    return -ENOTSUP;
  return source->klass->frame_info (source, index, info);
}

int
daoview_source_wait (DaoviewSource *source, int64_t timeout_ns)
{
  return source->klass->wait ? source->klass->wait (source, timeout_ns) : -ENOTSUP;
}

void
daoview_source_skip_pending (DaoviewSource *source)
{
  if (source->klass->skip_pending)
    source->klass->skip_pending (source);
}

int
daoview_source_read_keywords (const char *location, dao_keyword **out, unsigned *n)
{
  DaoviewSourceOptions options = DAOVIEW_SOURCE_OPTIONS_INIT;
  DaoviewSource *source = NULL;
  int rc;

  *out = NULL;
  *n = 0;
  options.passive = true;
  rc = daoview_source_open (&source, location, &options);
  if (rc < 0)
    return rc;
  rc = source->klass->keywords ? source->klass->keywords (source, out, n) : 0;
  daoview_source_close (source);
  return rc;
}

const char *
daoview_source_strerror (const DaoviewSourceClass *klass, int code)
{
  const char *text = NULL;
  if (klass && klass->strerror)
    text = klass->strerror (code);
  return text ? text : dao_strerror (code);
}

static char *
base_name (const char *path)
{
  const char *slash = strrchr (path, '/');
  return strdup (slash && slash[1] ? slash + 1 : path);
}

char *
daoview_source_display_name (const char *location)
{
  char *a, *b;
  if (!location)
    return NULL;
  char *chunks = daoview_recording_display_name (location);
  if (chunks)
    return chunks;
  if (daoview_diff_location_parse (location, &a, &b) < 0)
    return base_name (location);
  char *na = base_name (a), *nb = base_name (b);
  size_t n = (na ? strlen (na) : 0) + (nb ? strlen (nb) : 0) + 8;
  char *name = malloc (n);
  if (name && na && nb)
    snprintf (name, n, "%s − %s", na, nb);
  free (a), free (b), free (na), free (nb);
  return name;
}
