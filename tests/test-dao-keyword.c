/* test-dao-keyword.c — the keyword table. */
#include "test-util.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static dao_stream *make_stream(unsigned keywords)
{
    const char *path = test_stream_path();
    uint32_t shape[1] = {2};
    dao_stream *s;
    dao_create_options o = {.version = DAO_CREATE_OPTIONS_VERSION, .keywords = keywords};
    assert_dao_ok(dao_stream_create(&s, path, DAO_UINT8, 1, shape, &o));
    return s;
}

static void test_set_find_and_replace(void **state)
{
    dao_stream *s = make_stream(3);
    assert_int_equal(dao_stream_keyword_capacity(s), 3);
    assert_dao_ok(dao_stream_keyword_set_int(s, "EXPTIME", -7, "exposure, frames"));
    assert_dao_ok(dao_stream_keyword_set_double(s, "GAIN", 2.5, NULL));
    assert_dao_ok(dao_stream_keyword_set_string(s, "FILTER", "H-band 1.65um", "wheel"));

    dao_stream *r;
    assert_dao_ok(dao_stream_open(&r, dao_stream_path(s), 0));
    dao_keyword kw;
    assert_dao_ok(dao_stream_keyword_find(r, "EXPTIME", &kw));
    assert_int_equal(kw.type, DAO_KEYWORD_INT);
    assert_int_equal(kw.value.i, -7);
    assert_string_equal(kw.comment, "exposure, frames");
    assert_dao_ok(dao_stream_keyword_find(r, "GAIN", &kw));
    assert_int_equal(kw.type, DAO_KEYWORD_DOUBLE);
    assert_true(kw.value.d == 2.5);
    assert_string_equal(kw.comment, "");
    assert_dao_ok(dao_stream_keyword_find(r, "FILTER", &kw));
    assert_int_equal(kw.type, DAO_KEYWORD_STRING);
    assert_string_equal(kw.value.s, "H-band 1.65um");
    assert_dao_error(dao_stream_keyword_find(r, "NOPE", &kw), DAO_E_NO_KEYWORD);

    /* Same name: replaced in place, type may change. */
    assert_dao_ok(dao_stream_keyword_set_double(s, "EXPTIME", 0.001, "seconds"));
    assert_dao_ok(dao_stream_keyword_get(r, 0, &kw));
    assert_string_equal(kw.name, "EXPTIME");
    assert_int_equal(kw.type, DAO_KEYWORD_DOUBLE);
    assert_true(kw.value.d == 0.001);
    assert_dao_error(dao_stream_keyword_set_int(s, "MORE", 1, NULL), DAO_E_KEYWORDS_FULL);
    assert_dao_error(dao_stream_keyword_get(r, 3, &kw), -EINVAL);
    dao_stream_close(r);
    dao_stream_close(s);
}

static void test_limits_are_refused_not_cut(void **state)
{
    dao_stream *s = make_stream(1);
    char comment[82];
    memset(comment, 'c', 81);
    comment[81] = '\0';
    assert_dao_error(dao_stream_keyword_set_int(s, "ABCDEFGHIJKLMNOPQ", 1, NULL), -ENAMETOOLONG);
    assert_dao_error(dao_stream_keyword_set_string(s, "S", "0123456789abcdefg", NULL), -EOVERFLOW);
    assert_dao_error(dao_stream_keyword_set_int(s, "C", 1, comment), -EOVERFLOW);
    assert_dao_error(dao_stream_keyword_set_int(s, "", 1, NULL), -EINVAL);
    /* Exactly at the limits is fine, and comes back NUL-terminated. */
    comment[80] = '\0';
    assert_dao_ok(dao_stream_keyword_set_string(s, "ABCDEFGHIJKLMNOP", "0123456789abcdef", comment));
    dao_keyword kw;
    assert_dao_ok(dao_stream_keyword_find(s, "ABCDEFGHIJKLMNOP", &kw));
    assert_string_equal(kw.name, "ABCDEFGHIJKLMNOP");
    assert_string_equal(kw.value.s, "0123456789abcdef");
    assert_int_equal(strlen(kw.comment), 80);
    dao_stream_close(s);
}

static void test_unterminated_and_unknown_entries_from_a_file(void **state)
{
    dao_stream *s = make_stream(2);
    /* Fill entry 0 with no NUL anywhere and an unknown type. */
    int fd = open(dao_stream_path(s), O_RDWR);
    uint8_t raw[120];
    memset(raw, 'Z', sizeof(raw));
    raw[16] = 'Q';
    off_t at = 4304 + 2;
    assert_int_equal(pwrite(fd, raw, sizeof(raw), at), (ssize_t)sizeof(raw));
    close(fd);
    dao_keyword kw;
    assert_dao_ok(dao_stream_keyword_get(s, 0, &kw));
    assert_int_equal(strlen(kw.name), 16);
    assert_int_equal(strlen(kw.comment), 80);
    assert_int_equal(kw.type, DAO_KEYWORD_UNUSED);
    /* An unknown type counts as free. */
    assert_dao_ok(dao_stream_keyword_set_int(s, "A", 1, NULL));
    assert_dao_ok(dao_stream_keyword_set_int(s, "B", 2, NULL));
    assert_dao_ok(dao_stream_keyword_get(s, 0, &kw));
    assert_string_equal(kw.name, "A");
    dao_stream_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_find_and_replace),
        cmocka_unit_test(test_limits_are_refused_not_cut),
        cmocka_unit_test(test_unterminated_and_unknown_entries_from_a_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
