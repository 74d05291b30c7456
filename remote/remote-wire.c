/* remote-wire.c — encoding and validating dao's wire format.
 *
 * Every field is written and read byte by byte in little-endian order, so
 * the format does not depend on struct layout or alignment. A decoder reads
 * nothing before it has checked the length, and accepts a size only after
 * it has checked it against the bytes actually received and the receiver's
 * own limit: a peer can make us refuse a message, never read past it or
 * allocate what it chose. */
#include "remote-wire.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
    uint32_t v = 0;
    for (int i = 3; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static uint64_t get64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* magic, version, size: the first 8 bytes of every fixed-size message. */
static void put_preamble(uint8_t *out, const char *magic, uint16_t size)
{
    memcpy(out, magic, 4);
    put16(out + 4, WIRE_VERSION);
    put16(out + 6, size);
}

static void put_name(uint8_t *out, const char *name)
{
    memset(out, 0, WIRE_NAME_FIELD);
    size_t n = strnlen(name, WIRE_NAME_FIELD - 1);
    memcpy(out, name, n);
}

/* A name field: NUL-terminated within its 64 bytes, NUL-padded after, and a
 * valid stream name (or empty when allowed). */
static int get_name(char *name, const uint8_t *in, bool empty_ok)
{
    const void *nul = memchr(in, 0, WIRE_NAME_FIELD);
    if (!nul)
        return DAO_REMOTE_E_BAD_MESSAGE;
    size_t n = (size_t)((const uint8_t *)nul - in);
    for (size_t i = n; i < WIRE_NAME_FIELD; i++)
        if (in[i] != 0)
            return DAO_REMOTE_E_BAD_MESSAGE;
    memcpy(name, in, n + 1);
    if (n == 0)
        return empty_ok ? 0 : DAO_REMOTE_E_BAD_NAME;
    return dao_remote_name_is_valid(name) ? 0 : DAO_REMOTE_E_BAD_NAME;
}

static bool all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

bool dao_remote_name_is_valid(const char *name)
{
    size_t n = strnlen(name, DAO_REMOTE_NAME_MAX + 1);
    if (n == 0 || n > DAO_REMOTE_NAME_MAX || name[0] == '.')
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

const char *dao_remote__wire_kind(const void *buf, size_t len, int *code)
{
    static const char *const kinds[] = {
        WIRE_MAGIC_REQUEST, WIRE_MAGIC_FRAME, WIRE_MAGIC_STATUS, WIRE_MAGIC_ERROR, WIRE_MAGIC_LIST,
    };
    const uint8_t *p = buf;
    *code = DAO_REMOTE_E_BAD_MAGIC;
    if (len < 8)
        return NULL;
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        if (memcmp(p, kinds[i], 4) == 0) {
            if (get16(p + 4) != WIRE_VERSION) {
                *code = DAO_REMOTE_E_BAD_VERSION;
                return NULL;
            }
            *code = 0;
            return kinds[i];
        }
    }
    return NULL;
}

/* The preamble of a fixed-size message: magic, version and size fields
 * against what was received. */
static int check_preamble(const uint8_t *p, size_t len, const char *magic, size_t size)
{
    if (len < 8 || memcmp(p, magic, 4) != 0)
        return DAO_REMOTE_E_BAD_MAGIC;
    if (get16(p + 4) != WIRE_VERSION)
        return DAO_REMOTE_E_BAD_VERSION;
    if (len != size || get16(p + 6) != size)
        return DAO_REMOTE_E_BAD_MESSAGE;
    return 0;
}

/* ---- request ------------------------------------------------------------ */

void dao_remote__request_encode(uint8_t out[WIRE_REQUEST_SIZE], const wire_request *rq)
{
    memset(out, 0, WIRE_REQUEST_SIZE);
    put_preamble(out, WIRE_MAGIC_REQUEST, WIRE_REQUEST_SIZE);
    put16(out + 8, (uint16_t)rq->kind);
    put16(out + 10, (uint16_t)rq->codecs);
    put32(out + 12, rq->max_fps_milli);
    put64(out + 16, rq->last_counter);
    put32(out + 24, rq->last_generation);
    put_name(out + 32, rq->name);
}

int dao_remote__request_decode(wire_request *rq, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    int rc = check_preamble(p, len, WIRE_MAGIC_REQUEST, WIRE_REQUEST_SIZE);
    if (rc < 0)
        return rc;
    rq->kind = get16(p + 8);
    rq->codecs = get16(p + 10);
    rq->max_fps_milli = get32(p + 12);
    rq->last_counter = get64(p + 16);
    rq->last_generation = get32(p + 24);
    if (rq->kind != WIRE_REQUEST_LIST && rq->kind != WIRE_REQUEST_FRAME)
        return DAO_REMOTE_E_BAD_MESSAGE;
    if (!all_zero(p + 28, 4))
        return DAO_REMOTE_E_BAD_MESSAGE;
    return get_name(rq->name, p + 32, rq->kind == WIRE_REQUEST_LIST);
}

/* ---- frame -------------------------------------------------------------- */

size_t dao_remote__frame_size(dao_type type, unsigned naxis, const uint32_t *shape)
{
    size_t esize = dao_type_size((int)type);
    if (esize == 0 || naxis < 1 || naxis > DAO_MAX_AXES)
        return 0;
    size_t n = esize;
    for (unsigned i = 0; i < naxis; i++) {
        if (shape[i] == 0 || n > SIZE_MAX / shape[i])
            return 0;
        n *= shape[i];
    }
    return n;
}

size_t dao_remote__frame_header_size(unsigned keyword_count)
{
    return WIRE_FRAME_HEADER_SIZE + (size_t)keyword_count * WIRE_KEYWORD_SIZE;
}

static void put_keyword(uint8_t *out, const dao_keyword *k)
{
    memset(out, 0, WIRE_KEYWORD_SIZE);
    memcpy(out, k->name, strnlen(k->name, DAO_KEYWORD_NAME_MAX));
    out[16] = (uint8_t)k->type;
    if (k->type == DAO_KEYWORD_INT) {
        put64(out + 24, (uint64_t)k->value.i);
    } else if (k->type == DAO_KEYWORD_DOUBLE) {
        uint64_t bits;
        memcpy(&bits, &k->value.d, sizeof bits);
        put64(out + 24, bits);
    } else if (k->type == DAO_KEYWORD_STRING) {
        memcpy(out + 24, k->value.s, strnlen(k->value.s, DAO_KEYWORD_STRING_MAX));
    }
    memcpy(out + 40, k->comment, strnlen(k->comment, DAO_KEYWORD_COMMENT_MAX));
}

void dao_remote__frame_header_encode(uint8_t *out, const dao_remote_frame *f,
                                     const dao_keyword *keywords)
{
    memset(out, 0, WIRE_FRAME_HEADER_SIZE);
    put_preamble(out, WIRE_MAGIC_FRAME, WIRE_FRAME_HEADER_SIZE);
    put_name(out + 8, f->name);
    out[72] = (uint8_t)f->source_format;
    out[73] = (uint8_t)f->type;
    out[74] = (uint8_t)f->naxis;
    out[75] = (uint8_t)f->codec;
    put32(out + 76, f->generation);
    for (unsigned i = 0; i < DAO_MAX_AXES; i++)
        put32(out + 80 + 4 * i, i < f->naxis ? f->shape[i] : 0);
    put16(out + 92, (uint16_t)f->keyword_count);
    put16(out + 94, (uint16_t)f->keyword_capacity);
    put64(out + 96, f->counter);
    put64(out + 104, (uint64_t)f->write_time_ns);
    put64(out + 112, (uint64_t)f->send_time_ns);
    put64(out + 120, f->size);
    put64(out + 128, f->payload_size);
    for (unsigned i = 0; i < f->keyword_count; i++)
        put_keyword(out + WIRE_FRAME_HEADER_SIZE + (size_t)i * WIRE_KEYWORD_SIZE, &keywords[i]);
}

static bool valid_codec(unsigned codec)
{
    return codec == DAO_REMOTE_CODEC_NONE || codec == DAO_REMOTE_CODEC_LZ4 ||
           codec == DAO_REMOTE_CODEC_SHUFFLE_LZ4;
}

/* LZ4's own bound on what a block of n bytes can compress to (LZ4_COMPRESSBOUND),
 * written out so the decoder's check does not depend on the codec's header. */
static uint64_t lz4_bound(uint64_t n)
{
    return n + n / 255 + 16;
}

int dao_remote__frame_header_decode(dao_remote_frame *f, const void *buf, size_t len,
                                    size_t payload_len, size_t max_frame_bytes)
{
    const uint8_t *p = buf;
    if (len < WIRE_FRAME_HEADER_SIZE)
        return len >= 4 && memcmp(p, WIRE_MAGIC_FRAME, 4) == 0 ? DAO_REMOTE_E_BAD_MESSAGE
                                                               : DAO_REMOTE_E_BAD_MAGIC;
    if (memcmp(p, WIRE_MAGIC_FRAME, 4) != 0)
        return DAO_REMOTE_E_BAD_MAGIC;
    if (get16(p + 4) != WIRE_VERSION)
        return DAO_REMOTE_E_BAD_VERSION;
    if (get16(p + 6) != WIRE_FRAME_HEADER_SIZE)
        return DAO_REMOTE_E_BAD_MESSAGE;

    memset(f, 0, sizeof *f);
    int rc = get_name(f->name, p + 8, false);
    if (rc < 0)
        return rc;
    f->source_format = p[72];
    f->type = (dao_type)p[73];
    f->naxis = p[74];
    f->codec = p[75];
    f->generation = get32(p + 76);
    if (f->source_format != DAO_REMOTE_SOURCE_DAO && f->source_format != DAO_REMOTE_SOURCE_MILK)
        return DAO_REMOTE_E_BAD_MESSAGE;
    if (dao_type_size((int)f->type) == 0 || f->naxis < 1 || f->naxis > DAO_MAX_AXES ||
        !valid_codec(f->codec))
        return DAO_REMOTE_E_BAD_MESSAGE;
    for (unsigned i = 0; i < DAO_MAX_AXES; i++) {
        f->shape[i] = get32(p + 80 + 4 * i);
        if ((i < f->naxis) != (f->shape[i] != 0))
            return DAO_REMOTE_E_BAD_MESSAGE;
    }
    f->keyword_count = get16(p + 92);
    f->keyword_capacity = get16(p + 94);
    if (f->keyword_count > WIRE_MAX_KEYWORDS || f->keyword_count > f->keyword_capacity)
        return DAO_REMOTE_E_BAD_MESSAGE;
    if (len != dao_remote__frame_header_size(f->keyword_count))
        return DAO_REMOTE_E_BAD_MESSAGE;
    f->counter = get64(p + 96);
    f->write_time_ns = (int64_t)get64(p + 104);
    f->send_time_ns = (int64_t)get64(p + 112);
    uint64_t raw = get64(p + 120), payload = get64(p + 128);
    if (!all_zero(p + 136, WIRE_FRAME_HEADER_SIZE - 136))
        return DAO_REMOTE_E_BAD_MESSAGE;

    /* Sizes last: the shape decides the frame size, never the peer's word. */
    size_t expect = dao_remote__frame_size(f->type, f->naxis, f->shape);
    if (expect == 0 || raw != expect)
        return DAO_REMOTE_E_BAD_MESSAGE;
    if (raw > max_frame_bytes)
        return DAO_REMOTE_E_TOO_LARGE;
    if (payload != payload_len)
        return DAO_REMOTE_E_BAD_MESSAGE;
    if (f->codec == DAO_REMOTE_CODEC_NONE ? payload != raw : payload > lz4_bound(raw))
        return DAO_REMOTE_E_BAD_MESSAGE;
    f->size = (size_t)raw;
    f->payload_size = (size_t)payload;

    for (unsigned i = 0; i < f->keyword_count; i++) {
        const uint8_t *k = p + WIRE_FRAME_HEADER_SIZE + (size_t)i * WIRE_KEYWORD_SIZE;
        char t = (char)k[16];
        if (t != DAO_KEYWORD_INT && t != DAO_KEYWORD_DOUBLE && t != DAO_KEYWORD_STRING)
            return DAO_REMOTE_E_BAD_MESSAGE;
        if (k[0] == 0 || !all_zero(k + 17, 7))
            return DAO_REMOTE_E_BAD_MESSAGE;
    }
    return 0;
}

void dao_remote__frame_keyword_decode(dao_keyword *out, const void *header, unsigned index)
{
    const uint8_t *k = (const uint8_t *)header + WIRE_FRAME_HEADER_SIZE + (size_t)index * WIRE_KEYWORD_SIZE;
    memset(out, 0, sizeof *out);
    memcpy(out->name, k, DAO_KEYWORD_NAME_MAX);
    out->type = (char)k[16];
    if (out->type == DAO_KEYWORD_INT) {
        out->value.i = (int64_t)get64(k + 24);
    } else if (out->type == DAO_KEYWORD_DOUBLE) {
        uint64_t bits = get64(k + 24);
        memcpy(&out->value.d, &bits, sizeof bits);
    } else {
        memcpy(out->value.s, k + 24, DAO_KEYWORD_STRING_MAX);
    }
    memcpy(out->comment, k + 40, DAO_KEYWORD_COMMENT_MAX);
}

/* ---- status, error ------------------------------------------------------ */

void dao_remote__status_encode(uint8_t out[WIRE_STATUS_SIZE], const wire_status *st)
{
    memset(out, 0, WIRE_STATUS_SIZE);
    put_preamble(out, WIRE_MAGIC_STATUS, WIRE_STATUS_SIZE);
    put_name(out + 8, st->name);
    put32(out + 72, st->generation);
    put64(out + 80, st->counter);
    put64(out + 88, (uint64_t)st->write_time_ns);
}

int dao_remote__status_decode(wire_status *st, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    int rc = check_preamble(p, len, WIRE_MAGIC_STATUS, WIRE_STATUS_SIZE);
    if (rc < 0)
        return rc;
    if (!all_zero(p + 76, 4))
        return DAO_REMOTE_E_BAD_MESSAGE;
    st->generation = get32(p + 72);
    st->counter = get64(p + 80);
    st->write_time_ns = (int64_t)get64(p + 88);
    return get_name(st->name, p + 8, false);
}

void dao_remote__error_encode(uint8_t out[WIRE_ERROR_SIZE], const wire_error *e)
{
    memset(out, 0, WIRE_ERROR_SIZE);
    put_preamble(out, WIRE_MAGIC_ERROR, WIRE_ERROR_SIZE);
    put32(out + 8, (uint32_t)e->code);
    put_name(out + 16, e->name);
    memcpy(out + 80, e->message, strnlen(e->message, WIRE_ERROR_MESSAGE_MAX));
}

int dao_remote__error_decode(wire_error *e, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    int rc = check_preamble(p, len, WIRE_MAGIC_ERROR, WIRE_ERROR_SIZE);
    if (rc < 0)
        return rc;
    e->code = (int32_t)get32(p + 8);
    /* The code is only ever shown or compared: any negative value will do,
     * a non-negative one is not an error. */
    if (e->code >= 0 || !all_zero(p + 12, 4))
        return DAO_REMOTE_E_BAD_MESSAGE;
    memcpy(e->message, p + 80, WIRE_ERROR_MESSAGE_MAX);
    e->message[WIRE_ERROR_MESSAGE_MAX] = 0;
    if (p[80 + WIRE_ERROR_MESSAGE_MAX] != 0)
        return DAO_REMOTE_E_BAD_MESSAGE;
    return get_name(e->name, p + 16, true);
}

/* ---- list --------------------------------------------------------------- */

size_t dao_remote__list_size(size_t count)
{
    return WIRE_LIST_HEADER_SIZE + count * WIRE_LIST_ENTRY_SIZE;
}

void dao_remote__list_encode(uint8_t *out, const dao_remote_entry *entries, size_t count)
{
    memset(out, 0, dao_remote__list_size(count));
    put_preamble(out, WIRE_MAGIC_LIST, WIRE_LIST_HEADER_SIZE);
    put32(out + 8, (uint32_t)count);
    for (size_t i = 0; i < count; i++) {
        uint8_t *e = out + WIRE_LIST_HEADER_SIZE + i * WIRE_LIST_ENTRY_SIZE;
        const dao_remote_entry *en = &entries[i];
        put_name(e, en->name);
        e[64] = (uint8_t)en->source_format;
        e[65] = en->valid ? (uint8_t)en->type : 0;
        e[66] = en->valid ? (uint8_t)en->naxis : 0;
        e[67] = en->valid ? 1 : 0;
        for (unsigned k = 0; k < DAO_MAX_AXES; k++)
            put32(e + 68 + 4 * k, en->valid && k < en->naxis ? en->shape[k] : 0);
        put64(e + 88, en->counter);
    }
}

int dao_remote__list_decode(dao_remote_entry **entries, size_t *count, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    *entries = NULL;
    *count = 0;
    if (len < WIRE_LIST_HEADER_SIZE || memcmp(p, WIRE_MAGIC_LIST, 4) != 0)
        return DAO_REMOTE_E_BAD_MAGIC;
    if (get16(p + 4) != WIRE_VERSION)
        return DAO_REMOTE_E_BAD_VERSION;
    uint32_t n = get32(p + 8);
    if (get16(p + 6) != WIRE_LIST_HEADER_SIZE || n > WIRE_MAX_LIST_ENTRIES ||
        len != dao_remote__list_size(n) || !all_zero(p + 12, 4))
        return DAO_REMOTE_E_BAD_MESSAGE;
    if (n == 0)
        return 0;
    dao_remote_entry *out = calloc(n, sizeof *out);
    if (!out)
        return -ENOMEM;
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *e = p + WIRE_LIST_HEADER_SIZE + (size_t)i * WIRE_LIST_ENTRY_SIZE;
        dao_remote_entry *en = &out[i];
        int rc = get_name(en->name, e, false);
        en->source_format = e[64];
        en->valid = e[67] == 1;
        en->type = (dao_type)e[65];
        en->naxis = e[66];
        for (unsigned k = 0; k < DAO_MAX_AXES; k++)
            en->shape[k] = get32(e + 68 + 4 * k);
        en->counter = get64(e + 88);
        if (rc == 0 && (en->source_format != DAO_REMOTE_SOURCE_DAO &&
                        en->source_format != DAO_REMOTE_SOURCE_MILK))
            rc = DAO_REMOTE_E_BAD_MESSAGE;
        if (rc == 0 && e[67] > 1)
            rc = DAO_REMOTE_E_BAD_MESSAGE;
        if (rc == 0 && en->valid && dao_remote__frame_size(en->type, en->naxis, en->shape) == 0)
            rc = DAO_REMOTE_E_BAD_MESSAGE;
        if (rc == 0 && !en->valid && (en->type || en->naxis))
            rc = DAO_REMOTE_E_BAD_MESSAGE;
        if (rc == 0 && !all_zero(e + 80, 8))
            rc = DAO_REMOTE_E_BAD_MESSAGE;
        if (rc < 0) {
            free(out);
            return rc;
        }
    }
    *entries = out;
    *count = n;
    return 0;
}
