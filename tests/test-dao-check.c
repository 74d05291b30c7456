/* test-dao-check.c — a stream re-created in place under a reader, at any
 * size, is noticed and named (DAO_E_RECREATED), by the calls that touch the
 * mapping and without a system call; and readers that reopen follow it.
 *
 * The re-creations are done the way existing DAO writers do them: the same
 * file truncated and a new header written. By hand where one field at a time
 * matters, and by tests/peers/dao-legacy-writer (made from the byte
 * contract, not from libdao) for the real thing, shrinking, growing and
 * keeping the size with another shape or type while readers read.
 */
#include "test-util.h"

#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dao-format.h"

static const char *make_stream(dao_type type, unsigned naxis, const uint32_t *shape, dao_stream **reader)
{
    const char *path = test_stream_path();
    dao_stream *w;
    assert_dao_ok(dao_stream_create(&w, path, type, naxis, shape, NULL));
    void *frame = calloc(1, dao_stream_frame_size(w));
    for (int i = 0; i < 3; i++)
        assert_dao_ok(dao_stream_write(w, frame, dao_stream_frame_size(w)));
    free(frame);
    dao_stream_close(w);
    assert_dao_ok(dao_stream_open(reader, path, 0));
    return path;
}

/* Rewrite bytes of md[0] in place, as a writer re-creating the file does. */
static void poke(const char *path, size_t offset, const void *bytes, size_t n)
{
    int fd = open(path, O_RDWR);
    assert_true(fd >= 0);
    assert_int_equal(pwrite(fd, bytes, n, (off_t)offset), (ssize_t)n);
    close(fd);
}

/* Every call that reads the mapping reports the re-creation. */
static void assert_all_say(dao_stream *r, int code)
{
    uint8_t frame[64];
    size_t size = dao_stream_frame_size(r);
    assert_true(size <= sizeof(frame));
    assert_dao_error(dao_stream_check(r), code);
    assert_dao_error(dao_stream_read(r, frame, size, TEST_READ_TIMEOUT_NS, NULL), code);
    assert_dao_error(dao_stream_spin_until(r, 0, -1, NULL), code);
    dao_metadata md = DAO_METADATA_INIT;
    assert_dao_error(dao_stream_metadata(r, 0, &md), code);
    assert_dao_error(dao_stream_check_path(r), code);
}

/* Same size, another shape: 4x4 uint16 becomes 2x8 (the case). */
static void test_same_size_other_shape(void **state)
{
    uint32_t shape[2] = {4, 4};
    dao_stream *r;
    const char *path = make_stream(DAO_UINT16, 2, shape, &r);
    assert_dao_ok(dao_stream_check(r));
    uint32_t other[2] = {2, 8};
    poke(path, offsetof(dao__md, size), other, sizeof(other));
    assert_all_say(r, DAO_E_RECREATED);
    dao_stream_close(r);
}

/* Same size and shape, another type (uint16 → int16). */
static void test_same_size_other_type(void **state)
{
    uint32_t shape[2] = {4, 4};
    dao_stream *r;
    const char *path = make_stream(DAO_UINT16, 2, shape, &r);
    uint8_t int16 = DAO_INT16;
    poke(path, offsetof(dao__md, atype), &int16, 1);
    assert_all_say(r, DAO_E_RECREATED);
    dao_stream_close(r);
}

/* Nothing but a new creation time: the same geometry made again. */
static void test_same_geometry_new_creation_time(void **state)
{
    uint32_t shape[1] = {8};
    dao_stream *r;
    const char *path = make_stream(DAO_FLOAT, 1, shape, &r);
    double later = 2e9;
    poke(path, offsetof(dao__md, creation_time), &later, sizeof(later));
    assert_all_say(r, DAO_E_RECREATED);
    dao_stream_close(r);
}

/* A writer that keeps even the creation time restarts its counter: a
 * counter below one already read is a re-creation too. */
static void test_counter_going_backwards(void **state)
{
    uint32_t shape[1] = {8};
    dao_stream *r;
    const char *path = make_stream(DAO_UINT8, 1, shape, &r);
    uint8_t frame[8];
    dao_frame_info info;
    assert_dao_ok(dao_stream_read(r, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, &info));
    assert_int_equal(info.counter, 3);
    uint64_t restarted = 1;
    poke(path, offsetof(dao__md, cnt0), &restarted, sizeof(restarted));
    assert_dao_error(dao_stream_read(r, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, NULL), DAO_E_RECREATED);
    assert_dao_error(dao_stream_check(r), DAO_E_RECREATED);
    dao_stream_close(r);
}

/* Grown in place: the mapping is still whole, the header is not ours. */
static void test_grown_in_place(void **state)
{
    uint32_t shape[2] = {2, 2};
    dao_stream *r;
    const char *path = make_stream(DAO_UINT8, 2, shape, &r);
    assert_int_equal(truncate(path, 4304 + 64 * 64), 0);
    uint32_t bigger[2] = {64, 64};
    uint64_t nelement = 64 * 64;
    poke(path, offsetof(dao__md, size), bigger, sizeof(bigger));
    poke(path, offsetof(dao__md, nelement), &nelement, sizeof(nelement));
    assert_all_say(r, DAO_E_RECREATED);
    dao_stream_close(r);
}

/* A semaphore wait that returns for the new stream's post says so too. */
static void test_a_wait_reports_it(void **state)
{
    uint32_t shape[1] = {8};
    dao_stream *r;
    const char *path = make_stream(DAO_UINT8, 1, shape, &r);
    int slot;
    assert_dao_ok(dao_stream_slot_claim(r, &slot));
    while (dao_stream_wait(r, slot, 0) == 0)
        ;
    uint8_t naxis = 2;
    uint32_t size[2] = {2, 4};
    poke(path, offsetof(dao__md, size), size, sizeof(size));
    poke(path, offsetof(dao__md, naxis), &naxis, 1);
    /* The new stream's writer posts, as any writer would. */
    char name[256];
    assert_true(dao_semaphore_name(name, sizeof(name), path, slot) > 0);
    sem_t *sem = sem_open(name, 0);
    assert_true(sem != SEM_FAILED);
    sem_post(sem);
    sem_close(sem);
    assert_dao_error(dao_stream_wait(r, slot, 1000000000), DAO_E_RECREATED);
    dao_stream_close(r);
}

/* ---- the real thing: a legacy writer re-creating in place while readers read ---- */

typedef struct seen {
    int recreations;   /* DAO_E_RECREATED or DAO_E_TRUNCATED_DATA, then reopened */
    int frames;
    int bad_frames;    /* elements of neither the frame nor the next: never */
    int early_frames;  /* the next frame under the previous counter (§6's gap, dao.h) */
    int mixed_frames;  /* the frame and the next, mixed (the same gap, rarer) */
    int shapes_seen;   /* distinct geometries a handle was opened on */
    char shapes[8][32];
} seen;

/* How many elements of `frame` hold n in the stream's type (the peer's
 * rule: every element of frame n holds n). */
static size_t frame_holds_count(const dao_stream *r, const void *frame, uint64_t n)
{
    size_t esize = dao_stream_element_size(r), count = 0;
    uint8_t expected[16] = {0};
    switch (dao_stream_type(r)) {
    case DAO_FLOAT: { float v = (float)n; memcpy(expected, &v, 4); break; }
    case DAO_DOUBLE: { double v = (double)n; memcpy(expected, &v, 8); break; }
    default: memcpy(expected, &n, esize < 8 ? esize : 8); break;
    }
    for (uint64_t i = 0; i < dao_stream_element_count(r); i++)
        count += memcmp((const uint8_t *)frame + i * esize, expected, esize) == 0;
    return count;
}

static void note_shape(seen *s, const dao_stream *r)
{
    char desc[32];
    const uint32_t *sh = dao_stream_shape(r);
    snprintf(desc, sizeof(desc), "%ux%u:%s", sh[0], sh[1], dao_type_name(dao_stream_type(r)));
    for (int i = 0; i < s->shapes_seen; i++) {
        if (strcmp(s->shapes[i], desc) == 0)
            return;
    }
    if (s->shapes_seen < 8)
        snprintf(s->shapes[s->shapes_seen++], sizeof(s->shapes[0]), "%s", desc);
}

/* Follows the stream for `ms` milliseconds the way a front end does: read
 * every new frame; on a re-creation close and open again. Runs in a child,
 * so a signal shows as its exit status. */
struct follow {
    const char *path;
    int ms;
    int fd; /* where the child writes its `seen` */
};

static int follow(void *arg)
{
    struct follow *f = arg;
    seen s = {0};
    dao_stream *r = NULL;
    uint8_t *frame = malloc(64 * 64 * 8);
    int64_t end = test_now_ns() + (int64_t)f->ms * 1000000;
    uint64_t last = 0;
    while (test_now_ns() < end) {
        if (!r) {
            if (dao_stream_open(&r, f->path, DAO_OPEN_READ_ONLY) < 0)
                continue; /* caught mid-re-creation: the header is not there yet */
            note_shape(&s, r);
            last = 0;
        }
        /* Right after the counter moves the writer is idle: the copy
         * races nothing, unless this reader is held up for a frame period. */
        int rc = dao_stream_spin_wait(r, last, 20 * 1000000, NULL);
        dao_frame_info info;
        if (rc == 0)
            rc = dao_stream_read(r, frame, dao_stream_frame_size(r), 10 * 1000000, &info);
        if (rc == 0) {
            s.frames++;
            /* A §6-order writer clears its flag before it stamps the time
             * and the counter. dao.h says what a depth-1 copy in that gap
             * can be: the next frame under the previous counter, or, when
             * a whole write fits in a reader held up mid-copy, a mix of
             * the two. Anything else — zeros, another stream's bytes —
             * would be a copy that a re-creation overtook: never allowed. */
            uint64_t count = dao_stream_element_count(r);
            size_t same = frame_holds_count(r, frame, info.counter);
            size_t next = frame_holds_count(r, frame, info.counter + 1);
            if (same != count) {
                if (next == count)
                    s.early_frames++;
                else if (same + next == count)
                    s.mixed_frames++;
                else {
                    s.bad_frames++;
                    fprintf(stderr, "bad frame: counter %llu, %s: %zu elements of it, %zu of the next, of %llu\n",
                            (unsigned long long)info.counter, dao_type_name(dao_stream_type(r)), same, next,
                            (unsigned long long)count);
                }
            }
            last = info.counter;
        }
        if (rc == DAO_E_RECREATED || rc == DAO_E_TRUNCATED_DATA) {
            s.recreations++;
            dao_stream_close(r);
            r = NULL;
        }
    }
    dao_stream_close(r);
    free(frame);
    if (write(f->fd, &s, sizeof(s)) != sizeof(s)) {
        perror("follow: write");
        return 1;
    }
    return 0;
}

static void test_readers_follow_a_legacy_writer_recreating_in_place(void **state)
{
    const char *path = test_stream_path();
    /* Shrink, grow, the same size with another shape, and another type. */
    const char *args[] = {"--shape", "4x4:uint16", "--recreate",
                          "2x8:uint16,2x2:uint8,64x64:float32,4x4:int16,4x4:uint16",
                          "--every", "40", "--rate", "2000", "--quiet", NULL};
    int out;
    pid_t writer = test_spawn_legacy_writer(path, args, &out, NULL);
    /* Wait for the file to exist before readers start. */
    for (int i = 0; i < 500 && access(path, F_OK) != 0; i++)
        usleep(10000);
    enum { READERS = 3 };
    int fds[READERS][2];
    pid_t readers[READERS];
    struct follow f[READERS];
    for (int i = 0; i < READERS; i++) {
        assert_int_equal(pipe(fds[i]), 0);
        f[i] = (struct follow){path, 1500, fds[i][1]};
        readers[i] = test_fork(follow, &f[i]);
    }
    for (int i = 0; i < READERS; i++) {
        assert_int_equal(test_wait_child(readers[i]), 0); /* never a signal */
        seen s;
        assert_int_equal(read(fds[i][0], &s, sizeof(s)), (ssize_t)sizeof(s));
        close(fds[i][0]);
        close(fds[i][1]);
        print_message("# reader %d: %d frames (%d in the §6 gap), %d re-creations noticed, %d geometries:", i,
                      s.frames, s.early_frames + s.mixed_frames, s.recreations, s.shapes_seen);
        for (int k = 0; k < s.shapes_seen; k++)
            print_message(" %s", s.shapes[k]);
        print_message("\n");
        assert_int_equal(s.bad_frames, 0);
        assert_true(s.frames > 0);
        assert_true(s.recreations >= 4);
        assert_int_equal(s.shapes_seen, 5); /* every geometry, the same-size ones too */
    }
    kill(writer, SIGTERM);
    assert_int_equal(test_wait_child(writer), 0);
    close(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_size_other_shape),
        cmocka_unit_test(test_same_size_other_type),
        cmocka_unit_test(test_same_geometry_new_creation_time),
        cmocka_unit_test(test_counter_going_backwards),
        cmocka_unit_test(test_grown_in_place),
        cmocka_unit_test(test_a_wait_reports_it),
        cmocka_unit_test(test_readers_follow_a_legacy_writer_recreating_in_place),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
