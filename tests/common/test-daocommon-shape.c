/* test-daocommon-shape.c — the three spellings of a shape, and truncation
 * that never writes past the buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "daocommon-shape.h"

static const char *format(unsigned naxis, const uint32_t *shape, daocommon_shape_style style)
{
    static char buf[DAOCOMMON_SHAPE_TEXT_MAX];
    size_t n = daocommon_shape_format(buf, sizeof(buf), naxis, shape, style);
    assert_int_equal(n, strlen(buf));
    return buf;
}

static void test_styles(void **state)
{
    (void)state;
    const uint32_t image[2] = {480, 640}, line[1] = {100}, cube[3] = {8, 32, 32};
    assert_string_equal(format(2, image, DAOCOMMON_SHAPE_COMPACT), "480x640");
    assert_string_equal(format(2, image, DAOCOMMON_SHAPE_LABEL), "480 \xc3\x97 640");
    assert_string_equal(format(2, image, DAOCOMMON_SHAPE_NUMPY), "(480, 640)");
    assert_string_equal(format(1, line, DAOCOMMON_SHAPE_COMPACT), "100");
    assert_string_equal(format(1, line, DAOCOMMON_SHAPE_LABEL), "100");
    assert_string_equal(format(1, line, DAOCOMMON_SHAPE_NUMPY), "(100,)");
    assert_string_equal(format(3, cube, DAOCOMMON_SHAPE_COMPACT), "8x32x32");
    assert_string_equal(format(3, cube, DAOCOMMON_SHAPE_NUMPY), "(8, 32, 32)");
    assert_string_equal(format(0, cube, DAOCOMMON_SHAPE_COMPACT), "");
    assert_string_equal(format(0, cube, DAOCOMMON_SHAPE_NUMPY), "()");
}

static void test_largest_fits(void **state)
{
    (void)state;
    const uint32_t big[3] = {UINT32_MAX, UINT32_MAX, UINT32_MAX};
    for (int style = DAOCOMMON_SHAPE_COMPACT; style <= DAOCOMMON_SHAPE_NUMPY; style++) {
        char buf[DAOCOMMON_SHAPE_TEXT_MAX];
        size_t n = daocommon_shape_format(buf, sizeof(buf), 3, big, (daocommon_shape_style)style);
        assert_true(n < sizeof(buf));
        assert_non_null(strstr(buf, "4294967295"));
    }
}

static void test_truncation(void **state)
{
    (void)state;
    const uint32_t image[2] = {480, 640};
    char buf[8];
    memset(buf, '#', sizeof(buf));
    /* "(480, 640)" is 10 characters: 7 fit, then the NUL, nothing beyond. */
    assert_int_equal(daocommon_shape_format(buf, 8, 2, image, DAOCOMMON_SHAPE_NUMPY), 10);
    assert_string_equal(buf, "(480, 6");
    memset(buf, '#', sizeof(buf));
    assert_int_equal(daocommon_shape_format(buf, 1, 2, image, DAOCOMMON_SHAPE_COMPACT), 7);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(buf[1], '#');
    assert_int_equal(daocommon_shape_format(NULL, 0, 2, image, DAOCOMMON_SHAPE_LABEL), 10);
}

/* A .npy file's shape: 64-bit extents, more than three of them. */
static void test_wide_extents(void **state)
{
    (void)state;
    const uint64_t shape[4] = {UINT64_MAX, 1, 2, 3};
    char buf[128];
    daocommon_shape_format_u64(buf, sizeof(buf), 4, shape, DAOCOMMON_SHAPE_NUMPY);
    assert_string_equal(buf, "(18446744073709551615, 1, 2, 3)");
    daocommon_shape_format_u64(buf, sizeof(buf), 1, shape + 3, DAOCOMMON_SHAPE_NUMPY);
    assert_string_equal(buf, "(3,)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_styles),
        cmocka_unit_test(test_largest_fits),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_wide_extents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
