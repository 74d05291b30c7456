/* daoview-capture-load.c — an image read back from a .npy or FITS file, as
 * doubles: a dark, a flat or a reference PSF (see daoview-capture.h).
 *
 * .npy (numpy/lib/format.py): "\x93NUMPY", a major and a minor version
 * byte, the header length (2 bytes little-endian in version 1, 4 in
 * versions 2 and 3), then a Python dict literal with descr, fortran_order
 * and shape. Every value is checked against the file before the data is
 * touched: the header must lie inside the file and the data must be exactly
 * as long as the shape says. FITS goes through cfitsio
 * (daoview_capture__load_fits). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "daoview-capture-i18n.h"
#include "daoview-capture-private.h"

#define NPY_MAGIC "\x93NUMPY"
#define FITS_MAGIC "SIMPLE  ="

/* The whole file, at most `limit` bytes (more is refused). */
static int read_file(const char *path, size_t limit, unsigned char **out, size_t *len,
                     daoview_capture_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return daoview_capture__fail(err, -errno, _("Cannot open “%s”: %s"), path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return daoview_capture__fail(err, -EINVAL, _("“%s” is not a regular file"), path);
    }
    if ((uint64_t)st.st_size > limit) {
        fclose(f);
        return daoview_capture__fail(err, -EFBIG, _("“%s” is too large for an image to calibrate with"),
                                     path);
    }
    unsigned char *buf = malloc(st.st_size > 0 ? (size_t)st.st_size : 1);
    size_t got = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
    fclose(f);
    if (!buf || got != (size_t)st.st_size) {
        free(buf);
        return daoview_capture__fail(err, buf ? -EIO : -ENOMEM, _("Cannot read “%s”"), path);
    }
    *out = buf;
    *len = got;
    return 0;
}

/* ---- .npy --------------------------------------------------------------- */

/* The text after 'key': in the dict (either quote), or NULL. */
static const char *dict_value(const char *dict, const char *key)
{
    size_t n = strlen(key);
    for (const char *p = dict; (p = strpbrk(p, "'\"")); p++) {
        if (strncmp(p + 1, key, n) == 0 && p[n + 1] == p[0]) {
            const char *v = p + n + 2;
            while (*v == ' ')
                v++;
            if (*v != ':')
                return NULL;
            v++;
            while (*v == ' ')
                v++;
            return v;
        }
    }
    return NULL;
}

typedef struct {
    char order; /* '<', '>', '|' or '=' */
    char kind;  /* 'u', 'i', 'f' */
    unsigned size;
} npy_descr;

static int parse_descr(const char *v, npy_descr *d)
{
    if (!v || (*v != '\'' && *v != '"'))
        return -1;
    char quote = *v++;
    const char *end = strchr(v, quote);
    if (!end || end - v < 3 || end - v > 4)
        return -1;
    d->order = v[0];
    d->kind = v[1];
    char digits[3] = {v[2], end - v == 4 ? v[3] : '\0', '\0'};
    d->size = (unsigned)atoi(digits);
    if (!strchr("<>|=", d->order) || !strchr("uif", d->kind))
        return -1;
    if (d->kind == 'f' ? d->size != 4 && d->size != 8
                       : d->size != 1 && d->size != 2 && d->size != 4 && d->size != 8)
        return -1;
    return 0;
}

/* (ny, nx), (nx,) or (1, ny, nx): the extents, C order. */
static int parse_shape(const char *v, uint64_t *dims, unsigned *ndim)
{
    if (!v || *v != '(')
        return -1;
    v++;
    *ndim = 0;
    for (;;) {
        while (*v == ' ')
            v++;
        if (*v == ')')
            return 0;
        if (*v < '0' || *v > '9' || *ndim == 3)
            return -1;
        char *end;
        unsigned long long d = strtoull(v, &end, 10);
        if (d == 0 || d > UINT32_MAX)
            return -1;
        dims[(*ndim)++] = d;
        v = end;
        while (*v == ' ')
            v++;
        if (*v == ',')
            v++;
        else if (*v != ')')
            return -1;
    }
}

static double element(const unsigned char *p, const npy_descr *d)
{
    unsigned char b[8];
    int swap = d->order == '>';
    for (unsigned i = 0; i < d->size; i++)
        b[i] = p[swap ? d->size - 1 - i : i];
    switch (d->kind) {
    case 'u': {
        uint64_t u = 0;
        for (unsigned i = d->size; i-- > 0;)
            u = u << 8 | b[i];
        return (double)u;
    }
    case 'i': {
        uint64_t u = 0;
        for (unsigned i = d->size; i-- > 0;)
            u = u << 8 | b[i];
        if (d->size < 8 && (u >> (8 * d->size - 1)) & 1)
            u |= ~0ull << (8 * d->size); /* sign-extend */
        return (double)(int64_t)u;
    }
    default:
        if (d->size == 4) {
            float f;
            memcpy(&f, b, 4);
            return f;
        } else {
            double v;
            memcpy(&v, b, 8);
            return v;
        }
    }
}

static int load_npy(const char *path, const unsigned char *buf, size_t len, daoview_capture_image *out,
                    daoview_capture_error *err)
{
    if (len < 10 || (buf[6] != 1 && buf[6] != 2 && buf[6] != 3))
        return daoview_capture__fail(err, -EINVAL, _("“%s”: unsupported .npy version"), path);
    size_t header_len = buf[6] == 1 ? (size_t)buf[8] | (size_t)buf[9] << 8
                                    : len < 12 ? SIZE_MAX
                                    : (size_t)buf[8] | (size_t)buf[9] << 8 | (size_t)buf[10] << 16
                                          | (size_t)buf[11] << 24;
    size_t start = buf[6] == 1 ? 10 : 12;
    if (header_len > len - start)
        return daoview_capture__fail(err, -EINVAL, _("“%s”: the .npy header is cut short"), path);
    char *dict = malloc(header_len + 1);
    if (!dict)
        return daoview_capture__fail(err, -ENOMEM, _("Cannot read “%s”"), path);
    memcpy(dict, buf + start, header_len);
    dict[header_len] = '\0';

    npy_descr d = {0, 0, 0};
    uint64_t dims[3];
    unsigned ndim = 0;
    const char *fortran = dict_value(dict, "fortran_order");
    int bad_descr = parse_descr(dict_value(dict, "descr"), &d) < 0;
    int bad_shape = parse_shape(dict_value(dict, "shape"), dims, &ndim) < 0;
    int is_fortran = fortran && strncmp(fortran, "True", 4) == 0;
    free(dict);
    if (bad_descr)
        return daoview_capture__fail(err, -EINVAL,
                                     _("“%s”: only real numbers can calibrate an image (integers or "
                                       "floats)"),
                                     path);
    if (bad_shape || is_fortran || !fortran || ndim == 0 || (ndim == 3 && dims[0] != 1))
        return daoview_capture__fail(err, -EINVAL,
                                     _("“%s”: expected one image in C order (1-D, 2-D, or 3-D with one "
                                       "plane)"),
                                     path);
    uint64_t width = dims[ndim - 1], height = ndim >= 2 ? dims[ndim - 2] : 1;
    uint64_t count = width * height;
    if (count > DAOVIEW_CAPTURE_LOAD_MAX || count * d.size != len - start - header_len)
        return daoview_capture__fail(err, -EINVAL,
                                     _("“%s”: the data is not as long as its shape says"), path);
    double *values = malloc(count * sizeof *values);
    if (!values)
        return daoview_capture__fail(err, -ENOMEM, _("Cannot read “%s”"), path);
    const unsigned char *data = buf + start + header_len;
    for (uint64_t i = 0; i < count; i++)
        values[i] = element(data + i * d.size, &d);
    out->values = values;
    out->width = (uint32_t)width;
    out->height = (uint32_t)height;
    return 0;
}

int daoview_capture_load_image(const char *path, daoview_capture_image *out, daoview_capture_error *err)
{
    unsigned char head[16] = {0};
    out->values = NULL;
    out->width = out->height = 0;
    if (!path)
        return daoview_capture__fail(err, -EINVAL, _("No file named"));

    FILE *f = fopen(path, "rb");
    if (!f)
        return daoview_capture__fail(err, -errno, _("Cannot open “%s”: %s"), path, strerror(errno));
    size_t got = fread(head, 1, sizeof head, f);
    fclose(f);
    if (got >= 9 && memcmp(head, FITS_MAGIC, 9) == 0)
        return daoview_capture__load_fits(path, out, err);
    if (got < 6 || memcmp(head, NPY_MAGIC, 6) != 0)
        return daoview_capture__fail(err, -EINVAL, _("“%s” is neither a FITS nor a .npy file"), path);

    unsigned char *buf = NULL;
    size_t len = 0;
    int rc = read_file(path, DAOVIEW_CAPTURE_LOAD_MAX * 8 + (1u << 20), &buf, &len, err);
    if (rc < 0)
        return rc;
    rc = load_npy(path, buf, len, out, err);
    free(buf);
    return rc;
}
