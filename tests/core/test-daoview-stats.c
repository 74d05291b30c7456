/* test-daoview-stats.c — statistics of a frame and of a rectangle
 * (daoview-stats.c): known figures, clipping, NaN/Inf, ties, huge values, a
 * large mean with a small spread, and every type against a plain reference. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "daoview-stats.h"
#include "render-test-util.h"

static const DaoviewComplexPart AMP = DAOVIEW_COMPLEX_AMPLITUDE;

static void known_frame(void **state)
{
    /* 4 x 3, values 1 … 12, row-major. */
    uint16_t v[12];
    for (int i = 0; i < 12; i++)
        v[i] = (uint16_t)(i + 1);
    DaoviewStats st;
    assert_int_equal(daoview_stats_frame(DAO_UINT16, v, 4, 3, AMP, &st), 0);
    assert_int_equal(st.count, 12);
    assert_int_equal(st.nonfinite, 0);
    assert_near(st.min, 1, 0);
    assert_near(st.max, 12, 0);
    assert_near(st.mean, 6.5, 1e-14);
    assert_near(st.sum, 78, 0);
    assert_near(st.stddev, sqrt((144.0 - 1) / 12), 1e-13); /* (n² - 1) / 12 */
    assert_int_equal(st.min_x, 0);
    assert_int_equal(st.min_y, 0);
    assert_int_equal(st.max_x, 3);
    assert_int_equal(st.max_y, 2);
}

static void rectangle_is_clipped_and_positions_are_frame_coordinates(void **state)
{
    uint16_t v[12];
    for (int i = 0; i < 12; i++)
        v[i] = (uint16_t)(i + 1);
    DaoviewStats st;
    /* Columns 2..3 of rows 1..2: 7, 8, 11, 12. */
    assert_int_equal(daoview_stats_rect(DAO_UINT16, v, 4, 3, AMP, 2, 1, 2, 2, &st), 0);
    assert_int_equal(st.count, 4);
    assert_near(st.min, 7, 0);
    assert_near(st.max, 12, 0);
    assert_near(st.mean, 9.5, 1e-14);
    assert_int_equal(st.min_x, 2);
    assert_int_equal(st.min_y, 1);
    assert_int_equal(st.max_x, 3);
    assert_int_equal(st.max_y, 2);
    /* A rectangle reaching far outside is clipped to the same four. */
    assert_int_equal(daoview_stats_rect(DAO_UINT16, v, 4, 3, AMP, 2, 1, 1000, UINT32_MAX, &st), 0);
    assert_int_equal(st.count, 4);
    assert_near(st.mean, 9.5, 1e-14);
    /* Empty or outside rectangles. */
    assert_int_equal(daoview_stats_rect(DAO_UINT16, v, 4, 3, AMP, 4, 0, 1, 1, &st), -1);
    assert_int_equal(st.count, 0);
    assert_int_equal(daoview_stats_rect(DAO_UINT16, v, 4, 3, AMP, 0, 3, 1, 1, &st), -1);
    assert_int_equal(daoview_stats_rect(DAO_UINT16, v, 4, 3, AMP, 1, 1, 0, 1, &st), -1);
    assert_int_equal(daoview_stats_rect(DAO_UINT16, v, 4, 3, AMP, 1, 1, 1, 0, &st), -1);
}

static void first_extreme_wins_ties(void **state)
{
    const int8_t v[] = {3, -2, 3, -2, 0, 3};
    DaoviewStats st;
    assert_int_equal(daoview_stats_frame(DAO_INT8, v, 3, 2, AMP, &st), 0);
    assert_int_equal(st.max_x, 0);
    assert_int_equal(st.max_y, 0);
    assert_int_equal(st.min_x, 1);
    assert_int_equal(st.min_y, 0);
}

static void nan_and_inf_are_counted_not_used(void **state)
{
    const float v[] = {NAN, 2, INFINITY, -INFINITY, 4, NAN};
    DaoviewStats st;
    assert_int_equal(daoview_stats_frame(DAO_FLOAT, v, 3, 2, AMP, &st), 0);
    assert_int_equal(st.count, 2);
    assert_int_equal(st.nonfinite, 4);
    assert_near(st.mean, 3, 0);
    assert_near(st.stddev, 1, 1e-15);
    assert_near(st.sum, 6, 0);
    assert_int_equal(st.max_x, 1);
    assert_int_equal(st.max_y, 1);
    const double none[] = {NAN, INFINITY};
    assert_int_equal(daoview_stats_frame(DAO_DOUBLE, none, 2, 1, AMP, &st), -1);
    assert_int_equal(st.count, 0);
    assert_int_equal(st.nonfinite, 2);
    assert_near(st.mean, 0, 0);
}

static void huge_values_do_not_overflow(void **state)
{
    const double v[] = {DBL_MAX, -DBL_MAX, DBL_MAX, -DBL_MAX};
    DaoviewStats st;
    assert_int_equal(daoview_stats_frame(DAO_DOUBLE, v, 4, 1, AMP, &st), 0);
    assert_near(st.mean, 0, 0);
    assert_near(st.sum, 0, 0);
    assert_near(st.stddev, DBL_MAX, DBL_MAX * 1e-15);
    assert_true(isfinite(st.stddev));
    const double w[] = {1e300, 3e300};
    assert_int_equal(daoview_stats_frame(DAO_DOUBLE, w, 2, 1, AMP, &st), 0);
    assert_near(st.mean, 2e300, 1e286);
    assert_near(st.stddev, 1e300, 1e286);
    assert_near(st.sum, 4e300, 1e287);
    /* A sum beyond DBL_MAX is +Inf, the other figures finite. */
    const double top[] = {DBL_MAX, DBL_MAX};
    assert_int_equal(daoview_stats_frame(DAO_DOUBLE, top, 2, 1, AMP, &st), 0);
    assert_true(isinf(st.sum) && st.sum > 0);
    assert_near(st.mean, DBL_MAX, 0);
    /* Subnormal data: no scale factor overflow either. */
    const double tiny[] = {4.9406564584124654e-324, 3 * 4.9406564584124654e-324};
    assert_int_equal(daoview_stats_frame(DAO_DOUBLE, tiny, 2, 1, AMP, &st), 0);
    assert_near(st.mean, 2 * 4.9406564584124654e-324, 0);
    assert_true(st.stddev > 0);
    /* uint64 near 2^64. */
    const uint64_t big[] = {UINT64_MAX, UINT64_MAX - 2048};
    assert_int_equal(daoview_stats_frame(DAO_UINT64, big, 2, 1, AMP, &st), 0);
    assert_near(st.max, 18446744073709551615.0, 0);
    assert_near(st.sum, 2 * 18446744073709551615.0 - 2048, 4096);
}

static void small_spread_on_a_large_mean_is_kept(void **state)
{
    /* 1e9 ± 1: a one-pass sum of squares would lose the spread entirely. */
    double v[1000];
    for (int i = 0; i < 1000; i++)
        v[i] = 1e9 + (i % 2 ? 1.0 : -1.0);
    DaoviewStats st;
    assert_int_equal(daoview_stats_frame(DAO_DOUBLE, v, 100, 10, AMP, &st), 0);
    assert_near(st.mean, 1e9, 1e-6);
    assert_near(st.stddev, 1.0, 1e-6);
}

static void complex_parts(void **state)
{
    const float c[] = {3, 4, 0, -1, 6, 8};
    DaoviewStats st;
    assert_int_equal(daoview_stats_frame(DAO_COMPLEX_FLOAT, c, 3, 1, AMP, &st), 0);
    assert_near(st.min, 1, 0);
    assert_near(st.max, 10, 1e-12);
    assert_near(st.mean, 16.0 / 3, 1e-12);
    assert_int_equal(st.max_x, 2);
    assert_int_equal(daoview_stats_frame(DAO_COMPLEX_FLOAT, c, 3, 1, DAOVIEW_COMPLEX_IMAGINARY, &st), 0);
    assert_near(st.min, -1, 0);
    assert_int_equal(st.min_x, 1);
}

static void every_type_matches_a_plain_computation(void **state)
{
    /* The same 6 small values in every type; reference in long double. */
    const double values[] = {5, 17, 2, 9, 11, 4};
    uint8_t u8[6]; int8_t i8[6]; uint16_t u16[6]; int16_t i16[6];
    uint32_t u32[6]; int32_t i32[6]; uint64_t u64[6]; int64_t i64[6];
    float f32[6]; double f64[6]; float cf[12]; double cd[12];
    for (int i = 0; i < 6; i++) {
        u8[i] = (uint8_t)values[i]; i8[i] = (int8_t)-values[i];
        u16[i] = (uint16_t)values[i]; i16[i] = (int16_t)-values[i];
        u32[i] = (uint32_t)values[i]; i32[i] = (int32_t)-values[i];
        u64[i] = (uint64_t)values[i]; i64[i] = (int64_t)-values[i];
        f32[i] = (float)values[i]; f64[i] = -values[i];
        cf[2 * i] = (float)values[i]; cf[2 * i + 1] = 0;
        cd[2 * i] = 0; cd[2 * i + 1] = -values[i];
    }
    struct { dao_type type; const void *data; double sign; } cases[] = {
        {DAO_UINT8, u8, 1}, {DAO_INT8, i8, -1}, {DAO_UINT16, u16, 1}, {DAO_INT16, i16, -1},
        {DAO_UINT32, u32, 1}, {DAO_INT32, i32, -1}, {DAO_UINT64, u64, 1}, {DAO_INT64, i64, -1},
        {DAO_FLOAT, f32, 1}, {DAO_DOUBLE, f64, -1}, {DAO_COMPLEX_FLOAT, cf, 1},
        {DAO_COMPLEX_DOUBLE, cd, 1}, /* amplitude of -v i is v */
    };
    long double sum = 0, sum2 = 0;
    for (int i = 0; i < 6; i++) {
        sum += values[i];
        sum2 += (long double)values[i] * values[i];
    }
    double mean = (double)(sum / 6);
    double stddev = sqrt((double)(sum2 / 6 - (sum / 6) * (sum / 6)));
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        DaoviewStats st;
        assert_int_equal(daoview_stats_frame(cases[c].type, cases[c].data, 3, 2, AMP, &st), 0);
        assert_int_equal(st.count, 6);
        assert_near(st.mean, cases[c].sign * mean, 1e-13);
        assert_near(st.sum, cases[c].sign * (double)sum, 1e-4);
        assert_near(st.stddev, stddev, 1e-13);
        /* 17 is element 1: (x 1, y 0); 2 is element 2. */
        if (cases[c].sign > 0) {
            assert_int_equal(st.max_x, 1);
            assert_int_equal(st.min_x, 2);
        } else {
            assert_int_equal(st.min_x, 1);
            assert_int_equal(st.max_x, 2);
        }
    }
}

/* Rows longer than the 32-bit runs of the 8/16-bit sums (65536 elements),
 * at the values that fill them fastest: the sums stay exact. */
static void long_rows_of_extreme_integers_sum_exactly(void **state)
{
    enum { N = 200003 };
    static uint16_t u16[N];
    static int16_t i16[N];
    for (size_t i = 0; i < N; i++)
        u16[i] = 65535, i16[i] = i % 2 ? -32768 : 32767;
    i16[N - 1] = -32768;
    DaoviewStats st;
    assert_int_equal(daoview_stats_frame(DAO_UINT16, u16, N, 1, AMP, &st), 0);
    assert_near(st.sum, 65535.0 * N, 0);
    assert_near(st.mean, 65535, 0);
    assert_int_equal(daoview_stats_frame(DAO_INT16, i16, N, 1, AMP, &st), 0);
    /* 100001 of 32767 (the even i but the last) and 100002 of -32768. */
    assert_near(st.sum, 32767.0 * 100001 - 32768.0 * 100002, 0);
    assert_near(st.min, -32768, 0);
    assert_int_equal(st.min_x, 1);
    assert_int_equal(st.max_x, 0);
}

static void bad_arguments(void **state)
{
    const double v[] = {1};
    DaoviewStats st;
    assert_int_equal(daoview_stats_frame((dao_type)0, v, 1, 1, AMP, &st), -1);
    assert_int_equal(daoview_stats_frame(DAO_DOUBLE, NULL, 1, 1, AMP, &st), -1);
    assert_int_equal(daoview_stats_frame(DAO_DOUBLE, v, 0, 0, AMP, &st), -1);
    assert_int_equal(daoview_stats_frame(DAO_DOUBLE, v, 1, 1, AMP, NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_frame),
        cmocka_unit_test(rectangle_is_clipped_and_positions_are_frame_coordinates),
        cmocka_unit_test(first_extreme_wins_ties),
        cmocka_unit_test(nan_and_inf_are_counted_not_used),
        cmocka_unit_test(huge_values_do_not_overflow),
        cmocka_unit_test(small_spread_on_a_large_mean_is_kept),
        cmocka_unit_test(complex_parts),
        cmocka_unit_test(every_type_matches_a_plain_computation),
        cmocka_unit_test(long_rows_of_extreme_integers_sum_exactly),
        cmocka_unit_test(bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
