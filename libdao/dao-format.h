/* dao-format.h — the on-disk layout of a DAO stream (private).
 *
 * These structs are the contract of docs/shm-format.md: every offset below
 * was measured on the DAO header that running systems were compiled from
 * (gcc, x86_64). The static_asserts pin each one, so a change that would
 * break byte compatibility does not compile.
 *
 * Fields that several processes change while others read them (write, cnt0,
 * fifo_last_written, atime) are only touched through dao-atomic.h.
 */
#ifndef DAO_FORMAT_H
#define DAO_FORMAT_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#define DAO__MD_SIZE 4304u
#define DAO__KEYWORD_SIZE 120u
#define DAO__NAME_SIZE 80u

typedef struct dao__md {
    char name[DAO__NAME_SIZE]; /* creation path, NUL-terminated, informational */
    uint8_t naxis;
    uint32_t size[3];          /* extents, C order; unused axes 0 */
    uint64_t nelement;
    uint8_t atype;
    double creation_time;      /* wall-clock seconds */
    double last_access;        /* set equal to creation_time */
    int64_t atime_unused;      /* first half of a timespec-like pair: 0 */
    int64_t atime_ns;          /* last write, ns since the epoch */
    uint8_t shared;            /* 1 */
    uint8_t status;
    uint8_t logflag;
    uint16_t sem;              /* reader semaphores (md[0] only) */
    uint64_t cnt0;             /* frame counter */
    uint64_t cnt1;
    uint64_t cnt2;
    uint8_t write;             /* 1 while a write is in progress */
    uint16_t nbkw;
    uint32_t last_pos;
    uint32_t last_nb;
    uint32_t packet_nb;
    uint32_t packet_total;
    uint64_t last_nb_array[512];
    uint32_t fifo_size;        /* depth N (md[0] only; 0 from old writers means 1) */
    uint32_t fifo_last_written; /* newest segment (md[0] only) */
} dao__md;

typedef struct dao__keyword {
    char name[16];
    char type; /* 'N', 'L', 'D', 'S' */
    union {
        int64_t i;
        double d;
        char s[16];
    } value;
    char comment[80];
} dao__keyword;

static_assert(sizeof(dao__md) == DAO__MD_SIZE, "metadata block is 4304 bytes");
static_assert(offsetof(dao__md, name) == 0, "name");
static_assert(offsetof(dao__md, naxis) == 80, "naxis");
static_assert(offsetof(dao__md, size) == 84, "size");
static_assert(offsetof(dao__md, nelement) == 96, "nelement");
static_assert(offsetof(dao__md, atype) == 104, "atype");
static_assert(offsetof(dao__md, creation_time) == 112, "creation_time");
static_assert(offsetof(dao__md, last_access) == 120, "last_access");
static_assert(offsetof(dao__md, atime_unused) == 128, "atime first half");
static_assert(offsetof(dao__md, atime_ns) == 136, "atime second half");
static_assert(offsetof(dao__md, shared) == 144, "shared");
static_assert(offsetof(dao__md, status) == 145, "status");
static_assert(offsetof(dao__md, logflag) == 146, "logflag");
static_assert(offsetof(dao__md, sem) == 148, "sem");
static_assert(offsetof(dao__md, cnt0) == 152, "cnt0");
static_assert(offsetof(dao__md, cnt1) == 160, "cnt1");
static_assert(offsetof(dao__md, cnt2) == 168, "cnt2");
static_assert(offsetof(dao__md, write) == 176, "write");
static_assert(offsetof(dao__md, nbkw) == 178, "NBkw");
static_assert(offsetof(dao__md, last_pos) == 180, "lastPos");
static_assert(offsetof(dao__md, last_nb) == 184, "lastNb");
static_assert(offsetof(dao__md, packet_nb) == 188, "packetNb");
static_assert(offsetof(dao__md, packet_total) == 192, "packetTotal");
static_assert(offsetof(dao__md, last_nb_array) == 200, "lastNbArray");
static_assert(offsetof(dao__md, fifo_size) == 4296, "fifo_size");
static_assert(offsetof(dao__md, fifo_last_written) == 4300, "fifo_last_written");

static_assert(sizeof(dao__keyword) == DAO__KEYWORD_SIZE, "keyword is 120 bytes");
static_assert(offsetof(dao__keyword, name) == 0, "keyword name");
static_assert(offsetof(dao__keyword, type) == 16, "keyword type");
static_assert(offsetof(dao__keyword, value) == 24, "keyword value");
static_assert(offsetof(dao__keyword, comment) == 40, "keyword comment");

/* The format is little-endian with natural alignment; refuse to build
 * anywhere the bytes would differ. */
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "DAO streams are little-endian");
static_assert(sizeof(double) == 8, "IEEE double");

#endif /* DAO_FORMAT_H */
