/* cmd-play.c — `daoctl play`: a recording back into a live stream. */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/stat.h>

#include "daoctl.h"
#include "daorec.h"
#include "signals.h"

static const char help[] =
    "Usage: daoctl play [OPTION…] FILE… PATH\n"
    "\n"
    "Replay a recording made by 'daoctl record' (its files, in order: a glob such\n"
    "as DIR/cam-*.fits sorts them) into a stream at PATH, created with the\n"
    "recorded type, shape, FIFO depth and semaphore count, and the recorded\n"
    "keywords. Each frame is written as a libdao writer writes it: the stream's\n"
    "counter goes up by one per frame and its semaphores are posted. FITS cubes\n"
    "from elsewhere play too (each plane a frame; give --rate).\n"
    "\n"
    "Options:\n"
    "  -r, --rate HZ          frames per second\n"
    "      --original-timing  the recorded intervals between frames, gaps of lost\n"
    "                         frames included (the default)\n"
    "  -l, --loop             start again after the last frame, until Ctrl-C\n"
    "      --spin-us N        spin (rather than sleep) the last N microseconds\n"
    "                         before each frame, for a steadier rate (default 100;\n"
    "                         0 only sleeps)\n"
    "      --rt-priority N    run SCHED_FIFO at priority N (1-99; needs root or\n"
    "                         CAP_SYS_NICE), for a steady rate on a loaded machine\n"
    "      --wait-reader      create the stream, then start only once a reader has\n"
    "                         claimed one of its slots (a libdao reader, daoview,\n"
    "                         daoctl record), so that it sees the first frame\n"
    "      --force            replace an existing file at PATH\n"
    "  -h, --help             show this help\n"
    "\n"
    "At the end: 'PATH: N frames played, L loop(s), K late by more than 1 ms (worst\n"
    "W ms)'. Ctrl-C stops it; the stream stays.\n"
    "\n"
    "Exit status: 0 when every frame was played (or Ctrl-C stopped it), 1 when a\n"
    "file or the stream could not be used, 2 on a usage error.\n";

static int play(char **files, size_t n, const char *path, const daorec_play_options *o, bool force)
{
    struct stat st;
    if (!force && lstat(path, &st) == 0)
        return daoctl_fail_msg(path, "%s (use --force to replace it)", dao_strerror(-EEXIST));
    daorec_reader *r;
    daorec_error err;
    if (daorec_reader_open(&r, (const char *const *)files, n, &err) < 0)
        return daoctl_fail_msg("play", "%s", err.message);
    dao_stream *s;
    if (daorec_reader_create_stream(r, path, &s, &err) < 0) {
        daorec_reader_close(r);
        return daoctl_fail_msg("play", "%s", err.message);
    }
    daoctl_catch_stop_signals();
    daorec_play_stats stats;
    int rc = daorec_play(r, s, o, &stats, &err);
    printf("%s: %llu frames played, %llu loop(s), %llu late by more than 1 ms (worst %.3f ms)\n", path,
           (unsigned long long)stats.frames, (unsigned long long)stats.loops,
           (unsigned long long)stats.late, (double)stats.max_late_ns / 1e6);
    dao_stream_close(s);
    daorec_reader_close(r);
    return rc < 0 ? daoctl_fail_msg("play", "%s", err.message) : DAOCTL_OK;
}

static int run(int argc, char **argv)
{
    enum { OPT_ORIGINAL = 256, OPT_SPIN, OPT_RT, OPT_WAIT_READER, OPT_FORCE };
    static const struct option options[] = {
        {"rate", required_argument, NULL, 'r'},
        {"original-timing", no_argument, NULL, OPT_ORIGINAL},
        {"loop", no_argument, NULL, 'l'},
        {"spin-us", required_argument, NULL, OPT_SPIN},
        {"rt-priority", required_argument, NULL, OPT_RT},
        {"wait-reader", no_argument, NULL, OPT_WAIT_READER},
        {"force", no_argument, NULL, OPT_FORCE},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    daorec_play_options o = DAOREC_PLAY_OPTIONS_INIT;
    o.stop_requested = daoctl_stop_requested;
    bool original = false, force = false;
    int priority = 0;
    uint64_t v;
    int c;
    while ((c = getopt_long(argc, argv, ":r:lh", options, NULL)) != -1) {
        switch (c) {
        case 'r':
            if (!daoctl_parse_seconds(optarg, &o.rate_hz) || o.rate_hz <= 0 || o.rate_hz > 1e7)
                return daoctl_usage("play", "--rate needs a positive number of Hz, not '%s'", optarg);
            break;
        case OPT_ORIGINAL:
            original = true;
            break;
        case 'l':
            o.loop = true;
            break;
        case OPT_SPIN:
            if (!daoctl_parse_uint(optarg, 0, 1000000, &v))
                return daoctl_usage("play", "--spin-us needs a number from 0 to 1000000, not '%s'",
                                    optarg);
            o.spin_ns = (int64_t)v * 1000;
            break;
        case OPT_RT:
            if (!daoctl_parse_uint(optarg, 1, 99, &v))
                return daoctl_usage("play", "--rt-priority needs a number from 1 to 99, not '%s'",
                                    optarg);
            priority = (int)v;
            break;
        case OPT_WAIT_READER:
            o.wait_for_reader = true;
            break;
        case OPT_FORCE:
            force = true;
            break;
        case 'h':
            return daoctl_print_help(&daoctl_cmd_play);
        default:
            return daoctl_bad_option("play", argv, c);
        }
    }
    if (original && o.rate_hz > 0)
        return daoctl_usage("play", "give --rate or --original-timing, not both");
    if (argc - optind < 2)
        return daoctl_usage("play", "expected one or more FILEs and a stream PATH");
    struct sched_param sp = {.sched_priority = priority};
    if (priority && sched_setscheduler(0, SCHED_FIFO, &sp) < 0)
        return daoctl_fail_msg("play", "cannot run at real-time priority %d: %s (it needs root, "
                                       "CAP_SYS_NICE or an rtprio limit)",
                               priority, strerror(errno));
    return play(argv + optind, (size_t)(argc - optind - 1), argv[argc - 1], &o, force);
}

const daoctl_command daoctl_cmd_play = {
    .name = "play",
    .summary = "replay a recording into a stream, on time",
    .help = help,
    .run = run,
};
