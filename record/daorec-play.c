/* daorec-play.c — a recording written back into a stream, on time.
 *
 * Each frame has a due time on the monotonic clock: start + k / rate, or
 * start + (its WRITE_NS - the first frame's) for the recorded intervals,
 * gaps of lost frames included. The frame is read from the file before its
 * due time, the thread sleeps until spin_ns before it and spins the rest
 * (a sleep alone wakes tens of microseconds late, more on a loaded
 * machine), then writes it. A frame that comes due while the player is
 * still behind is written at once; behind by more than a second (a stalled
 * disk), the schedule moves on rather than burst to catch up. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "daorec-private.h"

#define LATE_NS 1000000           /* "late" in the stats */
#define RESYNC_NS 1000000000      /* behind by this much: move the schedule on */
#define SLEEP_STEP_NS 100000000   /* long waits are cut so stop requests are seen */

int daorec_reader_create_stream(const daorec_reader *r, const char *path, dao_stream **out,
                                daorec_error *err)
{
    *out = NULL;
    daorec_stream_layout layout;
    daorec_reader_stream_layout(r, &layout);
    unsigned n_kw;
    const dao_keyword *kw = daorec_reader_keywords(r, &n_kw);
    dao_create_options o = DAO_CREATE_OPTIONS_INIT;
    o.semaphores = layout.semaphores;
    o.keywords = layout.keyword_capacity > n_kw ? layout.keyword_capacity : n_kw;
    o.fifo_depth = layout.fifo_depth;
    dao_stream *s;
    int rc = dao_stream_create(&s, path, daorec_reader_type(r), daorec_reader_naxis(r),
                               daorec_reader_shape(r), &o);
    if (rc < 0)
        return daorec__fail(err, rc, "%s: cannot create the stream: %s.", path, dao_strerror(rc));
    for (unsigned i = 0; i < n_kw && rc == 0; i++) {
        const dao_keyword *k = &kw[i];
        const char *comment = k->comment[0] ? k->comment : NULL;
        if (k->type == DAO_KEYWORD_INT)
            rc = dao_stream_keyword_set_int(s, k->name, k->value.i, comment);
        else if (k->type == DAO_KEYWORD_DOUBLE)
            rc = dao_stream_keyword_set_double(s, k->name, k->value.d, comment);
        else if (k->type == DAO_KEYWORD_STRING)
            rc = dao_stream_keyword_set_string(s, k->name, k->value.s, comment);
        if (rc < 0) {
            dao_stream_close(s);
            return daorec__fail(err, rc, "%s: cannot set keyword %s: %s.", path, k->name,
                                dao_strerror(rc));
        }
    }
    *out = s;
    return 0;
}

static void sleep_until(int64_t due_ns)
{
    struct timespec t = {(time_t)(due_ns / 1000000000), (long)(due_ns % 1000000000)};
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL); /* EINTR: the caller looks again */
}

/* Wait until due_ns; false when a stop was asked for meanwhile. */
static bool wait_until(int64_t due_ns, const daorec_play_options *o)
{
    for (;;) {
        if (o->stop_requested && o->stop_requested())
            return false;
        int64_t now = daorec__now_ns(CLOCK_MONOTONIC);
        int64_t left = due_ns - now;
        if (left <= o->spin_ns)
            break;
        sleep_until(left - o->spin_ns > SLEEP_STEP_NS ? now + SLEEP_STEP_NS : due_ns - o->spin_ns);
    }
    while (daorec__now_ns(CLOCK_MONOTONIC) < due_ns)
        ;
    return true;
}

static bool reader_attached(const dao_stream *s)
{
    for (int k = 0; k < (int)dao_stream_semaphore_count(s); k++)
        if (dao_stream_slot_is_claimed(s, k) == 1)
            return true;
    return false;
}

/* false when a stop was asked for first. */
static bool wait_for_reader(const dao_stream *s, const daorec_play_options *o)
{
    while (!reader_attached(s)) {
        if (o->stop_requested && o->stop_requested())
            return false;
        sleep_until(daorec__now_ns(CLOCK_MONOTONIC) + 10000000);
    }
    return true;
}

/* Offsets of each frame from the first, ns: recorded or from the rate. */
static int schedule(const daorec_reader *r, const daorec_play_options *o, int64_t *offsets,
                    int64_t *period, daorec_error *err)
{
    uint64_t n = daorec_reader_frame_count(r);
    daorec_frame_info first, info;
    daorec_reader_frame_info(r, 0, &first);
    if (o->rate_hz > 0) {
        *period = (int64_t)(1e9 / o->rate_hz);
        for (uint64_t k = 0; k < n; k++)
            offsets[k] = (int64_t)((double)k * 1e9 / o->rate_hz);
        return 0;
    }
    int64_t previous = 0;
    for (uint64_t k = 0; k < n; k++) {
        daorec_reader_frame_info(r, k, &info);
        if (info.write_time_ns == 0)
            return daorec__fail(err, -EINVAL,
                                "The recording has no write times to replay: give a rate.");
        /* A clock stepped back while recording: keep the order, not the step. */
        offsets[k] = info.write_time_ns - first.write_time_ns;
        if (offsets[k] < previous)
            offsets[k] = previous;
        previous = offsets[k];
    }
    /* Between the last frame and the first of the next loop: the mean
     * interval. */
    *period = n > 1 ? offsets[n - 1] / (int64_t)(n - 1) : 1000000;
    return 0;
}

int daorec_play(daorec_reader *r, dao_stream *s, const daorec_play_options *options,
                daorec_play_stats *stats, daorec_error *err)
{
    daorec_play_options o = options ? *options : (daorec_play_options)DAOREC_PLAY_OPTIONS_INIT;
    memset(stats, 0, sizeof *stats);
    uint64_t n = daorec_reader_frame_count(r);
    size_t size = daorec_reader_frame_size(r);
    if (n == 0)
        return daorec__fail(err, -EINVAL, "The recording has no frames.");
    if (dao_stream_frame_size(s) != size || dao_stream_type(s) != daorec_reader_type(r))
        return daorec__fail(err, DAO_E_SIZE_MISMATCH,
                            "%s does not have the recording's type and shape.", dao_stream_path(s));
    int64_t *offsets = malloc(n * sizeof *offsets);
    void *frame = malloc(size);
    int rc = offsets && frame ? 0 : daorec__fail(err, -ENOMEM, "Not enough memory to replay.");
    int64_t period = 0;
    if (rc == 0)
        rc = schedule(r, &o, offsets, &period, err);

    int64_t start = 0;
    bool stopped = rc == 0 && o.wait_for_reader && !wait_for_reader(s, &o);
    while (rc == 0 && !stopped) {
        for (uint64_t k = 0; k < n; k++) {
            if ((rc = daorec_reader_read(r, k, frame, size, NULL, err)) < 0)
                break;
            if (start == 0) /* the clock starts once the first frame is in hand */
                start = daorec__now_ns(CLOCK_MONOTONIC);
            int64_t due = start + offsets[k];
            if (!wait_until(due, &o)) {
                stopped = true;
                break;
            }
            int64_t late = daorec__now_ns(CLOCK_MONOTONIC) - due;
            if ((rc = dao_stream_write(s, frame, size)) < 0) {
                daorec__fail(err, rc, "%s: cannot write: %s.", dao_stream_path(s), dao_strerror(rc));
                break;
            }
            stats->frames++;
            if (late > LATE_NS)
                stats->late++;
            if (late > stats->max_late_ns)
                stats->max_late_ns = late;
            if (late > RESYNC_NS)
                start += late;
        }
        if (rc < 0 || stopped)
            break;
        stats->loops++;
        if (!o.loop)
            break;
        start += offsets[n - 1] + period;
    }
    free(offsets);
    free(frame);
    return rc;
}
