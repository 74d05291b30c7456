/* daoview-dark.h — calibration images: a dark to subtract from every frame,
 * a flat to divide it by, and the reference PSF the Strehl ratio is
 * measured against; read from a FITS or .npy file, or taken from another
 * stream (the newest frame of a stream that holds the dark, as labs keep
 * them). Plain C on libdao and viewer/capture, no GLib.
 *
 * The pipeline (daoview-pipeline.h) applies them to the slice shown,
 * before the reference frame is subtracted:
 *     displayed = (frame − dark) / flat − reference
 * A calibration image whose size differs from the frame's is kept but not
 * applied (the header says so), so a stream re-created at another size
 * does not lose it.
 */
#ifndef DAOVIEW_DARK_H
#define DAOVIEW_DARK_H

#include <stdbool.h>
#include <stddef.h>

#include "daoview-plane.h"

typedef enum {
  DAOVIEW_DARK_SUBTRACT, /* a dark: frame − dark */
  DAOVIEW_DARK_DIVIDE,   /* a flat: frame / flat (0 in the flat: NaN, not ±Inf) */
  DAOVIEW_N_DARK_OPS
} DaoviewDarkOp;

typedef struct DaoviewDark DaoviewDark;

/* Read `location`: "stream:PATH" or the path of a DAO stream (its newest
 * frame; a 3-D stream's first slice; complex streams are refused), or a
 * FITS or .npy file (daoview_capture_load_image). On success *out is a new
 * image and 0 is returned; otherwise *out is NULL, a negative code is
 * returned and `why` (why_len bytes, may be NULL) holds a translated
 * sentence naming the location. */
int daoview_dark_load (DaoviewDark **out, const char *location, char *why, size_t why_len);

/* An image from values (width × height doubles, copied), named `name`. */
DaoviewDark *daoview_dark_new (const double *values, unsigned width, unsigned height, const char *name);

void daoview_dark_free (DaoviewDark *dark); /* NULL: nothing */

/* The location it was read from, and its last component ("dark.fits"),
 * for the header. Borrowed, valid until free. */
const char *daoview_dark_location (const DaoviewDark *dark);
const char *daoview_dark_name (const DaoviewDark *dark);

unsigned daoview_dark_width (const DaoviewDark *dark);
unsigned daoview_dark_height (const DaoviewDark *dark);

/* The image as a plane of doubles (for the Strehl ratio's reference PSF). */
DaoviewPlane daoview_dark_plane (const DaoviewDark *dark);

/* out[i] = in[i] − dark[i] (SUBTRACT) or in[i] / flat[i] (DIVIDE) for the
 * width × height plane `in` (any type, complex through its part). in and
 * out may be the same buffer when `in` holds doubles. Returns 0, or -1 when
 * the plane is not the image's size (out untouched). */
int daoview_dark_apply (const DaoviewDark *dark, DaoviewDarkOp op, const DaoviewPlane *in, double *out);

#endif /* DAOVIEW_DARK_H */
