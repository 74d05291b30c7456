/* test-dao-open.c — opening streams: valid files from other writers, and a
 * corpus of bad files each with its exact error and no crash. */
#include "test-util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dao-format.h"

/* Builds, byte by byte, the file an existing DAO writer would leave: the
 * layout of docs/shm-format.md, independent of libdao's own create. */
typedef struct {
    uint8_t naxis;
    uint32_t size[3];
    uint64_t nelement; /* 0: the product of size */
    uint8_t atype;
    uint16_t sem;
    uint16_t nbkw;
    uint32_t fifo_size; /* as stored; 0 is what old writers leave */
    uint32_t fifo_last_written;
    long truncate_by;   /* bytes cut off the end */
    size_t file_size;   /* if not 0: write just this many bytes */
} raw_stream;

static void write_raw(const char *path, const raw_stream *r)
{
    uint64_t n = 1;
    for (unsigned i = 0; i < r->naxis && i < 3; i++)
        n *= r->size[i];
    uint64_t nelement = r->nelement ? r->nelement : n;
    uint64_t depth = r->fifo_size ? r->fifo_size : 1;
    size_t esize = dao_type_size(r->atype) ? dao_type_size(r->atype) : 1;
    size_t size = depth * DAO__MD_SIZE + depth * n * esize + (size_t)r->nbkw * DAO__KEYWORD_SIZE;
    size -= (size_t)r->truncate_by;
    if (r->file_size)
        size = r->file_size;
    uint8_t *bytes = calloc(1, size > DAO__MD_SIZE * depth ? size : DAO__MD_SIZE * depth);
    for (uint64_t i = 0; i < depth; i++) {
        dao__md *md = (dao__md *)(bytes + i * DAO__MD_SIZE);
        snprintf(md->name, sizeof(md->name), "%s", path);
        md->naxis = r->naxis;
        memcpy(md->size, r->size, sizeof(md->size));
        md->nelement = nelement;
        md->atype = r->atype;
        md->shared = 1;
        md->nbkw = r->nbkw;
        md->cnt0 = 40 + i;
    }
    dao__md *md0 = (dao__md *)bytes;
    md0->sem = r->sem;
    md0->fifo_size = r->fifo_size;
    md0->fifo_last_written = r->fifo_last_written;
    test_write_file(path, bytes, size);
    free(bytes);
}

static void expect_open_error(const raw_stream *r, int code)
{
    const char *path = test_stream_path();
    write_raw(path, r);
    dao_stream *s = (dao_stream *)0x1;
    assert_dao_error(dao_stream_open(&s, path, 0), code);
    assert_null(s);
}

static const raw_stream good_2d = {.naxis = 2, .size = {10, 10, 0}, .atype = DAO_UINT16, .sem = 10};

static void test_opens_an_existing_writers_2d_stream(void **state)
{
    const char *path = test_stream_path();
    write_raw(path, &good_2d);
    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, path, 0));
    assert_int_equal(dao_stream_type(s), DAO_UINT16);
    assert_int_equal(dao_stream_naxis(s), 2);
    assert_int_equal(dao_stream_shape(s)[0], 10);
    assert_int_equal(dao_stream_shape(s)[1], 10);
    assert_int_equal(dao_stream_shape(s)[2], 0);
    assert_int_equal(dao_stream_element_count(s), 100);
    assert_int_equal(dao_stream_frame_size(s), 200);
    assert_int_equal(dao_stream_fifo_depth(s), 1); /* fifo_size 0 from an old writer */
    assert_int_equal(dao_stream_semaphore_count(s), 10);
    assert_int_equal(dao_stream_counter(s), 40);
    assert_int_equal(dao_stream_file_size(s), 4504);
    assert_int_equal(dao_stream_expected_file_size(s), 4504);
    assert_string_equal(dao_stream_path(s), path);
    assert_false(dao_stream_is_read_only(s));
    dao_stream_close(s);
}

static void test_opens_1d_streams(void **state)
{
    const char *path = test_stream_path();
    raw_stream r = {.naxis = 1, .size = {97, 0, 0}, .atype = DAO_FLOAT, .sem = 10};
    write_raw(path, &r);
    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, path, 0));
    assert_int_equal(dao_stream_naxis(s), 1);
    assert_int_equal(dao_stream_shape(s)[0], 97);
    assert_int_equal(dao_stream_frame_size(s), 97 * 4);
    dao_stream_close(s);
}

static void test_opens_fifo_streams_and_reads_the_newest_segment(void **state)
{
    const char *path = test_stream_path();
    raw_stream r = {.naxis = 2, .size = {4, 4, 0}, .atype = DAO_INT32, .sem = 3, .fifo_size = 3,
                    .fifo_last_written = 2};
    write_raw(path, &r);
    /* Give each segment a distinct value; segment 2 is the newest. */
    {
        dao_stream *w;
        assert_dao_ok(dao_stream_open(&w, path, 0));
        int32_t *data = (int32_t *)((uint8_t *)dao_stream_data(w) - 2 * 64);
        for (int seg = 0; seg < 3; seg++)
            for (int i = 0; i < 16; i++)
                data[seg * 16 + i] = 100 * seg + i;
        dao_stream_close(w);
    }
    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, path, 0));
    assert_int_equal(dao_stream_fifo_depth(s), 3);
    assert_int_equal(dao_stream_counter(s), 42); /* md[2].cnt0 */
    int32_t frame[16];
    dao_frame_info info;
    assert_dao_ok(dao_stream_read(s, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, &info));
    assert_int_equal(info.segment, 2);
    assert_int_equal(info.counter, 42);
    assert_int_equal(frame[0], 200);
    assert_int_equal(frame[15], 215);

    /* A libdao write goes to the next segment and continues the counter. */
    int32_t next[16];
    for (int i = 0; i < 16; i++)
        next[i] = -i;
    assert_dao_ok(dao_stream_write(s, next, sizeof(next)));
    assert_int_equal(dao_stream_counter(s), 43);
    assert_dao_ok(dao_stream_read(s, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, &info));
    assert_int_equal(info.segment, 0);
    assert_int_equal(frame[15], -15);
    dao_metadata md = DAO_METADATA_INIT;
    assert_dao_ok(dao_stream_metadata(s, 0, &md));
    assert_int_equal(md.fifo_last_written, 0);
    assert_int_equal(md.cnt0, 43);
    dao_stream_close(s);
}

static void test_larger_file_than_needed_is_accepted(void **state)
{
    const char *path = test_stream_path();
    write_raw(path, &good_2d);
    assert_int_equal(truncate(path, 8192), 0);
    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, path, 0));
    assert_int_equal(dao_stream_file_size(s), 8192);
    assert_int_equal(dao_stream_expected_file_size(s), 4504);
    dao_stream_close(s);
}

/* ---- the bad-file corpus ---- */

static void test_empty_file(void **state)
{
    const char *path = test_stream_path();
    test_write_file(path, "", 0);
    dao_stream *s;
    assert_dao_error(dao_stream_open(&s, path, 0), DAO_E_EMPTY);
    assert_null(s);
}

static void test_truncated_header(void **state)
{
    const char *path = test_stream_path();
    uint8_t bytes[100] = {0};
    test_write_file(path, bytes, sizeof(bytes));
    dao_stream *s;
    assert_dao_error(dao_stream_open(&s, path, 0), DAO_E_TRUNCATED_HEADER);
    raw_stream r = good_2d;
    r.truncate_by = 4504 - 4303;
    expect_open_error(&r, DAO_E_TRUNCATED_HEADER);
}

static void test_truncated_data(void **state)
{
    raw_stream r = good_2d;
    r.truncate_by = 1;
    expect_open_error(&r, DAO_E_TRUNCATED_DATA);
}

static void test_naxis_0_and_4(void **state)
{
    raw_stream r = good_2d;
    r.naxis = 0;
    expect_open_error(&r, DAO_E_BAD_NAXIS);
    r.naxis = 4;
    expect_open_error(&r, DAO_E_BAD_NAXIS);
    r.naxis = 255;
    expect_open_error(&r, DAO_E_BAD_NAXIS);
}

static void test_atype_0_and_13(void **state)
{
    raw_stream r = good_2d;
    r.atype = 0;
    expect_open_error(&r, DAO_E_BAD_TYPE);
    r.atype = 13;
    expect_open_error(&r, DAO_E_BAD_TYPE);
    r.atype = 255;
    expect_open_error(&r, DAO_E_BAD_TYPE);
}

static void test_extents_whose_product_overflows(void **state)
{
    raw_stream r = {.naxis = 3, .size = {UINT32_MAX, UINT32_MAX, UINT32_MAX}, .atype = DAO_UINT8,
                    .nelement = 1, .sem = 10, .file_size = 4504};
    expect_open_error(&r, DAO_E_BAD_SHAPE);
    /* 2^61 elements: a valid count, but not once multiplied by 16 bytes. */
    raw_stream big = {.naxis = 3, .size = {1u << 21, 1u << 20, 1u << 20}, .atype = DAO_COMPLEX_DOUBLE,
                      .sem = 10, .file_size = 4504};
    expect_open_error(&big, DAO_E_BAD_SHAPE);
    /* A huge but representable frame is simply not in the file. */
    raw_stream large = {.naxis = 3, .size = {65536, 65536, 65536}, .atype = DAO_DOUBLE, .sem = 10,
                        .file_size = 4504};
    expect_open_error(&large, DAO_E_TRUNCATED_DATA);
}

static void test_zero_extent(void **state)
{
    raw_stream r = good_2d;
    r.size[1] = 0;
    r.nelement = 1;
    expect_open_error(&r, DAO_E_BAD_SHAPE);
}

static void test_nelement_inconsistent_with_extents(void **state)
{
    raw_stream r = good_2d;
    r.nelement = 99;
    expect_open_error(&r, DAO_E_BAD_NELEMENT);
}

static void test_fifo_size_huge(void **state)
{
    /* Written with depth 1 but claiming 2^32-1 segments. */
    const char *path = test_stream_path();
    write_raw(path, &good_2d);
    int fd = open(path, O_RDWR);
    uint32_t huge = UINT32_MAX;
    assert_int_equal(pwrite(fd, &huge, 4, 4296), 4);
    close(fd);
    dao_stream *s;
    assert_dao_error(dao_stream_open(&s, path, 0), DAO_E_BAD_FIFO);

    raw_stream r = good_2d;
    r.fifo_size = 2;
    r.fifo_last_written = 2;
    expect_open_error(&r, DAO_E_BAD_FIFO);
}

static void test_nbkw_huge(void **state)
{
    const char *path = test_stream_path();
    write_raw(path, &good_2d);
    int fd = open(path, O_RDWR);
    uint16_t huge = UINT16_MAX;
    assert_int_equal(pwrite(fd, &huge, 2, 178), 2);
    close(fd);
    dao_stream *s;
    assert_dao_error(dao_stream_open(&s, path, 0), DAO_E_BAD_KEYWORDS);
}

static void test_semaphore_count_above_100(void **state)
{
    raw_stream r = good_2d;
    r.sem = 101;
    expect_open_error(&r, DAO_E_BAD_SEMAPHORES);
}

static void test_a_directory(void **state)
{
    dao_stream *s;
    assert_dao_error(dao_stream_open(&s, test_dir(), 0), -EISDIR);
    assert_dao_error(dao_stream_open(&s, test_dir(), DAO_OPEN_READ_ONLY), -EISDIR);
    assert_null(s);
}

static void test_a_fifo(void **state)
{
    const char *path = test_stream_path();
    assert_int_equal(mkfifo(path, 0600), 0);
    dao_stream *s;
    /* Must return at once, not block waiting for a FIFO writer. */
    assert_dao_error(dao_stream_open(&s, path, 0), DAO_E_NOT_REGULAR);
    assert_dao_error(dao_stream_open(&s, path, DAO_OPEN_READ_ONLY), DAO_E_NOT_REGULAR);
}

static void test_a_symlink_loop(void **state)
{
    const char *a = test_stream_path();
    const char *b = test_stream_path();
    assert_int_equal(symlink(b, a), 0);
    assert_int_equal(symlink(a, b), 0);
    dao_stream *s;
    assert_dao_error(dao_stream_open(&s, a, 0), -ELOOP);
}

static void test_no_permission(void **state)
{
    if (geteuid() == 0) {
        /* root ignores file modes; drop to an ordinary user in a child. */
        const char *path = test_stream_path();
        write_raw(path, &good_2d);
        assert_int_equal(chmod(path, 0000), 0);
        assert_int_equal(chmod(test_dir(), 0755), 0); /* the file's mode, not the directory's, refuses */
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            if (setgid(65534) < 0 || setuid(65534) < 0)
                _exit(77);
            dao_stream *s;
            _exit(dao_stream_open(&s, path, 0) == -EACCES && s == NULL ? 0 : 1);
        }
        int status = test_wait_child(pid);
        if (status == 77)
            skip();
        assert_int_equal(status, 0);
    } else {
        const char *path = test_stream_path();
        write_raw(path, &good_2d);
        assert_int_equal(chmod(path, 0000), 0);
        dao_stream *s;
        assert_dao_error(dao_stream_open(&s, path, 0), -EACCES);
    }
}

static int open_read_only_as_nobody(void *arg)
{
    const char *path = arg;
    if (setgid(65534) < 0 || setuid(65534) < 0)
        return 77;
    dao_stream *s;
    if (dao_stream_open(&s, path, 0) != 0)
        return 1;
    int ok = dao_stream_is_read_only(s) && dao_stream_counter(s) == 40;
    uint16_t frame[100] = {0};
    ok = ok && dao_stream_write(s, frame, sizeof(frame)) == DAO_E_READ_ONLY;
    int slot;
    ok = ok && dao_stream_slot_claim(s, &slot) == DAO_E_READ_ONLY;
    ok = ok && dao_stream_read(s, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, NULL) == 0;
    dao_stream_close(s);
    return ok ? 0 : 2;
}

static void test_someone_elses_stream_opens_read_only(void **state)
{
    const char *path = test_stream_path();
    write_raw(path, &good_2d);
    assert_int_equal(chmod(path, 0644), 0);
    assert_int_equal(chmod(test_dir(), 0755), 0);
    if (geteuid() != 0)
        skip();
    int status = test_wait_child(test_fork(open_read_only_as_nobody, (void *)path));
    if (status == 77)
        skip();
    assert_int_equal(status, 0);
}

static void test_path_of_256_characters(void **state)
{
    char path[300];
    memset(path, 'a', sizeof(path));
    path[256] = '\0';
    dao_stream *s;
    assert_dao_error(dao_stream_open(&s, path, 0), -ENAMETOOLONG);
    assert_null(s);
    uint32_t shape[1] = {4};
    assert_dao_error(dao_stream_create(&s, path, DAO_UINT8, 1, shape, NULL), -ENAMETOOLONG);
    assert_null(s);
}

static void test_missing_file_and_empty_path(void **state)
{
    dao_stream *s;
    char path[300];
    snprintf(path, sizeof(path), "%s/missing.im.shm", test_dir());
    assert_dao_error(dao_stream_open(&s, path, 0), -ENOENT);
    assert_dao_error(dao_stream_open(&s, "", 0), -ENOENT);
    assert_dao_error(dao_stream_open(&s, NULL, 0), -EINVAL);
    assert_dao_error(dao_stream_open(NULL, path, 0), -EINVAL);
}

static void test_missing_semaphores(void **state)
{
    /* A stream whose semaphores were never created (or were removed):
     * it opens, can be read and spun on, and a semaphore wait says clearly
     * why it cannot work instead of creating a semaphore nobody posts. */
    const char *path = test_stream_path();
    write_raw(path, &good_2d);
    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, path, 0));
    uint16_t frame[100];
    assert_dao_ok(dao_stream_read(s, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, NULL));
    uint64_t counter;
    assert_dao_ok(dao_stream_spin_until(s, 40, 0, &counter));
    assert_dao_error(dao_stream_wait(s, 0, 1000), DAO_E_NO_SEMAPHORES);
    int value;
    assert_dao_error(dao_stream_semaphore_value(s, 0, &value), DAO_E_NO_SEMAPHORES);
    char name[64];
    dao_semaphore_name(name, sizeof(name), path, 0);
    char shm[128];
    snprintf(shm, sizeof(shm), "/dev/shm/sem.%s", name + 1);
    assert_int_equal(access(shm, F_OK), -1); /* still not created */
    /* A writer through this handle creates them, as DAO writers do. */
    assert_dao_ok(dao_stream_write(s, frame, sizeof(frame)));
    assert_dao_ok(dao_stream_wait(s, 0, 0));
    dao_stream_close(s);
}

static void test_close_null_does_nothing(void **state)
{
    dao_stream_close(NULL);
}

/* Every prefix of a valid file must open or fail cleanly, never crash. */
static void test_every_truncation_of_a_valid_file(void **state)
{
    const char *path = test_stream_path();
    raw_stream r = {.naxis = 2, .size = {3, 5, 0}, .atype = DAO_DOUBLE, .sem = 2, .nbkw = 2};
    write_raw(path, &r);
    size_t size;
    uint8_t *bytes = test_read_file(path, &size);
    for (size_t len = 0; len <= size; len += (len < 4400 ? 97 : 1)) {
        test_write_file(path, bytes, len);
        dao_stream *s;
        int rc = dao_stream_open(&s, path, 0);
        if (len == size)
            assert_dao_ok(rc);
        else
            assert_true(rc == DAO_E_EMPTY || rc == DAO_E_TRUNCATED_HEADER || rc == DAO_E_TRUNCATED_DATA ||
                        rc == DAO_E_BAD_KEYWORDS);
        dao_stream_close(s);
    }
    free(bytes);
}

/* Random garbage in each header byte: open either succeeds with a geometry
 * that fits the file, or fails with a protocol code. */
static void test_random_header_bytes_never_crash(void **state)
{
    const char *path = test_stream_path();
    raw_stream r = {.naxis = 2, .size = {8, 8, 0}, .atype = DAO_UINT8, .sem = 10, .nbkw = 1};
    write_raw(path, &r);
    size_t size;
    uint8_t *good = test_read_file(path, &size);
    uint8_t *bytes = malloc(size);
    srand(12345);
    for (int round = 0; round < 2000; round++) {
        memcpy(bytes, good, size);
        for (int k = 0; k < 4; k++)
            bytes[rand() % 220] = (uint8_t)rand();
        if (round % 7 == 0)
            bytes[4296 + rand() % 8] = (uint8_t)rand();
        test_write_file(path, bytes, size);
        dao_stream *s;
        int rc = dao_stream_open(&s, path, 0);
        if (rc == 0) {
            assert_true(dao_stream_expected_file_size(s) <= size);
            uint8_t *frame = malloc(dao_stream_frame_size(s));
            int read_rc = dao_stream_read(s, frame, dao_stream_frame_size(s), TEST_READ_TIMEOUT_NS, NULL);
            assert_true(read_rc == 0 || read_rc == DAO_E_TORN); /* a stuck write flag */
            free(frame);
            dao_stream_close(s);
        } else {
            assert_true(rc <= DAO_E_EMPTY && rc >= DAO_E_NOT_WRITING);
        }
    }
    free(bytes);
    free(good);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_opens_an_existing_writers_2d_stream),
        cmocka_unit_test(test_opens_1d_streams),
        cmocka_unit_test(test_opens_fifo_streams_and_reads_the_newest_segment),
        cmocka_unit_test(test_larger_file_than_needed_is_accepted),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_truncated_header),
        cmocka_unit_test(test_truncated_data),
        cmocka_unit_test(test_naxis_0_and_4),
        cmocka_unit_test(test_atype_0_and_13),
        cmocka_unit_test(test_extents_whose_product_overflows),
        cmocka_unit_test(test_zero_extent),
        cmocka_unit_test(test_nelement_inconsistent_with_extents),
        cmocka_unit_test(test_fifo_size_huge),
        cmocka_unit_test(test_nbkw_huge),
        cmocka_unit_test(test_semaphore_count_above_100),
        cmocka_unit_test(test_a_directory),
        cmocka_unit_test(test_a_fifo),
        cmocka_unit_test(test_a_symlink_loop),
        cmocka_unit_test(test_no_permission),
        cmocka_unit_test(test_someone_elses_stream_opens_read_only),
        cmocka_unit_test(test_path_of_256_characters),
        cmocka_unit_test(test_missing_file_and_empty_path),
        cmocka_unit_test(test_missing_semaphores),
        cmocka_unit_test(test_close_null_does_nothing),
        cmocka_unit_test(test_every_truncation_of_a_valid_file),
        cmocka_unit_test(test_random_header_bytes_never_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
