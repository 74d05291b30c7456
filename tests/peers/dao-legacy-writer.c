/* dao-legacy-writer — a DAO stream writer made from the byte contract
 * (docs/shm-format.md), not from libdao, that behaves like the writers labs
 * already run: it creates and re-creates its stream IN PLACE (the same file
 * is truncated and a new header written, at a new size), writes frames in
 * the format's exact §6 order, and posts semaphores clamped at 1. Tests of
 * every front end use it to play the existing DAO library's part.
 *
 *   dao-legacy-writer PATH [options]
 *
 *   --shape SPEC       first geometry, "NYxNX:TYPE" (1 to 3 axes in C order,
 *                      TYPE a numpy name: uint8 int8 uint16 int16 uint32 int32
 *                      uint64 int64 float32 float64 complex64 complex128);
 *                      default 4x4:uint16
 *   --recreate LIST    comma-separated geometries to re-create with, in turn
 *                      (e.g. "2x8:int16,64x64:float32"): after every K frames
 *                      (--every) the stream is re-created in place with the
 *                      next one, cycling; shrinking, growing and keeping the
 *                      size with another shape or type are all just entries
 *   --every K          frames between re-creations (default 10)
 *   --depth N          FIFO depth N >= 1 (default 1): frame n goes into the
 *                      segment after the newest, cnt0 = previous cnt0 + 1 (§6)
 *   --semaphores N     reader semaphores, 1 … 99 (default 10)
 *   --keywords N       keyword entries, all 'N' (unused) (default 0)
 *   --rate HZ          frames per second; 0 writes flat out (default 100)
 *   --frames N         stop (exit 0) after N frames in all; default: until
 *                      SIGTERM or SIGINT, which exit 0 too
 *   --stall-at N:STEP  in the N-th frame written (counting from 1, across
 *                      re-creations) stop for ever inside the write, at STEP:
 *                        copy   write = 1 and half the frame copied
 *                        count  frame copied, write = 0, fifo_last_written
 *                               and atime stored, cnt0 not yet (§6 steps 3-5)
 *                      then print "stalled N" and sleep until killed
 *   --creation-time T  creation_time to write (seconds; default now): 0 or a
 *                      fixed value makes re-creations that only a counter
 *                      going backwards can reveal
 *   --stdin            write on command instead of at a rate: each line read
 *                      from stdin is a number K (write K frames back to back,
 *                      then print "wrote C", C the last counter) or
 *                      "recreate" (re-create in place with the next --recreate
 *                      geometry, or the first one again); exit 0 at end of
 *                      input. Tests of FIFO reading use it to lap a reader by
 *                      an exact number of frames.
 *   --quiet            print nothing but errors ("wrote" lines excepted)
 *
 * Output on stdout, one line per event, flushed at once:
 *   created SHAPE TYPE DEPTH BYTES   the file now holds a new stream
 *   stalled C                         inside the write of the frame that
 *                                     gets counter C (--stall-at)
 *   done N                            after --frames N
 *   wrote C                           after each --stdin command K
 *
 * Frame contents: every element of frame n holds n converted to the element
 * type (the real part for complex types, imaginary 0), so a reader can tell
 * a whole frame (all elements equal to its counter, modulo the type's range)
 * from a torn one. The frame counter cnt0 restarts at 0 with each creation;
 * the first frame written after a creation is 1.
 *
 * Semaphores are opened with O_CREAT and never reset or removed, as the
 * existing library does.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The contract, §1-§4 (offsets in one 4304-byte metadata block). */
enum {
    MD_SIZE = 4304,
    KW_SIZE = 120,
    OFF_NAME = 0,
    OFF_NAXIS = 80,
    OFF_SIZE = 84,
    OFF_NELEMENT = 96,
    OFF_ATYPE = 104,
    OFF_CREATION = 112,
    OFF_LAST_ACCESS = 120,
    OFF_ATIME_SEC = 128,
    OFF_ATIME_NS = 136,
    OFF_SHARED = 144,
    OFF_SEM = 148,
    OFF_CNT0 = 152,
    OFF_WRITE = 176,
    OFF_NBKW = 178,
    OFF_FIFO_SIZE = 4296,
    OFF_FIFO_LAST = 4300,
    KW_OFF_TYPE = 16,
};

static const struct {
    const char *name;
    int atype;
    size_t size;
} types[] = {
    {"uint8", 1, 1},   {"int8", 2, 1},    {"uint16", 3, 2},  {"int16", 4, 2},
    {"uint32", 5, 4},  {"int32", 6, 4},   {"uint64", 7, 8},  {"int64", 8, 8},
    {"float32", 9, 4}, {"float64", 10, 8}, {"complex64", 11, 8}, {"complex128", 12, 16},
};

typedef struct geometry {
    unsigned naxis;
    uint32_t size[3];
    int type; /* index into types[] */
} geometry;

typedef struct writer {
    const char *path;
    int fd;
    uint8_t *map;
    size_t map_size;
    geometry g;
    unsigned depth, nsem, nkw;
    uint64_t nelement;
    size_t frame_bytes;
    sem_t *sems[101];
    bool quiet;
    bool fixed_creation;
    double creation_time;
} writer;

static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
    (void)sig;
    stop = 1;
}

static int64_t now_ns(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int parse_geometry(const char *spec, geometry *g)
{
    memset(g, 0, sizeof(*g));
    const char *colon = strchr(spec, ':');
    const char *tname = colon ? colon + 1 : "uint16";
    size_t len = colon ? (size_t)(colon - spec) : strcspn(spec, ",");
    size_t tlen = strcspn(tname, ",");
    g->type = -1;
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        if (strlen(types[i].name) == tlen && strncmp(types[i].name, tname, tlen) == 0)
            g->type = (int)i;
    }
    if (g->type < 0)
        return -1;
    char buf[64];
    if (len >= sizeof(buf))
        return -1;
    memcpy(buf, spec, len);
    buf[len] = '\0';
    char *save = NULL;
    for (char *tok = strtok_r(buf, "x", &save); tok; tok = strtok_r(NULL, "x", &save)) {
        if (g->naxis == 3)
            return -1;
        unsigned long v = strtoul(tok, NULL, 10);
        if (v == 0 || v > UINT32_MAX)
            return -1;
        g->size[g->naxis++] = (uint32_t)v;
    }
    return g->naxis ? 0 : -1;
}

static void put(uint8_t *base, size_t off, const void *v, size_t n)
{
    memcpy(base + off, v, n);
}

/* The fields other processes race on, stored as C11 atomics (§6). */
static void store_u8(uint8_t *base, size_t off, uint8_t v)
{
    atomic_store_explicit((_Atomic uint8_t *)(base + off), v, memory_order_release);
}

static void store_u32(uint8_t *base, size_t off, uint32_t v)
{
    atomic_store_explicit((_Atomic uint32_t *)(base + off), v, memory_order_release);
}

static void store_u64(uint8_t *base, size_t off, uint64_t v)
{
    atomic_store_explicit((_Atomic uint64_t *)(base + off), v, memory_order_release);
}

static uint64_t load_u64(const uint8_t *base, size_t off)
{
    return atomic_load_explicit((_Atomic uint64_t *)(base + off), memory_order_acquire);
}

static uint32_t load_u32(const uint8_t *base, size_t off)
{
    return atomic_load_explicit((_Atomic uint32_t *)(base + off), memory_order_acquire);
}

static void stem_of(const char *path, char *stem, size_t len)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    snprintf(stem, len, "%.*s", (int)strcspn(base, "."), base);
}

static int open_semaphores(writer *w)
{
    char stem[256], name[300];
    stem_of(w->path, stem, sizeof(stem));
    for (unsigned k = 0; k <= w->nsem; k++) {
        if (k == w->nsem)
            snprintf(name, sizeof(name), "/%s_semlog", stem);
        else
            snprintf(name, sizeof(name), "/%s_sem%02u", stem, k);
        if (w->sems[k])
            sem_close(w->sems[k]);
        w->sems[k] = sem_open(name, O_CREAT, 0666, 0);
        if (w->sems[k] == SEM_FAILED) {
            perror(name);
            return -1;
        }
    }
    return 0;
}

/* Truncate the file in place and write a whole new stream into it. */
static int create_in_place(writer *w, const geometry *g)
{
    w->g = *g;
    w->nelement = 1;
    for (unsigned i = 0; i < g->naxis; i++)
        w->nelement *= g->size[i];
    w->frame_bytes = (size_t)w->nelement * types[g->type].size;
    size_t size = (size_t)w->depth * MD_SIZE + (size_t)w->depth * w->frame_bytes + (size_t)w->nkw * KW_SIZE;

    if (w->map)
        munmap(w->map, w->map_size);
    w->map = NULL;
    if (w->fd < 0)
        w->fd = open(w->path, O_RDWR | O_CREAT, 0666);
    if (w->fd < 0 || ftruncate(w->fd, 0) < 0 || ftruncate(w->fd, (off_t)size) < 0) {
        perror(w->path);
        return -1;
    }
    void *map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, w->fd, 0);
    if (map == MAP_FAILED) {
        perror("mmap");
        return -1;
    }
    w->map = map;
    w->map_size = size;

    double creation = w->fixed_creation ? w->creation_time : (double)now_ns(CLOCK_REALTIME) / 1e9;
    int64_t atime = now_ns(CLOCK_REALTIME);
    for (unsigned seg = 0; seg < w->depth; seg++) {
        uint8_t *md = w->map + (size_t)seg * MD_SIZE;
        snprintf((char *)md + OFF_NAME, 80, "%s", w->path);
        uint8_t naxis = (uint8_t)g->naxis, atype = (uint8_t)types[g->type].atype, one = 1;
        put(md, OFF_NAXIS, &naxis, 1);
        put(md, OFF_SIZE, g->size, sizeof(g->size));
        put(md, OFF_NELEMENT, &w->nelement, 8);
        put(md, OFF_ATYPE, &atype, 1);
        put(md, OFF_CREATION, &creation, 8);
        put(md, OFF_LAST_ACCESS, &creation, 8);
        put(md, OFF_ATIME_NS, &atime, 8);
        put(md, OFF_SHARED, &one, 1);
        uint16_t nbkw = (uint16_t)w->nkw;
        put(md, OFF_NBKW, &nbkw, 2);
        if (seg == 0) {
            uint16_t sem = (uint16_t)w->nsem;
            uint32_t fifo = w->depth;
            put(md, OFF_SEM, &sem, 2);
            put(md, OFF_FIFO_SIZE, &fifo, 4);
        }
    }
    uint8_t *kw = w->map + (size_t)w->depth * (MD_SIZE + w->frame_bytes);
    for (unsigned k = 0; k < w->nkw; k++)
        kw[(size_t)k * KW_SIZE + KW_OFF_TYPE] = 'N';
    if (open_semaphores(w) < 0)
        return -1;
    if (!w->quiet) {
        printf("created");
        for (unsigned i = 0; i < g->naxis; i++)
            printf("%s%u", i ? "x" : " ", g->size[i]);
        printf(" %s %u %zu\n", types[g->type].name, w->depth, size);
        fflush(stdout);
    }
    return 0;
}

static void fill(const writer *w, uint8_t *dst, uint64_t n, size_t bytes)
{
    size_t esize = types[w->g.type].size;
    uint8_t element[16] = {0};
    switch (types[w->g.type].atype) {
    case 9: { float v = (float)n; memcpy(element, &v, 4); break; }
    case 10: { double v = (double)n; memcpy(element, &v, 8); break; }
    case 11: { float v = (float)n; memcpy(element, &v, 4); break; }
    case 12: { double v = (double)n; memcpy(element, &v, 8); break; }
    default: memcpy(element, &n, esize); break; /* little-endian: the low bytes */
    }
    for (size_t i = 0; i + esize <= bytes; i += esize)
        memcpy(dst + i, element, esize);
}

enum stall_step { STALL_NONE, STALL_COPY, STALL_COUNT };

static void stall(uint64_t n)
{
    printf("stalled %llu\n", (unsigned long long)n);
    fflush(stdout);
    for (;;)
        pause();
}

/* One frame in the format's exact §6 order. */
static void write_frame(writer *w, enum stall_step stall_step)
{
    unsigned last = w->depth > 1 ? load_u32(w->map, OFF_FIFO_LAST) : 0;
    uint64_t previous = load_u64(w->map + (size_t)last * MD_SIZE, OFF_CNT0);
    unsigned seg = w->depth > 1 ? (last + 1) % w->depth : 0;
    uint8_t *md = w->map + (size_t)seg * MD_SIZE;
    uint8_t *data = w->map + (size_t)w->depth * MD_SIZE + (size_t)seg * w->frame_bytes;
    uint64_t n = previous + 1;

    store_u8(md, OFF_WRITE, 1);                                   /* 1 */
    if (stall_step == STALL_COPY) {
        fill(w, data, n, w->frame_bytes / 2);
        stall(n);
    }
    fill(w, data, n, w->frame_bytes);                              /* 2 */
    store_u8(md, OFF_WRITE, 0);                                   /* 3 */
    if (w->depth > 1)
        store_u32(w->map, OFF_FIFO_LAST, seg);                     /* 4 */
    store_u64(md, OFF_ATIME_NS, (uint64_t)now_ns(CLOCK_REALTIME)); /* 5 */
    if (stall_step == STALL_COUNT)
        stall(n);
    store_u64(md, OFF_CNT0, n);                                    /* 6 */
    for (unsigned k = 0; k <= w->nsem; k++) {                      /* 7 */
        int value;
        if (sem_getvalue(w->sems[k], &value) == 0 && value < 1)
            sem_post(w->sems[k]);
    }
}

/* --stdin: frames and re-creations when the test says so. */
static int run_commands(writer *w, const geometry *first, const geometry *shapes, unsigned nshapes)
{
    char line[64];
    unsigned next_shape = 0;
    while (!stop && fgets(line, sizeof(line), stdin)) {
        if (strncmp(line, "recreate", 8) == 0) {
            const geometry *g = nshapes ? &shapes[next_shape] : first;
            next_shape = nshapes ? (next_shape + 1) % nshapes : 0;
            if (create_in_place(w, g) < 0)
                return 1;
            continue;
        }
        long frames = strtol(line, NULL, 10);
        for (long i = 0; i < frames; i++)
            write_frame(w, STALL_NONE);
        unsigned last = w->depth > 1 ? load_u32(w->map, OFF_FIFO_LAST) : 0;
        printf("wrote %llu\n", (unsigned long long)load_u64(w->map + (size_t)last * MD_SIZE, OFF_CNT0));
        fflush(stdout);
    }
    return 0;
}

static void usage(const char *argv0)
{
    fprintf(stderr,
            "usage: %s PATH [--shape NYxNX:TYPE] [--recreate LIST] [--every K] [--depth N]\n"
            "       [--semaphores N] [--keywords N] [--rate HZ] [--frames N]\n"
            "       [--stall-at N:copy|count] [--creation-time T] [--stdin] [--quiet]\n",
            argv0);
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        {"shape", required_argument, NULL, 's'},     {"recreate", required_argument, NULL, 'r'},
        {"every", required_argument, NULL, 'e'},     {"depth", required_argument, NULL, 'd'},
        {"semaphores", required_argument, NULL, 'S'}, {"keywords", required_argument, NULL, 'k'},
        {"rate", required_argument, NULL, 'R'},      {"frames", required_argument, NULL, 'n'},
        {"stall-at", required_argument, NULL, 't'},  {"creation-time", required_argument, NULL, 'c'},
        {"quiet", no_argument, NULL, 'q'},           {"help", no_argument, NULL, 'h'},
        {"stdin", no_argument, NULL, 'i'},
        {0},
    };
    writer w = {.fd = -1, .depth = 1, .nsem = 10};
    geometry first, shapes[32];
    parse_geometry("4x4:uint16", &first);
    unsigned nshapes = 0, every = 10;
    double rate = 100;
    long frames = -1, stall_frame = -1;
    enum stall_step stall_step = STALL_NONE;
    bool on_command = false;
    int opt;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (opt) {
        case 's':
            if (parse_geometry(optarg, &first) < 0)
                return usage(argv[0]), 2;
            break;
        case 'r':
            for (const char *p = optarg; *p && nshapes < 32; p += strcspn(p, ",") + (p[strcspn(p, ",")] == ',')) {
                if (parse_geometry(p, &shapes[nshapes++]) < 0)
                    return usage(argv[0]), 2;
            }
            break;
        case 'e': every = (unsigned)strtoul(optarg, NULL, 10); break;
        case 'd': w.depth = (unsigned)strtoul(optarg, NULL, 10); break;
        case 'S': w.nsem = (unsigned)strtoul(optarg, NULL, 10); break;
        case 'k': w.nkw = (unsigned)strtoul(optarg, NULL, 10); break;
        case 'R': rate = strtod(optarg, NULL); break;
        case 'n': frames = strtol(optarg, NULL, 10); break;
        case 't': {
            char *end;
            stall_frame = strtol(optarg, &end, 10);
            stall_step = strcmp(end, ":copy") == 0 ? STALL_COPY : strcmp(end, ":count") == 0 ? STALL_COUNT : STALL_NONE;
            if (stall_step == STALL_NONE)
                return usage(argv[0]), 2;
            break;
        }
        case 'c': w.fixed_creation = true; w.creation_time = strtod(optarg, NULL); break;
        case 'q': w.quiet = true; break;
        case 'i': on_command = true; break;
        default: return usage(argv[0]), opt == 'h' ? 0 : 2;
        }
    }
    if (optind != argc - 1 || w.depth < 1 || w.nsem < 1 || w.nsem > 99 || every < 1)
        return usage(argv[0]), 2;
    w.path = argv[optind];
    struct sigaction sa = {.sa_handler = on_stop};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    if (create_in_place(&w, &first) < 0)
        return 1;
    if (on_command)
        return run_commands(&w, &first, shapes, nshapes);
    int64_t period = rate > 0 ? (int64_t)(1e9 / rate) : 0;
    int64_t next = now_ns(CLOCK_MONOTONIC);
    unsigned since_creation = 0, next_shape = 0;
    for (long written = 0; !stop && (frames < 0 || written < frames); written++) {
        if (nshapes && since_creation == every) {
            if (create_in_place(&w, &shapes[next_shape]) < 0)
                return 1;
            next_shape = (next_shape + 1) % nshapes;
            since_creation = 0;
        }
        write_frame(&w, written + 1 == stall_frame ? stall_step : STALL_NONE);
        since_creation++;
        if (period) {
            next += period;
            struct timespec ts = {.tv_sec = next / 1000000000, .tv_nsec = next % 1000000000};
            while (!stop && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
                ;
        }
    }
    if (!w.quiet && frames >= 0) {
        printf("done %ld\n", frames);
        fflush(stdout);
    }
    return 0;
}
