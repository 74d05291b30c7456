/* test-dao-sem.c — semaphores that belong to someone else: a writer that
 * cannot post them, sets planted in /dev/shm by another user, modes kept
 * consistent, stale extras removed. */
#include "test-util.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Counts libdao's sem_open() calls: a definition in the program comes first
 * in the dynamic linker's lookup, so libdao's calls land here, and go on to
 * the C library's. */
static unsigned sem_open_calls;

sem_t *sem_open(const char *name, int oflag, ...)
{
    static sem_t *(*libc_sem_open)(const char *, int, ...);
    if (!libc_sem_open)
        *(void **)&libc_sem_open = dlsym(RTLD_NEXT, "sem_open");
    sem_open_calls++;
    if (!(oflag & O_CREAT))
        return libc_sem_open(name, oflag);
    va_list args;
    va_start(args, oflag);
    mode_t mode = va_arg(args, mode_t);
    unsigned value = va_arg(args, unsigned);
    va_end(args);
    return libc_sem_open(name, oflag, mode, value);
}

static void semaphore_file(char *buf, size_t len, const char *path, int slot)
{
    char name[256];
    assert_true(dao_semaphore_name(name, sizeof(name), path, slot) > 0);
    snprintf(buf, len, "/dev/shm/sem.%s", name + 1); /* glibc's file for it */
}

/* Runs as nobody on a stream whose semaphores root left at 0644. */
static int write_without_semaphores(void *arg)
{
    const char *path = arg;
    if (setgid(65534) < 0 || setuid(65534) < 0)
        return 77;
    dao_stream *w;
    if (dao_stream_open(&w, path, 0) != 0 || dao_stream_is_read_only(w))
        return 1;
    uint16_t frame[16] = {0};
    sem_open_calls = 0;
    for (int i = 0; i < 200; i++) {
        if (dao_stream_write(w, frame, sizeof(frame)) != 0)
            return 2; /* frames still go out, through the counter */
    }
    /* One round of attempts (semlog + 10 slots), not one per frame; none
     * counted would mean the counting above is not in the path. */
    if (sem_open_calls == 0 || sem_open_calls > 11) {
        fprintf(stderr, "%u sem_open() calls for 200 frames\n", sem_open_calls);
        return 3;
    }
    int value;
    int why = dao_stream_semaphore_value(w, 0, &value);
    if (why != -EACCES) { /* the writer can find out why readers are not woken */
        fprintf(stderr, "semaphore 0: %s, expected %s\n", dao_err_name(why), dao_err_name(-EACCES));
        return 4;
    }
    /* Frame 201 on tells the parent these checks are done: it then frees
     * the names, and posting must resume by itself, within the retry period. */
    int64_t deadline = test_now_ns() + 10 * 1000000000LL;
    while (test_now_ns() < deadline) {
        if (dao_stream_write(w, frame, sizeof(frame)) != 0)
            return 5;
        if (dao_stream_semaphore_value(w, 0, &value) == 0 && value >= 1) {
            dao_stream_close(w);
            return 0;
        }
        usleep(10000);
    }
    return 6;
}

static void test_writer_without_its_semaphores_backs_off_and_recovers(void **state)
{
    if (geteuid() != 0)
        skip(); /* needs a second user to own the semaphores */
    const char *path = test_stream_path();
    uint32_t shape[1] = {16};
    dao_stream *s;
    mode_t old_umask = umask(022);
    assert_dao_ok(dao_stream_create(&s, path, DAO_UINT16, 1, shape, NULL));
    umask(old_umask);
    dao_stream_close(s);
    assert_int_equal(chmod(path, 0666), 0);
    assert_int_equal(chmod(test_dir(), 0755), 0);
    char file[300];
    for (int slot = DAO_SEMLOG; slot < DAO_DEFAULT_SEMAPHORES; slot++) {
        semaphore_file(file, sizeof(file), path, slot);
        assert_int_equal(chmod(file, 0644), 0);
    }

    dao_stream *watch;
    assert_dao_ok(dao_stream_open(&watch, path, DAO_OPEN_READ_ONLY));
    pid_t writer = test_fork(write_without_semaphores, (void *)path);
    int64_t deadline = test_now_ns() + 10 * 1000000000LL;
    while (dao_stream_counter(watch) < 201 && test_now_ns() < deadline)
        usleep(1000);
    assert_true(dao_stream_counter(watch) >= 201); /* the child has checked */
    for (int slot = DAO_SEMLOG; slot < DAO_DEFAULT_SEMAPHORES; slot++) {
        semaphore_file(file, sizeof(file), path, slot);
        assert_int_equal(unlink(file), 0);
    }
    int status = test_wait_child(writer);
    dao_stream_close(watch);
    if (status == 77)
        skip();
    assert_int_equal(status, 0);
}

/* ---- /dev/shm is shared: sets left there by anyone ---- */

#define NOBODY 65534

struct plant {
    const char *path;
    unsigned mode;
    unsigned count; /* reader semaphores, beside semlog */
};

/* Makes the whole set of `path` (semlog, _sem00 … count-1) with `mode`. */
static int plant_set(const struct plant *p)
{
    mode_t old = umask(0);
    for (int slot = DAO_SEMLOG; slot < (int)p->count; slot++) {
        char name[256];
        if (dao_semaphore_name(name, sizeof(name), p->path, slot) < 0)
            return 1;
        sem_t *sem = sem_open(name, O_CREAT | O_EXCL, (mode_t)p->mode, 0);
        if (sem == SEM_FAILED)
            return 2;
        sem_close(sem);
    }
    umask(old);
    return 0;
}

static int plant_as_nobody(void *arg)
{
    if (setgid(NOBODY) < 0 || setuid(NOBODY) < 0)
        return 77;
    return plant_set(arg);
}

static void stat_semaphore(const char *path, int slot, struct stat *st)
{
    char file[300];
    semaphore_file(file, sizeof(file), path, slot);
    assert_int_equal(lstat(file, st), 0);
}

/* Every semaphore of the stream is ours and has exactly the file's mode. */
static void assert_set_matches_file(const char *path, unsigned count)
{
    struct stat file;
    assert_int_equal(stat(path, &file), 0);
    for (int slot = DAO_SEMLOG; slot < (int)count; slot++) {
        struct stat st;
        stat_semaphore(path, slot, &st);
        assert_int_equal(st.st_uid, geteuid());
        assert_int_equal(st.st_mode & 07777, file.st_mode & 07777);
    }
}

static void planted_by_another_user_is_replaced(unsigned mode)
{
    if (geteuid() != 0)
        skip(); /* needs a second user */
    const char *path = test_stream_path();
    struct plant p = {path, mode, DAO_DEFAULT_SEMAPHORES};
    int status = test_wait_child(test_fork(plant_as_nobody, &p));
    if (status == 77)
        skip();
    assert_int_equal(status, 0);
    struct stat planted;
    stat_semaphore(path, 0, &planted);
    assert_int_equal(planted.st_uid, NOBODY);

    uint32_t shape[1] = {4};
    dao_stream *s;
    mode_t old = umask(077);
    assert_dao_ok(dao_stream_create(&s, path, DAO_UINT8, 1, shape, NULL));
    umask(old);
    assert_set_matches_file(path, DAO_DEFAULT_SEMAPHORES);
    struct stat now;
    stat_semaphore(path, 0, &now);
    assert_int_not_equal(now.st_ino, planted.st_ino); /* a new semaphore, not a chmod of theirs */
    dao_stream_close(s);
}

static void test_a_0666_set_of_another_user_is_replaced(void **state)
{
    planted_by_another_user_is_replaced(0666);
}

static void test_a_0600_set_of_another_user_is_replaced(void **state)
{
    planted_by_another_user_is_replaced(0600);
}

/* As nobody, in a directory nobody may write: create over semaphores that
 * root owns, which the sticky /dev/shm does not let nobody remove. */
static int create_as_nobody(void *arg)
{
    const char *path = arg;
    if (setgid(NOBODY) < 0 || setuid(NOBODY) < 0)
        return 77;
    uint32_t shape[1] = {4};
    dao_stream *s;
    int rc = dao_stream_create(&s, path, DAO_UINT8, 1, shape, NULL);
    if (rc != DAO_E_FOREIGN_SEMAPHORE) {
        fprintf(stderr, "create gave %s\n", dao_err_name(rc));
        return 1;
    }
    return access(path, F_OK) == 0 ? 2 : 0; /* nothing left behind */
}

static void foreign_set_is_refused(unsigned mode)
{
    if (geteuid() != 0)
        skip();
    /* A directory nobody can write, named like our streams. */
    char dir[300], path[600];
    snprintf(dir, sizeof(dir), "%s/nobody", test_dir());
    assert_int_equal(chmod(test_dir(), 0711), 0);
    assert_int_equal(mkdir(dir, 0777), 0);
    assert_int_equal(chmod(dir, 0777), 0);
    snprintf(path, sizeof(path), "%s/%s", dir, strrchr(test_stream_path(), '/') + 1);
    struct plant p = {path, mode, DAO_DEFAULT_SEMAPHORES};
    assert_int_equal(plant_set(&p), 0); /* root's */
    int status = test_wait_child(test_fork(create_as_nobody, path));
    if (status == 77)
        skip();
    assert_int_equal(status, 0);
    struct stat st;
    stat_semaphore(path, 0, &st);
    assert_int_equal(st.st_uid, 0); /* untouched */
    assert_dao_ok(dao_semaphores_unlink(path, DAO_DEFAULT_SEMAPHORES));
    rmdir(dir);
}

static void test_a_0666_set_we_cannot_remove_is_refused(void **state)
{
    foreign_set_is_refused(0666);
}

static void test_a_0600_set_we_cannot_remove_is_refused(void **state)
{
    foreign_set_is_refused(0600);
}

/* Re-creating a 0600 stream under umask 022 keeps it 0600, semaphores too;
 * semaphores of ours more open than the file are closed to match it. */
static void test_modes_stay_consistent_on_recreation(void **state)
{
    const char *path = test_stream_path();
    uint32_t shape[1] = {4};
    dao_stream *s;
    mode_t old = umask(077);
    assert_dao_ok(dao_stream_create(&s, path, DAO_UINT8, 1, shape, NULL));
    dao_stream_close(s);
    assert_set_matches_file(path, DAO_DEFAULT_SEMAPHORES);
    char file[300];
    semaphore_file(file, sizeof(file), path, 3);
    assert_int_equal(chmod(file, 0666), 0);
    umask(022);
    assert_dao_ok(dao_stream_create(&s, path, DAO_UINT8, 1, shape, NULL));
    dao_stream_close(s);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    assert_set_matches_file(path, DAO_DEFAULT_SEMAPHORES);
    /* An explicit mode applies to both. */
    dao_create_options o = DAO_CREATE_OPTIONS_INIT;
    o.mode = 0640;
    assert_dao_ok(dao_stream_create(&s, path, DAO_UINT8, 1, shape, &o));
    dao_stream_close(s);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);
    assert_set_matches_file(path, DAO_DEFAULT_SEMAPHORES);
    umask(old);
}

/* Fewer semaphores than the last stream of this stem: the extra ones go
 * (an existing DAO reader counts them), except one a reader still claims. */
static void test_stale_semaphores_beyond_the_count_are_removed(void **state)
{
    const char *path = test_stream_path();
    uint32_t shape[1] = {4};
    dao_stream *s, *r;
    assert_dao_ok(dao_stream_create(&s, path, DAO_UINT8, 1, shape, NULL));
    dao_stream_close(s);
    assert_dao_ok(dao_stream_open(&r, path, 0));
    assert_dao_ok(dao_stream_slot_claim_at(r, 9)); /* an old reader, still there */
    dao_create_options o = DAO_CREATE_OPTIONS_INIT;
    o.semaphores = 4;
    assert_dao_ok(dao_stream_create(&s, path, DAO_UINT8, 1, shape, &o));
    char file[300];
    for (int slot = DAO_SEMLOG; slot < DAO_DEFAULT_SEMAPHORES; slot++) {
        semaphore_file(file, sizeof(file), path, slot);
        bool kept = slot < 4 || slot == 9;
        assert_int_equal(access(file, F_OK) == 0, kept);
    }
    dao_stream_close(r);
    dao_stream_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writer_without_its_semaphores_backs_off_and_recovers),
        cmocka_unit_test(test_a_0666_set_of_another_user_is_replaced),
        cmocka_unit_test(test_a_0600_set_of_another_user_is_replaced),
        cmocka_unit_test(test_a_0666_set_we_cannot_remove_is_refused),
        cmocka_unit_test(test_a_0600_set_we_cannot_remove_is_refused),
        cmocka_unit_test(test_modes_stay_consistent_on_recreation),
        cmocka_unit_test(test_stale_semaphores_beyond_the_count_are_removed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
