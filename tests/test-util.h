/* test-util.h — what every libdao test needs: unique stream paths that are
 * cleaned up, raw access to a file's bytes, and forked peers. */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <cmocka.h>

#include "dao.h"

/* A unique path in a private temporary directory, e.g.
 * /tmp/dao-test-XXXXXX/t1234x7.im.shm, whose stem (and so whose semaphore
 * names) no other process uses. Every path handed out is removed, with its
 * semaphores, by test_cleanup_paths(). */
const char *test_stream_path(void);

/* The temporary directory (created on first use). */
const char *test_dir(void);

/* Remove every stream handed out (call from a group teardown, or atexit). */
void test_cleanup_paths(void);

/* Write `size` bytes to a new file at `path` (for hand-made headers). */
void test_write_file(const char *path, const void *bytes, size_t size);

/* Read a whole file into a malloc'ed buffer; *size gets its length. */
uint8_t *test_read_file(const char *path, size_t *size);

/* Fork a child that runs fn(arg) and _exit()s with its return value.
 * test_wait_child() returns the child's exit status, or 128+signal. */
pid_t test_fork(int (*fn)(void *arg), void *arg);
int test_wait_child(pid_t pid);

/* Start tests/peers/dao-legacy-writer (path from $DAO_LEGACY_WRITER) on
 * `path` with the NULL-terminated `args`; *out reads its stdout and, when
 * `in` is not NULL, *in writes its stdin (for --stdin). It dies with the
 * test program. */
pid_t test_spawn_legacy_writer(const char *path, const char *const *args, int *out, int *in);

/* A legacy writer of `shape` ("64:uint8") and `depth` that stops inside
 * a write (--stall-at `stall`, e.g. "5:count"); returns once it has. */
pid_t test_spawn_stalled_writer(const char *path, const char *shape, unsigned depth, const char *stall, int *out);

/* Read one line (without its newline) within timeout_ms: its length, or
 * -ETIMEDOUT / -EPIPE. test_wait_for_line() skips lines until one starts
 * with `prefix`. */
int test_read_line(int fd, char *buf, size_t len, int timeout_ms);
int test_wait_for_line(int fd, const char *prefix, char *buf, size_t len, int timeout_ms);

/* Asserts a libdao call returned 0, printing its error name otherwise. */
#define assert_dao_ok(expr)                                                          \
    do {                                                                             \
        int dao_rc_ = (expr);                                                        \
        if (dao_rc_ != 0)                                                            \
            fail_msg("%s returned %s (%s)", #expr, dao_err_name(dao_rc_), dao_strerror(dao_rc_)); \
    } while (0)

#define assert_dao_error(expr, code)                                                 \
    do {                                                                             \
        int dao_rc_ = (expr);                                                        \
        if (dao_rc_ != (code))                                                       \
            fail_msg("%s returned %s, expected %s", #expr, dao_err_name(dao_rc_), dao_err_name(code)); \
    } while (0)

/* Monotonic and wall-clock (CLOCK_REALTIME, as write stamps) nanoseconds. */
int64_t test_now_ns(void);
int64_t test_wall_ns(void);

/* The budget tests give dao_stream_read(): what it allowed itself before it
 * took a timeout. */
#define TEST_READ_TIMEOUT_NS (100 * 1000000LL)

#endif /* TEST_UTIL_H */
