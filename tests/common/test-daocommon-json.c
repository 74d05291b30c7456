/* test-daocommon-json.c — the JSON writer: escaping of every kind of byte,
 * commas and nesting, numbers JSON can and cannot hold. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "daocommon-json.h"

typedef struct capture {
    char *text;
    size_t len;
    FILE *out;
} capture;

static void capture_begin(capture *c)
{
    c->out = open_memstream(&c->text, &c->len);
    assert_non_null(c->out);
}

static const char *capture_end(capture *c)
{
    fclose(c->out);
    return c->text;
}

static void check_escaped(const char *in, const char *expected)
{
    capture c;
    capture_begin(&c);
    daocommon_json_write_string(c.out, in);
    assert_string_equal(capture_end(&c), expected);
    free(c.text);
}

static void test_escapes(void **state)
{
    (void)state;
    check_escaped("plain", "\"plain\"");
    check_escaped("", "\"\"");
    check_escaped("a\"b\\c/d", "\"a\\\"b\\\\c/d\"");
    check_escaped("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
    check_escaped("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
}

static void test_utf8(void **state)
{
    (void)state;
    /* Well-formed UTF-8 passes through: é, €, 𝄞. */
    check_escaped("caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e", "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e\"");
    /* Stray continuation byte, Latin-1 byte, truncated sequence at the end,
     * overlong "/", a UTF-16 surrogate, above U+10FFFF: each becomes U+FFFD. */
    check_escaped("\x80", "\"\\ufffd\"");
    check_escaped("a\xe9z", "\"a\\ufffdz\"");
    check_escaped("end\xe2\x82", "\"end\\ufffd\\ufffd\"");
    check_escaped("\xc0\xaf", "\"\\ufffd\\ufffd\"");
    check_escaped("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
    check_escaped("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
}

static void test_compact_document(void **state)
{
    (void)state;
    capture c;
    capture_begin(&c);
    daocommon_json j;
    daocommon_json_init(&j, c.out, false);
    daocommon_json_begin_object(&j);
    daocommon_json_kv_string(&j, "s", "x");
    daocommon_json_kv_int(&j, "i", -5);
    daocommon_json_kv_uint(&j, "u", UINT64_MAX);
    daocommon_json_kv_double(&j, "d", 0.2);
    daocommon_json_kv_double(&j, "nan", NAN);
    daocommon_json_kv_double(&j, "inf", -INFINITY);
    daocommon_json_kv_bool(&j, "t", true);
    daocommon_json_key(&j, "n");
    daocommon_json_string(&j, NULL);
    daocommon_json_key(&j, "empty");
    daocommon_json_begin_array(&j);
    daocommon_json_end_array(&j);
    daocommon_json_key(&j, "list");
    daocommon_json_begin_array(&j);
    daocommon_json_int(&j, 1);
    daocommon_json_begin_object(&j);
    daocommon_json_end_object(&j);
    daocommon_json_begin_array(&j);
    daocommon_json_double(&j, 1e300);
    daocommon_json_end_array(&j);
    daocommon_json_end_array(&j);
    daocommon_json_end_object(&j);
    daocommon_json_finish(&j);
    assert_string_equal(capture_end(&c),
                        "{\"s\":\"x\",\"i\":-5,\"u\":18446744073709551615,\"d\":0.2,\"nan\":null,"
                        "\"inf\":null,\"t\":true,\"n\":null,\"empty\":[],\"list\":[1,{},[1e+300]]}\n");
    free(c.text);
}

static void test_pretty_document(void **state)
{
    (void)state;
    capture c;
    capture_begin(&c);
    daocommon_json j;
    daocommon_json_init(&j, c.out, true);
    daocommon_json_begin_object(&j);
    daocommon_json_key(&j, "a");
    daocommon_json_begin_array(&j);
    daocommon_json_int(&j, 1);
    daocommon_json_int(&j, 2);
    daocommon_json_end_array(&j);
    daocommon_json_kv_string(&j, "b", "c");
    daocommon_json_end_object(&j);
    daocommon_json_finish(&j);
    assert_string_equal(capture_end(&c), "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": \"c\"\n}\n");
    free(c.text);
}

static void test_doubles_round_trip(void **state)
{
    (void)state;
    const double values[] = {0.1, 1.0 / 3.0, 1e-300, 123456789.125, -0.0, 5e-324};
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        capture c;
        capture_begin(&c);
        daocommon_json j;
        daocommon_json_init(&j, c.out, false);
        daocommon_json_double(&j, values[i]);
        const char *text = capture_end(&c);
        assert_true(strtod(text, NULL) == values[i]);
        assert_null(strpbrk(text, "ni")); /* no nan/inf spelled out */
        free(c.text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_compact_document),
        cmocka_unit_test(test_pretty_document),
        cmocka_unit_test(test_doubles_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
