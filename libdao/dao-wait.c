/* dao-wait.c — waiting for the next frame: on a semaphore, or spinning on the
 * counter in user space. */
#include <errno.h>
#include <time.h>

#include "dao-milk.h"
#include "dao-private.h"

static int wait_on(sem_t *sem, int64_t timeout_ns);

int dao_stream_wait(dao_stream *s, int slot, int64_t timeout_ns)
{
    if (s->milk)
        return dao__milk_stream_wait(s, timeout_ns); /* read-only: polls, whatever the slot */
    sem_t *sem;
    int rc = dao__sem_get(s, slot, false, &sem); /* DAO_E_BAD_SLOT for a slot out of range */
    if (rc < 0)
        return rc;

    rc = wait_on(sem, timeout_ns);
    /* Woken: is it still our stream that posted? (A few loads.) */
    return rc == 0 ? dao__check(s) : rc;
}

static int wait_on(sem_t *sem, int64_t timeout_ns)
{
    if (timeout_ns == 0)
        return sem_trywait(sem) == 0 ? 0 : (errno == EAGAIN ? -ETIMEDOUT : -errno);

    if (timeout_ns < 0) {
        while (sem_wait(sem) < 0) {
            if (errno != EINTR)
                return -errno;
        }
        return 0;
    }

    /* An absolute deadline on the monotonic clock: retrying after a signal
     * does not restart the timeout, and wall-clock steps do not stretch it. */
    int64_t deadline = dao__now_monotonic_ns() + timeout_ns;
    struct timespec ts = {.tv_sec = deadline / 1000000000, .tv_nsec = deadline % 1000000000};
    while (sem_clockwait(sem, CLOCK_MONOTONIC, &ts) < 0) {
        if (errno == EINTR)
            continue;
        return errno == ETIMEDOUT ? -ETIMEDOUT : -errno;
    }
    return 0;
}

int dao_stream_spin_until(const dao_stream *s, uint64_t target, int64_t timeout_ns, uint64_t *counter)
{
    /* Reading the clock (vDSO, no system call) and the header's identity
     * every few thousand passes keeps the loop to a shared-memory load, a
     * load of the guard's flag (a line nobody writes: always in cache) and a
     * pause instruction. The flag is what ends the spin when the file
     * shrinks: the counter then reads 0 for ever. */
    enum { SPINS_PER_CHECK = 4096 };
    if (s->milk)
        return dao__milk_spin_until(s, target, timeout_ns, counter); /* its own counter, same loop */
    int64_t deadline = timeout_ns >= 0 ? dao__now_monotonic_ns() + timeout_ns : INT64_MAX;
    unsigned spins = 0;
    for (;;) {
        uint64_t now_counter = dao__counter(s);
        if (dao__faulted(s))
            return dao__check_mapping(s);
        if (now_counter >= target) {
            int rc = dao__check_quick(s);
            if (rc < 0)
                return rc;
            if (counter)
                *counter = now_counter;
            return 0;
        }
        if (timeout_ns == 0)
            return -ETIMEDOUT;
        if (++spins % SPINS_PER_CHECK == 0) {
            int rc = dao__check_mapping(s);
            if (rc < 0)
                return rc;
            if (timeout_ns > 0 && dao__now_monotonic_ns() >= deadline)
                return -ETIMEDOUT;
        }
        dao__cpu_relax();
    }
}

int dao_stream_spin_wait(const dao_stream *s, uint64_t seen, int64_t timeout_ns, uint64_t *counter)
{
    if (seen == UINT64_MAX)
        return -EOVERFLOW;
    return dao_stream_spin_until(s, seen + 1, timeout_ns, counter);
}
