/* milk-writer-main.c — the test milk writer as a program, for tests written
 * in Python or shell (daoctl, import dao, daoview, benchmarks).
 *
 *   milk-writer [options] PATH       create PATH (unlinking any old file),
 *                                    print "ready SIZE INODE", publish
 *   milk-writer --remove PATH        remove PATH and its named semaphores
 *
 * It exits 0 after its frames (or at SIGTERM/SIGINT), leaving the file,
 * and prints its loop statistics as daoview's test writer does:
 * "frames N period-mean-us P period-max-us M write-mean-us W" (SIGUSR1
 * restarts them, so a benchmark can leave out a reader's start-up).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "milk-writer.h"

static volatile sig_atomic_t stop, reset;

static void on_signal(int sig)
{
    if (sig == SIGUSR1)
        reset = 1;
    else
        stop = 1;
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void usage(FILE *out)
{
    fputs("usage: milk-writer [options] PATH\n"
          "       milk-writer --remove PATH\n"
          "  --layout 2.x|compat|unrounded|1.05   layout variant (2.x)\n"
          "  --type NAME|CODE        uint8 … complex128, float16, or 1–13 (float32)\n"
          "  --size X[,Y[,Z]]        milk order: X is the fastest axis (64,48)\n"
          "  --keywords N            keyword entries (0)\n"
          "  --fill-keywords         give them values (EXPTIME, GAIN, MODE, …)\n"
          "  --cb N                  fast circular buffer slots (0)\n"
          "  --sem N                 semaphores (10)\n"
          "  --gpu DEVICE            location = DEVICE: no pixels in the file\n"
          "  --temporal              imagetype 0x20001 (per-slice arrays)\n"
          "  --clock tai|realtime    clock of the time stamps (tai)\n"
          "  --stamps both|writetime|atime|none   which stamps a publish sets (both)\n"
          "  --no-write-flag         do not raise `write` around a frame\n"
          "  --in-place              re-create by truncating the same file\n"
          "  --no-named-semaphores   \"1.05\": do not create the named semaphores\n"
          "  --version STR           version string (\"\" leaves it zero: not ready)\n"
          "  --frames N              publish N frames (0), then exit\n"
          "  --forever               publish until SIGTERM\n"
          "  --rate HZ               frames per second (0: as fast as possible)\n"
          "  --hold                  after the frames, stay until SIGTERM\n",
          out);
}

static int parse_size(const char *arg, milk_spec *spec)
{
    unsigned n = 0;
    const char *p = arg;
    while (*p && n < 3) {
        char *end;
        unsigned long v = strtoul(p, &end, 10);
        if (end == p || v == 0 || v > UINT32_MAX)
            return -1;
        spec->size[n++] = (uint32_t)v;
        if (*end == ',')
            end++;
        else if (*end)
            return -1;
        p = end;
    }
    if (*p)
        return -1;
    spec->naxis = n;
    for (unsigned i = n; i < 3; i++)
        spec->size[i] = 0;
    return 0;
}

static int parse_layout(const char *arg, milk_layout *out)
{
    static const struct {
        const char *name;
        milk_layout layout;
    } names[] = {
        {"2.x", MILK_LAYOUT_2X},
        {"compat", MILK_LAYOUT_2X_COMPAT},
        {"unrounded", MILK_LAYOUT_2X_UNROUNDED},
        {"1.05", MILK_LAYOUT_105},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(arg, names[i].name) == 0) {
            *out = names[i].layout;
            return 0;
        }
    }
    return -1;
}

static int parse_stamps(const char *arg, unsigned *out)
{
    if (strcmp(arg, "both") == 0)
        *out = MILK_STAMP_WRITETIME | MILK_STAMP_ATIME;
    else if (strcmp(arg, "writetime") == 0)
        *out = MILK_STAMP_WRITETIME;
    else if (strcmp(arg, "atime") == 0)
        *out = MILK_STAMP_ATIME;
    else if (strcmp(arg, "none") == 0)
        *out = 0;
    else
        return -1;
    return 0;
}

static void sleep_until(struct timespec *next, long period_ns)
{
    next->tv_nsec += period_ns;
    while (next->tv_nsec >= 1000000000L) {
        next->tv_nsec -= 1000000000L;
        next->tv_sec++;
    }
    while (!stop && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, next, NULL) == EINTR) {
    }
}

int main(int argc, char **argv)
{
    enum { O_LAYOUT = 256, O_TYPE, O_SIZE, O_KEYWORDS, O_FILL, O_CB, O_SEM, O_GPU, O_TEMPORAL,
           O_CLOCK, O_STAMPS, O_NO_WRITE_FLAG, O_IN_PLACE, O_NO_NAMED, O_VERSION, O_FRAMES,
           O_FOREVER, O_RATE, O_HOLD, O_REMOVE, O_HELP };
    static const struct option options[] = {
        {"layout", required_argument, NULL, O_LAYOUT},
        {"type", required_argument, NULL, O_TYPE},
        {"size", required_argument, NULL, O_SIZE},
        {"keywords", required_argument, NULL, O_KEYWORDS},
        {"fill-keywords", no_argument, NULL, O_FILL},
        {"cb", required_argument, NULL, O_CB},
        {"sem", required_argument, NULL, O_SEM},
        {"gpu", required_argument, NULL, O_GPU},
        {"temporal", no_argument, NULL, O_TEMPORAL},
        {"clock", required_argument, NULL, O_CLOCK},
        {"stamps", required_argument, NULL, O_STAMPS},
        {"no-write-flag", no_argument, NULL, O_NO_WRITE_FLAG},
        {"in-place", no_argument, NULL, O_IN_PLACE},
        {"no-named-semaphores", no_argument, NULL, O_NO_NAMED},
        {"version", required_argument, NULL, O_VERSION},
        {"frames", required_argument, NULL, O_FRAMES},
        {"forever", no_argument, NULL, O_FOREVER},
        {"rate", required_argument, NULL, O_RATE},
        {"hold", no_argument, NULL, O_HOLD},
        {"remove", no_argument, NULL, O_REMOVE},
        {"help", no_argument, NULL, O_HELP},
        {NULL, 0, NULL, 0},
    };
    milk_spec spec = MILK_SPEC_INIT;
    unsigned long long frames = 0;
    double rate = 0;
    bool forever = false, hold = false, remove_only = false;
    int opt;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        bool bad = false;
        switch (opt) {
        case O_LAYOUT: bad = parse_layout(optarg, &spec.layout) < 0; break;
        case O_TYPE: spec.datatype = milk_type_from_name(optarg); bad = spec.datatype < 0; break;
        case O_SIZE: bad = parse_size(optarg, &spec) < 0; break;
        case O_KEYWORDS: spec.nbkw = (unsigned)strtoul(optarg, NULL, 10); break;
        case O_FILL: spec.fill_keywords = true; break;
        case O_CB: spec.cb_size = (unsigned)strtoul(optarg, NULL, 10); break;
        case O_SEM: spec.nsem = (unsigned)strtoul(optarg, NULL, 10); break;
        case O_GPU: spec.location = atoi(optarg); break;
        case O_TEMPORAL: spec.temporal = true; break;
        case O_CLOCK:
            bad = strcmp(optarg, "tai") != 0 && strcmp(optarg, "realtime") != 0;
            spec.clock = strcmp(optarg, "tai") == 0 ? MILK_CLOCK_TAI : MILK_CLOCK_REALTIME;
            break;
        case O_STAMPS: bad = parse_stamps(optarg, &spec.stamps) < 0; break;
        case O_NO_WRITE_FLAG: spec.write_flag = false; break;
        case O_IN_PLACE: spec.in_place = true; break;
        case O_NO_NAMED: spec.named_semaphores = false; break;
        case O_VERSION: spec.version = optarg; break;
        case O_FRAMES: frames = strtoull(optarg, NULL, 10); break;
        case O_FOREVER: forever = true; break;
        case O_RATE: rate = strtod(optarg, NULL); break;
        case O_HOLD: hold = true; break;
        case O_REMOVE: remove_only = true; break;
        case O_HELP: usage(stdout); return 0;
        default: bad = true; break;
        }
        if (bad) {
            usage(stderr);
            return 2;
        }
    }
    if (optind + 1 != argc) {
        usage(stderr);
        return 2;
    }
    const char *path = argv[optind];
    if (remove_only) {
        milk_writer_remove(path);
        return 0;
    }

    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGUSR1, &sa, NULL);

    milk_writer *w;
    int rc = milk_writer_create(&w, path, &spec);
    if (rc < 0) {
        fprintf(stderr, "milk-writer: %s: %s\n", path, strerror(-rc));
        return 1;
    }
    printf("ready %llu %llu\n", (unsigned long long)milk_writer_offsets(w)->file_size,
           (unsigned long long)milk_writer_inode(w));
    fflush(stdout);

    long period_ns = rate > 0 ? (long)(1e9 / rate) : 0;
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    int64_t start = now_ns(), previous = start, max_period = 0, write_total = 0;
    unsigned long long counted = 0;
    for (unsigned long long n = 0; !stop && (forever || n < frames); n++) {
        if (reset) {
            reset = 0;
            counted = 0;
            max_period = write_total = 0;
            start = previous = now_ns();
        }
        int64_t before = now_ns();
        milk_writer_publish(w);
        write_total += now_ns() - before;
        if (counted > 0 && before - previous > max_period)
            max_period = before - previous;
        previous = before;
        counted++;
        if (period_ns)
            sleep_until(&next, period_ns);
    }
    if (counted)
        printf("frames %llu period-mean-us %.3f period-max-us %.1f write-mean-us %.3f\n", counted,
               counted > 1 ? (double)(previous - start) / 1e3 / (double)(counted - 1) : 0.0,
               (double)max_period / 1e3, (double)write_total / 1e3 / (double)counted);
    fflush(stdout);
    while (hold && !stop) {
        struct timespec nap = {0, 50 * 1000 * 1000};
        nanosleep(&nap, NULL); /* not pause(): a signal before it would be lost */
    }
    milk_writer_close(w);
    return 0;
}
