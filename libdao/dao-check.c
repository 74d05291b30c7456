/* dao-check.c — is the stream under this handle still the one we opened?
 *
 * Two things can happen to a mapped stream behind our back:
 *
 *  - the file shrinks (a writer truncates it to re-create it in place): the
 *    SIGBUS guard (dao-guard.c) maps zero pages over what was lost and
 *    raises the mapping's "faulted" flag;
 *  - the file is rewritten in place with another header (same size, larger,
 *    or smaller but not yet touched past its new end): the fields that fix
 *    the geometry and identity — axes, extents, element count, type,
 *    creation time, FIFO depth, semaphore and keyword counts — no longer
 *    match the copy the handle took at open, or the frame counter goes
 *    backwards (a writer that keeps the creation time would restart at 0).
 *
 * Both are checked by loads from cache lines that no writer stores to per
 * frame (the geometry line) or that the reader loads anyway (the counter
 * line), so the read path, the spin and the getters check on every call
 * without a system call. A path that now names another file, or none, costs
 * a stat() and is dao_stream_check_path()'s business.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "dao-milk.h"
#include "dao-private.h"

void dao__identity_of(const dao__md *md0, dao__identity *out)
{
    memset(out, 0, sizeof(*out));
    memcpy(out->geometry, (const uint8_t *)md0 + DAO__GEOMETRY_OFFSET, DAO__GEOMETRY_BYTES);
    out->sem = md0->sem;
    out->nbkw = md0->nbkw;
    out->fifo_size = md0->fifo_size;
}

/* The header is not what it was: re-created in place, or only cut short?
 * A file truncated to less than a page keeps its first page mapped, and the
 * bytes past its end read as zeros, which look like another header. One
 * fstat() tells; it is paid once, when the change is found, never on the
 * way there. */
int dao__changed(const dao_stream *s)
{
    struct stat st;
    if (fstat(s->fd, &st) == 0 && (uint64_t)st.st_size < DAO__MD_SIZE)
        return DAO_E_TRUNCATED_DATA;
    return DAO_E_RECREATED;
}

int dao__check_mapping(const dao_stream *s)
{
    if (s->milk)
        return dao__milk_check_mapping(s);
    if (dao__faulted(s)) {
        /* The file shrank. If the header is still backed by the file, it
         * may already show what replaced our stream. */
        if (dao__guard_zeroed_from(s) >= (uint64_t)s->fifo_depth * DAO__MD_SIZE && dao__identity_changed(s))
            return dao__changed(s);
        return DAO_E_TRUNCATED_DATA;
    }
    return dao__identity_changed(s) ? dao__changed(s) : 0;
}

/* A counter below the highest one a read returned. */
static bool counter_went_back(const dao_stream *s)
{
    uint64_t seen = atomic_load_explicit(&s->max_counter, memory_order_relaxed);
    return seen && dao__counter(s) < seen;
}

int dao__check(const dao_stream *s)
{
    int rc = dao__check_mapping(s);
    if (rc < 0)
        return rc;
    return counter_went_back(s) ? dao__changed(s) : 0;
}

int dao__check_quick(const dao_stream *s)
{
    if (dao__faulted(s))
        return dao__check_mapping(s);
    return dao__geometry_changed(s) || counter_went_back(s) ? dao__changed(s) : 0;
}

int dao_stream_check(const dao_stream *s)
{
    return dao__check(s);
}

/* Costs one system call when nothing changed (a stat() is ~2 us in a VM):
 * while the path still names our file, its size is our file's size. Only a
 * path that is gone or names another file costs a second call, to look at
 * our own file's size. What the handle already knows (a repaired fault, a
 * header rewritten in place) is reported first. */
int dao_stream_check_path(const dao_stream *s)
{
    int rc = dao__check(s);
    if (rc < 0)
        return rc;
    struct stat at_path, ours;
    int path_rc = stat(s->path, &at_path) < 0 ? -errno : 0;
    bool same = path_rc == 0 && at_path.st_dev == s->dev && at_path.st_ino == s->ino;
    if (same)
        return (uint64_t)at_path.st_size < s->expected_size ? DAO_E_TRUNCATED_DATA : 0;
    if (fstat(s->fd, &ours) < 0)
        return -errno;
    if ((uint64_t)ours.st_size < s->expected_size)
        return DAO_E_TRUNCATED_DATA;
    return path_rc < 0 ? path_rc : DAO_E_REPLACED;
}
