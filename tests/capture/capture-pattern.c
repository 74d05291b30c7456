/* capture-pattern.c — see capture-pattern.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "capture-pattern.h"

const unsigned pattern_naxis[PATTERN_SHAPES] = {1, 2, 3};
const uint32_t pattern_shape[PATTERN_SHAPES][DAO_MAX_AXES] = {
    {7, 0, 0},
    {3, 5, 0},
    {2, 3, 4},
};

static uint64_t integer_element(dao_type type, size_t i)
{
    size_t bits = dao_type_size(type) * 8;
    uint64_t mask = bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
    int is_signed = type == DAO_INT8 || type == DAO_INT16 || type == DAO_INT32 || type == DAO_INT64;
    if (i == 0) /* maximum */
        return is_signed ? mask >> 1 : mask;
    if (i == 1) /* minimum, as the type's bits */
        return is_signed ? (mask >> 1) + 1 : 0;
    return ((uint64_t)(i + 1) * UINT64_C(0x9E3779B97F4A7C15) ^ (uint64_t)type) & mask;
}

static double real_element(int is_double, size_t i, int imaginary)
{
    switch (i) {
    case 0: return is_double ? 1e300 : 3e38;
    case 1: return -1e-30;
    case 2: return NAN;
    case 3: return -INFINITY;
    default: return imaginary ? 1.0 - (double)i * 0.25 : (double)i * 0.5 - 3.25;
    }
}

void pattern_fill(dao_type type, void *buf, size_t count)
{
    unsigned char *out = buf;
    size_t size = dao_type_size(type);
    for (size_t i = 0; i < count; i++) {
        switch (type) {
        case DAO_FLOAT: {
            float v = (float)real_element(0, i, 0);
            memcpy(out + i * size, &v, sizeof v);
            break;
        }
        case DAO_DOUBLE: {
            double v = real_element(1, i, 0);
            memcpy(out + i * size, &v, sizeof v);
            break;
        }
        case DAO_COMPLEX_FLOAT: {
            float v[2] = {(float)real_element(0, i, 0), (float)real_element(0, i, 1)};
            memcpy(out + i * size, v, sizeof v);
            break;
        }
        case DAO_COMPLEX_DOUBLE: {
            double v[2] = {real_element(1, i, 0), real_element(1, i, 1)};
            memcpy(out + i * size, v, sizeof v);
            break;
        }
        default: {
            /* Little-endian host (as the stream format): the low bytes. */
            uint64_t v = integer_element(type, i);
            memcpy(out + i * size, &v, size);
            break;
        }
        }
    }
}

void pattern_frame(daoview_capture_frame *frame, dao_type type, int which)
{
    memset(frame, 0, sizeof *frame);
    frame->type = type;
    frame->naxis = pattern_naxis[which];
    size_t count = 1;
    for (unsigned i = 0; i < frame->naxis; i++) {
        frame->shape[i] = pattern_shape[which][i];
        count *= frame->shape[i];
    }
    frame->size = count * dao_type_size(type);
    void *data = malloc(frame->size);
    pattern_fill(type, data, count);
    frame->data = data;
}
