/* test-dao-lock.c — reader-slot claims and writer liveness, across real
 * processes, including ones killed with SIGKILL. */
#include "test-util.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <unistd.h>

static const char *make_stream(unsigned semaphores)
{
    const char *path = test_stream_path();
    uint32_t shape[1] = {4};
    dao_stream *s;
    dao_create_options o = {.version = DAO_CREATE_OPTIONS_VERSION, .semaphores = semaphores};
    assert_dao_ok(dao_stream_create(&s, path, DAO_UINT8, 1, shape, &o));
    dao_stream_close(s);
    return path;
}

static void test_claims_go_from_the_top_and_never_share(void **state)
{
    const char *path = make_stream(3);
    dao_stream *a, *b;
    assert_dao_ok(dao_stream_open(&a, path, 0));
    assert_dao_ok(dao_stream_open(&b, path, 0));
    int slot;
    assert_dao_ok(dao_stream_slot_claim(a, &slot));
    assert_int_equal(slot, 2);
    assert_dao_ok(dao_stream_slot_claim(b, &slot));
    assert_int_equal(slot, 1);
    assert_dao_error(dao_stream_slot_claim_at(b, 2), DAO_E_SLOT_BUSY);
    assert_dao_ok(dao_stream_slot_claim_at(a, 2)); /* idempotent for its holder */
    assert_int_equal(dao_stream_slot_is_claimed(b, 2), 1);
    assert_int_equal(dao_stream_slot_is_claimed(a, 2), 1);
    assert_int_equal(dao_stream_slot_is_claimed(a, 0), 0);
    assert_dao_ok(dao_stream_slot_claim(a, &slot));
    assert_int_equal(slot, 0);
    assert_dao_error(dao_stream_slot_claim(b, &slot), DAO_E_NO_FREE_SLOT);
    assert_dao_ok(dao_stream_slot_release(a, 2));
    assert_int_equal(dao_stream_slot_is_claimed(b, 2), 0);
    assert_dao_ok(dao_stream_slot_claim(b, &slot));
    assert_int_equal(slot, 2);
    assert_dao_error(dao_stream_slot_claim_at(a, 3), DAO_E_BAD_SLOT);
    assert_dao_error(dao_stream_slot_claim_at(a, -2), DAO_E_BAD_SLOT);
    assert_dao_error(dao_stream_slot_is_claimed(a, 3), DAO_E_BAD_SLOT);
    /* semlog is claimed like any slot (one logger), never handed out by
     * slot_claim(). */
    assert_int_equal(dao_stream_slot_is_claimed(a, DAO_SEMLOG), 0);
    assert_dao_ok(dao_stream_slot_claim_at(a, DAO_SEMLOG));
    assert_dao_error(dao_stream_slot_claim_at(b, DAO_SEMLOG), DAO_E_SLOT_BUSY);
    assert_int_equal(dao_stream_slot_is_claimed(b, DAO_SEMLOG), 1);
    assert_dao_ok(dao_stream_slot_release(a, DAO_SEMLOG));
    assert_int_equal(dao_stream_slot_is_claimed(b, DAO_SEMLOG), 0);
    /* Closing a handle frees its claims. */
    dao_stream_close(b);
    assert_int_equal(dao_stream_slot_is_claimed(a, 2), 0);
    assert_int_equal(dao_stream_slot_is_claimed(a, 1), 0);
    dao_stream_close(a);
}

static int claim_and_hang(void *arg)
{
    const char **args = arg;
    dao_stream *s;
    if (dao_stream_open(&s, args[0], 0) != 0)
        return 1;
    if (dao_stream_slot_claim_at(s, 1) != 0)
        return 2;
    int fd = (int)(intptr_t)args[1];
    if (write(fd, "x", 1) != 1)
        return 3;
    pause();
    return 0;
}

static void test_a_killed_readers_slot_is_free_at_once(void **state)
{
    const char *path = make_stream(2);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    const char *args[2] = {path, (const char *)(intptr_t)fds[1]};
    pid_t pid = test_fork(claim_and_hang, args);
    char byte;
    assert_int_equal(read(fds[0], &byte, 1), 1);

    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, path, 0));
    assert_int_equal(dao_stream_slot_is_claimed(s, 1), 1);
    assert_dao_error(dao_stream_slot_claim_at(s, 1), DAO_E_SLOT_BUSY);
    kill(pid, SIGKILL);
    assert_int_equal(test_wait_child(pid), 128 + SIGKILL);
    /* No cleanup by anyone: the kernel dropped the lock with the process. */
    assert_int_equal(dao_stream_slot_is_claimed(s, 1), 0);
    assert_dao_ok(dao_stream_slot_claim_at(s, 1));
    dao_stream_close(s);
    close(fds[0]);
    close(fds[1]);
}

static int write_and_hang(void *arg)
{
    const char **args = arg;
    dao_stream *s;
    uint32_t shape[1] = {4};
    if (dao_stream_create(&s, args[0], DAO_UINT8, 1, shape, NULL) != 0)
        return 1;
    int fd = (int)(intptr_t)args[1];
    if (write(fd, "x", 1) != 1)
        return 3;
    pause();
    return 0;
}

static void test_writer_liveness(void **state)
{
    const char *path = test_stream_path();
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    const char *args[2] = {path, (const char *)(intptr_t)fds[1]};
    pid_t pid = test_fork(write_and_hang, args);
    char byte;
    assert_int_equal(read(fds[0], &byte, 1), 1);

    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, path, 0));
    assert_int_equal(dao_stream_writer_state(s), DAO_WRITER_ALIVE);
    kill(pid, SIGKILL);
    assert_int_equal(test_wait_child(pid), 128 + SIGKILL);
    /* /tmp keeps extended attributes, so libdao knows a writer was there. */
    assert_int_equal(dao_stream_writer_state(s), DAO_WRITER_GONE);

    /* Our own first write takes over the role. */
    uint8_t frame[4] = {1, 2, 3, 4};
    assert_dao_ok(dao_stream_write(s, frame, sizeof(frame)));
    assert_int_equal(dao_stream_writer_state(s), DAO_WRITER_ALIVE);
    dao_stream *other;
    assert_dao_ok(dao_stream_open(&other, path, 0));
    assert_int_equal(dao_stream_writer_state(other), DAO_WRITER_ALIVE);
    dao_stream_close(s);
    assert_int_equal(dao_stream_writer_state(other), DAO_WRITER_GONE);
    dao_stream_close(other);
    close(fds[0]);
    close(fds[1]);
}

static void test_a_file_no_libdao_writer_touched_is_unknown(void **state)
{
    /* Copy a libdao stream's bytes into a fresh file: same contents, no
     * attribute, no lock — as a stream from another DAO writer. */
    const char *path = make_stream(1);
    size_t size;
    uint8_t *bytes = test_read_file(path, &size);
    const char *foreign = test_stream_path();
    test_write_file(foreign, bytes, size);
    free(bytes);
    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, foreign, DAO_OPEN_READ_ONLY));
    assert_int_equal(dao_stream_writer_state(s), DAO_WRITER_UNKNOWN);
    dao_stream_close(s);
}

/* ---- one semaphore, one reader: claims follow the semaphore's name ---- */

static void test_an_old_reader_and_a_new_one_never_share_a_slot(void **state)
{
    const char *path = make_stream(10);
    dao_stream *old;
    assert_dao_ok(dao_stream_open(&old, path, 0));
    int slot;
    assert_dao_ok(dao_stream_slot_claim(old, &slot));
    assert_int_equal(slot, 9);
    /* Re-created: a new file at the path, the same semaphores. The old
     * reader never reopens and keeps waiting on _sem09. */
    uint32_t shape[1] = {4};
    dao_stream *w;
    assert_dao_ok(dao_stream_create(&w, path, DAO_UINT8, 1, shape, NULL));
    dao_stream *fresh;
    assert_dao_ok(dao_stream_open(&fresh, path, 0));
    assert_int_equal(dao_stream_slot_is_claimed(fresh, 9), 1);
    assert_dao_error(dao_stream_slot_claim_at(fresh, 9), DAO_E_SLOT_BUSY);
    assert_dao_ok(dao_stream_slot_claim(fresh, &slot));
    assert_int_equal(slot, 8);
    /* Released by the old reader, the semaphore is free for the new one. */
    dao_stream_close(old);
    assert_int_equal(dao_stream_slot_is_claimed(fresh, 9), 0);
    assert_dao_ok(dao_stream_slot_claim_at(fresh, 9));
    dao_stream_close(fresh);
    dao_stream_close(w);
}

static void test_streams_sharing_a_stem_never_share_a_slot(void **state)
{
    /* /DIR/a/STEM.im.shm and /DIR/b/STEM.im.shm: two files, one stem. */
    const char *first = make_stream(3);
    char dir_b[300], second[600];
    snprintf(dir_b, sizeof(dir_b), "%s/b", test_dir());
    mkdir(dir_b, 0700);
    snprintf(second, sizeof(second), "%s/%s", dir_b, strrchr(first, '/') + 1);
    uint32_t shape[1] = {4};
    dao_create_options o = DAO_CREATE_OPTIONS_INIT;
    o.semaphores = 3;
    dao_stream *w;
    assert_dao_ok(dao_stream_create(&w, second, DAO_UINT8, 1, shape, &o));
    dao_stream *a, *b;
    assert_dao_ok(dao_stream_open(&a, first, 0));
    assert_dao_ok(dao_stream_open(&b, second, 0));
    int slot_a, slot_b;
    assert_dao_ok(dao_stream_slot_claim(a, &slot_a));
    assert_dao_ok(dao_stream_slot_claim(b, &slot_b));
    assert_int_equal(slot_a, 2);
    assert_int_equal(slot_b, 1);
    assert_dao_error(dao_stream_slot_claim_at(b, 2), DAO_E_SLOT_BUSY);
    dao_stream_close(a);
    dao_stream_close(b);
    dao_stream_close(w);
    unlink(second); /* the semaphores are the first stream's, cleaned with it */
    rmdir(dir_b);
}

/* ---- a claim dies with the process that made it, not with its children ---- */

struct forker {
    const char *path;
    int ready;      /* pipe: the grandchild's pid, once all is in place */
    bool as_writer; /* hold the writer role instead of slot 1 */
};

static int claim_fork_and_hang(void *arg)
{
    struct forker *f = arg;
    dao_stream *s;
    uint32_t shape[1] = {4};
    int rc = f->as_writer ? dao_stream_create(&s, f->path, DAO_UINT8, 1, shape, NULL)
                          : dao_stream_open(&s, f->path, 0);
    if (rc != 0)
        return 1;
    if (!f->as_writer && dao_stream_slot_claim_at(s, 1) != 0)
        return 2;
    pid_t child = fork();
    if (child == 0) {
        /* A child that outlives us, as a helper process of a reader would;
         * bounded so a failed test leaves nothing behind for long. It says
         * it is ready once fork() has returned in it (fork handlers run). */
        alarm(30);
        child = getpid();
        if (write(f->ready, &child, sizeof(child)) != sizeof(child))
            _exit(3);
        for (;;)
            pause();
    }
    for (;;)
        pause();
}

static void kill_forker_keep_child(struct forker *f, pid_t *grandchild)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    f->ready = fds[1];
    pid_t pid = test_fork(claim_fork_and_hang, f);
    assert_int_equal(read(fds[0], grandchild, sizeof(*grandchild)), (ssize_t)sizeof(*grandchild));
    kill(pid, SIGKILL);
    assert_int_equal(test_wait_child(pid), 128 + SIGKILL);
    assert_int_equal(kill(*grandchild, 0), 0); /* still alive */
    close(fds[0]);
    close(fds[1]);
}

static void test_a_killed_readers_slot_is_free_while_its_child_lives(void **state)
{
    struct forker f = {.path = make_stream(2)};
    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, f.path, 0));
    pid_t grandchild;
    kill_forker_keep_child(&f, &grandchild);
    assert_int_equal(dao_stream_slot_is_claimed(s, 1), 0);
    assert_dao_ok(dao_stream_slot_claim_at(s, 1));
    kill(grandchild, SIGKILL);
    dao_stream_close(s);
}

static void test_a_killed_writers_role_ends_while_its_child_lives(void **state)
{
    struct forker f = {.path = test_stream_path(), .as_writer = true};
    pid_t grandchild;
    kill_forker_keep_child(&f, &grandchild);
    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, f.path, 0));
    assert_int_equal(dao_stream_writer_state(s), DAO_WRITER_GONE);
    kill(grandchild, SIGKILL);
    dao_stream_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_claims_go_from_the_top_and_never_share),
        cmocka_unit_test(test_a_killed_readers_slot_is_free_at_once),
        cmocka_unit_test(test_writer_liveness),
        cmocka_unit_test(test_a_file_no_libdao_writer_touched_is_unknown),
        cmocka_unit_test(test_an_old_reader_and_a_new_one_never_share_a_slot),
        cmocka_unit_test(test_streams_sharing_a_stem_never_share_a_slot),
        cmocka_unit_test(test_a_killed_readers_slot_is_free_while_its_child_lives),
        cmocka_unit_test(test_a_killed_writers_role_ends_while_its_child_lives),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
