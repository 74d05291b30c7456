/* test-dao-wait.c — waking readers across processes: semaphores, spinning,
 * timeouts, and ten readers on ten slots. */
#include "test-util.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void sleep_ms(int ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
}

static const char *make_stream(void)
{
    const char *path = test_stream_path();
    uint32_t shape[1] = {4};
    dao_stream *s;
    assert_dao_ok(dao_stream_create(&s, path, DAO_INT32, 1, shape, NULL));
    dao_stream_close(s);
    return path;
}

/* Writes `value` after a pause, so the parent is already waiting. */
struct delayed_write {
    const char *path;
    int delay_ms;
    int frames;
};

static int delayed_writer(void *arg)
{
    struct delayed_write *dw = arg;
    dao_stream *w;
    if (dao_stream_open(&w, dw->path, 0) != 0)
        return 1;
    for (int i = 0; i < dw->frames; i++) {
        sleep_ms(dw->delay_ms);
        int32_t frame[4] = {i + 1, 0, 0, 0};
        if (dao_stream_write(w, frame, sizeof(frame)) != 0)
            return 2;
    }
    dao_stream_close(w);
    return 0;
}

static void test_semaphore_wait_wakes_on_a_write_from_another_process(void **state)
{
    const char *path = make_stream();
    dao_stream *r;
    assert_dao_ok(dao_stream_open(&r, path, 0));
    int slot;
    assert_dao_ok(dao_stream_slot_claim(r, &slot));
    struct delayed_write dw = {path, 100, 1};
    pid_t pid = test_fork(delayed_writer, &dw);
    int64_t t0 = test_now_ns();
    assert_dao_ok(dao_stream_wait(r, slot, 10 * 1000000000LL));
    int64_t waited = test_now_ns() - t0;
    assert_true(waited >= 50 * 1000000LL); /* it really blocked until the write */
    int32_t frame[4];
    assert_dao_ok(dao_stream_read(r, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, NULL));
    assert_int_equal(frame[0], 1);
    assert_int_equal(test_wait_child(pid), 0);
    /* One write posts once: the next wait times out. */
    assert_dao_error(dao_stream_wait(r, slot, 0), -ETIMEDOUT);
    dao_stream_close(r);
}

static void test_wait_timeout(void **state)
{
    const char *path = make_stream();
    dao_stream *r;
    assert_dao_ok(dao_stream_open(&r, path, 0));
    int64_t t0 = test_now_ns();
    assert_dao_error(dao_stream_wait(r, 3, 50 * 1000000LL), -ETIMEDOUT);
    int64_t waited = test_now_ns() - t0;
    assert_true(waited >= 50 * 1000000LL);
    assert_dao_error(dao_stream_wait(r, 3, 0), -ETIMEDOUT);
    assert_dao_error(dao_stream_wait(r, DAO_DEFAULT_SEMAPHORES, 0), DAO_E_BAD_SLOT);
    dao_stream_close(r);
}

static void on_alarm(int sig)
{
    (void)sig;
}

/* A signal handler running during the wait must not end it early. */
static void test_wait_survives_signals(void **state)
{
    const char *path = make_stream();
    dao_stream *r;
    assert_dao_ok(dao_stream_open(&r, path, 0));
    struct sigaction sa = {.sa_handler = on_alarm};
    sigaction(SIGALRM, &sa, NULL);
    timer_t timer;
    struct sigevent sev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGALRM};
    assert_int_equal(timer_create(CLOCK_MONOTONIC, &sev, &timer), 0);
    struct itimerspec its = {.it_value = {0, 10000000}, .it_interval = {0, 10000000}}; /* every 10 ms */
    timer_settime(timer, 0, &its, NULL);
    int64_t t0 = test_now_ns();
    assert_dao_error(dao_stream_wait(r, 0, 200 * 1000000LL), -ETIMEDOUT);
    int64_t waited = test_now_ns() - t0;
    timer_delete(timer);
    signal(SIGALRM, SIG_DFL);
    assert_true(waited >= 200 * 1000000LL);
    dao_stream_close(r);
}

static void test_spin_wait_wakes_on_a_write_from_another_process(void **state)
{
    const char *path = make_stream();
    dao_stream *r;
    assert_dao_ok(dao_stream_open(&r, path, 0));
    uint64_t seen = dao_stream_counter(r);
    struct delayed_write dw = {path, 50, 3};
    pid_t pid = test_fork(delayed_writer, &dw);
    uint64_t counter = 0;
    assert_dao_ok(dao_stream_spin_wait(r, seen, 10 * 1000000000LL, &counter));
    assert_true(counter >= seen + 1);
    assert_dao_ok(dao_stream_spin_until(r, 3, 10 * 1000000000LL, &counter));
    assert_int_equal(counter, 3);
    int32_t frame[4];
    assert_dao_ok(dao_stream_read(r, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, NULL));
    assert_int_equal(frame[0], 3);
    assert_int_equal(test_wait_child(pid), 0);
    dao_stream_close(r);
}

static void test_spin_timeout(void **state)
{
    const char *path = make_stream();
    dao_stream *r;
    assert_dao_ok(dao_stream_open(&r, path, 0));
    int64_t t0 = test_now_ns();
    uint64_t counter = 99;
    assert_dao_error(dao_stream_spin_wait(r, 0, 30 * 1000000LL, &counter), -ETIMEDOUT);
    assert_true(test_now_ns() - t0 >= 30 * 1000000LL);
    assert_int_equal(counter, 99); /* untouched on timeout */
    assert_dao_error(dao_stream_spin_until(r, 1, 0, NULL), -ETIMEDOUT);
    assert_dao_ok(dao_stream_spin_until(r, 0, 0, &counter)); /* already there */
    assert_int_equal(counter, 0);
    dao_stream_close(r);
}

/* The spin wait must stay in user space. The child forbids itself every
 * system call but exiting (and clock_gettime, in case the vDSO falls back
 * to the kernel) with seccomp, then spins: one syscall in the loop, like
 * the sleep older DAO readers make on every pass, kills it with SIGSYS. */
static int spin_without_syscalls(void *arg)
{
    dao_stream *r;
    if (dao_stream_open(&r, arg, 0) != 0)
        return 1;
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_exit_group, 3, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_exit, 2, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clock_gettime, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {.len = sizeof(filter) / sizeof(filter[0]), .filter = filter};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
        return 77;
    /* A timed-out spin, then one woken by the parent's write. The exit is
     * the raw system call: _exit() may be wrapped (AddressSanitizer runs its
     * leak check there, with system calls of its own). */
    if (dao_stream_spin_until(r, 1, 20 * 1000000LL, NULL) != -ETIMEDOUT)
        syscall(SYS_exit_group, 2);
    uint64_t counter;
    if (dao_stream_spin_until(r, 1, -1, &counter) != 0 || counter != 1)
        syscall(SYS_exit_group, 3);
    syscall(SYS_exit_group, 0);
    return 4;
}

static void test_spin_wait_makes_no_system_call(void **state)
{
    const char *path = make_stream();
    pid_t pid = test_fork(spin_without_syscalls, (void *)path);
    sleep_ms(150); /* past the child's 20 ms timeout, into its second spin */
    dao_stream *w;
    assert_dao_ok(dao_stream_open(&w, path, 0));
    int32_t frame[4] = {1, 2, 3, 4};
    assert_dao_ok(dao_stream_write(w, frame, sizeof(frame)));
    int status = test_wait_child(pid);
    dao_stream_close(w);
    if (status == 77)
        skip();
    if (status == 128 + SIGSYS)
        fail_msg("the spin loop made a system call");
    assert_int_equal(status, 0);
}

/* ---- ten readers, ten slots ---- */

struct slot_reader {
    const char *path;
    int ready_fd; /* write end of a pipe: one byte when waiting */
};

static int slot_reader(void *arg)
{
    struct slot_reader *sr = arg;
    dao_stream *r;
    if (dao_stream_open(&r, sr->path, 0) != 0)
        return 1;
    int slot;
    if (dao_stream_slot_claim(r, &slot) != 0)
        return 2;
    char byte = (char)slot;
    if (write(sr->ready_fd, &byte, 1) != 1)
        return 3;
    if (dao_stream_wait(r, slot, 10 * 1000000000LL) != 0)
        return 4;
    int32_t frame[4];
    if (dao_stream_read(r, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, NULL) != 0 || frame[0] != 77)
        return 5;
    dao_stream_close(r);
    return 0;
}

static void test_ten_readers_on_ten_slots_are_all_woken(void **state)
{
    const char *path = make_stream();
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    struct slot_reader sr = {path, fds[1]};
    pid_t pids[10];
    for (int i = 0; i < 10; i++)
        pids[i] = test_fork(slot_reader, &sr);
    unsigned seen = 0;
    for (int i = 0; i < 10; i++) {
        char slot;
        assert_int_equal(read(fds[0], &slot, 1), 1);
        assert_true(slot >= 0 && slot < 10);
        assert_false(seen & (1u << slot)); /* no two readers share a slot */
        seen |= 1u << slot;
    }
    assert_int_equal(seen, 0x3ff);
    /* Every slot is taken now. */
    dao_stream *extra;
    assert_dao_ok(dao_stream_open(&extra, path, 0));
    int slot;
    assert_dao_error(dao_stream_slot_claim(extra, &slot), DAO_E_NO_FREE_SLOT);
    dao_stream_close(extra);

    dao_stream *w;
    assert_dao_ok(dao_stream_open(&w, path, 0));
    sleep_ms(50); /* let them all block */
    int32_t frame[4] = {77, 0, 0, 0};
    assert_dao_ok(dao_stream_write(w, frame, sizeof(frame)));
    for (int i = 0; i < 10; i++)
        assert_int_equal(test_wait_child(pids[i]), 0);
    dao_stream_close(w);
    close(fds[0]);
    close(fds[1]);
}

/* Posts are clamped at 1: a reader that missed many frames wakes once. */
static void test_posts_do_not_accumulate(void **state)
{
    const char *path = make_stream();
    dao_stream *w;
    assert_dao_ok(dao_stream_open(&w, path, 0));
    int32_t frame[4] = {0};
    for (int i = 0; i < 50; i++)
        assert_dao_ok(dao_stream_write(w, frame, sizeof(frame)));
    for (int slot = DAO_SEMLOG; slot < DAO_DEFAULT_SEMAPHORES; slot++) {
        int value;
        assert_dao_ok(dao_stream_semaphore_value(w, slot, &value));
        assert_int_equal(value, 1);
    }
    assert_dao_ok(dao_stream_wait(w, 2, 0));
    assert_dao_error(dao_stream_wait(w, 2, 0), -ETIMEDOUT);
    dao_stream_close(w);
}

/* A logger waits on semlog, which every write posts beside the slots. */
static void test_a_logger_waits_on_semlog(void **state)
{
    const char *path = make_stream();
    dao_stream *r;
    assert_dao_ok(dao_stream_open(&r, path, 0));
    assert_dao_error(dao_stream_wait(r, DAO_SEMLOG, 0), -ETIMEDOUT);
    assert_dao_error(dao_stream_wait(r, -2, 0), DAO_E_BAD_SLOT);
    struct delayed_write dw = {path, 50, 1};
    pid_t pid = test_fork(delayed_writer, &dw);
    assert_dao_ok(dao_stream_wait(r, DAO_SEMLOG, 10 * 1000000000LL));
    assert_int_equal(dao_stream_counter(r), 1);
    assert_int_equal(test_wait_child(pid), 0);
    dao_stream_close(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_semaphore_wait_wakes_on_a_write_from_another_process),
        cmocka_unit_test(test_wait_timeout),
        cmocka_unit_test(test_wait_survives_signals),
        cmocka_unit_test(test_spin_wait_wakes_on_a_write_from_another_process),
        cmocka_unit_test(test_spin_timeout),
        cmocka_unit_test(test_spin_wait_makes_no_system_call),
        cmocka_unit_test(test_ten_readers_on_ten_slots_are_all_woken),
        cmocka_unit_test(test_posts_do_not_accumulate),
        cmocka_unit_test(test_a_logger_waits_on_semlog),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
