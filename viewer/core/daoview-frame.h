/* daoview-frame.h — one copied frame of a stream, with its geometry.
 *
 * Plain C: the reader thread fills frames and hands them to the main thread,
 * which owns the one it shows and gives the previous one back for reuse (a
 * 2048² frame is 8 MB: allocating one per displayed frame would page-fault
 * that much every refresh).
 */
#ifndef DAOVIEW_FRAME_H
#define DAOVIEW_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include <dao.h>

typedef struct {
  dao_type type;
  unsigned naxis;
  uint32_t shape[DAO_MAX_AXES]; /* C order, unused axes 0 (as dao_stream_shape()) */
  uint64_t count;               /* elements */
  size_t size;                  /* bytes */

  uint64_t counter;      /* the stream's frame counter for this frame */
  int64_t write_time_ns; /* its write time */
  uint64_t generation;   /* which attachment of the watcher read it (see the watcher) */
  /* From a recording (DaoviewStreamStatus.frame_count > 0): its place in
   * it, and the frames missing just before it by the recorder's account
   * (lost, of which dropped because its ring was full). 0 otherwise. */
  uint64_t index;
  uint64_t lost;
  uint64_t dropped;

  void *data;
} DaoviewFrame;

/* NULL when the memory cannot be had. */
DaoviewFrame *daoview_frame_new (dao_type type, unsigned naxis, const uint32_t *shape);
void daoview_frame_free (DaoviewFrame *frame);

/* Same type and shape? */
int daoview_frame_same_geometry (const DaoviewFrame *a, const DaoviewFrame *b);

/* Displayed plane: 1-D frames are one row, 2-D frames one image, 3-D frames
 * (nz, ny, nx) nz images; slice is clamped to 0 … nz-1. */
unsigned daoview_frame_width (const DaoviewFrame *frame);
unsigned daoview_frame_height (const DaoviewFrame *frame);
unsigned daoview_frame_depth (const DaoviewFrame *frame);
const void *daoview_frame_plane (const DaoviewFrame *frame, unsigned slice);

#endif /* DAOVIEW_FRAME_H */
