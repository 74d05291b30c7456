/* test-daoctl-parse.c — option values and fill values: what is accepted,
 * and that out-of-range or malformed text is refused rather than wrapped or
 * truncated. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "daoctl.h"
#include "daocommon-shape.h"
#include "fill.h"
#include "scan.h"

static void test_shape(void **state)
{
    (void)state;
    unsigned n;
    uint32_t s[DAO_MAX_AXES];
    assert_true(daoctl_parse_shape("512x256", &n, s));
    assert_int_equal(n, 2);
    assert_int_equal(s[0], 512);
    assert_int_equal(s[1], 256);
    assert_int_equal(s[2], 0);
    assert_true(daoctl_parse_shape("7", &n, s));
    assert_int_equal(n, 1);
    assert_true(daoctl_parse_shape("2x3x4294967295", &n, s));
    assert_int_equal(s[2], UINT32_MAX);
    const char *bad[] = {"", "x", "0", "2x0", "2x", "x2", "2x3x4x5", "-2", "+2", "2x 3", "2.5", "4294967296", "2xx3"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (daoctl_parse_shape(bad[i], &n, s))
            fail_msg("shape '%s' accepted", bad[i]);
    }
    /* What daoctl prints as a shape, it reads back. */
    char buf[DAOCOMMON_SHAPE_TEXT_MAX];
    daocommon_shape_format(buf, sizeof(buf), 3, (uint32_t[]){2, 3, 4}, DAOCOMMON_SHAPE_COMPACT);
    assert_true(daoctl_parse_shape(buf, &n, s));
    assert_int_equal(n, 3);
    assert_int_equal(s[2], 4);
}

static void test_numbers(void **state)
{
    (void)state;
    uint64_t u;
    assert_true(daoctl_parse_uint("0", 0, 10, &u));
    assert_true(daoctl_parse_uint("18446744073709551615", 0, UINT64_MAX, &u));
    assert_true(u == UINT64_MAX);
    assert_false(daoctl_parse_uint("18446744073709551616", 0, UINT64_MAX, &u));
    assert_false(daoctl_parse_uint("-1", 0, UINT64_MAX, &u));
    assert_false(daoctl_parse_uint(" 1", 0, 10, &u));
    assert_false(daoctl_parse_uint("11", 0, 10, &u));
    assert_false(daoctl_parse_uint("0", 1, 10, &u));
    assert_false(daoctl_parse_uint("1k", 0, 10, &u));
    double d;
    assert_true(daoctl_parse_seconds("0.25", &d));
    assert_true(d == 0.25);
    assert_false(daoctl_parse_seconds("-0.1", &d));
    assert_false(daoctl_parse_seconds("inf", &d));
    assert_false(daoctl_parse_seconds("nan", &d));
    assert_false(daoctl_parse_seconds("1s", &d));
    assert_false(daoctl_parse_seconds("", &d));
}

static void test_fill_integers(void **state)
{
    (void)state;
    unsigned char e[FILL_MAX_ELEMENT];
    assert_null(fill_parse(DAO_UINT8, "255", e));
    assert_int_equal(e[0], 255);
    assert_non_null(fill_parse(DAO_UINT8, "256", e));
    assert_non_null(fill_parse(DAO_UINT8, "-1", e));
    assert_non_null(fill_parse(DAO_UINT8, " -1", e));
    assert_null(fill_parse(DAO_INT16, "-32768", e));
    int16_t i16;
    memcpy(&i16, e, 2);
    assert_int_equal(i16, -32768);
    assert_non_null(fill_parse(DAO_INT16, "32768", e));
    assert_null(fill_parse(DAO_INT64, "-9223372036854775808", e));
    assert_non_null(fill_parse(DAO_INT64, "9223372036854775808", e));
    assert_null(fill_parse(DAO_UINT64, "18446744073709551615", e));
    assert_non_null(fill_parse(DAO_UINT64, "18446744073709551616", e));
    assert_non_null(fill_parse(DAO_UINT32, "1.0", e));
    assert_non_null(fill_parse(DAO_UINT32, "0x10", e));
    assert_non_null(fill_parse(DAO_UINT32, "", e));
    assert_non_null(fill_parse((dao_type)99, "1", e));
}

static void test_fill_floats(void **state)
{
    (void)state;
    unsigned char e[FILL_MAX_ELEMENT];
    float f[2];
    double d[2];
    assert_null(fill_parse(DAO_FLOAT, "-1.5", e));
    memcpy(f, e, 4);
    assert_true(f[0] == -1.5f);
    assert_null(fill_parse(DAO_FLOAT, "nan", e));
    memcpy(f, e, 4);
    assert_true(isnan(f[0]));
    assert_null(fill_parse(DAO_FLOAT, "-inf", e));
    assert_non_null(fill_parse(DAO_FLOAT, "1e39", e)); /* finite, but not as a float32 */
    assert_null(fill_parse(DAO_DOUBLE, "1e39", e));
    assert_non_null(fill_parse(DAO_DOUBLE, "1e400", e));
    assert_non_null(fill_parse(DAO_DOUBLE, "1.0,2", e));
    assert_null(fill_parse(DAO_COMPLEX_FLOAT, "1,-2.5", e));
    memcpy(f, e, 8);
    assert_true(f[0] == 1.0f && f[1] == -2.5f);
    assert_null(fill_parse(DAO_COMPLEX_DOUBLE, "3", e));
    memcpy(d, e, 16);
    assert_true(d[0] == 3.0 && d[1] == 0.0);
    assert_non_null(fill_parse(DAO_COMPLEX_DOUBLE, "1,", e));
    assert_non_null(fill_parse(DAO_COMPLEX_DOUBLE, "1,2,3", e));
}

static void test_fill_repeat(void **state)
{
    (void)state;
    unsigned char buf[7];
    memset(buf, 0xee, sizeof(buf));
    fill_repeat(buf, 6, (const unsigned char *)"\x01\x02", 2);
    assert_memory_equal(buf, "\x01\x02\x01\x02\x01\x02\xee", 7);
}

static void test_stem(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"/tmp/cam.im.shm", "cam"}, {"cam.im.shm", "cam"}, {"/a/b.c/cam.v2.im.shm", "cam"},
        {"/tmp/.hidden.im.shm", ""}, {"/tmp/nodot", "nodot"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *stem = scan_stem(cases[i][0]);
        assert_string_equal(stem, cases[i][1]);
        free(stem);
        /* The same rule as libdao's semaphore names. */
        char name[300], expected[300];
        assert_true(dao_semaphore_name(name, sizeof(name), cases[i][0], 0) > 0);
        snprintf(expected, sizeof(expected), "/%s_sem00", cases[i][1]);
        assert_string_equal(name, expected);
    }
    char *j = scan_join("/tmp/", "x");
    assert_string_equal(j, "/tmp/x");
    free(j);
    j = scan_dirname("x.im.shm");
    assert_string_equal(j, ".");
    free(j);
    j = scan_dirname("/x.im.shm");
    assert_string_equal(j, "/");
    free(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shape),       cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_fill_integers), cmocka_unit_test(test_fill_floats),
        cmocka_unit_test(test_fill_repeat), cmocka_unit_test(test_stem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
