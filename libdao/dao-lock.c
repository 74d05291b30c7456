/* dao-lock.c — reader-slot claims and writer liveness, without a byte of the
 * file changing (format §7).
 *
 * Both are open-file-description locks (F_OFD_SETLK) on single bytes far
 * beyond the end of any stream file. The kernel keeps such a lock exactly as
 * long as the open file description that took it, so a process that dies —
 * even by SIGKILL — frees its slot and its writer role at once, and nobody
 * has to clean up. Because they belong to the file (inode), a stream that is
 * re-created under the same path starts with no claims.
 *
 *   DAO__LOCK_BASE          the writer role
 *   DAO__LOCK_BASE + 1 + k  reader slot k
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "dao-private.h"

#define DAO__LOCK_BASE ((off_t)1 << 40) /* 1 TiB: no stream file reaches it */
#define WRITER_XATTR "user.dao.writer"

static off_t writer_offset(void)
{
    return DAO__LOCK_BASE;
}

static off_t slot_offset(unsigned slot)
{
    return DAO__LOCK_BASE + 1 + (off_t)slot;
}

static int lock_byte(int fd, off_t offset, short type)
{
    struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = offset, .l_len = 1};
    if (fcntl(fd, F_OFD_SETLK, &fl) == 0)
        return 0;
    return errno == EAGAIN || errno == EACCES ? DAO_E_SLOT_BUSY : -errno;
}

/* 1 if some other open file description holds the byte, 0 if not. Locks
 * held through our own descriptor never conflict with it, so the caller
 * checks its own bookkeeping first. */
static int byte_is_locked(int fd, off_t offset)
{
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = offset, .l_len = 1};
    if (fcntl(fd, F_OFD_GETLK, &fl) < 0)
        return -errno;
    return fl.l_type != F_UNLCK;
}

static bool holds_slot(const dao_stream *s, unsigned slot)
{
    return s->claimed[slot / 64] & (UINT64_C(1) << (slot % 64));
}

static void set_holds_slot(dao_stream *s, unsigned slot, bool held)
{
    uint64_t bit = UINT64_C(1) << (slot % 64);
    if (held)
        s->claimed[slot / 64] |= bit;
    else
        s->claimed[slot / 64] &= ~bit;
}

int dao_stream_slot_claim_at(dao_stream *s, unsigned slot)
{
    if (slot >= s->nsem)
        return DAO_E_BAD_SLOT;
    if (s->read_only)
        return DAO_E_READ_ONLY; /* a write lock needs a descriptor open for writing */
    if (holds_slot(s, slot))
        return 0;
    int rc = lock_byte(s->fd, slot_offset(slot), F_WRLCK);
    if (rc == 0)
        set_holds_slot(s, slot, true);
    return rc;
}

int dao_stream_slot_claim(dao_stream *s, unsigned *slot)
{
    /* From the top down: existing DAO readers use slot 0 without claiming. */
    for (unsigned k = s->nsem; k-- > 0;) {
        if (holds_slot(s, k))
            continue;
        int rc = dao_stream_slot_claim_at(s, k);
        if (rc == 0) {
            *slot = k;
            return 0;
        }
        if (rc != DAO_E_SLOT_BUSY)
            return rc;
    }
    return DAO_E_NO_FREE_SLOT;
}

int dao_stream_slot_release(dao_stream *s, unsigned slot)
{
    if (slot >= s->nsem)
        return DAO_E_BAD_SLOT;
    if (!holds_slot(s, slot))
        return 0;
    int rc = lock_byte(s->fd, slot_offset(slot), F_UNLCK);
    if (rc == 0)
        set_holds_slot(s, slot, false);
    return rc;
}

int dao_stream_slot_is_claimed(const dao_stream *s, unsigned slot)
{
    if (slot >= s->nsem)
        return DAO_E_BAD_SLOT;
    if (holds_slot(s, slot))
        return 1;
    return byte_is_locked(s->fd, slot_offset(slot));
}

/* Take the writer role if nobody holds it. Tried once per handle: a second
 * writer of the same stream still writes (the format has no way to stop it),
 * it just is not the one liveness reports on. The extended attribute records
 * that a libdao writer once held this file, which is what lets a reader tell
 * "gone" from "unknown" after it dies. */
int dao__lock_writer(dao_stream *s)
{
    if (s->writer_tried)
        return s->writer ? 0 : DAO_E_SLOT_BUSY;
    s->writer_tried = true;
    int rc = lock_byte(s->fd, writer_offset(), F_WRLCK);
    if (rc < 0)
        return rc;
    s->writer = true;
    char value[32];
    int n = snprintf(value, sizeof(value), "libdao pid=%ld", (long)getpid());
    (void)fsetxattr(s->fd, WRITER_XATTR, value, (size_t)n, 0); /* best effort: tmpfs may refuse */
    return 0;
}

int dao_stream_writer_state(const dao_stream *s)
{
    if (s->writer)
        return DAO_WRITER_ALIVE;
    int locked = byte_is_locked(s->fd, writer_offset());
    if (locked < 0)
        return locked;
    if (locked)
        return DAO_WRITER_ALIVE;
    char value[32];
    ssize_t n = fgetxattr(s->fd, WRITER_XATTR, value, sizeof(value));
    return n > 0 ? DAO_WRITER_GONE : DAO_WRITER_UNKNOWN;
}
