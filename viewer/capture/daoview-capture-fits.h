/* daoview-capture-fits.h — the FITS conventions of daoview-capture-fits.c,
 * for other writers of DAO frames in FITS (record/ writes recordings with
 * them), so that a saved frame and a recording describe a stream with the
 * same cards. Needs cfitsio: include it only where DAOVIEW_HAVE_FITS is
 * defined. */
#ifndef DAOVIEW_CAPTURE_FITS_H
#define DAOVIEW_CAPTURE_FITS_H

#include <fitsio.h>

#include "daoview-capture.h"

/* How an element type is stored: the image's BITPIX (a cfitsio *_IMG code,
 * which adds BZERO for unsigned and int8 data) and the cfitsio type of its
 * values. Complex types give their part type (FLOAT_IMG / TFLOAT, …).
 * Returns 0, or -EINVAL for a code that is not a dao_type. */
int daoview_capture_fits_type(dao_type type, int *bitpix, int *datatype);

/* Write into the current header of f the stream cards listed in
 * daoview-capture.h (DAOTYPE, DAOSHAPE from frame; DAOSTRM, DAOCNT,
 * DATE-OBS, TIMESYS, DAOTNS and every used keyword from meta; DATE). frame's
 * data is not used. cfitsio's status convention: nothing is done when
 * *status is already non-zero. */
void daoview_capture_fits_write_cards(fitsfile *f, const daoview_capture_frame *frame,
                                      const daoview_capture_meta *meta, int *status);

#endif /* DAOVIEW_CAPTURE_FITS_H */
