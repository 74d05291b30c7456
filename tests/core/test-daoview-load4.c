/* test-daoview-load4.c — every AVX2 load of four elements holds what the
 * getter returns for each of them, to the bit (daoview-load4-private.h):
 * the kernels take four elements at a time and their tails one at a time,
 * and must agree with themselves and with the scalar paths. The values are
 * random bit patterns (every kind of float: NaN, ±Inf, ±0, subnormals,
 * values whose squares overflow or underflow) and the edges of each
 * integer type. Skipped where the CPU has no AVX2. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "daoview-load4-private.h"
#include "getter-test-util.h"

enum { ELEMENTS = 512 };

/* 16 bytes an element: room for a complex double. */
static unsigned char data[ELEMENTS * 16];

static void fill(uint64_t seed)
{
    uint64_t state = seed;
    for (size_t i = 0; i < sizeof data; i += 8) {
        uint64_t bits = next_random(&state);
        memcpy(data + i, &bits, 8);
    }
    /* Integer edges in the first elements of each width. */
    static const uint64_t edges64[] = {0, 1, UINT64_MAX, INT64_MAX, (uint64_t)INT64_MIN,
                                       (1ull << 53) + 1, (1ull << 63) + 1025, 0xffffffffull};
    memcpy(data, edges64, sizeof edges64);
    static const uint32_t edges32[] = {0, 1, UINT32_MAX, INT32_MAX, 0x80000000u, 0x7fffffffu};
    memcpy(data + sizeof edges64, edges32, sizeof edges32);
}

static int same(double a, double b)
{
    return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

#if DAOVIEW__HAVE_LOAD4
#define DEFINE_CHECK(id, fn)                                                      \
    __attribute__((target("avx2"))) static int check_##id(void)                   \
    {                                                                             \
        for (size_t i = 0; i + 4 <= ELEMENTS; i++) {                              \
            double lanes[4];                                                      \
            _mm256_storeu_pd(lanes, daoview__load4_##fn(data, i));                \
            for (size_t k = 0; k < 4; k++)                                        \
                if (!same(lanes[k], daoview__get_##fn(data, i + k))) {            \
                    print_error("%s: element %zu: load %.17g, getter %.17g\n",    \
                                #fn, i + k, lanes[k], daoview__get_##fn(data, i + k)); \
                    return 0;                                                     \
                }                                                                 \
        }                                                                         \
        return 1;                                                                 \
    }
DAOVIEW__FOR_EACH_DISPLAY_GETTER(DEFINE_CHECK)
#undef DEFINE_CHECK
#endif

static void every_load_matches_its_getter(void **state)
{
    (void)state;
#if DAOVIEW__HAVE_LOAD4
    for (uint64_t seed = 1; seed <= 8; seed++) {
        fill(seed * 0x9e3779b97f4a7c15u);
#define CHECK(id, fn) assert_true(check_##id());
        DAOVIEW__FOR_EACH_DISPLAY_GETTER(CHECK)
#undef CHECK
    }
#else
    skip();
#endif
}

/* Complex values of a plain range, where random bits would mostly be huge
 * or tiny: the fast atan2's octants and the amplitude's sqrt path. */
static void ordinary_complex_values_match(void **state)
{
    (void)state;
#if DAOVIEW__HAVE_LOAD4
    uint64_t s = 42;
    for (size_t i = 0; i < ELEMENTS; i++) {
        double re = (double)(next_random(&s) % 2001) - 1000.0;
        double im = (double)(next_random(&s) % 2001) - 1000.0;
        if (i % 7 == 0)
            im = 0; /* the axes */
        if (i % 11 == 0)
            re = i % 2 ? -0.0 : 0.0;
        double cd[2] = {re, im};
        memcpy(data + 16 * i, cd, sizeof cd);
    }
    assert_true(check_cd_amp() && check_cd_phase() && check_cd_re() && check_cd_im());
    for (size_t i = 0; i < ELEMENTS; i++) {
        float cf[2] = {(float)((double)(next_random(&s) % 2001) - 1000.0),
                       (float)((double)(next_random(&s) % 2001) - 1000.0)};
        memcpy(data + 8 * i, cf, sizeof cf);
    }
    assert_true(check_cf_amp() && check_cf_phase() && check_cf_re() && check_cf_im());
#else
    skip();
#endif
}

int main(void)
{
    /* Nothing to test without AVX2: the whole program is skipped (TAP's
     * "1..0 # SKIP"; a skipped cmocka test reads as "not ok", a failure). */
    if (!daoview__cpu_has_avx2()) {
        printf("1..0 # SKIP the CPU has no AVX2 (or DAOVIEW_NO_AVX2 is set)\n");
        return 0;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_load_matches_its_getter),
        cmocka_unit_test(ordinary_complex_values_match),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
