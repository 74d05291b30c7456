/* test-daoview-levels.c — min/max, percentile and symmetric levels
 * (daoview-levels.c): every type, non-finite values skipped, percentiles
 * checked against a sorted copy of the data. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "daoview-render.h"
#include "render-test-util.h"

static const DaoviewComplexPart AMP = DAOVIEW_COMPLEX_AMPLITUDE;

static void minmax_every_integer_type(void **state)
{
    double lo, hi;
    const uint8_t u8[] = {7, 3, 250, 9};
    const int8_t i8[] = {5, -100, 120, 0};
    const uint16_t u16[] = {1000, 65535, 2};
    const uint16_t u16_mid[] = {32768, 32767, 32768};
    const uint16_t u16_zero[] = {0};
    const int16_t i16[] = {-32768, 5, 32767};
    const uint32_t u32[] = {4000000000u, 12, 70000};
    const int32_t i32[] = {-2000000000, 2000000000, 0};
    const uint64_t u64[] = {UINT64_MAX, 1ull << 40, 5};
    const int64_t i64[] = {INT64_MAX, INT64_MIN, -3};
    struct {
        dao_type type;
        const void *data;
        size_t count;
        double lo, hi;
    } cases[] = {
        {DAO_UINT8, u8, 4, 3, 250},
        {DAO_INT8, i8, 4, -100, 120},
        {DAO_UINT16, u16, 3, 2, 65535},
        {DAO_UINT16, u16_mid, 3, 32767, 32768},
        {DAO_UINT16, u16_zero, 1, 0, 0},
        {DAO_INT16, i16, 3, -32768, 32767},
        {DAO_UINT32, u32, 3, 12, 4000000000.0},
        {DAO_INT32, i32, 3, -2000000000.0, 2000000000.0},
        {DAO_UINT64, u64, 3, 5, 18446744073709551615.0},
        {DAO_INT64, i64, 3, -9223372036854775808.0, 9223372036854775807.0},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        assert_int_equal(daoview_levels_minmax(cases[c].type, cases[c].data, cases[c].count, AMP,
                                               &lo, &hi), 0);
        assert_near(lo, cases[c].lo, 0);
        assert_near(hi, cases[c].hi, 0);
    }
}

static void minmax_skips_nan_and_inf(void **state)
{
    double lo, hi;
    const float f32[] = {NAN, INFINITY, 2.5f, -INFINITY, -1.25f, NAN};
    assert_int_equal(daoview_levels_minmax(DAO_FLOAT, f32, 6, AMP, &lo, &hi), 0);
    assert_near(lo, -1.25, 0);
    assert_near(hi, 2.5, 0);
    const double f64[] = {-INFINITY, -DBL_MAX, NAN, DBL_MAX, INFINITY};
    assert_int_equal(daoview_levels_minmax(DAO_DOUBLE, f64, 5, AMP, &lo, &hi), 0);
    assert_near(lo, -DBL_MAX, 0);
    assert_near(hi, DBL_MAX, 0);
}

/* float32 min/max works on the bit patterns: check it against a plain loop
 * on random patterns (many NaN and Inf among them), negatives, signed zeros
 * and subnormals. */
static void minmax_float_bits_match_a_plain_loop(void **state)
{
    enum { N = 4099 };
    float *v = malloc(N * sizeof *v);
    assert_non_null(v);
    uint64_t x = 0x2545f4914f6cdd1dull;
    for (int round = 0; round < 20; round++) {
        for (size_t i = 0; i < N; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            uint32_t bits = (uint32_t)(x >> 32);
            if (round % 2)
                bits |= 0x80000000u; /* all negative */
            if (round % 3 == 0 && i % 5)
                bits = (bits & 0x807fffffu) | 0x7f800000u; /* mostly NaN/Inf */
            memcpy(&v[i], &bits, sizeof bits);
        }
        double lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < N; i++) {
            if (isfinite(v[i])) {
                lo = v[i] < lo ? v[i] : lo;
                hi = v[i] > hi ? v[i] : hi;
            }
        }
        double got_lo, got_hi;
        assert_int_equal(daoview_levels_minmax(DAO_FLOAT, v, N, AMP, &got_lo, &got_hi), 0);
        assert_near(got_lo, lo, 0);
        assert_near(got_hi, hi, 0);
    }
    free(v);

    double lo, hi;
    const float negative[] = {-3.5f, -FLT_MAX, -1e-45f, NAN};
    assert_int_equal(daoview_levels_minmax(DAO_FLOAT, negative, 4, AMP, &lo, &hi), 0);
    assert_near(lo, -FLT_MAX, 0);
    assert_near(hi, -1e-45f, 0);
    const float zeros[] = {-0.0f, 0.0f, 1e-45f};
    assert_int_equal(daoview_levels_minmax(DAO_FLOAT, zeros, 3, AMP, &lo, &hi), 0);
    assert_near(lo, 0, 0);
    assert_near(hi, 1e-45f, 0);
    const float none[] = {NAN, -NAN, INFINITY, -INFINITY};
    assert_int_equal(daoview_levels_minmax(DAO_FLOAT, none, 4, AMP, &lo, &hi), -1);
}

static void minmax_fails_cleanly_without_finite_values(void **state)
{
    double lo = 9, hi = 9;
    const double f64[] = {NAN, INFINITY, -INFINITY};
    assert_int_equal(daoview_levels_minmax(DAO_DOUBLE, f64, 3, AMP, &lo, &hi), -1);
    assert_near(lo, 0, 0);
    assert_near(hi, 0, 0);
    lo = hi = 9;
    assert_int_equal(daoview_levels_minmax(DAO_DOUBLE, f64, 0, AMP, &lo, &hi), -1);
    assert_near(lo, 0, 0);
    lo = hi = 9;
    assert_int_equal(daoview_levels_minmax(DAO_DOUBLE, NULL, 3, AMP, &lo, &hi), -1);
    assert_near(hi, 0, 0);
    lo = hi = 9;
    assert_int_equal(daoview_levels_minmax((dao_type)42, f64, 3, AMP, &lo, &hi), -1);
    assert_near(lo, 0, 0);
}

static void minmax_of_complex_parts(void **state)
{
    double lo, hi;
    const float c[] = {3, 4, -1, 0, 0, -2, NAN, 1};
    assert_int_equal(daoview_levels_minmax(DAO_COMPLEX_FLOAT, c, 4, AMP, &lo, &hi), 0);
    assert_near(lo, 1, 0);
    assert_near(hi, 5, 1e-12);
    assert_int_equal(daoview_levels_minmax(DAO_COMPLEX_FLOAT, c, 4, DAOVIEW_COMPLEX_PHASE, &lo, &hi), 0);
    assert_near(lo, -M_PI / 2, 1e-12);
    assert_near(hi, M_PI, 1e-12);
    assert_int_equal(daoview_levels_minmax(DAO_COMPLEX_FLOAT, c, 4, DAOVIEW_COMPLEX_REAL, &lo, &hi), 0);
    assert_near(lo, -1, 0);
    assert_near(hi, 3, 0);
    /* The NaN real part does not hide the finite imaginary part. */
    assert_int_equal(daoview_levels_minmax(DAO_COMPLEX_FLOAT, c, 4, DAOVIEW_COMPLEX_IMAGINARY, &lo, &hi), 0);
    assert_near(lo, -2, 0);
    assert_near(hi, 4, 0);
    const double d[] = {-1e300, 0, 0, 1e300};
    assert_int_equal(daoview_levels_minmax(DAO_COMPLEX_DOUBLE, d, 2, DAOVIEW_COMPLEX_IMAGINARY, &lo, &hi), 0);
    assert_near(lo, 0, 0);
    assert_near(hi, 1e300, 0);
    assert_int_equal(daoview_levels_minmax(DAO_COMPLEX_DOUBLE, d, 2, AMP, &lo, &hi), 0);
    assert_near(lo, 1e300, 0);
}

/* ---- percentiles against a sorted reference ----------------------------- */

static uint64_t rng_state = 88172645463325252ull;
static uint32_t next_random(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 32);
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The finite values of the data, sorted. Returns how many. */
static size_t sorted_finite(dao_type type, const void *data, size_t count,
                            DaoviewComplexPart part, double *out)
{
    size_t n = 0;
    for (size_t i = 0; i < count; i++) {
        double v = daoview_element_value(type, data, i, part);
        if (isfinite(v))
            out[n++] = v;
    }
    qsort(out, n, sizeof *out, compare_double);
    return n;
}

/* The documented rank: round(p / 100 * (n - 1)). */
static double reference(const double *sorted, size_t n, double percent)
{
    return sorted[(size_t)floor(percent / 100.0 * (double)(n - 1) + 0.5)];
}

static const double percents[] = {0, 0.5, 1, 5, 25, 50, 75, 99, 99.5, 100};
#define N_PERCENTS (sizeof percents / sizeof percents[0])

/* Checks every pair (p, 100 - p) and (p, p) against the sorted data, to
 * within `tolerance`; the clip range must contain the reference values. */
static void check_percentiles(dao_type type, const void *data, size_t count,
                              DaoviewComplexPart part, double tolerance)
{
    double *sorted = malloc(count * sizeof *sorted);
    assert_non_null(sorted);
    size_t n = sorted_finite(type, data, count, part, sorted);
    assert_true(n > 0);
    for (size_t i = 0; i < N_PERCENTS; i++) {
        double lo, hi;
        double p_low = percents[i], p_high = percents[N_PERCENTS - 1 - i];
        assert_int_equal(daoview_levels_percentile(type, data, count, part, p_low, p_high, &lo, &hi), 0);
        double ref_lo = reference(sorted, n, p_low), ref_hi = reference(sorted, n, p_high);
        assert_near(lo, ref_lo, tolerance);
        assert_near(hi, ref_hi, tolerance);
        assert_true(lo <= ref_lo);
        assert_true(hi >= ref_hi);
    }
    /* 0 and 100 % are exactly min and max. */
    double lo, hi, min, max;
    assert_int_equal(daoview_levels_minmax(type, data, count, part, &min, &max), 0);
    assert_int_equal(daoview_levels_percentile(type, data, count, part, 0, 100, &lo, &hi), 0);
    assert_near(lo, min, 0);
    assert_near(hi, max, 0);
    free(sorted);
}

static void percentile_is_exact_for_small_integers(void **state)
{
    enum { N = 10007 };
    uint16_t *u16 = malloc(N * sizeof *u16);
    int8_t *i8 = malloc(N);
    int32_t *i32 = malloc(N * sizeof *i32);
    assert_non_null(u16);
    assert_non_null(i8);
    assert_non_null(i32);
    for (size_t i = 0; i < N; i++) {
        u16[i] = (uint16_t)(1000 + next_random() % 3000 + (i % 97 == 0 ? 60000 : 0) % 65536);
        i8[i] = (int8_t)(next_random() & 0xff);
        i32[i] = (int32_t)(next_random() % 50000) - 25000;
    }
    check_percentiles(DAO_UINT16, u16, N, AMP, 0);
    check_percentiles(DAO_INT8, i8, N, AMP, 0);
    check_percentiles(DAO_INT32, i32, N, AMP, 0);
    free(u16);
    free(i8);
    free(i32);
}

static void percentile_is_within_a_bin_for_wide_data(void **state)
{
    enum { N = 20011 };
    int32_t *i32 = malloc(N * sizeof *i32);
    float *f32 = malloc(N * sizeof *f32);
    double *f64 = malloc(N * sizeof *f64);
    uint64_t *u64 = malloc(N * sizeof *u64);
    float *cf = malloc(2 * N * sizeof *cf);
    assert_non_null(i32);
    assert_non_null(f32);
    assert_non_null(f64);
    assert_non_null(u64);
    assert_non_null(cf);
    for (size_t i = 0; i < N; i++) {
        i32[i] = (int32_t)next_random();
        f32[i] = (float)((next_random() / 4294967296.0 - 0.3) * 1e4);
        f64[i] = (next_random() / 4294967296.0 - 0.5) * 2e300; /* ±1e300: no overflow */
        u64[i] = ((uint64_t)next_random() << 32) | next_random();
        cf[2 * i] = (float)(next_random() % 1000);
        cf[2 * i + 1] = (float)(next_random() % 1000) - 500.0f;
    }
    /* A few NaN and Inf in the float data: they are not counted. */
    f32[5] = NAN;
    f32[77] = INFINITY;
    f32[1234] = -INFINITY;
    f64[9] = NAN;
    check_percentiles(DAO_INT32, i32, N, AMP, 4294967296.0 / 65536);
    check_percentiles(DAO_FLOAT, f32, N, AMP, 1e4 / 65536);
    check_percentiles(DAO_DOUBLE, f64, N, AMP, 2e300 / 65536);
    check_percentiles(DAO_UINT64, u64, N, AMP, 18446744073709551616.0 / 65536);
    check_percentiles(DAO_COMPLEX_FLOAT, cf, N, AMP, 1200.0 / 65536);
    check_percentiles(DAO_COMPLEX_FLOAT, cf, N, DAOVIEW_COMPLEX_PHASE, 2 * M_PI / 65536);
    free(i32);
    free(f32);
    free(f64);
    free(u64);
    free(cf);
}

static void percentile_of_constant_and_empty_data(void **state)
{
    double lo = 1, hi = 1;
    const float constant[] = {4, 4, NAN, 4};
    assert_int_equal(daoview_levels_percentile(DAO_FLOAT, constant, 4, AMP, 1, 99, &lo, &hi), 0);
    assert_near(lo, 4, 0);
    assert_near(hi, 4, 0);
    const float none[] = {NAN, INFINITY};
    assert_int_equal(daoview_levels_percentile(DAO_FLOAT, none, 2, AMP, 1, 99, &lo, &hi), -1);
    assert_near(lo, 0, 0);
    assert_near(hi, 0, 0);
    assert_int_equal(daoview_levels_percentile(DAO_FLOAT, none, 0, AMP, 1, 99, &lo, &hi), -1);
    assert_int_equal(daoview_levels_percentile((dao_type)0, none, 2, AMP, 1, 99, &lo, &hi), -1);
}

static void percentile_clamps_its_percents(void **state)
{
    const uint8_t v[] = {10, 20, 30, 40, 50};
    double lo, hi;
    assert_int_equal(daoview_levels_percentile(DAO_UINT8, v, 5, AMP, -5, 250, &lo, &hi), 0);
    assert_near(lo, 10, 0);
    assert_near(hi, 50, 0);
    assert_int_equal(daoview_levels_percentile(DAO_UINT8, v, 5, AMP, NAN, 50, &lo, &hi), 0);
    assert_near(lo, 10, 0);
    assert_near(hi, 30, 0);
}

static void symmetric_levels(void **state)
{
    double lo = -1, hi = 3;
    daoview_levels_symmetric(&lo, &hi);
    assert_near(lo, -3, 0);
    assert_near(hi, 3, 0);
    lo = 2, hi = 5;
    daoview_levels_symmetric(&lo, &hi);
    assert_near(lo, -5, 0);
    assert_near(hi, 5, 0);
    lo = -7, hi = -6;
    daoview_levels_symmetric(&lo, &hi);
    assert_near(lo, -7, 0);
    assert_near(hi, 7, 0);
    lo = -DBL_MAX, hi = 1;
    daoview_levels_symmetric(&lo, &hi);
    assert_near(hi, DBL_MAX, 0);
    daoview_levels_symmetric(NULL, &hi); /* does nothing, does not crash */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(minmax_every_integer_type),
        cmocka_unit_test(minmax_skips_nan_and_inf),
        cmocka_unit_test(minmax_float_bits_match_a_plain_loop),
        cmocka_unit_test(minmax_fails_cleanly_without_finite_values),
        cmocka_unit_test(minmax_of_complex_parts),
        cmocka_unit_test(percentile_is_exact_for_small_integers),
        cmocka_unit_test(percentile_is_within_a_bin_for_wide_data),
        cmocka_unit_test(percentile_of_constant_and_empty_data),
        cmocka_unit_test(percentile_clamps_its_percents),
        cmocka_unit_test(symmetric_levels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
