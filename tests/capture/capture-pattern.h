/* capture-pattern.h — the known frames the capture tests write and read
 * back. check-npy.py computes the same values on its side in numpy: keep
 * the two in step. */
#ifndef CAPTURE_PATTERN_H
#define CAPTURE_PATTERN_H

#include <stddef.h>
#include <stdint.h>

#include "daoview-capture.h"

/* Element i of the pattern for `type`, `count` elements in `buf`:
 * - integers: element 0 is the type's maximum, element 1 its minimum, and
 *   the others ((i + 1) * 0x9E3779B97F4A7C15 ^ type) cut to the type's
 *   width, so that every byte of every element varies;
 * - floating point (and each part of complex): element 0 is a large value
 *   (3e38 / 1e300), 1 a tiny negative one, 2 NaN, 3 -Inf, the others
 *   i * 0.5 - 3.25 (real parts) and 1 - i * 0.25 (imaginary parts). */
void pattern_fill(dao_type type, void *buf, size_t count);

/* The shapes every type is saved with: 1-D, 2-D and 3-D, all extents
 * different so that a swapped axis shows. */
#define PATTERN_SHAPES 3
extern const unsigned pattern_naxis[PATTERN_SHAPES];
extern const uint32_t pattern_shape[PATTERN_SHAPES][DAO_MAX_AXES];

/* A frame of `type` in shape `which`, its data malloc'ed (free frame->data). */
void pattern_frame(daoview_capture_frame *frame, dao_type type, int which);

#endif /* CAPTURE_PATTERN_H */
