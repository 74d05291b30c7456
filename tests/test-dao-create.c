/* test-dao-create.c — new streams: the exact bytes, the file mode, and
 * re-creation under readers. */
#include "test-util.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static uint64_t u64_at(const uint8_t *b, size_t off)
{
    uint64_t v;
    memcpy(&v, b + off, 8);
    return v;
}

static uint32_t u32_at(const uint8_t *b, size_t off)
{
    uint32_t v;
    memcpy(&v, b + off, 4);
    return v;
}

static uint16_t u16_at(const uint8_t *b, size_t off)
{
    uint16_t v;
    memcpy(&v, b + off, 2);
    return v;
}

static double f64_at(const uint8_t *b, size_t off)
{
    double v;
    memcpy(&v, b + off, 8);
    return v;
}

/* The format's own example: 10×10 uint16, depth 1, no keywords → 4504
 * bytes with the data at 4304; every field at its documented offset and
 * every other byte 0. */
static void test_bytes_of_a_new_stream_match_the_format(void **state)
{
    const char *path = test_stream_path();
    uint32_t shape[2] = {10, 10};
    dao_stream *s;
    double before = (double)time(NULL);
    assert_dao_ok(dao_stream_create(&s, path, DAO_UINT16, 2, shape, NULL));
    uint16_t frame[100];
    for (int i = 0; i < 100; i++)
        frame[i] = (uint16_t)(1000 + i);
    assert_dao_ok(dao_stream_write(s, frame, sizeof(frame)));

    size_t size;
    uint8_t *b = test_read_file(path, &size);
    assert_int_equal(size, 4504);
    assert_int_equal(strnlen((char *)b, 80), strlen(path) < 79 ? strlen(path) : 79);
    assert_memory_equal(b, path, strnlen((char *)b, 80));
    assert_int_equal(b[80], 2);              /* naxis */
    assert_int_equal(u32_at(b, 84), 10);     /* size[0] */
    assert_int_equal(u32_at(b, 88), 10);     /* size[1] */
    assert_int_equal(u32_at(b, 92), 0);      /* unused axis */
    assert_int_equal(u64_at(b, 96), 100);    /* nelement */
    assert_int_equal(b[104], DAO_UINT16);    /* atype */
    double created = f64_at(b, 112);
    assert_true(created >= before - 1 && created <= before + 5);
    assert_true(f64_at(b, 120) == created);  /* last_access */
    assert_int_equal(u64_at(b, 128), 0);     /* atime, first half */
    int64_t atime = (int64_t)u64_at(b, 136); /* atime, ns */
    assert_true(fabs((double)atime / 1e9 - created) < 5);
    assert_int_equal(b[144], 1);             /* shared */
    assert_int_equal(b[145], 0);             /* status */
    assert_int_equal(b[146], 0);             /* logflag */
    assert_int_equal(u16_at(b, 148), 10);    /* sem */
    assert_int_equal(u64_at(b, 152), 1);     /* cnt0: one write */
    assert_int_equal(u64_at(b, 160), 0);     /* cnt1 */
    assert_int_equal(u64_at(b, 168), 0);     /* cnt2 */
    assert_int_equal(b[176], 0);             /* write */
    assert_int_equal(u16_at(b, 178), 0);     /* NBkw */
    assert_int_equal(u32_at(b, 4296), 1);    /* fifo_size */
    assert_int_equal(u32_at(b, 4300), 0);    /* fifo_last_written */
    /* Pixel order: element i at data offset 4304 + 2i. */
    for (int i = 0; i < 100; i++)
        assert_int_equal(u16_at(b, 4304 + 2 * (size_t)i), 1000 + i);
    /* Everything not listed above is padding and must be 0. */
    static const struct { size_t off, len; } fields[] = {
        {0, 80}, {80, 1}, {84, 12}, {96, 8}, {104, 1}, {112, 8}, {120, 8}, {128, 8}, {136, 8},
        {144, 1}, {145, 1}, {146, 1}, {148, 2}, {152, 8}, {160, 8}, {168, 8}, {176, 1}, {178, 2},
        {180, 16}, {200, 4096}, {4296, 4}, {4300, 4},
    };
    uint8_t listed[4304] = {0};
    for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++)
        memset(listed + fields[f].off, 1, fields[f].len);
    for (size_t i = 0; i < 4304; i++) {
        if (!listed[i] && b[i] != 0)
            fail_msg("padding byte %zu is %u", i, b[i]);
    }
    free(b);
    dao_stream_close(s);
}

static void test_keywords_follow_the_data(void **state)
{
    const char *path = test_stream_path();
    uint32_t shape[1] = {3};
    dao_stream *s;
    dao_create_options o = {.version = DAO_CREATE_OPTIONS_VERSION, .keywords = 2, .semaphores = 4};
    assert_dao_ok(dao_stream_create(&s, path, DAO_DOUBLE, 1, shape, &o));
    assert_dao_ok(dao_stream_keyword_set_int(s, "EXPTIME", 42, "exposure"));
    size_t size;
    uint8_t *b = test_read_file(path, &size);
    assert_int_equal(size, 4304 + 3 * 8 + 2 * 120);
    const uint8_t *kw = b + 4304 + 24;
    assert_string_equal((const char *)kw, "EXPTIME");
    assert_int_equal(kw[16], 'L');
    assert_int_equal(u64_at(kw, 24), 42);
    assert_string_equal((const char *)kw + 40, "exposure");
    assert_int_equal(kw[120 + 16], 'N'); /* the unused entry */
    assert_int_equal(u16_at(b, 148), 4);
    assert_int_equal(u16_at(b, 178), 2);
    free(b);
    dao_stream_close(s);
}

static void test_long_paths_are_cut_to_79_bytes_in_the_name_field(void **state)
{
    char path[256];
    int n = snprintf(path, sizeof(path), "%s/", test_dir());
    memset(path + n, 'p', 255 - (size_t)n);
    path[255] = '\0';
    memcpy(path + 240, "x.im.shm", 9);
    path[248] = '\0';
    /* stem "ppp…px" is short enough for semaphore names */
    dao_stream *s;
    uint32_t shape[1] = {1};
    int rc = dao_stream_create(&s, path, DAO_UINT8, 1, shape, NULL);
    assert_dao_ok(rc);
    dao_metadata md = DAO_METADATA_INIT;
    assert_dao_ok(dao_stream_metadata(s, 0, &md));
    assert_int_equal(strlen(md.name), 79);
    assert_memory_equal(md.name, path, 79);
    dao_stream_close(s);
    assert_dao_ok(dao_stream_unlink(path));

    /* Exactly 255 characters is accepted. */
    memset(path + n, 'q', 255 - (size_t)n);
    path[255] = '\0';
    memcpy(path + n, "y.", 2); /* short stem */
    assert_dao_ok(dao_stream_create(&s, path, DAO_UINT8, 1, shape, NULL));
    dao_stream_close(s);
    assert_dao_ok(dao_stream_unlink(path));
}

/* A name (last component) may use all 255 bytes, although the hidden file a
 * stream is built in carries a few more around it. */
static void test_names_of_242_to_255_bytes(void **state)
{
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_int_equal(chdir(test_dir()), 0);
    for (size_t len = 242; len <= 255; len += 13) {
        char name[256];
        int n = snprintf(name, sizeof(name), "long%ld.", (long)getpid()); /* a stem of our own */
        memset(name + n, 'z', len - (size_t)n);
        name[len] = '\0';
        dao_stream *s;
        uint32_t shape[1] = {1};
        assert_dao_ok(dao_stream_create(&s, name, DAO_UINT8, 1, shape, NULL));
        assert_int_equal(strlen(dao_stream_path(s)), len);
        dao_stream_close(s);
        assert_dao_ok(dao_stream_unlink(name));
    }
    assert_int_equal(chdir(cwd), 0);
}

/* A stream reached through a symbolic link is the stream the link names:
 * its semaphores are the real file's, whichever path each side uses, and
 * creating through the link replaces the real stream and keeps the link. */
static void test_a_symlinked_alias_is_the_stream_it_names(void **state)
{
    const char *real = test_stream_path();
    const char *alias = test_stream_path(); /* another stem */
    uint32_t shape[1] = {4};
    dao_stream *w;
    assert_dao_ok(dao_stream_create(&w, real, DAO_UINT8, 1, shape, NULL));
    dao_stream_close(w);
    assert_int_equal(symlink(real, alias), 0);

    dao_stream *r, *via_alias;
    assert_dao_ok(dao_stream_open(&r, real, 0));
    assert_dao_ok(dao_stream_open(&via_alias, alias, 0));
    int slot, alias_slot;
    assert_dao_ok(dao_stream_slot_claim(r, &slot));
    assert_dao_ok(dao_stream_slot_claim(via_alias, &alias_slot));
    assert_int_not_equal(slot, alias_slot); /* one set of semaphores: two slots */

    assert_dao_ok(dao_stream_open(&w, alias, 0));
    uint8_t frame[4] = {1, 2, 3, 4};
    assert_dao_ok(dao_stream_write(w, frame, sizeof(frame)));
    assert_dao_ok(dao_stream_wait(r, slot, 0));             /* the writer posted the real stream's */
    assert_dao_ok(dao_stream_wait(via_alias, alias_slot, 0));
    dao_stream_close(w);

    assert_dao_ok(dao_stream_create(&w, alias, DAO_UINT8, 1, shape, NULL));
    struct stat st;
    assert_int_equal(lstat(alias, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_dao_error(dao_stream_check_path(r), DAO_E_REPLACED);
    dao_stream_close(w);
    dao_stream_close(r);
    dao_stream_close(via_alias);
    unlink(alias);
}

static void test_file_mode_follows_the_umask(void **state)
{
    const char *path = test_stream_path();
    mode_t old = umask(027);
    uint32_t shape[1] = {4};
    dao_stream *s;
    assert_dao_ok(dao_stream_create(&s, path, DAO_INT8, 1, shape, NULL));
    umask(old);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    dao_stream_close(s);
}

/* An explicit mode is the mode, whatever the umask. */
static void test_explicit_mode_ignores_the_umask(void **state)
{
    const char *path = test_stream_path();
    mode_t old = umask(077);
    uint32_t shape[1] = {4};
    dao_stream *s;
    dao_create_options o = DAO_CREATE_OPTIONS_INIT;
    o.mode = 0664;
    assert_dao_ok(dao_stream_create(&s, path, DAO_INT8, 1, shape, &o));
    umask(old);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0664);
    dao_stream_close(s);
    o.mode = 04755; /* permission bits only */
    assert_dao_error(dao_stream_create(&s, path, DAO_INT8, 1, shape, &o), -EINVAL);
    assert_null(s);
}

/* A struct of a version this libdao does not know (0: a caller that did
 * not start from DAO_CREATE_OPTIONS_INIT) is refused, not misread. */
static void test_options_of_an_unknown_version_are_refused(void **state)
{
    const char *path = test_stream_path();
    uint32_t shape[1] = {4};
    dao_stream *s;
    dao_create_options zero = {0};
    assert_dao_error(dao_stream_create(&s, path, DAO_INT8, 1, shape, &zero), -EINVAL);
    dao_create_options future = DAO_CREATE_OPTIONS_INIT;
    future.version = DAO_CREATE_OPTIONS_VERSION + 1;
    assert_dao_error(dao_stream_create(&s, path, DAO_INT8, 1, shape, &future), -EINVAL);
    assert_null(s);
    assert_int_equal(access(path, F_OK), -1);
}

static void test_bad_arguments(void **state)
{
    const char *path = test_stream_path();
    uint32_t shape[3] = {2, 2, 2};
    uint32_t zero[2] = {2, 0};
    dao_stream *s;
    assert_dao_error(dao_stream_create(&s, path, (dao_type)0, 2, shape, NULL), DAO_E_BAD_TYPE);
    assert_dao_error(dao_stream_create(&s, path, (dao_type)13, 2, shape, NULL), DAO_E_BAD_TYPE);
    assert_dao_error(dao_stream_create(&s, path, DAO_UINT8, 0, shape, NULL), DAO_E_BAD_NAXIS);
    assert_dao_error(dao_stream_create(&s, path, DAO_UINT8, 4, shape, NULL), DAO_E_BAD_NAXIS);
    assert_dao_error(dao_stream_create(&s, path, DAO_UINT8, 2, zero, NULL), DAO_E_BAD_SHAPE);
    dao_create_options many = {.version = DAO_CREATE_OPTIONS_VERSION, .semaphores = 101};
    assert_dao_error(dao_stream_create(&s, path, DAO_UINT8, 2, shape, &many), DAO_E_BAD_SEMAPHORES);
    uint32_t huge[3] = {UINT32_MAX, UINT32_MAX, UINT32_MAX};
    assert_dao_error(dao_stream_create(&s, path, DAO_UINT8, 3, huge, NULL), DAO_E_BAD_SHAPE);
    assert_null(s);
    char missing_dir[300];
    snprintf(missing_dir, sizeof(missing_dir), "%s/no/such/dir/x.im.shm", test_dir());
    assert_dao_error(dao_stream_create(&s, missing_dir, DAO_UINT8, 1, shape, NULL), -ENOENT);
    assert_int_equal(access(path, F_OK), -1); /* nothing left behind */
}

static void test_a_new_stream_starts_at_counter_0_with_fresh_semaphores(void **state)
{
    const char *path = test_stream_path();
    uint32_t shape[1] = {8};
    dao_stream *s;
    assert_dao_ok(dao_stream_create(&s, path, DAO_UINT8, 1, shape, NULL));
    uint8_t frame[8] = {0};
    for (int i = 0; i < 3; i++)
        assert_dao_ok(dao_stream_write(s, frame, sizeof(frame)));
    dao_stream_close(s);
    /* Stale posts are left on every semaphore by the old stream… */
    dao_stream *r;
    assert_dao_ok(dao_stream_open(&r, path, 0));
    int value;
    assert_dao_ok(dao_stream_semaphore_value(r, 4, &value));
    assert_int_equal(value, 1);
    dao_stream_close(r);
    /* …and re-creating it resets them: the first wait blocks until the
     * first write of the new stream. */
    assert_dao_ok(dao_stream_create(&s, path, DAO_UINT8, 1, shape, NULL));
    assert_int_equal(dao_stream_counter(s), 0);
    assert_dao_error(dao_stream_wait(s, 4, 0), -ETIMEDOUT);
    assert_dao_error(dao_stream_wait(s, DAO_DEFAULT_SEMAPHORES - 1, 0), -ETIMEDOUT);
    assert_dao_ok(dao_stream_semaphore_value(s, DAO_SEMLOG, &value));
    assert_int_equal(value, 0);
    assert_dao_ok(dao_stream_write(s, frame, sizeof(frame)));
    assert_dao_ok(dao_stream_wait(s, 4, 0));
    assert_int_equal(dao_stream_counter(s), 1);
    dao_stream_close(s);
}

/* A reader attached to a stream that is re-created with another shape
 * keeps its old, valid mapping and can tell the path changed. */
static void test_recreation_under_a_reader(void **state)
{
    const char *path = test_stream_path();
    uint32_t small[2] = {4, 4};
    dao_stream *w;
    assert_dao_ok(dao_stream_create(&w, path, DAO_FLOAT, 2, small, NULL));
    float frame[16];
    for (int i = 0; i < 16; i++)
        frame[i] = (float)i;
    assert_dao_ok(dao_stream_write(w, frame, sizeof(frame)));
    dao_stream_close(w);

    dao_stream *r;
    assert_dao_ok(dao_stream_open(&r, path, 0));
    assert_dao_ok(dao_stream_check_path(r));

    uint32_t big[3] = {3, 64, 64};
    assert_dao_ok(dao_stream_create(&w, path, DAO_UINT16, 3, big, NULL));
    /* The old mapping is intact: reading it does not SIGBUS. */
    float old[16];
    assert_dao_ok(dao_stream_read(r, old, sizeof(old), TEST_READ_TIMEOUT_NS, NULL));
    assert_true(old[15] == 15.0f);
    assert_int_equal(dao_stream_naxis(r), 2);
    assert_dao_error(dao_stream_check_path(r), DAO_E_REPLACED);
    dao_stream_close(r);

    assert_dao_ok(dao_stream_open(&r, path, 0));
    assert_int_equal(dao_stream_naxis(r), 3);
    assert_int_equal(dao_stream_type(r), DAO_UINT16);
    assert_dao_ok(dao_stream_check_path(r));
    dao_stream_close(w);

    assert_dao_ok(dao_stream_unlink(path));
    assert_dao_error(dao_stream_check_path(r), -ENOENT);
    dao_stream_close(r);
    /* Nothing but the stream (and no leftover temporary) was in the dir. */
    char pattern[300];
    snprintf(pattern, sizeof(pattern), "ls -A '%s' | grep -q '\\.new$'", test_dir());
    assert_int_not_equal(system(pattern), 0);
}

/* What older DAO writers do when they re-create a stream: truncate the file
 * in place. A reader must be able to notice before touching lost pages. */
static void test_a_file_truncated_under_a_reader_is_reported(void **state)
{
    const char *path = test_stream_path();
    uint32_t shape[2] = {64, 64};
    dao_stream *s;
    assert_dao_ok(dao_stream_create(&s, path, DAO_DOUBLE, 2, shape, NULL));
    assert_dao_ok(dao_stream_check_path(s));
    assert_int_equal(truncate(path, 4304), 0);
    assert_dao_error(dao_stream_check_path(s), DAO_E_TRUNCATED_DATA);
    /* Truncated, then removed or replaced: the lost pages still come first. */
    char moved[300];
    snprintf(moved, sizeof(moved), "%s.moved", path);
    assert_int_equal(rename(path, moved), 0);
    assert_dao_error(dao_stream_check_path(s), DAO_E_TRUNCATED_DATA);
    dao_stream *other;
    assert_dao_ok(dao_stream_create(&other, path, DAO_DOUBLE, 2, shape, NULL));
    assert_dao_error(dao_stream_check_path(s), DAO_E_TRUNCATED_DATA);
    assert_dao_ok(dao_stream_check_path(other));
    dao_stream_close(other);
    unlink(moved);
    dao_stream_close(s);
}

static void test_unlink_removes_file_and_semaphores(void **state)
{
    const char *path = test_stream_path();
    uint32_t shape[1] = {2};
    dao_stream *s;
    dao_create_options o = {.version = DAO_CREATE_OPTIONS_VERSION, .semaphores = 3};
    assert_dao_ok(dao_stream_create(&s, path, DAO_UINT8, 1, shape, &o));
    dao_stream_close(s);
    char name[64], shm[128];
    assert_true(dao_semaphore_name(name, sizeof(name), path, 2) > 0);
    snprintf(shm, sizeof(shm), "/dev/shm/sem.%s", name + 1);
    assert_int_equal(access(shm, F_OK), 0);
    assert_dao_ok(dao_stream_unlink(path));
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(access(shm, F_OK), -1);
    dao_semaphore_name(name, sizeof(name), path, DAO_SEMLOG);
    snprintf(shm, sizeof(shm), "/dev/shm/sem.%s", name + 1);
    assert_int_equal(access(shm, F_OK), -1);
    assert_dao_error(dao_stream_unlink(path), -ENOENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bytes_of_a_new_stream_match_the_format),
        cmocka_unit_test(test_keywords_follow_the_data),
        cmocka_unit_test(test_long_paths_are_cut_to_79_bytes_in_the_name_field),
        cmocka_unit_test(test_names_of_242_to_255_bytes),
        cmocka_unit_test(test_a_symlinked_alias_is_the_stream_it_names),
        cmocka_unit_test(test_file_mode_follows_the_umask),
        cmocka_unit_test(test_explicit_mode_ignores_the_umask),
        cmocka_unit_test(test_options_of_an_unknown_version_are_refused),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_a_new_stream_starts_at_counter_0_with_fresh_semaphores),
        cmocka_unit_test(test_recreation_under_a_reader),
        cmocka_unit_test(test_a_file_truncated_under_a_reader_is_reported),
        cmocka_unit_test(test_unlink_removes_file_and_semaphores),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
