/* test-daoview-histogram.c — equal-bin counts (daoview-histogram.c): bin
 * edges, values outside the range, NaN/Inf, data-range mode, constant and
 * huge ranges, every type. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "daoview-histogram.h"
#include "render-test-util.h"

static const DaoviewComplexPart AMP = DAOVIEW_COMPLEX_AMPLITUDE;

static void values_land_in_their_bins(void **state)
{
    /* 5 bins over [0, 10]: [0,2) [2,4) [4,6) [6,8) [8,10]. */
    const double v[] = {0, 1.99, 2, 5, 7.5, 9.99, 10, -0.01, 10.01};
    uint64_t counts[5];
    DaoviewHistogramInfo info;
    assert_int_equal(daoview_histogram(DAO_DOUBLE, v, 9, AMP, 0, 10, counts, 5, &info), 0);
    const uint64_t expected[5] = {2, 1, 1, 1, 2};
    for (int b = 0; b < 5; b++)
        assert_int_equal(counts[b], expected[b]);
    assert_int_equal(info.below, 1);
    assert_int_equal(info.above, 1);
    assert_int_equal(info.nan, 0);
    assert_int_equal(info.binned, 7);
    assert_near(info.low, 0, 0);
    assert_near(info.high, 10, 0);
    for (int b = 0; b <= 5; b++)
        assert_near(daoview_histogram_bin_edge(&info, 5, (size_t)b), 2.0 * b, 1e-15);
}

static void integers_one_bin_per_value(void **state)
{
    /* uint8 0..255 into 256 bins over [0, 256): exactly one each. */
    uint8_t v[256];
    for (int i = 0; i < 256; i++)
        v[i] = (uint8_t)i;
    uint64_t counts[256];
    DaoviewHistogramInfo info;
    assert_int_equal(daoview_histogram(DAO_UINT8, v, 256, AMP, 0, 256, counts, 256, &info), 0);
    for (int b = 0; b < 256; b++)
        assert_int_equal(counts[b], 1);
    assert_int_equal(info.binned, 256);
}

static void nan_and_inf_are_counted_apart(void **state)
{
    const float v[] = {NAN, INFINITY, -INFINITY, 0.5f, NAN};
    uint64_t counts[2];
    DaoviewHistogramInfo info;
    assert_int_equal(daoview_histogram(DAO_FLOAT, v, 5, AMP, 0, 1, counts, 2, &info), 0);
    assert_int_equal(info.nan, 2);
    assert_int_equal(info.above, 1);
    assert_int_equal(info.below, 1);
    assert_int_equal(counts[0], 0);
    assert_int_equal(counts[1], 1);
    /* Infinite levels: ±Inf are still outside. */
    assert_int_equal(daoview_histogram(DAO_FLOAT, v, 5, AMP, -INFINITY, INFINITY, counts, 2, &info), 0);
    assert_int_equal(info.above, 1);
    assert_int_equal(info.below, 1);
    assert_int_equal(counts[0] + counts[1], 1); /* 0.5: on the middle edge, at this scale */
}

static void data_range_mode(void **state)
{
    const int16_t v[] = {-100, 0, 50, 100, 100};
    uint64_t counts[4];
    DaoviewHistogramInfo info;
    assert_int_equal(daoview_histogram(DAO_INT16, v, 5, AMP, NAN, NAN, counts, 4, &info), 0);
    assert_near(info.low, -100, 0);
    assert_near(info.high, 100, 0);
    /* [-100,-50) [-50,0) [0,50) [50,100] */
    assert_int_equal(counts[0], 1);
    assert_int_equal(counts[1], 0);
    assert_int_equal(counts[2], 1);
    assert_int_equal(counts[3], 3);
    assert_int_equal(info.below + info.above, 0);
    /* Nothing finite. */
    const double none[] = {NAN, INFINITY, -INFINITY};
    assert_int_equal(daoview_histogram(DAO_DOUBLE, none, 3, AMP, NAN, NAN, counts, 4, &info), -1);
    assert_int_equal(info.nan, 1);
    assert_int_equal(info.above, 1);
    assert_int_equal(info.below, 1);
    assert_int_equal(counts[0] + counts[1] + counts[2] + counts[3], 0);
}

static void constant_data_and_equal_levels(void **state)
{
    const double v[] = {3, 3, 3, 4};
    uint64_t counts[8];
    DaoviewHistogramInfo info;
    assert_int_equal(daoview_histogram(DAO_DOUBLE, v, 3, AMP, NAN, NAN, counts, 8, &info), 0);
    assert_int_equal(counts[0], 3);
    assert_int_equal(info.binned, 3);
    assert_int_equal(daoview_histogram(DAO_DOUBLE, v, 4, AMP, 3, 3, counts, 8, &info), 0);
    assert_int_equal(counts[0], 3);
    assert_int_equal(info.above, 1);
}

static void huge_range(void **state)
{
    const double v[] = {-DBL_MAX, 1e307, DBL_MAX, -1e300, 1e300};
    uint64_t counts[2];
    DaoviewHistogramInfo info;
    assert_int_equal(daoview_histogram(DAO_DOUBLE, v, 5, AMP, NAN, NAN, counts, 2, &info), 0);
    assert_int_equal(counts[0], 2); /* -DBL_MAX, -1e300 */
    assert_int_equal(counts[1], 3); /* 1e307, DBL_MAX, 1e300 */
    assert_near(daoview_histogram_bin_edge(&info, 2, 1), 0, 0);
    assert_near(daoview_histogram_bin_edge(&info, 2, 0), -DBL_MAX, 0);
    assert_near(daoview_histogram_bin_edge(&info, 2, 2), DBL_MAX, 0);
    const uint64_t big[] = {0, UINT64_MAX, 1ull << 63};
    assert_int_equal(daoview_histogram(DAO_UINT64, big, 3, AMP, NAN, NAN, counts, 2, &info), 0);
    assert_int_equal(counts[0], 1);
    assert_int_equal(counts[1], 2);
}

static void complex_parts(void **state)
{
    const double c[] = {1, 0, 0, 1, -1, 0, 0, -1};
    uint64_t counts[4];
    DaoviewHistogramInfo info;
    /* Phases 0, pi/2, pi, -pi/2 over [-pi, pi]: bins of pi/2. */
    assert_int_equal(daoview_histogram(DAO_COMPLEX_DOUBLE, c, 4, DAOVIEW_COMPLEX_PHASE, -M_PI, M_PI,
                                       counts, 4, &info), 0);
    assert_int_equal(counts[0], 0);
    assert_int_equal(counts[1], 1); /* -pi/2 */
    assert_int_equal(counts[2], 1); /* 0 */
    assert_int_equal(counts[3], 2); /* pi/2, and pi (= high) */
    assert_int_equal(daoview_histogram(DAO_COMPLEX_DOUBLE, c, 4, AMP, 0, 2, counts, 2, &info), 0);
    assert_int_equal(counts[1], 4);
}

static void bad_arguments(void **state)
{
    const double v[] = {1};
    uint64_t counts[2] = {7, 7};
    DaoviewHistogramInfo info;
    assert_int_equal(daoview_histogram(DAO_DOUBLE, v, 1, AMP, 0, 1, counts, 0, &info), -1);
    assert_int_equal(daoview_histogram(DAO_DOUBLE, v, 1, AMP, 0, 1, NULL, 2, &info), -1);
    assert_int_equal(daoview_histogram((dao_type)99, v, 1, AMP, 0, 1, counts, 2, &info), -1);
    assert_int_equal(counts[0], 0); /* cleared even so */
    assert_int_equal(daoview_histogram(DAO_DOUBLE, NULL, 1, AMP, 0, 1, counts, 2, &info), -1);
    assert_int_equal(daoview_histogram(DAO_DOUBLE, v, 1, AMP, 1, 0, counts, 2, &info), -1);
    assert_int_equal(daoview_histogram(DAO_DOUBLE, v, 1, AMP, NAN, 1, counts, 2, &info), -1);
    /* No data, a range: fine, all zero. */
    assert_int_equal(daoview_histogram(DAO_DOUBLE, NULL, 0, AMP, 0, 1, counts, 2, NULL), 0);
    assert_true(isnan(daoview_histogram_bin_edge(NULL, 2, 0)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(values_land_in_their_bins),
        cmocka_unit_test(integers_one_bin_per_value),
        cmocka_unit_test(nan_and_inf_are_counted_apart),
        cmocka_unit_test(data_range_mode),
        cmocka_unit_test(constant_data_and_equal_levels),
        cmocka_unit_test(huge_range),
        cmocka_unit_test(complex_parts),
        cmocka_unit_test(bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
