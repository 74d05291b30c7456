/* test-daocommon-utf8.c — the UTF-8 check at every boundary of Unicode's
 * table of well-formed sequences. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "daocommon-utf8.h"

static size_t length_of(const char *s)
{
    return daocommon_utf8_sequence_length((const unsigned char *)s);
}

static void test_well_formed(void **state)
{
    (void)state;
    assert_int_equal(length_of("a"), 1);
    assert_int_equal(length_of("\x7f"), 1);
    assert_int_equal(length_of(""), 1); /* the NUL itself */
    assert_int_equal(length_of("\xc2\x80"), 2);         /* U+0080, the first two-byte one */
    assert_int_equal(length_of("\xdf\xbf"), 2);         /* U+07FF */
    assert_int_equal(length_of("\xe0\xa0\x80"), 3);     /* U+0800 */
    assert_int_equal(length_of("\xed\x9f\xbf"), 3);     /* U+D7FF, just below the surrogates */
    assert_int_equal(length_of("\xee\x80\x80"), 3);     /* U+E000, just above them */
    assert_int_equal(length_of("\xef\xbf\xbf"), 3);     /* U+FFFF */
    assert_int_equal(length_of("\xf0\x90\x80\x80"), 4); /* U+10000 */
    assert_int_equal(length_of("\xf4\x8f\xbf\xbf"), 4); /* U+10FFFF, the last code point */
}

static void test_ill_formed(void **state)
{
    (void)state;
    assert_int_equal(length_of("\x80"), 0);             /* a continuation byte alone */
    assert_int_equal(length_of("\xc0\xaf"), 0);         /* overlong '/' */
    assert_int_equal(length_of("\xc1\xbf"), 0);         /* overlong */
    assert_int_equal(length_of("\xe0\x9f\xbf"), 0);     /* overlong U+07FF */
    assert_int_equal(length_of("\xed\xa0\x80"), 0);     /* U+D800, a surrogate */
    assert_int_equal(length_of("\xed\xbf\xbf"), 0);     /* U+DFFF */
    assert_int_equal(length_of("\xf0\x8f\xbf\xbf"), 0); /* overlong U+FFFF */
    assert_int_equal(length_of("\xf4\x90\x80\x80"), 0); /* U+110000 */
    assert_int_equal(length_of("\xf5\x80\x80\x80"), 0);
    assert_int_equal(length_of("\xff"), 0);
    assert_int_equal(length_of("\xe2\x82"), 0);         /* cut short by the NUL */
    assert_int_equal(length_of("\xe2x\xac"), 0);        /* interrupted */
}

static void test_whole_strings(void **state)
{
    (void)state;
    assert_true(daocommon_utf8_is_valid(""));
    assert_true(daocommon_utf8_is_valid("caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e"));
    assert_false(daocommon_utf8_is_valid("caf\xe9"));        /* Latin-1 */
    assert_false(daocommon_utf8_is_valid("ok\xc3"));         /* cut at the end */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_well_formed),
        cmocka_unit_test(test_ill_formed),
        cmocka_unit_test(test_whole_strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
