/* dao.h — DAO shared-memory image streams.
 *
 * A stream is a memory-mapped file (usually /tmp/<name>.im.shm) holding a
 * small header and an N-d typed array, plus named POSIX semaphores that the
 * writer posts after every frame. libdao reads and writes exactly the bytes
 * of the DAO streams already running in adaptive-optics labs — the format is
 * written down in docs/shm-format.md — and adds what they lack: every header
 * field checked, copies that are never torn, user-space spin waits, reader
 * slots, writer liveness, every frame of a FIFO in order, and no crash when
 * another process truncates or rewrites a file under a reader.
 *
 * This header reads top to bottom: an example, then opening, reading,
 * waiting, reading a FIFO in order, the stream's geometry, what happens
 * when the file changes; then errors, types and limits; then reader slots,
 * keywords and producing; the raw header and the semaphores last.
 *
 * Example (the test suite extracts it and runs it exactly as written):
 *
 *     #include <dao.h>
 *     #include <errno.h>
 *     #include <stdio.h>
 *     #include <stdlib.h>
 *     #include <time.h>
 *
 *     // A producer: 64 x 64 uint16 frames, keeping the last 4, one per ms.
 *     static int produce(const char *path, int frames)
 *     {
 *         uint32_t shape[2] = {64, 64}; // (ny, nx), C order: pixel (y, x) at y*64 + x
 *         dao_create_options options = DAO_CREATE_OPTIONS_INIT;
 *         options.fifo_depth = 4;
 *         dao_stream *s;
 *         int rc = dao_stream_create(&s, path, DAO_UINT16, 2, shape, &options);
 *         if (rc < 0) {
 *             fprintf(stderr, "%s: %s\n", path, dao_strerror(rc));
 *             return 1;
 *         }
 *         static uint16_t pixels[64 * 64];
 *         struct timespec period = {0, 1000000};
 *         for (int n = 1; rc == 0 && n <= frames; n++) {
 *             for (int i = 0; i < 64 * 64; i++)
 *                 pixels[i] = (uint16_t)(n + i);
 *             rc = dao_stream_write(s, pixels, sizeof(pixels)); // counter + 1, readers woken
 *             nanosleep(&period, NULL);
 *         }
 *         if (rc < 0)
 *             fprintf(stderr, "%s: %s\n", path, dao_strerror(rc));
 *         dao_stream_close(s);
 *         return rc < 0;
 *     }
 *
 *     // A consumer of the newest frame, woken by a semaphore of its own.
 *     static int consume(const char *path, int frames)
 *     {
 *         dao_stream *s;
 *         int rc = dao_stream_open(&s, path, 0);
 *         if (rc < 0) {
 *             fprintf(stderr, "%s: %s\n", path, dao_strerror(rc));
 *             return 1;
 *         }
 *         int slot;
 *         rc = dao_stream_slot_claim(s, &slot); // no other reader is handed this one
 *         size_t size = dao_stream_frame_size(s);
 *         uint16_t *frame = malloc(size);
 *         if (rc == 0 && !frame)
 *             rc = -ENOMEM;
 *         for (int n = 0; rc == 0 && n < frames;) {
 *             rc = dao_stream_wait(s, slot, 1000000000); // at most 1 s
 *             if (rc == 0)
 *                 rc = dao_stream_read(s, frame, size, 1000000, NULL); // whole, or an error
 *             if (rc == -ETIMEDOUT || rc == DAO_E_TORN)
 *                 rc = 0; // no frame for a second, or none left whole: wait again
 *             else if (rc == 0)
 *                 n++; // use frame[y * 64 + x] here
 *         }
 *         if (rc < 0) // DAO_E_RECREATED and DAO_E_TRUNCATED_DATA: open it again
 *             fprintf(stderr, "%s: %s\n", path, dao_strerror(rc));
 *         free(frame);
 *         dao_stream_close(s);
 *         return rc < 0;
 *     }
 *
 *     // Every frame in order, and an exact count of those lost.
 *     static int consume_in_order(const char *path, int frames)
 *     {
 *         dao_stream *s;
 *         int rc = dao_stream_open(&s, path, 0);
 *         if (rc < 0) {
 *             fprintf(stderr, "%s: %s\n", path, dao_strerror(rc));
 *             return 1;
 *         }
 *         size_t size = dao_stream_frame_size(s);
 *         uint16_t *frame = malloc(size);
 *         rc = frame ? 0 : -ENOMEM;
 *         uint64_t lost = 0;
 *         for (int n = 0; rc >= 0 && n < frames;) {
 *             rc = dao_stream_wait_next(s, DAO_SPIN, 1000000000); // or a claimed slot
 *             dao_frame_info info;
 *             if (rc == 0)
 *                 rc = dao_stream_read_next(s, frame, size, 1000000, &info);
 *             if (rc == -ETIMEDOUT || rc == -EAGAIN)
 *                 rc = 0; // nothing after the tail yet
 *             else if (rc >= 0) {
 *                 lost += info.lost; // > 0 when the writer lapped us
 *                 n++;
 *             }
 *         }
 *         if (rc < 0)
 *             fprintf(stderr, "%s: %s\n", path, dao_strerror(rc));
 *         else
 *             printf("%d frames in order, %llu lost\n", frames, (unsigned long long)lost);
 *         free(frame);
 *         dao_stream_close(s);
 *         return rc < 0;
 *     }
 *
 * (End of the example.)
 *
 * Conventions. Every function that can fail returns 0 (or a non-negative
 * value where documented) on success and a negative code on failure: -errno
 * for operating-system errors, or one of the DAO_E_* protocol codes listed
 * under "Errors". dao_strerror() turns either into a sentence. Constructors
 * take the output parameter first and leave *out = NULL on failure, with
 * nothing to free. Pointers returned by getters are borrowed and valid until
 * the handle is closed. The library never prints, never exits, and keeps no
 * global mutable state but one: the process-wide SIGBUS handler and the list
 * of mappings it protects (see "When the file changes under a handle").
 *
 * Threads: on one handle, reads of the newest frame, waits and spins may run
 * in any number of threads at once, and alongside one thread that writes (a
 * Python writer feeding a thread blocked in a wait, say). In-order reading
 * (the tail), claiming or releasing slots, setting keywords and closing
 * must not overlap other calls on the handle.
 */
#ifndef DAO_H
#define DAO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(DAO_COMPILATION)
#define DAO_API __attribute__((visibility("default")))
#else
#define DAO_API
#endif

/* ------------------------------------------------------------------------ */
/* Opening and closing                                                      */
/* ------------------------------------------------------------------------ */

typedef struct dao_stream dao_stream;

enum dao_open_flags {
    /* Map read-only, even where the file is writable. Without this flag a
     * file we may not write is opened read-only anyway; writing through such
     * a handle, or claiming a reader slot with it, returns DAO_E_READ_ONLY. */
    DAO_OPEN_READ_ONLY = 1u << 0,
};

/* Open an existing stream. Every header field is checked against the file
 * size before use; a file that is not a valid DAO stream yields one of the
 * DAO_E_* codes (see "Errors") and nothing else happens. A milk /
 * ImageStreamIO stream opens too, always read-only (see "milk /
 * ImageStreamIO streams" below; dao_stream_format() tells which). Semaphores are
 * opened lazily by the first wait, claim or write; a stream whose semaphores
 * are missing still opens (spin waits and reads work) and dao_stream_wait()
 * then returns DAO_E_NO_SEMAPHORES rather than silently creating semaphores
 * that no running writer would post. Relative paths are taken from the
 * current directory; a symbolic link is followed, and the semaphores are
 * those of the file it names. */
DAO_API int dao_stream_open(dao_stream **out, const char *path, unsigned flags);

/* Unmap and free. Releases the reader slots and the writer role this handle
 * holds. dao_stream_close(NULL) does nothing. */
DAO_API void dao_stream_close(dao_stream *s);

/* ------------------------------------------------------------------------ */
/* Reading the newest frame                                                 */
/* ------------------------------------------------------------------------ */

/* What a read returns beside the pixels. Only the library writes it, so it
 * carries no version: it has a fixed size with room (reserved, zeroed) for
 * fields added later, and a caller can keep declaring it on the stack in
 * its loop without initialising anything. */
typedef struct dao_frame_info {
    uint64_t counter;      /* frame counter of the copied frame */
    int64_t write_time_ns; /* its write time */
    unsigned segment;      /* FIFO segment it came from (0 when depth is 1) */
    unsigned retries;      /* copies thrown away because a write raced them */
    uint64_t lost;         /* frames overwritten before this reader took them
                              (in-order FIFO reading); 0 for the newest frame */
    uint64_t reserved[4];  /* 0 */
} dao_frame_info;

/* Copy the newest frame into dst (exactly dao_stream_frame_size() bytes).
 * The copy is bracketed by the write flag and the frame counter; a large one
 * goes in 256 KiB pieces and stops at the first piece that a write overtook,
 * rather than read the rest while the writer writes it. A copy that raced a
 * write is thrown away and taken again until one is whole or `timeout_ns`
 * has passed (on the monotonic clock), after which DAO_E_TORN is returned:
 * 0 makes exactly one attempt and fails at once if a write is in progress
 * (for a display that would rather skip a frame than spend memory bandwidth
 * the writer needs — it copies right after its semaphore wakes it, when a
 * whole write period lies ahead); < 0 tries until a copy is whole. A
 * real-time reader passes a fraction of its frame period; 1 ms is plenty
 * for anything but writers that never pause.
 *
 * With libdao's writers a torn frame is never reported as good. Writers in
 * the format's exact §6 order (existing DAO writers) clear the flag before
 * they stamp the time and bump the counter; with depth 1 a copy checked in
 * that gap can be the next frame under the previous counter (so the same
 * data comes again under the right one) or, rarely, torn, for as long as
 * the writer is held up there (dao-bench's "reads" rows measure it). With
 * depth >= 2 the counters of the other segments close that gap, but for
 * the instant between two back-to-back stores of the writer (see
 * docs/shm-format.md, "FIFO streams").
 *
 * A write flag that stays up at one counter is a writer that stopped in the
 * middle of a frame: DAO_E_WRITER_DIED once liveness knows the libdao writer
 * is gone (within about a millisecond of looking), DAO_E_WRITE_STALLED once
 * it has been up for DAO_WRITE_STALL_NS and no one can say (a writer that is
 * not libdao, or a filesystem without extended attributes). With FIFO
 * depth >= 2 the half-written frame is never the newest one, so reads go on
 * returning the last whole frame. The file changing under the handle is
 * DAO_E_TRUNCATED_DATA or DAO_E_RECREATED (see dao_stream_check()). info may
 * be NULL. */
DAO_API int dao_stream_read(dao_stream *s, void *dst, size_t size, int64_t timeout_ns,
                            dao_frame_info *info);

/* How long a write flag may stay up at one counter before a read calls it
 * DAO_E_WRITE_STALLED rather than a write in progress: 1 s. */
#define DAO_WRITE_STALL_NS (1000 * 1000 * 1000LL)

/* The newest frame in place, for zero-copy readers. Borrowed, valid until
 * close. RACY: a writer may be changing it while you look; use
 * dao_stream_counter() before and after, or dao_stream_read(), when that
 * matters. With FIFO depth > 1 the pointer moves from frame to frame. If
 * the file shrinks, the memory stays readable and reads as zeros (see
 * dao_stream_check()): check the handle after using what you read. */
DAO_API const void *dao_stream_data(const dao_stream *s);

/* The frame counter (cnt0 of the newest segment): +1 on every write. */
DAO_API uint64_t dao_stream_counter(const dao_stream *s);

/* Time of the last write, nanoseconds since the epoch (CLOCK_REALTIME). */
DAO_API int64_t dao_stream_write_time_ns(const dao_stream *s);

/* ------------------------------------------------------------------------ */
/* Waiting for the next frame                                               */
/* ------------------------------------------------------------------------ */

#define DAO_SEMLOG (-1) /* the slot number of the semlog semaphore */

/* Wait until the writer posts reader semaphore `slot` (0 … count-1, or
 * DAO_SEMLOG: a logger may wait on semlog, which every writer posts too).
 * timeout_ns < 0 waits forever, 0 only polls. The deadline is on the
 * monotonic clock and survives signals (EINTR is retried).
 * Returns 0 for a new frame, -ETIMEDOUT when the deadline passed,
 * DAO_E_BAD_SLOT, DAO_E_NO_SEMAPHORES or another negative code.
 * Posts are clamped at 1: after a long pause a reader sees one new frame,
 * not a backlog. */
DAO_API int dao_stream_wait(dao_stream *s, int slot, int64_t timeout_ns);

/* Spin in user space — no system call in the loop, a CPU pause per pass —
 * until the frame counter is at least `target`. timeout_ns < 0 spins
 * forever; the clock and the header are looked at only every few thousand
 * passes. Returns 0 (and the counter seen in *counter if not NULL),
 * -ETIMEDOUT, or DAO_E_TRUNCATED_DATA / DAO_E_RECREATED when the file
 * changed under the handle (which a spin on a counter that stopped would
 * otherwise never notice). */
DAO_API int dao_stream_spin_until(const dao_stream *s, uint64_t target, int64_t timeout_ns,
                                  uint64_t *counter);

/* Spin until the counter differs from `seen` (i.e. is above it). */
DAO_API int dao_stream_spin_wait(const dao_stream *s, uint64_t seen, int64_t timeout_ns,
                                 uint64_t *counter);

/* ------------------------------------------------------------------------ */
/* Every frame in order (FIFO streams)                                      */
/* ------------------------------------------------------------------------ */

/* A stream created with fifo_depth N keeps its last N frames, one per
 * segment: frame n goes into the segment after the newest, with counter
 * n. A reader that must see every frame (telemetry, a logger, a control
 * loop that integrates) follows them in order, from a tail that each handle
 * keeps: the segment and counter of the last frame taken in order. Opening
 * sets the tail to the newest frame, so in-order reading begins with the
 * first frame written after the open. Tail calls on one handle must not
 * run in two threads at once. consume_in_order() in the example at the top
 * is the loop to copy. With depth 1 the same calls work: each frame is the
 * newest, and info.lost counts the frames written between two reads. */

/* `slot` value for dao_stream_wait_next(): spin in user space on the
 * counter instead of sleeping on a semaphore. */
#define DAO_SPIN (-2)

/* Copy the frame after the tail into dst (exactly the frame size) and move
 * the tail to it. When the writer has lapped the reader (that frame was
 * overwritten), the newest frame is copied instead and the frames in
 * between are lost: their exact number is in info->lost and is the return
 * value (clamped to INT_MAX); in order it is 0. -EAGAIN when no frame was
 * written after the tail. The copy is checked for tearing as in
 * dao_stream_read(), with the same timeout_ns; a segment being overwritten
 * is never returned. info may be NULL. */
DAO_API int dao_stream_read_next(dao_stream *s, void *dst, size_t size, int64_t timeout_ns,
                                 dao_frame_info *info);

/* Wait until a frame after the tail exists: on semaphore `slot` (a claimed
 * slot, or DAO_SEMLOG), or spinning when slot is DAO_SPIN. Returns at once
 * when one is already there. timeout_ns as in dao_stream_wait(); 0 or
 * -ETIMEDOUT, or a negative code. */
DAO_API int dao_stream_wait_next(dao_stream *s, int slot, int64_t timeout_ns);

/* Copy segment `segment` (0 … depth-1) as it is, checked for tearing; the
 * tail does not move. info->counter says which frame it held (0: never
 * written). -EINVAL for a segment out of range. */
DAO_API int dao_stream_read_segment(dao_stream *s, unsigned segment, void *dst, size_t size,
                                    int64_t timeout_ns, dao_frame_info *info);

/* Copy the last n frames (1 … depth) into dst, oldest first, newest last:
 * size is n times the frame size, infos (n entries, or NULL) gets each
 * frame's info. The frames are consecutive; the copies are taken again
 * when a write overtakes them, until timeout_ns. Segments never written yet
 * (fewer than n frames so far) come as they are, with counter 0. With
 * n = depth the oldest segment is the one the writer writes next, so a
 * fast writer makes the copies race it; n < depth does not. The tail does
 * not move. */
DAO_API int dao_stream_read_last(dao_stream *s, unsigned n, void *dst, size_t size, int64_t timeout_ns,
                                 dao_frame_info *infos);

/* Move the tail to the newest frame: in-order reading goes on from the
 * next one written. 0 or a code from dao_stream_check(). */
DAO_API int dao_stream_tail_reset(dao_stream *s);

/* The counter of the last frame taken in order (the tail). */
DAO_API uint64_t dao_stream_tail_counter(const dao_stream *s);

/* ------------------------------------------------------------------------ */
/* When the file changes under a handle                                     */
/* ------------------------------------------------------------------------ */

/* libdao's writers re-create a stream by writing a new file and renaming it
 * over the old path: readers keep a valid mapping of the old stream and
 * learn from dao_stream_check_path() that the path now holds another one
 * (DAO_E_REPLACED). Existing DAO writers re-create in place instead: they
 * truncate the same file and write a new header, of any size. libdao turns
 * both halves of that into return codes, never into a signal:
 *
 *  - Pages the file lost. libdao installs, once per process, a SIGBUS
 *    handler that knows libdao's mappings. A load from a lost page (in a
 *    read, a spin, a getter, or your own code through dao_stream_data())
 *    gets zero pages mapped in its place and completes, reading zeros; the
 *    handle is marked, and every call that touched the mapping returns
 *    DAO_E_TRUNCATED_DATA. A SIGBUS anywhere else reaches the handler that
 *    was installed before libdao's, or ends the process as it would have.
 *    Install your own SIGBUS handler before opening the first stream, or
 *    chain to the one you replace. This handler, the list of mappings it
 *    reads and a fork handler (see the slots below) are libdao's only
 *    process-wide state.
 *  - A new header. Every read, wait, spin, write and header copy compares
 *    the fields that fix the stream (axes, extents, element count, type,
 *    creation time, FIFO depth, semaphore and keyword counts) with those the
 *    handle was opened with, and a counter below the highest one read:
 *    DAO_E_RECREATED on any difference, at the cost of a few loads from
 *    cache.
 *
 * Either way the handle is finished: close it and open the path again for
 * the new stream. Getters that cannot return a code (counter, write time,
 * the borrowed pointers) read zeros or old values; dao_stream_check() says
 * whether they can be believed. */

/* What the handle already knows, without a system call: 0 while its view of
 * the stream holds, DAO_E_TRUNCATED_DATA after the file shrank under the
 * mapping, DAO_E_RECREATED once the header no longer matches. Cheap enough
 * to call after every access to dao_stream_data(). */
DAO_API int dao_stream_check(const dao_stream *s);

/* dao_stream_check(), and is this handle's stream still the one at its
 * path, at full size? Costs one stat() while nothing changed. Returns 0,
 * DAO_E_TRUNCATED_DATA (the file is shorter than the stream, whether or not
 * a lost page was touched yet), DAO_E_RECREATED, DAO_E_REPLACED, -ENOENT
 * (path removed) or -errno. */
DAO_API int dao_stream_check_path(const dao_stream *s);

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */
/* ------------------------------------------------------------------------ */

/* Protocol errors, in a range no errno value reaches. The X-macro is the one
 * table behind the enum, dao_strerror() and dao_err_name(). */
#define DAO_ERROR_MAP(X)                                                        \
    X(EMPTY,            -10001, "file is empty")                                \
    X(TRUNCATED_HEADER, -10002, "file is shorter than a DAO metadata block")   \
    X(BAD_NAXIS,        -10003, "number of axes is not 1, 2 or 3")              \
    X(BAD_TYPE,         -10004, "unsupported element type")                     \
    X(BAD_SHAPE,        -10005, "an axis extent is zero or the element count overflows") \
    X(BAD_NELEMENT,     -10006, "element count does not match the axis extents") \
    X(BAD_FIFO,         -10007, "FIFO depth or newest-segment index does not fit the file") \
    X(TRUNCATED_DATA,   -10008, "file is shorter than its data region")         \
    X(BAD_KEYWORDS,     -10009, "keyword table runs past the end of the file")  \
    X(BAD_SEMAPHORES,   -10010, "semaphore count is above 100")                 \
    X(NOT_REGULAR,      -10011, "not a regular file")                           \
    X(NO_SEMAPHORES,    -10012, "the stream's semaphores do not exist")         \
    X(BAD_SLOT,         -10013, "no such reader slot")                          \
    X(SLOT_BUSY,        -10014, "reader slot is claimed by another reader")     \
    X(NO_FREE_SLOT,     -10015, "every reader slot is claimed")                 \
    X(TORN,             -10016, "no whole copy of the frame before the deadline: writes overlapped every attempt") \
    X(READ_ONLY,        -10017, "stream was opened read-only (a milk / ImageStreamIO stream always is)") \
    X(REPLACED,         -10018, "the path now holds another stream")            \
    X(SIZE_MISMATCH,    -10019, "buffer size does not match the frame size")    \
    X(NO_KEYWORD,       -10020, "no keyword with that name")                    \
    X(KEYWORDS_FULL,    -10021, "every keyword entry is in use")                \
    X(NOT_WRITING,      -10022, "commit without a matching write_begin")         \
    X(RECREATED,        -10023, "the stream was re-created in place: its header no longer matches this handle") \
    X(WRITER_DIED,      -10024, "the writer died during a write: the frame is incomplete") \
    X(WRITE_STALLED,    -10025, "a write has been in progress for over a second: the writer stalled or died mid-frame") \
    X(FOREIGN_SEMAPHORE, -10026, "a semaphore of this stream belongs to another user and cannot be replaced") \
    X(MILK_NOT_READY,   -10040, "milk stream is still being created (its version is not written yet)") \
    X(MILK_LAYOUT,      -10041, "milk / ImageStreamIO file of a version or layout dao does not read") \
    X(UNSUPPORTED_TYPE, -10042, "element type not supported by dao (float16)")  \
    X(GPU_STREAM,       -10043, "the stream's pixels are on a GPU, not in the file") \
    X(WRONG_FORMAT,     -10044, "call does not apply to a stream of this format (DAO or milk)")

typedef enum dao_error {
#define DAO__ERROR_ENUM(name, value, text) DAO_E_##name = (value),
    DAO_ERROR_MAP(DAO__ERROR_ENUM)
#undef DAO__ERROR_ENUM
} dao_error;

/* A sentence for any return code: a DAO_E_* code, -errno, or 0. Never NULL;
 * the string is static. */
DAO_API const char *dao_strerror(int code);

/* The symbolic name of a code ("DAO_E_TORN", "ENOENT", "OK"). Static. */
DAO_API const char *dao_err_name(int code);

/* true for a DAO_E_* code (a fact about a stream or a call), false for 0,
 * -errno and anything else. */
DAO_API bool dao_error_is_protocol(int code);

/* ------------------------------------------------------------------------ */
/* Element types (the file's atype codes)                                   */
/* ------------------------------------------------------------------------ */

typedef enum dao_type {
    DAO_UINT8 = 1,
    DAO_INT8 = 2,
    DAO_UINT16 = 3,
    DAO_INT16 = 4,
    DAO_UINT32 = 5,
    DAO_INT32 = 6,
    DAO_UINT64 = 7,
    DAO_INT64 = 8,
    DAO_FLOAT = 9,
    DAO_DOUBLE = 10,
    DAO_COMPLEX_FLOAT = 11,  /* (re, im) float pairs */
    DAO_COMPLEX_DOUBLE = 12, /* (re, im) double pairs */
} dao_type;

/* IEEE half floats, the one type milk streams have and DAO streams do not.
 * dao_stream_type() of such a stream is DAO_FLOAT16 and dao_type_name()
 * says "float16", but its pixels are DAO_E_UNSUPPORTED_TYPE and
 * dao_type_size() is 0: no DAO stream has this type. Not a dao_type
 * enumerator, so switches over the DAO types stay complete. */
#define DAO_FLOAT16 ((dao_type)13)

#define DAO_TYPE_FIRST DAO_UINT8
#define DAO_TYPE_LAST DAO_COMPLEX_DOUBLE

/* Bytes per element, or 0 for a code that is not a dao_type (any atype
 * byte found in a file may be passed). */
DAO_API size_t dao_type_size(dao_type type);

/* numpy-style name ("uint16", "float32", "complex64" …), or NULL. Static. */
DAO_API const char *dao_type_name(dao_type type);

/* The type whose name is `name` (as dao_type_name() gives, plus the aliases
 * "float", "double", "complex_float", "complex_double"), or DAO_E_BAD_TYPE. */
DAO_API int dao_type_from_name(const char *name);

/* ------------------------------------------------------------------------ */
/* The stream's geometry                                                    */
/* ------------------------------------------------------------------------ */

/* Geometry, fixed for the life of the handle: read from the header once, at
 * open, and never again. */

/* The path the handle was opened with. Borrowed, valid until close. */
DAO_API const char *dao_stream_path(const dao_stream *s);
/* Element type of the frames. */
DAO_API dao_type dao_stream_type(const dao_stream *s);
/* Bytes per element (dao_type_size() of the type). */
DAO_API size_t dao_stream_element_size(const dao_stream *s);
/* Number of used axes, 1 … DAO_MAX_AXES. */
DAO_API unsigned dao_stream_naxis(const dao_stream *s);
/* Extents in C order: the last used axis varies fastest. A 2-D image of
 * (ny, nx) has shape {ny, nx, 0} and pixel (y, x) at element y*nx + x.
 * Borrowed, DAO_MAX_AXES entries, unused ones 0; valid until close. */
DAO_API const uint32_t *dao_stream_shape(const dao_stream *s);
/* Elements per frame (the product of the extents). */
DAO_API uint64_t dao_stream_element_count(const dao_stream *s);
/* Bytes per frame: what dao_stream_read() copies and dao_stream_write()
 * takes. */
DAO_API size_t dao_stream_frame_size(const dao_stream *s);
/* FIFO depth: how many frames the file keeps (1 for an ordinary stream). */
DAO_API unsigned dao_stream_fifo_depth(const dao_stream *s);
/* Number of reader semaphores, so reader slots are 0 … count-1. */
DAO_API unsigned dao_stream_semaphore_count(const dao_stream *s);
/* true when the handle maps the file read-only (see DAO_OPEN_READ_ONLY). */
DAO_API bool dao_stream_is_read_only(const dao_stream *s);

/* ------------------------------------------------------------------------ */
/* Limits                                                                   */
/* ------------------------------------------------------------------------ */

#define DAO_MAX_AXES 3
#define DAO_PATH_MAX 255          /* characters in a stream path */
#define DAO_DEFAULT_SEMAPHORES 10 /* reader slots of a new stream */
#define DAO_MAX_SEMAPHORES 100    /* two-digit names: _sem00 … _sem99 */
#define DAO_KEYWORD_NAME_MAX 16
#define DAO_KEYWORD_STRING_MAX 16
#define DAO_KEYWORD_COMMENT_MAX 80

/* ------------------------------------------------------------------------ */
/* Reader slots and writer liveness                                         */
/* ------------------------------------------------------------------------ */

/* Reader slot k is semaphore k, and a semaphore wakes one reader: two
 * readers waiting on one semaphore each get about half the frames. A claim
 * makes a slot a reader's own. Claims are open-file-description locks on
 * bytes far beyond the end of the stream file and of the semaphore's own
 * file in /dev/shm (they change no byte of either): readers of an old file
 * and of its re-creation, or of two streams that share a stem, are never
 * handed one semaphore. The kernel drops the locks when the holder dies, so
 * a killed reader's slot is free again at once, also while a child it
 * forked lives on (children do not inherit claims or the writer role).
 * Readers that do not use libdao take no claim: slot 0 is the default of
 * existing DAO readers, which is why claims start from the top, and why
 * writers post the top slot first. */

/* Claim the highest free reader slot and store it in *slot.
 * DAO_E_NO_FREE_SLOT when all are taken, DAO_E_READ_ONLY on a read-only
 * handle. */
DAO_API int dao_stream_slot_claim(dao_stream *s, int *slot);

/* Claim slot k (0 … count-1, or DAO_SEMLOG for the one logger that waits on
 * semlog); idempotent for the same handle. DAO_E_SLOT_BUSY when another
 * reader holds it, DAO_E_BAD_SLOT when there is no such slot. */
DAO_API int dao_stream_slot_claim_at(dao_stream *s, int slot);

/* Give back slot k so another reader may claim it (closing the handle does
 * this for every slot it holds). Releasing a slot this handle does not hold
 * does nothing and returns 0; DAO_E_BAD_SLOT when there is no such slot. */
DAO_API int dao_stream_slot_release(dao_stream *s, int slot);

/* 1 if any handle (this one included) has claimed slot k, 0 if not, or a
 * negative code (DAO_E_BAD_SLOT). */
DAO_API int dao_stream_slot_is_claimed(const dao_stream *s, int slot);

typedef enum dao_writer_state {
    DAO_WRITER_UNKNOWN = 0, /* no libdao writer holds it; maybe a non-libdao one does */
    DAO_WRITER_ALIVE = 1,   /* a live libdao process writes this stream */
    DAO_WRITER_GONE = 2,    /* a libdao writer wrote it and is no longer there */
} dao_writer_state;

/* Returns a dao_writer_state or a negative code. GONE needs the file to have
 * been written by libdao, which it records in an extended attribute
 * (user.dao.writer) where the filesystem has them; elsewhere a dead writer
 * reads as UNKNOWN. */
DAO_API int dao_stream_writer_state(const dao_stream *s);

/* ------------------------------------------------------------------------ */
/* Keywords                                                                 */
/* ------------------------------------------------------------------------ */

typedef enum dao_keyword_type {
    DAO_KEYWORD_UNUSED = 'N',
    DAO_KEYWORD_INT = 'L',
    DAO_KEYWORD_DOUBLE = 'D',
    DAO_KEYWORD_STRING = 'S',
} dao_keyword_type;

/* A keyword copied out of the file, every string NUL-terminated. */
typedef struct dao_keyword {
    char name[DAO_KEYWORD_NAME_MAX + 1];
    char type; /* a dao_keyword_type; anything else found in a file reads as 'N' */
    union {
        int64_t i;
        double d;
        char s[DAO_KEYWORD_STRING_MAX + 1];
    } value;
    char comment[DAO_KEYWORD_COMMENT_MAX + 1];
} dao_keyword;

/* Number of keyword entries in the file (used or not), fixed at creation. */
DAO_API unsigned dao_stream_keyword_capacity(const dao_stream *s);

/* Copy entry `index` (0 … capacity-1), whether used or not, into *out;
 * -EINVAL for an index out of range. */
DAO_API int dao_stream_keyword_get(const dao_stream *s, unsigned index, dao_keyword *out);

/* Copy the used entry named `name` into *out, or DAO_E_NO_KEYWORD. */
DAO_API int dao_stream_keyword_find(const dao_stream *s, const char *name, dao_keyword *out);

/* Set a keyword: replaces the used entry with the same name, else takes the
 * first unused one (DAO_E_KEYWORDS_FULL when none is left). Names longer than
 * 16 bytes, strings longer than 16 and comments longer than 80 are refused
 * with -ENAMETOOLONG / -EOVERFLOW, not cut. comment may be NULL. */
DAO_API int dao_stream_keyword_set_int(dao_stream *s, const char *name, int64_t value,
                                       const char *comment);
DAO_API int dao_stream_keyword_set_double(dao_stream *s, const char *name, double value,
                                          const char *comment);
DAO_API int dao_stream_keyword_set_string(dao_stream *s, const char *name, const char *value,
                                          const char *comment);

/* ------------------------------------------------------------------------ */
/* Producing                                                                */
/* ------------------------------------------------------------------------ */

/* Options of dao_stream_create(), versioned the way libgit2 versions its
 * option structs: start from DAO_CREATE_OPTIONS_INIT, which sets `version`
 * and every default, then change the fields you need:
 *
 *     dao_create_options o = DAO_CREATE_OPTIONS_INIT;
 *     o.fifo_depth = 8;
 *
 * A later libdao that adds fields still accepts a struct of an earlier
 * version (the fields it lacks take their defaults); a version it does not
 * know is -EINVAL. */
typedef struct dao_create_options {
    unsigned version;    /* DAO_CREATE_OPTIONS_VERSION */
    unsigned semaphores; /* reader semaphores, 1 … 100; 0 means 10 */
    unsigned keywords;   /* keyword entries, all unused at first */
    unsigned fifo_depth; /* segments; 0 means 1 (an ordinary stream) */
    unsigned mode;       /* permission bits (e.g. 0600) of the file and its
                            semaphores, umask not applied; 0: those of the
                            stream being replaced, else 0666 minus the umask */
} dao_create_options;

#define DAO_CREATE_OPTIONS_VERSION 1
#define DAO_CREATE_OPTIONS_INIT {.version = DAO_CREATE_OPTIONS_VERSION}

/* Create a stream at `path` (at most DAO_PATH_MAX characters, in any
 * writable directory). extents has naxis entries in C order (see
 * dao_stream_shape()). options may be NULL (every default).
 *
 * The new stream is all zeros with frame counter 0. It is built in a new
 * file beside `path` and renamed over it, so readers still mapping an older
 * stream at that path keep a valid mapping (and see DAO_E_REPLACED from
 * dao_stream_check_path()). A path that is a symbolic link is followed: the
 * stream it names is replaced, the link stays. The handle holds the writer
 * role (see dao_stream_writer_state()).
 *
 * Semaphores. /dev/shm is shared with every user of the machine, so the
 * semaphores found there are not trusted: one of another user (or not a
 * semaphore at all) is replaced where we may remove it, and refused with
 * DAO_E_FOREIGN_SEMAPHORE otherwise; ours get exactly the file's permission
 * bits; all are drained to 0, so the first wait after creation returns on
 * the first write, never on posts left from an earlier stream of the same
 * name. Semaphores of the same stem above the new count (left by a stream
 * with more readers) are removed, unless a reader still claims one. */
DAO_API int dao_stream_create(dao_stream **out, const char *path, dao_type type, unsigned naxis,
                              const uint32_t *extents, const dao_create_options *options);

/* Write one frame: copy `size` bytes (exactly the frame size) in and
 * publish it. Publishing bumps the counter, stamps the write time and posts
 * every reader semaphore and semlog whose value is below 1. A semaphore this
 * process cannot open (another user's, without write permission for us) is
 * skipped and tried again once a second; the frame still goes out through
 * the counter, and dao_stream_semaphore_value() says why. The first write
 * through a handle that did not create the stream takes the writer role if
 * no other libdao process holds it. */
DAO_API int dao_stream_write(dao_stream *s, const void *src, size_t size);

/* Zero-copy producing: write_begin() marks a write in progress and hands out
 * the segment the next frame goes to (with depth 1, the frame in place, still
 * holding the previous frame); fill it, then write_commit() publishes it.
 * Readers that check see the frame as being written until the commit. */
DAO_API int dao_stream_write_begin(dao_stream *s, void **data);
DAO_API int dao_stream_write_commit(dao_stream *s);

/* Remove the file at `path` and its semaphores (_sem00 … _semNN, _semlog):
 * unlink(2) and then dao_semaphores_unlink(). Other streams whose file name
 * has the same stem share those semaphores (see dao_semaphore_name()); a
 * tool that must keep them for those streams removes the file itself and
 * decides about the semaphores. Handles still open keep their mapping. */
DAO_API int dao_stream_unlink(const char *path);

/* ------------------------------------------------------------------------ */
/* Advanced: the raw header and the semaphores                              */
/* ------------------------------------------------------------------------ */

/* The fields of one metadata block as the file holds them now, copied as
 * they are (not validated: this is for tools that show the raw header).
 * Versioned like dao_create_options: set `version` with DAO_METADATA_INIT
 * before the call, and the library fills the fields of that version. The
 * 4096-byte lastNbArray of packet-wise writes is left out. */
typedef struct dao_metadata {
    unsigned version; /* DAO_METADATA_VERSION, set by the caller */
    char name[81];    /* the 80-byte field, NUL-terminated */
    uint8_t naxis;
    uint32_t size[3];
    uint64_t nelement;
    uint8_t atype;
    double creation_time;
    double last_access;
    int64_t atime_sec; /* first half of atime: 0 from every known writer */
    int64_t atime_ns;  /* second half: the last write, ns since the epoch */
    uint8_t shared;
    uint8_t status;
    uint8_t logflag;
    uint16_t sem;
    uint64_t cnt0;
    uint64_t cnt1;
    uint64_t cnt2;
    uint8_t write;
    uint16_t nbkw;
    uint32_t last_pos;
    uint32_t last_nb;
    uint32_t packet_nb;
    uint32_t packet_total;
    uint32_t fifo_size;
    uint32_t fifo_last_written;
} dao_metadata;

#define DAO_METADATA_VERSION 1
#define DAO_METADATA_INIT {.version = DAO_METADATA_VERSION}

/* Copy metadata block `segment` (0 … depth-1) into *out, whose version the
 * caller set. -EINVAL for a segment out of range or an unknown version. */
DAO_API int dao_stream_metadata(const dao_stream *s, unsigned segment, dao_metadata *out);

/* Size in bytes the header says the file should have (fixed at open). */
DAO_API uint64_t dao_stream_expected_file_size(const dao_stream *s);
/* Size of the file when it was mapped (at open). */
DAO_API uint64_t dao_stream_file_size(const dao_stream *s);

/* The naming rule (format §5), in one place. The *stem* of a stream path is
 * its last component cut at the first '.': /tmp/cam.im.shm → "cam". Every
 * stream with that stem, in any directory, uses the same semaphores. The
 * functions below write a NUL-terminated string into buf and return its
 * length, or -EINVAL (bad argument), -ENOSPC (buf too small) or
 * -ENAMETOOLONG. */

/* The stem of `path`; -EINVAL when it has none ("/tmp/.x", "/tmp/"). */
DAO_API int dao_stream_stem(char *buf, size_t len, const char *path);

/* Name (with its leading '/') of semaphore `slot` (or DAO_SEMLOG) for a
 * stream at `path`: the stem, then "_semKK" or "_semlog".
 * /tmp/cam.im.shm → "/cam_sem00". */
DAO_API int dao_semaphore_name(char *buf, size_t len, const char *path, int slot);

/* The inverse: which stem and slot (0 … 99, or DAO_SEMLOG) a semaphore
 * name stands for. Takes "/cam_sem07", "cam_sem07" or the C library's file
 * name "sem.cam_sem07"; writes the stem into `stem` and returns its length,
 * or -EINVAL when the name is not one dao_semaphore_name() makes. */
DAO_API int dao_semaphore_parse(const char *name, char *stem, size_t len, int *slot);

/* The file in which glibc keeps semaphore `name` (as dao_semaphore_name()
 * gives it): "<shm_dir>/sem.<name without '/'>", shm_dir NULL meaning
 * "/dev/shm". /cam_sem00 → /dev/shm/sem.cam_sem00. */
DAO_API int dao_semaphore_path(char *buf, size_t len, const char *shm_dir, const char *name);

/* Remove the semaphores of the stream at `path`: _sem00 … _sem<count-1>
 * and _semlog (missing ones are not an error). The file is not touched.
 * Returns 0 or the first -errno that was not -ENOENT. */
DAO_API int dao_semaphores_unlink(const char *path, unsigned count);

/* Current value of a semaphore of this stream; DAO_E_NO_SEMAPHORES if it
 * does not exist, -EACCES if it belongs to a user who did not let us in. */
DAO_API int dao_stream_semaphore_value(dao_stream *s, int slot, int *value);

/* ------------------------------------------------------------------------ */
/* milk / ImageStreamIO streams                                             */
/* ------------------------------------------------------------------------ */

/* milk, cacao and MagAO-X keep their streams in files made by the
 * ImageStreamIO library, also named *.im.shm (usually in $MILK_SHM_DIR,
 * /milk/shm or /tmp). dao_stream_open() tells the formats apart by the bytes
 * alone — a milk file's version string and its size must both agree with a
 * milk layout libdao knows ("2.x" in its three variants, and "1.05"), so a
 * DAO file is never taken for milk or the reverse — and opens milk streams
 * through the same handle and calls, strictly read-only: an O_RDONLY
 * descriptor, a PROT_READ mapping, no byte of the file written, no reader
 * slot (semReadPID) taken, no semaphore created or opened. On a milk handle:
 *
 *  - The shape is in C order as for every stream: milk's size[0] is the
 *    fastest axis, so a milk {64, 48} image has shape {48, 64}, over the
 *    same bytes.
 *  - dao_stream_counter() is cnt0. dao_stream_write_time_ns() is writetime,
 *    else atime (0 if the writer sets neither), moved from CLOCK_TAI to
 *    CLOCK_REALTIME with this machine's own offset.
 *  - dao_stream_read() checks the write flag and cnt0 around the copy and,
 *    where the stream has a fast circular buffer of 2 or more slots, copies
 *    from the buffer: ImageStreamIO's own writers do not raise the write
 *    flag, and only the buffer keeps a frame whole while the next is written.
 *  - dao_stream_wait() polls cnt0 every 0.1 ms, whatever `slot` is: waiting
 *    on a milk semaphore decrements it, which is a write, and a read-only
 *    futex wait would never be woken. The spin waits work as for DAO, and
 *    the in-order calls as on a stream of depth 1 (dao_stream_wait_next()
 *    polls too).
 *  - Writes, slot claims and keyword writes return DAO_E_READ_ONLY.
 *    dao_stream_slot_is_claimed() says whether the file records a reader PID
 *    for that semaphore; dao_stream_writer_state() asks whether the PID that
 *    last posted (or created the stream) is alive. dao_stream_semaphore_value()
 *    reads an in-file semaphore's value ("2.x"; DAO_E_WRONG_FORMAT for the
 *    named semaphores of "1.05", which are never opened).
 *  - A float16 stream (DAO_FLOAT16) opens, but its pixels are
 *    DAO_E_UNSUPPORTED_TYPE. A GPU stream opens too, with no pixels in the
 *    file: reads are DAO_E_GPU_STREAM and dao_stream_data() is NULL.
 *  - Re-creation: ImageStreamIO "2.x" unlinks the file and writes a new one,
 *    so dao_stream_check_path() reports DAO_E_REPLACED; "1.05" truncates and
 *    rewrites the same file, which every call reports as DAO_E_RECREATED
 *    (DAO_E_TRUNCATED_DATA while the file is shorter than the handle's
 *    stream), never a signal, as for DAO streams.
 *  - dao_stream_metadata() is DAO_E_WRONG_FORMAT; dao_stream_milk_metadata()
 *    gives the milk header by milk's names.
 * A milk file is created with its version written last; until then open
 * says DAO_E_MILK_NOT_READY (try again). Versions and layouts libdao does
 * not know, and headers whose size equation does not match the file, are
 * DAO_E_MILK_LAYOUT. */

typedef enum dao_format {
    DAO_FORMAT_DAO = 0,
    DAO_FORMAT_MILK = 1,
} dao_format;

/* Which format the handle's stream has. */
DAO_API dao_format dao_stream_format(const dao_stream *s);

/* The milk header (IMAGE_METADATA), by milk's field names, copied at one
 * moment. Versioned like dao_metadata: set `version` with
 * DAO_MILK_METADATA_INIT. Times are CLOCK_REALTIME nanoseconds (0: never
 * set); time_is_tai says the file had them on CLOCK_TAI ("2.x"). */
typedef struct dao_milk_metadata {
    unsigned version;      /* DAO_MILK_METADATA_VERSION, set by the caller */
    char milk_version[33]; /* "2.00", "1.05" */
    char layout[24];       /* "2.x", "2.x DAO_COMPAT", "2.x unrounded", "1.05" */
    char name[81];
    uint8_t naxis;
    uint32_t size[3];      /* milk order: size[0] is the fastest axis */
    uint64_t nelement;
    uint8_t datatype;      /* the milk code: 1 … 12 as dao_type, 13 float16 */
    uint64_t imagetype;
    bool time_is_tai;
    int64_t creationtime_ns;
    int64_t lastaccesstime_ns;
    int64_t atime_ns;
    int64_t writetime_ns;
    int32_t creatorPID;
    int32_t ownerPID;
    uint8_t shared;
    uint64_t inode;        /* st_ino of the file when it was created */
    int8_t location;       /* -1: pixels in the file; >= 0: GPU device */
    uint8_t status;
    uint64_t flag;
    uint8_t logflag;
    uint16_t sem;          /* as the file has it (dao_stream_semaphore_count() stops at 100) */
    uint16_t NBproctrace;
    uint64_t cnt0;
    uint64_t cnt1;
    uint64_t cnt2;
    uint8_t write;
    uint16_t NBkw;
    uint32_t CBsize;
    uint32_t CBindex;
    uint64_t CBcycle;
    uint64_t imdatamemsize;
} dao_milk_metadata;

#define DAO_MILK_METADATA_VERSION 1
#define DAO_MILK_METADATA_INIT {.version = DAO_MILK_METADATA_VERSION}

/* Fill *out (whose version the caller set). DAO_E_WRONG_FORMAT on a DAO
 * stream, -EINVAL for an unknown version. */
DAO_API int dao_stream_milk_metadata(const dao_stream *s, dao_milk_metadata *out);

/* What the milk file records for semaphore `slot` (0 … sem-1): the PID of
 * the reader registered on it (semReadPID; -1 or 0: none) and of the last
 * writer that posted it (semWritePID; 0: none). Either pointer may be NULL.
 * DAO_E_WRONG_FORMAT on a DAO stream, DAO_E_BAD_SLOT past the count. */
DAO_API int dao_stream_milk_semaphore_pids(const dao_stream *s, unsigned slot, int *read_pid,
                                           int *write_pid);

/* The directory milk keeps its streams in, by milk's own rule:
 * $MILK_SHM_DIR if it can be opened, else /milk/shm if it can, else /tmp.
 * The string is static or the environment's (valid until the environment
 * changes). For listings that show both kinds of stream. */
DAO_API const char *dao_milk_shm_dir(void);

/* Library version, "MAJOR.MINOR.PATCH". */
DAO_API const char *dao_version(void);

#ifdef __cplusplus
}
#endif

#endif /* DAO_H */
