/* daorec-ring.c — see daorec-ring.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "daorec-ring.h"

int daorec__ring_init(daorec_ring *r, size_t frame_size, unsigned capacity)
{
    memset(r, 0, sizeof *r);
    r->frame_size = frame_size;
    r->stride = (frame_size + 63) & ~(size_t)63;
    r->capacity = capacity;
    if (capacity == 0 || r->stride > SIZE_MAX / capacity)
        return -ENOMEM;
    /* MAP_POPULATE faults every page in now, not in the capture thread's
     * first pass through the ring. */
    void *mem = mmap(NULL, r->stride * capacity, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (mem == MAP_FAILED)
        return -ENOMEM;
    r->frames = mem;
    r->info = calloc(capacity, sizeof *r->info);
    if (!r->info || sem_init(&r->wake, 0, 0) < 0 || sem_init(&r->space, 0, 0) < 0) {
        free(r->info);
        munmap(r->frames, r->stride * capacity);
        r->frames = NULL;
        r->info = NULL;
        return -ENOMEM;
    }
    return 0;
}

void daorec__ring_destroy(daorec_ring *r)
{
    if (!r->frames)
        return;
    sem_destroy(&r->wake);
    sem_destroy(&r->space);
    munmap(r->frames, r->stride * r->capacity);
    free(r->info);
    r->frames = NULL;
    r->info = NULL;
}

void *daorec__ring_reserve(daorec_ring *r)
{
    uint64_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    uint64_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
    if (head - tail >= r->capacity)
        return NULL;
    return r->frames + (head % r->capacity) * r->stride;
}

void daorec__ring_publish(daorec_ring *r, const daorec_frame_info *info)
{
    uint64_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    r->info[head % r->capacity] = *info;
    /* Release: the frame and its info are visible before the new head. */
    atomic_store_explicit(&r->head, head + 1, memory_order_release);
    unsigned used = (unsigned)(head + 1 - atomic_load_explicit(&r->tail, memory_order_relaxed));
    if (used > atomic_load_explicit(&r->peak, memory_order_relaxed))
        atomic_store_explicit(&r->peak, used, memory_order_relaxed);
    sem_post(&r->wake);
}

void daorec__ring_close(daorec_ring *r)
{
    atomic_store_explicit(&r->closed, true, memory_order_release);
    sem_post(&r->wake);
}

static unsigned ready(daorec_ring *r)
{
    uint64_t head = atomic_load_explicit(&r->head, memory_order_acquire);
    return (unsigned)(head - atomic_load_explicit(&r->tail, memory_order_relaxed));
}

/* Wait on a wake-up semaphore for at most timeout_ns (EINTR retried). */
static void wait_on(sem_t *sem, int64_t timeout_ns)
{
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += timeout_ns / 1000000000;
    deadline.tv_nsec += timeout_ns % 1000000000;
    if (deadline.tv_nsec >= 1000000000) {
        deadline.tv_nsec -= 1000000000;
        deadline.tv_sec++;
    }
    while (sem_clockwait(sem, CLOCK_MONOTONIC, &deadline) < 0 && errno == EINTR)
        ;
}

unsigned daorec__ring_wait(daorec_ring *r, int64_t timeout_ns)
{
    /* Drain old wake-ups first: a publish after this point posts again, so
     * checking `ready` next cannot miss it. */
    while (sem_trywait(&r->wake) == 0)
        ;
    unsigned n = ready(r);
    if (n || atomic_load_explicit(&r->closed, memory_order_acquire))
        return ready(r);
    wait_on(&r->wake, timeout_ns);
    return ready(r);
}

bool daorec__ring_wait_space(daorec_ring *r, int64_t timeout_ns)
{
    /* Wanted first, then the look, each side with a full fence between
     * its store and its load (release() mirrors it): a release the look
     * misses sees space_wanted and posts. */
    atomic_store(&r->space_wanted, true);
    atomic_thread_fence(memory_order_seq_cst);
    while (sem_trywait(&r->space) == 0)
        ;
    if (!daorec__ring_reserve(r))
        wait_on(&r->space, timeout_ns);
    atomic_store(&r->space_wanted, false);
    return daorec__ring_reserve(r) != NULL;
}

void *daorec__ring_entry(daorec_ring *r, unsigned i, daorec_frame_info **info)
{
    uint64_t k = atomic_load_explicit(&r->tail, memory_order_relaxed) + i;
    if (info)
        *info = &r->info[k % r->capacity];
    return r->frames + (k % r->capacity) * r->stride;
}

void daorec__ring_release(daorec_ring *r, unsigned n)
{
    uint64_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
    atomic_store_explicit(&r->tail, tail + n, memory_order_release);
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load(&r->space_wanted))
        sem_post(&r->space);
}

bool daorec__ring_finished(daorec_ring *r)
{
    return atomic_load_explicit(&r->closed, memory_order_acquire) && ready(r) == 0;
}

unsigned daorec__ring_used(const daorec_ring *r)
{
    uint64_t head = atomic_load_explicit(&((daorec_ring *)r)->head, memory_order_acquire);
    uint64_t tail = atomic_load_explicit(&((daorec_ring *)r)->tail, memory_order_acquire);
    return (unsigned)(head - tail);
}
