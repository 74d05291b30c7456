/* dao-sem.c — opening, draining and posting the named POSIX semaphores
 * beside every stream (format §5). Their names are dao-name.c's business.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "dao-milk.h"
#include "dao-private.h"

#define SEMLOG_INDEX DAO_MAX_SEMAPHORES

static int index_of(const dao_stream *s, int slot)
{
    if (slot == DAO_SEMLOG)
        return SEMLOG_INDEX;
    if (slot < 0 || (unsigned)slot >= s->nsem)
        return DAO_E_BAD_SLOT;
    return slot;
}

/* The semaphore for `slot`, opened once per handle. Readers never create a
 * missing one: a reader-made semaphore would look fine but no running writer
 * would ever post it. Writers create what is missing, as DAO writers do. */
int dao__sem_get(dao_stream *s, int slot, bool create, sem_t **out)
{
    int index = index_of(s, slot);
    if (index < 0)
        return index;
    sem_t *sem = atomic_load_explicit(&s->sems[index], memory_order_acquire);
    if (sem) {
        *out = sem;
        return 0;
    }
    char name[256];
    int rc = dao_semaphore_name(name, sizeof(name), s->path, slot);
    if (rc < 0)
        return rc;
    sem = create ? sem_open(name, O_CREAT, 0666, 0) : sem_open(name, 0);
    if (sem == SEM_FAILED)
        return errno == ENOENT ? DAO_E_NO_SEMAPHORES : -errno;
    sem_t *expected = NULL;
    if (!atomic_compare_exchange_strong(&s->sems[index], &expected, sem)) {
        sem_close(sem); /* another thread opened it first */
        sem = expected;
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

/* Drain every semaphore to 0 in place. Unlinking and re-creating them would
 * cut off readers already blocked on the old ones; draining keeps them
 * connected and only throws away posts meant for an earlier stream. */
int dao__sem_reset_all(dao_stream *s)
{
    for (int slot = DAO_SEMLOG; slot < (int)s->nsem; slot++) {
        sem_t *sem;
        int rc = dao__sem_get(s, slot, true, &sem);
        if (rc < 0)
            return rc;
        while (sem_trywait(sem) == 0)
            ;
    }
    return 0;
}

/* How long a writer goes on without the semaphores it could not open
 * before trying them again. */
#define SEM_RETRY_NS 1000000000

/* Post each semaphore whose value is below 1, so a slow reader finds one
 * new-frame flag, never a backlog. Two writers racing here can push a value
 * to 2; the format accepts that. A semaphore that cannot be opened (another
 * user's, with no write permission for us; /dev/shm full) is skipped: the
 * frame is still published through the counter, and
 * dao_stream_semaphore_value() tells why. Opening is tried again once a
 * second, not on every frame: eleven failing sem_open() calls per frame
 * would cost a fast writer more than the frame. */
void dao__sem_post_all(dao_stream *s)
{
    bool retry = s->sem_retry_ns == 0 || dao__now_monotonic_ns() >= s->sem_retry_ns;
    bool failed = false;
    for (int slot = DAO_SEMLOG; slot < (int)s->nsem; slot++) {
        sem_t *sem = atomic_load_explicit(&s->sems[index_of(s, slot)], memory_order_acquire);
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
    for (size_t i = 0; i <= SEMLOG_INDEX; i++) {
        sem_t *sem = atomic_exchange(&s->sems[i], NULL);
        if (sem)
            sem_close(sem);
    }
}
