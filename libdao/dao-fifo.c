/* dao-fifo.c — every frame of a FIFO stream, in order (format §1, §6).
 *
 * A stream of depth N keeps its last N frames: frame n goes into the segment
 * after the newest, its counter one above the previous segment's. Each handle
 * keeps a tail, the segment and counter of the last frame it took in order.
 * The frame after the tail is in the segment after the tail's, with the
 * tail's counter + 1 — unless the writer has lapped the reader, which that
 * segment's counter then shows (it is higher). The lost count is exact: the
 * counters are consecutive, so a reader that jumps from counter t to the
 * newest counter c has lost c - t - 1 frames.
 *
 * Every copy is checked for tearing like a read of the newest frame
 * (dao-read.c), so a segment being overwritten is retried or reported,
 * never returned. The write order is the existing library's, so these calls
 * follow streams from its writers as well as libdao's.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <time.h>

#include "dao-milk.h"
#include "dao-private.h"

#define NOTHING_NEW 2 /* an attempt found no frame after the tail */

static int attempt_next(dao_stream *s, void *ctx, dao_frame_info *got, uint64_t *flag_counter)
{
    const dao__copy_request *r = ctx;
    uint64_t newest = dao__counter(s);
    int rc = dao__note_newest(s, newest);
    if (rc < 0)
        return rc;
    if (newest < s->tail_counter)
        return dao__changed(s); /* a counter below one we took */
    if (newest == s->tail_counter)
        return NOTHING_NEW;
    unsigned segment = (s->tail_segment + 1) % s->fifo_depth;
    if (dao__load_acquire(&s->md[segment].cnt0) != s->tail_counter + 1) {
        /* Lapped: the frame after the tail has been overwritten. */
        int newest_segment = dao__newest_whole_segment(s);
        if (newest_segment < 0)
            return newest_segment;
        segment = (unsigned)newest_segment;
    }
    rc = dao__copy_segment(s, segment, r->dst, r->size, got, flag_counter);
    if (rc != 0)
        return rc;
    if (got->counter <= s->tail_counter)
        return DAO_E_TORN; /* overwritten between the look and the copy: again */
    got->lost = got->counter - s->tail_counter - 1;
    return 0;
}

int dao_stream_read_next(dao_stream *s, void *dst, size_t size, int64_t timeout_ns, dao_frame_info *info)
{
    if (size != s->frame_size)
        return DAO_E_SIZE_MISMATCH;
    if (!dst)
        return -EINVAL;
    if (s->milk)
        return dao__milk_read_next(s, dst, size, timeout_ns, info);
    dao__copy_request r = {dst, size};
    dao_frame_info got;
    int rc = dao__read_with_retries(s, attempt_next, &r, timeout_ns, &got);
    if (rc == NOTHING_NEW)
        return -EAGAIN;
    if (rc < 0)
        return rc;
    s->tail_segment = got.segment;
    s->tail_counter = got.counter;
    if (info)
        *info = got;
    return got.lost > INT_MAX ? INT_MAX : (int)got.lost;
}

int dao_stream_wait_next(dao_stream *s, int slot, int64_t timeout_ns)
{
    if (slot == DAO_SPIN)
        return dao_stream_spin_until(s, s->tail_counter + 1, timeout_ns, NULL);
    if (s->milk)
        return dao__milk_wait_next(s, timeout_ns);
    dao__deadline deadline = dao__deadline_after(timeout_ns);
    for (;;) {
        /* A frame already there needs no wait; a post may also be left
         * from a frame already taken, hence the loop. */
        int rc = dao__check(s);
        if (rc < 0)
            return rc;
        if (dao__counter(s) > s->tail_counter)
            return 0;
        int64_t left;
        if ((rc = dao__deadline_left(&deadline, &left)) < 0)
            return rc;
        rc = dao_stream_wait(s, slot, left);
        if (rc < 0)
            return rc;
    }
}

struct segment_request {
    unsigned segment;
    void *dst;
    size_t size;
};

static int attempt_segment(dao_stream *s, void *ctx, dao_frame_info *got, uint64_t *flag_counter)
{
    const struct segment_request *r = ctx;
    return dao__copy_segment(s, r->segment, r->dst, r->size, got, flag_counter);
}

int dao_stream_read_segment(dao_stream *s, unsigned segment, void *dst, size_t size, int64_t timeout_ns,
                            dao_frame_info *info)
{
    if (segment >= s->fifo_depth || !dst)
        return -EINVAL;
    if (size != s->frame_size)
        return DAO_E_SIZE_MISMATCH;
    if (s->milk)
        return dao__milk_stream_read(s, dst, size, timeout_ns, info); /* depth 1: segment 0 */
    struct segment_request r = {segment, dst, size};
    return dao__read_with_retries(s, attempt_segment, &r, timeout_ns, info);
}

struct last_request {
    unsigned n;
    uint8_t *dst;
    dao_frame_info *infos; /* n entries, or NULL */
};

/* The last n frames, oldest first: segments newest-n+1 … newest (mod N),
 * whose counters must be consecutive and end at the newest one's. Segments
 * that were never written (fewer than n frames so far) hold counter 0. A
 * write that overtakes the oldest segment during the copies shows as a
 * counter out of line: the whole attempt is taken again. */
static int attempt_last(dao_stream *s, void *ctx, dao_frame_info *got, uint64_t *flag_counter)
{
    const struct last_request *r = ctx;
    int newest_segment = dao__newest_whole_segment(s);
    if (newest_segment < 0)
        return newest_segment;
    uint64_t newest = dao__load_acquire(&s->md[newest_segment].cnt0);
    int rc = dao__note_newest(s, newest);
    if (rc < 0)
        return rc;
    for (unsigned k = 0; k < r->n; k++) {
        unsigned back = r->n - 1 - k; /* frames before the newest */
        unsigned segment = ((unsigned)newest_segment + s->fifo_depth - back) % s->fifo_depth;
        uint64_t expected = newest > back ? newest - back : 0;
        dao_frame_info one;
        rc = dao__copy_segment(s, segment, r->dst + (size_t)k * s->frame_size, s->frame_size, &one, flag_counter);
        if (rc != 0)
            return rc;
        if (one.counter != expected)
            return DAO_E_TORN;
        if (r->infos)
            r->infos[k] = one;
        *got = one;
    }
    return 0;
}

int dao_stream_read_last(dao_stream *s, unsigned n, void *dst, size_t size, int64_t timeout_ns,
                         dao_frame_info *infos)
{
    if (n == 0 || n > s->fifo_depth || !dst)
        return -EINVAL;
    if (size != (size_t)n * s->frame_size)
        return DAO_E_SIZE_MISMATCH;
    if (s->milk)
        return dao__milk_stream_read(s, dst, size, timeout_ns, infos); /* depth 1: n is 1 */
    struct last_request r = {n, dst, infos};
    dao_frame_info newest;
    int rc = dao__read_with_retries(s, attempt_last, &r, timeout_ns, &newest);
    if (rc == 0 && infos) {
        /* The retry count belongs to the call; every entry gets it. */
        for (unsigned k = 0; k < n; k++)
            infos[k].retries = newest.retries;
    }
    return rc;
}

int dao_stream_tail_reset(dao_stream *s)
{
    if (s->milk) {
        s->tail_segment = 0;
        s->tail_counter = dao__milk_counter(s->milk);
        return dao__check(s);
    }
    int segment = dao__newest_whole_segment(s);
    if (segment < 0)
        return segment;
    s->tail_segment = (unsigned)segment;
    s->tail_counter = dao__load_acquire(&s->md[segment].cnt0);
    return dao__check(s);
}

uint64_t dao_stream_tail_counter(const dao_stream *s)
{
    return s->tail_counter;
}
