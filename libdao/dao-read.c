/* dao-read.c — consistent copies of the newest frame.
 *
 * The write flag and the frame counter bracket every write (see
 * dao-write.c). A reader looks at both before and after its copy; if the
 * flag was up or the counter moved, a write overlapped the copy and the copy
 * is thrown away. This is a seqlock in which the file's own fields play the
 * sequence number, so it works on streams from any writer that follows the
 * format's write order.
 */
#include <string.h>

#include "dao-private.h"

/* Passes of the busy-wait for a write in progress between clock reads. */
#define SPINS_PER_CLOCK_READ 1024
/* Large frames are copied in pieces of this size, with a look at the write
 * flag and the counter after each: a copy that a write has overtaken stops
 * there, instead of reading the rest of the frame while the writer writes
 * it (memory bandwidth the writer needs, and time the reader could give to
 * its next attempt). One acquire load per piece costs nothing beside it. */
#define COPY_PIECE_BYTES (256 * 1024)

/* One attempt. Returns 0 (dst holds one whole frame), WRITING (a write was in
 * progress: nothing copied), DAO_E_TORN (a write raced the copy) or
 * DAO_E_BAD_FIFO. */
enum { WRITING = 1 };

/* Copies `size` bytes, or stops early (false) once a write has started or
 * finished since `counter` was read. Stopping is only a shortcut: a copy
 * that runs to the end is still judged by the checks in copy_once(). */
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

static int copy_once(dao_stream *s, void *dst, size_t size, dao_frame_info *info)
{
    unsigned segment = 0;
    if (s->fifo_depth > 1) {
        segment = dao__load_acquire(&s->md[0].fifo_last_written);
        if (segment >= s->fifo_depth)
            return DAO_E_BAD_FIFO;
    }
    const dao__md *md = &s->md[segment];
    uint64_t counter = dao__load_acquire(&md->cnt0);
    if (dao__load_acquire(&md->write))
        return WRITING;
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
    if (info) {
        *info = (dao_frame_info){.counter = counter, .write_time_ns = write_time, .segment = segment};
    }
    return 0;
}

int dao_stream_read(dao_stream *s, void *dst, size_t size, int64_t timeout_ns, dao_frame_info *info)
{
    if (size != s->frame_size)
        return DAO_E_SIZE_MISMATCH;
    unsigned retries = 0;
    unsigned spins = 0;
    /* The clock is read only once the first attempt failed: a read that
     * succeeds at once (the usual case) costs no clock read. */
    int64_t deadline = 0;
    for (;;) {
        int rc = copy_once(s, dst, size, info);
        if (rc == 0) {
            if (info)
                info->retries = retries;
            return 0;
        }
        if (rc != WRITING && rc != DAO_E_TORN)
            return rc;
        if (timeout_ns == 0)
            return DAO_E_TORN;
        if (rc == DAO_E_TORN)
            retries++;
        if (rc == DAO_E_TORN || ++spins % SPINS_PER_CLOCK_READ == 0) {
            int64_t now = dao__now_monotonic_ns();
            if (deadline == 0)
                deadline = timeout_ns > 0 ? now + timeout_ns : INT64_MAX;
            else if (now > deadline)
                return DAO_E_TORN;
        }
        if (rc == WRITING)
            dao__cpu_relax();
    }
}
