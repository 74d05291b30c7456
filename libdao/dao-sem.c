/* dao-sem.c — opening, preparing, draining and posting the named POSIX
 * semaphores beside every stream (format §5). Their names are dao-name.c's
 * business; they are taken from the real file behind the path, so a writer
 * and a reader that reach one stream through different symbolic links post
 * and wait on the same semaphores.
 *
 * /dev/shm is shared with every user of the machine. A semaphore set found
 * there when a stream is created may have been left by anyone: a set of
 * another user is never adopted (its owner could drain our readers' posts or
 * truncate it under us), it is replaced where we may remove it and refused
 * otherwise (DAO_E_FOREIGN_SEMAPHORE); a set of ours gets exactly the
 * stream file's mode, so re-creating a 0600 stream never leaves its
 * semaphores more open or more closed than the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dao-milk.h"
#include "dao-private.h"

int dao__sem_index(const dao_stream *s, int slot)
{
    if (slot == DAO_SEMLOG)
        return DAO__SEMLOG_INDEX;
    if (slot < 0 || (unsigned)slot >= s->nsem)
        return DAO_E_BAD_SLOT;
    return slot;
}

/* The semaphore for `slot`, opened once per handle. Readers never create a
 * missing one: a reader-made semaphore would look fine but no running writer
 * would ever post it. Writers create what is missing, as DAO writers do. */
int dao__sem_get(dao_stream *s, int slot, bool create, sem_t **out)
{
    int index = dao__sem_index(s, slot);
    if (index < 0)
        return index;
    sem_t *sem = atomic_load_explicit(&s->sems[index], memory_order_acquire);
    if (sem) {
        *out = sem;
        return 0;
    }
    char name[256];
    int rc = dao_semaphore_name(name, sizeof(name), s->sem_path, slot);
    if (rc < 0)
        return rc;
    sem = create ? sem_open(name, O_CREAT, 0666, 0) : sem_open(name, 0);
    if (sem == SEM_FAILED)
        return errno == ENOENT ? DAO_E_NO_SEMAPHORES : -errno;
    /* glibc maps the semaphore's file; a file its owner truncates would
     * raise SIGBUS in sem_wait or sem_post. */
    struct dao__guard *g = dao__guard_add(sem, sizeof(sem_t), PROT_READ | PROT_WRITE, NULL);
    sem_t *expected = NULL;
    if (!atomic_compare_exchange_strong(&s->sems[index], &expected, sem)) {
        dao__guard_remove(g);
        sem_close(sem); /* another thread opened it first */
        sem = expected;
    } else {
        atomic_store_explicit(&s->sem_guards[index], g, memory_order_release);
    }
    *out = sem;
    return 0;
}

int dao_stream_semaphore_value(dao_stream *s, int slot, int *value)
{
    if (s->milk)
        return dao__milk_semaphore_value(s, slot, value); /* never opens one */
    sem_t *sem;
    int rc = dao__sem_get(s, slot, false, &sem);
    if (rc < 0)
        return rc;
    return sem_getvalue(sem, value) < 0 ? -errno : 0;
}

/* A semaphore file we may keep: ours, a regular file, big enough for a
 * sem_t. Anything else is replaced (or refused). */
static bool file_is_ours(const struct stat *st)
{
    return S_ISREG(st->st_mode) && st->st_uid == geteuid() && (size_t)st->st_size >= sizeof(sem_t);
}

/* Make semaphore `name` (in `file`) exist, be ours and have `mode`. */
static int prepare_one(const char *name, const char *file, unsigned mode)
{
    for (int attempt = 0; attempt < 10; attempt++) {
        int fd = open(file, O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
        if (fd >= 0) {
            struct stat st;
            int rc = fstat(fd, &st) < 0 ? -errno : 0;
            bool ours = rc == 0 && file_is_ours(&st);
            if (ours && (st.st_mode & 07777) != mode && fchmod(fd, (mode_t)mode) < 0)
                rc = -errno;
            close(fd);
            if (rc < 0)
                return rc;
            if (ours)
                return 0;
        } else if (errno == ENOENT) {
            /* O_EXCL: if someone makes it meanwhile, look at theirs. */
            sem_t *sem = sem_open(name, O_CREAT | O_EXCL, (mode_t)mode, 0);
            if (sem != SEM_FAILED) {
                sem_close(sem);
                continue; /* and set the exact mode: sem_open applied the umask */
            }
            if (errno != EEXIST)
                return -errno;
            continue;
        } else if (errno != EACCES && errno != EPERM && errno != ELOOP) {
            return -errno;
        }
        /* Another user's (or not a semaphore at all): remove it if the
         * sticky /dev/shm lets us, else refuse to use it. */
        if (sem_unlink(name) < 0 && errno != ENOENT)
            return errno == EACCES || errno == EPERM ? DAO_E_FOREIGN_SEMAPHORE : -errno;
    }
    return DAO_E_FOREIGN_SEMAPHORE; /* someone keeps planting it */
}

/* Semaphores of this stem above the new count, left by an earlier stream
 * with more readers: an existing DAO reader counts them to find how many
 * there are. Only ours, and only those no reader claims, are removed. */
static void remove_stale(const dao_stream *s)
{
    for (int slot = (int)s->nsem; slot < DAO_MAX_SEMAPHORES; slot++) {
        char name[256], file[300];
        if (dao_semaphore_name(name, sizeof(name), s->sem_path, slot) < 0 ||
            dao_semaphore_path(file, sizeof(file), NULL, name) < 0)
            return;
        struct stat st;
        if (lstat(file, &st) < 0 || !file_is_ours(&st) || dao__semaphore_is_claimed(file) != 0)
            continue;
        (void)sem_unlink(name);
    }
}

/* For a new stream whose file has `mode`: every semaphore exists, is ours,
 * has the file's mode and is drained to 0. Draining in place, rather than
 * unlinking and re-creating, keeps readers already blocked on them
 * connected and only throws away posts meant for an earlier stream. */
int dao__sem_prepare_all(dao_stream *s, unsigned mode)
{
    for (int slot = DAO_SEMLOG; slot < (int)s->nsem; slot++) {
        char name[256], file[300];
        int rc = dao_semaphore_name(name, sizeof(name), s->sem_path, slot);
        if (rc >= 0)
            rc = dao_semaphore_path(file, sizeof(file), NULL, name);
        if (rc >= 0)
            rc = prepare_one(name, file, mode);
        sem_t *sem;
        if (rc >= 0)
            rc = dao__sem_get(s, slot, false, &sem);
        if (rc < 0)
            return rc;
        while (sem_trywait(sem) == 0)
            ;
    }
    remove_stale(s);
    return 0;
}

/* How long a writer goes on without the semaphores it could not open
 * before trying them again. */
#define SEM_RETRY_NS 1000000000

/* Post each semaphore whose value is below 1, so a slow reader finds one
 * new-frame flag, never a backlog. Two writers racing here can push a value
 * to 2; the format accepts that.
 *
 * The order is the order readers are handed slots: the top one first
 * (dao_stream_slot_claim() gives it to the first libdao reader), down to 0
 * (existing DAO readers' default), semlog last (loggers can wait). Each post
 * costs a sem_getvalue and, with a waiter, a futex wake: about 0.1 µs per
 * slot, so the first reader is not kept waiting behind ten others.
 *
 * A semaphore that cannot be opened (another user's, with no write
 * permission for us; /dev/shm full) is skipped: the frame is still published
 * through the counter, and dao_stream_semaphore_value() tells why. Opening
 * is tried again once a second, not on every frame: eleven failing
 * sem_open() calls per frame would cost a fast writer more than the frame. */
void dao__sem_post_all(dao_stream *s)
{
    bool retry = s->sem_retry_ns == 0 || dao__now_monotonic_ns() >= s->sem_retry_ns;
    bool failed = false;
    for (int slot = (int)s->nsem - 1; slot >= DAO_SEMLOG; slot--) {
        sem_t *sem = atomic_load_explicit(&s->sems[dao__sem_index(s, slot)], memory_order_acquire);
        if (!sem && (!retry || dao__sem_get(s, slot, true, &sem) < 0)) {
            failed = true;
            continue;
        }
        int value;
        if (sem_getvalue(sem, &value) == 0 && value < 1)
            sem_post(sem);
    }
    if (!failed)
        s->sem_retry_ns = 0;
    else if (retry)
        s->sem_retry_ns = dao__now_monotonic_ns() + SEM_RETRY_NS;
}

void dao__sem_close_all(dao_stream *s)
{
    for (size_t i = 0; i <= DAO__SEMLOG_INDEX; i++) {
        dao__guard_remove(atomic_exchange(&s->sem_guards[i], NULL));
        sem_t *sem = atomic_exchange(&s->sems[i], NULL);
        if (sem)
            sem_close(sem);
    }
}
