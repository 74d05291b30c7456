/* dao-private.h — the stream handle and helpers shared by libdao's units. */
#ifndef DAO_PRIVATE_H
#define DAO_PRIVATE_H

#include <semaphore.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "dao-format.h"
#include "dao.h"

/* One registered mapping (dao-guard.c). Entries are never freed, so the
 * SIGBUS handler may read them at any time without a lock. */
struct dao__guard {
    _Atomic uintptr_t start; /* 0 while the entry is not armed */
    _Atomic size_t length;
    _Atomic int prot;
    _Atomic uintptr_t zeroed_from; /* first byte now backed by zero pages, or 0 */
    _Atomic int faulted;           /* 1 once a fault was repaired: the file shrank */
    /* Under the registry's lock only: */
    bool in_use;
    struct dao_stream *owner;
};

/* The header bytes that fix a stream's geometry and identity, as they were
 * at open. A writer that re-creates the file in place rewrites them;
 * comparing them again costs a few loads from cache lines no writer touches
 * per frame (or that the reader loads anyway).
 *
 * Bytes 80 … 119 of md[0] hold naxis, size[3], nelement, atype and
 * creation_time, with the padding between them (never written after
 * creation either): compared as a block, five 8-byte loads. */
#define DAO__GEOMETRY_OFFSET 80
#define DAO__GEOMETRY_BYTES 40
typedef struct dao__identity {
    uint8_t geometry[DAO__GEOMETRY_BYTES];
    uint32_t fifo_size; /* as the file has it (0 or 1 for depth 1) */
    uint16_t sem;
    uint16_t nbkw;
} dao__identity;
static_assert(offsetof(dao__md, naxis) == DAO__GEOMETRY_OFFSET, "geometry starts at naxis");
static_assert(offsetof(dao__md, creation_time) + sizeof(double) == DAO__GEOMETRY_OFFSET + DAO__GEOMETRY_BYTES,
              "geometry ends with creation_time");

struct dao_stream {
    char *path;         /* as given by the caller */
    char *sem_path;     /* the real file behind `path`: semaphores are named after it */
    int fd;
    bool read_only;
    dev_t dev;          /* identity of the mapped file, to detect replacement */
    ino_t ino;

    uint8_t *map;       /* the whole file */
    uint64_t map_size;
    struct dao__guard *guard; /* this mapping's entry in the SIGBUS registry */

    /* Geometry, validated once at open and never re-read from the file:
     * another process changing the header cannot make us index out of the
     * mapping. */
    dao_type type;
    size_t element_size;
    unsigned naxis;
    uint32_t shape[DAO_MAX_AXES];
    uint64_t nelement;
    size_t frame_size;
    unsigned fifo_depth;
    unsigned nsem;
    unsigned nkeywords;
    uint64_t expected_size;
    dao__identity identity;

    dao__md *md;            /* md[0 … fifo_depth-1] */
    uint8_t *data;          /* segment 0 */
    /* The keyword table follows the data with no padding, so it can sit at
     * any address: entries are only ever copied with memcpy, never accessed
     * through a dao__keyword pointer. */
    uint8_t *keywords;

    /* The highest frame counter a read returned: a counter below it means
     * the file was re-created in place under us. */
    _Atomic uint64_t max_counter;
    /* A write flag seen up at counter stall_counter since stall_since_ns
     * (monotonic; 0: none seen), to tell a writer that died or stalled
     * mid-frame from one that is merely busy. */
    _Atomic uint64_t stall_counter;
    _Atomic int64_t stall_since_ns;
    _Atomic int64_t stall_next_check_ns; /* when to ask liveness again */

    /* In-order FIFO reading (dao-fifo.c): the last frame taken in order.
     * Set to the newest frame at open. */
    unsigned tail_segment;
    uint64_t tail_counter;

    /* Semaphores, opened on first use. Index DAO_MAX_SEMAPHORES is semlog.
     * Pointers are published with a CAS so threads may race to open them. */
    _Atomic(sem_t *) sems[DAO_MAX_SEMAPHORES + 1];
    /* Each semaphore's mapping is guarded too: a semaphore file that another
     * user truncates must not kill a process waiting on it. */
    struct dao__guard *_Atomic sem_guards[DAO_MAX_SEMAPHORES + 1];
    /* When a writer may next try the semaphores it could not open (0: none
     * failed). Only write_commit touches it, and one thread commits. */
    int64_t sem_retry_ns;

    /* Claims (dao-lock.c): a descriptor of our own on the stream file for
     * the writer role and the slot bytes, and one on each claimed
     * semaphore's file; -1 where none is open. */
    int lock_fd;
    int sem_lock_fd[DAO_MAX_SEMAPHORES + 1];
    uint64_t claimed[2];
    bool writer;
    bool writer_tried;
    int pending_segment;    /* segment of an uncommitted write_begin, or -1 */

    /* The milk side of a milk stream's handle (dao-milk-stream.c), NULL for
     * a DAO stream. md and keywords are NULL then: the calls that read the
     * header ask this first. */
    struct dao__milk *milk;
};

/* dao-sem.c */
int dao__sem_get(dao_stream *s, int slot, bool create, sem_t **out);
int dao__sem_prepare_all(dao_stream *s, unsigned mode);
void dao__sem_post_all(dao_stream *s);
void dao__sem_close_all(dao_stream *s);
int dao__sem_index(const dao_stream *s, int slot); /* 0 … 100, or DAO_E_BAD_SLOT */
#define DAO__SEMLOG_INDEX DAO_MAX_SEMAPHORES

/* dao-lock.c */
int dao__lock_writer(dao_stream *s);
void dao__lock_close_all(dao_stream *s);
void dao__lock_forget_in_child(dao_stream *s);
int dao__semaphore_is_claimed(const char *sem_file); /* 1, 0 or -errno */
int dao__lock_byte(int fd, off_t offset, short type);
#define DAO__LOCK_BASE ((off_t)1 << 40) /* 1 TiB: no stream file reaches it */

/* dao-guard.c */
/* Register [map, map + length) (NULL and errno on failure); owner is the
 * handle whose locks a forked child must drop, or NULL. */
struct dao__guard *dao__guard_add(void *map, size_t length, int prot, dao_stream *owner);
void dao__guard_remove(struct dao__guard *g); /* NULL does nothing */
uint64_t dao__guard_zeroed_from(const dao_stream *s); /* offset; map_size if none */

/* dao-check.c */
void dao__identity_of(const dao__md *md0, dao__identity *out);
/* 0, DAO_E_TRUNCATED_DATA (a fault was repaired) or DAO_E_RECREATED (the
 * header no longer matches): what the mapping itself says, a few loads. */
int dao__check_mapping(const dao_stream *s);
/* dao__check_mapping(), and DAO_E_RECREATED for a counter below the
 * highest one a read returned. */
int dao__check(const dao_stream *s);
/* The same from cache lines no writer stores to per frame (everything but
 * fifo_size and the semaphore and keyword counts): for the spin's exit,
 * where every extra cache miss is latency. */
int dao__check_quick(const dao_stream *s);
/* DAO_E_RECREATED, or DAO_E_TRUNCATED_DATA when the file is now shorter
 * than a metadata block: what a header found changed means (one fstat()). */
int dao__changed(const dao_stream *s);

/* dao-read.c: the attempts of a read and the retry loop around them. */
#define DAO__WRITING 1 /* an attempt found the write flag up: nothing copied */
/* One attempt: 0 with *got filled, DAO__WRITING with *flag_counter, or a
 * negative code (DAO_E_TORN: a write raced the copy). */
typedef int (*dao__attempt_fn)(dao_stream *s, void *ctx, dao_frame_info *got, uint64_t *flag_counter);
typedef struct dao__copy_request { /* the ctx of a one-frame attempt */
    void *dst;
    size_t size;
} dao__copy_request;
int dao__read_with_retries(dao_stream *s, dao__attempt_fn attempt, void *ctx, int64_t timeout_ns,
                           dao_frame_info *info);
int dao__copy_segment(dao_stream *s, unsigned segment, void *dst, size_t size, dao_frame_info *info,
                      uint64_t *flag_counter);
/* The segment holding the newest whole frame, or DAO_E_BAD_FIFO. */
int dao__newest_whole_segment(const dao_stream *s);
/* Record `counter` as the newest one seen; DAO_E_RECREATED if it is below
 * one seen before (the stream was re-created in place). */
int dao__note_newest(dao_stream *s, uint64_t counter);

/* dao-open.c */
int dao__check_path(const char *path); /* 0, -EINVAL, -ENOENT or -ENAMETOOLONG */
/* A handle for the file open on fd (fstat'ed as st), nothing mapped yet;
 * sem_path NULL: the real path behind `path`. */
dao_stream *dao__stream_new(const char *path, const char *sem_path, int fd, const struct stat *st,
                            bool read_only);
int dao__map_file(dao_stream **out, const char *path, const char *sem_path, int fd, bool read_only);
char *dao__real_path(const char *path); /* malloc'ed; a copy of path if it does not resolve */

/* dao-time.c */
int64_t dao__now_realtime_ns(void);
int64_t dao__now_monotonic_ns(void);

/* One timeout_ns spread over the several waits of a loop (wait, find the
 * post was for a frame already taken, wait again): each wait gets what is
 * left, so the loop as a whole keeps the caller's timeout. */
typedef struct dao__deadline {
    int64_t timeout_ns; /* as the caller gave it: < 0 for ever, 0 poll */
    int64_t at_ns;      /* on the monotonic clock, when timeout_ns > 0 */
} dao__deadline;
dao__deadline dao__deadline_after(int64_t timeout_ns);
/* The timeout for the next wait in *left: the caller's own when it means
 * "for ever" or "poll", else the time left. -ETIMEDOUT once that is none. */
int dao__deadline_left(const dao__deadline *d, int64_t *left);

/* Newest segment index, checked against the mapping (a foreign writer could
 * store anything there). */
static inline unsigned dao__newest_segment(const dao_stream *s);
static inline uint64_t dao__counter(const dao_stream *s);

#include "dao-atomic.h"

/* One load: has a fault in this mapping been repaired (the file shrank)? */
static inline bool dao__faulted(const dao_stream *s)
{
    return atomic_load_explicit(&s->guard->faulted, memory_order_acquire) != 0;
}

static inline unsigned dao__newest_segment(const dao_stream *s)
{
    if (s->fifo_depth == 1)
        return 0;
    uint32_t last = dao__load_acquire(&s->md[0].fifo_last_written);
    return last < s->fifo_depth ? last : 0;
}

/* dao_stream_counter(), inline for the library's own hot paths (an exported
 * function is called through the PLT even from inside the library). */
static inline uint64_t dao__counter(const dao_stream *s)
{
    unsigned newest = dao__newest_segment(s);
    uint64_t counter = dao__load_acquire(&s->md[newest].cnt0);
    if (s->fifo_depth > 1) {
        /* A FIFO writer names the new segment before bumping its counter;
         * in between, the newest segment still holds a counter from a lap
         * ago. The previous segment's counter is then the true one. */
        unsigned previous = (newest + s->fifo_depth - 1) % s->fifo_depth;
        uint64_t before = dao__load_acquire(&s->md[previous].cnt0);
        if (before > counter)
            counter = before;
    }
    return counter;
}

/* Bytes 80 … 119 of md[0]: axes, extents, element count, type and creation
 * time. No writer stores to that cache line after creation, so it stays in
 * every reader's cache. fifo_size, at 4296, shares a line with the first
 * data bytes of a depth-1 stream: a reader that loads it right after a
 * write waits for the writer's cache to hand the line over (a fifth of a
 * microsecond here), which is why the spin's exit leaves it to the periodic
 * full check. A re-creation always writes a new creation time, which this
 * part holds. Inline, for the writer's per-frame check; the loads are
 * never hoisted out of a caller's loop because every caller's loop makes an
 * atomic load or a call between two checks. */
static inline bool dao__geometry_changed(const dao_stream *s)
{
    return memcmp((const uint8_t *)s->md + DAO__GEOMETRY_OFFSET, s->identity.geometry, DAO__GEOMETRY_BYTES) != 0;
}

static inline bool dao__identity_changed(const dao_stream *s)
{
    const dao__md *md = s->md;
    const dao__identity *was = &s->identity;
    return dao__geometry_changed(s) || dao__load_relaxed(&md->sem) != was->sem ||
           dao__load_relaxed(&md->nbkw) != was->nbkw || dao__load_relaxed(&md->fifo_size) != was->fifo_size;
}

static inline uint8_t *dao__segment_data(const dao_stream *s, unsigned segment)
{
    return s->data + (size_t)segment * s->frame_size;
}

#endif /* DAO_PRIVATE_H */
