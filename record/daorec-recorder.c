/* daorec-recorder.c — starting, watching and ending a recording. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fitsio.h>

#include "daorec-chunk.h"
#include "daorec-recorder.h"

/* Ring frames when the options leave it to us. */
static unsigned default_ring_frames(size_t frame_size)
{
    uint64_t n = DAOREC_DEFAULT_RING_BYTES / frame_size;
    if (n < DAOREC_MIN_RING_FRAMES)
        n = DAOREC_MIN_RING_FRAMES;
    if (n > 65536)
        n = 65536;
    return (unsigned)n;
}

static int check_options(const daorec_record_options *o, const dao_stream *s, daorec_error *err)
{
    /* Headers, tables and compression are built with cfitsio in the disk
     * and compressor threads of every recorder at once. */
    if (!fits_is_reentrant())
        return daorec__fail(err, -ENOTSUP,
                            "This cfitsio was built without --enable-reentrant: recording needs "
                            "it from several threads.");
    if (!o || !o->directory || !o->directory[0])
        return daorec__fail(err, -EINVAL, "No directory to record into.");
    struct stat st;
    if (stat(o->directory, &st) < 0)
        return daorec__fail(err, -errno, "%s: %s.", o->directory, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return daorec__fail(err, -ENOTDIR, "%s is not a directory.", o->directory);
    if (o->ring_frames == 1 || (o->ring_frames && o->ring_frames < DAOREC_MIN_RING_FRAMES))
        return daorec__fail(err, -EINVAL, "The ring needs at least %d frames.",
                            DAOREC_MIN_RING_FRAMES);
    if (o->capture_priority < 0 || o->capture_priority > 99)
        return daorec__fail(err, -EINVAL, "Real-time priorities are 1 to 99, not %d.",
                            o->capture_priority);
    if (o->compression != DAOREC_COMPRESS_NONE && o->compression != DAOREC_COMPRESS_RICE)
        return daorec__fail(err, -EINVAL, "Unknown compression %d.", o->compression);
    if (o->compression == DAOREC_COMPRESS_RICE) {
        dao_type t = dao_stream_type(s);
        if (dao_type_size(t) > 4 || t == DAO_FLOAT)
            return daorec__fail(err, -ENOTSUP,
                                "%s: Rice compression is lossless for 8-, 16- and 32-bit integers "
                                "only, not %s.",
                                dao_stream_path(s), dao_type_name(t));
    }
    return 0;
}

/* A reader semaphore of our own, or polling when none can be had (every
 * slot claimed, a stream we may only read, semaphores that do not exist). */
static void choose_wakeup(daorec_recorder *rec)
{
    rec->have_slot = dao_stream_slot_claim(rec->stream, &rec->slot) == 0;
    /* This wait also drops a post left from earlier frames. */
    if (rec->have_slot && dao_stream_wait(rec->stream, rec->slot, 0) == DAO_E_NO_SEMAPHORES) {
        dao_stream_slot_release(rec->stream, rec->slot);
        rec->have_slot = false;
    }
    /* Read after the old post is gone: a frame published from now on posts
     * again, so the capture thread sees it whenever it starts waiting. A
     * FIFO stream is followed in order from its tail, set here. */
    rec->in_order = dao_stream_fifo_depth(rec->stream) > 1;
    if (rec->in_order)
        dao_stream_tail_reset(rec->stream);
    rec->start_counter = rec->in_order ? dao_stream_tail_counter(rec->stream)
                                       : dao_stream_counter(rec->stream);
}

/* The threads take no signals: Ctrl-C is the program's to handle.
 * priority > 0 starts the thread SCHED_FIFO at that priority. */
static int start_thread(pthread_t *t, void *(*fn)(void *), void *arg, int priority)
{
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    if (priority > 0) {
        struct sched_param sp = {.sched_priority = priority};
        pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
        pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
        pthread_attr_setschedparam(&attr, &sp);
    }
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(t, &attr, fn, arg);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    return -rc;
}

static void free_recorder(daorec_recorder *rec)
{
    daorec__compressor_finish(&rec->compressor);
    if (rec->first_part_fd >= 0)
        daorec__chunk_unreserve(rec->first_part_fd, rec->dir, rec->stem, 1);
    daorec__ring_destroy(&rec->ring);
    dao_stream_close(rec->stream);
    free(rec);
}

int daorec_recorder_start(daorec_recorder **out, const char *path,
                          const daorec_record_options *options, daorec_error *err)
{
    *out = NULL;
    daorec_recorder *rec = calloc(1, sizeof *rec);
    if (!rec)
        return daorec__fail(err, -ENOMEM, "Not enough memory for a recorder.");
    rec->first_part_fd = -1;
    int rc = dao_stream_open(&rec->stream, path, 0);
    if (rc < 0) {
        free(rec);
        return daorec__fail(err, rc, "%s: %s.", path, dao_strerror(rc));
    }
    if ((rc = check_options(options, rec->stream, err)) < 0)
        goto failed;
    rec->options = *options;
    snprintf(rec->dir, sizeof rec->dir, "%s", options->directory);
    if ((rc = dao_stream_stem(rec->stem, sizeof rec->stem, path)) < 0) {
        daorec__fail(err, rc, "%s: no file name to name the chunks after.", path);
        goto failed;
    }
    size_t frame_size = dao_stream_frame_size(rec->stream);
    uint64_t chunk_bytes = options->chunk_bytes ? options->chunk_bytes : DAOREC_DEFAULT_CHUNK_BYTES;
    rec->chunk_frames = options->chunk_frames ? options->chunk_frames : chunk_bytes / frame_size;
    if (rec->chunk_frames == 0)
        rec->chunk_frames = 1;
    rec->layout = (daorec_stream_layout){
        .fifo_depth = dao_stream_fifo_depth(rec->stream),
        .keyword_capacity = dao_stream_keyword_capacity(rec->stream),
        .semaphores = dao_stream_semaphore_count(rec->stream),
    };

    /* Taking the first chunk's name now makes a second recorder of the
     * same stem into the same directory fail here, not half-way. */
    if ((rc = daorec__chunk_reserve(rec->dir, rec->stem, 1, &rec->first_part_fd, err)) < 0)
        goto failed;
    unsigned ring = options->ring_frames ? options->ring_frames : default_ring_frames(frame_size);
    if ((rc = daorec__ring_init(&rec->ring, frame_size, ring)) < 0) {
        daorec__fail(err, rc, "Not enough memory for a ring of %u frames of %zu bytes.", ring,
                     frame_size);
        goto failed;
    }
    choose_wakeup(rec);

    if (options->compression == DAOREC_COMPRESS_RICE &&
        (rc = daorec__compressor_start(&rec->compressor, rec->dir, rec->stem)) < 0) {
        daorec__fail(err, rc, "Cannot start the compressor thread: %s.", strerror(-rc));
        goto failed;
    }
    if ((rc = start_thread(&rec->disk_thread, daorec__disk_main, rec, 0)) < 0) {
        daorec__fail(err, rc, "Cannot start the disk thread: %s.", strerror(-rc));
        goto failed;
    }
    if ((rc = start_thread(&rec->capture_thread, daorec__capture_main, rec,
                           options->capture_priority)) < 0) {
        if (rc == -EPERM)
            daorec__fail(err, rc,
                         "Cannot run the capture thread at real-time priority %d: %s (it needs "
                         "root, CAP_SYS_NICE or an rtprio limit).",
                         options->capture_priority, strerror(-rc));
        else
            daorec__fail(err, rc, "Cannot start the capture thread: %s.", strerror(-rc));
        daorec__ring_close(&rec->ring);
        pthread_join(rec->disk_thread, NULL);
        goto failed;
    }
    *out = rec;
    return 0;

failed:
    free_recorder(rec);
    return rc;
}

void daorec_recorder_stop(daorec_recorder *rec)
{
    atomic_store(&rec->stop, true);
}

const char *daorec_recorder_stem(const daorec_recorder *rec)
{
    return rec->stem;
}

void daorec_recorder_stats(const daorec_recorder *rec, daorec_stats *out)
{
    daorec_recorder *r = (daorec_recorder *)rec; /* atomics are read only */
    memset(out, 0, sizeof *out);
    out->state = (daorec_state)atomic_load(&r->capture_state);
    out->error = atomic_load(&r->disk_failed);
    if (out->error)
        out->state = DAOREC_FAILED;
    out->frames = atomic_load(&r->frames);
    out->frames_written = atomic_load(&r->frames_written);
    out->missed = atomic_load(&r->missed);
    out->dropped = atomic_load(&r->dropped);
    out->torn = atomic_load(&r->torn);
    out->bytes_written = atomic_load(&r->bytes_written);
    out->chunks = atomic_load(&r->chunks);
    out->ring_frames = r->ring.capacity;
    out->ring_used = daorec__ring_used(&r->ring);
    out->ring_peak = atomic_load(&r->ring.peak);
    out->polling = !r->have_slot;
    daorec__compressor_figures(&r->compressor, &out->compressed_chunks, &out->compress_input_bytes,
                               &out->compressed_bytes);
}

int daorec_recorder_finish(daorec_recorder *rec, daorec_stats *final, daorec_error *err)
{
    pthread_join(rec->capture_thread, NULL);
    pthread_join(rec->disk_thread, NULL);
    int compress_rc = daorec__compressor_finish(&rec->compressor);
    daorec_stats st;
    daorec_recorder_stats(rec, &st);
    int rc = 0;
    if (atomic_load(&rec->disk_failed)) {
        rc = rec->disk_error.code;
        if (err)
            *err = rec->disk_error;
    } else if (st.state == DAOREC_FAILED) {
        rc = rec->capture_error.code;
        st.error = rc;
        if (err)
            *err = rec->capture_error;
    } else if (compress_rc < 0) {
        rc = compress_rc;
        if (err)
            *err = rec->compressor.error;
    }
    if (final)
        *final = st;
    free_recorder(rec);
    return rc;
}
