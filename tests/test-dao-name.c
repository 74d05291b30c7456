/* test-dao-name.c — the semaphore naming rule running DAO systems use, both
 * ways, and where glibc keeps the semaphores. */
#include "test-util.h"

#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_names_come_from_the_stem(void **state)
{
    char name[300];
    assert_int_equal(dao_semaphore_name(name, sizeof(name), "/tmp/cam.im.shm", 0), 10);
    assert_string_equal(name, "/cam_sem00");
    dao_semaphore_name(name, sizeof(name), "/tmp/cam.im.shm", 9);
    assert_string_equal(name, "/cam_sem09");
    dao_semaphore_name(name, sizeof(name), "/tmp/cam.im.shm", 42);
    assert_string_equal(name, "/cam_sem42");
    dao_semaphore_name(name, sizeof(name), "/tmp/cam.im.shm", DAO_SEMLOG);
    assert_string_equal(name, "/cam_semlog");
    /* Cut at the first '.', relative paths, no extension. */
    dao_semaphore_name(name, sizeof(name), "wfs.a.b.im.shm", 1);
    assert_string_equal(name, "/wfs_sem01");
    dao_semaphore_name(name, sizeof(name), "/data/dm", 3);
    assert_string_equal(name, "/dm_sem03");
}

static void test_same_stem_in_two_directories_shares_semaphores(void **state)
{
    char a[64], b[64];
    dao_semaphore_name(a, sizeof(a), "/a/cam.im.shm", 0);
    dao_semaphore_name(b, sizeof(b), "/b/cam.im.shm", 0);
    assert_string_equal(a, b);
}

static void test_bad_arguments_and_limits(void **state)
{
    char name[300];
    assert_int_equal(dao_semaphore_name(name, sizeof(name), "/tmp/cam.im.shm", 100), -EINVAL);
    assert_int_equal(dao_semaphore_name(name, sizeof(name), "/tmp/cam.im.shm", -2), -EINVAL);
    assert_int_equal(dao_semaphore_name(name, 5, "/tmp/cam.im.shm", 0), -ENOSPC);
    char path[300] = "/tmp/";
    memset(path + 5, 's', 250);
    path[255] = '\0';
    assert_int_equal(dao_semaphore_name(name, sizeof(name), path, 0), -ENAMETOOLONG);
    /* A stream whose semaphore names cannot exist is refused up front. */
    dao_stream *s;
    uint32_t shape[1] = {1};
    assert_dao_error(dao_stream_create(&s, path, DAO_UINT8, 1, shape, NULL), -ENAMETOOLONG);
}

static void test_stem_of_a_path(void **state)
{
    char stem[64];
    assert_int_equal(dao_stream_stem(stem, sizeof(stem), "/tmp/cam.im.shm"), 3);
    assert_string_equal(stem, "cam");
    assert_int_equal(dao_stream_stem(stem, sizeof(stem), "wfs.a.b.im.shm"), 3);
    assert_string_equal(stem, "wfs");
    assert_int_equal(dao_stream_stem(stem, sizeof(stem), "/data/dm"), 2);
    assert_string_equal(stem, "dm");
    assert_int_equal(dao_stream_stem(stem, sizeof(stem), "/tmp/.hidden.im.shm"), -EINVAL);
    assert_int_equal(dao_stream_stem(stem, sizeof(stem), "/tmp/"), -EINVAL);
    assert_int_equal(dao_stream_stem(stem, 3, "/tmp/cam.im.shm"), -ENOSPC);
    assert_int_equal(dao_stream_stem(NULL, 3, "/tmp/cam.im.shm"), -EINVAL);
}

/* Every name the rule makes parses back to its stem and slot. */
static void test_parse_inverts_the_rule(void **state)
{
    const char *paths[] = {"/tmp/cam.im.shm", "wfs.a.b", "/x/a_sem01.im.shm", "/y/q_semlog"};
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        char want[64];
        assert_true(dao_stream_stem(want, sizeof(want), paths[i]) > 0);
        for (int slot = DAO_SEMLOG; slot < DAO_MAX_SEMAPHORES; slot++) {
            char name[128], file[160], stem[64];
            assert_true(dao_semaphore_name(name, sizeof(name), paths[i], slot) > 0);
            int got = -2;
            assert_int_equal(dao_semaphore_parse(name, stem, sizeof(stem), &got), (int)strlen(want));
            assert_string_equal(stem, want);
            assert_int_equal(got, slot);
            /* The same without the slash, and as glibc's file name. */
            assert_int_equal(dao_semaphore_parse(name + 1, stem, sizeof(stem), &got), (int)strlen(want));
            snprintf(file, sizeof(file), "sem.%s", name + 1);
            got = -2;
            assert_int_equal(dao_semaphore_parse(file, stem, sizeof(stem), &got), (int)strlen(want));
            assert_string_equal(stem, want);
            assert_int_equal(got, slot);
        }
    }
}

static void test_parse_refuses_names_the_rule_never_makes(void **state)
{
    const char *bad[] = {"/cam_sem1", "/cam_sem", "/cam_semxx", "/cam.im_sem00", "/_sem00",
                         "sem._semlog", "/cam_sem0a", "cam", "", "/a/b_sem00", "sem.cam_sem100"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char stem[64];
        int slot;
        if (dao_semaphore_parse(bad[i], stem, sizeof(stem), &slot) != -EINVAL)
            fail_msg("'%s' parsed as stem '%s' slot %d", bad[i], stem, slot);
    }
    char small[3];
    int slot;
    assert_int_equal(dao_semaphore_parse("/cam_sem00", small, sizeof(small), &slot), -ENOSPC);
}

static void test_path_of_a_semaphore(void **state)
{
    char file[64];
    assert_int_equal(dao_semaphore_path(file, sizeof(file), NULL, "/cam_sem00"),
                     (int)strlen("/dev/shm/sem.cam_sem00"));
    assert_string_equal(file, "/dev/shm/sem.cam_sem00");
    dao_semaphore_path(file, sizeof(file), "/run/x", "/cam_semlog");
    assert_string_equal(file, "/run/x/sem.cam_semlog");
    assert_int_equal(dao_semaphore_path(file, 10, NULL, "/cam_sem00"), -ENOSPC);
    assert_int_equal(dao_semaphore_path(file, sizeof(file), NULL, "cam_sem00"), -EINVAL);
    assert_int_equal(dao_semaphore_path(file, sizeof(file), NULL, "/a/b"), -EINVAL);
}

/* The path rule above is glibc's real one: a semaphore made with sem_open()
 * is the file it names, and dao_semaphores_unlink() removes exactly the set. */
static void test_path_is_where_glibc_keeps_it_and_unlink_removes_the_set(void **state)
{
    const char *path = test_stream_path();
    char name[128], file[256];
    for (int slot = DAO_SEMLOG; slot < 3; slot++) {
        assert_true(dao_semaphore_name(name, sizeof(name), path, slot) > 0);
        sem_t *sem = sem_open(name, O_CREAT, 0600, 0);
        assert_true(sem != SEM_FAILED);
        sem_close(sem);
        assert_true(dao_semaphore_path(file, sizeof(file), NULL, name) > 0);
        struct stat st;
        assert_int_equal(stat(file, &st), 0);
    }
    /* Slot 3 does not exist: not an error. The file is not touched. */
    test_write_file(path, "x", 1);
    assert_int_equal(dao_semaphores_unlink(path, 4), 0);
    for (int slot = DAO_SEMLOG; slot < 3; slot++) {
        dao_semaphore_name(name, sizeof(name), path, slot);
        dao_semaphore_path(file, sizeof(file), NULL, name);
        assert_int_equal(access(file, F_OK), -1);
    }
    assert_int_equal(access(path, F_OK), 0);
    assert_int_equal(dao_semaphores_unlink(path, DAO_MAX_SEMAPHORES + 1), -EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_come_from_the_stem),
        cmocka_unit_test(test_same_stem_in_two_directories_shares_semaphores),
        cmocka_unit_test(test_bad_arguments_and_limits),
        cmocka_unit_test(test_stem_of_a_path),
        cmocka_unit_test(test_parse_inverts_the_rule),
        cmocka_unit_test(test_parse_refuses_names_the_rule_never_makes),
        cmocka_unit_test(test_path_of_a_semaphore),
        cmocka_unit_test(test_path_is_where_glibc_keeps_it_and_unlink_removes_the_set),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_cleanup_paths();
    return rc;
}
