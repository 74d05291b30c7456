/* dao-milk-read.c — reading a milk stream: counter, time, frames, waits.
 *
 * Strictly read-only (milk-format.md §9, §11): the mapping is PROT_READ, no
 * byte of the file is ever written, no semReadPID slot is taken and no
 * semaphore is opened. That decides how we wait: a semaphore wait
 * decrements the semaphore, which needs a writable mapping ("2.x") or
 * opening a named semaphore ("1.05"); even a futex wait on the in-file
 * sem_t's value word, which the kernel allows on a read-only mapping, would
 * never be woken, because sem_post only wakes when its waiter count (which
 * a read-only waiter cannot raise) is non-zero, and because an idle stream's
 * semaphores sit at 10, where the writer stops posting. So waiting is
 * polling cnt0, as the contract says.
 *
 * A copy is good when `write` was 0 and cnt0 the same before and after it
 * (§7). ISIO's own writers do not raise `write`; for them, and for frames
 * too large to copy within one frame period, the fast circular buffer helps
 * when the stream has one: UpdateIm copies each frame into the next slot
 * before it bumps cnt0, so the slot holding frame c is not touched again
 * until frame c + CBsize, and a copy of it stays good while cnt0 has moved
 * on by at most CBsize - 2.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "dao-atomic.h"
#include "dao-milk.h"
#include "dao.h"

/* How often a wait looks at cnt0. A tenth of a millisecond is below the
 * period of any milk loop a person watches and costs a few microseconds of
 * CPU per look; a reader that needs less latency spins (spin_until). */
#define MILK_POLL_NS (100 * 1000)
#define COPY_PIECE_BYTES (256 * 1024)
#define SPINS_PER_CLOCK_READ 1024

static int64_t now_ns(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void dao__milk_attach(dao__milk *m, const void *map, const dao__milk_geometry *g,
                      const _Atomic int *faulted)
{
    memset(m, 0, sizeof(*m));
    m->g = *g;
    m->map = map;
    m->md = map;
    m->pixels = g->gpu_device == -1 ? m->map + g->regions.pixels : NULL;
    m->cb_pixels = g->gpu_device == -1 && g->cb_size > 0 ? m->map + g->regions.cb_pixels : NULL;
    /* ISIO stamps CLOCK_TAI since 2023-05; every "2.x" variant is younger,
     * "1.05" older (and sets no frame times at all). */
    m->tai = g->layout != DAO__MILK_LAYOUT_105;
    atomic_init(&m->last_seen, dao__milk_counter(m));
    atomic_init(&m->cb_trusted, false);
    memcpy(&m->identity, m->md, sizeof(m->identity));
    m->faulted = faulted;
}

static bool faulted(const dao__milk *m)
{
    return m->faulted && atomic_load_explicit(m->faulted, memory_order_acquire);
}

bool dao__milk_same_stream(const dao__milk *m)
{
    const dao__milk_md *now = m->md, *then = &m->identity;
    if (memcmp(now->version, then->version, sizeof(then->version)) != 0 || now->naxis != then->naxis ||
        memcmp(now->size, then->size, sizeof(then->size)) != 0 || now->datatype != then->datatype ||
        now->imagetype != then->imagetype || now->nbkw != then->nbkw || now->cb_size != then->cb_size ||
        now->sem != then->sem || now->location != then->location || now->inode != then->inode ||
        now->creationtime.sec != then->creationtime.sec || now->creationtime.nsec != then->creationtime.nsec)
        return false;
    /* The counter only grows, unless the stream started again. */
    return dao__milk_counter(m) >= atomic_load_explicit(&m->last_seen, memory_order_relaxed);
}

uint64_t dao__milk_counter(const dao__milk *m)
{
    return dao__load_acquire(&m->md->cnt0);
}

int64_t dao__milk_to_realtime_ns(const dao__milk *m, const dao__milk_timespec *t)
{
    int64_t sec = dao__load_relaxed(&t->sec);
    int64_t nsec = dao__load_relaxed(&t->nsec);
    if (sec == 0 && nsec == 0)
        return 0; /* never stamped */
    int64_t ns = sec * 1000000000 + nsec;
    if (m->tai) {
        /* The kernel keeps CLOCK_TAI a whole number of seconds from
         * CLOCK_REALTIME (0 unless chrony, ntpd or ptp4l set it), so the
         * offset measured now, rounded to the second, is exact. */
        int64_t offset = now_ns(CLOCK_TAI) - now_ns(CLOCK_REALTIME);
        int64_t seconds = (offset + (offset >= 0 ? 500000000 : -500000000)) / 1000000000;
        ns -= seconds * 1000000000;
    }
    return ns;
}

int64_t dao__milk_write_time_ns(const dao__milk *m)
{
    int64_t t = dao__milk_to_realtime_ns(m, &m->md->writetime);
    return t ? t : dao__milk_to_realtime_ns(m, &m->md->atime);
}

static void note_seen(dao__milk *m, uint64_t counter)
{
    atomic_store_explicit(&m->last_seen, counter, memory_order_relaxed);
}

/* The counter and the time of the newest frame, read between two looks at
 * the write flag: with a writer that raises it, the time is that frame's
 * (the stamps go in before cnt0 moves, while `write` is up). From the fast
 * buffer a frame can be copied while the next one is being written
 * (`during_write`): its slot is not the one being filled. The time is then
 * the newest frame's unless the writer was caught between its stamp and its
 * counter, a window of a clock read. */
enum { WRITING = 1 };

static int snapshot(const dao__milk *m, bool during_write, uint64_t *counter, int64_t *write_time)
{
    const dao__milk_md *md = m->md;
    *counter = dao__load_acquire(&md->cnt0);
    if (!during_write && dao__load_acquire(&md->write))
        return WRITING;
    *write_time = dao__milk_write_time_ns(m);
    if ((!during_write && dao__load_acquire(&md->write)) || dao__load_acquire(&md->cnt0) != *counter)
        return DAO_E_TORN;
    return 0;
}

/* Frame c from the main pixel region, which the writer overwrites with the
 * next frame: the flag must stay down and cnt0 stay at c throughout. */
static int copy_main(const dao__milk *m, void *dst, size_t size, uint64_t c)
{
    const dao__milk_md *md = m->md;
    size_t done = 0;
    while (size - done > COPY_PIECE_BYTES) {
        memcpy((uint8_t *)dst + done, m->pixels + done, COPY_PIECE_BYTES);
        done += COPY_PIECE_BYTES;
        if (dao__load_acquire(&md->write) || dao__load_relaxed(&md->cnt0) != c)
            return DAO_E_TORN; /* overtaken: stop reading what is being written */
    }
    memcpy((uint8_t *)dst + done, m->pixels + done, size - done);
    dao__fence_acquire();
    if (dao__load_acquire(&md->write) || dao__load_relaxed(&md->cnt0) != c)
        return DAO_E_TORN;
    return 0;
}

/* Frame c from the fast circular buffer. After publish k the newest frame
 * is in slot k mod CBsize and CBcycle counts the wraps, so (CBcycle,
 * CBindex) names frame c only while the writer is between publishes: in
 * the middle of UpdateIm the index has moved on and cnt0 not yet, and the
 * main frame already holds the next frame's pixels under the old counter.
 * CB_MISMATCH says so; see copy_once() for what follows. The slot is
 * written again in the publish that takes cnt0 from c + CBsize - 1 to
 * c + CBsize, so the copy is good while cnt0 - c <= CBsize - 2. */
enum { CB_MISMATCH = 2 };

static int copy_cb(dao__milk *m, void *dst, size_t size, uint64_t c)
{
    const dao__milk_md *md = m->md;
    uint64_t cb = m->g.cb_size;
    uint64_t cycle = dao__load_acquire(&md->cb_cycle);
    uint32_t index = dao__load_acquire(&md->cb_index);
    if (index >= cb || cycle * cb + index != c || dao__load_acquire(&md->cnt0) != c)
        return CB_MISMATCH;
    const uint8_t *slot = m->cb_pixels + (size_t)index * size;
    size_t done = 0;
    while (size - done > COPY_PIECE_BYTES) {
        memcpy((uint8_t *)dst + done, slot + done, COPY_PIECE_BYTES);
        done += COPY_PIECE_BYTES;
        if (dao__load_relaxed(&md->cnt0) - c > cb - 2)
            return DAO_E_TORN;
    }
    memcpy((uint8_t *)dst + done, slot + done, size - done);
    dao__fence_acquire();
    if (dao__load_relaxed(&md->cnt0) - c > cb - 2)
        return DAO_E_TORN;
    /* The writer keeps the buffer as we read it: a later mismatch is a
     * publish in progress, not a writer of another kind. */
    if (c > 0)
        atomic_store_explicit(&m->cb_trusted, true, memory_order_relaxed);
    return 0;
}

/* One attempt. `main_on_mismatch`: when the buffer's position does not
 * name the counter, read the main frame instead of waiting for the publish
 * to finish. The caller allows it for a writer not seen to keep the
 * buffer (it may keep it otherwise, or never: the main frame is then all
 * there is) or once a mismatch has outlasted any publish. */
static int copy_once(dao__milk *m, void *dst, size_t size, bool main_on_mismatch,
                     dao_frame_info *info)
{
    uint64_t counter;
    int64_t write_time;
    bool buffered = m->cb_pixels && m->g.cb_size >= 2;
    int rc = snapshot(m, buffered, &counter, &write_time);
    if (rc != 0)
        return rc;
    rc = CB_MISMATCH;
    if (buffered)
        rc = copy_cb(m, dst, size, counter);
    else
        main_on_mismatch = true;
    if (rc == CB_MISMATCH) {
        if (!main_on_mismatch)
            return CB_MISMATCH;
        /* The main frame is good only with the flag down throughout. */
        if (dao__load_acquire(&m->md->write))
            return WRITING;
        rc = copy_main(m, dst, size, counter);
    }
    if (rc == 0 && info) {
        memset(info, 0, sizeof(*info));
        info->counter = counter;
        info->write_time_ns = write_time;
    }
    return rc;
}

/* How long a buffer mismatch may last before it is taken for a writer that
 * keeps the buffer differently rather than a publish in progress (which
 * takes well under a microsecond between its two stores, unless the writer
 * is preempted right there). */
#define CB_MISMATCH_GRACE_NS (1000 * 1000)
/* Until the writer has been seen keeping the buffer, a mismatch is waited
 * out only this long. */
#define CB_UNTRUSTED_GRACE_NS (200 * 1000)

int dao__milk_read(dao__milk *m, void *dst, size_t size, int64_t timeout_ns, dao_frame_info *info)
{
    unsigned retries = 0;
    unsigned spins = 0;
    int64_t deadline = timeout_ns > 0 ? now_ns(CLOCK_MONOTONIC) + timeout_ns : 0;
    int64_t mismatch_since = 0;
    for (;;) {
        bool trusted = atomic_load_explicit(&m->cb_trusted, memory_order_relaxed);
        bool main_on_mismatch;
        if (timeout_ns == 0) {
            main_on_mismatch = !trusted;
        } else if (mismatch_since == 0) {
            main_on_mismatch = false;
        } else {
            int64_t lasted = now_ns(CLOCK_MONOTONIC) - mismatch_since;
            main_on_mismatch = lasted > (trusted ? CB_MISMATCH_GRACE_NS : CB_UNTRUSTED_GRACE_NS);
            if (main_on_mismatch && trusted)
                atomic_store_explicit(&m->cb_trusted, false, memory_order_relaxed);
        }
        dao_frame_info got;
        int rc = copy_once(m, dst, size, main_on_mismatch, &got);
        if (rc == 0) {
            got.retries = retries;
            note_seen(m, got.counter);
            if (info)
                *info = got;
            return 0;
        }
        if (faulted(m))
            return DAO_E_TRUNCATED_DATA; /* zeros from lost pages: no frame will come */
        if (timeout_ns == 0)
            return DAO_E_TORN; /* one attempt: a write in progress counts as torn */
        if (rc == CB_MISMATCH) {
            if (mismatch_since == 0)
                mismatch_since = now_ns(CLOCK_MONOTONIC);
            rc = WRITING;
        } else {
            mismatch_since = 0;
        }
        if (rc == DAO_E_TORN)
            retries++;
        /* The clock is read after every torn copy (each costs a frame's
         * worth of memory traffic) but only now and then while a write is
         * in progress (a pause instruction each). */
        if (timeout_ns > 0 && (rc == DAO_E_TORN || ++spins % SPINS_PER_CLOCK_READ == 0) &&
            now_ns(CLOCK_MONOTONIC) > deadline)
            return DAO_E_TORN;
        dao__cpu_relax();
    }
}

int dao__milk_wait(dao__milk *m, int64_t timeout_ns)
{
    uint64_t seen = atomic_load_explicit(&m->last_seen, memory_order_relaxed);
    int64_t deadline = timeout_ns > 0 ? now_ns(CLOCK_MONOTONIC) + timeout_ns : INT64_MAX;
    for (;;) {
        uint64_t counter = dao__milk_counter(m);
        if (faulted(m))
            return DAO_E_TRUNCATED_DATA;
        if (counter != seen) {
            note_seen(m, counter);
            return 0;
        }
        if (timeout_ns == 0)
            return -ETIMEDOUT;
        int64_t left = deadline - now_ns(CLOCK_MONOTONIC);
        if (left <= 0)
            return -ETIMEDOUT;
        struct timespec nap = {.tv_sec = 0, .tv_nsec = left < MILK_POLL_NS ? left : MILK_POLL_NS};
        nanosleep(&nap, NULL); /* EINTR: look again, the deadline still holds */
    }
}

void dao__milk_keyword_load(const dao__milk *m, unsigned index, dao__milk_keyword *out)
{
    memcpy(out, m->map + m->g.regions.keywords + (size_t)index * DAO__MILK_KEYWORD_SIZE,
           sizeof(*out));
}

int dao__milk_semaphore_pids(const dao__milk *m, unsigned slot, int32_t *read_pid, int32_t *write_pid)
{
    if (slot >= m->g.nsem)
        return -EINVAL;
    const uint8_t *r = m->map + m->g.regions.sem_read_pid + (size_t)slot * DAO__MILK_PID_SLOT_SIZE;
    const uint8_t *w = m->map + m->g.regions.sem_write_pid + (size_t)slot * DAO__MILK_PID_SLOT_SIZE;
    if (read_pid)
        memcpy(read_pid, r, sizeof(*read_pid));
    if (write_pid)
        memcpy(write_pid, w, sizeof(*write_pid));
    return 0;
}
