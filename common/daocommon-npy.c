/* daocommon-npy.c — see daocommon-npy.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daocommon-npy.h"
#include "daocommon-shape.h"

/* Each DAO type with the descr we write; a reader compares what follows
 * the byte-order mark, which it checks on its own. */
static const struct {
    const char *descr;
    dao_type type;
} descrs[] = {
    {"|u1", DAO_UINT8},   {"|i1", DAO_INT8},   {"<u2", DAO_UINT16},  {"<i2", DAO_INT16},
    {"<u4", DAO_UINT32},  {"<i4", DAO_INT32},  {"<u8", DAO_UINT64},  {"<i8", DAO_INT64},
    {"<f4", DAO_FLOAT},   {"<f8", DAO_DOUBLE}, {"<c8", DAO_COMPLEX_FLOAT}, {"<c16", DAO_COMPLEX_DOUBLE},
};
#define N_DESCRS (sizeof(descrs) / sizeof(descrs[0]))

const char *daocommon_npy_descr(dao_type type)
{
    for (size_t i = 0; i < N_DESCRS; i++) {
        if (descrs[i].type == type)
            return descrs[i].descr;
    }
    return NULL;
}

static const unsigned char magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};

enum {
    NPY_PREAMBLE_V1 = 10, /* magic (6) + version (2) + header length (2) */
    NPY_ALIGNMENT = 64,   /* numpy aligns the data on 64 bytes since 1.14 */
};

int daocommon_npy_header(unsigned char buf[DAOCOMMON_NPY_HEADER_MAX], dao_type type, unsigned naxis,
                         const uint32_t *shape)
{
    const char *descr = daocommon_npy_descr(type);
    if (!descr || naxis < 1 || naxis > DAO_MAX_AXES)
        return -EINVAL;
    for (unsigned i = 0; i < naxis; i++) {
        if (shape[i] == 0)
            return -EINVAL;
    }
    char tuple[DAOCOMMON_SHAPE_TEXT_MAX];
    daocommon_shape_format(tuple, sizeof(tuple), naxis, shape, DAOCOMMON_SHAPE_NUMPY);
    memcpy(buf, magic, sizeof(magic));
    buf[6] = 1; /* version 1.0 */
    buf[7] = 0;
    int dict_len = snprintf((char *)buf + NPY_PREAMBLE_V1, DAOCOMMON_NPY_HEADER_MAX - NPY_PREAMBLE_V1,
                            "{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, tuple);
    /* numpy 1.24 also leaves room for the first extent to grow to 21
     * digits; a DAO frame's dict is long enough (58 bytes at least) that
     * both come to 128 bytes, so the header is numpy's byte for byte. */
    size_t total = NPY_PREAMBLE_V1 + (size_t)dict_len + 1; /* + the final '\n' */
    total = (total + NPY_ALIGNMENT - 1) / NPY_ALIGNMENT * NPY_ALIGNMENT;
    memset(buf + NPY_PREAMBLE_V1 + dict_len, ' ', total - NPY_PREAMBLE_V1 - (size_t)dict_len);
    buf[total - 1] = '\n';
    size_t header_len = total - NPY_PREAMBLE_V1;
    buf[8] = (unsigned char)(header_len & 0xff);
    buf[9] = (unsigned char)(header_len >> 8);
    return (int)total;
}

typedef struct cursor {
    const char *p, *end;
} cursor;

static void skip_space(cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
        c->p++;
}

static bool take(cursor *c, char ch)
{
    skip_space(c);
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return true;
    }
    return false;
}

/* A quoted Python string without escapes (numpy never writes any in keys
 * or simple dtypes). */
static bool take_string(cursor *c, char *buf, size_t len)
{
    skip_space(c);
    if (c->p >= c->end || (*c->p != '\'' && *c->p != '"'))
        return false;
    char quote = *c->p++;
    size_t n = 0;
    while (c->p < c->end && *c->p != quote) {
        if (*c->p == '\\' || n + 1 >= len)
            return false;
        buf[n++] = *c->p++;
    }
    if (c->p >= c->end)
        return false;
    c->p++;
    buf[n] = '\0';
    return true;
}

static bool take_word(cursor *c, const char *word)
{
    skip_space(c);
    size_t n = strlen(word);
    if ((size_t)(c->end - c->p) >= n && memcmp(c->p, word, n) == 0) {
        c->p += n;
        return true;
    }
    return false;
}

static const char *take_shape(cursor *c, daocommon_npy_array *out)
{
    if (!take(c, '('))
        return "the header's shape is not a tuple";
    out->ndim = 0;
    out->count = 1;
    for (;;) {
        if (take(c, ')'))
            return NULL;
        skip_space(c);
        if (c->p >= c->end || *c->p < '0' || *c->p > '9')
            return "the header's shape is not a tuple of integers";
        uint64_t v = 0;
        while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
            if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, (uint64_t)(*c->p - '0'), &v))
                return "the header's shape overflows";
            c->p++;
        }
        if (c->p < c->end && *c->p == 'L') /* written by Python 2 */
            c->p++;
        if (out->ndim == DAOCOMMON_NPY_MAX_DIMS)
            return "the array has too many dimensions";
        out->shape[out->ndim++] = v;
        if (__builtin_mul_overflow(out->count, v, &out->count))
            return "the header's shape overflows";
        if (!take(c, ',')) {
            if (take(c, ')'))
                return NULL;
            return "the header's shape is not a tuple of integers";
        }
    }
}

static const char *type_from_descr(const char *descr, dao_type *type)
{
    char order = descr[0];
    if (order != '<' && order != '>' && order != '|' && order != '=')
        return "the dtype has no byte-order mark";
    for (size_t i = 0; i < N_DESCRS; i++) {
        if (strcmp(descr + 1, descrs[i].descr + 1) != 0)
            continue;
        /* Byte order only matters for multi-byte elements; x86_64 and every
         * machine DAO runs on is little-endian. */
        if (order == '>' && dao_type_size(descrs[i].type) > 1)
            return "big-endian data is not supported (save it with arr.astype(arr.dtype.newbyteorder('<')))";
        *type = descrs[i].type;
        return NULL;
    }
    return "the dtype is not one of the DAO element types";
}

static const char *parse_header(const char *text, size_t len, daocommon_npy_array *out)
{
    cursor c = {text, text + len};
    bool have_descr = false, have_order = false, have_shape = false;
    if (!take(&c, '{'))
        return "the header is not a dict";
    while (!take(&c, '}')) {
        char key[32];
        if (!take_string(&c, key, sizeof(key)) || !take(&c, ':'))
            return "the header is not a dict of 'descr', 'fortran_order' and 'shape'";
        const char *why = NULL;
        if (strcmp(key, "descr") == 0 && !have_descr) {
            char descr[16];
            skip_space(&c);
            if (c.p < c.end && *c.p == '[')
                return "structured dtypes are not supported";
            if (!take_string(&c, descr, sizeof(descr)))
                return "the header's descr is not a simple dtype";
            why = type_from_descr(descr, &out->type);
            have_descr = true;
        } else if (strcmp(key, "fortran_order") == 0 && !have_order) {
            if (take_word(&c, "True"))
                return "Fortran-ordered arrays are not supported (save it with np.ascontiguousarray)";
            if (!take_word(&c, "False"))
                return "the header's fortran_order is not True or False";
            have_order = true;
        } else if (strcmp(key, "shape") == 0 && !have_shape) {
            why = take_shape(&c, out);
            have_shape = true;
        } else {
            return "the header has an unexpected or repeated key";
        }
        if (why)
            return why;
        if (!take(&c, ',')) {
            if (take(&c, '}'))
                break;
            return "the header is not a well-formed dict";
        }
    }
    if (!have_descr || !have_order || !have_shape)
        return "the header lacks 'descr', 'fortran_order' or 'shape'";
    skip_space(&c);
    if (c.p != c.end)
        return "the header has text after its dict";
    return NULL;
}

const char *daocommon_npy_parse(const unsigned char *buf, size_t len, daocommon_npy_array *out)
{
    memset(out, 0, sizeof(*out));
    if (len < NPY_PREAMBLE_V1 || memcmp(buf, magic, sizeof(magic)) != 0)
        return "not a .npy file (no \\x93NUMPY magic)";
    unsigned major = buf[6];
    size_t header_len, prefix;
    if (major == 1) {
        header_len = (size_t)buf[8] | (size_t)buf[9] << 8;
        prefix = NPY_PREAMBLE_V1;
    } else if (major == 2 || major == 3) {
        if (len < 12)
            return "the .npy header is truncated";
        header_len = (size_t)buf[8] | (size_t)buf[9] << 8 | (size_t)buf[10] << 16 | (size_t)buf[11] << 24;
        prefix = 12;
    } else {
        return "unsupported .npy format version (only 1, 2 and 3 exist)";
    }
    if (header_len > len - prefix)
        return "the .npy header is truncated";
    /* The header must not contain a NUL (it is text) — and the parser never
     * needs one, since it is bounded by the length. */
    if (memchr(buf + prefix, '\0', header_len))
        return "the .npy header is not text";
    const char *why = parse_header((const char *)buf + prefix, header_len, out);
    if (why)
        return why;

    uint64_t data_size;
    if (__builtin_mul_overflow(out->count, (uint64_t)dao_type_size(out->type), &data_size))
        return "the array is too large";
    size_t available = len - prefix - header_len;
    if (available < data_size)
        return "the file is shorter than its array";
    if (available > data_size)
        return "the file has bytes after its array";
    out->data = buf + prefix + header_len;
    out->data_size = (size_t)data_size;
    return NULL;
}

int daocommon_npy_load(const char *path, unsigned char **buf, daocommon_npy_array *out, const char **why)
{
    *buf = NULL;
    *why = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    struct stat st;
    int rc = fstat(fd, &st) < 0 ? -errno : 0;
    if (rc == 0 && !S_ISREG(st.st_mode))
        rc = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
    if (rc < 0) {
        close(fd);
        return rc;
    }
    size_t len = (size_t)st.st_size;
    unsigned char *data = malloc(len ? len : 1);
    if (!data) {
        close(fd);
        return -ENOMEM;
    }
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, data + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* a file that shrank while we read is judged on what we got */
        got += (size_t)n;
    }
    close(fd);
    *why = daocommon_npy_parse(data, got, out);
    if (*why) {
        free(data);
        return 1;
    }
    *buf = data;
    return 0;
}
