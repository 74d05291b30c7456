/* test-dao-fifo.c — every frame of a FIFO stream in order, against writers
 * made from the byte contract (tests/peers/dao-legacy-writer, the existing
 * library's order) as well as libdao's own: in order, lapped with the exact
 * lost count, depth 1 as before, torn segments never returned, the last n
 * frames oldest first, a segment by index, the tail reset. */
#include "test-util.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { NX = 16 }; /* uint16 frames of 16 elements */

/* A legacy writer driven line by line (--stdin). */
typedef struct commanded {
    const char *path;
    pid_t pid;
    int in, out;
} commanded;

static commanded start_writer(unsigned depth)
{
    commanded w = {.path = test_stream_path()};
    char depth_arg[16];
    snprintf(depth_arg, sizeof(depth_arg), "%u", depth);
    const char *args[] = {"--shape", "16:uint16", "--depth", depth_arg, "--stdin", NULL};
    w.pid = test_spawn_legacy_writer(w.path, args, &w.out, &w.in);
    char line[128];
    assert_true(test_wait_for_line(w.out, "created ", line, sizeof(line), 10000) > 0);
    return w;
}

/* Write `frames` frames; returns the counter of the last one. */
static uint64_t write_frames(commanded *w, int frames)
{
    char line[64];
    int n = snprintf(line, sizeof(line), "%d\n", frames);
    assert_int_equal(write(w->in, line, (size_t)n), n);
    assert_true(test_wait_for_line(w->out, "wrote ", line, sizeof(line), 10000) > 0);
    return strtoull(line + 6, NULL, 10);
}

static void stop_writer(commanded *w)
{
    close(w->in); /* end of input: it exits */
    assert_int_equal(test_wait_child(w->pid), 0);
    close(w->out);
}

static dao_stream *open_reader(const commanded *w)
{
    dao_stream *r;
    assert_dao_ok(dao_stream_open(&r, w->path, 0));
    return r;
}

/* Every element of frame n is n (the peer's rule). */
static void assert_frame_is(const uint16_t *frame, uint64_t counter)
{
    for (int i = 0; i < NX; i++) {
        if (frame[i] != (uint16_t)counter)
            fail_msg("element %d of frame %llu is %u", i, (unsigned long long)counter, frame[i]);
    }
}

static void test_every_frame_in_order(void **state)
{
    commanded w = start_writer(8);
    assert_int_equal(write_frames(&w, 2), 2); /* written before the open: not ours */
    dao_stream *r = open_reader(&w);
    assert_int_equal(dao_stream_tail_counter(r), 2);
    uint16_t frame[NX];
    dao_frame_info info;
    assert_dao_error(dao_stream_read_next(r, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, &info), -EAGAIN);
    assert_int_equal(write_frames(&w, 5), 7);
    for (uint64_t n = 3; n <= 7; n++) {
        assert_dao_ok(dao_stream_read_next(r, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, &info));
        assert_int_equal(info.counter, n);
        assert_int_equal(info.lost, 0);
        assert_int_equal(info.segment, n % 8); /* frame n in segment n mod depth */
        assert_frame_is(frame, n);
    }
    assert_dao_error(dao_stream_read_next(r, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, NULL), -EAGAIN);
    assert_int_equal(dao_stream_tail_counter(r), 7);
    dao_stream_close(r);
    stop_writer(&w);
}

static void test_a_lapped_reader_is_told_exactly_how_many_it_lost(void **state)
{
    commanded w = start_writer(8);
    dao_stream *r = open_reader(&w);
    uint16_t frame[NX];
    dao_frame_info info;
    /* Exactly one lap behind is not lapped: all 8 are still there. */
    assert_int_equal(write_frames(&w, 8), 8);
    for (uint64_t n = 1; n <= 8; n++) {
        assert_dao_ok(dao_stream_read_next(r, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, &info));
        assert_int_equal(info.counter, n);
    }
    /* Nine is: frame 9 was overwritten by frame 17. */
    assert_int_equal(write_frames(&w, 9), 17);
    assert_int_equal(dao_stream_read_next(r, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, &info), 8);
    assert_int_equal(info.lost, 8);
    assert_int_equal(info.counter, 17); /* the newest */
    assert_frame_is(frame, 17);
    assert_dao_error(dao_stream_read_next(r, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, NULL), -EAGAIN);
    /* Far behind: the count is still exact. */
    assert_int_equal(write_frames(&w, 1000), 1017);
    assert_int_equal(dao_stream_read_next(r, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, &info), 999);
    assert_int_equal(info.counter, 1017);
    assert_int_equal(write_frames(&w, 1), 1018);
    assert_int_equal(dao_stream_read_next(r, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, &info), 0);
    assert_int_equal(info.counter, 1018);
    dao_stream_close(r);
    stop_writer(&w);
}

/* Depth 1: the frame after the tail is the newest, or lost. */
static void test_depth_1_behaves_as_before(void **state)
{
    commanded w = start_writer(1);
    dao_stream *r = open_reader(&w);
    uint16_t frame[NX], newest[NX];
    dao_frame_info info;
    assert_int_equal(write_frames(&w, 1), 1);
    assert_int_equal(dao_stream_read_next(r, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, &info), 0);
    assert_int_equal(info.counter, 1);
    assert_int_equal(write_frames(&w, 4), 5);
    assert_int_equal(dao_stream_read_next(r, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, &info), 3);
    assert_int_equal(info.counter, 5);
    assert_dao_ok(dao_stream_read(r, newest, sizeof(newest), TEST_READ_TIMEOUT_NS, NULL));
    assert_memory_equal(frame, newest, sizeof(frame));
    assert_dao_error(dao_stream_read_next(r, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, NULL), -EAGAIN);
    assert_dao_ok(dao_stream_read_last(r, 1, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, &info));
    assert_int_equal(info.counter, 5);
    assert_dao_error(dao_stream_read_last(r, 2, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, NULL), -EINVAL);
    dao_stream_close(r);
    stop_writer(&w);
}

static void test_the_last_n_frames_oldest_first_and_any_segment(void **state)
{
    commanded w = start_writer(8);
    dao_stream *r = open_reader(&w);
    uint16_t frames[8][NX];
    dao_frame_info infos[8];
    /* Fewer frames than asked for: the segments never written come as they
     * are, counter 0. */
    assert_int_equal(write_frames(&w, 2), 2);
    assert_dao_ok(dao_stream_read_last(r, 4, frames, sizeof(frames[0]) * 4, TEST_READ_TIMEOUT_NS, infos));
    uint64_t expected[4] = {0, 0, 1, 2};
    for (int k = 0; k < 4; k++)
        assert_int_equal(infos[k].counter, expected[k]);
    assert_frame_is(frames[3], 2);

    assert_int_equal(write_frames(&w, 20), 22);
    assert_dao_ok(dao_stream_read_last(r, 8, frames, sizeof(frames), TEST_READ_TIMEOUT_NS, infos));
    for (int k = 0; k < 8; k++) {
        assert_int_equal(infos[k].counter, 15 + k); /* oldest first, newest last */
        assert_frame_is(frames[k], 15 + k);
    }
    assert_dao_error(dao_stream_read_last(r, 9, frames, sizeof(frames), 0, NULL), -EINVAL);
    assert_dao_error(dao_stream_read_last(r, 3, frames, sizeof(frames), 0, NULL), DAO_E_SIZE_MISMATCH);

    for (unsigned segment = 0; segment < 8; segment++) {
        dao_frame_info info;
        assert_dao_ok(dao_stream_read_segment(r, segment, frames[0], sizeof(frames[0]), TEST_READ_TIMEOUT_NS, &info));
        uint64_t n = 16 + segment; /* 16 … 22 in segments 0 … 6, 15 in 7 */
        if (n > 22)
            n -= 8;
        assert_int_equal(info.counter, n);
        assert_int_equal(info.segment, segment);
        assert_frame_is(frames[0], n);
    }
    assert_dao_error(dao_stream_read_segment(r, 8, frames[0], sizeof(frames[0]), 0, NULL), -EINVAL);
    /* None of these moved the tail. */
    assert_int_equal(dao_stream_tail_counter(r), 0);
    dao_stream_close(r);
    stop_writer(&w);
}

static void test_tail_reset_skips_to_the_newest(void **state)
{
    commanded w = start_writer(4);
    dao_stream *r = open_reader(&w);
    uint16_t frame[NX];
    dao_frame_info info;
    assert_int_equal(write_frames(&w, 3), 3);
    assert_dao_ok(dao_stream_tail_reset(r));
    assert_int_equal(dao_stream_tail_counter(r), 3);
    assert_dao_error(dao_stream_read_next(r, frame, sizeof(frame), 0, NULL), -EAGAIN);
    assert_int_equal(write_frames(&w, 1), 4);
    assert_int_equal(dao_stream_read_next(r, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, &info), 0);
    assert_int_equal(info.counter, 4);
    dao_stream_close(r);
    stop_writer(&w);
}

/* Sends one command after a pause, so the parent is already waiting. */
static int write_later(void *arg)
{
    commanded *w = arg;
    usleep(100 * 1000);
    return write(w->in, "1\n", 2) == 2 ? 0 : 1;
}

static void test_wait_next_on_a_semaphore_and_spinning(void **state)
{
    commanded w = start_writer(4);
    dao_stream *r = open_reader(&w);
    int slot;
    assert_dao_ok(dao_stream_slot_claim(r, &slot));
    assert_dao_error(dao_stream_wait_next(r, slot, 0), -ETIMEDOUT);
    assert_dao_error(dao_stream_wait_next(r, DAO_SPIN, 0), -ETIMEDOUT);
    for (int mode = 0; mode < 2; mode++) {
        pid_t pid = test_fork(write_later, &w);
        assert_dao_ok(dao_stream_wait_next(r, mode ? DAO_SPIN : slot, 10 * 1000000000LL));
        assert_int_equal(test_wait_child(pid), 0);
        char line[64];
        assert_true(test_wait_for_line(w.out, "wrote ", line, sizeof(line), 10000) > 0);
        /* A frame already after the tail: no wait at all. */
        assert_dao_ok(dao_stream_wait_next(r, slot, 0));
        uint16_t frame[NX];
        assert_dao_ok(dao_stream_read_next(r, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, NULL));
    }
    assert_dao_error(dao_stream_wait_next(r, slot, 0), -ETIMEDOUT); /* the post was for a frame taken */
    dao_stream_close(r);
    stop_writer(&w);
}

/* libdao's writer flat out over large frames, each frame's elements all its
 * counter. libdao clears the write flag last, so no copy can slip between a
 * write and its publication: every frame read in order, and every last-n
 * copy, must be whole. (A writer in the format's §6 order leaves an instant
 * no reader can see — between clearing the flag and naming the segment
 * newest — which a preemption can stretch on a loaded machine; that case is
 * pinned deterministically by the stalled-writer test below, not by a
 * race.) */
static int write_flat_out(void *arg)
{
    uint32_t shape[2] = {512, 256};
    dao_create_options o = DAO_CREATE_OPTIONS_INIT;
    o.fifo_depth = 4;
    dao_stream *w;
    if (dao_stream_create(&w, arg, DAO_UINT16, 2, shape, &o) != 0)
        return 1;
    for (;;) {
        void *data;
        if (dao_stream_write_begin(w, &data) != 0)
            return 2;
        uint16_t next = (uint16_t)(dao_stream_counter(w) + 1);
        uint16_t *px = data;
        for (size_t i = 0; i < 512 * 256; i++)
            px[i] = next;
        if (dao_stream_write_commit(w) != 0)
            return 3;
    }
}

static void test_torn_segments_are_never_returned(void **state)
{
    const char *path = test_stream_path();
    pid_t writer = test_fork(write_flat_out, (void *)path);
    dao_stream *r;
    int rc;
    for (int i = 0; i < 5000 && (rc = dao_stream_open(&r, path, DAO_OPEN_READ_ONLY)) != 0; i++)
        usleep(1000);
    assert_dao_ok(rc);
    size_t elements = 512 * 256, frame_size = elements * 2;
    uint16_t *frames = malloc(3 * frame_size);
    uint64_t taken = 0, lost = 0, torn = 0, histories = 0;
    int64_t end = test_now_ns() + 1000000000LL;
    while (test_now_ns() < end) {
        dao_frame_info info[3];
        rc = dao_stream_read_next(r, frames, frame_size, 1000000, info);
        if (rc >= 0) {
            taken++;
            lost += info[0].lost;
            for (size_t i = 0; i < elements; i++)
                torn += frames[i] != (uint16_t)info[0].counter;
        }
        if (dao_stream_read_last(r, 3, frames, 3 * frame_size, 1000000, info) == 0) {
            histories++;
            for (int k = 0; k < 3; k++) {
                /* Consecutive, but for segments not written yet (counter 0). */
                if (k && info[k - 1].counter && info[k].counter != info[k - 1].counter + 1)
                    torn++;
                for (size_t i = 0; i < elements; i++)
                    torn += frames[k * elements + i] != (uint16_t)info[k].counter;
            }
        }
    }
    print_message("# %llu frames in order (%llu lost to laps), %llu histories of 3, %llu torn\n",
                  (unsigned long long)taken, (unsigned long long)lost, (unsigned long long)histories,
                  (unsigned long long)torn);
    assert_true(taken > 0 && histories > 0);
    assert_int_equal(torn, 0);
    free(frames);
    dao_stream_close(r);
    kill(writer, SIGTERM);
    assert_int_equal(test_wait_child(writer), 128 + SIGTERM);
}

/* A writer in the §6 order stopped after it overwrote a segment, cleared
 * its flag and named the segment newest, but before it stamped the new
 * counter: the segment holds frame 5 under frame 3's counter. Neither a
 * copy of it nor a history through it may come back as frame 3. */
static void test_a_segment_overwritten_in_the_gap_is_never_returned(void **state)
{
    const char *path = test_stream_path();
    int out;
    pid_t writer = test_spawn_stalled_writer(path, "16:uint16", 2, "5:count", &out);
    dao_stream *r;
    assert_dao_ok(dao_stream_open(&r, path, DAO_OPEN_READ_ONLY));
    uint16_t frames[2][NX];
    dao_frame_info infos[2];
    /* Segment 0 holds frame 4, whole; segment 1 frame 5's data, counter 3. */
    assert_dao_ok(dao_stream_read_segment(r, 0, frames[0], sizeof(frames[0]), TEST_READ_TIMEOUT_NS, infos));
    assert_int_equal(infos[0].counter, 4);
    assert_frame_is(frames[0], 4);
    assert_dao_error(dao_stream_read_segment(r, 1, frames[1], sizeof(frames[1]), 10 * 1000000, NULL), DAO_E_TORN);
    assert_dao_error(dao_stream_read_last(r, 2, frames, sizeof(frames), 10 * 1000000, infos), DAO_E_TORN);
    /* The newest whole frame is still there. */
    assert_dao_ok(dao_stream_read_last(r, 1, frames, sizeof(frames[0]), TEST_READ_TIMEOUT_NS, infos));
    assert_int_equal(infos[0].counter, 4);
    dao_stream_close(r);
    kill(writer, SIGKILL);
    test_wait_child(writer);
    close(out);
}

/* libdao's own FIFO writer, read in order by the same calls. */
static void test_in_order_from_libdao_s_writer(void **state)
{
    const char *path = test_stream_path();
    uint32_t shape[1] = {NX};
    dao_create_options o = DAO_CREATE_OPTIONS_INIT;
    o.fifo_depth = 3;
    dao_stream *w, *r;
    assert_dao_ok(dao_stream_create(&w, path, DAO_UINT16, 1, shape, &o));
    assert_dao_ok(dao_stream_open(&r, path, 0));
    uint16_t frame[NX];
    dao_frame_info info;
    for (uint16_t n = 1; n <= 7; n++) {
        for (int i = 0; i < NX; i++)
            frame[i] = n;
        assert_dao_ok(dao_stream_write(w, frame, sizeof(frame)));
        if (n == 5)
            continue; /* one frame behind: still in the FIFO */
        assert_int_equal(dao_stream_read_next(r, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, &info), 0);
        assert_int_equal(info.counter, n == 6 ? 5 : n);
        assert_frame_is(frame, info.counter);
        if (n == 6) {
            assert_dao_ok(dao_stream_read_next(r, frame, sizeof(frame), TEST_READ_TIMEOUT_NS, &info));
            assert_int_equal(info.counter, 6);
        }
    }
    dao_stream_close(r);
    dao_stream_close(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_frame_in_order),
        cmocka_unit_test(test_a_lapped_reader_is_told_exactly_how_many_it_lost),
        cmocka_unit_test(test_depth_1_behaves_as_before),
        cmocka_unit_test(test_the_last_n_frames_oldest_first_and_any_segment),
        cmocka_unit_test(test_tail_reset_skips_to_the_newest),
        cmocka_unit_test(test_wait_next_on_a_semaphore_and_spinning),
        cmocka_unit_test(test_torn_segments_are_never_returned),
        cmocka_unit_test(test_a_segment_overwritten_in_the_gap_is_never_returned),
        cmocka_unit_test(test_in_order_from_libdao_s_writer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
