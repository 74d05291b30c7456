/* daorec-private.h — what the units of the record library share: error
 * sentences, the description of a chunk, and the FITS helpers. */
#ifndef DAOREC_PRIVATE_H
#define DAOREC_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "daorec.h"

/* Fill err (if not NULL) with code and a printf-formatted sentence; returns
 * code so that callers can `return daorec__fail(...)`. */
int daorec__fail(daorec_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A failed cfitsio call on `path`: -EIO with cfitsio's own words, and its
 * message stack emptied so that none is left for the next call. */
int daorec__fitsio_fail(daorec_error *err, const char *path, const char *what, int status);

/* Where nanoseconds of one clock are read. */
int64_t daorec__now_ns(int clock_id);

/* Everything the header of a chunk says, beside the frames themselves. */
typedef struct daorec_chunk_desc {
    dao_type type;
    unsigned naxis;
    uint32_t shape[DAO_MAX_AXES];
    const char *stream_path;
    const dao_keyword *keywords; /* used entries */
    unsigned n_keywords;
    daorec_stream_layout layout;
    unsigned chunk;           /* number, from 1 */
    uint64_t frames;          /* in this chunk */
    daorec_frame_info first;  /* its first and last frame (zeros when empty) */
    daorec_frame_info last;
    uint64_t lost, dropped, tail;
} daorec_chunk_desc;

/* The primary header of a chunk, from cfitsio's cards, padded to whole
 * 2880-byte records; free() it. Its size depends only on what does not
 * change while a chunk is written (the stream, its keywords), so the header
 * written first can be overwritten with the final one in place. */
int daorec__fits_primary_header(const daorec_chunk_desc *d, char **out, size_t *len,
                                daorec_error *err);

/* The FRAMES and KEYWORDS extensions of a chunk, as the bytes that follow
 * the (padded) image data; free() it. */
int daorec__fits_tables(const daorec_frame_info *frames, uint64_t n, const dao_keyword *keywords,
                        unsigned n_keywords, void **out, size_t *len, daorec_error *err);

/* Turn `bytes` bytes of `type` elements, in the stream's layout, into the
 * FITS data array's in place: big-endian, with the sign bit flipped where
 * the type is stored with a BZERO offset (unsigned types, int8). */
void daorec__to_fits_order(void *data, size_t bytes, dao_type type);

/* FITS's block: headers and data areas are padded to multiples of it. */
#define DAOREC_FITS_BLOCK 2880

/* The names of chunk `number` of stem in dir. */
typedef enum daorec_chunk_name {
    DAOREC_CHUNK_FITS,      /* dir/stem-000001.fits */
    DAOREC_CHUNK_PART,      /* dir/.stem-000001.fits.part, while it is written */
    DAOREC_CHUNK_FZ,        /* dir/stem-000001.fits.fz, compressed */
    DAOREC_CHUNK_FZ_PART,   /* dir/.stem-000001.fits.fz.part */
} daorec_chunk_name;

/* -ENAMETOOLONG when it does not fit in len. */
int daorec__chunk_path(char *buf, size_t len, const char *dir, const char *stem, unsigned number,
                       daorec_chunk_name which);

#endif /* DAOREC_PRIVATE_H */
