/* test-capture-errors.c — saving where it cannot work: a missing or
 * unwritable directory, a directory in the way, names too long, frames that
 * do not describe themselves. Each gives its code and a sentence naming the
 * file, leaves no partial or temporary file behind, and leaves an existing
 * file untouched; a good save replaces the file whole. Run for every format
 * (.npy, its JSON header, FITS). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture-pattern.h"
#include "daoview-capture.h"
#include "test-util.h"

typedef int (*save_fn)(const char *path, const daoview_capture_frame *frame,
                       daoview_capture_error *err);

#ifdef DAOVIEW_HAVE_FITS
static int save_fits(const char *path, const daoview_capture_frame *frame, daoview_capture_error *err)
{
    return daoview_capture_save_fits(path, frame, NULL, err);
}
#endif

static int save_json(const char *path, const daoview_capture_frame *frame, daoview_capture_error *err)
{
    return daoview_capture_save_header_json(path, frame, NULL, err);
}

static const struct {
    const char *name;
    save_fn save;
} formats[] = {
    {"npy", daoview_capture_save_npy},
    {"json", save_json},
#ifdef DAOVIEW_HAVE_FITS
    {"fits", save_fits},
#endif
};
#define N_FORMATS (sizeof formats / sizeof formats[0])

static daoview_capture_frame good_frame;

static int setup(void **state)
{
    pattern_frame(&good_frame, DAO_INT16, 1);
    return 0;
}

static int teardown(void **state)
{
    free((void *)good_frame.data);
    return 0;
}

static int exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* No ".daoview-capture-*.tmp" left in dir. */
static void assert_no_temp_files(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)))
        if (strncmp(e->d_name, ".daoview-capture-", 17) == 0)
            fail_msg("temporary file left behind: %s/%s", dir, e->d_name);
    closedir(d);
}

static void expect_failure(size_t fmt, const char *path, const daoview_capture_frame *frame, int code,
                           const char *message_part)
{
    daoview_capture_error err;
    memset(&err, 0, sizeof err);
    int rc = formats[fmt].save(path, frame, &err);
    if (rc != code)
        fail_msg("%s: save(%.80s) returned %d (%s), expected %d", formats[fmt].name, path, rc,
                 err.message, code);
    assert_int_equal(err.code, code);
    assert_true(err.message[0] != '\0');
    if (message_part && !strstr(err.message, message_part))
        fail_msg("%s: message <%s> does not mention <%s>", formats[fmt].name, err.message,
                 message_part);
    /* Without an error struct: same code, no crash. */
    assert_int_equal(formats[fmt].save(path, frame, NULL), code);
}

static char *path_in(const char *dir, const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

static void test_missing_directory(void **state)
{
    for (size_t fmt = 0; fmt < N_FORMATS; fmt++) {
        char *path = path_in(test_dir(), "no-such-dir/frame.out");
        expect_failure(fmt, path, &good_frame, -ENOENT, path);
        assert_false(exists(path));
        free(path);
    }
    assert_no_temp_files(test_dir());
}

static void test_parent_is_a_file(void **state)
{
    char *file = path_in(test_dir(), "plain-file");
    test_write_file(file, "x", 1);
    char *path = path_in(file, "frame.out");
    for (size_t fmt = 0; fmt < N_FORMATS; fmt++)
        expect_failure(fmt, path, &good_frame, -ENOTDIR, path);
    free(path);
    free(file);
}

static void test_destination_is_a_directory(void **state)
{
    char *dir = path_in(test_dir(), "a-directory");
    assert_int_equal(mkdir(dir, 0755), 0);
    for (size_t fmt = 0; fmt < N_FORMATS; fmt++) {
        expect_failure(fmt, dir, &good_frame, -EISDIR, dir);
        struct stat st;
        assert_int_equal(stat(dir, &st), 0);
        assert_true(S_ISDIR(st.st_mode));
    }
    assert_no_temp_files(test_dir());
    free(dir);
}

/* A directory the saving user may not write. Root writes anywhere, so as
 * root the save runs in a child that has become "nobody" first. */
static const char *read_only_path;

static int save_into_read_only_dir(void *arg)
{
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
        return 10;
    for (size_t fmt = 0; fmt < N_FORMATS; fmt++) {
        daoview_capture_error err;
        int rc = formats[fmt].save(read_only_path, &good_frame, &err);
        if (rc != -EACCES) {
            fprintf(stderr, "%s: returned %d (%s), expected -EACCES\n", formats[fmt].name, rc,
                    err.message);
            return 20 + (int)fmt;
        }
        if (!strstr(err.message, read_only_path))
            return 30 + (int)fmt;
    }
    return 0;
}

static void test_read_only_directory(void **state)
{
    char *dir = path_in(test_dir(), "read-only");
    assert_int_equal(mkdir(dir, 0555), 0);
    char *path = path_in(dir, "frame.out");
    read_only_path = path;
    /* "nobody" must reach the directory to be refused by it, not before. */
    assert_int_equal(chmod(test_dir(), 0711), 0);
    int status = test_wait_child(test_fork(save_into_read_only_dir, NULL));
    chmod(test_dir(), 0700);
    assert_int_equal(status, 0);
    assert_false(exists(path));
    assert_no_temp_files(dir);
    free(path);
    free(dir);
}

static void test_path_too_long(void **state)
{
    /* Longer than any path: refused before the file system is asked. */
    size_t len = DAOVIEW_CAPTURE_PATH_MAX + 1;
    char *path = malloc(len + 1);
    memset(path, 'a', len);
    path[0] = '/';
    path[len] = '\0';
    for (size_t fmt = 0; fmt < N_FORMATS; fmt++)
        expect_failure(fmt, path, &good_frame, -ENAMETOOLONG, NULL);
    free(path);

    /* A short path with one name longer than the file system allows. */
    char name[301];
    memset(name, 'n', 300);
    name[300] = '\0';
    char *long_name = path_in(test_dir(), name);
    for (size_t fmt = 0; fmt < N_FORMATS; fmt++)
        expect_failure(fmt, long_name, &good_frame, -ENAMETOOLONG, NULL);
    assert_no_temp_files(test_dir());
    free(long_name);
}

static void test_empty_path(void **state)
{
    for (size_t fmt = 0; fmt < N_FORMATS; fmt++) {
        expect_failure(fmt, "", &good_frame, -EINVAL, NULL);
        expect_failure(fmt, NULL, &good_frame, -EINVAL, NULL);
    }
}

static void test_inconsistent_frames(void **state)
{
    char *path = path_in(test_dir(), "bad-frame.out");
    daoview_capture_frame bad;
    for (size_t fmt = 0; fmt < N_FORMATS; fmt++) {
        bad = good_frame;
        bad.type = (dao_type)0;
        expect_failure(fmt, path, &bad, -EINVAL, "type");
        bad.type = (dao_type)13;
        expect_failure(fmt, path, &bad, -EINVAL, "type");
        bad = good_frame;
        bad.naxis = 0;
        expect_failure(fmt, path, &bad, -EINVAL, "axes");
        bad.naxis = 4;
        expect_failure(fmt, path, &bad, -EINVAL, "axes");
        bad = good_frame;
        bad.shape[1] = 0;
        expect_failure(fmt, path, &bad, -EINVAL, "empty axis");
        bad = good_frame;
        bad.size += 1;
        expect_failure(fmt, path, &bad, -EINVAL, "bytes");
        bad = good_frame;
        bad.shape[0] = bad.shape[1] = UINT32_MAX;
        bad.naxis = 3;
        bad.shape[2] = UINT32_MAX;
        expect_failure(fmt, path, &bad, -EINVAL, "too large");
        bad = good_frame;
        bad.data = NULL;
        expect_failure(fmt, path, &bad, -EINVAL, NULL);
        expect_failure(fmt, path, NULL, -EINVAL, NULL);
        assert_false(exists(path));
    }
    free(path);
}

/* A good save replaces an existing file whole; a failed one leaves it. */
static void test_replace_and_keep(void **state)
{
    for (size_t fmt = 0; fmt < N_FORMATS; fmt++) {
        char name[32];
        snprintf(name, sizeof name, "existing.%s", formats[fmt].name);
        char *path = path_in(test_dir(), name);
        test_write_file(path, "old contents", 12);

        daoview_capture_frame bad = good_frame;
        bad.size -= 2;
        expect_failure(fmt, path, &bad, -EINVAL, NULL);
        size_t size = 0;
        uint8_t *bytes = test_read_file(path, &size);
        assert_int_equal(size, 12);
        assert_memory_equal(bytes, "old contents", 12);
        free(bytes);

        daoview_capture_error err;
        assert_int_equal(formats[fmt].save(path, &good_frame, &err), 0);
        bytes = test_read_file(path, &size);
        const char *format = formats[fmt].name;
        if (strcmp(format, "npy") == 0) {
            /* The pixels are the file's last bytes. */
            assert_memory_equal(bytes, "\x93NUMPY\x01\x00", 8);
            assert_true(size > good_frame.size);
            assert_memory_equal(bytes + size - good_frame.size, good_frame.data, good_frame.size);
        } else if (strcmp(format, "json") == 0) {
            assert_memory_equal(bytes, "{\n  \"format\": \"daoview-frame-header/1\"", 37);
            assert_int_equal(bytes[size - 2], '}');
        } else {
            assert_memory_equal(bytes, "SIMPLE  =", 9);
            assert_int_equal(size % 2880, 0);
        }
        free(bytes);
        free(path);
    }
    assert_no_temp_files(test_dir());
}

/* A relative name lands in the current directory. */
static void test_relative_path(void **state)
{
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(test_dir()), 0);
    for (size_t fmt = 0; fmt < N_FORMATS; fmt++) {
        char name[32];
        snprintf(name, sizeof name, "relative.%s", formats[fmt].name);
        assert_int_equal(formats[fmt].save(name, &good_frame, NULL), 0);
        assert_true(exists(name));
    }
    assert_no_temp_files(".");
    assert_int_equal(chdir(cwd), 0);
}

static void test_fits_support_flag(void **state)
{
#ifdef DAOVIEW_HAVE_FITS
    assert_int_equal(daoview_capture_have_fits(), 1);
#else
    assert_int_equal(daoview_capture_have_fits(), 0);
    char *path = path_in(test_dir(), "nofits.fits");
    daoview_capture_error err;
    assert_int_equal(daoview_capture_save_fits(path, &good_frame, NULL, &err), -ENOTSUP);
    assert_false(exists(path));
    free(path);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_directory),
        cmocka_unit_test(test_parent_is_a_file),
        cmocka_unit_test(test_destination_is_a_directory),
        cmocka_unit_test(test_read_only_directory),
        cmocka_unit_test(test_path_too_long),
        cmocka_unit_test(test_empty_path),
        cmocka_unit_test(test_inconsistent_frames),
        cmocka_unit_test(test_replace_and_keep),
        cmocka_unit_test(test_relative_path),
        cmocka_unit_test(test_fits_support_flag),
    };
    int failed = cmocka_run_group_tests_name("capture-errors", tests, setup, teardown);
    test_cleanup_paths();
    return failed;
}
