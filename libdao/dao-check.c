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

#include "dao-private.h"

void dao__identity_of(const dao__md *md0, dao__identity *out)
{
    /* volatile: another process may be rewriting these bytes; every call
     * must load them again, never reuse an earlier load. */
    const volatile dao__md *md = md0;
    memset(out, 0, sizeof(*out));
    out->naxis = md->naxis;
    for (int i = 0; i < 3; i++)
        out->size[i] = md->size[i];
    out->nelement = md->nelement;
    out->atype = md->atype;
    double creation = md->creation_time;
    memcpy(&out->creation_bits, &creation, sizeof(creation));
    out->sem = md->sem;
    out->nbkw = md->nbkw;
    out->fifo_size = md->fifo_size;
}

static bool identity_changed(const dao_stream *s)
{
    dao__identity now;
    dao__identity_of(s->md, &now);
    const dao__identity *was = &s->identity;
    return now.naxis != was->naxis || now.atype != was->atype || now.nelement != was->nelement ||
           now.size[0] != was->size[0] || now.size[1] != was->size[1] || now.size[2] != was->size[2] ||
           now.creation_bits != was->creation_bits || now.sem != was->sem || now.nbkw != was->nbkw ||
           now.fifo_size != was->fifo_size;
}

int dao__check_mapping(const dao_stream *s)
{
    if (dao__faulted(s)) {
        /* The file shrank. If the header is still backed by the file, it
         * may already show what replaced our stream. */
        if (dao__guard_zeroed_from(s) >= (uint64_t)s->fifo_depth * DAO__MD_SIZE && identity_changed(s))
            return DAO_E_RECREATED;
        return DAO_E_TRUNCATED_DATA;
    }
    return identity_changed(s) ? DAO_E_RECREATED : 0;
}

int dao__check(const dao_stream *s)
{
    int rc = dao__check_mapping(s);
    if (rc < 0)
        return rc;
    uint64_t seen = atomic_load_explicit(&s->max_counter, memory_order_relaxed);
    if (seen && dao_stream_counter(s) < seen)
        return DAO_E_RECREATED;
    return 0;
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
