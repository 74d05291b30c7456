/* test-dao-error.c — every code has a name and a sentence. */
#include "test-util.h"

#include <errno.h>
#include <string.h>

static void test_protocol_codes(void **state)
{
#define CHECK(name, value, text)                                  \
    assert_int_equal(DAO_E_##name, value);                        \
    assert_string_equal(dao_err_name(value), "DAO_E_" #name);     \
    assert_string_equal(dao_strerror(value), text);               \
    assert_true((value) < -4095); /* beyond every errno */      \
    assert_true(dao_error_is_protocol(value));
    DAO_ERROR_MAP(CHECK)
#undef CHECK
}

static void test_errno_codes(void **state)
{
    assert_string_equal(dao_err_name(-ENOENT), "ENOENT");
    assert_string_equal(dao_strerror(-ENOENT), "No such file or directory");
    assert_string_equal(dao_err_name(-ETIMEDOUT), "ETIMEDOUT");
    assert_string_equal(dao_err_name(0), "OK");
    assert_string_equal(dao_strerror(0), "success");
    assert_string_equal(dao_strerror(-99999), "unknown error");
    assert_string_equal(dao_err_name(-99999), "UNKNOWN");
    assert_string_equal(dao_strerror(12), "unknown error");
    int not_protocol[] = {0, 1, -ENOENT, -ETIMEDOUT, -4095, -10000, -99999, DAO_E_EMPTY + 1000};
    for (size_t i = 0; i < sizeof(not_protocol) / sizeof(not_protocol[0]); i++)
        assert_false(dao_error_is_protocol(not_protocol[i]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_protocol_codes),
        cmocka_unit_test(test_errno_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
