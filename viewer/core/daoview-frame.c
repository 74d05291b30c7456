/* daoview-frame.c — frame buffers and their geometry. */
#include "daoview-frame.h"

#include <stdlib.h>
#include <string.h>

DaoviewFrame *
daoview_frame_new (dao_type type, unsigned naxis, const uint32_t *shape)
{
  size_t element = dao_type_size (type);
  if (element == 0 || naxis < 1 || naxis > DAO_MAX_AXES)
    return NULL;

  DaoviewFrame *frame = calloc (1, sizeof *frame);
  if (!frame)
    return NULL;
  frame->type = type;
  frame->naxis = naxis;
  frame->count = 1;
  for (unsigned i = 0; i < naxis; i++)
    {
      frame->shape[i] = shape[i];
      frame->count *= shape[i];
    }
  frame->size = frame->count * element;
  frame->data = malloc (frame->size ? frame->size : 1);
  if (!frame->data)
    {
      free (frame);
      return NULL;
    }
  return frame;
}

void
daoview_frame_free (DaoviewFrame *frame)
{
  if (!frame)
    return;
  free (frame->data);
  free (frame);
}

int
daoview_frame_same_geometry (const DaoviewFrame *a, const DaoviewFrame *b)
{
  return a && b && a->type == b->type && a->naxis == b->naxis
         && memcmp (a->shape, b->shape, sizeof a->shape) == 0;
}

unsigned
daoview_frame_width (const DaoviewFrame *frame)
{
  return frame->shape[frame->naxis - 1];
}

unsigned
daoview_frame_height (const DaoviewFrame *frame)
{
  return frame->naxis >= 2 ? frame->shape[frame->naxis - 2] : 1;
}

unsigned
daoview_frame_depth (const DaoviewFrame *frame)
{
  return frame->naxis == 3 ? frame->shape[0] : 1;
}

const void *
daoview_frame_plane (const DaoviewFrame *frame, unsigned slice)
{
  unsigned depth = daoview_frame_depth (frame);
  if (slice >= depth)
    slice = depth - 1;
  size_t plane = (size_t) daoview_frame_width (frame) * daoview_frame_height (frame);
  return (const char *) frame->data + slice * plane * dao_type_size (frame->type);
}
