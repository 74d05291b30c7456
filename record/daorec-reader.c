/* daorec-reader.c — a recording opened for reading: the tables of every
 * chunk in memory, the pixels read from one open chunk at a time.
 *
 * Files are untrusted: every size is checked before it is used (axes
 * against DAO's limits, element counts against overflow, table rows
 * against the file's length), and cfitsio opens them without its extended
 * file-name syntax, so "frame.fits[1]" is a file name here, not a request. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <fitsio.h>

#include "daorec-private.h"
#include "daoview-capture-fits.h"

typedef struct chunk_file {
    char *path;
    uint64_t first; /* recording index of its first frame */
    uint64_t frames;
    int image_hdu;  /* 1-based HDU number of the image (2 when compressed) */
} chunk_file;

struct daorec_reader {
    dao_type type;
    unsigned naxis;
    uint32_t shape[DAO_MAX_AXES];
    size_t frame_size;
    LONGLONG values; /* cfitsio values per frame (elements, ×2 for complex) */
    int datatype;
    char stream_path[DAO_PATH_MAX + 1];
    dao_keyword *keywords;
    unsigned n_keywords;
    daorec_stream_layout layout;
    daorec_loss loss;
    chunk_file *chunks;
    size_t n_chunks;
    daorec_frame_info *frames;
    uint64_t n_frames;
    fitsfile *open_file;
    size_t open_chunk;
};

/* What one chunk's image HDU says. */
typedef struct image_geometry {
    dao_type type;
    unsigned naxis;
    uint32_t shape[DAO_MAX_AXES];
    uint64_t frames;
    bool dao; /* written by a dao recorder (DAOREC card) */
} image_geometry;

static int invalid(daorec_error *err, const char *path, const char *why)
{
    return daorec__fail(err, -EINVAL, "%s is not a recording: %s.", path, why);
}

/* The first image HDU that has pixels (compressed ones count). */
static int find_image(fitsfile *f, int *hdu_out, int *status)
{
    int n_hdus = 0;
    fits_get_num_hdus(f, &n_hdus, status);
    for (int hdu = 1; hdu <= n_hdus && !*status; hdu++) {
        int type = 0, naxis = 0;
        fits_movabs_hdu(f, hdu, &type, status);
        if (type == IMAGE_HDU || fits_is_compressed_image(f, status)) {
            fits_get_img_dim(f, &naxis, status);
            if (naxis > 0) {
                *hdu_out = hdu;
                return 1;
            }
        }
    }
    return 0;
}

static dao_type type_of_bitpix(int bitpix)
{
    switch (bitpix) {
    case BYTE_IMG: return DAO_UINT8;
    case SBYTE_IMG: return DAO_INT8;
    case USHORT_IMG: return DAO_UINT16;
    case SHORT_IMG: return DAO_INT16;
    case ULONG_IMG: return DAO_UINT32;
    case LONG_IMG: return DAO_INT32;
    case ULONGLONG_IMG: return DAO_UINT64;
    case LONGLONG_IMG: return DAO_INT64;
    case FLOAT_IMG: return DAO_FLOAT;
    case DOUBLE_IMG: return DAO_DOUBLE;
    }
    return 0;
}

/* "(512, 640)" or "(100,)" → shape; false when it is not that. */
static bool parse_shape(const char *text, unsigned *naxis, uint32_t *shape)
{
    const char *p = text;
    if (*p++ != '(')
        return false;
    unsigned n = 0;
    while (*p && *p != ')') {
        if (n == DAO_MAX_AXES)
            return false;
        char *end;
        errno = 0;
        unsigned long long v = strtoull(p, &end, 10);
        if (end == p || errno || v == 0 || v > UINT32_MAX)
            return false;
        shape[n++] = (uint32_t)v;
        p = end;
        if (*p == ',')
            p++;
        while (*p == ' ')
            p++;
    }
    if (*p != ')' || p[1] || n == 0)
        return false;
    *naxis = n;
    return true;
}

static int read_geometry(fitsfile *f, const char *path, image_geometry *g, daorec_error *err)
{
    int status = 0, bitpix = 0, naxis = 0;
    LONGLONG naxes[9] = {0};
    fits_get_img_equivtype(f, &bitpix, &status);
    fits_get_img_dim(f, &naxis, &status);
    if (status)
        return daorec__fitsio_fail(err, path, "reading the image header", status);
    if (naxis > 9)
        return invalid(err, path, "the image has more than 9 axes");
    fits_get_img_sizell(f, naxis, naxes, &status);
    for (int i = 0; i < naxis; i++)
        if (naxes[i] < 0 || naxes[i] > UINT32_MAX)
            return invalid(err, path, "an axis is longer than a DAO stream's");

    char text[FLEN_VALUE] = "";
    memset(g, 0, sizeof *g);
    g->dao = fits_read_key(f, TSTRING, "DAOREC", text, NULL, &status) == 0;
    status = 0;
    if (fits_read_key(f, TSTRING, "DAOTYPE", text, NULL, &status) == 0) {
        int t = dao_type_from_name(text);
        if (t < 0)
            return invalid(err, path, "its DAOTYPE is not a DAO type");
        g->type = (dao_type)t;
    } else {
        g->type = type_of_bitpix(bitpix);
        if (!g->type)
            return invalid(err, path, "its pixel type is not one a DAO stream has");
    }
    status = 0;
    bool complex = g->type == DAO_COMPLEX_FLOAT || g->type == DAO_COMPLEX_DOUBLE;
    if (complex && !g->dao)
        return invalid(err, path, "complex frames are read only from dao recordings");
    int first = complex ? 1 : 0; /* FITS axis of the fastest frame axis (0-based) */
    if (complex && (naxis < 2 || naxes[0] != 2))
        return invalid(err, path, "complex frames need a first axis of length 2");

    if (fits_read_key(f, TSTRING, "DAOSHAPE", text, NULL, &status) == 0) {
        if (!parse_shape(text, &g->naxis, g->shape))
            return invalid(err, path, "its DAOSHAPE is not a shape");
        int image_axes = first + (int)g->naxis;
        for (unsigned i = 0; i < g->naxis; i++)
            if (image_axes > naxis || naxes[first + (int)i] != g->shape[g->naxis - 1 - i])
                return invalid(err, path, "its DAOSHAPE does not match NAXISn");
        if (naxis == image_axes)
            g->frames = 1; /* a single saved frame */
        else if (naxis == image_axes + 1)
            g->frames = (uint64_t)naxes[naxis - 1];
        else
            return invalid(err, path, "it has more axes than frames of DAOSHAPE need");
    } else {
        /* A cube from elsewhere: 1 or 2 axes are one frame, 3 or 4 a
         * series of 2-D or 3-D frames. */
        status = 0;
        if (naxis > 4)
            return invalid(err, path, "an image of more than 4 axes is not a series of frames");
        int frame_axes = naxis <= 2 ? naxis : naxis - 1;
        g->naxis = (unsigned)frame_axes;
        for (int i = 0; i < frame_axes; i++)
            g->shape[i] = (uint32_t)naxes[frame_axes - 1 - i];
        g->frames = naxis <= 2 ? 1 : (uint64_t)naxes[naxis - 1];
    }
    for (unsigned i = 0; i < g->naxis; i++)
        if (g->shape[i] == 0)
            return invalid(err, path, "a frame axis has length 0");
    return 0;
}

/* Frame data must lie inside the file: cfitsio would otherwise report the
 * missing bytes only when they are read. Compressed images are checked by
 * their table's size instead. */
static int check_data_size(fitsfile *f, const char *path, uint64_t file_size, daorec_error *err)
{
    int status = 0;
    LONGLONG head, data, end;
    if (fits_is_compressed_image(f, &status))
        return 0;
    fits_get_hduaddrll(f, &head, &data, &end, &status);
    if (status)
        return daorec__fitsio_fail(err, path, "locating the image", status);
    if ((uint64_t)end > file_size)
        return invalid(err, path, "the file is shorter than its image (truncated?)");
    return 0;
}

static int read_column(fitsfile *f, const char *name, uint64_t rows, LONGLONG *values,
                       int *status)
{
    int col = 0;
    if (fits_get_colnum(f, CASEINSEN, (char *)name, &col, status))
        return *status;
    return fits_read_col(f, TLONGLONG, col, 1, 1, (LONGLONG)rows, NULL, values, NULL, status);
}

/* The FRAMES table into r->frames[first …]; counters 1, 2 … when the file
 * has none (a cube from elsewhere). */
static int read_frames_table(daorec_reader *r, fitsfile *f, const char *path, uint64_t first,
                             uint64_t frames, daorec_error *err)
{
    int status = 0;
    daorec_frame_info *out = r->frames + first;
    if (fits_movnam_hdu(f, BINARY_TBL, "FRAMES", 0, &status)) {
        for (uint64_t i = 0; i < frames; i++)
            out[i] = (daorec_frame_info){.counter = first + i + 1};
        return 0;
    }
    LONGLONG rows = 0;
    fits_get_num_rowsll(f, &rows, &status);
    if (status)
        return daorec__fitsio_fail(err, path, "reading the FRAMES table", status);
    if ((uint64_t)rows != frames)
        return invalid(err, path, "its FRAMES table does not have one row per frame");
    if (frames == 0)
        return 0;
    LONGLONG *column = malloc(frames * sizeof *column);
    if (!column)
        return daorec__fail(err, -ENOMEM, "%s: not enough memory for its FRAMES table.", path);
    static const char *const names[] = {"COUNTER", "WRITE_NS", "CAPTURE_NS", "LOST", "DROPPED"};
    for (int c = 0; c < 5 && !status; c++) {
        if (read_column(f, names[c], frames, column, &status))
            break;
        for (uint64_t i = 0; i < frames; i++) {
            LONGLONG v = column[i];
            switch (c) {
            case 0: out[i].counter = (uint64_t)v; break;
            case 1: out[i].write_time_ns = v; break;
            case 2: out[i].capture_time_ns = v; break;
            case 3: out[i].lost = (uint64_t)v; break;
            case 4: out[i].dropped = (uint64_t)v; break;
            }
        }
    }
    free(column);
    if (status)
        return daorec__fitsio_fail(err, path, "reading the FRAMES table", status);
    for (uint64_t i = 0; i < frames; i++)
        if (out[i].dropped > out[i].lost)
            return invalid(err, path, "its FRAMES table drops more frames than it lost");
    return 0;
}

static void copy_bytes(char *dst, size_t len, const unsigned char *src, size_t n)
{
    size_t i = 0;
    for (; i < n && i + 1 < len && src[i]; i++)
        dst[i] = (char)src[i];
    dst[i] = '\0';
}

static int read_keywords_table(daorec_reader *r, fitsfile *f, const char *path, daorec_error *err)
{
    int status = 0;
    if (fits_movnam_hdu(f, BINARY_TBL, "KEYWORDS", 0, &status))
        return 0;
    LONGLONG rows = 0;
    fits_get_num_rowsll(f, &rows, &status);
    if (status)
        return daorec__fitsio_fail(err, path, "reading the KEYWORDS table", status);
    if (rows < 0 || rows > 65535) /* the format's keyword count is 16 bits */
        return invalid(err, path, "its KEYWORDS table is too long");
    if (rows == 0)
        return 0;
    r->keywords = calloc((size_t)rows, sizeof *r->keywords);
    if (!r->keywords)
        return daorec__fail(err, -ENOMEM, "%s: not enough memory for its keywords.", path);
    int cols[6];
    static const char *const names[] = {"NAME", "TYPE", "IVALUE", "DVALUE", "SVALUE", "COMMENT"};
    for (int c = 0; c < 6; c++)
        fits_get_colnum(f, CASEINSEN, (char *)names[c], &cols[c], &status);
    for (LONGLONG row = 1; row <= rows && !status; row++) {
        dao_keyword *kw = &r->keywords[r->n_keywords];
        unsigned char name[DAO_KEYWORD_NAME_MAX], value[DAO_KEYWORD_STRING_MAX];
        unsigned char comment[DAO_KEYWORD_COMMENT_MAX];
        char type[2] = "", *type_text = type;
        LONGLONG ivalue = 0;
        double dvalue = 0;
        fits_read_col(f, TBYTE, cols[0], row, 1, sizeof name, NULL, name, NULL, &status);
        fits_read_col(f, TSTRING, cols[1], row, 1, 1, NULL, &type_text, NULL, &status);
        fits_read_col(f, TLONGLONG, cols[2], row, 1, 1, NULL, &ivalue, NULL, &status);
        fits_read_col(f, TDOUBLE, cols[3], row, 1, 1, NULL, &dvalue, NULL, &status);
        fits_read_col(f, TBYTE, cols[4], row, 1, sizeof value, NULL, value, NULL, &status);
        fits_read_col(f, TBYTE, cols[5], row, 1, sizeof comment, NULL, comment, NULL, &status);
        if (status)
            break;
        copy_bytes(kw->name, sizeof kw->name, name, sizeof name);
        copy_bytes(kw->comment, sizeof kw->comment, comment, sizeof comment);
        kw->type = type[0];
        if (kw->type == DAO_KEYWORD_INT)
            kw->value.i = ivalue;
        else if (kw->type == DAO_KEYWORD_DOUBLE)
            kw->value.d = dvalue;
        else if (kw->type == DAO_KEYWORD_STRING)
            copy_bytes(kw->value.s, sizeof kw->value.s, value, sizeof value);
        else
            continue; /* not a keyword type: skipped, as libdao reads such entries */
        if (kw->name[0])
            r->n_keywords++;
    }
    if (status)
        return daorec__fitsio_fail(err, path, "reading the KEYWORDS table", status);
    return 0;
}

static uint64_t card_count(fitsfile *f, const char *name)
{
    int status = 0;
    LONGLONG v = 0;
    if (fits_read_key(f, TLONGLONG, name, &v, NULL, &status) || v < 0)
        return 0;
    return (uint64_t)v;
}

static unsigned card_small(fitsfile *f, const char *name, unsigned max)
{
    uint64_t v = card_count(f, name);
    return v <= max ? (unsigned)v : 0;
}

static void read_stream_cards(daorec_reader *r, fitsfile *f)
{
    int status = 0;
    char *text = NULL;
    if (fits_read_key_longstr(f, "DAOSTRM", &text, NULL, &status) == 0 && text)
        snprintf(r->stream_path, sizeof r->stream_path, "%s", text);
    if (text) {
        status = 0;
        fits_free_memory(text, &status);
    }
    r->layout.fifo_depth = card_small(f, "DAOFIFO", UINT32_MAX);
    r->layout.keyword_capacity = card_small(f, "DAONKW", 65535);
    r->layout.semaphores = card_small(f, "DAONSEM", DAO_MAX_SEMAPHORES);
}

static bool same_geometry(const daorec_reader *r, const image_geometry *g)
{
    return g->type == r->type && g->naxis == r->naxis &&
           memcmp(g->shape, r->shape, sizeof g->shape) == 0;
}

static int set_geometry(daorec_reader *r, const image_geometry *g, const char *path,
                        daorec_error *err)
{
    r->type = g->type;
    r->naxis = g->naxis;
    memcpy(r->shape, g->shape, sizeof r->shape);
    uint64_t elements = 1;
    for (unsigned i = 0; i < g->naxis; i++) {
        if (elements > UINT64_MAX / g->shape[i])
            return invalid(err, path, "its frames are too large");
        elements *= g->shape[i];
    }
    size_t element_size = dao_type_size(g->type);
    if (elements > SIZE_MAX / 2 / element_size)
        return invalid(err, path, "its frames are too large");
    r->frame_size = (size_t)elements * element_size;
    bool complex = g->type == DAO_COMPLEX_FLOAT || g->type == DAO_COMPLEX_DOUBLE;
    r->values = (LONGLONG)elements * (complex ? 2 : 1);
    int bitpix;
    daoview_capture_fits_type(g->type, &bitpix, &r->datatype);
    return 0;
}

static int open_chunk_file(const char *path, fitsfile **f, daorec_error *err)
{
    int status = 0;
    *f = NULL;
    if (fits_open_diskfile(f, path, READONLY, &status)) {
        if (status == FILE_NOT_OPENED) {
            /* cfitsio's word for every reason; errno still has the real one
             * when the file could not be opened at all. */
            struct stat st;
            if (stat(path, &st) < 0)
                return daorec__fail(err, -errno, "%s: %s.", path, strerror(errno));
        }
        int ignored = 0;
        if (*f)
            fits_close_file(*f, &ignored);
        *f = NULL;
        char text[FLEN_ERRMSG];
        fits_get_errstatus(status, text);
        fits_clear_errmsg();
        return daorec__fail(err, -EINVAL, "%s is not a FITS file (cfitsio: %s).", path, text);
    }
    return 0;
}

static int read_chunk(daorec_reader *r, size_t index, const char *path, daorec_error *err)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return daorec__fail(err, -errno, "%s: %s.", path, strerror(errno));
    if (!S_ISREG(st.st_mode))
        return invalid(err, path, "not a regular file");
    fitsfile *f;
    int rc = open_chunk_file(path, &f, err);
    if (rc < 0)
        return rc;
    int status = 0, hdu = 0;
    image_geometry g;
    chunk_file *c = &r->chunks[index];
    if (!find_image(f, &hdu, &status)) {
        rc = status ? daorec__fitsio_fail(err, path, "looking for an image", status)
                    : invalid(err, path, "it holds no image");
        goto done;
    }
    if ((rc = read_geometry(f, path, &g, err)) < 0 ||
        (rc = check_data_size(f, path, (uint64_t)st.st_size, err)) < 0)
        goto done;
    if (index == 0) {
        if ((rc = set_geometry(r, &g, path, err)) < 0)
            goto done;
        read_stream_cards(r, f);
    } else if (!same_geometry(r, &g)) {
        rc = daorec__fail(err, -EINVAL, "%s does not belong with %s: another type or shape.", path,
                          r->chunks[0].path);
        goto done;
    }
    r->loss.tail += card_count(f, "DAOTAIL");
    /* Each frame costs the file a byte at least (a pixel, a compressed
     * tile's descriptor, a table row): a frame count the file cannot hold
     * is refused before anything is allocated for it. */
    if (g.frames > (uint64_t)st.st_size) {
        rc = invalid(err, path, "it claims more frames than it can hold");
        goto done;
    }
    daorec_frame_info *grown = realloc(r->frames, (r->n_frames + g.frames + 1) * sizeof *grown);
    if (!grown) {
        rc = daorec__fail(err, -ENOMEM, "%s: not enough memory for its table.", path);
        goto done;
    }
    r->frames = grown;
    if ((rc = read_frames_table(r, f, path, r->n_frames, g.frames, err)) < 0)
        goto done;
    if (index == 0 && (rc = read_keywords_table(r, f, path, err)) < 0)
        goto done;
    c->path = strdup(path);
    if (!c->path) {
        rc = daorec__fail(err, -ENOMEM, "Not enough memory.");
        goto done;
    }
    c->first = r->n_frames;
    c->frames = g.frames;
    c->image_hdu = hdu;
    r->n_frames += g.frames;
done:
    status = 0;
    fits_close_file(f, &status);
    return rc;
}

int daorec_reader_open(daorec_reader **out, const char *const *paths, size_t n_paths,
                       daorec_error *err)
{
    *out = NULL;
    if (n_paths == 0)
        return daorec__fail(err, -EINVAL, "No file to read.");
    daorec_reader *r = calloc(1, sizeof *r);
    if (!r || !(r->chunks = calloc(n_paths, sizeof *r->chunks))) {
        free(r);
        return daorec__fail(err, -ENOMEM, "Not enough memory to open a recording.");
    }
    for (size_t i = 0; i < n_paths; i++) {
        int rc = read_chunk(r, i, paths[i], err);
        if (rc < 0) {
            daorec_reader_close(r);
            return rc;
        }
        r->n_chunks++;
    }
    for (uint64_t i = 0; i < r->n_frames; i++) {
        r->loss.lost += r->frames[i].lost;
        r->loss.dropped += r->frames[i].dropped;
    }
    *out = r;
    return 0;
}

void daorec_reader_close(daorec_reader *r)
{
    if (!r)
        return;
    int status = 0;
    if (r->open_file)
        fits_close_file(r->open_file, &status);
    for (size_t i = 0; i < r->n_chunks; i++)
        free(r->chunks[i].path);
    free(r->chunks);
    free(r->frames);
    free(r->keywords);
    free(r);
}

uint64_t daorec_reader_frame_count(const daorec_reader *r) { return r->n_frames; }
dao_type daorec_reader_type(const daorec_reader *r) { return r->type; }
unsigned daorec_reader_naxis(const daorec_reader *r) { return r->naxis; }
const uint32_t *daorec_reader_shape(const daorec_reader *r) { return r->shape; }
size_t daorec_reader_frame_size(const daorec_reader *r) { return r->frame_size; }
const char *daorec_reader_stream_path(const daorec_reader *r) { return r->stream_path; }

int daorec_reader_frame_info(const daorec_reader *r, uint64_t index, daorec_frame_info *out)
{
    if (index >= r->n_frames)
        return -ERANGE;
    *out = r->frames[index];
    return 0;
}

static size_t chunk_of(const daorec_reader *r, uint64_t index)
{
    size_t lo = 0, hi = r->n_chunks;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->chunks[mid].first <= index)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

int daorec_reader_read(daorec_reader *r, uint64_t index, void *dst, size_t size,
                       daorec_frame_info *info, daorec_error *err)
{
    if (index >= r->n_frames)
        return daorec__fail(err, -ERANGE, "No frame %llu: the recording has %llu.",
                            (unsigned long long)index, (unsigned long long)r->n_frames);
    if (size != r->frame_size)
        return daorec__fail(err, DAO_E_SIZE_MISMATCH, "A frame is %zu bytes, not %zu.",
                            r->frame_size, size);
    size_t k = chunk_of(r, index);
    const chunk_file *c = &r->chunks[k];
    int status = 0;
    if (!r->open_file || r->open_chunk != k) {
        if (r->open_file)
            fits_close_file(r->open_file, &status);
        r->open_file = NULL;
        status = 0;
        int rc = open_chunk_file(c->path, &r->open_file, err);
        if (rc < 0)
            return rc;
        r->open_chunk = k;
        fits_movabs_hdu(r->open_file, c->image_hdu, NULL, &status);
    }
    LONGLONG first = (LONGLONG)(index - c->first) * r->values + 1;
    int any_null = 0;
    fits_read_img(r->open_file, r->datatype, first, r->values, NULL, dst, &any_null, &status);
    if (status) {
        fits_close_file(r->open_file, &(int){0});
        r->open_file = NULL;
        return daorec__fitsio_fail(err, c->path, "reading a frame", status);
    }
    if (info)
        *info = r->frames[index];
    return 0;
}

const dao_keyword *daorec_reader_keywords(const daorec_reader *r, unsigned *n)
{
    *n = r->n_keywords;
    return r->keywords;
}

void daorec_reader_loss(const daorec_reader *r, daorec_loss *out)
{
    *out = r->loss;
}

void daorec_reader_stream_layout(const daorec_reader *r, daorec_stream_layout *out)
{
    *out = r->layout;
}
