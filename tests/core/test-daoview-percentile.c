/* test-daoview-percentile.c — percentile levels (daoview-percentile.c),
 * checked against a sorted copy of the data: exactly the element of the
 * documented rank, for every type, with NaN/Inf, ±1e300 and hot pixels. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "daoview-levels.h"
#include "render-test-util.h"

static const DaoviewComplexPart AMP = DAOVIEW_COMPLEX_AMPLITUDE;

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

/* One pair (p_low, p_high) against the sorted data, to within `tolerance`
 * (0 but for the phase, which the display computes with its own atan2). */
static void check_pair(dao_type type, const void *data, size_t count, DaoviewComplexPart part,
                       double p_low, double p_high, double tolerance)
{
    double *sorted = malloc(count * sizeof *sorted);
    assert_non_null(sorted);
    size_t n = sorted_finite(type, data, count, part, sorted);
    assert_true(n > 0);
    double lo, hi;
    assert_int_equal(daoview_levels_percentile(type, data, count, part, p_low, p_high, &lo, &hi), 0);
    double ref_lo = reference(sorted, n, p_low), ref_hi = reference(sorted, n, p_high);
    assert_near(lo, ref_lo, tolerance);
    assert_near(hi, ref_hi, tolerance);
    free(sorted);
}

/* Every pair (p, 100 - p) of the table against the sorted data, and 0 / 100
 * against min / max. */
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

static void percentile_is_exact_for_wide_and_floating_data(void **state)
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
    check_percentiles(DAO_INT32, i32, N, AMP, 0);
    check_percentiles(DAO_FLOAT, f32, N, AMP, 0);
    check_percentiles(DAO_DOUBLE, f64, N, AMP, 0);
    check_percentiles(DAO_UINT64, u64, N, AMP, 0);
    check_percentiles(DAO_COMPLEX_FLOAT, cf, N, AMP, 0);
    /* Phase: as the display computes it, within 2e-8 rad of atan2. */
    check_percentiles(DAO_COMPLEX_FLOAT, cf, N, DAOVIEW_COMPLEX_PHASE, 2e-8);
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

static void ties_signed_zeros_and_subnormals(void **state)
{
    const float f32[] = {-0.0f, 0.0f, 0, -1e-45f, 1e-45f, -5, -5, -5, 3, 3, NAN, -FLT_MAX, FLT_MAX};
    const double f64[] = {-0.0, 0.0, 5e-324, -5e-324, -2, -2, -2, -2, 7, 1e-310, INFINITY};
    check_percentiles(DAO_FLOAT, f32, sizeof f32 / sizeof f32[0], AMP, 0);
    check_percentiles(DAO_DOUBLE, f64, sizeof f64 / sizeof f64[0], AMP, 0);
}

static void outliers_do_not_blur_the_percentiles(void **state)
{
    /* 10000 values in [0, 1) and one hot pixel at 1e30: one pass of 65536
     * bins over [0, 1e30] would put them all in bin 0. */
    enum { N = 10001 };
    float *f32 = malloc(N * sizeof *f32);
    double *f64 = malloc(N * sizeof *f64);
    assert_non_null(f32);
    assert_non_null(f64);
    for (size_t i = 0; i < N; i++) {
        f32[i] = (float)(next_random() / 4294967296.0);
        f64[i] = -f32[i] * 1e-3;
    }
    f32[1234] = 1e30f;
    f64[77] = -DBL_MAX; /* a cold pixel as far as it goes */
    check_pair(DAO_FLOAT, f32, N, AMP, 0.5, 99.5, 0);
    check_pair(DAO_FLOAT, f32, N, AMP, 1, 50, 0);
    check_pair(DAO_DOUBLE, f64, N, AMP, 0.5, 99.5, 0);
    /* …and 0 / 100 % still give the outliers. */
    double lo, hi;
    assert_int_equal(daoview_levels_percentile(DAO_FLOAT, f32, N, AMP, 0, 100, &lo, &hi), 0);
    assert_near(hi, 1e30f, 0);
    assert_int_equal(daoview_levels_percentile(DAO_DOUBLE, f64, N, AMP, 0, 100, &lo, &hi), 0);
    assert_near(lo, -DBL_MAX, 0);
    free(f32);
    free(f64);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(percentile_is_exact_for_small_integers),
        cmocka_unit_test(percentile_is_exact_for_wide_and_floating_data),
        cmocka_unit_test(ties_signed_zeros_and_subnormals),
        cmocka_unit_test(outliers_do_not_blur_the_percentiles),
        cmocka_unit_test(percentile_of_constant_and_empty_data),
        cmocka_unit_test(percentile_clamps_its_percents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
