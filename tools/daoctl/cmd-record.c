/* cmd-record.c — `daoctl record`: streams to FITS chunk files, with an
 * exact account of every frame lost. The work is record/'s (daorec.h);
 * this is the command line, the progress line and the summary. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "daoctl.h"
#include "daorec.h"
#include "daocommon-json.h"
#include "signals.h"

static const char help[] =
    "Usage: daoctl record [OPTION…] PATH… -o DIR\n"
    "\n"
    "Record the streams at PATH… into DIR, each in its own series of FITS files\n"
    "DIR/STEM-000001.fits, STEM-000002.fits … (STEM: the file name up to its first\n"
    "'.'), from the next frame each writes until --frames, --seconds or Ctrl-C.\n"
    "\n"
    "Per stream, a capture thread copies every new frame into a RAM ring and a\n"
    "disk thread writes the ring out; the stream's writer never waits for either.\n"
    "A FIFO stream (depth > 1) is read frame by frame in order; of any other only\n"
    "the newest frame exists. A frame that cannot be kept is counted, never lost\n"
    "silently: \"missed\" when the writer overwrote it before it could be copied,\n"
    "\"dropped\" when the ring was full (the disk did not keep up). Each file's table has every frame's counter, write time, capture time\n"
    "and the frames missing before it; its header has the totals.\n"
    "\n"
    "Each chunk is written under a hidden .part name and renamed once complete:\n"
    "a file named STEM-NNNNNN.fits is always whole. Ctrl-C (or SIGTERM) ends the\n"
    "recording cleanly; if daoctl is killed outright, only the chunk being\n"
    "written is lost (its .part file is left behind). DIR must not already hold\n"
    "a recording of the same stem.\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR       directory for the files (must exist). Required.\n"
    "  -n, --frames N         stop each stream after N frames\n"
    "  -s, --seconds S        stop after S seconds\n"
    "      --chunk-frames K   frames per file\n"
    "      --chunk-bytes B    frame data per file, with an optional K, M or G\n"
    "                         suffix (powers of 1024; default 1G)\n"
    "      --format FORMAT    fits (the only format; see the README for why)\n"
    "      --compress rice    also write each finished file Rice-compressed\n"
    "                         (lossless) as STEM-NNNNNN.fits.fz, by a thread of\n"
    "                         its own, and remove the uncompressed one; for 8-,\n"
    "                         16- and 32-bit integer streams\n"
    "      --ring N           frames the RAM ring holds, per stream (default: as\n"
    "                         many as fit in 256 MiB, at least 2)\n"
    "      --rt-priority N    run the capture threads SCHED_FIFO at priority N\n"
    "                         (1-99; needs root or CAP_SYS_NICE): on a loaded\n"
    "                         machine the disk waits, not the capture\n"
    "      --progress         a progress line every second on stderr (the default\n"
    "                         when stderr is a terminal); --no-progress: none\n"
    "      --json             the summary as JSON\n"
    "  -h, --help             show this help\n"
    "\n"
    "The progress line shows per stream the frames recorded, the rate, MB/s\n"
    "written, frames lost (missed + dropped) and ring use, then the free space\n"
    "in DIR. The summary (stdout) has a line per stream:\n"
    "  STEM: N frames in C files, lost L (missed M, dropped D), T s, R Hz, B MB/s\n"
    "\n"
    "Environment: DAOCTL_RECORD_TEST_DISK_DELAY_US=N makes the disk thread wait\n"
    "N microseconds before each frame, as a slow disk would (for tests).\n"
    "\n"
    "Exit status: 0 when every stream was recorded to the end, 1 when a stream\n"
    "could not be recorded or its recording failed (a replaced stream, a full\n"
    "disk: the files written until then are valid), 2 on a usage error.\n";

typedef struct recording {
    const char *path;
    daorec_recorder *recorder;
    daorec_stats last;     /* at the previous progress line */
} recording;

/* "1G", "512M", "65536" → bytes. */
static bool parse_bytes(const char *text, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (end == text || errno || text[0] == '-')
        return false;
    unsigned shift = 0;
    if (*end == 'K' || *end == 'k')
        shift = 10;
    else if (*end == 'M' || *end == 'm')
        shift = 20;
    else if (*end == 'G' || *end == 'g')
        shift = 30;
    if (shift)
        end++;
    if (*end || v == 0 || v > (UINT64_MAX >> shift))
        return false;
    *out = (uint64_t)v << shift;
    return true;
}

static double free_gb(const char *dir)
{
    struct statvfs st;
    if (statvfs(dir, &st) < 0)
        return -1;
    return (double)st.f_bavail * (double)st.f_frsize / 1e9;
}

static void print_progress(recording *recs, size_t n, const char *dir, double interval_s)
{
    fputs("\r", stderr);
    for (size_t i = 0; i < n; i++) {
        daorec_stats st;
        daorec_recorder_stats(recs[i].recorder, &st);
        double rate = (double)(st.frames - recs[i].last.frames) / interval_s;
        double mb_s = (double)(st.bytes_written - recs[i].last.bytes_written) / interval_s / 1e6;
        fprintf(stderr, "%s: %llu frames %.0f Hz %.1f MB/s lost %llu ring %u%%%s  ",
                daorec_recorder_stem(recs[i].recorder), (unsigned long long)st.frames, rate, mb_s,
                (unsigned long long)(st.missed + st.dropped),
                st.ring_frames ? 100 * st.ring_used / st.ring_frames : 0,
                st.polling ? " (polling)" : "");
        recs[i].last = st;
    }
    fprintf(stderr, "| %.1f GB free\033[K", free_gb(dir));
}

static void print_summary_line(const char *stem, const daorec_stats *st, double seconds)
{
    printf("%s: %llu frames in %u file%s, lost %llu (missed %llu, dropped %llu), %.2f s, %.1f Hz, "
           "%.1f MB/s",
           stem, (unsigned long long)st->frames_written, st->chunks, st->chunks == 1 ? "" : "s",
           (unsigned long long)(st->missed + st->dropped), (unsigned long long)st->missed,
           (unsigned long long)st->dropped, seconds, seconds > 0 ? (double)st->frames / seconds : 0,
           seconds > 0 ? (double)st->bytes_written / seconds / 1e6 : 0);
    if (st->compressed_chunks)
        printf(", %u compressed %.2f:1", st->compressed_chunks,
               (double)st->compress_input_bytes / (double)st->compressed_bytes);
    putchar('\n');
}

static void record_json_stream(daocommon_json *j, const char *path, const char *stem, const daorec_stats *st,
                               double seconds, const daorec_error *err, int rc)
{
    daocommon_json_begin_object(j);
    daocommon_json_kv_string(j, "path", path);
    daocommon_json_kv_string(j, "stem", stem);
    daocommon_json_kv_uint(j, "frames", st->frames_written);
    daocommon_json_kv_uint(j, "files", st->chunks);
    daocommon_json_kv_uint(j, "missed", st->missed);
    daocommon_json_kv_uint(j, "dropped", st->dropped);
    daocommon_json_kv_uint(j, "torn", st->torn);
    daocommon_json_kv_uint(j, "bytes", st->bytes_written);
    daocommon_json_kv_uint(j, "ring_frames", st->ring_frames);
    daocommon_json_kv_uint(j, "ring_peak", st->ring_peak);
    daocommon_json_kv_bool(j, "polling", st->polling);
    daocommon_json_kv_uint(j, "compressed_files", st->compressed_chunks);
    daocommon_json_kv_uint(j, "compress_input_bytes", st->compress_input_bytes);
    daocommon_json_kv_uint(j, "compressed_bytes", st->compressed_bytes);
    daocommon_json_kv_double(j, "seconds", seconds);
    daocommon_json_kv_string(j, "error", rc < 0 ? err->message : NULL);
    daocommon_json_end_object(j);
}

/* Distinct stems: two streams of one stem would need the same file names. */
static int check_stems(char **paths, int n)
{
    for (int i = 0; i < n; i++) {
        char a[256], b[256];
        if (dao_stream_stem(a, sizeof a, paths[i]) < 0)
            return daoctl_usage("record", "'%s' has no file name to name its files after", paths[i]);
        for (int k = 0; k < i; k++)
            if (dao_stream_stem(b, sizeof b, paths[k]) >= 0 && strcmp(a, b) == 0)
                return daoctl_usage("record",
                                    "%s and %s both have stem '%s': record them into separate "
                                    "directories",
                                    paths[k], paths[i], a);
    }
    return DAOCTL_OK;
}

static bool all_ended(recording *recs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        daorec_stats st;
        daorec_recorder_stats(recs[i].recorder, &st);
        if (st.state == DAOREC_RUNNING)
            return false;
    }
    return true;
}

static int record(char **paths, size_t n, const daorec_record_options *o, double seconds,
                  bool progress, bool json)
{
    recording *recs = calloc(n, sizeof *recs);
    if (!recs)
        return daoctl_fail("record", -ENOMEM);
    daoctl_catch_stop_signals();
    int status = DAOCTL_OK;
    size_t started = 0;
    for (; started < n; started++) {
        daorec_error err;
        recs[started].path = paths[started];
        if (daorec_recorder_start(&recs[started].recorder, paths[started], o, &err) < 0) {
            status = daoctl_fail_msg("record", "%s", err.message);
            break;
        }
    }
    /* Scripts wait for these lines before they start their writers. */
    for (size_t i = 0; status == DAOCTL_OK && i < n; i++)
        fprintf(stderr, "daoctl: recording %s into %s/%s-*.fits\n", paths[i], o->directory,
                daorec_recorder_stem(recs[i].recorder));
    int64_t start = daoctl_now_monotonic_ns();
    int64_t next_progress = start + 1000000000;
    while (status == DAOCTL_OK && !daoctl_stop_requested() && !all_ended(recs, n)) {
        int64_t now = daoctl_now_monotonic_ns();
        if (seconds > 0 && (double)(now - start) / 1e9 >= seconds)
            break;
        if (progress && now >= next_progress) {
            print_progress(recs, n, o->directory, 1.0 + (double)(now - next_progress) / 1e9);
            next_progress += 1000000000;
        }
        daoctl_sleep_seconds(0.05);
    }
    if (progress)
        fputs("\n", stderr);
    /* The last files may take a while to flush: say why nothing seems to
     * happen, so nobody kills it (and loses the file being written). */
    if (daoctl_stop_requested())
        fprintf(stderr, "daoctl: stopping: writing out the ring and finishing the files\n");
    /* Rates are over the recording, not the flushing that follows it. */
    int64_t stopped = daoctl_now_monotonic_ns();

    daocommon_json j;
    if (json) {
        daocommon_json_init(&j, stdout, true);
        daocommon_json_begin_object(&j);
        daocommon_json_kv_string(&j, "directory", o->directory);
        daocommon_json_key(&j, "streams");
        daocommon_json_begin_array(&j);
    }
    for (size_t i = 0; i < started; i++)
        daorec_recorder_stop(recs[i].recorder);
    for (size_t i = 0; i < started; i++) {
        char stem[256];
        snprintf(stem, sizeof stem, "%s", daorec_recorder_stem(recs[i].recorder));
        daorec_stats st;
        daorec_error err;
        int rc = daorec_recorder_finish(recs[i].recorder, &st, &err);
        double elapsed = (double)(stopped - start) / 1e9;
        if (json)
            record_json_stream(&j, recs[i].path, stem, &st, elapsed, &err, rc);
        else
            print_summary_line(stem, &st, elapsed);
        if (rc < 0)
            status = daoctl_fail_msg("record", "%s", err.message);
    }
    if (json) {
        daocommon_json_end_array(&j);
        daocommon_json_end_object(&j);
        daocommon_json_finish(&j);
    }
    free(recs);
    return status;
}

static int run(int argc, char **argv)
{
    enum { OPT_CHUNK_FRAMES = 256, OPT_CHUNK_BYTES, OPT_FORMAT, OPT_COMPRESS, OPT_RING, OPT_RT,
           OPT_PROGRESS, OPT_NO_PROGRESS, OPT_JSON };
    static const struct option options[] = {
        {"output", required_argument, NULL, 'o'},
        {"frames", required_argument, NULL, 'n'},
        {"seconds", required_argument, NULL, 's'},
        {"chunk-frames", required_argument, NULL, OPT_CHUNK_FRAMES},
        {"chunk-bytes", required_argument, NULL, OPT_CHUNK_BYTES},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"compress", required_argument, NULL, OPT_COMPRESS},
        {"ring", required_argument, NULL, OPT_RING},
        {"rt-priority", required_argument, NULL, OPT_RT},
        {"progress", no_argument, NULL, OPT_PROGRESS},
        {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
        {"json", no_argument, NULL, OPT_JSON},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    daorec_record_options o = DAOREC_RECORD_OPTIONS_INIT;
    double seconds = 0;
    int progress = -1;
    bool json = false;
    uint64_t v;
    int c;
    while ((c = getopt_long(argc, argv, ":o:n:s:h", options, NULL)) != -1) {
        switch (c) {
        case 'o':
            o.directory = optarg;
            break;
        case 'n':
            if (!daoctl_parse_uint(optarg, 1, UINT64_MAX, &o.max_frames))
                return daoctl_usage("record", "--frames needs a positive number, not '%s'", optarg);
            break;
        case 's':
            if (!daoctl_parse_seconds(optarg, &seconds) || seconds <= 0)
                return daoctl_usage("record", "--seconds needs a positive number, not '%s'", optarg);
            break;
        case OPT_CHUNK_FRAMES:
            if (!daoctl_parse_uint(optarg, 1, UINT64_MAX, &o.chunk_frames))
                return daoctl_usage("record", "--chunk-frames needs a positive number, not '%s'",
                                    optarg);
            break;
        case OPT_CHUNK_BYTES:
            if (!parse_bytes(optarg, &o.chunk_bytes))
                return daoctl_usage("record", "--chunk-bytes needs a size like 1G or 512M, not '%s'",
                                    optarg);
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "fits") != 0)
                return daoctl_usage("record",
                                    "--format %s is not available: recordings are FITS files "
                                    "(astropy, ds9 and funpack read them)",
                                    optarg);
            break;
        case OPT_COMPRESS:
            if (strcmp(optarg, "rice") != 0)
                return daoctl_usage("record", "--compress takes rice, not '%s'", optarg);
            o.compression = DAOREC_COMPRESS_RICE;
            break;
        case OPT_RING:
            if (!daoctl_parse_uint(optarg, DAOREC_MIN_RING_FRAMES, 1u << 24, &v))
                return daoctl_usage("record", "--ring needs a number of frames from %d, not '%s'",
                                    DAOREC_MIN_RING_FRAMES, optarg);
            o.ring_frames = (unsigned)v;
            break;
        case OPT_RT:
            if (!daoctl_parse_uint(optarg, 1, 99, &v))
                return daoctl_usage("record", "--rt-priority needs a number from 1 to 99, not '%s'",
                                    optarg);
            o.capture_priority = (int)v;
            break;
        case OPT_PROGRESS:
            progress = 1;
            break;
        case OPT_NO_PROGRESS:
            progress = 0;
            break;
        case OPT_JSON:
            json = true;
            break;
        case 'h':
            return daoctl_print_help(&daoctl_cmd_record);
        default:
            return daoctl_bad_option("record", argv, c);
        }
    }
    if (optind >= argc)
        return daoctl_usage("record", "expected at least one PATH");
    if (!o.directory)
        return daoctl_usage("record", "-o DIR is required");
    if (o.chunk_frames && o.chunk_bytes)
        return daoctl_usage("record", "give --chunk-frames or --chunk-bytes, not both");
    int rc = check_stems(argv + optind, argc - optind);
    if (rc != DAOCTL_OK)
        return rc;
    const char *delay = getenv("DAOCTL_RECORD_TEST_DISK_DELAY_US");
    if (delay && daoctl_parse_uint(delay, 0, 60000000, &v))
        o.test_disk_delay_ns = (int64_t)v * 1000;
    if (progress < 0)
        progress = isatty(STDERR_FILENO);
    return record(argv + optind, (size_t)(argc - optind), &o, seconds, progress, json);
}

const daoctl_command daoctl_cmd_record = {
    .name = "record",
    .summary = "record streams to FITS files, every lost frame counted",
    .help = help,
    .run = run,
};
