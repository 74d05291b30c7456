/* milk-writer.h — a milk / ImageStreamIO stream writer for tests.
 *
 * Written from the byte contract (shared docs, milk-format.md) alone: its
 * own offsets, its own size arithmetic, no libdao and no milk code, so that
 * libdao's reader is checked against an independent reading of the contract
 * (and both against the contract's worked examples).
 *
 * It writes what the real library writes: the header with the version
 * string last, in-file semaphores ("2.x") or named ones ("1.05"),
 * registration arrays, keywords, the fast circular buffer, and frames
 * published as ImageStreamIO_UpdateIm does (§7). It re-creates a stream by
 * unlinking the old file, as ISIO "2.x" does, or in place, as "1.05" does.
 */
#ifndef MILK_WRITER_H
#define MILK_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef enum milk_layout {
    MILK_LAYOUT_2X,           /* "2.00", regions rounded to 8 bytes */
    MILK_LAYOUT_2X_COMPAT,    /* "2.00" built with DAO_COMPAT: 4496-byte header */
    MILK_LAYOUT_2X_UNROUNDED, /* "2.00" of August 2023: nothing rounded */
    MILK_LAYOUT_105,          /* "1.05": named semaphores, no semlog */
} milk_layout;

typedef enum milk_clock {
    MILK_CLOCK_TAI,      /* what ISIO uses since 2023-05 */
    MILK_CLOCK_REALTIME, /* before that */
} milk_clock;

/* Which time stamps a publish sets (ISIO: none before 2023-08, writetime
 * since, atime too since 2024-01). */
enum {
    MILK_STAMP_WRITETIME = 1u << 0,
    MILK_STAMP_ATIME = 1u << 1,
};

typedef struct milk_spec {
    milk_layout layout;
    int datatype;            /* 1–13 (13 float16) */
    unsigned naxis;          /* 1–3 */
    uint32_t size[3];        /* milk order: size[0] is x, the fastest axis */
    unsigned nbkw;           /* keyword entries */
    bool fill_keywords;      /* give them values; else all 'N', as ISIO creates them */
    unsigned cb_size;        /* fast circular buffer slots */
    unsigned nsem;           /* semaphores */
    int location;            /* -1: pixels in the file; >= 0: "on" that GPU */
    bool temporal;           /* a temporal circular buffer: imagetype 0x20001 */
    milk_clock clock;
    unsigned stamps;         /* MILK_STAMP_* */
    bool write_flag;         /* raise `write` around each frame (ISIO leaves it to the writer) */
    bool in_place;           /* re-create by truncating the same file, as "1.05" does */
    bool named_semaphores;   /* "1.05": create the named semaphores, as ISIO's opener does */
    const char *version;     /* NULL: the layout's; "" leaves the 32 bytes zero (not ready) */
} milk_spec;

/* ISIO's defaults: "2.00", 10 semaphores, pixels in the file, TAI stamps of
 * both times, the write flag raised. */
#define MILK_SPEC_INIT                                                                \
    {                                                                                 \
        .layout = MILK_LAYOUT_2X, .datatype = 9, .naxis = 2, .size = {64, 48, 0},     \
        .nsem = 10, .location = -1, .clock = MILK_CLOCK_TAI,                          \
        .stamps = MILK_STAMP_WRITETIME | MILK_STAMP_ATIME, .write_flag = true,        \
        .named_semaphores = true,                                                     \
    }

typedef struct milk_writer milk_writer;

/* Where the writer put each region, by its own arithmetic. */
typedef struct milk_offsets {
    uint64_t pixels, keywords, semaphores, sem_read_pid, sem_write_pid, proctrace;
    uint64_t cb_meta, cb_pixels, file_size;
} milk_offsets;

/* Create (or re-create) the stream at `path`: unlink and write a new file
 * (mode 0666, a new inode), or truncate the old one in place. The stream
 * name in the header is the file name without ".im.shm". Returns 0 or
 * -errno; *out is NULL on failure. */
int milk_writer_create(milk_writer **out, const char *path, const milk_spec *spec);

/* Publish frame cnt0 + 1, whose element i is milk_pattern(cnt0 + 1, i). */
int milk_writer_publish(milk_writer *w);

/* The parts of a publish, for tests that stop a writer between them. */
void milk_writer_begin_frame(milk_writer *w);  /* write = 1 (if the spec says so) */
void milk_writer_fill_frame(milk_writer *w);   /* pixels of the next frame */
void milk_writer_finish_frame(milk_writer *w); /* CB, times, cnt0, write = 0, posts */

const milk_offsets *milk_writer_offsets(const milk_writer *w);
uint8_t *milk_writer_map(milk_writer *w);  /* the whole file, writable */
uint64_t milk_writer_counter(const milk_writer *w);
ino_t milk_writer_inode(const milk_writer *w);

/* Unmap and close; the file (and its named semaphores) stay. NULL is fine. */
void milk_writer_close(milk_writer *w);

/* Remove the file at `path` and the named semaphores a "1.05" writer would
 * have made for it. Missing ones are not an error. */
void milk_writer_remove(const char *path);

/* Remove the named semaphores of every "1.05" stream this process created
 * (they live in /dev/shm, which the whole machine shares). For a test's
 * teardown. */
void milk_writer_remove_named_semaphores(void);

/* The name of "1.05" named semaphore `slot` (-1: semlog) for `path`, as
 * sem_open() takes it: <directory with '/' turned to '.'>.<name>_semNN. */
int milk_semaphore_name(char *buf, size_t len, const char *path, int slot);

/* The test pattern: element `index` of frame `frame` is this small integer
 * (0 … 112), stored as the element type's value (complex: re = v, im = -v;
 * float16: its IEEE half). Frame 0 is the all-zero file of a new stream. */
unsigned milk_pattern(uint64_t frame, uint64_t index);

/* Bytes per element of milk datatype `code`, 0 if it is not 1–13. */
size_t milk_type_size(int code);

/* Store value v as one element of `datatype` at dst. */
void milk_store_value(int datatype, void *dst, unsigned v);

/* numpy name of a datatype, or NULL; and back (also accepts "1" … "13"). */
const char *milk_type_name(int code);
int milk_type_from_name(const char *name);

#endif /* MILK_WRITER_H */
