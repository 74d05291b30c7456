/* test-dao-sem.c — a writer whose semaphores belong to someone else. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writer_without_its_semaphores_backs_off_and_recovers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
