/* test-dao-write.c — publishing frames: counters, times, posts, the
 * zero-copy path and what a writer may not do. */
#include "test-util.h"

#include <string.h>
#include <time.h>

static dao_stream *make_writer(dao_type type, unsigned n)
{
    const char *path = test_stream_path();
    uint32_t shape[1] = {n};
    dao_stream *s;
    assert_dao_ok(dao_stream_create(&s, path, type, 1, shape, NULL));
    return s;
}

static void test_each_write_bumps_the_counter_and_stamps_the_time(void **state)
{
    dao_stream *w = make_writer(DAO_UINT16, 8);
    uint16_t frame[8] = {0};
    struct timespec now;
    for (uint64_t i = 1; i <= 5; i++) {
        frame[0] = (uint16_t)i;
        assert_dao_ok(dao_stream_write(w, frame, sizeof(frame)));
        clock_gettime(CLOCK_REALTIME, &now);
        int64_t now_ns = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
        assert_int_equal(dao_stream_counter(w), i);
        int64_t t = dao_stream_write_time_ns(w);
        assert_true(t <= now_ns && t > now_ns - 5 * 1000000000LL);
    }
    dao_metadata md = DAO_METADATA_INIT;
    assert_dao_ok(dao_stream_metadata(w, 0, &md));
    assert_int_equal(md.write, 0);
    assert_int_equal(md.cnt0, 5);
    assert_dao_error(dao_stream_write(w, frame, sizeof(frame) + 1), DAO_E_SIZE_MISMATCH);
    assert_int_equal(dao_stream_counter(w), 5);
    dao_stream_close(w);
}

static void test_zero_copy_producer(void **state)
{
    dao_stream *w = make_writer(DAO_FLOAT, 4);
    dao_stream *r;
    assert_dao_ok(dao_stream_open(&r, dao_stream_path(w), 0));
    void *data;
    assert_dao_ok(dao_stream_write_begin(w, &data));
    assert_ptr_equal(data, dao_stream_data(w)); /* depth 1: the frame in place */
    dao_metadata md = DAO_METADATA_INIT;
    assert_dao_ok(dao_stream_metadata(r, 0, &md));
    assert_int_equal(md.write, 1); /* readers see a write in progress */
    float *f = data;
    for (int i = 0; i < 4; i++)
        f[i] = 0.5f * (float)i;
    assert_int_equal(dao_stream_counter(r), 0);
    assert_dao_ok(dao_stream_write_commit(w));
    assert_int_equal(dao_stream_counter(r), 1);
    assert_dao_ok(dao_stream_wait(r, 0, 0));
    float copy[4];
    assert_dao_ok(dao_stream_read(r, copy, sizeof(copy), TEST_READ_TIMEOUT_NS, NULL));
    assert_true(copy[3] == 1.5f);
    assert_dao_error(dao_stream_write_commit(w), DAO_E_NOT_WRITING);
    dao_stream_close(r);
    dao_stream_close(w);
}

static void test_read_only_handles_do_not_write(void **state)
{
    dao_stream *w = make_writer(DAO_UINT8, 2);
    dao_stream *r;
    assert_dao_ok(dao_stream_open(&r, dao_stream_path(w), DAO_OPEN_READ_ONLY));
    assert_true(dao_stream_is_read_only(r));
    uint8_t frame[2] = {1, 2};
    void *data;
    assert_dao_error(dao_stream_write(r, frame, sizeof(frame)), DAO_E_READ_ONLY);
    assert_dao_error(dao_stream_write_begin(r, &data), DAO_E_READ_ONLY);
    assert_dao_error(dao_stream_keyword_set_int(r, "A", 1, NULL), DAO_E_READ_ONLY);
    assert_int_equal(dao_stream_counter(r), 0);
    dao_stream_close(r);
    dao_stream_close(w);
}

static void test_every_type_round_trips(void **state)
{
    for (int t = DAO_TYPE_FIRST; t <= DAO_TYPE_LAST; t++) {
        dao_stream *w = make_writer((dao_type)t, 5);
        size_t size = dao_stream_frame_size(w);
        assert_int_equal(size, 5 * dao_type_size(t));
        uint8_t frame[80], copy[80];
        for (size_t i = 0; i < size; i++)
            frame[i] = (uint8_t)(i * 7 + (size_t)t);
        assert_dao_ok(dao_stream_write(w, frame, size));
        dao_stream *r;
        assert_dao_ok(dao_stream_open(&r, dao_stream_path(w), 0));
        assert_int_equal(dao_stream_type(r), t);
        assert_int_equal(dao_stream_element_size(r), dao_type_size(t));
        assert_dao_ok(dao_stream_read(r, copy, size, TEST_READ_TIMEOUT_NS, NULL));
        assert_memory_equal(copy, frame, size);
        dao_stream_close(r);
        dao_stream_close(w);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_write_bumps_the_counter_and_stamps_the_time),
        cmocka_unit_test(test_zero_copy_producer),
        cmocka_unit_test(test_read_only_handles_do_not_write),
        cmocka_unit_test(test_every_type_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
