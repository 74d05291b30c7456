/* fill.c — see fill.h. */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fill.h"

static const char *parse_signed(const char *text, int64_t min, int64_t max, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (end == text || *end)
        return "not an integer";
    if (errno == ERANGE || v < min || v > max)
        return "out of range for the stream's type";
    *out = v;
    return NULL;
}

static const char *parse_unsigned(const char *text, uint64_t max, uint64_t *out)
{
    /* strtoull would turn "-1" into the largest value. */
    const char *p = text;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '-')
        return "out of range for the stream's type";
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (end == text || *end)
        return "not an integer";
    if (errno == ERANGE || v > max)
        return "out of range for the stream's type";
    *out = v;
    return NULL;
}

static const char *parse_double(const char *text, const char *end_chars, double *out, const char **rest)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || (*end && !strchr(end_chars, *end)))
        return "not a number";
    if (errno == ERANGE && isinf(v))
        return "out of range for the stream's type";
    *out = v;
    if (rest)
        *rest = end;
    return NULL;
}

static const char *to_float(double v, float *out)
{
    if (isfinite(v) && fabs(v) > FLT_MAX)
        return "out of range for the stream's type";
    *out = (float)v;
    return NULL;
}

const char *fill_parse(dao_type type, const char *text, unsigned char out[FILL_MAX_ELEMENT])
{
    const char *why = NULL;
    int64_t i = 0;
    uint64_t u = 0;
    double d = 0, im = 0;
    float f, fim;
    memset(out, 0, FILL_MAX_ELEMENT);
    if (!text || !*text)
        return "empty value";
    switch (type) {
#define SIGNED_CASE(code, ctype, min, max)                          \
    case code:                                                      \
        if (!(why = parse_signed(text, min, max, &i))) {            \
            ctype v = (ctype)i;                                     \
            memcpy(out, &v, sizeof(v));                             \
        }                                                           \
        return why;
#define UNSIGNED_CASE(code, ctype, max)                             \
    case code:                                                      \
        if (!(why = parse_unsigned(text, max, &u))) {               \
            ctype v = (ctype)u;                                     \
            memcpy(out, &v, sizeof(v));                             \
        }                                                           \
        return why;
        UNSIGNED_CASE(DAO_UINT8, uint8_t, UINT8_MAX)
        SIGNED_CASE(DAO_INT8, int8_t, INT8_MIN, INT8_MAX)
        UNSIGNED_CASE(DAO_UINT16, uint16_t, UINT16_MAX)
        SIGNED_CASE(DAO_INT16, int16_t, INT16_MIN, INT16_MAX)
        UNSIGNED_CASE(DAO_UINT32, uint32_t, UINT32_MAX)
        SIGNED_CASE(DAO_INT32, int32_t, INT32_MIN, INT32_MAX)
        UNSIGNED_CASE(DAO_UINT64, uint64_t, UINT64_MAX)
        SIGNED_CASE(DAO_INT64, int64_t, INT64_MIN, INT64_MAX)
#undef SIGNED_CASE
#undef UNSIGNED_CASE
    case DAO_FLOAT:
        if ((why = parse_double(text, "", &d, NULL)) || (why = to_float(d, &f)))
            return why;
        memcpy(out, &f, sizeof(f));
        return NULL;
    case DAO_DOUBLE:
        if ((why = parse_double(text, "", &d, NULL)))
            return why;
        memcpy(out, &d, sizeof(d));
        return NULL;
    case DAO_COMPLEX_FLOAT:
    case DAO_COMPLEX_DOUBLE: {
        const char *rest;
        if ((why = parse_double(text, ",", &d, &rest)))
            return why;
        if (*rest == ',' && (why = parse_double(rest + 1, "", &im, NULL)))
            return why;
        if (type == DAO_COMPLEX_DOUBLE) {
            memcpy(out, &d, sizeof(d));
            memcpy(out + sizeof(d), &im, sizeof(im));
            return NULL;
        }
        if ((why = to_float(d, &f)) || (why = to_float(im, &fim)))
            return why;
        memcpy(out, &f, sizeof(f));
        memcpy(out + sizeof(f), &fim, sizeof(fim));
        return NULL;
    }
    }
    return "unsupported element type";
}

void fill_repeat(void *buf, size_t size, const unsigned char *element, size_t element_size)
{
    unsigned char *p = buf;
    for (size_t off = 0; off + element_size <= size; off += element_size)
        memcpy(p + off, element, element_size);
}
