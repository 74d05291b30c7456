/* daoview-source-diff.c — A − B of two streams of the same shape and type,
 * as one frame source (see daoview-source.h), so that everything above the
 * seam — states, levels, the pointer, statistics, saving — works on the
 * difference as on any stream.
 *
 * Its location is "daoview-diff:" + the length of A's location in decimal
 * + ":" + A's location + B's location (daoview_diff_location() writes it),
 * so that any two paths can be named without escaping. A is the stream
 * that paces it: the reader waits on A's semaphore, and each frame is A's
 * newest minus B's newest at that moment, with A's counter and write time.
 * Real types give float64 differences (exact for every type but 64-bit
 * integers beyond 2^53), complex types complex128. B is opened passively
 * (no reader slot). The state is A's, except that a writer of either gone
 * is "writer gone", and either stream re-created or removed reopens both.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daoview-render.h"
#include "daoview-source.h"

#define PREFIX "daoview-diff:"

enum {
  DIFF_E_GEOMETRY = DAOVIEW_SOURCE_ERROR_BASE - 1, /* A and B differ */
};

typedef struct {
  DaoviewSource parent;
  DaoviewSource *a, *b;
  void *frame_a, *frame_b;
} DiffSource;

char *
daoview_diff_location (const char *a, const char *b)
{
  size_t la = strlen (a), lb = strlen (b), n = sizeof PREFIX + 24 + la + lb;
  char *out = malloc (n);
  if (out)
    snprintf (out, n, PREFIX "%zu:%s%s", la, a, b);
  return out;
}

int
daoview_diff_location_parse (const char *location, char **a, char **b)
{
  *a = *b = NULL;
  if (!location || strncmp (location, PREFIX, sizeof PREFIX - 1) != 0)
    return -EINVAL;
  char *end;
  const char *p = location + sizeof PREFIX - 1;
  unsigned long long la = strtoull (p, &end, 10);
  if (end == p || *end != ':' || la > strlen (end + 1) || la == 0 || la == strlen (end + 1))
    return -EINVAL;
  *a = strndup (end + 1, (size_t) la);
  *b = strdup (end + 1 + la);
  if (!*a || !*b)
    {
      free (*a), free (*b);
      *a = *b = NULL;
      return -ENOMEM;
    }
  return 0;
}

static int
diff_accepts (const char *location)
{
  return strncmp (location, PREFIX, sizeof PREFIX - 1) == 0 ? 100 : 0;
}

static void
diff_close (DaoviewSource *source)
{
  DiffSource *self = (DiffSource *) source;
  daoview_source_close (self->a);
  daoview_source_close (self->b);
  free (self->frame_a);
  free (self->frame_b);
  free (self);
}

static bool
is_complex (dao_type type)
{
  return type == DAO_COMPLEX_FLOAT || type == DAO_COMPLEX_DOUBLE;
}

static int
diff_open (DaoviewSource **out, const char *location, const DaoviewSourceOptions *options)
{
  char *la, *lb;
  int rc = daoview_diff_location_parse (location, &la, &lb);
  if (rc < 0)
    return rc;
  DiffSource *self = calloc (1, sizeof *self);
  DaoviewSourceOptions passive = *options;
  passive.passive = true;
  if (!self)
    rc = -ENOMEM;
  else if ((rc = daoview_source_open (&self->a, la, options)) == 0
           && (rc = daoview_source_open (&self->b, lb, &passive)) == 0)
    {
      const DaoviewSourceInfo *a = &self->a->info, *b = &self->b->info;
      if (a->type != b->type || a->naxis != b->naxis || memcmp (a->shape, b->shape, sizeof a->shape) != 0)
        rc = DIFF_E_GEOMETRY;
    }
  free (la);
  free (lb);
  if (rc == 0)
    {
      DaoviewSourceInfo *info = &self->parent.info;
      *info = self->a->info;
      info->format = "A − B";
      info->type = is_complex (info->type) ? DAO_COMPLEX_DOUBLE : DAO_DOUBLE;
      info->frame_size = self->a->info.frame_size / dao_type_size (self->a->info.type)
                         * dao_type_size (info->type);
      /* Keywords and history are A's and B's, not the difference's. */
      info->capabilities &= DAOVIEW_SOURCE_CAN_WAIT;
      info->history_depth = 0;
      self->parent.klass = &daoview_diff_source_class;
      self->frame_a = malloc (self->a->info.frame_size);
      self->frame_b = malloc (self->b->info.frame_size);
      if (!self->frame_a || !self->frame_b)
        rc = -ENOMEM;
    }
  if (rc != 0)
    {
      if (self)
        diff_close (&self->parent);
      return rc;
    }
  *out = &self->parent;
  return 0;
}

static uint64_t
diff_counter (DaoviewSource *source)
{
  return daoview_source_counter (((DiffSource *) source)->a);
}

static int
diff_copy_newest (DaoviewSource *source, void *dst, size_t size, DaoviewSourceFrameInfo *info)
{
  DiffSource *self = (DiffSource *) source;
  DaoviewSourceFrameInfo fa = { 0 }, fb = { 0 };
  const DaoviewSourceInfo *ia = &self->a->info;
  if (size != source->info.frame_size)
    return DAO_E_SIZE_MISMATCH;
  int rc = daoview_source_copy_newest (self->a, self->frame_a, ia->frame_size, &fa);
  if (rc == 0)
    rc = daoview_source_copy_newest (self->b, self->frame_b, self->b->info.frame_size, &fb);
  if (info)
    {
      info->counter = fa.counter;
      info->write_time_ns = fa.write_time_ns;
      info->retries = fa.retries + fb.retries;
      info->segment = 0;
    }
  if (rc != 0)
    return rc;
  size_t n = ia->frame_size / dao_type_size (ia->type);
  double *out = dst;
  if (is_complex (ia->type))
    for (size_t i = 0; i < n; i++)
      {
        out[2 * i] = daoview_element_value (ia->type, self->frame_a, i, DAOVIEW_COMPLEX_REAL)
                     - daoview_element_value (ia->type, self->frame_b, i, DAOVIEW_COMPLEX_REAL);
        out[2 * i + 1] = daoview_element_value (ia->type, self->frame_a, i, DAOVIEW_COMPLEX_IMAGINARY)
                         - daoview_element_value (ia->type, self->frame_b, i, DAOVIEW_COMPLEX_IMAGINARY);
      }
  else
    for (size_t i = 0; i < n; i++)
      out[i] = daoview_element_value (ia->type, self->frame_a, i, DAOVIEW_COMPLEX_REAL)
               - daoview_element_value (ia->type, self->frame_b, i, DAOVIEW_COMPLEX_REAL);
  return 0;
}

static int
diff_check (DaoviewSource *source, DaoviewSourceHealth *health)
{
  DiffSource *self = (DiffSource *) source;
  DaoviewSourceHealth ha, hb;
  int rc = daoview_source_check (self->a, &ha);
  if (rc == 0)
    rc = daoview_source_check (self->b, &hb);
  if (rc != 0)
    return rc;
  health->writer = ha.writer == DAOVIEW_SOURCE_WRITER_GONE || hb.writer == DAOVIEW_SOURCE_WRITER_GONE
                     ? DAOVIEW_SOURCE_WRITER_GONE : ha.writer;
  health->link = ha.link;
  return 0;
}

static int
diff_wait (DaoviewSource *source, int64_t timeout_ns)
{
  DiffSource *self = (DiffSource *) source;
  int rc = daoview_source_wait (self->a, timeout_ns);
  source->info.slot = self->a->info.slot;
  source->info.wait_error = self->a->info.wait_error;
  return rc;
}

static void
diff_skip_pending (DaoviewSource *source)
{
  daoview_source_skip_pending (((DiffSource *) source)->a);
}

static const char *
diff_strerror (int code)
{
  return code == DIFF_E_GEOMETRY ? "A and B differ in shape or element type" : NULL;
}

const DaoviewSourceClass daoview_diff_source_class = {
  .name = "diff",
  .accepts = diff_accepts,
  .open = diff_open,
  .close = diff_close,
  .counter = diff_counter,
  .copy_newest = diff_copy_newest,
  .check = diff_check,
  .wait = diff_wait,
  .skip_pending = diff_skip_pending,
  .strerror = diff_strerror,
};
