/* daoview-capture.h — save one raw frame of a stream, with its header
 * values, as FITS or as a NumPy .npy file.
 *
 * No GTK and no GLib here: the viewer hands over the frame it shows (the
 * bytes dao_stream_read() copied, with the stream's geometry) and what it
 * knows about it, and gets back 0 or a negative code with a sentence it can
 * show as is.
 *
 *     dao_keyword *kw;
 *     unsigned nkw;
 *     daoview_capture_keywords_from_stream(stream, &kw, &nkw);
 *     daoview_capture_frame frame = {
 *         .data = pixels, .size = dao_stream_frame_size(stream),
 *         .type = dao_stream_type(stream), .naxis = dao_stream_naxis(stream),
 *     };
 *     memcpy(frame.shape, dao_stream_shape(stream), sizeof frame.shape);
 *     daoview_capture_meta meta = {
 *         .stream_path = dao_stream_path(stream), .counter = info.counter,
 *         .write_time_ns = info.write_time_ns, .keywords = kw, .n_keywords = nkw,
 *     };
 *     daoview_capture_error err;
 *     if (daoview_capture_save_fits("frame.fits", &frame, &meta, &err) < 0)
 *         show(err.message);
 *     free(kw);
 *
 * Files are written whole or not at all: the bytes go to a temporary file in
 * the destination's directory, which is renamed over the destination only
 * once complete. An existing file at the destination is replaced (the
 * viewer's file chooser has already asked); a failed save leaves neither a
 * partial file nor the temporary one behind.
 *
 * FITS layout (written by cfitsio, never by hand):
 * - One primary image. NAXISn are the stream's extents in FITS order, the
 *   reverse of C order: NAXIS1 is the fastest axis (nx), so a (ny, nx)
 *   stream is NAXIS1 = nx, NAXIS2 = ny, as every FITS reader expects.
 * - Unsigned types use the standard offsets: uint16 is BITPIX 16 with
 *   BZERO 32768, uint32 BITPIX 32 with BZERO 2^31, uint64 BITPIX 64 with
 *   BZERO 2^63; int8 is BITPIX 8 with BZERO -128. Values read back exactly.
 * - Complex frames: FITS has no complex pixel type. They are written as one
 *   more axis, the last and slowest, of length 2 — plane 1 the real parts,
 *   plane 2 the imaginary parts — labelled with the AIPS convention
 *   (CTYPEn = 'COMPLEX', CRPIXn = CRVALn = CDELTn = 1); the other axes get
 *   CTYPEi = 'PIXEL' with the 0-based index as coordinate, so that the WCS
 *   is complete and fitsverify finds nothing to warn about. A single HDU keeps
 *   the frame and its header together, and every viewer (ds9, astropy)
 *   opens it as an ordinary cube whose two slices are the two parts.
 * - Header cards: DAOSTRM (stream path, long-string CONTINUE cards when
 *   needed), DAOCNT (frame counter), DATE-OBS (write time, UTC, ISO 8601
 *   with nanoseconds) with TIMESYS = 'UTC', DAOTNS (the same time as integer
 *   nanoseconds since the epoch, exact), DAOTYPE (numpy name of the element
 *   type, e.g. 'complex64'), DAOSHAPE (C-order shape as numpy prints it,
 *   e.g. '(512, 640)'), DATE (when the file was written).
 * - Every used libdao keyword becomes a card. FITS names are at most 8
 *   characters of A-Z 0-9 - _, and cfitsio upper-cases them: a name that
 *   fits (after upper-casing) and is not a structural or DAO* name is
 *   written as is (GAIN = 2); any other is written with the ESO HIERARCH
 *   convention under a DAO prefix (HIERARCH DAO LOOP.GAIN = 0.4), which
 *   keeps long names whole rather than truncating them and can never clash
 *   with a structural card. Characters FITS cannot hold (outside printable
 *   ASCII, and '=' or spaces in names) become '_' in names and '?' in
 *   values. A double that is NaN or infinite, which FITS numbers cannot
 *   express, is written as the string 'NaN', 'Inf' or '-Inf'. Comments are
 *   cut to what is left of the 80-character card; values never are.
 *
 * .npy layout: format version 1.0, C order, the exact little-endian descr of
 * each type ('|u1', '<u2' … '<f8', '<c8', '<c16'), the shape in C order —
 * numpy's own header byte for byte (common/daocommon-npy.h writes it). The
 * .npy header holds only descr, fortran_order and shape (numpy refuses any
 * other key), so the other header values go to a JSON file beside it:
 * daoview_capture_save_header_json() (layout in daoview-capture-json.c).
 */
#ifndef DAOVIEW_CAPTURE_H
#define DAOVIEW_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#include "dao.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest destination path accepted, in bytes (PATH_MAX minus its NUL).
 * Longer ones are refused with -ENAMETOOLONG before anything is written. */
#define DAOVIEW_CAPTURE_PATH_MAX 4095

/* Room for the sentence describing a failure. */
#define DAOVIEW_CAPTURE_MESSAGE_MAX 512

typedef struct daoview_capture_error {
    int code;                                  /* the value returned */
    char message[DAOVIEW_CAPTURE_MESSAGE_MAX]; /* a sentence naming the file */
} daoview_capture_error;

/* One frame as the viewer holds it. */
typedef struct daoview_capture_frame {
    const void *data;              /* the elements, C order, little-endian as in the stream */
    size_t size;                   /* bytes; must equal element count × element size */
    dao_type type;
    unsigned naxis;                /* 1 … DAO_MAX_AXES */
    uint32_t shape[DAO_MAX_AXES];  /* extents in C order, as dao_stream_shape() gives */
} daoview_capture_frame;

/* What is known about the frame beside its pixels. Every field may be left
 * zero / NULL: the matching cards are then not written. */
typedef struct daoview_capture_meta {
    const char *stream_path;     /* path of the stream it came from */
    uint64_t counter;            /* frame counter (dao_frame_info.counter) */
    int64_t write_time_ns;       /* write time (dao_frame_info.write_time_ns); 0 = unknown */
    const dao_keyword *keywords; /* entries with type DAO_KEYWORD_UNUSED or an empty name are skipped */
    unsigned n_keywords;
} daoview_capture_meta;

/* Is FITS support built in (libcfitsio found at build time)? Also told at
 * compile time by DAOVIEW_HAVE_FITS in daoview_capture_dep's arguments. */
int daoview_capture_have_fits(void);

/* Save as FITS. Returns 0, or a negative code with err (may be NULL) filled:
 * -EINVAL for a frame that does not describe itself consistently (type,
 * naxis, a zero extent, size), -ENAMETOOLONG, -errno from the file system
 * (-ENOENT for a missing directory, -EACCES, -ENOSPC, -EISDIR …), -EIO when
 * cfitsio refuses (its own message is given), -ENOTSUP when built without
 * cfitsio. meta may be NULL. */
int daoview_capture_save_fits(const char *path, const daoview_capture_frame *frame,
                              const daoview_capture_meta *meta, daoview_capture_error *err);

/* Save as .npy. Same codes as above (never -EIO or -ENOTSUP). */
int daoview_capture_save_npy(const char *path, const daoview_capture_frame *frame,
                             daoview_capture_error *err);

/* Save the header values (path, counter, write time, dtype, shape,
 * keywords) as JSON, for a .npy file saved beside it (frame.npy with
 * frame.json). Same codes as daoview_capture_save_npy(). */
int daoview_capture_save_header_json(const char *path, const daoview_capture_frame *frame,
                                     const daoview_capture_meta *meta, daoview_capture_error *err);

/* Copy the used keyword entries of a stream into a new array (free() it).
 * *n may be 0 with *out NULL. Returns 0 or a negative libdao code. */
int daoview_capture_keywords_from_stream(const dao_stream *s, dao_keyword **out, unsigned *n);

/* ---- Reading an image back: a dark, a flat, a reference PSF ------------- */

/* Images of more elements than this are refused: no calibration frame is
 * that large, and the file's own header is not trusted with an allocation. */
#define DAOVIEW_CAPTURE_LOAD_MAX (1u << 28)

typedef struct daoview_capture_image {
    double *values;          /* width × height, row after row (C order); free() */
    uint32_t width, height;  /* a 1-D image is one row */
} daoview_capture_image;

/* Read the image in a FITS file (the primary HDU, or the first image
 * extension when the primary one holds none; BSCALE and BZERO applied) or a
 * .npy file (versions 1 to 3, C order, integers or floats of either byte
 * order), told apart by their first bytes, as doubles. 1-D and 2-D images,
 * and 3-D ones of a single plane. Returns 0, or a negative code with err
 * filled and out->values NULL: -errno when the file cannot be read, -EINVAL
 * for anything else that is not such an image (another format, complex
 * values, Fortran order, several planes, data shorter or longer than its
 * shape), -EFBIG past DAOVIEW_CAPTURE_LOAD_MAX, -ENOTSUP for FITS in a
 * build without cfitsio. */
int daoview_capture_load_image(const char *path, daoview_capture_image *out, daoview_capture_error *err);

#ifdef __cplusplus
}
#endif

#endif /* DAOVIEW_CAPTURE_H */
