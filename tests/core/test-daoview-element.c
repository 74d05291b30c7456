/* test-daoview-element.c — one element's value for every type and complex
 * part (daoview-element.c), including extremes that a float cannot hold. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "daoview-render.h"
#include "render-test-util.h"

static double value(dao_type type, const void *data, size_t index)
{
    return daoview_element_value(type, data, index, DAOVIEW_COMPLEX_AMPLITUDE);
}

static void integers_are_read_with_their_sign_and_width(void **state)
{
    const uint8_t u8[] = {0, 200, 255};
    const int8_t i8[] = {-128, -1, 127};
    const uint16_t u16[] = {0, 40000, 65535};
    const int16_t i16[] = {-32768, -2, 32767};
    const uint32_t u32[] = {0, 3000000000u, UINT32_MAX};
    const int32_t i32[] = {INT32_MIN, -5, INT32_MAX};
    const uint64_t u64[] = {0, 1ull << 63, UINT64_MAX};
    const int64_t i64[] = {INT64_MIN, -7, INT64_MAX};

    assert_near(value(DAO_UINT8, u8, 1), 200, 0);
    assert_near(value(DAO_UINT8, u8, 2), 255, 0);
    assert_near(value(DAO_INT8, i8, 0), -128, 0);
    assert_near(value(DAO_INT8, i8, 1), -1, 0);
    assert_near(value(DAO_UINT16, u16, 1), 40000, 0);
    assert_near(value(DAO_UINT16, u16, 2), 65535, 0);
    assert_near(value(DAO_INT16, i16, 0), -32768, 0);
    assert_near(value(DAO_INT16, i16, 1), -2, 0);
    assert_near(value(DAO_UINT32, u32, 1), 3000000000.0, 0);
    assert_near(value(DAO_UINT32, u32, 2), 4294967295.0, 0);
    assert_near(value(DAO_INT32, i32, 0), -2147483648.0, 0);
    assert_near(value(DAO_INT32, i32, 1), -5, 0);
    assert_near(value(DAO_UINT64, u64, 1), 9223372036854775808.0, 0);
    assert_near(value(DAO_UINT64, u64, 2), 18446744073709551616.0, 0); /* nearest double */
    assert_near(value(DAO_INT64, i64, 0), -9223372036854775808.0, 0);
    assert_near(value(DAO_INT64, i64, 1), -7, 0);
}

static void floats_keep_nan_and_inf(void **state)
{
    const float f32[] = {1.5f, -FLT_MAX, NAN, INFINITY, -INFINITY};
    const double f64[] = {-2.25, DBL_MAX, NAN, INFINITY, -INFINITY};
    assert_near(value(DAO_FLOAT, f32, 0), 1.5, 0);
    assert_near(value(DAO_FLOAT, f32, 1), -FLT_MAX, 0);
    assert_true(isnan(value(DAO_FLOAT, f32, 2)));
    assert_true(value(DAO_FLOAT, f32, 3) == INFINITY);
    assert_true(value(DAO_FLOAT, f32, 4) == -INFINITY);
    assert_near(value(DAO_DOUBLE, f64, 0), -2.25, 0);
    assert_near(value(DAO_DOUBLE, f64, 1), DBL_MAX, 0);
    assert_true(isnan(value(DAO_DOUBLE, f64, 2)));
    assert_true(value(DAO_DOUBLE, f64, 3) == INFINITY);
    assert_true(value(DAO_DOUBLE, f64, 4) == -INFINITY);
}

static void complex_float_parts(void **state)
{
    /* (re, im) pairs: 3+4i, -1+0i, 0-2i. */
    const float c[] = {3, 4, -1, 0, 0, -2};
    assert_near(daoview_element_value(DAO_COMPLEX_FLOAT, c, 0, DAOVIEW_COMPLEX_AMPLITUDE), 5, 1e-12);
    assert_near(daoview_element_value(DAO_COMPLEX_FLOAT, c, 0, DAOVIEW_COMPLEX_PHASE), atan2(4, 3), 1e-12);
    assert_near(daoview_element_value(DAO_COMPLEX_FLOAT, c, 0, DAOVIEW_COMPLEX_REAL), 3, 0);
    assert_near(daoview_element_value(DAO_COMPLEX_FLOAT, c, 0, DAOVIEW_COMPLEX_IMAGINARY), 4, 0);
    assert_near(daoview_element_value(DAO_COMPLEX_FLOAT, c, 1, DAOVIEW_COMPLEX_PHASE), M_PI, 1e-12);
    assert_near(daoview_element_value(DAO_COMPLEX_FLOAT, c, 2, DAOVIEW_COMPLEX_PHASE), -M_PI / 2, 1e-12);
    assert_near(daoview_element_value(DAO_COMPLEX_FLOAT, c, 2, DAOVIEW_COMPLEX_AMPLITUDE), 2, 0);
    assert_near(daoview_element_value(DAO_COMPLEX_FLOAT, c, 2, DAOVIEW_COMPLEX_IMAGINARY), -2, 0);
}

static void complex_double_parts_without_overflow(void **state)
{
    /* |3e200 + 4e200 i| = 5e200: squaring would overflow, hypot does not. */
    const double c[] = {3e200, 4e200, 1, -1};
    assert_near(daoview_element_value(DAO_COMPLEX_DOUBLE, c, 0, DAOVIEW_COMPLEX_AMPLITUDE), 5e200, 1e186);
    assert_near(daoview_element_value(DAO_COMPLEX_DOUBLE, c, 0, DAOVIEW_COMPLEX_REAL), 3e200, 0);
    assert_near(daoview_element_value(DAO_COMPLEX_DOUBLE, c, 0, DAOVIEW_COMPLEX_IMAGINARY), 4e200, 0);
    assert_near(daoview_element_value(DAO_COMPLEX_DOUBLE, c, 1, DAOVIEW_COMPLEX_PHASE), -M_PI / 4, 1e-15);
    assert_near(daoview_element_value(DAO_COMPLEX_DOUBLE, c, 1, DAOVIEW_COMPLEX_AMPLITUDE), sqrt(2), 1e-15);
    /* …nor underflow: the squares of 3e-200 and 4e-200 are 0 in double. */
    const double tiny[] = {3e-200, -4e-200};
    assert_near(daoview_element_value(DAO_COMPLEX_DOUBLE, tiny, 0, DAOVIEW_COMPLEX_AMPLITUDE), 5e-200, 1e-214);
    /* Complex float at the top of its range: squared in double, so finite. */
    const float big[] = {3e38f, 3e38f};
    assert_near(daoview_element_value(DAO_COMPLEX_FLOAT, big, 0, DAOVIEW_COMPLEX_AMPLITUDE),
                (double)3e38f * sqrt(2), 1e25);
}

static void part_is_ignored_for_real_types(void **state)
{
    const int16_t v[] = {-9};
    for (int part = 0; part < DAOVIEW_N_COMPLEX_PARTS; part++)
        assert_near(daoview_element_value(DAO_INT16, v, 0, part), -9, 0);
}

static void bad_type_or_data_gives_nan(void **state)
{
    const double v[] = {1};
    assert_true(isnan(daoview_element_value((dao_type)0, v, 0, 0)));
    assert_true(isnan(daoview_element_value((dao_type)13, v, 0, 0)));
    assert_true(isnan(daoview_element_value((dao_type)-1, v, 0, 0)));
    assert_true(isnan(daoview_element_value(DAO_DOUBLE, NULL, 0, 0)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(integers_are_read_with_their_sign_and_width),
        cmocka_unit_test(floats_keep_nan_and_inf),
        cmocka_unit_test(complex_float_parts),
        cmocka_unit_test(complex_double_parts_without_overflow),
        cmocka_unit_test(part_is_ignored_for_real_types),
        cmocka_unit_test(bad_type_or_data_gives_nan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
