/* dao-lock.c — reader-slot claims and writer liveness, without a byte of the
 * file changing (format §7).
 *
 * Both are open-file-description locks (F_OFD_SETLK) on single bytes far
 * beyond the end of the files they lock. The kernel keeps such a lock exactly
 * as long as the open file description that took it, so a process that dies
 * — even by SIGKILL — frees its slot and its writer role at once, and nobody
 * has to clean up.
 *
 * On the stream file:
 *   DAO__LOCK_BASE          the writer role
 *   DAO__LOCK_BASE + 1 + k  reader slot k (k = 0 … 99)
 *   DAO__LOCK_BASE + 101    the semlog slot
 *
 * A slot is a semaphore, and semaphores belong to a name, not to a file:
 * after a re-creation the old file and the new one share them, and so do
 * streams with the same stem in two directories. So a claim also locks
 * DAO__LOCK_BASE + 1 on the semaphore's own file in /dev/shm
 * (dao_semaphore_path()), and a slot counts as claimed when either lock is
 * held: no two live readers are ever handed one semaphore, whichever file
 * they opened. (A semaphore that does not exist yet, or whose file we may not
 * open, is claimed on the stream file alone.)
 *
 * The locks are taken through descriptors of their own, opened close-on-exec,
 * never through the descriptor the stream was mapped with. A forked child
 * inherits them and with them the parent's open file descriptions, which
 * would keep a killed reader's slot claimed for as long as any child lives;
 * the guard's fork handler closes them in the child instead (never unlocks:
 * that would free the parent's claims), so each claim lives exactly as long
 * as the process that made it. (Until fork() has returned in the child, the
 * child still shares them: a parent killed in that instant keeps its claim
 * a few microseconds longer.)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "dao-milk.h"
#include "dao-private.h"

#define WRITER_XATTR "user.dao.writer"
#define SEMAPHORE_CLAIM_OFFSET (DAO__LOCK_BASE + 1)

static off_t writer_offset(void)
{
    return DAO__LOCK_BASE;
}

static off_t slot_offset(int index)
{
    return DAO__LOCK_BASE + 1 + (off_t)index;
}

int dao__lock_byte(int fd, off_t offset, short type)
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

/* Our own open file description of the mapped file, for locks only. Opened
 * through /proc/self/fd so it is the same inode even if the path has been
 * replaced meanwhile; where /proc is missing, through the path, checked to
 * be the same inode. */
static int lock_fd(dao_stream *s)
{
    if (s->lock_fd >= 0)
        return s->lock_fd;
    char proc[64];
    snprintf(proc, sizeof(proc), "/proc/self/fd/%d", s->fd);
    int fd = open(proc, O_RDWR | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        fd = open(s->path, O_RDWR | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        struct stat st;
        if (fd >= 0 && (fstat(fd, &st) < 0 || st.st_dev != s->dev || st.st_ino != s->ino)) {
            close(fd);
            return DAO_E_REPLACED;
        }
        if (fd < 0)
            return -errno;
    }
    s->lock_fd = fd;
    return fd;
}

/* The file glibc keeps semaphore `slot` of this stream in. */
static int semaphore_file(const dao_stream *s, int slot, char *buf, size_t len)
{
    char name[256];
    int rc = dao_semaphore_name(name, sizeof(name), s->sem_path, slot);
    return rc < 0 ? rc : dao_semaphore_path(buf, len, NULL, name);
}

int dao__semaphore_is_claimed(const char *sem_file)
{
    int fd = open(sem_file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return errno == ENOENT || errno == EACCES ? 0 : -errno;
    int rc = byte_is_locked(fd, SEMAPHORE_CLAIM_OFFSET);
    close(fd);
    return rc;
}

/* Lock the semaphore's file for the claim of `index`. 0 also when the
 * semaphore is missing or closed to us (the stream-file lock then stands
 * alone), DAO_E_SLOT_BUSY when another reader holds it. */
static int claim_semaphore(dao_stream *s, int slot, int index)
{
    char file[300];
    int rc = semaphore_file(s, slot, file, sizeof(file));
    if (rc < 0)
        return rc;
    int fd = open(file, O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return errno == ENOENT || errno == EACCES || errno == EPERM ? 0 : -errno;
    rc = dao__lock_byte(fd, SEMAPHORE_CLAIM_OFFSET, F_WRLCK);
    if (rc < 0) {
        close(fd);
        return rc;
    }
    s->sem_lock_fd[index] = fd;
    return 0;
}

static void release_semaphore(dao_stream *s, int index)
{
    if (s->sem_lock_fd[index] >= 0) {
        close(s->sem_lock_fd[index]); /* the lock goes with our only descriptor */
        s->sem_lock_fd[index] = -1;
    }
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
    int index = dao__sem_index(s, slot);
    if (index < 0)
        return index;
    if (s->read_only)
        return DAO_E_READ_ONLY; /* a write lock needs a descriptor open for writing */
    if (holds_slot(s, index))
        return 0;
    int fd = lock_fd(s);
    if (fd < 0)
        return fd;
    int rc = dao__lock_byte(fd, slot_offset(index), F_WRLCK);
    if (rc < 0)
        return rc;
    rc = claim_semaphore(s, slot, index);
    if (rc < 0) {
        (void)dao__lock_byte(fd, slot_offset(index), F_UNLCK);
        return rc;
    }
    set_holds_slot(s, index, true);
    return 0;
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
    int index = dao__sem_index(s, slot);
    if (index < 0)
        return index;
    if (!holds_slot(s, index))
        return 0;
    if (s->lock_fd >= 0) {
        int rc = dao__lock_byte(s->lock_fd, slot_offset(index), F_UNLCK);
        if (rc < 0)
            return rc;
    }
    release_semaphore(s, index);
    set_holds_slot(s, index, false);
    return 0;
}

int dao_stream_slot_is_claimed(const dao_stream *s, int slot)
{
    if (s->milk)
        return dao__milk_slot_is_claimed(s, slot); /* a reader PID in semReadPID */
    int index = dao__sem_index(s, slot);
    if (index < 0)
        return index;
    if (holds_slot(s, index))
        return 1;
    int rc = byte_is_locked(s->fd, slot_offset(index));
    if (rc != 0)
        return rc;
    char file[300];
    rc = semaphore_file(s, slot, file, sizeof(file));
    return rc < 0 ? rc : dao__semaphore_is_claimed(file);
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
    int fd = lock_fd(s);
    if (fd < 0)
        return fd;
    int rc = dao__lock_byte(fd, writer_offset(), F_WRLCK);
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
    if (s->milk)
        return dao__milk_writer_state(s);
    if (s->writer && s->lock_fd >= 0)
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

void dao__lock_close_all(dao_stream *s)
{
    for (int i = 0; i <= DAO__SEMLOG_INDEX; i++)
        release_semaphore(s, i);
    if (s->lock_fd >= 0)
        close(s->lock_fd);
    s->lock_fd = -1;
    s->claimed[0] = s->claimed[1] = 0;
    s->writer = false;
}

/* Runs in the child of fork(), single-threaded: only close(). The child's
 * handle keeps reading and waiting; it holds no claim and no writer role,
 * and may claim slots of its own. */
void dao__lock_forget_in_child(dao_stream *s)
{
    dao__lock_close_all(s);
    s->writer_tried = false;
}
