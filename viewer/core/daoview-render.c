/* daoview-render.c — a frame to ARGB32 pixels.
 *
 * Three loops, chosen once per frame, never per pixel:
 * - 8-bit types: a 256-entry colour table for this frame's levels, then one
 *   load per pixel;
 * - 16-bit types: the same with 65536 entries (built in ~0.1 ms, worth it
 *   from 256x256 up);
 * - everything else: normalise to an index in the (colormap, scale) table of
 *   daoview-colormap.c, with NaN tested branch-free.
 * All three use daoview__mapping_index(), so they agree to the bit. The
 * third has an AVX2 form, used where the CPU has it
 * (daoview-render-avx2.c). */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "daoview-element-private.h"
#include "daoview-mapping-private.h"
#include "daoview-render-avx2.h"

/* Two passes per run of CHUNK pixels: the table indices first, a loop of
 * arithmetic and selects with no load that depends on a value (the
 * compiler vectorises it: two to four pixels per instruction), then the
 * lookups. One loop doing both could not be vectorised because of the
 * lookup; this one takes half the time on float32. */
#define CHUNK 256

static inline DAOVIEW__ALWAYS_INLINE void
render_mapped(const void *data, unsigned width, unsigned height, DaoviewGetFn get,
              const DaoviewMapping *m, const uint32_t *table, uint32_t *dst,
              size_t dst_stride)
{
    const DaoviewMapping mapping = *m; /* locals: no reload after each store */
    uint32_t index[CHUNK];
    for (unsigned y = 0; y < height; y++) {
        uint32_t *row = (uint32_t *)((char *)dst + (size_t)y * dst_stride);
        size_t base = (size_t)y * width;
        for (unsigned x0 = 0; x0 < width; x0 += CHUNK) {
            unsigned n = width - x0 < CHUNK ? width - x0 : CHUNK;
            for (unsigned i = 0; i < n; i++) {
                double v = get(data, base + x0 + i);
                uint32_t k = daoview__mapping_index(&mapping, v);
                index[i] = v == v ? k : DAOVIEW__SCALED_NAN;
            }
            for (unsigned i = 0; i < n; i++)
                row[x0 + i] = table[index[i]];
        }
    }
}

#define DEFINE_LUT_RENDER(name, ctype, utype)                                     \
    static void render_lut_##name(const ctype *data, unsigned width, unsigned height, \
                                  const uint32_t *lut, uint32_t *dst, size_t dst_stride) \
    {                                                                             \
        for (unsigned y = 0; y < height; y++) {                                   \
            uint32_t *row = (uint32_t *)((char *)dst + (size_t)y * dst_stride);   \
            const ctype *src = data + (size_t)y * width;                          \
            for (unsigned x = 0; x < width; x++)                                  \
                row[x] = lut[(utype)src[x]];                                      \
        }                                                                         \
    }

DEFINE_LUT_RENDER(u8, uint8_t, uint8_t)
DEFINE_LUT_RENDER(u16, uint16_t, uint16_t)

/* lut[bits] = colour of the value whose bit pattern is `bits`. */
static void build_lut(uint32_t *lut, size_t entries, int is_signed,
                      const DaoviewMapping *m, const uint32_t *table)
{
    if (daoview__lut_avx2(lut, entries, is_signed, m, table) == 0)
        return;
    for (size_t bits = 0; bits < entries; bits++) {
        double v = (double)bits;
        if (is_signed && bits >= entries / 2)
            v -= (double)entries;
        lut[bits] = table[daoview__mapping_index(m, v)];
    }
}

/* The 16-bit table, one per thread for the thread's life: 256 KiB is past
 * malloc's mmap threshold, so a table per frame was a fresh mapping, its
 * pages faulted in each time (a fifth of the render at 1024²). */
static pthread_key_t lut16_key;
static bool lut16_key_made;
static pthread_once_t lut16_once = PTHREAD_ONCE_INIT;

static void make_lut16_key(void)
{
    lut16_key_made = pthread_key_create(&lut16_key, free) == 0;
}

static uint32_t *thread_lut16(void)
{
    pthread_once(&lut16_once, make_lut16_key);
    if (!lut16_key_made)
        return NULL;
    uint32_t *lut = pthread_getspecific(lut16_key);
    if (!lut) {
        lut = malloc(65536 * sizeof *lut);
        if (lut && pthread_setspecific(lut16_key, lut) != 0) {
            free(lut);
            lut = NULL;
        }
    }
    return lut;
}

static void fill(uint32_t *dst, unsigned width, unsigned height, size_t dst_stride,
                 uint32_t color)
{
    for (unsigned y = 0; y < height; y++) {
        uint32_t *row = (uint32_t *)((char *)dst + (size_t)y * dst_stride);
        for (unsigned x = 0; x < width; x++)
            row[x] = color;
    }
}

/* Complex phase with the negligible amplitudes masked (see phase_mask in
 * daoview-render.h): the amplitude's square against the threshold's, no
 * square root per element. */
#define DEFINE_PHASE_RENDER(name, ctype)                                          \
    static void render_phase_##name(const ctype *data, unsigned width, unsigned height, \
                                    const DaoviewMapping *m, const uint32_t *table,  \
                                    double floor2, uint32_t *dst, size_t dst_stride) \
    {                                                                             \
        const DaoviewMapping mapping = *m;                                        \
        for (unsigned y = 0; y < height; y++) {                                   \
            uint32_t *row = (uint32_t *)((char *)dst + (size_t)y * dst_stride);   \
            const ctype *p = data + 2 * (size_t)y * width;                        \
            for (unsigned x = 0; x < width; x++) {                                \
                double re = p[2 * x], im = p[2 * x + 1];                          \
                double v = daoview__fast_atan2(im, re);                           \
                uint32_t color = table[daoview__mapping_index(&mapping, v)];      \
                row[x] = v != v ? DAOVIEW_NAN_COLOR                               \
                         : re * re + im * im <= floor2 ? DAOVIEW_MASKED_COLOR : color; \
            }                                                                     \
        }                                                                         \
    }

DEFINE_PHASE_RENDER(cf, float)
DEFINE_PHASE_RENDER(cd, double)

/* The phase mask's amplitude, squared (0 for a mask of 0 or less). */
static double phase_floor2(const DaoviewRenderParams *params)
{
    double threshold = params->phase_mask;
    return threshold > 0 ? threshold * threshold : 0;
}

static void render_generic(int getter, const void *data, unsigned width, unsigned height,
                           const DaoviewMapping *m, const uint32_t *table, uint32_t *dst,
                           size_t dst_stride)
{
    switch (getter) {
#define CASE(id, fn)                                                              \
    case DAOVIEW__GET_##id:                                                       \
        render_mapped(data, width, height, daoview__get_##fn, m, table, dst, dst_stride); \
        break;
        DAOVIEW__FOR_EACH_DISPLAY_GETTER(CASE)
#undef CASE
    default:
        fill(dst, width, height, dst_stride, DAOVIEW_NAN_COLOR);
    }
}

void daoview_render_argb32(dao_type type, const void *data, unsigned width,
                           unsigned height, const DaoviewRenderParams *params,
                           uint32_t *dst, size_t dst_stride)
{
    if (!dst || !params || width == 0 || height == 0)
        return;
    int getter = daoview__getter_for(type, params->complex_part);
    if (getter < 0 || !data) {
        fill(dst, width, height, dst_stride, DAOVIEW_NAN_COLOR);
        return;
    }

    const uint32_t *table = daoview__scaled_table(params->colormap, params->scale);
    DaoviewMapping m;
    daoview__mapping_init(&m, params->low, params->high);

    if (type == DAO_UINT8 || type == DAO_INT8) {
        uint32_t lut[256];
        build_lut(lut, 256, type == DAO_INT8, &m, table);
        /* The table is indexed by the bit pattern, so int8 frames are read
         * as uint8 (the unsigned loop is twice as fast: no sign extension). */
        if (daoview__render_lut_avx2(data, 1, width, height, lut, dst, dst_stride) < 0)
            render_lut_u8(data, width, height, lut, dst, dst_stride);
        return;
    }
    if (daoview__render_avx2(getter, data, width, height, &m, table, phase_floor2(params), dst,
                             dst_stride) == 0)
        return;
    if (getter == DAOVIEW__GET_cf_phase) {
        render_phase_cf(data, width, height, &m, table, phase_floor2(params), dst, dst_stride);
        return;
    }
    if (getter == DAOVIEW__GET_cd_phase) {
        render_phase_cd(data, width, height, &m, table, phase_floor2(params), dst, dst_stride);
        return;
    }
    if (type == DAO_UINT16 || type == DAO_INT16) {
        uint32_t *lut = thread_lut16();
        if (lut) {
            build_lut(lut, 65536, type == DAO_INT16, &m, table);
            if (daoview__render_lut_avx2(data, 2, width, height, lut, dst, dst_stride) < 0)
                render_lut_u16(data, width, height, lut, dst, dst_stride); /* bits, as 8-bit */
            return;
        }
        /* Out of memory: the generic loop gives the same pixels, slower. */
    }
    render_generic(getter, data, width, height, &m, table, dst, dst_stride);
}
