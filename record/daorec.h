/* daorec.h — record DAO streams to FITS files, read the recordings back,
 * and replay them into streams.
 *
 * No GTK, no GLib: libdao, cfitsio and POSIX threads. daoctl's `record`
 * and `play` are thin shells over this; daoview and the Python module read
 * recordings through the reader below.
 *
 * Recording one stream:
 *
 *     daorec_record_options o = DAOREC_RECORD_OPTIONS_INIT;
 *     o.directory = "/data/run42";
 *     daorec_recorder *rec;
 *     daorec_error err;
 *     if (daorec_recorder_start(&rec, "/tmp/cam.im.shm", &o, &err) < 0) {
 *         fprintf(stderr, "%s\n", err.message);
 *         return 1;
 *     }
 *     while (!done) {                  // Ctrl-C, a deadline …
 *         daorec_stats st;
 *         daorec_recorder_stats(rec, &st);  // progress: frames, bytes, losses
 *         sleep(1);
 *     }
 *     daorec_recorder_stop(rec);
 *     daorec_stats final;
 *     int rc = daorec_recorder_finish(rec, &final, &err);  // joins, frees
 *
 * Reading it back:
 *
 *     const char *files[] = {"/data/run42/cam-000001.fits", "/data/run42/cam-000002.fits"};
 *     daorec_reader *r;
 *     if (daorec_reader_open(&r, files, 2, &err) < 0) { ... }
 *     void *frame = malloc(daorec_reader_frame_size(r));
 *     for (uint64_t k = 0; k < daorec_reader_frame_count(r); k++) {
 *         daorec_frame_info info;     // counter, write and capture times, losses
 *         if (daorec_reader_read(r, k, frame, daorec_reader_frame_size(r), &info, &err) < 0)
 *             break;
 *     }
 *     daorec_reader_close(r);
 *
 * How a recording works. A capture thread waits on a reader semaphore of
 * its own and copies each new frame into a bounded ring in RAM; a disk
 * thread takes frames from the ring and appends them to the current chunk
 * file. The two never wait for each other: when the ring is full the
 * capture thread drops the frame (and counts it), so a slow disk costs
 * frames, never the capture of the next one, and never the stream's writer
 * (readers cannot block a DAO writer). Every frame carries its counter, and
 * the gap since the previous recorded frame is stored with it, so nothing
 * is ever lost silently: a gap is either frames the capture thread never saw
 * (the writer lapped it: "missed") or frames it saw and could not keep
 * ("dropped", the ring was full).
 *
 * Files. A recording of the stream with stem STEM (/tmp/cam.im.shm → cam)
 * in directory DIR is a series of chunks DIR/STEM-000001.fits,
 * STEM-000002.fits, … each a complete FITS file that any FITS reader opens
 * on its own. A chunk is written as DIR/.STEM-NNNNNN.fits.part and renamed
 * only once whole (data, tables, final header, fdatasync): a chunk is
 * finished or it is not there. A recorder killed outright leaves at most
 * that one hidden .part file per stream, which is not a recording (delete
 * it); SIGINT/SIGTERM handled by the program finish the chunk instead.
 * Existing recordings are never overwritten (the first chunk's name must be
 * free; renames refuse to replace a file).
 *
 * Layout of a chunk (cfitsio writes every header card and both tables):
 * - Primary HDU: the frames as one image of NAXIS = frame axes + 1, the
 *   last (slowest) axis the frame index: a (ny, nx) stream gives NAXIS1 =
 *   nx, NAXIS2 = ny, NAXIS3 = frames. Types and BZERO offsets as in
 *   daoview-capture.h (uint16 is BITPIX 16, BZERO 32768 …). Complex frames
 *   have one more axis, the fastest: NAXIS1 = 2, the real and imaginary part
 *   of each element side by side as in the stream (numpy's
 *   a.view(float32).reshape(shape + (2,))), so frames are stored as they
 *   are, not split into planes as a single saved frame is.
 * - Its header: the stream cards of a saved frame (DAOTYPE, DAOSHAPE — the
 *   shape of one frame in C order —, DAOSTRM, the stream keywords, DATE),
 *   with DAOCNT, DATE-OBS and DAOTNS those of the chunk's first frame, and:
 *     DAOREC   = 1        layout version
 *     DAOCHUNK = n        chunk number, from 1
 *     DAONFRM  = n        frames in this chunk (the last NAXISn)
 *     DAOLOST  = n        frames missing between the frames of this chunk
 *                         and before its first one (sum of column LOST)
 *     DAODROP  = n        of which dropped because the ring was full
 *     DAOTAIL  = n        frames published after the last frame of the
 *                         recording, before it was stopped, and not kept
 *                         (the ring was full): only in the last chunk
 *     DATE-END, DAOTEND   write time of the chunk's last frame (UTC; ns)
 *     DAOFIFO, DAONKW, DAONSEM   the stream's FIFO depth, keyword entries
 *                         and semaphores, so that a replay can re-create it
 * - Extension FRAMES, a binary table with one row per frame: COUNTER (K),
 *   WRITE_NS (K, the writer's time stamp, ns since 1970 UTC), CAPTURE_NS
 *   (K, when the recorder copied it, same clock), LOST (K, frames missing
 *   just before this one: counter minus previous counter minus 1) and
 *   DROPPED (K, how many of those the ring dropped).
 * - Extension KEYWORDS, a binary table of the stream's used keywords at the
 *   chunk's start, exact (the header cards are for people: FITS upper-cases
 *   names and cannot hold every byte): NAME (16B), TYPE (1A: L, D or S),
 *   IVALUE (K), DVALUE (D), SVALUE (16B), COMMENT (80B), strings
 *   NUL-padded.
 * With compression (DAOREC_COMPRESS_RICE) a finished chunk is also written
 * as STEM-NNNNNN.fits.fz by a third thread, with the image Rice-compressed
 * one frame per tile in extension 1 (the FITS tiled-image convention;
 * astropy, ds9 and funpack read it) and the tables copied; the uncompressed
 * chunk is removed once the compressed one is complete.
 *
 * Conventions: functions return 0 or a negative code (-errno, or a libdao
 * DAO_E_* code from the stream) and, where they take one, fill a
 * daorec_error with a sentence naming the file or stream. Constructors leave
 * *out = NULL on failure. Nothing here prints or exits.
 */
#ifndef DAOREC_H
#define DAOREC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dao.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DAOREC_MESSAGE_MAX 512

typedef struct daorec_error {
    int code;                         /* the value returned */
    char message[DAOREC_MESSAGE_MAX]; /* a sentence naming the file or stream */
} daorec_error;

/* What is stored with each recorded frame. */
typedef struct daorec_frame_info {
    uint64_t counter;        /* the stream's frame counter */
    int64_t write_time_ns;   /* the writer's time stamp, ns since 1970 UTC */
    int64_t capture_time_ns; /* when the recorder copied it (CLOCK_REALTIME) */
    uint64_t lost;           /* frames missing just before this one */
    uint64_t dropped;        /* of those, dropped because the ring was full */
} daorec_frame_info;

/* ------------------------------------------------------------------------ */
/* Recording                                                                */
/* ------------------------------------------------------------------------ */

#define DAOREC_DEFAULT_CHUNK_BYTES (1ull << 30) /* frame data per chunk file */
#define DAOREC_DEFAULT_RING_BYTES (256ull << 20)
#define DAOREC_MIN_RING_FRAMES 2

enum daorec_compression {
    DAOREC_COMPRESS_NONE = 0,
    DAOREC_COMPRESS_RICE = 1, /* lossless; 8-, 16- and 32-bit integer types */
};

typedef struct daorec_record_options {
    const char *directory; /* where the chunks go; must exist */
    uint64_t max_frames;   /* stop after this many frames; 0: until stopped */
    /* Chunk size: chunk_frames frames, else chunk_bytes of frame data
     * (0: DAOREC_DEFAULT_CHUNK_BYTES), at least one frame. */
    uint64_t chunk_frames;
    uint64_t chunk_bytes;
    /* Frames the RAM ring holds between capture and disk; 0: as many as fit
     * in DAOREC_DEFAULT_RING_BYTES, at least DAOREC_MIN_RING_FRAMES. */
    unsigned ring_frames;
    int compression; /* an enum daorec_compression */
    /* 1 … 99: run the capture thread SCHED_FIFO at this priority (needs
     * root or CAP_SYS_NICE; refused with -EPERM otherwise), so that a
     * loaded machine delays the disk thread rather than the capture. A
     * depth-1 stream keeps only its newest frame: a capture held up for a
     * frame period misses frames. 0: the caller's scheduling. */
    int capture_priority;
    /* For tests: the disk thread sleeps this long before writing each
     * frame, as a disk that cannot keep up would make it wait. */
    int64_t test_disk_delay_ns;
} daorec_record_options;

#define DAOREC_RECORD_OPTIONS_INIT {0}

typedef struct daorec_recorder daorec_recorder;

/* Why a recorder ended (or that it has not). */
typedef enum daorec_state {
    DAOREC_RUNNING = 0,
    DAOREC_STOPPED = 1,    /* daorec_recorder_stop() */
    DAOREC_FRAMES_DONE = 2, /* max_frames recorded */
    DAOREC_FAILED = 3,     /* see error in the stats and from finish() */
} daorec_state;

typedef struct daorec_stats {
    daorec_state state;
    uint64_t frames;         /* captured into the ring (all reach the disk unless it fails) */
    uint64_t frames_written; /* in chunk files (finished or being written) */
    uint64_t missed;         /* not copied in time: the writer lapped the capture */
    uint64_t dropped;        /* seen but the ring was full */
    uint64_t torn;           /* copies thrown away after every retry raced a write (also in missed) */
    uint64_t bytes_written;  /* frame data in chunk files */
    unsigned chunks;         /* chunk files finished */
    unsigned ring_frames;    /* ring capacity */
    unsigned ring_used;      /* frames waiting in the ring now */
    unsigned ring_peak;      /* most frames ever waiting */
    bool polling;            /* no reader semaphore could be had: the counter is polled */
    unsigned compressed_chunks;    /* chunks written again as .fits.fz */
    uint64_t compress_input_bytes; /* sizes of those chunks uncompressed */
    uint64_t compressed_bytes;     /* and compressed */
    int error;               /* the failure, when state is DAOREC_FAILED */
} daorec_stats;

/* Open the stream at `path`, claim a reader slot, reserve the first chunk
 * name in options->directory and start the capture and disk threads.
 * Recording starts with the first frame published after this call returns
 * (or during it: frames before the counter it reads are not recorded, and
 * none after are missed unnoticed). Fails with
 * -EEXIST when the directory already holds a recording of a stream with
 * this stem (or an interrupted one's .part file), with libdao's codes for
 * the stream, -errno for the directory. */
int daorec_recorder_start(daorec_recorder **out, const char *path,
                          const daorec_record_options *options, daorec_error *err);

/* Ask the recorder to stop: capture ends at once; what is in the ring is
 * still written and the last chunk finished. Returns at once. */
void daorec_recorder_stop(daorec_recorder *rec);

/* A snapshot of the figures, from any thread, while it runs. */
void daorec_recorder_stats(const daorec_recorder *rec, daorec_stats *out);

/* The stem the chunks are named after ("cam"). Borrowed, valid until
 * finish. */
const char *daorec_recorder_stem(const daorec_recorder *rec);

/* Wait for the threads to end (call daorec_recorder_stop() first unless
 * max_frames will end it; with compression, the chunks still queued are
 * compressed first), fill *final (may be NULL) and free everything.
 * Returns 0, or the failure that ended the recording (then in err too):
 * a stream that was replaced or removed, a disk error … Chunks finished
 * before a failure stay valid; the one being written is finished with the
 * frames it had when that is possible, else removed. A chunk that could
 * not be compressed stays, uncompressed and whole, and its error is
 * returned when nothing worse happened. */
int daorec_recorder_finish(daorec_recorder *rec, daorec_stats *final, daorec_error *err);

/* ------------------------------------------------------------------------ */
/* Reading                                                                  */
/* ------------------------------------------------------------------------ */

typedef struct daorec_reader daorec_reader;

/* Open a recording: chunk files of one stream, in the order given (a shell
 * glob of STEM-*.fits sorts them). Compressed chunks (.fits.fz) work too,
 * and so do FITS cubes from elsewhere: without DAO cards an image of 3 axes
 * is read as NAXIS3 frames of (NAXIS2, NAXIS1), one of 4 axes as frames of
 * 3-D cubes, one of 1 or 2 axes as a single frame; their frames get
 * counters 1, 2, … and no times. Every chunk must have the first one's type
 * and shape. The tables of every chunk are read here; pixels are read on
 * demand. Fails with -ENOENT, -EACCES …, or -EINVAL for a file that is not
 * a FITS image of a DAO type (err says which and why). */
int daorec_reader_open(daorec_reader **out, const char *const *paths, size_t n_paths,
                       daorec_error *err);

/* daorec_reader_close(NULL) does nothing. */
void daorec_reader_close(daorec_reader *r);

/* Geometry, as libdao describes streams (C order shapes). */
uint64_t daorec_reader_frame_count(const daorec_reader *r);
dao_type daorec_reader_type(const daorec_reader *r);
unsigned daorec_reader_naxis(const daorec_reader *r);
const uint32_t *daorec_reader_shape(const daorec_reader *r); /* DAO_MAX_AXES entries, borrowed */
size_t daorec_reader_frame_size(const daorec_reader *r);     /* bytes */

/* The recorded stream's path ("" when unknown). Borrowed. */
const char *daorec_reader_stream_path(const daorec_reader *r);

/* The table row of frame `index` (0 … count-1), without reading pixels
 * (for a timeline or a scrub bar). Returns 0 or -ERANGE. This and the other
 * calls that take a const reader read only what daorec_reader_open() loaded
 * and never changes: any thread may make them at any time, also while
 * another thread is in daorec_reader_read() (daoview's playback clock asks
 * for write times while its reader thread copies frames). */
int daorec_reader_frame_info(const daorec_reader *r, uint64_t index, daorec_frame_info *out);

/* Copy frame `index` into dst (exactly daorec_reader_frame_size() bytes),
 * in the stream's own layout (native byte order, complex interleaved).
 * info may be NULL. One thread at a time per reader. Returns 0, -ERANGE,
 * DAO_E_SIZE_MISMATCH, or -EIO for a file that cannot be read (truncated
 * since it was opened, say). */
int daorec_reader_read(daorec_reader *r, uint64_t index, void *dst, size_t size,
                       daorec_frame_info *info, daorec_error *err);

/* The stream's used keywords as recorded at the start of the first chunk.
 * Borrowed, valid until close; *n may be 0. */
const dao_keyword *daorec_reader_keywords(const daorec_reader *r, unsigned *n);

/* The loss account of the whole recording. */
typedef struct daorec_loss {
    uint64_t lost;    /* frames missing between recorded frames (sum of LOST) */
    uint64_t dropped; /* of those, dropped by a full ring */
    uint64_t tail;    /* published after the last recorded frame, before the stop, not kept */
} daorec_loss;

void daorec_reader_loss(const daorec_reader *r, daorec_loss *out);

/* What a replay needs to re-create the stream (0 where not recorded). */
typedef struct daorec_stream_layout {
    unsigned fifo_depth;
    unsigned keyword_capacity;
    unsigned semaphores;
} daorec_stream_layout;

void daorec_reader_stream_layout(const daorec_reader *r, daorec_stream_layout *out);

/* ------------------------------------------------------------------------ */
/* Replaying                                                                */
/* ------------------------------------------------------------------------ */

/* Create (or re-create) a stream at `path` with the recording's type,
 * shape, FIFO depth and semaphore count, room for at least its keywords,
 * and the keywords set. */
int daorec_reader_create_stream(const daorec_reader *r, const char *path, dao_stream **out,
                                daorec_error *err);

typedef struct daorec_play_options {
    /* Frames per second; 0 replays with the recorded intervals (the
     * differences of WRITE_NS). */
    double rate_hz;
    bool loop;                    /* start again after the last frame */
    /* Before the first frame, wait until a reader has claimed one of the
     * stream's slots (a libdao reader, daoview, a recorder), so that a
     * pipeline started after the player sees the replay from its start. */
    bool wait_for_reader;
    /* The last stretch before each frame's time is spun rather than slept,
     * for a steadier rate at the cost of that much CPU per frame. */
    int64_t spin_ns;
    bool (*stop_requested)(void); /* polled between frames; may be NULL */
} daorec_play_options;

#define DAOREC_PLAY_OPTIONS_INIT {.spin_ns = 100000}

typedef struct daorec_play_stats {
    uint64_t frames;       /* frames written to the stream */
    uint64_t loops;        /* complete passes */
    uint64_t late;         /* frames written more than 1 ms after their time */
    int64_t max_late_ns;
} daorec_play_stats;

/* Write the recording's frames into s, in order, each at its time: the
 * stream's counter advances by one per frame. Returns 0 when done (or
 * stopped), or a negative code. Files without write times need rate_hz. */
int daorec_play(daorec_reader *r, dao_stream *s, const daorec_play_options *options,
                daorec_play_stats *stats, daorec_error *err);

#ifdef __cplusplus
}
#endif

#endif /* DAOREC_H */
