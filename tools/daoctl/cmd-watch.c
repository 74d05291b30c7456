/* cmd-watch.c — `daoctl watch`: a live line per interval about one stream.
 *
 * Besides counter, rate and age, watch takes consistent copies of new frames
 * itself (a few per second) and reports how many raced a write — retried
 * copies and copies given up as torn — which is the first thing to look at
 * when a reader complains of garbled frames.
 */
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "daoctl.h"
#include "daocommon-json.h"
#include "daocommon-rate.h"
#include "daocommon-shape.h"
#include "milk.h"
#include "signals.h"

static const char help[] =
    "Usage: daoctl watch [OPTION…] PATH\n"
    "\n"
    "Print a line per interval about the stream at PATH until Ctrl-C (then exit\n"
    "0): time, frame counter, rate over the interval, age of the last frame,\n"
    "writer state, and the copies watch itself took of new frames (up to 20 a\n"
    "second): how many, how many had to be retried because a write raced them,\n"
    "and how many were given up as torn; a milk / ImageStreamIO stream's line\n"
    "ends in \"(milk)\".\n"
    "\n"
    "When the path is replaced by a new stream (re-created, maybe with another\n"
    "shape, by renaming a new file over it as libdao does, or by truncating and\n"
    "rewriting the file in place as older writers do) watch says so, with the\n"
    "new stream's shape and type, and follows it; when the path disappears, or\n"
    "the file is left for 2 s in a state that is not a stream (too short, no\n"
    "valid header), it says so and exits 1.\n"
    "\n"
    "Options:\n"
    "  -i, --interval SECONDS  time between lines (default 1)\n"
    "  -c, --count N           stop after N lines (exit 0)\n"
    "  -j, --json              one JSON object a line instead of text:\n"
    "                          {\"time_ns\", \"format\": \"dao\"|\"milk\", \"counter\",\n"
    "                           \"rate_hz\", \"age_s\", \"writer\",\n"
    "                           \"reads\", \"retries\", \"torn\"}, or\n"
    "                          {\"event\": \"replaced\", \"path\", \"how\": \"renamed\"|\n"
    "                          \"in_place\", \"shape\": […], \"type\"} when the stream\n"
    "                          changes\n"
    "  -h, --help              show this help\n"
    "\n"
    "Exit status: 0 after Ctrl-C or --count lines, 1 when the stream cannot be\n"
    "opened or disappears, 2 on a usage error.\n";

enum { MAX_READS_PER_SECOND = 20 };

typedef struct watch_options {
    double interval;
    uint64_t count; /* 0: until Ctrl-C */
    bool json;
} watch_options;

typedef struct watcher {
    const char *path;
    dao_stream *s;
    void *frame;
    uint64_t last_read_counter;
    unsigned reads, retries, torn;
} watcher;

/* How long a re-created stream may stay unreadable: a writer that
 * re-creates in place truncates the file and writes the new header after,
 * so for a moment the path holds no valid stream. */
enum { REOPEN_ATTEMPTS = 40, REOPEN_PAUSE_MS = 50 };

static int watcher_open(watcher *w, bool again)
{
    dao_stream_close(w->s);
    w->s = NULL;
    free(w->frame);
    w->frame = NULL;
    int rc;
    for (int attempt = 0;; attempt++) {
        rc = dao_stream_open(&w->s, w->path, DAO_OPEN_READ_ONLY);
        if (rc == 0 || !again || !dao_error_is_protocol(rc) || attempt + 1 == REOPEN_ATTEMPTS ||
            daoctl_stop_requested())
            break;
        daoctl_sleep_seconds(REOPEN_PAUSE_MS / 1000.0);
    }
    if (rc < 0)
        return rc;
    w->frame = malloc(dao_stream_frame_size(w->s));
    if (!w->frame)
        return -ENOMEM;
    w->last_read_counter = dao_stream_counter(w->s);
    return 0;
}

/* Copies the newest frame if it is new since the last copy. */
static void watcher_sample(watcher *w)
{
    if (dao_stream_counter(w->s) == w->last_read_counter)
        return;
    dao_frame_info info;
    int rc = dao_stream_read(w->s, w->frame, dao_stream_frame_size(w->s), 100 * 1000000LL, &info);
    w->reads++;
    if (rc == 0) {
        w->retries += info.retries;
        w->last_read_counter = info.counter;
    } else if (rc == DAO_E_TORN) {
        w->torn++;
    }
}

static void print_line(const watcher *w, const watch_options *o, uint64_t counter, double rate)
{
    int64_t now = daoctl_now_realtime_ns();
    double age = daoctl_stream_age(w->s, now);
    const char *writer = daoctl_writer_state_name(dao_stream_writer_state(w->s));
    if (o->json) {
        daocommon_json j;
        daocommon_json_init(&j, stdout, false);
        daocommon_json_begin_object(&j);
        daocommon_json_kv_int(&j, "time_ns", now);
        daocommon_json_kv_string(&j, "format", daoctl_format_name(w->s));
        daocommon_json_kv_uint(&j, "counter", counter);
        daocommon_json_kv_double(&j, "rate_hz", rate);
        daocommon_json_key(&j, "age_s");
        if (age < 0)
            daocommon_json_null(&j);
        else
            daocommon_json_double(&j, age);
        daocommon_json_kv_string(&j, "writer", writer);
        daocommon_json_kv_uint(&j, "reads", w->reads);
        daocommon_json_kv_uint(&j, "retries", w->retries);
        daocommon_json_kv_uint(&j, "torn", w->torn);
        daocommon_json_end_object(&j);
        daocommon_json_finish(&j);
        return;
    }
    char when[32], age_text[16];
    time_t secs = (time_t)(now / 1000000000);
    struct tm tm;
    localtime_r(&secs, &tm);
    strftime(when, sizeof(when), "%H:%M:%S", &tm);
    daoctl_format_age(age_text, sizeof(age_text), age);
    printf("%s  counter %llu  rate %.1f Hz  age %s  writer %s  reads %u  retried %u  torn %u%s\n", when,
           (unsigned long long)counter, rate, age_text, writer, w->reads, w->retries, w->torn,
           dao_stream_format(w->s) == DAO_FORMAT_MILK ? "  (milk)" : "");
    fflush(stdout);
}

/* in_place: the same file was truncated or rewritten (older writers),
 * rather than a new file renamed over the path (libdao). Said once the new
 * stream is open (w->s), or without a shape when it could not be. */
static void print_replaced(const watcher *w, const watch_options *o, bool in_place)
{
    char shape[DAOCOMMON_SHAPE_TEXT_MAX] = "";
    if (w->s)
        daocommon_shape_format(shape, sizeof(shape), dao_stream_naxis(w->s), dao_stream_shape(w->s),
                               DAOCOMMON_SHAPE_COMPACT);
    if (o->json) {
        daocommon_json j;
        daocommon_json_init(&j, stdout, false);
        daocommon_json_begin_object(&j);
        daocommon_json_kv_string(&j, "event", "replaced");
        daocommon_json_kv_string(&j, "path", w->path);
        daocommon_json_kv_string(&j, "how", in_place ? "in_place" : "renamed");
        if (w->s) {
            daocommon_json_key(&j, "shape");
            daocommon_json_shape(&j, dao_stream_naxis(w->s), dao_stream_shape(w->s));
            daocommon_json_kv_string(&j, "type", dao_type_name(dao_stream_type(w->s)));
        }
        daocommon_json_end_object(&j);
        daocommon_json_finish(&j);
    } else if (w->s) {
        printf("%s was %s; following the new stream: %s %s\n", w->path,
               in_place ? "re-created in place" : "replaced by a new stream", shape,
               dao_type_name(dao_stream_type(w->s)));
    } else {
        printf("%s was %s\n", w->path, in_place ? "re-created in place" : "replaced by a new stream");
    }
    fflush(stdout);
}

static int watch(watcher *w, const watch_options *o)
{
    const double read_period = 1.0 / MAX_READS_PER_SECOND;
    const int64_t interval_ns = (int64_t)(o->interval * 1e9);
    /* The rate is measured from (tick_start, counter_before); lines keep
     * coming about every interval whatever happens in it, even beside a
     * writer that re-creates its stream more often than that. */
    uint64_t counter_before = dao_stream_counter(w->s);
    int64_t tick_start = daoctl_now_monotonic_ns();
    int64_t deadline = tick_start + interval_ns;
    for (uint64_t lines = 0; o->count == 0 || lines < o->count;) {
        int rc = 0;
        while (!daoctl_stop_requested()) {
            /* Before every look into the mapping: an older writer that
             * re-creates the stream by truncating the file in place would
             * make the next access raise SIGBUS. */
            if ((rc = dao_stream_check_path(w->s)) != 0)
                break;
            watcher_sample(w);
            double left = (double)(deadline - daoctl_now_monotonic_ns()) / 1e9;
            if (left <= 0)
                break;
            daoctl_sleep_seconds(left < read_period ? left : read_period);
        }
        if (daoctl_stop_requested())
            return DAOCTL_OK;

        if (rc == 0)
            rc = dao_stream_check_path(w->s);
        if (rc == DAO_E_REPLACED || rc == DAO_E_TRUNCATED_DATA || rc == DAO_E_RECREATED) {
            bool in_place = rc != DAO_E_REPLACED;
            rc = watcher_open(w, true);
            if (daoctl_stop_requested())
                return DAOCTL_OK;
            print_replaced(w, o, in_place);
            if (rc == -ENOENT)
                return daoctl_fail_msg(w->path, "the stream is gone: %s", dao_strerror(rc));
            if (rc < 0)
                return daoctl_fail(w->path, rc);
            /* The new stream's rate is measured from now; if this interval's
             * line is overdue, it comes after half an interval of it. */
            counter_before = dao_stream_counter(w->s);
            tick_start = daoctl_now_monotonic_ns();
            if (deadline < tick_start + interval_ns / 2)
                deadline = tick_start + interval_ns / 2;
            continue;
        }
        if (rc == -ENOENT)
            return daoctl_fail_msg(w->path, "the stream is gone: %s", dao_strerror(rc));
        if (rc < 0)
            return daoctl_fail(w->path, rc);

        int64_t now = daoctl_now_monotonic_ns();
        uint64_t counter = dao_stream_counter(w->s);
        /* The counter cannot go back here (a re-created stream was reopened
         * above), so "no rate" only means no time passed: show 0. */
        double rate = daocommon_rate_between(counter_before, tick_start, counter, now);
        if (rate < 0)
            rate = 0;
        print_line(w, o, counter, rate);
        lines++;
        counter_before = counter;
        tick_start = now;
        deadline = now + interval_ns;
    }
    return DAOCTL_OK;
}

static int run(int argc, char **argv)
{
    static const struct option options[] = {
        {"interval", required_argument, NULL, 'i'},
        {"count", required_argument, NULL, 'c'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    watch_options o = {.interval = 1};
    int c;
    while ((c = getopt_long(argc, argv, ":i:c:jh", options, NULL)) != -1) {
        switch (c) {
        case 'i':
            if (!daoctl_parse_seconds(optarg, &o.interval) || o.interval < 0.01)
                return daoctl_usage("watch", "--interval needs at least 0.01 seconds, not '%s'", optarg);
            break;
        case 'c':
            if (!daoctl_parse_uint(optarg, 1, UINT64_MAX, &o.count))
                return daoctl_usage("watch", "--count needs a positive number, not '%s'", optarg);
            break;
        case 'j':
            o.json = true;
            break;
        case 'h':
            return daoctl_print_help(&daoctl_cmd_watch);
        default:
            return daoctl_bad_option("watch", argv, c);
        }
    }
    if (argc - optind != 1)
        return daoctl_usage("watch", "expected one PATH");

    watcher w = {.path = argv[optind]};
    int rc = watcher_open(&w, false);
    int status = rc < 0 ? daoctl_fail(w.path, rc) : DAOCTL_OK;
    if (status == DAOCTL_OK) {
        daoctl_catch_stop_signals();
        status = watch(&w, &o);
    }
    dao_stream_close(w.s);
    free(w.frame);
    return status;
}

const daoctl_command daoctl_cmd_watch = {
    .name = "watch",
    .summary = "a live line per second: counter, rate, age, torn reads",
    .help = help,
    .run = run,
};
