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
 *   DAO__LOCK_BASE + 1 + k  reader slot k (k = 0 … 99)
 *   DAO__LOCK_BASE + 101    the semlog slot
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

/* Slots as bit and lock indices: 0 … 99 for reader slots, 100 for semlog. */
#define SEMLOG_INDEX DAO_MAX_SEMAPHORES

/* The index of `slot` on this stream, or DAO_E_BAD_SLOT. */
static int slot_index(const dao_stream *s, int slot)
{
    if (slot == DAO_SEMLOG)
        return SEMLOG_INDEX;
    return slot >= 0 && (unsigned)slot < s->nsem ? slot : DAO_E_BAD_SLOT;
}

static off_t slot_offset(int index)
{
    return DAO__LOCK_BASE + 1 + (off_t)index;
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

static bool holds_slot(const dao_stream *s, int index)
{
    return s->claimed[index / 64] & (UINT64_C(1) << (index % 64));
}

static void set_holds_slot(dao_stream *s, int index, bool held)
{
    uint64_t bit = UINT64_C(1) << (index % 64);
    if (held)
        s->claimed[index / 64] |= bit;
    else
        s->claimed[index / 64] &= ~bit;
}

int dao_stream_slot_claim_at(dao_stream *s, int slot)
{
    int index = slot_index(s, slot);
    if (index < 0)
        return index;
    if (s->read_only)
        return DAO_E_READ_ONLY; /* a write lock needs a descriptor open for writing */
    if (holds_slot(s, index))
        return 0;
    int rc = lock_byte(s->fd, slot_offset(index), F_WRLCK);
    if (rc == 0)
        set_holds_slot(s, index, true);
    return rc;
}

int dao_stream_slot_claim(dao_stream *s, int *slot)
{
    if (!slot)
        return -EINVAL;
    /* From the top down: existing DAO readers use slot 0 without claiming. */
    for (int k = (int)s->nsem; k-- > 0;) {
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

int dao_stream_slot_release(dao_stream *s, int slot)
{
    int index = slot_index(s, slot);
    if (index < 0)
        return index;
    if (!holds_slot(s, index))
        return 0;
    int rc = lock_byte(s->fd, slot_offset(index), F_UNLCK);
    if (rc == 0)
        set_holds_slot(s, index, false);
    return rc;
}

int dao_stream_slot_is_claimed(const dao_stream *s, int slot)
{
    int index = slot_index(s, slot);
    if (index < 0)
        return index;
    if (holds_slot(s, index))
        return 1;
    return byte_is_locked(s->fd, slot_offset(index));
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
