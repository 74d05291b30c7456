/* daorec-disk.c — the disk thread: from the ring into chunk files.
 *
 * It takes whatever the ring holds, in batches (frames already in FITS byte
 * order: the capture thread did that), and appends each batch with one
 * writev() (cut at chunk boundaries). A chunk is opened when its first frame is at
 * hand (its header names that frame). A full chunk is finished when the
 * next frame comes, when the ring stays empty for WAIT_NS (and no frame
 * went unkept since the last one), or when the ring is closed: then the
 * frames the capture thread could not keep after the last one it kept
 * always reach the last chunk's DAOTAIL. On a disk error it
 * finishes the chunk with what it holds if it can, stops the capture and
 * lets the ring drain. */
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "daorec-chunk.h"
#include "daorec-recorder.h"
#include "daoview-capture.h"

#define BATCH_MAX 256                /* frames per writev() */
#define BATCH_BYTES (32u << 20)      /* and bytes */
#define WAIT_NS 100000000

typedef struct disk {
    daorec_recorder *rec;
    daorec_chunk chunk;
    bool chunk_open;
    unsigned next_chunk; /* number of the next chunk to open */
    uint64_t frames_done; /* in finished chunks */
} disk;

/* The figures count frames in finished chunks and in the one being
 * written, and nothing of a chunk that had to be removed. */
static void count_written(disk *d)
{
    uint64_t n = d->frames_done + (d->chunk_open ? daorec__chunk_frames(&d->chunk) : 0);
    atomic_store(&d->rec->frames_written, n);
    atomic_store(&d->rec->bytes_written, n * d->rec->ring.frame_size);
}

static int fail(disk *d, int code)
{
    atomic_store(&d->rec->disk_failed, code);
    atomic_store(&d->rec->stop, true);
    return code;
}

static int open_chunk(disk *d, const daorec_frame_info *first)
{
    daorec_recorder *rec = d->rec;
    daorec_error *err = &rec->disk_error;
    int fd = -1;
    int rc;
    if (d->next_chunk == 1) {
        fd = rec->first_part_fd;
        rec->first_part_fd = -1;
    } else if ((rc = daorec__chunk_reserve(rec->dir, rec->stem, d->next_chunk, &fd, err)) < 0) {
        return fail(d, rc);
    }
    /* The keywords as they are now, at the chunk's first frame. */
    dao_keyword *kw = NULL;
    unsigned n_kw = 0;
    rc = daoview_capture_keywords_from_stream(rec->stream, &kw, &n_kw);
    if (rc < 0) {
        close(fd);
        return fail(d, daorec__fail(err, rc, "%s: cannot read the keywords: %s.",
                                    dao_stream_path(rec->stream), dao_strerror(rc)));
    }
    daorec_chunk_desc desc = {
        .type = dao_stream_type(rec->stream),
        .naxis = dao_stream_naxis(rec->stream),
        .stream_path = dao_stream_path(rec->stream),
        .keywords = kw,
        .n_keywords = n_kw,
        .layout = rec->layout,
        .chunk = d->next_chunk,
        .first = *first,
    };
    for (unsigned i = 0; i < DAO_MAX_AXES; i++)
        desc.shape[i] = dao_stream_shape(rec->stream)[i];
    rc = daorec__chunk_begin(&d->chunk, fd, rec->dir, rec->stem, &desc, err);
    free(kw);
    if (rc < 0)
        return fail(d, rc);
    d->chunk_open = true;
    d->next_chunk++;
    return 0;
}

static int finish_chunk(disk *d, uint64_t tail)
{
    d->chunk_open = false;
    unsigned number = d->chunk.desc.chunk;
    uint64_t frames = daorec__chunk_frames(&d->chunk);
    int rc = daorec__chunk_finish(&d->chunk, tail, &d->rec->disk_error);
    if (rc == 0)
        d->frames_done += frames;
    count_written(d);
    if (rc < 0)
        return fail(d, rc);
    if (frames == 0) /* nothing came: discarded, not a chunk */
        return 0;
    atomic_fetch_add(&d->rec->chunks, 1);
    if (d->rec->compressor.running)
        daorec__compressor_push(&d->rec->compressor, number);
    return 0;
}

static bool chunk_full(const disk *d)
{
    return d->chunk_open && daorec__chunk_frames(&d->chunk) == d->rec->chunk_frames;
}

/* Write up to `ready` frames from the ring; returns how many it took. */
static unsigned write_batch(disk *d, unsigned ready)
{
    daorec_recorder *rec = d->rec;
    struct iovec iov[BATCH_MAX];
    const daorec_frame_info *info[BATCH_MAX];
    unsigned n = 0;
    size_t bytes = 0;
    daorec_frame_info *first;
    daorec__ring_entry(&rec->ring, 0, &first);
    if (chunk_full(d) && finish_chunk(d, 0) < 0)
        return 0;
    if (!d->chunk_open && open_chunk(d, first) < 0)
        return 0;
    uint64_t room = rec->chunk_frames - daorec__chunk_frames(&d->chunk);
    while (n < ready && n < BATCH_MAX && n < room && (n == 0 || bytes < BATCH_BYTES)) {
        daorec_frame_info *fi;
        void *frame = daorec__ring_entry(&rec->ring, n, &fi);
        if (rec->options.test_disk_delay_ns > 0) {
            struct timespec t = {rec->options.test_disk_delay_ns / 1000000000,
                                 rec->options.test_disk_delay_ns % 1000000000};
            nanosleep(&t, NULL);
        }
        iov[n] = (struct iovec){frame, rec->ring.frame_size};
        info[n] = fi;
        bytes += rec->ring.frame_size;
        n++;
    }
    int rc = daorec__chunk_append(&d->chunk, iov, info, n, &rec->disk_error);
    count_written(d);
    if (rc < 0) {
        fail(d, rc);
        return 0;
    }
    return n;
}

void *daorec__disk_main(void *arg)
{
    disk d = {.rec = arg, .next_chunk = 1};
    daorec_recorder *rec = d.rec;
    while (!daorec__ring_finished(&rec->ring)) {
        unsigned ready = daorec__ring_wait(&rec->ring, WAIT_NS);
        if (ready == 0) {
            /* Not while frames after the last kept one went unkept: they
             * belong in this chunk's DAOTAIL if the recording ends before
             * another frame is kept. */
            if (chunk_full(&d) && atomic_load(&rec->unkept) == 0 &&
                !daorec__ring_finished(&rec->ring))
                finish_chunk(&d, 0);
            continue;
        }
        if (atomic_load(&rec->disk_failed)) {
            daorec__ring_release(&rec->ring, ready); /* nowhere to put them */
            continue;
        }
        unsigned taken = write_batch(&d, ready);
        if (atomic_load(&rec->disk_failed) && d.chunk_open) {
            /* Keep what is whole: finish the chunk with the frames it has,
             * or remove it when even that fails (a full disk, say). */
            daorec_error ignored;
            uint64_t frames = daorec__chunk_frames(&d.chunk);
            d.chunk_open = false;
            if (daorec__chunk_finish(&d.chunk, 0, &ignored) == 0 && frames) {
                d.frames_done += frames;
                atomic_fetch_add(&rec->chunks, 1);
            }
            count_written(&d);
        }
        daorec__ring_release(&rec->ring, taken ? taken : ready);
    }
    if (d.chunk_open)
        finish_chunk(&d, atomic_load(&rec->unkept));
    if (rec->first_part_fd >= 0) { /* no frame ever came */
        daorec__chunk_unreserve(rec->first_part_fd, rec->dir, rec->stem, 1);
        rec->first_part_fd = -1;
    }
    return NULL;
}
