/* daoview-source.h — where daoview's frames come from: the frame-source seam.
 *
 * A *source* is an open handle on something that produces frames of one
 * geometry: today a stream file read through libdao (DAO streams, and milk
 * streams once libdao reads them through the same handle), later a stream
 * served over the network or a recording on disk. The reader thread of
 * daoview-stream-watcher.c is the only user of this interface: it opens a
 * source for a location, copies the newest frame whenever the display asks
 * for one, checks the source a few times a second, and closes and reopens
 * it when the check says the stream behind it is gone or was re-created.
 * Nothing above the watcher — the window, the pipeline, the status bar —
 * knows which kind of source it is showing. Plain C (C11 + POSIX, libdao's
 * types), no GLib, so that a source can wrap any library.
 *
 * Adding a kind of source (a remote stream, a recording):
 *   1. write viewer/core/daoview-source-<kind>.c with a
 *      `const DaoviewSourceClass daoview_<kind>_source_class` whose open()
 *      allocates a struct that starts with a DaoviewSource member;
 *   2. add it to the classes[] table in daoview-source.c (highest
 *      accepts() wins, so `tcp://…` or `*.fits` can claim their locations
 *      before the DAO class, which takes everything else);
 *   3. add the file to viewer/core/meson.build.
 * No file outside viewer/core changes: states, texts, rates and --print-state
 * all come from what the source reports through this interface.
 *
 * Return codes are libdao's convention: 0 (or a non-negative value where
 * documented) for success, -errno for operating-system errors, a DAO_E_*
 * code of dao.h for protocol facts. A source with failures of its own (a
 * wire format's) returns codes below DAOVIEW_SOURCE_ERROR_BASE and names them
 * in its class's strerror(); everything else is described by dao_strerror().
 *
 * Threads: a source is used by one thread at a time (the reader thread);
 * daoview_source_open() of another source for the same location may run in
 * the main thread meanwhile (to read keywords when saving).
 */
#ifndef DAOVIEW_SOURCE_H
#define DAOVIEW_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <dao.h>

/* Codes of a source's own are below this (and so never collide with -errno
 * or DAO_E_*, which lie above -20000). */
#define DAOVIEW_SOURCE_ERROR_BASE (-20000)

typedef struct DaoviewSource DaoviewSource;
typedef struct DaoviewSourceClass DaoviewSourceClass;

/* What the caller asks of a new source. Zero-initialise, then set fields. */
typedef struct {
  int slot;     /* reader semaphore to use (DAO); -1: the highest free one */
  bool passive; /* only look (keywords, a listing): take no reader slot */
} DaoviewSourceOptions;

#define DAOVIEW_SOURCE_OPTIONS_INIT { -1, false }

/* What a source can do beyond the required calls (see the class). */
enum {
  DAOVIEW_SOURCE_CAN_WAIT = 1u << 0,     /* wait() wakes on each new frame */
  DAOVIEW_SOURCE_HAS_KEYWORDS = 1u << 1, /* keywords() */
  DAOVIEW_SOURCE_HAS_HISTORY = 1u << 2,  /* copy_segment(): a FIFO's older frames */
  DAOVIEW_SOURCE_CAN_SEEK = 1u << 3,     /* seek(), frame_count: a recording */
};

/* What an open source is. Filled by open() and fixed until close, except
 * where noted. */
typedef struct {
  const char *format;           /* shown to the user: "DAO", "milk", "remote" …; static */
  dao_type type;
  unsigned naxis;               /* 1, 2 or 3 */
  uint32_t shape[DAO_MAX_AXES]; /* C order, unused axes 0 (as dao_stream_shape()) */
  size_t frame_size;            /* bytes of one frame */
  unsigned capabilities;        /* DAOVIEW_SOURCE_CAN_* / HAS_* */

  /* How the reader is woken. slot >= 0: the semaphore slot this source
   * holds for us. wait_error != 0: why wait() cannot be used (no slot
   * free, no semaphores …); the reader then polls counter() instead and
   * says why. A source may change both from wait() (e.g. its semaphores
   * disappear): the reader reads them again after a failed wait. */
  int slot;
  int wait_error;

  /* The newest frame when the source was opened, so that a stream whose
   * writer stopped long ago is shown as stale at once. */
  uint64_t counter;
  int64_t write_time_ns; /* CLOCK_REALTIME, 0 when unknown */

  unsigned history_depth; /* HAS_HISTORY: frames copy_segment() reaches */
  uint64_t frame_count;   /* CAN_SEEK: frames in the recording */
} DaoviewSourceInfo;

/* Beside a copied frame. */
typedef struct {
  uint64_t counter;      /* the stream's frame counter for it */
  int64_t write_time_ns; /* when it was written (CLOCK_REALTIME), 0 if unknown */
  uint32_t retries;      /* copies thrown away because a write raced them */
  /* CAN_SEEK (a recording): where the frame lies in it (0 … frame_count - 1)
   * and the recorder's account of the frames missing just before it (lost,
   * of which dropped because its ring was full); 0 otherwise. */
  uint64_t index;
  uint64_t lost;
  uint64_t dropped;
  unsigned segment;      /* HAS_HISTORY: the FIFO segment it came from (0 otherwise) */
} DaoviewSourceFrameInfo;

/* Is anyone producing frames, and can we reach them? Filled by check(). */
typedef enum {
  DAOVIEW_SOURCE_WRITER_UNKNOWN, /* cannot tell (a foreign writer, a recording) */
  DAOVIEW_SOURCE_WRITER_ALIVE,
  DAOVIEW_SOURCE_WRITER_GONE,    /* it was there and is not any more */
} DaoviewSourceWriter;

typedef enum {
  DAOVIEW_SOURCE_LINK_NONE,         /* a local file: no link to lose */
  DAOVIEW_SOURCE_LINK_UP,
  DAOVIEW_SOURCE_LINK_DOWN,         /* lost; frames may come back later */
  DAOVIEW_SOURCE_LINK_RECONNECTING, /* lost, and being set up again */
} DaoviewSourceLink;

typedef struct {
  DaoviewSourceWriter writer;
  DaoviewSourceLink link;
} DaoviewSourceHealth;

struct DaoviewSourceClass {
  const char *name; /* "dao", for logs and tests */

  /* How strongly this class claims `location` (a path or a URI): 0 never,
   * 1 as a fallback (the DAO class takes any path), higher for a location
   * that is surely its own (a scheme, a file extension). */
  int (*accepts) (const char *location);

  /* Open `location`. On success *out points to a new source whose `klass`
   * and `info` are filled, and 0 is returned; on failure *out is NULL and
   * nothing is left to free. -ENOENT means "nothing there yet": the reader
   * shows the stream as waiting and tries again; any other code shows it as
   * invalid (with the code's text) and tries again more slowly. */
  int (*open) (DaoviewSource **out, const char *location, const DaoviewSourceOptions *options);

  void (*close) (DaoviewSource *source);

  /* The newest frame counter known; cheap (called every pass of the
   * reader's loop). */
  uint64_t (*counter) (DaoviewSource *source);

  /* Copy the newest frame into dst (info.frame_size bytes), one attempt:
   * DAO_E_TORN when it was being written, so that the reader tries the next
   * one rather than spend bandwidth the writer needs on retries. Another
   * error makes the reader check() at once. */
  int (*copy_newest) (DaoviewSource *source, void *dst, size_t size, DaoviewSourceFrameInfo *info);

  /* Is the stream behind the source still the one opened, and whole?
   * Called a few times a second. Returns 0 and fills health, or a code
   * saying the source must be reopened: DAO_E_REPLACED (the location holds
   * a new stream: shown as recreated once reattached), -ENOENT (removed:
   * shown as waiting), or another code (shown as waiting, with its text). */
  int (*check) (DaoviewSource *source, DaoviewSourceHealth *health);

  /* ---- optional: NULL when the class does not offer it ---- */

  /* CAN_WAIT: block until the next frame is published or timeout_ns passes
   * (bounded: the reader stops within it). 0 when a frame was just
   * published — the best moment to copy it —, -ETIMEDOUT, or another code,
   * after which the reader polls (and reads info.slot/wait_error again). */
  int (*wait) (DaoviewSource *source, int64_t timeout_ns);

  /* Forget wake-ups for frames published before now, so that the next
   * wait() returns on the next publication rather than at once. */
  void (*skip_pending) (DaoviewSource *source);

  /* HAS_KEYWORDS: the used keywords (free() the array). 0, or a code with
   * *out NULL and *n 0. */
  int (*keywords) (DaoviewSource *source, dao_keyword **out, unsigned *n);

  /* Text for the class's own codes (below DAOVIEW_SOURCE_ERROR_BASE), and
   * for a common code it means in its own way (a remote source's -ENOENT
   * is no file); NULL for any other code. */
  const char *(*strerror) (int code);

  /* HAS_HISTORY (a FIFO stream's segments): copy segment `segment`
   * (0 … history_depth - 1) as it is, checked for tearing; info->counter
   * says which frame it held (0: never written). The newest frame's segment
   * comes with copy_newest(), so the frame k frames older than it is in
   * segment (segment - k) mod depth — if its counter says so: a segment is
   * named by where it lies, not by its age, because the writer moves on
   * while the reader looks. For stepping through a FIFO's history and for
   * filling the gaps between the frames the display copied. */
  int (*copy_segment) (DaoviewSource *source, unsigned segment, void *dst, size_t size,
                       DaoviewSourceFrameInfo *info);

  /* CAN_SEEK (a recording): make frame `index` (0 … frame_count - 1) the
   * newest, so that the next copy_newest() returns it and counter() its
   * counter. Playback is the caller's: it seeks at the pace it wants.
   * 0, or -ERANGE. */
  int (*seek) (DaoviewSource *source, uint64_t index);

  /* CAN_SEEK: what is known of frame `index` without reading its pixels
   * (counter, write time, index, losses; retries 0), for a playback clock
   * that follows the recorded times. Unlike every other call, it may be
   * made from any thread while the source is open, at the same time as the
   * reader's own calls: a recording's table is read whole by open() and
   * never changes. 0, or -ERANGE. */
  int (*frame_info) (DaoviewSource *source, uint64_t index, DaoviewSourceFrameInfo *info);
};

/* The first member of every source's own struct. */
struct DaoviewSource {
  const DaoviewSourceClass *klass;
  DaoviewSourceInfo info;
};

/* ---- for the reader ------------------------------------------------------ */

/* The class that claims `location` most strongly (never NULL: the DAO
 * class takes any path). */
const DaoviewSourceClass *daoview_source_class_for (const char *location);

/* Open `location` with the class that claims it; options may be NULL. See
 * DaoviewSourceClass.open. */
int daoview_source_open (DaoviewSource **out, const char *location,
                         const DaoviewSourceOptions *options);

/* close(NULL) does nothing. */
void daoview_source_close (DaoviewSource *source);

static inline const DaoviewSourceInfo *
daoview_source_info (const DaoviewSource *source)
{
  return &source->info;
}

uint64_t daoview_source_counter (DaoviewSource *source);
int daoview_source_copy_newest (DaoviewSource *source, void *dst, size_t size,
                                DaoviewSourceFrameInfo *info);
int daoview_source_check (DaoviewSource *source, DaoviewSourceHealth *health);

/* -ENOTSUP unless the source can seek (CAN_SEEK); see the class. */
int daoview_source_seek (DaoviewSource *source, uint64_t index);
int daoview_source_frame_info (DaoviewSource *source, uint64_t index, DaoviewSourceFrameInfo *info);
/* -ENOTSUP when the class has no copy_segment(). */
int daoview_source_copy_segment (DaoviewSource *source, unsigned segment, void *dst, size_t size,
                                 DaoviewSourceFrameInfo *info);

/* -ENOTSUP when the class has no wait(). */
int daoview_source_wait (DaoviewSource *source, int64_t timeout_ns);
void daoview_source_skip_pending (DaoviewSource *source);

/* The keywords of the stream now at `location`, through a source of its own
 * (so the reader thread's is not disturbed): 0, or a code with *out NULL. */
int daoview_source_read_keywords (const char *location, dao_keyword **out, unsigned *n);

/* The sentence for a code a source of `klass` returned (klass may be NULL):
 * the class's own text where it has one, dao_strerror() for the rest. Static. */
const char *daoview_source_strerror (const DaoviewSourceClass *klass, int code);

/* ---- the classes ---------------------------------------------------------- */

/* A stream file through libdao: any path. Opens for reading, claims a reader
 * slot (options->slot, or the highest free one), waits on its semaphore. */
extern const DaoviewSourceClass daoview_dao_source_class;

/* A stream served by `daoctl serve`: "tcp://HOST:PORT/NAME". Built without
 * libdao-remote, it claims the same locations and says it cannot show them. */
extern const DaoviewSourceClass daoview_remote_source_class;

/* A recording made by `daoctl record` (record/daorec.h), or any FITS cube
 * (daoview-source-recording.c): a file named *.fits, *.fit, *.fts or
 * *.fz, or the chunks of one recording joined into one location by
 * daoview_recording_location(). Built when cfitsio is there
 * (DAOVIEW_HAVE_RECORDINGS). */
#ifdef DAOVIEW_HAVE_RECORDINGS
extern const DaoviewSourceClass daoview_recording_source_class;
#endif

/* Does the name say "a recording" (the suffixes above, any case)? */
int daoview_recording_path_matches (const char *path);

/* One location for the chunk files of a recording, in this order: the path
 * itself for one file, else "daoview-recording:" followed by each path as
 * LENGTH:PATH (so that any path can be named without escaping). free() it;
 * NULL when out of memory or n is 0. */
char *daoview_recording_location (const char *const *paths, size_t n);

/* The paths of a recording location (a NULL-terminated array, to free with
 * daoview_recording_paths_free()), or NULL for a location that is not one. */
char **daoview_recording_location_paths (const char *location);
void daoview_recording_paths_free (char **paths);

/* "cam-000001.fits … cam-000004.fits (4)" for a location of several
 * chunks (free() it), NULL for any other location. */
char *daoview_recording_display_name (const char *location);

/* The command line's paths as locations to show: each run of consecutive
 * recording files (by name) becomes one location, every other path stays
 * as it is. A NULL-terminated array to free like the one above; NULL when
 * out of memory. */
char **daoview_source_group_locations (const char *const *paths);
/* A − B of two streams of the same shape and type (daoview-source-diff.c):
 * the location daoview_diff_location(A, B) returns (free() it; NULL when
 * out of memory). daoview_diff_location_parse() gives A and B back (free()
 * both), or -EINVAL for another location. */
extern const DaoviewSourceClass daoview_diff_source_class;
char *daoview_diff_location (const char *a, const char *b);
int daoview_diff_location_parse (const char *location, char **a, char **b);

/* A name for people: the file name of a path, "a − b" for a difference,
 * the first and last chunk of a recording. free() it. */
char *daoview_source_display_name (const char *location);

#endif /* DAOVIEW_SOURCE_H */
