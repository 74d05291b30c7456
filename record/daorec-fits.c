/* daorec-fits.c — the FITS pieces of a chunk: its primary header, its two
 * table extensions, and the byte order of its data array.
 *
 * cfitsio formats every card and both tables, in memory files; the chunk
 * writer (daorec-chunk.c) places those bytes around frame data it writes
 * itself. Writing the pixels through fits_write_img() would cost a
 * conversion pass through cfitsio's small buffers for every frame (measured
 * at about half of a raw write()'s rate on tmpfs); instead
 * daorec__to_fits_order() turns each frame into the FITS data array's
 * bytes in place (the capture thread does it, while the frame is in its
 * cache) and the disk thread writes batches with one writev(). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "daorec-private.h"
#include "daoview-capture-fits.h"

/* Axes of the FITS image: the fastest first, the frame index last. */
static int fits_axes(const daorec_chunk_desc *d, long *naxes, uint64_t frames)
{
    int n = 0;
    if (d->type == DAO_COMPLEX_FLOAT || d->type == DAO_COMPLEX_DOUBLE)
        naxes[n++] = 2;
    for (unsigned i = 0; i < d->naxis; i++)
        naxes[n++] = (long)d->shape[d->naxis - 1 - i];
    naxes[n++] = (long)frames;
    return n;
}

/* "2025-11-28T18:30:12.123456789", FITS DATE-OBS style (UTC, no zone). */
static void utc_text(int64_t ns, char *buf, size_t len)
{
    time_t sec = (time_t)(ns / 1000000000);
    long frac = (long)(ns % 1000000000);
    if (frac < 0) {
        frac += 1000000000;
        sec--;
    }
    struct tm tm;
    gmtime_r(&sec, &tm);
    snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%09ld", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
}

static void write_count(fitsfile *f, const char *name, uint64_t value, const char *comment,
                        int *status)
{
    LONGLONG v = (LONGLONG)value;
    fits_write_key(f, TLONGLONG, name, &v, comment, status);
}

static void write_recording_cards(fitsfile *f, const daorec_chunk_desc *d, int *status)
{
    write_count(f, "DAOREC", 1, "layout version of a dao recording chunk", status);
    write_count(f, "DAOCHUNK", d->chunk, "chunk number of the recording, from 1", status);
    write_count(f, "DAONFRM", d->frames, "frames in this chunk", status);
    write_count(f, "DAOLOST", d->lost, "frames missing before frames of this chunk", status);
    write_count(f, "DAODROP", d->dropped, "of which dropped: the RAM ring was full", status);
    write_count(f, "DAOTAIL", d->tail, "frames after the last one, not kept", status);
    /* Always written, so that the header keeps its size from the first
     * frame to the last: at first the end is the first frame. */
    char text[64];
    utc_text(d->last.write_time_ns, text, sizeof text);
    fits_write_key_str(f, "DATE-END", text, "write time of the last frame (UTC)", status);
    LONGLONG end = d->last.write_time_ns;
    fits_write_key(f, TLONGLONG, "DAOTEND", &end, "its write time, ns since 1970-01-01 UTC", status);
    write_count(f, "DAOFIFO", d->layout.fifo_depth, "FIFO depth of the stream", status);
    write_count(f, "DAONKW", d->layout.keyword_capacity, "keyword entries of the stream", status);
    write_count(f, "DAONSEM", d->layout.semaphores, "reader semaphores of the stream", status);
}

int daorec__fits_primary_header(const daorec_chunk_desc *d, char **out, size_t *len,
                                daorec_error *err)
{
    *out = NULL;
    *len = 0;
    int bitpix, datatype;
    if (daoview_capture_fits_type(d->type, &bitpix, &datatype) < 0)
        return daorec__fail(err, -EINVAL, "Element type %d has no FITS equivalent.", (int)d->type);

    /* The image is declared with 0 frames while the header is built, so
     * that the memory file never holds (or pads) a data area: only the
     * header text is taken from it, with the real count put in just before. */
    long naxes[DAO_MAX_AXES + 2];
    int naxis = fits_axes(d, naxes, 0);
    size_t mem_size = DAOREC_FITS_BLOCK;
    void *mem = calloc(1, mem_size);
    if (!mem)
        return daorec__fail(err, -ENOMEM, "Not enough memory for a FITS header.");
    fitsfile *f = NULL;
    int status = 0;
    fits_create_memfile(&f, &mem, &mem_size, DAOREC_FITS_BLOCK, realloc, &status);
    fits_create_img(f, bitpix, naxis, naxes, &status);

    daoview_capture_frame frame = {.type = d->type, .naxis = d->naxis};
    memcpy(frame.shape, d->shape, sizeof frame.shape);
    daoview_capture_meta meta = {
        .stream_path = d->stream_path && d->stream_path[0] ? d->stream_path : NULL,
        .counter = d->first.counter,
        .write_time_ns = d->first.write_time_ns,
        .keywords = d->keywords,
        .n_keywords = d->n_keywords,
    };
    daoview_capture_fits_write_cards(f, &frame, &meta, &status);
    write_recording_cards(f, d, &status);

    char axis_name[16];
    snprintf(axis_name, sizeof axis_name, "NAXIS%d", naxis);
    LONGLONG frames = (LONGLONG)d->frames;
    fits_update_key(f, TLONGLONG, axis_name, &frames, NULL, &status);
    char *cards = NULL;
    int n_cards = 0;
    fits_hdr2str(f, 0, NULL, 0, &cards, &n_cards, &status);
    /* Back to no data before the memory file is closed (see above). */
    LONGLONG none = 0;
    fits_update_key(f, TLONGLONG, axis_name, &none, NULL, &status);

    int rc = 0;
    if (status) {
        rc = daorec__fitsio_fail(err, "chunk header", "building the header", status);
    } else {
        size_t text = strlen(cards); /* whole cards, END included */
        size_t padded = (text + DAOREC_FITS_BLOCK - 1) / DAOREC_FITS_BLOCK * DAOREC_FITS_BLOCK;
        *out = malloc(padded);
        if (!*out) {
            rc = daorec__fail(err, -ENOMEM, "Not enough memory for a FITS header.");
        } else {
            memcpy(*out, cards, text);
            memset(*out + text, ' ', padded - text);
            *len = padded;
        }
    }
    int ignored = 0;
    if (cards)
        fits_free_memory(cards, &ignored);
    ignored = 0;
    if (f)
        fits_close_file(f, &ignored);
    free(mem);
    return rc;
}

/* --- tables ------------------------------------------------------------- */

static void write_frames_table(fitsfile *f, const daorec_frame_info *frames, uint64_t n,
                               int *status)
{
    char *names[] = {"COUNTER", "WRITE_NS", "CAPTURE_NS", "LOST", "DROPPED"};
    char *forms[] = {"1K", "1K", "1K", "1K", "1K"};
    char *units[] = {"", "ns", "ns", "", ""};
    fits_create_tbl(f, BINARY_TBL, (LONGLONG)n, 5, names, forms, units, "FRAMES", status);
    fits_write_comment(f, "One row per frame. WRITE_NS is the writer's time stamp, CAPTURE_NS the "
                          "recorder's copy, both ns since 1970-01-01 UTC. LOST counts the frames "
                          "missing just before this one, DROPPED those of them the recorder saw "
                          "but could not keep (its RAM ring was full).",
                       status);
    if (*status || n == 0)
        return;
    LONGLONG *column = malloc(n * sizeof *column);
    if (!column) {
        *status = MEMORY_ALLOCATION;
        return;
    }
    for (int c = 0; c < 5 && !*status; c++) {
        for (uint64_t i = 0; i < n; i++) {
            const daorec_frame_info *fi = &frames[i];
            column[i] = c == 0 ? (LONGLONG)fi->counter
                      : c == 1 ? fi->write_time_ns
                      : c == 2 ? fi->capture_time_ns
                      : c == 3 ? (LONGLONG)fi->lost
                               : (LONGLONG)fi->dropped;
        }
        fits_write_col(f, TLONGLONG, c + 1, 1, 1, (LONGLONG)n, column, status);
    }
    free(column);
}

/* NUL-padded bytes of a string, for the exact B columns. */
static void padded_bytes(unsigned char *dst, size_t len, const char *src)
{
    memset(dst, 0, len);
    memcpy(dst, src, strnlen(src, len));
}

static void write_keywords_table(fitsfile *f, const dao_keyword *kw, unsigned n, int *status)
{
    char *names[] = {"NAME", "TYPE", "IVALUE", "DVALUE", "SVALUE", "COMMENT"};
    char *forms[] = {"16B", "1A", "1K", "1D", "16B", "80B"};
    fits_create_tbl(f, BINARY_TBL, n, 6, names, forms, NULL, "KEYWORDS", status);
    fits_write_comment(f, "The stream's keywords at the chunk's start, exact: strings as "
                          "NUL-padded bytes; TYPE L (IVALUE), D (DVALUE) or S (SVALUE).",
                       status);
    for (unsigned i = 0; i < n && !*status; i++) {
        LONGLONG row = i + 1;
        unsigned char name[DAO_KEYWORD_NAME_MAX], value[DAO_KEYWORD_STRING_MAX];
        unsigned char comment[DAO_KEYWORD_COMMENT_MAX];
        char type[2] = {kw[i].type, '\0'};
        char *type_text = type;
        LONGLONG ivalue = kw[i].type == DAO_KEYWORD_INT ? kw[i].value.i : 0;
        double dvalue = kw[i].type == DAO_KEYWORD_DOUBLE ? kw[i].value.d : 0.0;
        padded_bytes(name, sizeof name, kw[i].name);
        padded_bytes(value, sizeof value, kw[i].type == DAO_KEYWORD_STRING ? kw[i].value.s : "");
        padded_bytes(comment, sizeof comment, kw[i].comment);
        fits_write_col(f, TBYTE, 1, row, 1, sizeof name, name, status);
        fits_write_col(f, TSTRING, 2, row, 1, 1, &type_text, status);
        fits_write_col(f, TLONGLONG, 3, row, 1, 1, &ivalue, status);
        fits_write_col(f, TDOUBLE, 4, row, 1, 1, &dvalue, status);
        fits_write_col(f, TBYTE, 5, row, 1, sizeof value, value, status);
        fits_write_col(f, TBYTE, 6, row, 1, sizeof comment, comment, status);
    }
}

int daorec__fits_tables(const daorec_frame_info *frames, uint64_t n, const dao_keyword *keywords,
                        unsigned n_keywords, void **out, size_t *len, daorec_error *err)
{
    *out = NULL;
    *len = 0;
    size_t mem_size = DAOREC_FITS_BLOCK;
    void *mem = calloc(1, mem_size);
    if (!mem)
        return daorec__fail(err, -ENOMEM, "Not enough memory for the frame table.");
    fitsfile *f = NULL;
    int status = 0;
    /* A throw-away primary HDU: the tables are cut out after it. */
    fits_create_memfile(&f, &mem, &mem_size, (size_t)n * 40 + 4 * DAOREC_FITS_BLOCK, realloc,
                        &status);
    fits_create_img(f, BYTE_IMG, 0, NULL, &status);
    write_frames_table(f, frames, n, &status);
    write_keywords_table(f, keywords, n_keywords, &status);
    LONGLONG start = 0, data_start, data_end;
    fits_movabs_hdu(f, 2, NULL, &status);
    fits_get_hduaddrll(f, &start, &data_start, &data_end, &status);
    int close_status = 0;
    if (f)
        fits_close_file(f, &close_status);
    if (!status)
        status = close_status;
    if (status) {
        free(mem);
        return daorec__fitsio_fail(err, "chunk tables", "building the tables", status);
    }
    size_t size = mem_size - (size_t)start;
    *out = malloc(size);
    if (!*out) {
        free(mem);
        return daorec__fail(err, -ENOMEM, "Not enough memory for the frame table.");
    }
    memcpy(*out, (char *)mem + start, size);
    *len = size;
    free(mem);
    return 0;
}

/* --- data --------------------------------------------------------------- */

/* Plain loops over fixed-width elements: the compiler vectorises them. */
static void swap16(uint16_t *p, size_t n, uint16_t flip)
{
    for (size_t i = 0; i < n; i++)
        p[i] = __builtin_bswap16((uint16_t)(p[i] ^ flip));
}

static void swap32(uint32_t *p, size_t n, uint32_t flip)
{
    for (size_t i = 0; i < n; i++)
        p[i] = __builtin_bswap32(p[i] ^ flip);
}

static void swap64(uint64_t *p, size_t n, uint64_t flip)
{
    for (size_t i = 0; i < n; i++)
        p[i] = __builtin_bswap64(p[i] ^ flip);
}

void daorec__to_fits_order(void *data, size_t bytes, dao_type type)
{
    switch (type) {
    case DAO_UINT8:
        break;
    case DAO_INT8: {
        /* BITPIX 8 is unsigned; int8 is stored with BZERO -128. */
        unsigned char *p = data;
        for (size_t i = 0; i < bytes; i++)
            p[i] ^= 0x80;
        break;
    }
    case DAO_UINT16: swap16(data, bytes / 2, 0x8000u); break;
    case DAO_INT16: swap16(data, bytes / 2, 0); break;
    case DAO_UINT32: swap32(data, bytes / 4, 0x80000000u); break;
    case DAO_INT32:
    case DAO_FLOAT:
    case DAO_COMPLEX_FLOAT: swap32(data, bytes / 4, 0); break;
    case DAO_UINT64: swap64(data, bytes / 8, 0x8000000000000000ull); break;
    case DAO_INT64:
    case DAO_DOUBLE:
    case DAO_COMPLEX_DOUBLE: swap64(data, bytes / 8, 0); break;
    }
}
