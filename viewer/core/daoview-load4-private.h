/* daoview-load4-private.h — four elements as four doubles in one AVX2
 * register, for every getter of the display paths
 * (DAOVIEW__FOR_EACH_DISPLAY_GETTER in daoview-element-private.h).
 *
 * daoview__load4_<fn>(data, i) holds exactly what daoview__get_<fn>(data,
 * i … i + 3) return, to the bit: the conversions are exact or rounded once
 * (64-bit integers: the two 32-bit halves are exact as doubles, and their
 * exact sum is rounded once, as a cast rounds), and the complex parts and
 * the fast atan2 repeat the scalar operations in the same order (C11 mode
 * contracts no a * b + c into one rounding, in either form). So a loop can
 * take four elements at a time and its tail one at a time, and agree with
 * itself. test-daoview-element checks every getter against its load.
 *
 * Only for functions compiled with __attribute__ ((target ("avx2"))) and
 * called where daoview__cpu_has_avx2() is true. x86-64 with GCC or Clang;
 * elsewhere DAOVIEW__HAVE_LOAD4 is 0 and the portable loops run. */
#ifndef DAOVIEW_LOAD4_PRIVATE_H
#define DAOVIEW_LOAD4_PRIVATE_H

#include "daoview-element-private.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define DAOVIEW__HAVE_LOAD4 1

#include <immintrin.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Whether the AVX2 paths run: the CPU (and the OS) support AVX2, and
 * DAOVIEW_NO_AVX2 is unset, empty or 0 (set, it forces the portable loops:
 * the test suite runs the core's tests both ways). Asked once per file. */
static inline int daoview__cpu_has_avx2(void)
{
    static atomic_int known = -1;
    int has = atomic_load_explicit(&known, memory_order_relaxed);
    if (has < 0) {
        const char *off = getenv("DAOVIEW_NO_AVX2");
        has = !(off && *off && strcmp(off, "0") != 0) && __builtin_cpu_supports("avx2");
        atomic_store_explicit(&known, has, memory_order_relaxed);
    }
    return has;
}

#define DAOVIEW__AVX2 __attribute__((target("avx2"), always_inline)) static inline

DAOVIEW__AVX2 __m256d daoview__load4_from_i32(__m128i v)
{
    return _mm256_cvtepi32_pd(v);
}

/* Unsigned 32-bit: flip the top bit (x − 2^31 as a signed value), convert,
 * add 2^31 back; all three exact. */
DAOVIEW__AVX2 __m256d daoview__load4_from_u32(__m128i v)
{
    __m128i flipped = _mm_xor_si128(v, _mm_set1_epi32((int)0x80000000u));
    return _mm256_add_pd(_mm256_cvtepi32_pd(flipped), _mm256_set1_pd(2147483648.0));
}

DAOVIEW__AVX2 __m128i daoview__load4_bytes(const void *p, size_t bytes)
{
    __m128i v = _mm_setzero_si128();
    memcpy(&v, p, bytes);
    return v;
}

DAOVIEW__AVX2 __m256d daoview__load4_u8(const void *data, size_t i)
{
    return daoview__load4_from_i32(_mm_cvtepu8_epi32(daoview__load4_bytes((const uint8_t *)data + i, 4)));
}
DAOVIEW__AVX2 __m256d daoview__load4_i8(const void *data, size_t i)
{
    return daoview__load4_from_i32(_mm_cvtepi8_epi32(daoview__load4_bytes((const int8_t *)data + i, 4)));
}
DAOVIEW__AVX2 __m256d daoview__load4_u16(const void *data, size_t i)
{
    return daoview__load4_from_i32(_mm_cvtepu16_epi32(daoview__load4_bytes((const uint16_t *)data + i, 8)));
}
DAOVIEW__AVX2 __m256d daoview__load4_i16(const void *data, size_t i)
{
    return daoview__load4_from_i32(_mm_cvtepi16_epi32(daoview__load4_bytes((const int16_t *)data + i, 8)));
}
DAOVIEW__AVX2 __m256d daoview__load4_i32(const void *data, size_t i)
{
    return daoview__load4_from_i32(_mm_loadu_si128((const __m128i *)((const int32_t *)data + i)));
}
DAOVIEW__AVX2 __m256d daoview__load4_u32(const void *data, size_t i)
{
    return daoview__load4_from_u32(_mm_loadu_si128((const __m128i *)((const uint32_t *)data + i)));
}

/* 64-bit: the high halves (signed for int64) and the low halves (always
 * unsigned) side by side, as doubles; high · 2^32 + low. */
DAOVIEW__AVX2 __m256d daoview__load4_64(const void *p, int is_signed)
{
    __m256i v = _mm256_loadu_si256((const __m256i *)p);
    __m256i halves = _mm256_permutevar8x32_epi32(v, _mm256_setr_epi32(1, 3, 5, 7, 0, 2, 4, 6));
    __m128i high = _mm256_castsi256_si128(halves), low = _mm256_extracti128_si256(halves, 1);
    __m256d h = is_signed ? daoview__load4_from_i32(high) : daoview__load4_from_u32(high);
    return _mm256_add_pd(_mm256_mul_pd(h, _mm256_set1_pd(4294967296.0)), daoview__load4_from_u32(low));
}
DAOVIEW__AVX2 __m256d daoview__load4_u64(const void *data, size_t i)
{
    return daoview__load4_64((const uint64_t *)data + i, 0);
}
DAOVIEW__AVX2 __m256d daoview__load4_i64(const void *data, size_t i)
{
    return daoview__load4_64((const int64_t *)data + i, 1);
}

DAOVIEW__AVX2 __m256d daoview__load4_f32(const void *data, size_t i)
{
    return _mm256_cvtps_pd(_mm_loadu_ps((const float *)data + i));
}
DAOVIEW__AVX2 __m256d daoview__load4_f64(const void *data, size_t i)
{
    return _mm256_loadu_pd((const double *)data + i);
}

/* Complex: four (re, im) pairs, split into four re and four im. */
DAOVIEW__AVX2 void daoview__load4_cf(const void *data, size_t i, __m256d *re, __m256d *im)
{
    const float *p = (const float *)data + 2 * i;
    __m128 a = _mm_loadu_ps(p), b = _mm_loadu_ps(p + 4);
    *re = _mm256_cvtps_pd(_mm_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0)));
    *im = _mm256_cvtps_pd(_mm_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1)));
}
DAOVIEW__AVX2 void daoview__load4_cd(const void *data, size_t i, __m256d *re, __m256d *im)
{
    const double *p = (const double *)data + 2 * i;
    __m256d a = _mm256_loadu_pd(p), b = _mm256_loadu_pd(p + 4);
    /* unpack gives (0, 2, 1, 3); the permute puts them in order. */
    *re = _mm256_permute4x64_pd(_mm256_unpacklo_pd(a, b), _MM_SHUFFLE(3, 1, 2, 0));
    *im = _mm256_permute4x64_pd(_mm256_unpackhi_pd(a, b), _MM_SHUFFLE(3, 1, 2, 0));
}

/* One part of the pairs: daoview__load4_<name> returns `part` (re or im)
 * of what `pairs` split. */
#define DAOVIEW__LOAD4_PART(name, pairs, part)                                    \
    DAOVIEW__AVX2 __m256d daoview__load4_##name(const void *data, size_t i)       \
    {                                                                             \
        __m256d re, im;                                                           \
        pairs(data, i, &re, &im);                                                 \
        return part;                                                              \
    }
DAOVIEW__LOAD4_PART(cf_re, daoview__load4_cf, re)
DAOVIEW__LOAD4_PART(cf_im, daoview__load4_cf, im)
DAOVIEW__LOAD4_PART(cd_re, daoview__load4_cd, re)
DAOVIEW__LOAD4_PART(cd_im, daoview__load4_cd, im)
#undef DAOVIEW__LOAD4_PART

DAOVIEW__AVX2 __m256d daoview__load4_cf_amp(const void *data, size_t i)
{
    __m256d re, im;
    daoview__load4_cf(data, i, &re, &im);
    return _mm256_sqrt_pd(_mm256_add_pd(_mm256_mul_pd(re, re), _mm256_mul_pd(im, im)));
}

/* Where the squares leave (1e-300, 1e300) the getter takes hypot(): so do
 * the lanes here, one at a time (a frame of such values is rare). */
DAOVIEW__AVX2 __m256d daoview__load4_cd_amp(const void *data, size_t i)
{
    __m256d re, im;
    daoview__load4_cd(data, i, &re, &im);
    __m256d squares = _mm256_add_pd(_mm256_mul_pd(re, re), _mm256_mul_pd(im, im));
    __m256d in_range = _mm256_and_pd(_mm256_cmp_pd(squares, _mm256_set1_pd(1e300), _CMP_LT_OQ),
                                     _mm256_cmp_pd(squares, _mm256_set1_pd(1e-300), _CMP_GT_OQ));
    __m256d amp = _mm256_sqrt_pd(squares);
    if (_mm256_movemask_pd(in_range) != 0xf) {
        double lanes[4];
        _mm256_storeu_pd(lanes, amp);
        for (int k = 0; k < 4; k++)
            lanes[k] = daoview__get_cd_amp(data, i + (size_t)k);
        amp = _mm256_loadu_pd(lanes);
    }
    return amp;
}

/* daoview__fast_atan2, four lanes, operation for operation. */
DAOVIEW__AVX2 __m256d daoview__fast_atan2_4(__m256d y, __m256d x)
{
    const __m256d sign = _mm256_set1_pd(-0.0), zero = _mm256_setzero_pd();
    __m256d ax = _mm256_andnot_pd(sign, x), ay = _mm256_andnot_pd(sign, y);
    __m256d x_bigger = _mm256_cmp_pd(ax, ay, _CMP_GT_OQ);
    __m256d big = _mm256_blendv_pd(ay, ax, x_bigger), small = _mm256_blendv_pd(ax, ay, x_bigger);
    __m256d ratio = _mm256_blendv_pd(_mm256_div_pd(small, big), _mm256_set1_pd(1.0),
                                     _mm256_cmp_pd(small, big, _CMP_EQ_OQ));
    __m256d a = _mm256_blendv_pd(zero, ratio, _mm256_cmp_pd(big, zero, _CMP_GT_OQ));
    __m256d s = _mm256_mul_pd(a, a);
    __m256d p = _mm256_set1_pd(0.0028662257);
    p = _mm256_sub_pd(_mm256_mul_pd(p, s), _mm256_set1_pd(0.0161657367));
    p = _mm256_add_pd(_mm256_mul_pd(p, s), _mm256_set1_pd(0.0429096138));
    p = _mm256_sub_pd(_mm256_mul_pd(p, s), _mm256_set1_pd(0.0752896400));
    p = _mm256_add_pd(_mm256_mul_pd(p, s), _mm256_set1_pd(0.1065626393));
    p = _mm256_sub_pd(_mm256_mul_pd(p, s), _mm256_set1_pd(0.1420889944));
    p = _mm256_add_pd(_mm256_mul_pd(p, s), _mm256_set1_pd(0.1999355085));
    p = _mm256_sub_pd(_mm256_mul_pd(p, s), _mm256_set1_pd(0.3333314528));
    __m256d r = _mm256_add_pd(a, _mm256_mul_pd(_mm256_mul_pd(a, s), p));
    r = _mm256_blendv_pd(r, _mm256_sub_pd(_mm256_set1_pd(M_PI_2), r), _mm256_cmp_pd(ay, ax, _CMP_GT_OQ));
    /* blendv chooses by the sign bit: of x, then of y. */
    r = _mm256_blendv_pd(r, _mm256_sub_pd(_mm256_set1_pd(M_PI), r), x);
    r = _mm256_blendv_pd(r, _mm256_xor_pd(r, sign), y);
    __m256d either_nan = _mm256_cmp_pd(x, y, _CMP_UNORD_Q);
    return _mm256_blendv_pd(r, _mm256_set1_pd(NAN), either_nan);
}

DAOVIEW__AVX2 __m256d daoview__load4_cf_phase_fast(const void *data, size_t i)
{
    __m256d re, im;
    daoview__load4_cf(data, i, &re, &im);
    return daoview__fast_atan2_4(im, re);
}
DAOVIEW__AVX2 __m256d daoview__load4_cd_phase_fast(const void *data, size_t i)
{
    __m256d re, im;
    daoview__load4_cd(data, i, &re, &im);
    return daoview__fast_atan2_4(im, re);
}

#else
#define DAOVIEW__HAVE_LOAD4 0
static inline int daoview__cpu_has_avx2(void)
{
    return 0;
}
#endif

#endif /* DAOVIEW_LOAD4_PRIVATE_H */
