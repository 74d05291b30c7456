/* dao-private.h — the stream handle and helpers shared by libdao's units. */
#ifndef DAO_PRIVATE_H
#define DAO_PRIVATE_H

#include <semaphore.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "dao-format.h"
#include "dao.h"

struct dao_stream {
    char *path;         /* as given by the caller */
    int fd;
    bool read_only;
    dev_t dev;          /* identity of the mapped file, to detect replacement */
    ino_t ino;

    uint8_t *map;       /* the whole file */
    uint64_t map_size;

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

    dao__md *md;            /* md[0 … fifo_depth-1] */
    uint8_t *data;          /* segment 0 */
    /* The keyword table follows the data with no padding, so it can sit at
     * any address: entries are only ever copied with memcpy, never accessed
     * through a dao__keyword pointer. */
    uint8_t *keywords;

    /* Semaphores, opened on first use. Index DAO_MAX_SEMAPHORES is semlog.
     * Pointers are published with a CAS so threads may race to open them. */
    _Atomic(sem_t *) sems[DAO_MAX_SEMAPHORES + 1];
    /* When a writer may next try the semaphores it could not open (0: none
     * failed). Only write_commit touches it, and one thread commits. */
    int64_t sem_retry_ns;

    /* Reader slots this handle claimed, and whether it holds the writer role. */
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
int dao__sem_reset_all(dao_stream *s);
void dao__sem_post_all(dao_stream *s);
void dao__sem_close_all(dao_stream *s);

/* dao-lock.c */
int dao__lock_writer(dao_stream *s);

/* dao-open.c */
int dao__check_path(const char *path); /* 0, -EINVAL, -ENOENT or -ENAMETOOLONG */
/* A handle for the file open on fd (fstat'ed as st), nothing mapped yet. */
dao_stream *dao__stream_new(const char *path, int fd, const struct stat *st, bool read_only);
int dao__map_file(dao_stream **out, const char *path, int fd, bool read_only);

/* dao-time.c */
int64_t dao__now_realtime_ns(void);
int64_t dao__now_monotonic_ns(void);

/* Newest segment index, checked against the mapping (a foreign writer could
 * store anything there). */
static inline unsigned dao__newest_segment(const dao_stream *s);

#include "dao-atomic.h"

static inline unsigned dao__newest_segment(const dao_stream *s)
{
    if (s->fifo_depth == 1)
        return 0;
    uint32_t last = dao__load_acquire(&s->md[0].fifo_last_written);
    return last < s->fifo_depth ? last : 0;
}

static inline uint8_t *dao__segment_data(const dao_stream *s, unsigned segment)
{
    return s->data + (size_t)segment * s->frame_size;
}

#endif /* DAO_PRIVATE_H */
