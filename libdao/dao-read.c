/* dao-read.c — consistent copies of a frame.
 *
 * The write flag and the frame counter bracket every write (see
 * dao-write.c). A reader looks at both before and after its copy; if the
 * flag was up or the counter moved, a write overlapped the copy and the copy
 * is thrown away. This is a seqlock in which the file's own fields play the
 * sequence number, so it works on streams from any writer that follows the
 * format's write order.
 *
 * Every attempt ends with a look at whether the stream is still the one the
 * handle describes (dao-check.c): a copy that read zeros from pages the file
 * lost, or a frame of a stream re-created in place, is never returned.
 *
 * A write flag that stays up at one counter means the writer stopped in the
 * middle of a frame. When liveness says the libdao writer is gone, that is
 * DAO_E_WRITER_DIED; when nobody can say (a writer that is not libdao), a
 * flag up for DAO_WRITE_STALL_NS is DAO_E_WRITE_STALLED. Either is reported
 * by the next read once known, not only by one that waited that long.
 */
#include <errno.h>
#include <string.h>

#include "dao-milk.h"
#include "dao-private.h"

/* Passes of the busy-wait for a write in progress between clock reads. */
#define SPINS_PER_CLOCK_READ 1024
/* Large frames are copied in pieces of this size, with a look at the write
 * flag and the counter after each: a copy that a write has overtaken stops
 * there, instead of reading the rest of the frame while the writer writes
 * it (memory bandwidth the writer needs, and time the reader could give to
 * its next attempt). One acquire load per piece costs nothing beside it. */
#define COPY_PIECE_BYTES (256 * 1024)
/* How long a write flag stays up before liveness is asked whether the
 * writer died, and how often it is asked again after that (each time two
 * system calls). */
#define WRITER_CHECK_NS (1000 * 1000)
#define WRITER_RECHECK_NS (10 * 1000 * 1000)

/* Copies `size` bytes, or stops early (false) once a write has started or
 * finished since `counter` was read. Stopping is only a shortcut: a copy
 * that runs to the end is still judged by the checks after it. */
static bool copy_until_overtaken(void *dst, const uint8_t *src, size_t size, const dao__md *md,
                                 uint64_t counter)
{
    size_t done = 0;
    while (size - done > COPY_PIECE_BYTES) {
        memcpy((uint8_t *)dst + done, src + done, COPY_PIECE_BYTES);
        done += COPY_PIECE_BYTES;
        if (dao__load_acquire(&md->write) || dao__load_relaxed(&md->cnt0) != counter)
            return false;
    }
    memcpy((uint8_t *)dst + done, src + done, size - done);
    return true;
}

/* With depth N >= 2 the §6 gap can be closed for every segment but the one
 * the writer fills next. Segment X holding frame G is overwritten by frame
 * G + N, which a writer starts only once G + N - 1 is published: while the
 * newest counter is below that, nothing can have written X during the copy.
 * When it is not below, X is the next segment to fill, and the §6 order
 * names it newest (fifo_last_written) right after clearing the flag: named,
 * it was overwritten. Not named, the writer has not begun, or is between
 * those two back-to-back stores — the same instant depth 1 cannot see. */
static bool overwritten_in_the_gap(const dao_stream *s, unsigned segment, uint64_t counter)
{
    uint64_t newest = dao__counter(s);
    if (newest + 2 <= counter + s->fifo_depth)
        return false;
    return dao__load_acquire(&s->md[0].fifo_last_written) == segment &&
           dao__load_acquire(&s->md[segment].cnt0) == counter;
}

int dao__copy_segment(dao_stream *s, unsigned segment, void *dst, size_t size, dao_frame_info *info,
                      uint64_t *flag_counter)
{
    const dao__md *md = &s->md[segment];
    uint64_t counter = dao__load_acquire(&md->cnt0);
    if (dao__load_acquire(&md->write)) {
        *flag_counter = counter;
        return DAO__WRITING;
    }
    int64_t write_time = dao__load_acquire(&md->atime_ns);

    if (!copy_until_overtaken(dst, dao__segment_data(s, segment), size, md, counter))
        return DAO_E_TORN;

    dao__fence_acquire();
    uint8_t write_after = dao__load_acquire(&md->write);
    uint64_t counter_after = dao__load_relaxed(&md->cnt0);
    /* Writers that follow the format's order to the letter clear the flag,
     * then read the clock, then store the time stamp and the counter: in
     * that gap a copy shows neither. Checking the time stamp too shortens
     * the gap only by the counter's store; it stays as long as the writer's
     * clock read, or any preemption there (dao-bench measures how often a
     * copy lands in it). libdao's writers clear the flag last: no gap. */
    int64_t write_time_after = dao__load_relaxed(&md->atime_ns);
    if (write_after || counter_after != counter || write_time_after != write_time)
        return DAO_E_TORN;
    if (s->fifo_depth > 1 && overwritten_in_the_gap(s, segment, counter))
        return DAO_E_TORN;
    if (info)
        *info = (dao_frame_info){.counter = counter, .write_time_ns = write_time, .segment = segment};
    return 0;
}

int dao__newest_whole_segment(const dao_stream *s)
{
    if (s->fifo_depth == 1)
        return 0;
    uint32_t newest = dao__load_acquire(&s->md[0].fifo_last_written);
    if (newest >= s->fifo_depth)
        return DAO_E_BAD_FIFO;
    /* Writers name the new segment newest before they stamp its counter; in
     * between, its counter is a lap old and the frame half written (§6 order
     * clears the flag before naming it). The previous segment then holds
     * the newest whole frame — also when the writer died right there. */
    unsigned previous = (newest + s->fifo_depth - 1) % s->fifo_depth;
    uint64_t counter = dao__load_acquire(&s->md[newest].cnt0);
    uint64_t before = dao__load_acquire(&s->md[previous].cnt0);
    return before > counter ? (int)previous : (int)newest;
}

/* The flag has been seen up at `counter`: is this a writer at work, or one
 * that stopped mid-frame? Returns DAO_E_TORN (no verdict yet),
 * DAO_E_WRITER_DIED or DAO_E_WRITE_STALLED. */
static int judge_stuck_flag(dao_stream *s, uint64_t counter, int64_t now)
{
    int64_t since = atomic_load_explicit(&s->stall_since_ns, memory_order_relaxed);
    if (since == 0 || atomic_load_explicit(&s->stall_counter, memory_order_relaxed) != counter) {
        atomic_store_explicit(&s->stall_counter, counter, memory_order_relaxed);
        atomic_store_explicit(&s->stall_since_ns, now, memory_order_relaxed);
        atomic_store_explicit(&s->stall_next_check_ns, now + WRITER_CHECK_NS, memory_order_relaxed);
        return DAO_E_TORN;
    }
    if (now >= atomic_load_explicit(&s->stall_next_check_ns, memory_order_relaxed)) {
        atomic_store_explicit(&s->stall_next_check_ns, now + WRITER_RECHECK_NS, memory_order_relaxed);
        if (dao_stream_writer_state(s) == DAO_WRITER_GONE)
            return DAO_E_WRITER_DIED;
    }
    return now - since >= DAO_WRITE_STALL_NS ? DAO_E_WRITE_STALLED : DAO_E_TORN;
}

int dao__note_newest(dao_stream *s, uint64_t counter)
{
    uint64_t seen = atomic_load_explicit(&s->max_counter, memory_order_relaxed);
    if (counter < seen)
        return dao__changed(s); /* a writer re-created the stream in place */
    if (counter > seen)
        atomic_store_explicit(&s->max_counter, counter, memory_order_relaxed);
    return 0;
}

/* A copy was whole; the last word goes to the stream's identity. */
static int accept(dao_stream *s)
{
    int rc = dao__check_mapping(s);
    if (rc < 0)
        return rc;
    if (atomic_load_explicit(&s->stall_since_ns, memory_order_relaxed))
        atomic_store_explicit(&s->stall_since_ns, 0, memory_order_relaxed);
    return 0;
}

int dao__read_with_retries(dao_stream *s, dao__attempt_fn attempt, void *ctx, int64_t timeout_ns,
                           dao_frame_info *info)
{
    unsigned retries = 0;
    unsigned spins = 0;
    /* The clock is read only once the first attempt failed: a read that
     * succeeds at once (the usual case) costs no clock read. */
    int64_t deadline = 0;
    for (;;) {
        dao_frame_info got;
        uint64_t flag_counter = 0;
        int rc = attempt(s, ctx, &got, &flag_counter);
        if (rc == 0) {
            rc = accept(s);
            if (rc < 0)
                return rc;
            got.retries = retries;
            if (info)
                *info = got;
            return 0;
        }
        if (rc != DAO__WRITING && rc != DAO_E_TORN)
            return rc;
        /* Zeros from a shrunk file or a re-created header look like a
         * write in progress: say what happened instead of retrying. */
        int changed = dao__check_mapping(s);
        if (changed < 0)
            return changed;
        if (rc == DAO_E_TORN)
            retries++;
        bool look_at_clock = rc == DAO_E_TORN || timeout_ns == 0 || ++spins % SPINS_PER_CLOCK_READ == 0;
        if (look_at_clock) {
            int64_t now = dao__now_monotonic_ns();
            if (rc == DAO__WRITING) {
                int verdict = judge_stuck_flag(s, flag_counter, now);
                if (verdict != DAO_E_TORN)
                    return verdict;
            }
            if (timeout_ns == 0)
                return DAO_E_TORN;
            if (deadline == 0)
                deadline = timeout_ns > 0 ? now + timeout_ns : INT64_MAX;
            else if (now > deadline)
                return DAO_E_TORN;
        }
        if (rc == DAO__WRITING)
            dao__cpu_relax();
    }
}

static int attempt_newest(dao_stream *s, void *ctx, dao_frame_info *got, uint64_t *flag_counter)
{
    const dao__copy_request *r = ctx;
    int segment = dao__newest_whole_segment(s);
    if (segment < 0)
        return segment;
    int rc = dao__copy_segment(s, (unsigned)segment, r->dst, r->size, got, flag_counter);
    return rc == 0 ? dao__note_newest(s, got->counter) : rc;
}

int dao_stream_read(dao_stream *s, void *dst, size_t size, int64_t timeout_ns, dao_frame_info *info)
{
    if (s->milk)
        return dao__milk_stream_read(s, dst, size, timeout_ns, info);
    if (size != s->frame_size)
        return DAO_E_SIZE_MISMATCH;
    if (!dst)
        return -EINVAL;
    dao__copy_request r = {dst, size};
    return dao__read_with_retries(s, attempt_newest, &r, timeout_ns, info);
}
