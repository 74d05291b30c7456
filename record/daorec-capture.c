/* daorec-capture.c — the capture thread: from the stream into the ring,
 * every frame accounted for.
 *
 * The thread waits on the reader semaphore it claimed (or, without one,
 * polls the counter), copies a frame into the next free ring slot with
 * libdao's consistent reads, turns it into FITS byte order there, and
 * publishes it with the number of frames missing since the previously
 * published one. Two causes of a gap are told apart: "dropped", the ring
 * was full (the disk did not keep up), and "missed", the writer overwrote
 * the frame before it could be copied.
 *
 * Which frame it copies depends on the stream:
 * - depth 1 (only the newest frame exists): the newest, as soon as it is
 *   published. A frame whose counter it sees while the ring is full is
 *   dropped at once (the next one will overwrite it anyway); counter gaps
 *   are missed frames.
 * - a FIFO stream (depth > 1): every frame in order (dao_stream_read_next),
 *   with libdao's exact count of frames the writer overwrote first. When
 *   the ring is full the thread waits for room, because the stream itself
 *   keeps the next depth-1 frames meanwhile: frames overwritten during such
 *   a wait count as dropped, the others as missed.
 * Either way it never makes the stream's writer wait. */
#include <errno.h>
#include <time.h>

#include "daorec-recorder.h"

#define WAIT_STEP_NS 20000000      /* how often a stop request is noticed */
#define POLL_STEP_NS 100000        /* counter polling without a semaphore */
#define CHECK_PATH_NS 250000000    /* how often the stream's path is checked */
/* How long one copy may keep retrying while writes overlap it: long
 * enough for a write in progress to finish, short enough that a writer
 * killed in mid-write (its flag left set) costs the frame, not the thread. */
#define READ_TIMEOUT_NS 5000000
#define RING_WAIT_NS 1000000       /* in-order capture waiting for room */
#define DRAIN_NS 1000000000        /* at a stop, how long to take what is in the FIFO */

typedef struct capture {
    daorec_recorder *rec;
    uint64_t last_seen;   /* newest counter looked at */
    uint64_t last_kept;   /* counter of the last frame published */
    uint64_t dropped_now; /* dropped since the last frame published */
    bool waited_for_ring; /* in order: the ring was full since the last one */
    int64_t next_check_ns;
} capture;

static void end(capture *c, daorec_state state)
{
    atomic_store(&c->rec->capture_state, (int)state);
}

static int fail(capture *c, int code, const char *what)
{
    daorec__fail(&c->rec->capture_error, code, "%s: %s: %s.", dao_stream_path(c->rec->stream), what,
                 dao_strerror(code));
    end(c, DAOREC_FAILED);
    return code;
}

/* Wait for the counter to move past last_seen. 0 when it did, 1 when the
 * step passed without a frame, or a negative code. */
static int wait_frame(capture *c)
{
    daorec_recorder *rec = c->rec;
    if (rec->have_slot) {
        int rc = rec->in_order ? dao_stream_wait_next(rec->stream, rec->slot, WAIT_STEP_NS)
                               : dao_stream_wait(rec->stream, rec->slot, WAIT_STEP_NS);
        if (rc == -ETIMEDOUT)
            return 1;
        return rc;
    }
    for (int64_t waited = 0; waited < WAIT_STEP_NS; waited += POLL_STEP_NS) {
        if (dao_stream_counter(rec->stream) != c->last_seen)
            return 0;
        struct timespec step = {0, POLL_STEP_NS};
        nanosleep(&step, NULL);
    }
    return 1;
}

/* A writer that re-creates the stream renames a new file over the path;
 * older ones truncate it in place, and touching the lost pages would kill
 * us with SIGBUS. Either way this recording of the stream is over. */
static int check_path(capture *c, bool now)
{
    int64_t t = daorec__now_ns(CLOCK_MONOTONIC);
    if (!now && t < c->next_check_ns)
        return 0;
    c->next_check_ns = t + CHECK_PATH_NS;
    int rc = dao_stream_check_path(c->rec->stream);
    return rc < 0 ? fail(c, rc, "recording ended") : 0;
}

/* The frame copied into `slot` is kept: FITS byte order, its table row
 * (dropped: how many of the frames missing before it the ring cost),
 * published to the disk thread. */
static void keep(capture *c, void *slot, const dao_frame_info *got, uint64_t dropped)
{
    daorec_recorder *rec = c->rec;
    /* FITS byte order now, while the frame is still in this core's cache:
     * a second pass over it later, cold, would cost the disk thread about
     * as much as writing it (bench-record). */
    daorec__to_fits_order(slot, rec->ring.frame_size, dao_stream_type(rec->stream));
    daorec_frame_info info = {
        .counter = got->counter,
        .write_time_ns = got->write_time_ns,
        .capture_time_ns = daorec__now_ns(CLOCK_REALTIME),
        .lost = got->counter - c->last_kept - 1,
        .dropped = dropped,
    };
    daorec__ring_publish(&rec->ring, &info);
    c->last_seen = c->last_kept = got->counter;
    c->dropped_now = 0;
    c->waited_for_ring = false;
    atomic_store(&rec->unkept, 0);
    uint64_t frames = atomic_fetch_add(&rec->frames, 1) + 1;
    if (rec->options.max_frames && frames >= rec->options.max_frames)
        end(c, DAOREC_FRAMES_DONE);
}

/* A frame read in order: libdao counted the frames overwritten before it,
 * dropped if the thread was waiting for room in the ring meanwhile. */
static void keep_in_order(capture *c, void *slot, const dao_frame_info *got)
{
    uint64_t dropped = c->waited_for_ring ? got->lost : 0;
    atomic_fetch_add(&c->rec->missed, got->lost - dropped);
    atomic_fetch_add(&c->rec->dropped, dropped);
    keep(c, slot, got, dropped);
}

/* FIFO stream: the frame after the tail, waiting for room in the ring if
 * need be (the stream holds the frames meanwhile). */
static int take_in_order(capture *c)
{
    daorec_recorder *rec = c->rec;
    void *slot = daorec__ring_reserve(&rec->ring);
    if (!slot) {
        c->waited_for_ring = true;
        atomic_store(&rec->unkept, dao_stream_counter(rec->stream) - c->last_kept);
        daorec__ring_wait_space(&rec->ring, RING_WAIT_NS);
        return 0;
    }
    dao_frame_info got;
    int rc = dao_stream_read_next(rec->stream, slot, rec->ring.frame_size, READ_TIMEOUT_NS, &got);
    if (rc == -EAGAIN)
        return 0;
    if (rc == DAO_E_TORN) { /* the tail did not move: taken again */
        atomic_fetch_add(&rec->torn, 1);
        return 0;
    }
    if (rc < 0)
        return fail(c, rc, "cannot read");
    keep_in_order(c, slot, &got);
    return 0;
}

/* At a stop, in order: take what the FIFO still holds of the frames
 * published up to now, so that the recording ends at the stop and not a
 * wait step before it. What cannot be taken is the tail. */
static void drain_in_order(capture *c)
{
    daorec_recorder *rec = c->rec;
    uint64_t end_counter = dao_stream_counter(rec->stream);
    int64_t deadline = daorec__now_ns(CLOCK_MONOTONIC) + DRAIN_NS;
    bool ring_full = false;
    while (c->last_kept < end_counter && atomic_load(&rec->capture_state) == DAOREC_STOPPED) {
        void *slot = daorec__ring_reserve(&rec->ring);
        if (!slot) {
            int64_t left = deadline - daorec__now_ns(CLOCK_MONOTONIC);
            c->waited_for_ring = true;
            if (left <= 0 || !daorec__ring_wait_space(&rec->ring, left)) {
                ring_full = true;
                break;
            }
            continue;
        }
        dao_frame_info got;
        int rc = dao_stream_read_next(rec->stream, slot, rec->ring.frame_size, READ_TIMEOUT_NS, &got);
        if (rc < 0 || got.counter > end_counter)
            break; /* lapped past the stop: that frame is not the recording's */
        keep_in_order(c, slot, &got);
    }
    if (c->last_kept < end_counter)
        atomic_fetch_add(ring_full ? &rec->dropped : &rec->missed, end_counter - c->last_kept);
    c->last_seen = end_counter > c->last_kept ? end_counter : c->last_kept;
    atomic_store(&rec->unkept, c->last_seen - c->last_kept);
}

/* Depth 1: look at the newest frame; keep it if the ring has room, else
 * count it. */
static int take_newest(capture *c)
{
    daorec_recorder *rec = c->rec;
    uint64_t counter = dao_stream_counter(rec->stream);
    if (counter == c->last_seen)
        return 0; /* a post for a frame already taken */
    if (counter < c->last_seen) {
        /* The counter went back: a new stream, or a writer that reset it.
         * Either way the frames no longer follow on from the recorded ones. */
        if (check_path(c, true) < 0)
            return -1;
        return fail(c, DAO_E_REPLACED, "the frame counter went back");
    }
    void *slot = daorec__ring_reserve(&rec->ring);
    if (!slot) {
        atomic_fetch_add(&rec->missed, counter - c->last_seen - 1);
        atomic_fetch_add(&rec->dropped, 1);
        c->dropped_now++;
        c->last_seen = counter;
        atomic_store(&rec->unkept, c->last_seen - c->last_kept);
        return 0;
    }
    dao_frame_info got;
    int rc = dao_stream_read(rec->stream, slot, rec->ring.frame_size, READ_TIMEOUT_NS, &got);
    if (rc == DAO_E_TORN) {
        /* Counted as missed when the next frame shows the gap. */
        atomic_fetch_add(&rec->torn, 1);
        return 0;
    }
    if (rc < 0)
        return fail(c, rc, "cannot read");
    if (got.counter <= c->last_kept)
        return 0;
    /* Frames after last_seen and before this one were never looked at. */
    if (got.counter > c->last_seen)
        atomic_fetch_add(&rec->missed, got.counter - c->last_seen - 1);
    keep(c, slot, &got, c->dropped_now);
    return 0;
}

void *daorec__capture_main(void *arg)
{
    capture c = {.rec = arg};
    daorec_recorder *rec = c.rec;
    /* What was published before the recorder started is neither recorded
     * nor lost. */
    c.last_seen = c.last_kept = rec->start_counter;

    while (atomic_load(&rec->capture_state) == DAOREC_RUNNING) {
        if (atomic_load(&rec->stop)) {
            end(&c, DAOREC_STOPPED);
            break;
        }
        int rc = wait_frame(&c);
        if (rc < 0) {
            fail(&c, rc, "cannot wait");
            break;
        }
        if (check_path(&c, rc == 1) < 0)
            break;
        if (rc == 0 && (rec->in_order ? take_in_order(&c) : take_newest(&c)) < 0)
            break;
    }
    if (rec->in_order && atomic_load(&rec->capture_state) == DAOREC_STOPPED) {
        drain_in_order(&c);
    } else if (atomic_load(&rec->capture_state) == DAOREC_STOPPED) {
        /* Frames published since the last look belong to the recording too,
         * and were not kept: the tail. (After max_frames the recording is
         * over at its last frame; after a failure the stream is gone.) */
        uint64_t counter = dao_stream_counter(rec->stream);
        if (counter > c.last_seen) {
            atomic_fetch_add(&rec->missed, counter - c.last_seen);
            c.last_seen = counter;
        }
        atomic_store(&rec->unkept, c.last_seen - c.last_kept);
    }
    daorec__ring_close(&rec->ring);
    return NULL;
}
