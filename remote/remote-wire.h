/* remote-wire.h — the bytes of dao's wire format (docs/wire-format.md), in
 * one place: sizes and offsets, encoders, and decoders that treat every byte
 * as hostile. Private to libdao-remote and its tests. */
#ifndef DAO_REMOTE_WIRE_H
#define DAO_REMOTE_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "dao-remote.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
/* Pixels cross the wire in the stream's own (little-endian) byte order. */
#error "libdao-remote supports little-endian hosts only"
#endif

#define WIRE_VERSION 1
#define WIRE_NAME_FIELD 64 /* NUL-padded; at most 63 characters */

/* Four bytes at offset 0 of every message say what it is. */
#define WIRE_MAGIC_REQUEST "DAOQ" /* client → server */
#define WIRE_MAGIC_FRAME "DAOF"   /* server → client: a frame (two parts) */
#define WIRE_MAGIC_STATUS "DAOS"  /* server → client: no new frame yet */
#define WIRE_MAGIC_ERROR "DAOE"   /* server → client: the request failed */
#define WIRE_MAGIC_LIST "DAOL"    /* server → client: the streams offered */

#define WIRE_REQUEST_SIZE 96
#define WIRE_FRAME_HEADER_SIZE 160
#define WIRE_KEYWORD_SIZE 120
#define WIRE_STATUS_SIZE 96
#define WIRE_ERROR_SIZE 208
#define WIRE_LIST_HEADER_SIZE 16
#define WIRE_LIST_ENTRY_SIZE 96

/* Limits a decoder enforces whatever the peer says. */
#define WIRE_MAX_KEYWORDS 4096
#define WIRE_MAX_LIST_ENTRIES 4096
#define WIRE_MAX_LIST_SIZE (WIRE_LIST_HEADER_SIZE + WIRE_MAX_LIST_ENTRIES * WIRE_LIST_ENTRY_SIZE)
#define WIRE_MAX_REQUEST_SIZE 1024 /* the server's ZMQ_MAXMSGSIZE */
#define WIRE_ERROR_MESSAGE_MAX 127

enum wire_request_kind {
    WIRE_REQUEST_LIST = 1,
    WIRE_REQUEST_FRAME = 2,
};

typedef struct wire_request {
    unsigned kind;          /* wire_request_kind */
    unsigned codecs;        /* bit (1 << codec) for each codec the client decodes */
    uint32_t max_fps_milli; /* frames per 1000 s; 0: every frame */
    uint64_t last_counter;  /* counter of the frame the client has */
    uint32_t last_generation;
    char name[WIRE_NAME_FIELD];
} wire_request;

typedef struct wire_status {
    char name[WIRE_NAME_FIELD];
    uint32_t generation;
    uint64_t counter;
    int64_t write_time_ns;
} wire_status;

typedef struct wire_error {
    char name[WIRE_NAME_FIELD];
    int32_t code;
    char message[WIRE_ERROR_MESSAGE_MAX + 1];
} wire_error;

/* Which message a received first part is: its magic as one of the
 * WIRE_MAGIC_* strings, or NULL when it is none (or shorter than 8 bytes,
 * or of another version: *code then says which). */
const char *dao_remote__wire_kind(const void *buf, size_t len, int *code);

void dao_remote__request_encode(uint8_t out[WIRE_REQUEST_SIZE], const wire_request *rq);
int dao_remote__request_decode(wire_request *rq, const void *buf, size_t len);

/* The frame header (first part): fixed header then keyword_count entries.
 * dao_remote__frame_header_size() is its length. */
size_t dao_remote__frame_header_size(unsigned keyword_count);
void dao_remote__frame_header_encode(uint8_t *out, const dao_remote_frame *f,
                                     const dao_keyword *keywords);
/* Checks every field, the part length against the keyword count and the
 * payload length against payload_size, and the frame size against
 * max_frame_bytes, before anything is used. */
int dao_remote__frame_header_decode(dao_remote_frame *f, const void *buf, size_t len,
                                    size_t payload_len, size_t max_frame_bytes);
/* Keyword i of a header that decoded. */
void dao_remote__frame_keyword_decode(dao_keyword *out, const void *header, unsigned index);

void dao_remote__status_encode(uint8_t out[WIRE_STATUS_SIZE], const wire_status *st);
int dao_remote__status_decode(wire_status *st, const void *buf, size_t len);

void dao_remote__error_encode(uint8_t out[WIRE_ERROR_SIZE], const wire_error *e);
int dao_remote__error_decode(wire_error *e, const void *buf, size_t len);

size_t dao_remote__list_size(size_t count);
void dao_remote__list_encode(uint8_t *out, const dao_remote_entry *entries, size_t count);
/* On success *entries is malloc'ed (NULL when count is 0). */
int dao_remote__list_decode(dao_remote_entry **entries, size_t *count, const void *buf, size_t len);

/* Frame size of a shape and type, or 0 when it overflows or is not one. */
size_t dao_remote__frame_size(dao_type type, unsigned naxis, const uint32_t *shape);

#endif /* DAO_REMOTE_WIRE_H */
