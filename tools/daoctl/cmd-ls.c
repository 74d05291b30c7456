/* cmd-ls.c — `daoctl ls`: every stream in some directories, at a glance.
 *
 * The rate is measured, not stored anywhere: every stream's counter is
 * sampled, daoctl sleeps once for the whole listing, and samples again, so
 * listing fifty streams costs one interval, not fifty.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "daoctl.h"
#include "daocommon-json.h"
#include "daocommon-rate.h"
#include "daocommon-shape.h"
#include "milk.h"
#include "scan.h"

static const char help[] =
    "Usage: daoctl ls [OPTION…] [DIR…]\n"
    "\n"
    "List the streams (files named *.im.shm, not recursively) in each DIR, or\n"
    "when no DIR is given in /tmp and in milk's directory ($MILK_SHM_DIR, else\n"
    "/milk/shm, where they exist). DAO streams and milk / ImageStreamIO streams\n"
    "are both listed, milk rows marked 'milk' at the end. For each: path, shape\n"
    "(C order, numpy's, for both formats: 512x512 is ny x nx), element type,\n"
    "frame counter, frame rate measured over a short window, age of the last\n"
    "frame (of the creation if none was written),\n"
    "whether a libdao writer is alive, gone or unknown (a non-libdao writer\n"
    "cannot be seen), and how many reader slots are claimed out of the stream's\n"
    "semaphore count.\n"
    "\n"
    "Files named *.im.shm that are not valid streams are listed with the reason.\n"
    "Streams in different directories with the same stem (the file name up to its\n"
    "first '.') share their semaphores: /a/cam.im.shm and /b/cam.im.shm both post\n"
    "/cam_sem00 … Such streams are marked 'shared' in the SEM column and named in\n"
    "a warning below the table.\n"
    "\n"
    "Options:\n"
    "  -i, --interval SECONDS  window over which the rate is measured\n"
    "                          (default 0.2; 0 skips the measurement)\n"
    "  -j, --json              print a JSON document instead of a table:\n"
    "                          {\"directories\": […], \"interval_s\": …,\n"
    "                           \"streams\": [{\"path\", \"valid\": true, \"format\":\n"
    "                             \"dao\"|\"milk\", \"stem\", \"shape\",\n"
    "                             \"type\", \"counter\", \"rate_hz\", \"age_s\", \"writer\",\n"
    "                             \"readers\", \"semaphores\", \"fifo_depth\",\n"
    "                             \"shares_semaphores_with\": […], and for milk\n"
    "                             \"milk_version\", \"layout\", \"CBsize\", \"location\"}\n"
    "                            or {\"path\", \"valid\": false, \"error\", \"error_code\"}],\n"
    "                           \"collisions\": [{\"stem\", \"paths\": […]}]}\n"
    "                          rate_hz is null without a window, age_s null for a\n"
    "                          stream never stamped.\n"
    "  -h, --help              show this help\n"
    "\n"
    "Exit status: 0 when every directory could be read (invalid files do not count\n"
    "as a failure), 1 otherwise, 2 on a usage error.\n";

typedef struct ls_row {
    const scan_entry *entry;
    dao_stream *stream; /* NULL when the file is not a valid stream */
    int error;
    uint64_t counter_before, counter_after;
    double age;
    int writer;
    unsigned readers;
    size_t *sharers; /* rows of other files with the same stem */
    size_t n_sharers;
} ls_row;

typedef struct ls_options {
    double interval;
    bool json;
} ls_options;

static void find_sharers(ls_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!rows[i].stream)
            continue;
        rows[i].sharers = calloc(n, sizeof(size_t));
        for (size_t k = 0; k < n && rows[i].sharers; k++) {
            if (k != i && rows[k].stream && strcmp(rows[i].entry->stem, rows[k].entry->stem) == 0 &&
                scan_is_other_file(rows[i].entry, rows[k].entry))
                rows[i].sharers[rows[i].n_sharers++] = k;
        }
    }
}

/* Frames per second over the listing's window, or -1 without one. */
static double rate_of(const ls_row *row, double window)
{
    if (window <= 0)
        return -1;
    return daocommon_rate_between(row->counter_before, 0, row->counter_after, (int64_t)(window * 1e9));
}

/* The first row of each group of streams sharing a stem stands for it. */
static bool is_first_of_group(const ls_row *rows, size_t i)
{
    for (size_t k = 0; k < rows[i].n_sharers; k++) {
        if (rows[i].sharers[k] < i)
            return false;
    }
    return rows[i].n_sharers > 0;
}

static void print_json(const ls_row *rows, size_t n, char **dirs, int ndirs, double window)
{
    daocommon_json j;
    daocommon_json_init(&j, stdout, true);
    daocommon_json_begin_object(&j);
    daocommon_json_key(&j, "directories");
    daocommon_json_begin_array(&j);
    for (int i = 0; i < ndirs; i++)
        daocommon_json_string(&j, dirs[i]);
    daocommon_json_end_array(&j);
    daocommon_json_kv_double(&j, "interval_s", window);
    daocommon_json_key(&j, "streams");
    daocommon_json_begin_array(&j);
    for (size_t i = 0; i < n; i++) {
        const ls_row *r = &rows[i];
        daocommon_json_begin_object(&j);
        daocommon_json_kv_string(&j, "path", r->entry->path);
        daocommon_json_kv_bool(&j, "valid", r->stream != NULL);
        if (!r->stream) {
            daocommon_json_kv_string(&j, "error", dao_strerror(r->error));
            daocommon_json_kv_string(&j, "error_code", dao_err_name(r->error));
            daocommon_json_end_object(&j);
            continue;
        }
        daocommon_json_kv_string(&j, "format", daoctl_format_name(r->stream));
        daocommon_json_kv_string(&j, "stem", r->entry->stem);
        daocommon_json_key(&j, "shape");
        daocommon_json_shape(&j, dao_stream_naxis(r->stream), dao_stream_shape(r->stream));
        daocommon_json_kv_string(&j, "type", dao_type_name(dao_stream_type(r->stream)));
        daocommon_json_kv_uint(&j, "counter", r->counter_after);
        double rate = rate_of(r, window);
        daocommon_json_key(&j, "rate_hz");
        if (rate < 0)
            daocommon_json_null(&j);
        else
            daocommon_json_double(&j, rate);
        daocommon_json_key(&j, "age_s");
        if (r->age < 0)
            daocommon_json_null(&j);
        else
            daocommon_json_double(&j, r->age);
        daocommon_json_kv_string(&j, "writer", daoctl_writer_state_name(r->writer));
        daocommon_json_kv_uint(&j, "readers", r->readers);
        daocommon_json_kv_uint(&j, "semaphores", dao_stream_semaphore_count(r->stream));
        daocommon_json_kv_uint(&j, "fifo_depth", dao_stream_fifo_depth(r->stream));
        daocommon_json_key(&j, "shares_semaphores_with");
        daocommon_json_begin_array(&j);
        for (size_t k = 0; k < r->n_sharers; k++)
            daocommon_json_string(&j, rows[r->sharers[k]].entry->path);
        daocommon_json_end_array(&j);
        daoctl_milk_ls_json(&j, r->stream);
        daocommon_json_end_object(&j);
    }
    daocommon_json_end_array(&j);
    daocommon_json_key(&j, "collisions");
    daocommon_json_begin_array(&j);
    for (size_t i = 0; i < n; i++) {
        if (!is_first_of_group(rows, i))
            continue;
        daocommon_json_begin_object(&j);
        daocommon_json_kv_string(&j, "stem", rows[i].entry->stem);
        daocommon_json_key(&j, "paths");
        daocommon_json_begin_array(&j);
        daocommon_json_string(&j, rows[i].entry->path);
        for (size_t k = 0; k < rows[i].n_sharers; k++)
            daocommon_json_string(&j, rows[rows[i].sharers[k]].entry->path);
        daocommon_json_end_array(&j);
        daocommon_json_end_object(&j);
    }
    daocommon_json_end_array(&j);
    daocommon_json_end_object(&j);
    daocommon_json_finish(&j);
}

static void print_table(const ls_row *rows, size_t n, double window)
{
    int width = 4;
    for (size_t i = 0; i < n; i++) {
        int len = (int)strlen(rows[i].entry->path);
        if (len > width)
            width = len;
    }
    printf("%-*s  %-11s %-10s %10s %9s %7s %-7s %7s %s\n", width, "PATH", "SHAPE", "TYPE", "COUNTER",
           "RATE(Hz)", "AGE", "WRITER", "READERS", "SEM");
    for (size_t i = 0; i < n; i++) {
        const ls_row *r = &rows[i];
        if (!r->stream) {
            printf("%-*s  invalid: %s\n", width, r->entry->path, dao_strerror(r->error));
            continue;
        }
        char shape[DAOCOMMON_SHAPE_TEXT_MAX], age[16], rate[24], readers[16];
        daocommon_shape_format(shape, sizeof(shape), dao_stream_naxis(r->stream), dao_stream_shape(r->stream),
                               DAOCOMMON_SHAPE_COMPACT);
        daoctl_format_age(age, sizeof(age), r->age);
        double hz = rate_of(r, window);
        if (hz < 0)
            snprintf(rate, sizeof(rate), "-");
        else
            snprintf(rate, sizeof(rate), "%.1f", hz);
        snprintf(readers, sizeof(readers), "%u/%u", r->readers, dao_stream_semaphore_count(r->stream));
        printf("%-*s  %-11s %-10s %10llu %9s %7s %-7s %7s %s%s\n", width, r->entry->path, shape,
               dao_type_name(dao_stream_type(r->stream)), (unsigned long long)r->counter_after, rate, age,
               daoctl_writer_state_name(r->writer), readers, r->n_sharers ? "shared" : "-",
               dao_stream_format(r->stream) == DAO_FORMAT_MILK ? "  milk" : "");
    }
    for (size_t i = 0; i < n; i++) {
        if (!is_first_of_group(rows, i))
            continue;
        printf("warning: semaphores /%s_sem* are shared by %s", rows[i].entry->stem, rows[i].entry->path);
        for (size_t k = 0; k < rows[i].n_sharers; k++)
            printf(" and %s", rows[rows[i].sharers[k]].entry->path);
        printf(" (same stem '%s')\n", rows[i].entry->stem);
    }
}

static void sample_counters(ls_row *rows, size_t n, bool after)
{
    for (size_t i = 0; i < n; i++) {
        if (!rows[i].stream)
            continue;
        uint64_t c = dao_stream_counter(rows[i].stream);
        if (after)
            rows[i].counter_after = c;
        else
            rows[i].counter_before = c;
    }
}

static int list_streams(const scan_list *list, char **dirs, int ndirs, const ls_options *o)
{
    size_t n = list->count;
    ls_row *rows = calloc(n ? n : 1, sizeof(*rows));
    if (!rows)
        return daoctl_fail("ls", -ENOMEM);
    size_t valid = 0, kept = 0;
    for (size_t i = 0; i < n; i++) {
        ls_row *r = &rows[kept];
        r->entry = &list->items[i];
        r->error = dao_stream_open(&r->stream, list->items[i].path, DAO_OPEN_READ_ONLY);
        /* Removed since the directory was read: not there, not invalid. */
        if (r->error == -ENOENT)
            continue;
        valid += r->stream != NULL;
        kept++;
    }
    n = kept;

    sample_counters(rows, n, false);
    int64_t t0 = daoctl_now_monotonic_ns();
    if (valid && o->interval > 0)
        daoctl_sleep_seconds(o->interval);
    sample_counters(rows, n, true);
    double window = o->interval > 0 ? (double)(daoctl_now_monotonic_ns() - t0) / 1e9 : 0;

    int64_t now = daoctl_now_realtime_ns();
    for (size_t i = 0; i < n; i++) {
        if (!rows[i].stream)
            continue;
        rows[i].age = daoctl_stream_age(rows[i].stream, now);
        rows[i].writer = dao_stream_writer_state(rows[i].stream);
        rows[i].readers = daoctl_claimed_slots(rows[i].stream);
    }
    find_sharers(rows, n);

    if (o->json)
        print_json(rows, n, dirs, ndirs, window);
    else
        print_table(rows, n, window);

    for (size_t i = 0; i < n; i++) {
        dao_stream_close(rows[i].stream);
        free(rows[i].sharers);
    }
    free(rows);
    return DAOCTL_OK;
}

static int run(int argc, char **argv)
{
    static const struct option options[] = {
        {"interval", required_argument, NULL, 'i'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    ls_options o = {.interval = 0.2};
    int c;
    while ((c = getopt_long(argc, argv, ":i:jh", options, NULL)) != -1) {
        switch (c) {
        case 'i':
            if (!daoctl_parse_seconds(optarg, &o.interval))
                return daoctl_usage("ls", "--interval needs a number of seconds, not '%s'", optarg);
            break;
        case 'j':
            o.json = true;
            break;
        case 'h':
            return daoctl_print_help(&daoctl_cmd_ls);
        default:
            return daoctl_bad_option("ls", argv, c);
        }
    }
    /* /tmp, and milk's directory where there is one. */
    char *default_dirs[] = {"/tmp", (char *)daoctl_milk_shm_dir()};
    char **dirs = optind < argc ? argv + optind : default_dirs;
    int ndirs = optind < argc ? argc - optind : default_dirs[1] ? 2 : 1;

    int status = DAOCTL_OK;
    scan_list list = {0};
    for (int i = 0; i < ndirs; i++) {
        int rc = scan_dir(&list, dirs[i]);
        if (rc < 0)
            status = daoctl_fail(dirs[i], rc);
    }
    scan_sort_unique(&list);
    int rc = list_streams(&list, dirs, ndirs, &o);
    scan_free(&list);
    return rc != DAOCTL_OK ? rc : status;
}

const daoctl_command daoctl_cmd_ls = {
    .name = "ls",
    .summary = "list streams: shape, type, counter, rate, age, writer, readers",
    .help = help,
    .run = run,
};
