/* milk-writer.c — see milk-writer.h. Every number below is copied from the
 * milk byte contract's tables (§2, §3, §6, §9), not from any code. */
#include "milk-writer.h"

#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* §2: header field offsets. */
enum {
    OFF_VERSION = 0,
    OFF_NAME = 32,
    OFF_NAXIS = 112,
    OFF_SIZE = 116,
    OFF_NELEMENT = 128,
    OFF_DATATYPE = 136,
    OFF_IMAGETYPE = 144,
    OFF_CREATIONTIME = 152,
    OFF_ATIME = 184,
    OFF_WRITETIME = 200,
    OFF_CREATOR_PID = 216,
    OFF_OWNER_PID = 220,
    OFF_SHARED = 224,
    OFF_INODE = 232,
    OFF_LOCATION = 240,
    OFF_SEM = 258,
    OFF_NBPROCTRACE = 260,
    OFF_CNT0 = 264,
    OFF_WRITE = 288,
    OFF_NBKW = 290,
    OFF_CBSIZE = 292,
    OFF_CBINDEX = 296,
    OFF_CBCYCLE = 304,
    OFF_IMDATAMEMSIZE = 312,
    HEADER_BYTES = 384,
    COMPAT_HEADER_BYTES = 4496,
};

/* §6: one keyword. */
enum {
    KW_BYTES = 128,
    KW_NAME = 0,
    KW_TYPE = 16,
    KW_VALUE = 24,
    KW_CNT = 40,
    KW_COMMENT = 48,
};

enum { NB_PROCTRACE = 10, SEM_T_BYTES = 32, SEM_RECORD_105_BYTES = 208 };

struct milk_writer {
    char *path;
    milk_spec spec;
    int fd;
    uint8_t *map;
    milk_offsets at;
    size_t frame_bytes;
    uint64_t nelement;
    uint64_t semlog;      /* offset of the in-file semlog ("2.x") */
    sem_t **named;        /* "1.05": nsem + 1 named semaphores (last: semlog), or NULL */
    uint8_t *pattern;     /* nelement + 113 elements: frame n starts at element (31 n) % 113 */
    uint64_t cnt0;
    ino_t inode;
};

static const struct {
    size_t size;
    const char *name;
} types[14] = {
    [1] = {1, "uint8"},     [2] = {1, "int8"},       [3] = {2, "uint16"},   [4] = {2, "int16"},
    [5] = {4, "uint32"},    [6] = {4, "int32"},      [7] = {8, "uint64"},   [8] = {8, "int64"},
    [9] = {4, "float32"},   [10] = {8, "float64"},   [11] = {8, "complex64"},
    [12] = {16, "complex128"}, [13] = {2, "float16"},
};

size_t milk_type_size(int code)
{
    return code >= 1 && code <= 13 ? types[code].size : 0;
}

const char *milk_type_name(int code)
{
    return code >= 1 && code <= 13 ? types[code].name : NULL;
}

int milk_type_from_name(const char *name)
{
    for (int code = 1; code <= 13; code++) {
        char digits[4];
        snprintf(digits, sizeof(digits), "%d", code);
        if (strcmp(name, types[code].name) == 0 || strcmp(name, digits) == 0)
            return code;
    }
    return -1;
}

unsigned milk_pattern(uint64_t frame, uint64_t index)
{
    return (unsigned)((frame * 31 + index) % 113);
}

/* IEEE half of a small non-negative integer (exact below 2048). */
static uint16_t half_of(unsigned v)
{
    if (v == 0)
        return 0;
    unsigned e = 31 - (unsigned)__builtin_clz(v);
    return (uint16_t)(((e + 15) << 10) | ((v << (10 - e)) & 0x3ff));
}

void milk_store_value(int datatype, void *dst, unsigned v)
{
    switch (datatype) {
    case 1: { uint8_t x = (uint8_t)v; memcpy(dst, &x, 1); break; }
    case 2: { int8_t x = (int8_t)v; memcpy(dst, &x, 1); break; }
    case 3: { uint16_t x = (uint16_t)v; memcpy(dst, &x, 2); break; }
    case 4: { int16_t x = (int16_t)v; memcpy(dst, &x, 2); break; }
    case 5: { uint32_t x = v; memcpy(dst, &x, 4); break; }
    case 6: { int32_t x = (int32_t)v; memcpy(dst, &x, 4); break; }
    case 7: { uint64_t x = v; memcpy(dst, &x, 8); break; }
    case 8: { int64_t x = v; memcpy(dst, &x, 8); break; }
    case 9: { float x = (float)v; memcpy(dst, &x, 4); break; }
    case 10: { double x = v; memcpy(dst, &x, 8); break; }
    case 11: { float x[2] = {(float)v, -(float)v}; memcpy(dst, x, 8); break; }
    case 12: { double x[2] = {v, -(double)v}; memcpy(dst, x, 16); break; }
    case 13: { uint16_t x = half_of(v); memcpy(dst, &x, 2); break; }
    default: break;
    }
}

/* ---- layout (§3) ---- */

static uint64_t region(uint64_t *cursor, uint64_t bytes, bool rounded)
{
    uint64_t start = *cursor;
    *cursor += rounded ? (bytes + 7) / 8 * 8 : bytes;
    return start;
}

static void lay_out(milk_writer *w)
{
    const milk_spec *sp = &w->spec;
    bool rounded = sp->layout == MILK_LAYOUT_2X || sp->layout == MILK_LAYOUT_2X_COMPAT;
    bool is_105 = sp->layout == MILK_LAYOUT_105;
    uint64_t c = 0;
    region(&c, sp->layout == MILK_LAYOUT_2X_COMPAT ? COMPAT_HEADER_BYTES : HEADER_BYTES, rounded);
    w->at.pixels = region(&c, sp->location == -1 ? w->frame_bytes : 0, rounded);
    w->at.keywords = region(&c, (uint64_t)KW_BYTES * sp->nbkw, rounded);
    w->at.semaphores = region(&c, (uint64_t)(is_105 ? SEM_RECORD_105_BYTES : SEM_T_BYTES) * sp->nsem, rounded);
    w->semlog = region(&c, is_105 ? 0 : SEM_T_BYTES, rounded);
    w->at.sem_read_pid = region(&c, 4ull * sp->nsem, rounded);
    w->at.sem_write_pid = region(&c, 4ull * sp->nsem, rounded);
    region(&c, 4ull * sp->nsem, rounded); /* semctrl */
    region(&c, 4ull * sp->nsem, rounded); /* semstatus */
    w->at.proctrace = region(&c, 64ull * NB_PROCTRACE, rounded);
    if (sp->temporal) {
        uint64_t z = sp->naxis == 3 ? sp->size[2] : 0;
        region(&c, 16 * z, rounded); /* per-slice atime */
        region(&c, 16 * z, rounded); /* per-slice writetime */
        region(&c, 8 * z, rounded);  /* per-slice cnt */
    }
    w->at.cb_meta = region(&c, 48ull * sp->cb_size, rounded);
    w->at.cb_pixels = region(&c, (uint64_t)w->frame_bytes * sp->cb_size, rounded);
    w->at.file_size = c;
}

/* ---- bytes ---- */

static void put(milk_writer *w, uint64_t off, const void *v, size_t n)
{
    memcpy(w->map + off, v, n);
}

/* A NUL-terminated string in a field of `field` bytes, cut if it must be
 * (the field is zero already). */
static void put_string(uint8_t *dst, const char *s, size_t field)
{
    size_t n = strlen(s);
    memcpy(dst, s, n < field ? n : field - 1);
}

#define PUT(w, off, type, value)      \
    do {                              \
        type put_v_ = (value);        \
        put((w), (off), &put_v_, sizeof(put_v_)); \
    } while (0)

static void now_on(milk_clock clock, int64_t out[2])
{
    struct timespec ts;
    clock_gettime(clock == MILK_CLOCK_TAI ? CLOCK_TAI : CLOCK_REALTIME, &ts);
    out[0] = ts.tv_sec;
    out[1] = ts.tv_nsec;
}

static void stream_name(char *buf, size_t len, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(buf, len, "%s", base);
    char *suffix = strstr(buf, ".im.shm");
    if (suffix && suffix[7] == '\0')
        *suffix = '\0';
}

int milk_semaphore_name(char *buf, size_t len, const char *path, int slot)
{
    char dir[256], name[96];
    const char *slash = strrchr(path, '/');
    size_t dlen = slash ? (size_t)(slash - path) : 0;
    if (dlen >= sizeof(dir))
        return -ENAMETOOLONG;
    memcpy(dir, path, dlen);
    dir[dlen] = '\0';
    for (char *p = dir; *p; p++)
        if (*p == '/')
            *p = '.';
    stream_name(name, sizeof(name), path);
    int n = slot < 0 ? snprintf(buf, len, "%s.%s_semlog", dir, name)
                     : snprintf(buf, len, "%s.%s_sem%02d", dir, name, slot);
    return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : n;
}

/* Entries 0, 1, 2 are EXPTIME (double), GAIN (int), MODE (string); the
 * kinds repeat after that under the names KW003, KW004 … */
static void write_keywords(milk_writer *w)
{
    static const char *names[] = {"EXPTIME", "GAIN", "MODE"};
    static const char *comments[] = {"exposure time [s]", "detector gain", "readout mode"};
    for (unsigned k = 0; k < w->spec.nbkw; k++) {
        uint8_t *kw = w->map + w->at.keywords + (uint64_t)k * KW_BYTES;
        kw[KW_TYPE] = 'N';
        if (!w->spec.fill_keywords)
            continue;
        if (k < 3)
            snprintf((char *)kw + KW_NAME, 16, "%s", names[k]);
        else
            snprintf((char *)kw + KW_NAME, 16, "KW%03u", k);
        if (k % 3 == 0) {
            double v = 0.001 * (k + 1);
            kw[KW_TYPE] = 'D';
            memcpy(kw + KW_VALUE, &v, 8);
        } else if (k % 3 == 1) {
            int64_t v = -42 - (int64_t)k;
            kw[KW_TYPE] = 'L';
            memcpy(kw + KW_VALUE, &v, 8);
        } else {
            kw[KW_TYPE] = 'S';
            snprintf((char *)kw + KW_VALUE, 16, "fast%u", k);
        }
        uint64_t cnt = 1;
        memcpy(kw + KW_CNT, &cnt, 8);
        snprintf((char *)kw + KW_COMMENT, 80, "%s", comments[k % 3]);
    }
}

/* Paths whose named semaphores this process made. */
static char *named_paths[256];
static unsigned nnamed;

void milk_writer_remove_named_semaphores(void)
{
    for (unsigned i = 0; i < nnamed; i++) {
        for (int slot = -1; slot < 100; slot++) {
            char name[256];
            if (milk_semaphore_name(name, sizeof(name), named_paths[i], slot) > 0)
                sem_unlink(name);
        }
        free(named_paths[i]);
    }
    nnamed = 0;
}

static int make_semaphores(milk_writer *w)
{
    const milk_spec *sp = &w->spec;
    if (sp->layout != MILK_LAYOUT_105) {
        /* §9: unnamed, process-shared, value 0, inside the file. */
        for (unsigned i = 0; i <= sp->nsem; i++) {
            uint64_t off = i < sp->nsem ? w->at.semaphores + (uint64_t)i * SEM_T_BYTES : w->semlog;
            if (sem_init((sem_t *)(w->map + off), 1, 0) < 0)
                return -errno;
        }
        return 0;
    }
    if (!sp->named_semaphores)
        return 0;
    if (nnamed < sizeof(named_paths) / sizeof(named_paths[0]))
        named_paths[nnamed++] = strdup(w->path);
    w->named = calloc(sp->nsem + 1, sizeof(*w->named));
    if (!w->named)
        return -ENOMEM;
    for (unsigned i = 0; i <= sp->nsem; i++) {
        int slot = i < sp->nsem ? (int)i : -1;
        char name[256];
        int rc = milk_semaphore_name(name, sizeof(name), w->path, slot);
        if (rc < 0)
            return rc;
        sem_unlink(name); /* ISIO re-creates them at value 0 */
        sem_t *sem = sem_open(name, O_CREAT, 0666, 0);
        if (sem == SEM_FAILED)
            return -errno;
        w->named[i] = sem;
        if (slot < 0)
            continue; /* semlog has no record in "1.05" */
        uint8_t *rec = w->map + w->at.semaphores + (uint64_t)i * SEM_RECORD_105_BYTES;
        char file[300];
        struct stat st;
        snprintf(file, sizeof(file), "/dev/shm/sem.%s", name);
        uint64_t ino = stat(file, &st) == 0 ? (uint64_t)st.st_ino : 0;
        memcpy(rec, &ino, 8);
        put_string(rec + 8, name, 200);
    }
    return 0;
}

static int open_file(milk_writer *w)
{
    if (!w->spec.in_place && unlink(w->path) < 0 && errno != ENOENT)
        return -errno;
    int flags = O_RDWR | O_CREAT | O_CLOEXEC | (w->spec.in_place ? 0 : O_EXCL);
    w->fd = open(w->path, flags, 0666);
    if (w->fd < 0)
        return -errno;
    /* ISIO makes its files 0666 whatever the umask. */
    if (fchmod(w->fd, 0666) < 0 || ftruncate(w->fd, 0) < 0 ||
        ftruncate(w->fd, (off_t)w->at.file_size) < 0)
        return -errno;
    struct stat st;
    if (fstat(w->fd, &st) < 0)
        return -errno;
    w->inode = st.st_ino;
    void *map = mmap(NULL, w->at.file_size, PROT_READ | PROT_WRITE, MAP_SHARED, w->fd, 0);
    if (map == MAP_FAILED)
        return -errno;
    w->map = map;
    return 0;
}

static void write_header(milk_writer *w)
{
    const milk_spec *sp = &w->spec;
    char name[96];
    stream_name(name, sizeof(name), w->path);
    put_string(w->map + OFF_NAME, name, 80);
    PUT(w, OFF_NAXIS, uint8_t, (uint8_t)sp->naxis);
    for (unsigned i = 0; i < 3; i++)
        PUT(w, OFF_SIZE + 4 * i, uint32_t, i < sp->naxis ? sp->size[i] : 0);
    PUT(w, OFF_NELEMENT, uint64_t, w->nelement);
    PUT(w, OFF_DATATYPE, uint8_t, (uint8_t)sp->datatype);
    PUT(w, OFF_IMAGETYPE, uint64_t, sp->temporal ? 0x20001u : 0x2u);
    int64_t t[2];
    now_on(sp->clock, t);
    put(w, OFF_CREATIONTIME, t, sizeof(t));
    PUT(w, OFF_CREATOR_PID, int32_t, getpid());
    PUT(w, OFF_OWNER_PID, int32_t, getpid());
    PUT(w, OFF_SHARED, uint8_t, 1);
    PUT(w, OFF_INODE, uint64_t, (uint64_t)w->inode);
    PUT(w, OFF_LOCATION, int8_t, (int8_t)sp->location);
    PUT(w, OFF_SEM, uint16_t, (uint16_t)sp->nsem);
    PUT(w, OFF_NBPROCTRACE, uint16_t, NB_PROCTRACE);
    PUT(w, OFF_NBKW, uint16_t, (uint16_t)sp->nbkw);
    PUT(w, OFF_CBSIZE, uint32_t, sp->cb_size);
    PUT(w, OFF_IMDATAMEMSIZE, uint64_t, (uint64_t)w->frame_bytes);
    for (unsigned i = 0; i < sp->nsem; i++)
        PUT(w, w->at.sem_read_pid + 4 * i, int32_t, -1);
}

static int make_pattern(milk_writer *w)
{
    if (w->spec.location != -1)
        return 0; /* no pixels to write */
    size_t esize = milk_type_size(w->spec.datatype);
    w->pattern = malloc((w->nelement + 113) * esize);
    if (!w->pattern)
        return -ENOMEM;
    for (uint64_t i = 0; i < w->nelement + 113; i++)
        milk_store_value(w->spec.datatype, w->pattern + i * esize, (unsigned)(i % 113));
    return 0;
}

int milk_writer_create(milk_writer **out, const char *path, const milk_spec *spec)
{
    *out = NULL;
    size_t esize = milk_type_size(spec->datatype);
    if (esize == 0 || spec->naxis < 1 || spec->naxis > 3)
        return -EINVAL;
    milk_writer *w = calloc(1, sizeof(*w));
    if (!w)
        return -ENOMEM;
    w->spec = *spec;
    w->fd = -1;
    w->path = strdup(path);
    w->nelement = 1;
    for (unsigned i = 0; i < spec->naxis; i++)
        w->nelement *= spec->size[i];
    w->frame_bytes = (size_t)(w->nelement * esize);
    lay_out(w);

    int rc = w->path ? open_file(w) : -ENOMEM;
    if (rc == 0)
        rc = make_pattern(w);
    if (rc == 0) {
        write_header(w);
        write_keywords(w);
        rc = make_semaphores(w);
    }
    if (rc < 0) {
        milk_writer_close(w);
        return rc;
    }
    /* The version goes last (§1): until then a reader sees "not ready". */
    const char *version = spec->version ? spec->version
                          : spec->layout == MILK_LAYOUT_105 ? "1.05" : "2.00";
    __atomic_thread_fence(__ATOMIC_RELEASE);
    strncpy((char *)w->map + OFF_VERSION, version, 32);
    *out = w;
    return 0;
}

/* ---- publishing (§7) ---- */

void milk_writer_begin_frame(milk_writer *w)
{
    if (w->spec.write_flag) {
        __atomic_store_n(w->map + OFF_WRITE, 1, __ATOMIC_RELAXED);
        /* The flag must be seen before any pixel changes. */
        __atomic_thread_fence(__ATOMIC_RELEASE);
    }
}

void milk_writer_fill_frame(milk_writer *w)
{
    if (w->spec.location != -1)
        return; /* the pixels are "on the GPU" */
    size_t esize = milk_type_size(w->spec.datatype);
    uint64_t start = ((w->cnt0 + 1) * 31) % 113;
    memcpy(w->map + w->at.pixels, w->pattern + start * esize, w->frame_bytes);
}

static void post_all(milk_writer *w)
{
    unsigned n = w->spec.nsem;
    for (unsigned i = 0; i <= n; i++) {
        sem_t *sem = NULL;
        if (w->spec.layout != MILK_LAYOUT_105)
            sem = (sem_t *)(w->map + (i < n ? w->at.semaphores + (uint64_t)i * SEM_T_BYTES : w->semlog));
        else if (w->named)
            sem = w->named[i];
        int value;
        if (sem && sem_getvalue(sem, &value) == 0 && value < 10)
            sem_post(sem);
        if (i < n)
            PUT(w, w->at.sem_write_pid + 4 * i, int32_t, getpid());
    }
}

void milk_writer_finish_frame(milk_writer *w)
{
    const milk_spec *sp = &w->spec;
    if (sp->cb_size > 0 && sp->location == -1) {
        /* Slot CBindex holds the newest frame; the first publish fills slot
         * 1; CBcycle counts wraps. The slot is filled before the index
         * moves to it. */
        uint32_t index;
        memcpy(&index, w->map + OFF_CBINDEX, 4);
        index = (index + 1) % sp->cb_size;
        memcpy(w->map + w->at.cb_pixels + (uint64_t)index * w->frame_bytes, w->map + w->at.pixels,
               w->frame_bytes);
        __atomic_thread_fence(__ATOMIC_RELEASE);
        if (index == 0) {
            uint64_t cycle;
            memcpy(&cycle, w->map + OFF_CBCYCLE, 8);
            PUT(w, OFF_CBCYCLE, uint64_t, cycle + 1);
        }
        __atomic_store_n((uint32_t *)(w->map + OFF_CBINDEX), index, __ATOMIC_RELEASE);
    }
    int64_t t[2];
    now_on(sp->clock, t);
    if (sp->stamps & MILK_STAMP_ATIME)
        put(w, OFF_ATIME, t, sizeof(t));
    if (sp->stamps & MILK_STAMP_WRITETIME)
        put(w, OFF_WRITETIME, t, sizeof(t));
    w->cnt0++;
    __atomic_store_n((uint64_t *)(w->map + OFF_CNT0), w->cnt0, __ATOMIC_RELEASE);
    if (sp->write_flag)
        __atomic_store_n(w->map + OFF_WRITE, 0, __ATOMIC_RELEASE);
    post_all(w);
}

int milk_writer_publish(milk_writer *w)
{
    milk_writer_begin_frame(w);
    milk_writer_fill_frame(w);
    milk_writer_finish_frame(w);
    return 0;
}

const milk_offsets *milk_writer_offsets(const milk_writer *w)
{
    return &w->at;
}

uint8_t *milk_writer_map(milk_writer *w)
{
    return w->map;
}

uint64_t milk_writer_counter(const milk_writer *w)
{
    return w->cnt0;
}

ino_t milk_writer_inode(const milk_writer *w)
{
    return w->inode;
}

void milk_writer_close(milk_writer *w)
{
    if (!w)
        return;
    if (w->named) {
        for (unsigned i = 0; i <= w->spec.nsem; i++)
            if (w->named[i])
                sem_close(w->named[i]);
        free(w->named);
    }
    if (w->map)
        munmap(w->map, w->at.file_size);
    if (w->fd >= 0)
        close(w->fd);
    free(w->pattern);
    free(w->path);
    free(w);
}

void milk_writer_remove(const char *path)
{
    unlink(path);
    for (int slot = -1; slot < 100; slot++) {
        char name[256];
        if (milk_semaphore_name(name, sizeof(name), path, slot) > 0)
            sem_unlink(name);
    }
}
