/* test-dao-type.c — the twelve element types of the format (§4). */
#include "test-util.h"

static void test_sizes_and_names(void **state)
{
    static const struct { int type; size_t size; const char *name; } expected[] = {
        {1, 1, "uint8"},   {2, 1, "int8"},    {3, 2, "uint16"},  {4, 2, "int16"},
        {5, 4, "uint32"},  {6, 4, "int32"},   {7, 8, "uint64"},  {8, 8, "int64"},
        {9, 4, "float32"}, {10, 8, "float64"}, {11, 8, "complex64"}, {12, 16, "complex128"},
    };
    for (size_t i = 0; i < 12; i++) {
        assert_int_equal(dao_type_size(expected[i].type), expected[i].size);
        assert_string_equal(dao_type_name(expected[i].type), expected[i].name);
        assert_int_equal(dao_type_from_name(expected[i].name), expected[i].type);
    }
    assert_int_equal(dao_type_size(0), 0);
    assert_int_equal(dao_type_size(13), 0);
    assert_null(dao_type_name(0));
    assert_null(dao_type_name(-1));
    assert_int_equal(dao_type_from_name("float"), DAO_FLOAT);
    assert_int_equal(dao_type_from_name("double"), DAO_DOUBLE);
    assert_int_equal(dao_type_from_name("complex_double"), DAO_COMPLEX_DOUBLE);
    assert_int_equal(dao_type_from_name("float16"), DAO_E_BAD_TYPE);
    assert_int_equal(dao_type_from_name(NULL), DAO_E_BAD_TYPE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes_and_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
