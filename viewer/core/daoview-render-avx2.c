/* daoview-render-avx2.c — the renderer's mapped loops with AVX2: eight
 * elements an iteration read as doubles in place (daoview-load4-private.h),
 * mapped to table indices by daoview__mapping_index's operations in the
 * same order, and coloured by one gather from the scaled table. So the
 * pixels are the portable loop's to the bit (test-daoview-render renders
 * every type both ways and compares). On float32 at 1024² the render went
 * from ~3 ms to ~1 (tests/core/bench-render).
 *
 * The 8- and 16-bit types keep their colour lookup tables
 * (daoview-render.c): one load a pixel beats any arithmetic. The tables
 * are built here, the same way, and looked up eight pixels at a time. */
#include "daoview-load4-private.h"
#include "daoview-mapping-private.h"
#include "daoview-render-avx2.h"

#if DAOVIEW__HAVE_LOAD4

/* daoview__mapping_index for four values, NaN to DAOVIEW__SCALED_NAN.
 * max and min return their second operand when the first is NaN, as the
 * scalar x > 0 ? x : 0 does; the truncation is the (int32_t) cast. */
DAOVIEW__AVX2 __m128i index4(__m256d v, __m256d s, __m256d ls, __m256d k)
{
    __m256d x = _mm256_mul_pd(_mm256_sub_pd(_mm256_mul_pd(v, s), ls), k);
    x = _mm256_max_pd(x, _mm256_setzero_pd());
    x = _mm256_min_pd(x, _mm256_set1_pd((double)DAOVIEW__SCALED_LAST));
    __m128i index = _mm256_cvttpd_epi32(_mm256_add_pd(x, _mm256_set1_pd(0.5)));
    __m128i is_nan = _mm256_cvtpd_epi32(_mm256_and_pd(_mm256_cmp_pd(v, v, _CMP_UNORD_Q),
                                                      _mm256_set1_pd(1.0)));
    is_nan = _mm_cmpeq_epi32(is_nan, _mm_set1_epi32(1));
    return _mm_blendv_epi8(index, _mm_set1_epi32((int)DAOVIEW__SCALED_NAN), is_nan);
}

#define DEFINE_ROW(id, fn)                                                        \
    __attribute__((target("avx2"))) static void row_##id(                        \
        const void *data, size_t first, unsigned width, const DaoviewMapping *m,  \
        const uint32_t *table, uint32_t *row)                                     \
    {                                                                             \
        const __m256d s = _mm256_set1_pd(m->s), ls = _mm256_set1_pd(m->ls);      \
        const __m256d k = _mm256_set1_pd(m->k);                                   \
        unsigned x = 0;                                                           \
        for (; x + 8 <= width; x += 8) {                                          \
            __m128i a = index4(daoview__load4_##fn(data, first + x), s, ls, k);   \
            __m128i b = index4(daoview__load4_##fn(data, first + x + 4), s, ls, k); \
            __m256i index = _mm256_inserti128_si256(_mm256_castsi128_si256(a), b, 1); \
            __m256i colours = _mm256_i32gather_epi32((const int *)table, index, 4); \
            _mm256_storeu_si256((__m256i *)(row + x), colours);                   \
        }                                                                         \
        for (; x < width; x++) {                                                  \
            double v = daoview__get_##fn(data, first + x);                        \
            row[x] = table[v == v ? daoview__mapping_index(m, v) : DAOVIEW__SCALED_NAN]; \
        }                                                                         \
    }

#define ROW_GETTERS(X)                                                            \
    X(u32, u32) X(i32, i32) X(u64, u64) X(i64, i64) X(f32, f32) X(f64, f64)      \
    X(cf_amp, cf_amp) X(cf_re, cf_re) X(cf_im, cf_im) X(cd_amp, cd_amp)          \
    X(cd_re, cd_re) X(cd_im, cd_im)
ROW_GETTERS(DEFINE_ROW)

/* The phase: as the rows above, then the elements whose amplitude's square
 * is at most floor2 in DAOVIEW_MASKED_COLOR and NaNs in DAOVIEW_NAN_COLOR,
 * the order of daoview-render.c's phase loop. */
#define DEFINE_PHASE_ROW(id, load_pairs, get_re, get_im)                          \
    __attribute__((target("avx2"))) static void row_##id(                        \
        const void *data, size_t first, unsigned width, const DaoviewMapping *m,  \
        const uint32_t *table, double floor2, uint32_t *row)                      \
    {                                                                             \
        const __m256d s = _mm256_set1_pd(m->s), ls = _mm256_set1_pd(m->ls);      \
        const __m256d k = _mm256_set1_pd(m->k), f2 = _mm256_set1_pd(floor2);      \
        unsigned x = 0;                                                           \
        for (; x + 4 <= width; x += 4) {                                          \
            __m256d re, im;                                                       \
            load_pairs(data, first + x, &re, &im);                                \
            __m256d v = daoview__fast_atan2_4(im, re);                            \
            __m128i index = index4(v, s, ls, k);                                  \
            __m128i colour = _mm_i32gather_epi32((const int *)table, index, 4);   \
            __m256d square = _mm256_add_pd(_mm256_mul_pd(re, re), _mm256_mul_pd(im, im)); \
            __m128i masked = _mm256_cvtpd_epi32(_mm256_and_pd(                    \
                _mm256_cmp_pd(square, f2, _CMP_LE_OQ), _mm256_set1_pd(1.0)));     \
            colour = _mm_blendv_epi8(colour, _mm_set1_epi32((int)DAOVIEW_MASKED_COLOR), \
                                     _mm_cmpeq_epi32(masked, _mm_set1_epi32(1))); \
            __m128i is_nan = _mm256_cvtpd_epi32(_mm256_and_pd(                    \
                _mm256_cmp_pd(v, v, _CMP_UNORD_Q), _mm256_set1_pd(1.0)));         \
            colour = _mm_blendv_epi8(colour, _mm_set1_epi32((int)DAOVIEW_NAN_COLOR), \
                                     _mm_cmpeq_epi32(is_nan, _mm_set1_epi32(1))); \
            _mm_storeu_si128((__m128i *)(row + x), colour);                       \
        }                                                                         \
        for (; x < width; x++) {                                                  \
            double re = get_re(data, first + x), im = get_im(data, first + x);    \
            double v = daoview__fast_atan2(im, re);                               \
            uint32_t colour = table[daoview__mapping_index(m, v)];                \
            row[x] = v != v ? DAOVIEW_NAN_COLOR                                   \
                     : re * re + im * im <= floor2 ? DAOVIEW_MASKED_COLOR : colour; \
        }                                                                         \
    }

DEFINE_PHASE_ROW(cf_phase, daoview__load4_cf, daoview__get_cf_re, daoview__get_cf_im)
DEFINE_PHASE_ROW(cd_phase, daoview__load4_cd, daoview__get_cd_re, daoview__get_cd_im)

/* The lookup table of the 8- and 16-bit renderers, eight entries an
 * iteration: bit patterns as int32 (sign-extended from the top bit of
 * `entries` / 2 for signed types), then as the rows above. */
__attribute__((target("avx2"))) static void lut_avx2(uint32_t *lut, size_t entries, int is_signed,
                                                   const DaoviewMapping *m, const uint32_t *table)
{
    const __m256d s = _mm256_set1_pd(m->s), ls = _mm256_set1_pd(m->ls), k = _mm256_set1_pd(m->k);
    const __m256i half = _mm256_set1_epi32(is_signed ? (int)(entries / 2) : 0);
    __m256i bits = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    for (size_t i = 0; i < entries; i += 8) {
        __m256i v = _mm256_sub_epi32(_mm256_xor_si256(bits, half), half);
        __m128i a = index4(_mm256_cvtepi32_pd(_mm256_castsi256_si128(v)), s, ls, k);
        __m128i b = index4(_mm256_cvtepi32_pd(_mm256_extracti128_si256(v, 1)), s, ls, k);
        __m256i index = _mm256_inserti128_si256(_mm256_castsi128_si256(a), b, 1);
        _mm256_storeu_si256((__m256i *)(lut + i), _mm256_i32gather_epi32((const int *)table, index, 4));
        bits = _mm256_add_epi32(bits, _mm256_set1_epi32(8));
    }
}

__attribute__((target("avx2"))) static void lut_rows(const void *data, int bytes, unsigned width,
                                                   unsigned height, const uint32_t *lut,
                                                   uint32_t *dst, size_t dst_stride)
{
    for (unsigned y = 0; y < height; y++) {
        uint32_t *row = (uint32_t *)((char *)dst + (size_t)y * dst_stride);
        const uint8_t *p8 = (const uint8_t *)data + (size_t)y * width;
        const uint16_t *p16 = (const uint16_t *)data + (size_t)y * width;
        unsigned x = 0;
        for (; x + 8 <= width; x += 8) {
            __m256i index = bytes == 1 ? _mm256_cvtepu8_epi32(daoview__load4_bytes(p8 + x, 8))
                                       : _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(p16 + x)));
            _mm256_storeu_si256((__m256i *)(row + x),
                                _mm256_i32gather_epi32((const int *)lut, index, 4));
        }
        for (; x < width; x++)
            row[x] = lut[bytes == 1 ? p8[x] : p16[x]];
    }
}

int daoview__render_lut_avx2(const void *data, int bytes, unsigned width, unsigned height,
                             const uint32_t *lut, uint32_t *dst, size_t dst_stride)
{
    if (!daoview__cpu_has_avx2() || (bytes != 1 && bytes != 2))
        return -1;
    lut_rows(data, bytes, width, height, lut, dst, dst_stride);
    return 0;
}

int daoview__lut_avx2(uint32_t *lut, size_t entries, int is_signed, const DaoviewMapping *m,
                      const uint32_t *table)
{
    if (!daoview__cpu_has_avx2() || entries % 8 != 0 || entries > 65536)
        return -1;
    lut_avx2(lut, entries, is_signed, m, table);
    return 0;
}

int daoview__render_avx2(int getter, const void *data, unsigned width, unsigned height,
                         const DaoviewMapping *m, const uint32_t *table, double phase_floor2,
                         uint32_t *dst, size_t dst_stride)
{
    if (!daoview__cpu_has_avx2())
        return -1;
    for (unsigned y = 0; y < height; y++) {
        uint32_t *row = (uint32_t *)((char *)dst + (size_t)y * dst_stride);
        size_t first = (size_t)y * width;
        switch (getter) {
#define CASE(id, fn)                                                              \
        case DAOVIEW__GET_##id: row_##id(data, first, width, m, table, row); break;
            ROW_GETTERS(CASE)
#undef CASE
        case DAOVIEW__GET_cf_phase:
            row_cf_phase(data, first, width, m, table, phase_floor2, row);
            break;
        case DAOVIEW__GET_cd_phase:
            row_cd_phase(data, first, width, m, table, phase_floor2, row);
            break;
        default:
            return -1;
        }
    }
    return 0;
}

#else

int daoview__render_lut_avx2(const void *data, int bytes, unsigned width, unsigned height,
                             const uint32_t *lut, uint32_t *dst, size_t dst_stride)
{
    (void)data, (void)bytes, (void)width, (void)height, (void)lut, (void)dst, (void)dst_stride;
    return -1;
}

int daoview__lut_avx2(uint32_t *lut, size_t entries, int is_signed, const DaoviewMapping *m,
                      const uint32_t *table)
{
    (void)lut, (void)entries, (void)is_signed, (void)m, (void)table;
    return -1;
}

int daoview__render_avx2(int getter, const void *data, unsigned width, unsigned height,
                         const DaoviewMapping *m, const uint32_t *table, double phase_floor2,
                         uint32_t *dst, size_t dst_stride)
{
    (void)getter, (void)data, (void)width, (void)height, (void)m, (void)table;
    (void)phase_floor2, (void)dst, (void)dst_stride;
    return -1;
}

#endif
