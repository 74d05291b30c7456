/* test-util.c — shared helpers of the libdao tests. */
#include "test-util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PATHS 256

static char dir[64];
static char *paths[MAX_PATHS];
static int npaths;

const char *test_dir(void)
{
    if (!dir[0]) {
        snprintf(dir, sizeof(dir), "/tmp/dao-test-XXXXXX");
        if (!mkdtemp(dir))
            fail_msg("mkdtemp: %s", strerror(errno));
        atexit(test_cleanup_paths);
    }
    return dir;
}

const char *test_stream_path(void)
{
    static unsigned counter;
    char buf[256];
    /* The stem carries pid and counter: semaphores are named after it and
     * live in /dev/shm, which every process on the machine shares. */
    snprintf(buf, sizeof(buf), "%s/daot%ldx%u.im.shm", test_dir(), (long)getpid(), counter++);
    if (npaths == MAX_PATHS)
        fail_msg("too many test paths");
    paths[npaths] = strdup(buf);
    return paths[npaths++];
}

void test_cleanup_paths(void)
{
    for (int i = 0; i < npaths; i++) {
        dao_stream_unlink(paths[i]);
        /* The file may be gone already; its semaphores may not. */
        for (int slot = DAO_SEMLOG; slot < DAO_MAX_SEMAPHORES; slot++) {
            char name[256];
            if (dao_semaphore_name(name, sizeof(name), paths[i], slot) > 0) {
                char shm[300];
                snprintf(shm, sizeof(shm), "/dev/shm/sem.%s", name + 1);
                unlink(shm);
            }
        }
        free(paths[i]);
    }
    npaths = 0;
    if (dir[0]) {
        /* Leftovers of failed creates, hand-made files. */
        char cmd[128];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", dir);
        dir[0] = '\0';
    }
}

void test_write_file(const char *path, const void *bytes, size_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    if (size)
        assert_int_equal(write(fd, bytes, size), (ssize_t)size);
    close(fd);
}

uint8_t *test_read_file(const char *path, size_t *size)
{
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    struct stat st;
    assert_int_equal(fstat(fd, &st), 0);
    uint8_t *buf = malloc((size_t)st.st_size + 1);
    assert_non_null(buf);
    assert_int_equal(read(fd, buf, (size_t)st.st_size), st.st_size);
    close(fd);
    *size = (size_t)st.st_size;
    return buf;
}

pid_t test_fork(int (*fn)(void *arg), void *arg)
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* A failed assertion in the parent jumps past its cleanup: make sure
         * no peer outlives the test program. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        /* cmocka catches these to report a crashed test; in a child its
         * handler would jump back into the parent's test run. The child
         * gets the defaults, so a crash is its exit status. */
        static const int crashes[] = {SIGBUS, SIGSEGV, SIGILL, SIGFPE, SIGABRT};
        for (size_t i = 0; i < sizeof(crashes) / sizeof(crashes[0]); i++)
            signal(crashes[i], SIG_DFL);
        _exit(fn(arg));
    }
    return pid;
}

int test_wait_child(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return -1;
    }
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return 128 + WTERMSIG(status);
}

int64_t test_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t test_wall_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

pid_t test_spawn_legacy_writer(const char *path, const char *const *args, int *out, int *in)
{
    const char *writer = getenv("DAO_LEGACY_WRITER");
    if (!writer)
        fail_msg("DAO_LEGACY_WRITER is not set (meson test sets it)");
    const char *argv[32] = {writer, path};
    int argc = 2;
    for (; args && *args && argc < 31; args++)
        argv[argc++] = *args;
    argv[argc] = NULL;
    int from[2], to[2] = {-1, -1};
    assert_int_equal(pipe2(from, O_CLOEXEC), 0);
    if (in)
        assert_int_equal(pipe2(to, O_CLOEXEC), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        dup2(from[1], STDOUT_FILENO);
        if (in)
            dup2(to[0], STDIN_FILENO);
        execv(writer, (char *const *)argv);
        _exit(127);
    }
    close(from[1]);
    *out = from[0];
    if (in) {
        close(to[0]);
        *in = to[1];
    }
    return pid;
}

pid_t test_spawn_stalled_writer(const char *path, const char *shape, unsigned depth, const char *stall, int *out)
{
    char depth_arg[16];
    snprintf(depth_arg, sizeof(depth_arg), "%u", depth);
    const char *args[] = {"--shape", shape, "--depth", depth_arg, "--rate", "1000", "--stall-at", stall, "--quiet", NULL};
    pid_t pid = test_spawn_legacy_writer(path, args, out, NULL);
    char line[64];
    assert_true(test_wait_for_line(*out, "stalled ", line, sizeof(line), 10000) > 0);
    return pid;
}

int test_read_line(int fd, char *buf, size_t len, int timeout_ms)
{
    size_t n = 0;
    int64_t deadline = test_now_ns() + (int64_t)timeout_ms * 1000000;
    while (n + 1 < len) {
        int64_t left = (deadline - test_now_ns()) / 1000000;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (left <= 0 || poll(&p, 1, (int)left) <= 0)
            return -ETIMEDOUT;
        ssize_t got = read(fd, buf + n, 1);
        if (got <= 0)
            return got == 0 ? -EPIPE : -errno;
        if (buf[n] == '\n') {
            buf[n] = '\0';
            return (int)n;
        }
        n++;
    }
    buf[n] = '\0';
    return (int)n;
}

int test_wait_for_line(int fd, const char *prefix, char *buf, size_t len, int timeout_ms)
{
    for (;;) {
        int rc = test_read_line(fd, buf, len, timeout_ms);
        if (rc < 0)
            return rc;
        if (strncmp(buf, prefix, strlen(prefix)) == 0)
            return rc;
    }
}
