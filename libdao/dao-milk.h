/* dao-milk.h — recognising milk / ImageStreamIO streams (private).
 *
 * dao reads milk streams through the same handle as DAO streams; the bytes
 * alone say which a file is (both families use the .im.shm suffix). This is
 * the pure half of that: from a copy of a file's first bytes and its size
 * to a verdict and, for a milk stream, a geometry whose every offset has
 * been checked against the file size.
 */
#ifndef DAO_MILK_H
#define DAO_MILK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dao-milk-format.h"
#include "dao.h"

typedef enum dao__milk_verdict {
    DAO__MILK_OK = 0,         /* a milk stream; the geometry is filled in */
    DAO__MILK_NOT_MILK,       /* bytes 0–31 hold no version: the DAO rules apply */
    DAO__MILK_NOT_READY,      /* the version is 32 zero bytes, the rest of the header is not:
                                 ISIO writes the version last, retry */
    DAO__MILK_UNKNOWN_LAYOUT, /* a version we do not know ("1.04"), or no variant's size fits */
    DAO__MILK_TRUNCATED,      /* a known version, shorter than every variant of it */
    DAO__MILK_BAD_NAXIS,      /* naxis is not 1–3 */
    DAO__MILK_BAD_SHAPE,      /* a used size is 0, or the counts overflow */
    DAO__MILK_BAD_NELEMENT,   /* nelement is not the product of the used sizes */
    DAO__MILK_BAD_TYPE,       /* datatype is not 1–13 (ISIO refuses the others itself) */
    DAO__MILK_BAD_HEADER,     /* shared is not 1, location < -1 or imdatamemsize is wrong */
} dao__milk_verdict;

typedef struct dao__milk_geometry {
    dao__milk_layout layout;
    char version[DAO__MILK_VERSION_SIZE + 1];
    int datatype;          /* 1–13; 13 is float16 (listed, its pixels not served) */
    size_t element_size;
    unsigned naxis;
    /* The numpy shape: reversed(size[:naxis]), C order over the same bytes
     * (§5). A {64, 48} milk image is (48, 64). Unused entries 0. */
    uint32_t shape[3];
    uint64_t nelement;
    uint64_t frame_size;   /* imdatamemsize */
    int gpu_device;        /* -1: pixels in the file, at regions.pixels; else the GPU */
    uint64_t imagetype;
    unsigned nkeywords;    /* at regions.keywords, DAO__MILK_KEYWORD_SIZE each */
    unsigned nsem;
    bool named_semaphores; /* "1.05": region 4 names POSIX semaphores outside the file */
    size_t sem_record_size;
    unsigned nb_proctrace;
    uint32_t cb_size;      /* fast circular buffer slots at regions.cb_pixels */
    dao__milk_regions regions; /* regions.end == the file size */
} dao__milk_geometry;

/* How many bytes of the file the recogniser wants to see. */
#define DAO__MILK_PROBE_SIZE DAO__MILK_MD_SIZE

/* `bytes` holds the first `len` bytes of a file of `file_size` bytes, copied
 * (the caller's private copy: checked values cannot change under us).
 * Steps 1–3 of §1, in order; never a guess. `out` is written only for
 * DAO__MILK_OK. A file shorter than a milk header with no version is
 * NOT_MILK, so short DAO files keep their own errors. */
dao__milk_verdict dao__milk_recognise(const void *bytes, size_t len, uint64_t file_size,
                                      dao__milk_geometry *out);

/* Bytes per element of milk datatype `code` (1–13), or 0. */
size_t dao__milk_type_size(int code);

/* ---- Reading (dao-milk-read.c) ---- */

/* The milk side of a handle: a recognised geometry over a read-only
 * mapping of the whole file. */
typedef struct dao__milk {
    dao__milk_geometry g;
    const uint8_t *map;
    const dao__milk_md *md;       /* == map */
    const uint8_t *pixels;        /* the frame, or NULL for a GPU stream */
    const uint8_t *cb_pixels;     /* slot 0 of the fast circular buffer, or NULL */
    bool tai;                     /* the writer stamps CLOCK_TAI ("2.x") */
    _Atomic uint64_t last_seen;   /* cnt0 when this handle last returned a frame */
    _Atomic bool cb_trusted;      /* the writer was seen keeping the fast buffer */
    dao__milk_md identity;        /* the header at attach, for dao__milk_same_stream() */
    /* Raised by the SIGBUS guard when the file shrank under the mapping
     * (reads then see zeros), or NULL: reads and waits stop on it. */
    const _Atomic int *faulted;
} dao__milk;

void dao__milk_attach(dao__milk *m, const void *map, const dao__milk_geometry *g,
                      const _Atomic int *faulted);

/* Is the mapped header still the stream this handle attached to? A "1.05"
 * writer re-creates in place: same file, same inode, a new header. Compares
 * what fixes a stream's identity and geometry (version, sizes, type, image
 * type, counts, location, creation time, the inode ISIO recorded) and a
 * counter that went backwards; a handful of loads from a cache line the
 * writer does not touch per frame. */
bool dao__milk_same_stream(const dao__milk *m);

/* cnt0: frames published so far. */
uint64_t dao__milk_counter(const dao__milk *m);

/* A milk time stamp as CLOCK_REALTIME nanoseconds (0 stays 0: unknown). */
int64_t dao__milk_to_realtime_ns(const dao__milk *m, const dao__milk_timespec *t);

/* The newest frame's time: writetime, else atime, else 0 (§7). */
int64_t dao__milk_write_time_ns(const dao__milk *m);

/* Copy the newest frame (size == g.frame_size; the caller has checked that
 * the stream serves pixels). timeout_ns as dao_stream_read(): 0 one
 * attempt, < 0 until whole. 0, DAO_E_TORN, or DAO_E_TRUNCATED_DATA once the
 * guard saw the file shrink (the caller asks the mapping what happened). */
int dao__milk_read(dao__milk *m, void *dst, size_t size, int64_t timeout_ns, dao_frame_info *info);

/* Poll cnt0 until it differs from the last frame this handle returned
 * (from a read or a wait). 0, -ETIMEDOUT or DAO_E_TRUNCATED_DATA (as
 * dao__milk_read()). */
int dao__milk_wait(dao__milk *m, int64_t timeout_ns);

/* ---- The handle (dao-milk-stream.c) ---- */

/* Open `path` read-only and, when it is a milk stream, map it PROT_READ and
 * make *out a milk handle. *verdict says what the file is; for anything but
 * DAO__MILK_OK nothing is open and 0 is returned (the caller goes on with
 * the DAO rules). A negative code: a milk stream that could not be mapped. */
int dao__milk_open(dao_stream **out, const char *path, dao__milk_verdict *verdict);
void dao__milk_close(dao_stream *s);                       /* frees s->milk */
int dao__milk_verdict_code(dao__milk_verdict verdict);     /* as a DAO_E_* code */
int dao__milk_stream_read(dao_stream *s, void *dst, size_t size, int64_t timeout_ns,
                          dao_frame_info *info);
int dao__milk_stream_wait(dao_stream *s, int64_t timeout_ns);
/* The in-order calls (dao-fifo.c) on a stream of depth 1: each frame is
 * the newest, lost counts those written between two reads. */
int dao__milk_read_next(dao_stream *s, void *dst, size_t size, int64_t timeout_ns, dao_frame_info *info);
int dao__milk_wait_next(dao_stream *s, int64_t timeout_ns);
int dao__milk_spin_until(const dao_stream *s, uint64_t target, int64_t timeout_ns, uint64_t *counter);
/* dao__check_mapping() of a milk handle: 0, DAO_E_TRUNCATED_DATA or
 * DAO_E_RECREATED. */
int dao__milk_check_mapping(const dao_stream *s);
int dao__milk_slot_is_claimed(const dao_stream *s, int slot);
int dao__milk_writer_state(const dao_stream *s);
int dao__milk_semaphore_value(const dao_stream *s, int slot, int *value);
/* Keyword `index` as a DAO keyword entry (the same fields but cnt). */
struct dao__keyword;
void dao__milk_keyword_load_dao(const dao_stream *s, unsigned index, struct dao__keyword *kw);

/* Keyword `index` (< g.nkeywords) copied out of the file. */
void dao__milk_keyword_load(const dao__milk *m, unsigned index, dao__milk_keyword *out);

/* semReadPID[slot] and semWritePID[slot] as the file records them (§9);
 * -EINVAL when slot >= g.nsem. */
int dao__milk_semaphore_pids(const dao__milk *m, unsigned slot, int32_t *read_pid,
                             int32_t *write_pid);

#endif /* DAO_MILK_H */
