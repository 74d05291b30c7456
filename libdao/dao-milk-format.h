/* dao-milk-format.h — the on-disk layout of a milk / ImageStreamIO stream
 * (private).
 *
 * libdao only ever reads these files. The structs and the region equation
 * below are the contract of docs milk-format.md (measured on files made by
 * the real library, gcc x86_64): the static_asserts pin every offset it
 * gives, so a change that would misread a byte does not compile.
 *
 * Fields that the milk writer changes while we read (write, cnt0, CBindex,
 * the times) are only touched through dao-atomic.h.
 */
#ifndef DAO_MILK_FORMAT_H
#define DAO_MILK_FORMAT_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- The header (IMAGE_METADATA), §2 ---- */

#define DAO__MILK_MD_SIZE 384u         /* every layout starts with these bytes */
#define DAO__MILK_COMPAT_MD_SIZE 4496u /* "2.x" built with DAO_COMPAT */
#define DAO__MILK_VERSION_SIZE 32u
#define DAO__MILK_NAME_SIZE 80u
#define DAO__MILK_FLOAT16 13           /* the one element type DAO lacks (§4) */
#define DAO__MILK_TYPE_LAST 13

/* imagetype bits (§2). The per-slice arrays of §3.11 exist only for a
 * temporal circular buffer, i.e. when (imagetype & MASK) == TEMPORAL_CB. */
#define DAO__MILK_IMAGETYPE_CIRCULAR 0x1u
#define DAO__MILK_IMAGETYPE_SLICE_MASK 0xF000Fu
#define DAO__MILK_IMAGETYPE_TEMPORAL_CB 0x20001u

typedef struct dao__milk_timespec {
    int64_t sec;
    int64_t nsec;
} dao__milk_timespec;

typedef struct dao__milk_md {
    char version[DAO__MILK_VERSION_SIZE]; /* "2.00", "1.05"; all zero until created */
    char name[DAO__MILK_NAME_SIZE];       /* stream name, no directory */
    uint8_t naxis;                        /* 1–3 */
    uint32_t size[3];                     /* size[0] is x, the FASTEST axis (§5) */
    uint64_t nelement;
    uint8_t datatype;                     /* 1–13 (§4) */
    uint64_t imagetype;
    dao__milk_timespec creationtime;
    dao__milk_timespec lastaccesstime;
    dao__milk_timespec atime;             /* CLOCK_TAI since 2023-05 (§7) */
    dao__milk_timespec writetime;
    int32_t creator_pid;
    int32_t owner_pid;
    uint8_t shared;                       /* 1 */
    uint64_t inode;                       /* st_ino of the file at creation */
    int8_t location;                      /* -1: pixels in the file; >= 0: GPU device */
    uint8_t status;
    uint64_t flag;
    uint8_t logflag;
    uint16_t sem;                         /* number of semaphores */
    uint16_t nb_proctrace;
    uint64_t cnt0;                        /* published frames */
    uint64_t cnt1;
    uint64_t cnt2;
    uint8_t write;                        /* 1 while a frame is written (if the writer says so) */
    uint16_t nbkw;
    uint32_t cb_size;
    uint32_t cb_index;                    /* slot of the newest frame */
    uint64_t cb_cycle;
    uint64_t imdatamemsize;               /* bytes of one frame */
    uint8_t cuda_mem_handle[64];
} dao__milk_md;

static_assert(sizeof(dao__milk_md) == DAO__MILK_MD_SIZE, "IMAGE_METADATA is 384 bytes");
static_assert(offsetof(dao__milk_md, version) == 0, "version");
static_assert(offsetof(dao__milk_md, name) == 32, "name");
static_assert(offsetof(dao__milk_md, naxis) == 112, "naxis");
static_assert(offsetof(dao__milk_md, size) == 116, "size");
static_assert(offsetof(dao__milk_md, nelement) == 128, "nelement");
static_assert(offsetof(dao__milk_md, datatype) == 136, "datatype");
static_assert(offsetof(dao__milk_md, imagetype) == 144, "imagetype");
static_assert(offsetof(dao__milk_md, creationtime) == 152, "creationtime");
static_assert(offsetof(dao__milk_md, lastaccesstime) == 168, "lastaccesstime");
static_assert(offsetof(dao__milk_md, atime) == 184, "atime");
static_assert(offsetof(dao__milk_md, writetime) == 200, "writetime");
static_assert(offsetof(dao__milk_md, creator_pid) == 216, "creatorPID");
static_assert(offsetof(dao__milk_md, owner_pid) == 220, "ownerPID");
static_assert(offsetof(dao__milk_md, shared) == 224, "shared");
static_assert(offsetof(dao__milk_md, inode) == 232, "inode");
static_assert(offsetof(dao__milk_md, location) == 240, "location");
static_assert(offsetof(dao__milk_md, status) == 241, "status");
static_assert(offsetof(dao__milk_md, flag) == 248, "flag");
static_assert(offsetof(dao__milk_md, logflag) == 256, "logflag");
static_assert(offsetof(dao__milk_md, sem) == 258, "sem");
static_assert(offsetof(dao__milk_md, nb_proctrace) == 260, "NBproctrace");
static_assert(offsetof(dao__milk_md, cnt0) == 264, "cnt0");
static_assert(offsetof(dao__milk_md, cnt1) == 272, "cnt1");
static_assert(offsetof(dao__milk_md, cnt2) == 280, "cnt2");
static_assert(offsetof(dao__milk_md, write) == 288, "write");
static_assert(offsetof(dao__milk_md, nbkw) == 290, "NBkw");
static_assert(offsetof(dao__milk_md, cb_size) == 292, "CBsize");
static_assert(offsetof(dao__milk_md, cb_index) == 296, "CBindex");
static_assert(offsetof(dao__milk_md, cb_cycle) == 304, "CBcycle");
static_assert(offsetof(dao__milk_md, imdatamemsize) == 312, "imdatamemsize");
static_assert(offsetof(dao__milk_md, cuda_mem_handle) == 320, "cudaMemHandle");

/* What DAO_COMPAT appends to the header; dao reads none of it, but it moves
 * every region after the header. */
typedef struct dao__milk_compat_md {
    dao__milk_md md;
    uint32_t last_pos;
    uint32_t last_nb;
    uint32_t packet_nb;
    uint32_t packet_total;
    uint64_t last_nb_array[512];
} dao__milk_compat_md;

static_assert(sizeof(dao__milk_compat_md) == DAO__MILK_COMPAT_MD_SIZE, "DAO_COMPAT header is 4496 bytes");
static_assert(offsetof(dao__milk_compat_md, last_pos) == 384, "lastPos");
static_assert(offsetof(dao__milk_compat_md, last_nb) == 388, "lastNb");
static_assert(offsetof(dao__milk_compat_md, packet_nb) == 392, "packetNb");
static_assert(offsetof(dao__milk_compat_md, packet_total) == 396, "packetTotal");
static_assert(offsetof(dao__milk_compat_md, last_nb_array) == 400, "lastNbArray");

/* ---- Keywords, §6 (region 3) ---- */

#define DAO__MILK_KEYWORD_SIZE 128u

typedef struct dao__milk_keyword {
    char name[16];
    char type; /* 'N' unused, 'L' i64, 'D' double, 'S' string */
    union {
        int64_t i;
        double d;
        char s[16];
    } value;
    uint64_t cnt; /* the writer's update count */
    char comment[80];
} dao__milk_keyword;

static_assert(sizeof(dao__milk_keyword) == DAO__MILK_KEYWORD_SIZE, "keyword is 128 bytes");
static_assert(offsetof(dao__milk_keyword, name) == 0, "keyword name");
static_assert(offsetof(dao__milk_keyword, type) == 16, "keyword type");
static_assert(offsetof(dao__milk_keyword, value) == 24, "keyword value");
static_assert(offsetof(dao__milk_keyword, cnt) == 40, "keyword cnt");
static_assert(offsetof(dao__milk_keyword, comment) == 48, "keyword comment");

/* ---- Semaphores and registration, §9 (regions 4–9) ---- */

/* "2.x": an unnamed process-shared sem_t (32 bytes with glibc, whose first
 * u32 is the value) per semaphore, inside the file. */
#define DAO__MILK_SEM_T_SIZE 32u
/* "1.05": a record naming a POSIX semaphore that lives outside the file. */
#define DAO__MILK_105_SEM_NAME_SIZE 200u

typedef struct dao__milk_105_sem_record {
    uint64_t inode;
    char name[DAO__MILK_105_SEM_NAME_SIZE];
} dao__milk_105_sem_record;

static_assert(sizeof(dao__milk_105_sem_record) == 208, "1.05 semaphore record is 208 bytes");

/* Per-slot registration arrays (semReadPID, semWritePID, semctrl, semstatus)
 * and the process trace. */
#define DAO__MILK_PID_SLOT_SIZE 4u
#define DAO__MILK_PROCTRACE_SIZE 64u

/* CB metadata per slot, and the per-slice arrays of §3.11. UpdateIm leaves
 * them all zero (measured), so dao only needs their sizes. */
#define DAO__MILK_CB_META_SIZE 48u
#define DAO__MILK_SLICE_TIME_SIZE 16u
#define DAO__MILK_SLICE_CNT_SIZE 8u

/* ---- The layout variants and the size equation, §1 step 3 and §3 ---- */

typedef enum dao__milk_layout {
    DAO__MILK_LAYOUT_2X,           /* "2.x": 384-byte header, regions rounded to 8 */
    DAO__MILK_LAYOUT_2X_COMPAT,    /* "2.x" built with DAO_COMPAT: 4496-byte header, rounded */
    DAO__MILK_LAYOUT_2X_UNROUNDED, /* "2.x" of 2023-08-01 … 08-20: 384, not rounded */
    DAO__MILK_LAYOUT_105,          /* "1.05": not rounded, named semaphores, no semlog */
} dao__milk_layout;

/* Where each region starts, and where the file ends, for one layout. A
 * region a stream does not have (pixels of a GPU stream, semlog in "1.05",
 * the per-slice arrays of other image types) has zero length: it starts
 * where the next one does. */
typedef struct dao__milk_regions {
    uint64_t pixels;
    uint64_t keywords;
    uint64_t semaphores;
    uint64_t semlog;
    uint64_t sem_read_pid;
    uint64_t sem_write_pid;
    uint64_t semctrl;
    uint64_t semstatus;
    uint64_t proctrace;
    uint64_t slice_atime;
    uint64_t slice_writetime;
    uint64_t slice_cnt;
    uint64_t cb_meta;
    uint64_t cb_pixels;
    uint64_t end; /* the file size this layout needs */
} dao__milk_regions;

/* The header fields the size equation depends on. */
typedef struct dao__milk_shape {
    uint64_t frame_bytes; /* imdatamemsize */
    bool pixels_in_file;  /* location == -1 */
    uint16_t nbkw;
    uint16_t nsem;
    uint16_t nb_proctrace;
    uint32_t cb_size;
    uint32_t slices;      /* size[2] when the per-slice arrays exist, else 0 */
} dao__milk_shape;

/* Lays out every region of `layout` in order (§3), each starting where the
 * previous one ends. Returns false if any size overflows 64 bits: such a
 * header cannot describe a real file. */
bool dao__milk_layout_regions(dao__milk_layout layout, const dao__milk_shape *shape,
                              dao__milk_regions *out);

/* "2.x rounded", "2.x DAO_COMPAT", … for messages; static. */
const char *dao__milk_layout_name(dao__milk_layout layout);

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "milk streams are little-endian");

#endif /* DAO_MILK_FORMAT_H */
