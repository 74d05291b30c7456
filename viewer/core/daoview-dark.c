/* daoview-dark.c — calibration images from files and streams, and their
 * application to a plane (see daoview-dark.h). */
#include <errno.h>
#include <libintl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daoview-capture.h"
#include "daoview-dark.h"
#include "daoview-element-private.h"
#include "daoview-frame.h"

#define _(s) dgettext (GETTEXT_PACKAGE, s)

#define STREAM_PREFIX "stream:"
#define STREAM_READ_TIMEOUT_NS (100 * 1000 * 1000) /* a frame being written */

struct DaoviewDark {
  double *values;
  unsigned width, height;
  char *location;
  const char *name; /* inside location */
};

static int
fail (char *why, size_t why_len, int code, const char *format, ...)
{
  if (why && why_len)
    {
      va_list args;
      va_start (args, format);
      vsnprintf (why, why_len, format, args);
      va_end (args);
    }
  return code;
}

static DaoviewDark *
take (double *values, unsigned width, unsigned height, const char *location)
{
  DaoviewDark *d = calloc (1, sizeof *d);
  char *copy = strdup (location ? location : "");
  if (!d || !copy)
    {
      free (d);
      free (copy);
      free (values);
      return NULL;
    }
  d->values = values;
  d->width = width;
  d->height = height;
  d->location = copy;
  const char *slash = strrchr (copy, '/');
  d->name = slash && slash[1] ? slash + 1 : copy;
  return d;
}

DaoviewDark *
daoview_dark_new (const double *values, unsigned width, unsigned height, const char *name)
{
  size_t count = (size_t) width * height;
  if (count == 0)
    return NULL;
  double *copy = malloc (count * sizeof *copy);
  if (!copy)
    return NULL;
  memcpy (copy, values, count * sizeof *copy);
  return take (copy, width, height, name);
}

/* The newest frame of the stream at `path` (its first slice), as doubles. */
static int
load_stream (DaoviewDark **out, const char *path, char *why, size_t why_len)
{
  dao_stream *s = NULL;
  int rc = dao_stream_open (&s, path, DAO_OPEN_READ_ONLY);
  if (rc < 0)
    return fail (why, why_len, rc, _("Cannot open the stream “%s”: %s"), path, dao_strerror (rc));
  dao_type type = dao_stream_type (s);
  if (type == DAO_COMPLEX_FLOAT || type == DAO_COMPLEX_DOUBLE)
    {
      dao_stream_close (s);
      return fail (why, why_len, -EINVAL, _("“%s” holds complex numbers: it cannot calibrate an image"),
                   path);
    }
  DaoviewFrame *frame = daoview_frame_new (type, dao_stream_naxis (s), dao_stream_shape (s));
  if (!frame)
    {
      dao_stream_close (s);
      return fail (why, why_len, -ENOMEM, _("Cannot hold a frame of “%s”"), path);
    }
  rc = dao_stream_read (s, frame->data, frame->size, STREAM_READ_TIMEOUT_NS, NULL);
  dao_stream_close (s);
  if (rc < 0)
    {
      daoview_frame_free (frame);
      return fail (why, why_len, rc, _("Cannot read a frame of “%s”: %s"), path, dao_strerror (rc));
    }
  unsigned width = daoview_frame_width (frame), height = daoview_frame_height (frame);
  size_t count = (size_t) width * height;
  double *values = malloc (count * sizeof *values);
  const void *plane = daoview_frame_plane (frame, 0);
  for (size_t i = 0; values && i < count; i++)
    values[i] = daoview_element_value (type, plane, i, DAOVIEW_COMPLEX_REAL);
  daoview_frame_free (frame);
  *out = values ? take (values, width, height, path) : NULL;
  return *out ? 0 : fail (why, why_len, -ENOMEM, _("Cannot hold a frame of “%s”"), path);
}

int
daoview_dark_load (DaoviewDark **out, const char *location, char *why, size_t why_len)
{
  *out = NULL;
  if (!location || !*location)
    return fail (why, why_len, -EINVAL, _("No file named"));
  if (strncmp (location, STREAM_PREFIX, strlen (STREAM_PREFIX)) == 0)
    return load_stream (out, location + strlen (STREAM_PREFIX), why, why_len);

  /* A DAO stream file (any name) is read as a stream; anything else is a
   * FITS or .npy file. */
  dao_stream *s = NULL;
  if (dao_stream_open (&s, location, DAO_OPEN_READ_ONLY) == 0)
    {
      dao_stream_close (s);
      return load_stream (out, location, why, why_len);
    }
  daoview_capture_image image;
  daoview_capture_error err;
  int rc = daoview_capture_load_image (location, &image, &err);
  if (rc < 0)
    return fail (why, why_len, rc, "%s", err.message);
  *out = take (image.values, image.width, image.height, location);
  return *out ? 0 : fail (why, why_len, -ENOMEM, _("Cannot read “%s”"), location);
}

void
daoview_dark_free (DaoviewDark *dark)
{
  if (!dark)
    return;
  free (dark->values);
  free (dark->location);
  free (dark);
}

const char *
daoview_dark_location (const DaoviewDark *dark)
{
  return dark->location;
}

const char *
daoview_dark_name (const DaoviewDark *dark)
{
  return dark->name;
}

unsigned
daoview_dark_width (const DaoviewDark *dark)
{
  return dark->width;
}

unsigned
daoview_dark_height (const DaoviewDark *dark)
{
  return dark->height;
}

DaoviewPlane
daoview_dark_plane (const DaoviewDark *dark)
{
  DaoviewPlane plane = { DAO_DOUBLE, dark->values, dark->width, dark->height, DAOVIEW_COMPLEX_REAL };
  return plane;
}

/* One loop per type with the element read inlined (a uint16 camera frame
 * goes at memory speed, not at a function call per pixel). */
static inline DAOVIEW__ALWAYS_INLINE void
apply_loop (const void *in, DaoviewGetFn get, const double *d, size_t count, DaoviewDarkOp op, double *out)
{
  if (op == DAOVIEW_DARK_SUBTRACT)
    for (size_t i = 0; i < count; i++)
      out[i] = get (in, i) - d[i];
  else
    for (size_t i = 0; i < count; i++)
      out[i] = d[i] != 0 ? get (in, i) / d[i] : NAN;
}

int
daoview_dark_apply (const DaoviewDark *dark, DaoviewDarkOp op, const DaoviewPlane *in, double *out)
{
  if (!dark || !in->values || in->width != dark->width || in->height != dark->height)
    return -1;
  size_t count = daoview_plane_count (in);
  switch (daoview__getter_for (in->type, in->part))
    {
#define CASE(id, fn)                                                                               \
    case DAOVIEW__GET_##id: apply_loop (in->values, daoview__get_##fn, dark->values, count, op, out); break;
      DAOVIEW__FOR_EACH_DISPLAY_GETTER (CASE)
#undef CASE
    default:
      return -1;
    }
  return 0;
}
