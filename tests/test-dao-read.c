/* test-dao-read.c — consistent copies, the borrowed pointer, pixel order. */
#include "test-util.h"

#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <unistd.h>

#include "dao-format.h"

/* The format's pixel order, pinned: a (ny, nx) image has shape {ny, nx}
 * and pixel (y, x) at element y*nx + x, in the file and in a read copy. */
static void test_pixel_order(void **state)
{
    const char *path = test_stream_path();
    enum { NY = 3, NX = 5 };
    uint32_t shape[2] = {NY, NX};
    dao_stream *w;
    assert_dao_ok(dao_stream_create(&w, path, DAO_INT32, 2, shape, NULL));
    int32_t image[NY][NX];
    for (int y = 0; y < NY; y++)
        for (int x = 0; x < NX; x++)
            image[y][x] = 100 * y + x;
    assert_dao_ok(dao_stream_write(w, image, sizeof(image)));

    dao_stream *r;
    assert_dao_ok(dao_stream_open(&r, path, 0));
    assert_int_equal(dao_stream_shape(r)[0], NY);
    assert_int_equal(dao_stream_shape(r)[1], NX);
    int32_t copy[NY * NX];
    assert_dao_ok(dao_stream_read(r, copy, sizeof(copy), TEST_READ_TIMEOUT_NS, NULL));
    for (int y = 0; y < NY; y++)
        for (int x = 0; x < NX; x++)
            assert_int_equal(copy[y * NX + x], 100 * y + x);
    /* And in the raw file: pixel (2, 4) = 204 at byte 4304 + 4 * (2*5 + 4). */
    size_t size;
    uint8_t *bytes = test_read_file(path, &size);
    int32_t v;
    memcpy(&v, bytes + 4304 + 4 * (2 * NX + 4), 4);
    assert_int_equal(v, 204);
    free(bytes);
    dao_stream_close(r);
    dao_stream_close(w);
}

static void test_read_returns_counter_time_and_borrowed_data(void **state)
{
    const char *path = test_stream_path();
    uint32_t shape[1] = {4};
    dao_stream *w;
    assert_dao_ok(dao_stream_create(&w, path, DAO_DOUBLE, 1, shape, NULL));
    double frame[4] = {1.5, -2, 3e300, -0.0};
    assert_dao_ok(dao_stream_write(w, frame, sizeof(frame)));
    /* The stamp is the wall clock of the write: between these two reads. */
    int64_t before = test_wall_ns();
    assert_dao_ok(dao_stream_write(w, frame, sizeof(frame)));
    int64_t after = test_wall_ns();
    double copy[4];
    dao_frame_info info;
    assert_dao_ok(dao_stream_read(w, copy, sizeof(copy), TEST_READ_TIMEOUT_NS, &info));
    assert_memory_equal(copy, frame, sizeof(frame));
    assert_int_equal(info.counter, 2);
    assert_int_equal(info.retries, 0);
    assert_int_equal(info.write_time_ns, dao_stream_write_time_ns(w));
    assert_true(info.write_time_ns >= before && info.write_time_ns <= after);
    assert_memory_equal(dao_stream_data(w), frame, sizeof(frame));
    assert_dao_error(dao_stream_read(w, copy, sizeof(copy) - 1, TEST_READ_TIMEOUT_NS, NULL), DAO_E_SIZE_MISMATCH);
    dao_stream_close(w);
}

/* A write that never finishes (a writer killed mid-frame) must not make a
 * reader hang or hand out the half-written frame. */
static void test_stuck_write_flag_gives_torn_not_a_frame(void **state)
{
    const char *path = test_stream_path();
    uint32_t shape[1] = {16};
    dao_stream *w;
    assert_dao_ok(dao_stream_create(&w, path, DAO_UINT8, 1, shape, NULL));
    void *data;
    assert_dao_ok(dao_stream_write_begin(w, &data)); /* and never commit */
    memset(data, 7, 8);
    dao_stream *r;
    assert_dao_ok(dao_stream_open(&r, path, 0));
    uint8_t copy[16];
    int64_t t0 = test_now_ns();
    assert_dao_error(dao_stream_read(r, copy, sizeof(copy), TEST_READ_TIMEOUT_NS, NULL), DAO_E_TORN);
    /* Bounded: about 100 ms (generous margin for a loaded machine). */
    assert_true(test_now_ns() - t0 < 5 * 1000000000LL);
    /* The single attempt does not wait at all. */
    t0 = test_now_ns();
    assert_dao_error(dao_stream_read(r, copy, sizeof(copy), 0, NULL), DAO_E_TORN);
    assert_true(test_now_ns() - t0 < 50 * 1000000LL);
    assert_dao_ok(dao_stream_write_commit(w));
    assert_dao_ok(dao_stream_read(r, copy, sizeof(copy), TEST_READ_TIMEOUT_NS, NULL));
    assert_int_equal(copy[0], 7);
    dao_frame_info info;
    assert_dao_ok(dao_stream_read(r, copy, sizeof(copy), 0, &info));
    assert_int_equal(info.counter, 1);
    assert_int_equal(info.retries, 0);
    assert_int_equal(copy[0], 7);
    assert_dao_error(dao_stream_read(r, copy, 3, 0, NULL), DAO_E_SIZE_MISMATCH);
    dao_stream_close(r);
    dao_stream_close(w);
}

/* ---- a writer that died or stalled in the middle of a frame ---- */

struct dying_writer {
    const char *path;
    unsigned depth;
    int ready; /* pipe */
};

/* Writes frames 1 … 3 (every byte = its counter), then starts frame 4,
 * fills half of it and waits to be killed. */
static int write_then_die_mid_frame(void *arg)
{
    struct dying_writer *d = arg;
    uint32_t shape[1] = {64};
    dao_create_options o = DAO_CREATE_OPTIONS_INIT;
    o.fifo_depth = d->depth;
    dao_stream *w;
    if (dao_stream_create(&w, d->path, DAO_UINT8, 1, shape, &o) != 0)
        return 1;
    uint8_t frame[64];
    for (int n = 1; n <= 3; n++) {
        memset(frame, n, sizeof(frame));
        if (dao_stream_write(w, frame, sizeof(frame)) != 0)
            return 2;
    }
    void *data;
    if (dao_stream_write_begin(w, &data) != 0)
        return 3;
    memset(data, 4, 32);
    if (write(d->ready, "x", 1) != 1)
        return 4;
    for (;;)
        pause();
}

/* A reader of the stream `path` whose libdao writer was killed mid-frame. */
static dao_stream *open_after_writer_killed_mid_frame(const char *path, unsigned depth)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    struct dying_writer d = {path, depth, fds[1]};
    pid_t pid = test_fork(write_then_die_mid_frame, &d);
    char byte;
    assert_int_equal(read(fds[0], &byte, 1), 1);
    kill(pid, SIGKILL);
    assert_int_equal(test_wait_child(pid), 128 + SIGKILL);
    close(fds[0]);
    close(fds[1]);
    dao_stream *r;
    assert_dao_ok(dao_stream_open(&r, path, 0));
    assert_int_equal(dao_stream_writer_state(r), DAO_WRITER_GONE);
    return r;
}

/* Depth 1: the frame in the file is half written and will stay so. That
 * is what a read says — at once with a budget, on the next call without. */
static void test_a_writer_killed_inside_a_write_is_named(void **state)
{
    const char *path = test_stream_path();
    dao_stream *r = open_after_writer_killed_mid_frame(path, 1);
    uint8_t copy[64];
    assert_dao_error(dao_stream_read(r, copy, sizeof(copy), TEST_READ_TIMEOUT_NS, NULL), DAO_E_WRITER_DIED);
    dao_stream_close(r);

    /* Single attempts (a display's): the first sees a write in progress,
     * a later one knows better. */
    assert_dao_ok(dao_stream_open(&r, path, 0));
    assert_dao_error(dao_stream_read(r, copy, sizeof(copy), 0, NULL), DAO_E_TORN);
    int rc;
    int64_t give_up = test_now_ns() + 10 * 1000000000LL;
    while ((rc = dao_stream_read(r, copy, sizeof(copy), 0, NULL)) == DAO_E_TORN && test_now_ns() < give_up)
        usleep(2000);
    assert_dao_error(rc, DAO_E_WRITER_DIED);
    dao_stream_close(r);
}

/* Depth 2: the half-written frame was never the newest; the last whole
 * frame stays readable. */
static void test_a_killed_fifo_writer_leaves_its_last_whole_frame(void **state)
{
    dao_stream *r = open_after_writer_killed_mid_frame(test_stream_path(), 2);
    uint8_t copy[64], expected[64];
    memset(expected, 3, sizeof(expected));
    dao_frame_info info;
    for (int i = 0; i < 3; i++) {
        assert_dao_ok(dao_stream_read(r, copy, sizeof(copy), TEST_READ_TIMEOUT_NS, &info));
        assert_int_equal(info.counter, 3);
        assert_memory_equal(copy, expected, sizeof(copy));
    }
    dao_stream_close(r);
}

/* A writer that is not libdao stopped inside a write (liveness cannot say
 * it died): after DAO_WRITE_STALL_NS the read says it stalled. */
static void test_a_foreign_writer_stalled_inside_a_write_is_named(void **state)
{
    const char *path = test_stream_path();
    int out;
    pid_t writer = test_spawn_stalled_writer(path, "64:uint8", 1, "3:copy", &out);
    dao_stream *r;
    assert_dao_ok(dao_stream_open(&r, path, 0));
    assert_int_equal(dao_stream_writer_state(r), DAO_WRITER_UNKNOWN);
    uint8_t copy[64];
    int rc, torn = 0;
    int64_t give_up = test_now_ns() + 10 * 1000000000LL;
    while ((rc = dao_stream_read(r, copy, sizeof(copy), TEST_READ_TIMEOUT_NS, NULL)) == DAO_E_TORN &&
           test_now_ns() < give_up)
        torn++;
    assert_dao_error(rc, DAO_E_WRITE_STALLED);
    assert_true(torn > 0); /* a second of "a write in progress" came first */
    dao_stream_close(r);
    kill(writer, SIGKILL);
    test_wait_child(writer);
    close(out);
}

/* The §6 order names the new segment newest before it stamps its counter.
 * A writer stopped right there (or, for depth >= 2, anywhere in a write)
 * leaves the previous segment as the newest whole frame. */
static void test_a_foreign_fifo_writer_stalled_mid_frame_leaves_its_last_frame(void **state)
{
    static const char *steps[] = {"5:count", "5:copy"};
    for (int i = 0; i < 2; i++) {
        const char *path = test_stream_path();
        int out;
        pid_t writer = test_spawn_stalled_writer(path, "64:uint8", 2, steps[i], &out);
        dao_stream *r;
        assert_dao_ok(dao_stream_open(&r, path, 0));
        uint8_t copy[64], expected[64];
        memset(expected, 4, sizeof(expected));
        dao_frame_info info;
        assert_dao_ok(dao_stream_read(r, copy, sizeof(copy), TEST_READ_TIMEOUT_NS, &info));
        assert_int_equal(info.counter, 4);
        assert_memory_equal(copy, expected, sizeof(copy));
        assert_int_equal(dao_stream_counter(r), 4);
        dao_stream_close(r);
        kill(writer, SIGKILL);
        test_wait_child(writer);
        close(out);
    }
}

/* ---- a copy overtaken by a write stops there ---- */

/* Where the alarm raises the write flag: the stream's first metadata block,
 * through the test's own mapping of the file. */
static _Atomic uint8_t *overtaking_flag;

static void raise_write_flag(int sig)
{
    (void)sig;
    atomic_store(overtaking_flag, 1);
}

/* A write that starts during a large copy must stop the copy at the next
 * piece, not after the whole frame: the reader would otherwise read the
 * rest while the writer writes it. A timer raises the flag 1 ms into the
 * copy of a 64 MiB frame; the head of the copy must be there and its tail
 * untouched. (An attempt whose alarm came before the copy began, on a
 * loaded machine, is tried again.) */
static void test_a_copy_overtaken_by_a_write_stops_early(void **state)
{
    const char *path = test_stream_path();
    enum { ELEMENTS = 16 * 1024 * 1024 }; /* 64 MiB of uint32 */
    uint32_t shape[1] = {ELEMENTS};
    dao_stream *w;
    assert_dao_ok(dao_stream_create(&w, path, DAO_UINT32, 1, shape, NULL));
    void *data;
    assert_dao_ok(dao_stream_write_begin(w, &data));
    memset(data, 0x11, (size_t)ELEMENTS * 4);
    assert_dao_ok(dao_stream_write_commit(w));

    int fd = open(path, O_RDWR);
    assert_true(fd >= 0);
    dao__md *md = mmap(NULL, DAO__MD_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    assert_true(md != MAP_FAILED);
    close(fd);
    overtaking_flag = (_Atomic uint8_t *)&md->write;
    struct sigaction sa = {.sa_handler = raise_write_flag};
    assert_int_equal(sigaction(SIGALRM, &sa, NULL), 0);

    dao_stream *r;
    assert_dao_ok(dao_stream_open(&r, path, 0));
    uint8_t *copy = malloc((size_t)ELEMENTS * 4);
    assert_non_null(copy);
    bool stopped_early = false;
    for (int attempt = 0; attempt < 20 && !stopped_early; attempt++) {
        atomic_store(overtaking_flag, 0);
        memset(copy, 0xee, (size_t)ELEMENTS * 4); /* also faults every page in */
        struct itimerval one_ms = {.it_value = {.tv_usec = 1000}};
        assert_int_equal(setitimer(ITIMER_REAL, &one_ms, NULL), 0);
        int rc = dao_stream_read(r, copy, (size_t)ELEMENTS * 4, 0, NULL);
        struct itimerval off = {0};
        setitimer(ITIMER_REAL, &off, NULL);
        if (copy[0] != 0x11)
            continue; /* the flag was up before the copy began */
        if (rc == 0)
            continue; /* the whole copy took less than 1 ms */
        assert_dao_error(rc, DAO_E_TORN);
        stopped_early = copy[(size_t)ELEMENTS * 4 - 1] == 0xee;
        /* Without the pieces the whole frame is copied before the check. */
        assert_true(stopped_early);
    }
    assert_true(stopped_early);
    atomic_store(overtaking_flag, 0);
    signal(SIGALRM, SIG_DFL);
    free(copy);
    munmap(md, DAO__MD_SIZE);
    dao_stream_close(r);
    dao_stream_close(w);
}

/* ---- torn reads under a writer running flat out ---- */

/* The flat-out writer and the checking reader agree on the frame size
 * through this (set before the fork). */
static size_t torn_elements;

static uint32_t pattern(uint64_t counter, size_t i)
{
    return (uint32_t)(counter * 2654435761u) ^ (uint32_t)i;
}

static int flat_out_writer(void *arg)
{
    dao_stream *w;
    if (dao_stream_open(&w, arg, 0) != 0)
        return 1;
    /* The frame for counter c is pattern(c, i); the writer fills it in
     * place between write_begin and commit, element by element, which is
     * the slowest (most tearable) way to write. */
    for (;;) {
        void *data;
        if (dao_stream_write_begin(w, &data) != 0)
            return 2;
        uint64_t next = dao_stream_counter(w) + 1;
        uint32_t *p = data;
        for (size_t i = 0; i < torn_elements; i++)
            p[i] = pattern(next, i);
        if (dao_stream_write_commit(w) != 0)
            return 3;
    }
}

struct torn_result {
    unsigned good;      /* copies returned and checked element by element */
    unsigned discarded; /* copies thrown away, and reads that gave up */
};

/* Reads against a writer that never pauses, for at most `seconds`: every
 * copy handed out must be exactly one frame. */
static struct torn_result read_against_flat_out_writer(const char *path, unsigned fifo_depth, size_t elements,
                                             double seconds)
{
    torn_elements = elements;
    uint32_t shape[1] = {(uint32_t)elements};
    dao_stream *r;
    dao_create_options o = {.version = DAO_CREATE_OPTIONS_VERSION, .fifo_depth = fifo_depth};
    assert_dao_ok(dao_stream_create(&r, path, DAO_UINT32, 1, shape, &o));
    pid_t writer = test_fork(flat_out_writer, (void *)path);

    uint32_t *copy = malloc(elements * 4);
    unsigned good = 0, gave_up = 0, retried = 0, attempts = 0;
    uint64_t last = 0;
    int64_t end = test_now_ns() + (int64_t)(seconds * 1e9);
    while (test_now_ns() < end && good < 2000) {
        dao_frame_info info;
        /* Every other read is a single attempt: it must be as strict. */
        int rc = attempts++ % 2 ? dao_stream_read(r, copy, elements * 4, 0, &info)
                                : dao_stream_read(r, copy, elements * 4, TEST_READ_TIMEOUT_NS, &info);
        if (rc == DAO_E_TORN) {
            gave_up++;
            continue;
        }
        assert_dao_ok(rc);
        if (info.counter == 0)
            continue; /* the writer has not published yet */
        retried += info.retries;
        /* A writer clearing the flag before bumping the counter (format §6)
         * shows up first as the next frame's data under this counter. */
        if (copy[0] == pattern(info.counter + 1, 0))
            fail_msg("frame %lu holds frame %lu's data", (unsigned long)info.counter,
                     (unsigned long)info.counter + 1);
        for (size_t i = 0; i < elements; i++) {
            if (copy[i] != pattern(info.counter, i))
                fail_msg("frame %lu element %zu is torn", (unsigned long)info.counter, i);
        }
        assert_true(info.counter >= last);
        last = info.counter;
        good++;
    }
    kill(writer, SIGKILL);
    assert_int_equal(test_wait_child(writer), 128 + SIGKILL);
    print_message("# depth %u, %zu elements: %u good copies checked, %u copies retried, %u reads gave up (DAO_E_TORN), "
                  "writer reached frame %lu\n",
                  fifo_depth, elements, good, retried, gave_up, (unsigned long)dao_stream_counter(r));
    free(copy);
    dao_stream_close(r);
    return (struct torn_result){good, retried + gave_up};
}

/* Depth 1: the writer rewrites the only frame back to back, so copies
 * often overlap a write; none may be returned torn. Small frames let many
 * copies succeed between two writes; large ones make most copies race a
 * write (a writer that never pauses starves depth-1 readers of large frames,
 * which is what FIFO depth is for, next test). */
static void test_no_torn_frame_is_ever_returned(void **state)
{
    struct torn_result small = read_against_flat_out_writer(test_stream_path(), 1, 1024, 5.0);
    struct torn_result large = read_against_flat_out_writer(test_stream_path(), 1, 64 * 1024, 3.0);
    assert_true(small.good + large.good >= 10);
    /* Some copies must have raced a write, or the check was not exercised
     * (large frames make that near certain). */
    assert_true(small.discarded + large.discarded > 0);
}

/* Depth 3: the reader copies the newest segment while the writer fills
 * another one, so nearly every read succeeds. */
static void test_fifo_depth_lets_readers_keep_up_with_a_flat_out_writer(void **state)
{
    struct torn_result r = read_against_flat_out_writer(test_stream_path(), 3, 64 * 1024, 10.0);
    assert_true(r.good >= 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pixel_order),
        cmocka_unit_test(test_read_returns_counter_time_and_borrowed_data),
        cmocka_unit_test(test_stuck_write_flag_gives_torn_not_a_frame),
        cmocka_unit_test(test_a_writer_killed_inside_a_write_is_named),
        cmocka_unit_test(test_a_killed_fifo_writer_leaves_its_last_whole_frame),
        cmocka_unit_test(test_a_foreign_writer_stalled_inside_a_write_is_named),
        cmocka_unit_test(test_a_foreign_fifo_writer_stalled_mid_frame_leaves_its_last_frame),
        cmocka_unit_test(test_a_copy_overtaken_by_a_write_stops_early),
        cmocka_unit_test(test_no_torn_frame_is_ever_returned),
        cmocka_unit_test(test_fifo_depth_lets_readers_keep_up_with_a_flat_out_writer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
