/* daoview-capture-fits.c — a frame as a FITS file, through cfitsio.
 *
 * The layout is documented in daoview-capture.h. cfitsio builds the file in
 * memory (fits_create_memfile); daoview_capture__write_file() then puts it
 * on disk whole. That keeps cfitsio's extended file-name syntax
 * ("frame.fits[1]", "!frame.fits", "mem://") out of the way of user paths,
 * and gives file-system errors as errno values rather than cfitsio's
 * FILE_NOT_CREATED. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fitsio.h>

#include "daocommon-shape.h"
#include "daoview-capture-fits.h"
#include "daoview-capture-i18n.h"
#include "daoview-capture-private.h"

int daoview_capture_have_fits(void)
{
    return 1;
}

/* How each element type is stored: the image's BITPIX (cfitsio's *_IMG
 * codes add the BZERO offset for unsigned and int8 data) and the cfitsio
 * type of the values handed to fits_write_img(). Complex types store their
 * parts as float or double planes. */
typedef struct fits_type {
    int bitpix;
    int datatype;
} fits_type;

static fits_type fits_type_of(dao_type type)
{
    switch (type) {
    case DAO_UINT8: return (fits_type){BYTE_IMG, TBYTE};
    case DAO_INT8: return (fits_type){SBYTE_IMG, TSBYTE};
    case DAO_UINT16: return (fits_type){USHORT_IMG, TUSHORT};
    case DAO_INT16: return (fits_type){SHORT_IMG, TSHORT};
    case DAO_UINT32: return (fits_type){ULONG_IMG, TUINT};
    case DAO_INT32: return (fits_type){LONG_IMG, TINT};
    case DAO_UINT64: return (fits_type){ULONGLONG_IMG, TULONGLONG};
    case DAO_INT64: return (fits_type){LONGLONG_IMG, TLONGLONG};
    case DAO_FLOAT:
    case DAO_COMPLEX_FLOAT: return (fits_type){FLOAT_IMG, TFLOAT};
    case DAO_DOUBLE:
    case DAO_COMPLEX_DOUBLE: return (fits_type){DOUBLE_IMG, TDOUBLE};
    }
    return (fits_type){0, 0};
}

int daoview_capture_fits_type(dao_type type, int *bitpix, int *datatype)
{
    fits_type ft = fits_type_of(type);
    *bitpix = ft.bitpix;
    *datatype = ft.datatype;
    return ft.bitpix ? 0 : -EINVAL;
}

static int is_complex(dao_type type)
{
    return type == DAO_COMPLEX_FLOAT || type == DAO_COMPLEX_DOUBLE;
}

/* FITS header text is printable ASCII only. */
static void to_fits_text(char *dst, size_t len, const char *src)
{
    size_t i = 0;
    for (; src[i] && i + 1 < len; i++)
        dst[i] = (src[i] >= 0x20 && src[i] <= 0x7e) ? src[i] : '?';
    dst[i] = '\0';
}

/* Names a libdao keyword may not take as a plain FITS card, because the
 * card already means something in this file (or in FITS at large). */
static int is_reserved_name(const char *upper)
{
    static const char *const exact[] = {
        "SIMPLE", "BITPIX", "EXTEND", "BZERO", "BSCALE", "BLANK", "END", "COMMENT",
        "HISTORY", "CONTINUE", "LONGSTRN", "XTENSION", "PCOUNT", "GCOUNT", "GROUPS",
        "DATE", "DATE-OBS", "TIMESYS", "HIERARCH",
    };
    static const char *const prefixes[] = {
        "NAXIS", "CTYPE", "CRPIX", "CRVAL", "CDELT", "CUNIT", "CROTA", "DAO",
    };
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
        if (strcmp(upper, exact[i]) == 0)
            return 1;
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(upper, prefixes[i], strlen(prefixes[i])) == 0)
            return 1;
    return 0;
}

/* The card name of a libdao keyword (see daoview-capture.h): the name
 * itself when it is a valid, unreserved FITS name once upper-cased, else
 * "HIERARCH DAO <name>" with the characters FITS names cannot hold as '_'. */
static void fits_keyword_name(const char *name, char *out, size_t len)
{
    char upper[DAO_KEYWORD_NAME_MAX + 1];
    size_t n = strlen(name);
    int plain = n >= 1 && n <= 8;
    for (size_t i = 0; i <= n && i < sizeof upper; i++) {
        char c = name[i];
        upper[i] = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
        if (c && !((upper[i] >= 'A' && upper[i] <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                   c == '_'))
            plain = 0;
    }
    upper[sizeof upper - 1] = '\0';
    if (plain && !is_reserved_name(upper)) {
        snprintf(out, len, "%s", upper);
        return;
    }
    int used = snprintf(out, len, "HIERARCH DAO ");
    size_t i = 0;
    for (; name[i] && (size_t)used + i + 1 < len; i++) {
        char c = name[i];
        out[used + i] = (c > 0x20 && c <= 0x7e && c != '=' && c != '\'') ? c : '_';
    }
    out[used + i] = '\0';
}

/* The fewest significant digits (15 to 17) that read back as the same
 * double: 0.35 rather than 0.34999999999999998, and still bit for bit. */
static int shortest_exact_digits(double value)
{
    for (int digits = 15; digits < 17; digits++) {
        char text[40];
        snprintf(text, sizeof text, "%.*g", digits, value);
        if (strtod(text, NULL) == value)
            return digits;
    }
    return 17;
}

static void write_keyword(fitsfile *f, const dao_keyword *kw, int *status)
{
    char name[64];
    char comment[DAO_KEYWORD_COMMENT_MAX + 1];
    fits_keyword_name(kw->name, name, sizeof name);
    to_fits_text(comment, sizeof comment, kw->comment);
    const char *c = comment[0] ? comment : NULL;

    switch (kw->type) {
    case DAO_KEYWORD_INT: {
        LONGLONG v = kw->value.i;
        fits_write_key(f, TLONGLONG, name, &v, c, status);
        break;
    }
    case DAO_KEYWORD_DOUBLE:
        if (isfinite(kw->value.d)) {
            fits_write_key_dbl(f, name, kw->value.d, -shortest_exact_digits(kw->value.d), c, status);
        } else {
            const char *text = isnan(kw->value.d) ? "NaN" : kw->value.d > 0 ? "Inf" : "-Inf";
            fits_write_key_str(f, name, text, c, status);
        }
        break;
    case DAO_KEYWORD_STRING: {
        char value[DAO_KEYWORD_STRING_MAX + 1];
        to_fits_text(value, sizeof value, kw->value.s);
        fits_write_key_str(f, name, value, c, status);
        break;
    }
    default:
        break;
    }
}

void daoview_capture_fits_write_cards(fitsfile *f, const daoview_capture_frame *frame,
                                      const daoview_capture_meta *meta, int *status)
{
    char text[DAOVIEW_CAPTURE_PATH_MAX + 1];

    fits_write_key_str(f, "DAOTYPE", dao_type_name(frame->type), "element type of the DAO stream",
                       status);
    daocommon_shape_format(text, sizeof text, frame->naxis, frame->shape, DAOCOMMON_SHAPE_NUMPY);
    fits_write_key_str(f, "DAOSHAPE", text, "shape in C order (NAXISn reversed)", status);
    if (meta && meta->stream_path) {
        /* Long paths continue on CONTINUE cards (FITS 4.0 long strings),
         * announced by LONGSTRN as the HEASARC convention recommends. A
         * string card holds 68 characters of value, quotes counted twice. */
        to_fits_text(text, sizeof text, meta->stream_path);
        size_t card_len = 0;
        for (const char *c = text; *c; c++)
            card_len += *c == '\'' ? 2 : 1;
        if (card_len > 68)
            fits_write_key_longwarn(f, status);
        fits_write_key_longstr(f, "DAOSTRM", text, "DAO stream the frame was read from", status);
    }
    if (meta) {
        ULONGLONG counter = meta->counter;
        fits_write_key(f, TULONGLONG, "DAOCNT", &counter, "frame counter of the stream", status);
    }
    if (meta && meta->write_time_ns != 0) {
        daoview_capture__iso8601_utc(meta->write_time_ns, text, sizeof text);
        fits_write_key_str(f, "DATE-OBS", text, "time the frame was written (UTC)", status);
        fits_write_key_str(f, "TIMESYS", "UTC", "time scale of DATE-OBS", status);
        LONGLONG ns = meta->write_time_ns;
        fits_write_key(f, TLONGLONG, "DAOTNS", &ns, "write time, ns since 1970-01-01 UTC", status);
    }
    fits_write_date(f, status);
    if (meta) {
        for (unsigned i = 0; i < meta->n_keywords; i++) {
            const dao_keyword *kw = &meta->keywords[i];
            if (kw->type != DAO_KEYWORD_UNUSED && kw->name[0])
                write_keyword(f, kw, status);
        }
    }
}

/* A complex frame has a coordinate axis, so it gets a full (linear) WCS:
 * its pixel axes give the 0-based C index (CRPIX 1, CRVAL 0), and the last
 * axis follows the AIPS convention for complex data, pixel 1 real and
 * pixel 2 imaginary. A partial WCS would make FITS checkers complain. */
static void write_complex_axis_cards(fitsfile *f, int naxis, int *status)
{
    for (int axis = 1; axis <= naxis; axis++) {
        int is_complex_axis = axis == naxis;
        char name[32];
        double crpix = 1.0, crval = is_complex_axis ? 1.0 : 0.0, cdelt = 1.0;
        snprintf(name, sizeof name, "CTYPE%d", axis);
        fits_write_key_str(f, name, is_complex_axis ? "COMPLEX" : "PIXEL",
                           is_complex_axis ? "plane 1 real part, plane 2 imaginary part"
                                           : "0-based element index",
                           status);
        snprintf(name, sizeof name, "CRPIX%d", axis);
        fits_write_key(f, TDOUBLE, name, &crpix, NULL, status);
        snprintf(name, sizeof name, "CRVAL%d", axis);
        fits_write_key(f, TDOUBLE, name, &crval, NULL, status);
        snprintf(name, sizeof name, "CDELT%d", axis);
        fits_write_key(f, TDOUBLE, name, &cdelt, NULL, status);
    }
}

/* Interleaved (re, im) pairs to a real plane followed by an imaginary one. */
static void *split_complex(const daoview_capture_frame *frame)
{
    size_t part = dao_type_size(frame->type) / 2;
    size_t count = frame->size / (2 * part);
    unsigned char *planes = malloc(frame->size ? frame->size : 1);
    if (!planes)
        return NULL;
    const unsigned char *src = frame->data;
    for (size_t i = 0; i < count; i++) {
        memcpy(planes + i * part, src + 2 * i * part, part);
        memcpy(planes + (count + i) * part, src + (2 * i + 1) * part, part);
    }
    return planes;
}

static int cfitsio_failed(daoview_capture_error *err, const char *path, int status)
{
    char text[FLEN_ERRMSG];
    fits_get_errstatus(status, text);
    /* cfitsio keeps a stack of detailed messages; the first is the most
     * specific. Read them all so none is left for the next save. */
    char detail[FLEN_ERRMSG] = "";
    char more[FLEN_ERRMSG];
    while (fits_read_errmsg(more))
        if (!detail[0])
            memcpy(detail, more, sizeof detail);
    return daoview_capture__fail(err, -EIO, _("Cannot write FITS file “%s”: %s (cfitsio: %s)."), path,
                                 text, detail[0] ? detail : text);
}

int daoview_capture_save_fits(const char *path, const daoview_capture_frame *frame,
                              const daoview_capture_meta *meta, daoview_capture_error *err)
{
    int rc = daoview_capture__check_save(path, frame, err);
    if (rc < 0)
        return rc;

    fits_type ft = fits_type_of(frame->type);
    int complex_frame = is_complex(frame->type);
    long naxes[DAO_MAX_AXES + 1];
    int naxis = (int)frame->naxis;
    for (int i = 0; i < naxis; i++) /* FITS order: NAXIS1 is the fastest axis */
        naxes[i] = (long)frame->shape[naxis - 1 - i];
    if (complex_frame)
        naxes[naxis++] = 2;
    LONGLONG nelements = (LONGLONG)(frame->size / dao_type_size(frame->type)) * (complex_frame ? 2 : 1);

    void *planes = NULL;
    void *pixels = (void *)frame->data; /* cfitsio reads it only; its API is not const */
    if (complex_frame) {
        planes = split_complex(frame);
        if (!planes)
            return daoview_capture__fail(err, -ENOMEM, _("Not enough memory to save “%s”."), path);
        pixels = planes;
    }

    /* The whole file in memory: the header, plus the data rounded up to
     * FITS's 2880-byte records, grows the buffer once. */
    size_t buffer_size = 2880;
    void *buffer = calloc(1, buffer_size); /* cfitsio reads header blocks it has not written yet */
    if (!buffer) {
        free(planes);
        return daoview_capture__fail(err, -ENOMEM, _("Not enough memory to save “%s”."), path);
    }
    fitsfile *f = NULL;
    int status = 0;
    fits_create_memfile(&f, &buffer, &buffer_size, frame->size + 5 * 2880, realloc, &status);
    fits_create_img(f, ft.bitpix, naxis, naxes, &status);
    if (complex_frame)
        write_complex_axis_cards(f, naxis, &status);
    daoview_capture_fits_write_cards(f, frame, meta, &status);
    fits_write_img(f, ft.datatype, 1, nelements, pixels, &status);
    if (f) {
        int close_status = 0;
        fits_close_file(f, &close_status);
        if (!status)
            status = close_status;
    }
    free(planes);
    if (status) {
        free(buffer);
        return cfitsio_failed(err, path, status);
    }

    struct iovec part = {.iov_base = buffer, .iov_len = buffer_size};
    rc = daoview_capture__write_file(path, &part, 1, err);
    free(buffer);
    return rc;
}

/* ---- reading ------------------------------------------------------------ */

/* The first HDU holding an image with data, as doubles. cfitsio opens the
 * file by its own name syntax: a path with '[' or a leading '!' is taken
 * literally through the "file://" prefix. */
int daoview_capture__load_fits(const char *path, daoview_capture_image *out, daoview_capture_error *err)
{
    fitsfile *f = NULL;
    int status = 0, naxis = 0;
    long naxes[3] = {1, 1, 1};
    char name[DAOVIEW_CAPTURE_PATH_MAX + 16];

    snprintf(name, sizeof name, "file://%s", path);
    if (fits_open_image(&f, name, READONLY, &status)) {
        char text[FLEN_STATUS];
        fits_get_errstatus(status, text);
        return daoview_capture__fail(err, -EINVAL, _("Cannot read “%s” as FITS: %s"), path, text);
    }
    fits_get_img_dim(f, &naxis, &status);
    if (!status && naxis >= 1 && naxis <= 3)
        fits_get_img_size(f, 3, naxes, &status);
    int bad = status || naxis < 1 || naxis > 3 || (naxis == 3 && naxes[2] != 1) || naxes[0] <= 0
              || naxes[1] <= 0;
    uint64_t count = bad ? 0 : (uint64_t)naxes[0] * (uint64_t)naxes[1];
    if (bad || count > DAOVIEW_CAPTURE_LOAD_MAX) {
        fits_close_file(f, &status);
        return daoview_capture__fail(err, count > DAOVIEW_CAPTURE_LOAD_MAX ? -EFBIG : -EINVAL,
                                     _("“%s”: expected one image (1-D, 2-D, or 3-D with one plane)"),
                                     path);
    }
    double *values = malloc(count * sizeof *values);
    long first[3] = {1, 1, 1};
    int anynul = 0;
    if (!values || fits_read_pix(f, TDOUBLE, first, (LONGLONG)count, NULL, values, &anynul, &status)) {
        char text[FLEN_STATUS] = "";
        if (status)
            fits_get_errstatus(status, text);
        free(values);
        status = 0;
        fits_close_file(f, &status);
        return daoview_capture__fail(err, values ? -EIO : -ENOMEM, _("Cannot read “%s” as FITS: %s"),
                                     path, text);
    }
    fits_close_file(f, &status);
    out->values = values;
    out->width = (uint32_t)naxes[0];  /* NAXIS1 is the fastest axis */
    out->height = (uint32_t)naxes[1];
    return 0;
}
