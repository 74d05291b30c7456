/* test-dao-sem.c — semaphore names, the rule running DAO systems use. */
#include "test-util.h"

#include <errno.h>
#include <string.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_come_from_the_stem),
        cmocka_unit_test(test_same_stem_in_two_directories_shares_semaphores),
        cmocka_unit_test(test_bad_arguments_and_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
