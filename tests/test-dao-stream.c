/* test-dao-stream.c — accessors and the raw header view. */
#include "test-util.h"

#include <errno.h>
#include <string.h>

static void test_geometry_of_a_cube(void **state)
{
    const char *path = test_stream_path();
    uint32_t shape[3] = {3, 4, 5};
    dao_stream *s;
    dao_create_options o = {.version = DAO_CREATE_OPTIONS_VERSION, .semaphores = 7, .keywords = 2, .fifo_depth = 2};
    assert_dao_ok(dao_stream_create(&s, path, DAO_COMPLEX_FLOAT, 3, shape, &o));
    assert_int_equal(dao_stream_naxis(s), 3);
    assert_int_equal(dao_stream_shape(s)[2], 5);
    assert_int_equal(dao_stream_element_count(s), 60);
    assert_int_equal(dao_stream_element_size(s), 8);
    assert_int_equal(dao_stream_frame_size(s), 480);
    assert_int_equal(dao_stream_fifo_depth(s), 2);
    assert_int_equal(dao_stream_semaphore_count(s), 7);
    assert_int_equal(dao_stream_keyword_capacity(s), 2);
    assert_int_equal(dao_stream_file_size(s), 2 * 4304 + 2 * 480 + 2 * 120);
    assert_int_equal(dao_stream_expected_file_size(s), dao_stream_file_size(s));

    dao_metadata md = DAO_METADATA_INIT;
    assert_dao_ok(dao_stream_metadata(s, 1, &md));
    assert_int_equal(md.naxis, 3);
    assert_int_equal(md.atype, DAO_COMPLEX_FLOAT);
    assert_int_equal(md.nelement, 60);
    assert_int_equal(md.sem, 0); /* md[0] only */
    assert_dao_ok(dao_stream_metadata(s, 0, &md));
    assert_int_equal(md.sem, 7);
    assert_int_equal(md.fifo_size, 2);
    assert_int_equal(md.nbkw, 2);
    assert_int_equal(md.shared, 1);
    assert_string_equal(md.name, path);
    assert_dao_error(dao_stream_metadata(s, 2, &md), -EINVAL);
    /* The caller says which version it holds; an unknown one is refused. */
    dao_metadata unversioned = {0};
    assert_dao_error(dao_stream_metadata(s, 0, &unversioned), -EINVAL);

    /* FIFO counters continue across segments. */
    uint8_t frame[480] = {0};
    for (int i = 1; i <= 5; i++) {
        frame[0] = (uint8_t)i;
        assert_dao_ok(dao_stream_write(s, frame, sizeof(frame)));
        assert_int_equal(dao_stream_counter(s), i);
        assert_int_equal(((const uint8_t *)dao_stream_data(s))[0], i);
    }
    dao_stream_close(s);
}

static void test_version(void **state)
{
    assert_string_equal(dao_version(), DAO_TEST_VERSION);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_geometry_of_a_cube),
        cmocka_unit_test(test_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
