/* dao-write.c — producing frames.
 *
 * The order is the format's §6, with one deliberate move: the write flag is
 * cleared last, after the counter, instead of between the copy and the
 * counter. The bytes written are the same and readers that only watch the
 * counter see nothing different. It closes a hole in the torn-read check:
 * with the flag cleared first, a whole write could start after a reader's
 * first look and end during its copy, and the reader's second look — flag
 * already 0, counter not yet bumped — would take the torn copy for good.
 * Keeping the flag up until the counter has moved means any write that
 * overlaps a copy shows up in one of the two.
 */
#include <errno.h>
#include <string.h>

#include "dao-private.h"

int dao_stream_write_begin(dao_stream *s, void **data)
{
    if (s->read_only)
        return DAO_E_READ_ONLY;
    /* The file shrank, or another writer re-created it in place: a few
     * loads, inline. */
    if (dao__faulted(s) || dao__identity_changed(s))
        return dao__check_mapping(s);
    if (!s->writer_tried)
        (void)dao__lock_writer(s); /* someone else may hold the role; we still write */
    unsigned segment = s->fifo_depth == 1 ? 0 : (dao__newest_segment(s) + 1) % s->fifo_depth;
    dao__md *md = &s->md[segment];
    dao__store_relaxed(&md->write, 1);
    /* The flag must be visible before any byte of the new frame. */
    dao__fence_release();
    s->pending_segment = (int)segment;
    if (data)
        *data = dao__segment_data(s, segment);
    return 0;
}

int dao_stream_write_commit(dao_stream *s)
{
    if (s->pending_segment < 0)
        return DAO_E_NOT_WRITING;
    unsigned segment = (unsigned)s->pending_segment;
    s->pending_segment = -1;
    dao__md *md = &s->md[segment];
    uint64_t previous = dao__counter(s);

    /* Nothing between the caller's last byte and the counter but the clock
     * read the time stamp needs: a spinning reader waits for exactly this. */
    if (s->fifo_depth > 1)
        dao__store_release(&s->md[0].fifo_last_written, segment);
    dao__store_release(&md->atime_ns, dao__now_realtime_ns());
    dao__store_release(&md->cnt0, previous + 1);
    dao__store_release(&md->write, 0);
    /* write_begin() checked the whole identity; a fill that met lost pages
     * is caught here, with one load, after the stores (which went to zero
     * pages) and before any reader is woken for it. A re-creation in place
     * during the fill is the next write_begin()'s to report. */
    if (dao__faulted(s))
        return dao__check_mapping(s);
    dao__sem_post_all(s);
    return 0;
}

int dao_stream_write(dao_stream *s, const void *src, size_t size)
{
    if (size != s->frame_size)
        return DAO_E_SIZE_MISMATCH;
    void *dst;
    int rc = dao_stream_write_begin(s, &dst);
    if (rc < 0)
        return rc;
    memcpy(dst, src, size);
    return dao_stream_write_commit(s);
}
