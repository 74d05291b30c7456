/* test-remote-wire.c — the wire format's decoders against broken and hostile
 * bytes: every field out of range, sizes that do not add up, truncation at
 * every length, and random mutations for a bounded time. A decoder must
 * refuse (never crash, never read past the buffer: ASan watches) and what it
 * accepts must be self-consistent. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "remote-codec.h"
#include "remote-wire.h"

static dao_remote_frame sample_frame(void)
{
    dao_remote_frame f = {
        .source_format = DAO_REMOTE_SOURCE_DAO,
        .type = DAO_UINT16,
        .naxis = 2,
        .shape = {3, 5, 0},
        .counter = 42,
        .write_time_ns = 1700000000123456789LL,
        .send_time_ns = 1700000000223456789LL,
        .generation = 7,
        .size = 30,
        .payload_size = 30,
        .codec = DAO_REMOTE_CODEC_NONE,
        .keyword_count = 2,
        .keyword_capacity = 4,
    };
    strcpy(f.name, "cam-1.x_y");
    return f;
}

static void sample_keywords(dao_keyword kw[2])
{
    memset(kw, 0, 2 * sizeof *kw);
    strcpy(kw[0].name, "EXPTIME");
    kw[0].type = DAO_KEYWORD_DOUBLE;
    kw[0].value.d = 0.125;
    strcpy(kw[0].comment, "seconds");
    strcpy(kw[1].name, "SIXTEENCHARSNAME");
    kw[1].type = DAO_KEYWORD_STRING;
    strcpy(kw[1].value.s, "sixteen-chars-st");
}

static uint8_t *encoded_header(size_t *len)
{
    dao_remote_frame f = sample_frame();
    dao_keyword kw[2];
    sample_keywords(kw);
    *len = dao_remote__frame_header_size(f.keyword_count);
    uint8_t *buf = malloc(*len);
    dao_remote__frame_header_encode(buf, &f, kw);
    return buf;
}

static void test_frame_round_trip(void **state)
{
    (void)state;
    size_t len;
    uint8_t *buf = encoded_header(&len);
    assert_int_equal(len, WIRE_FRAME_HEADER_SIZE + 2 * WIRE_KEYWORD_SIZE);
    dao_remote_frame f, want = sample_frame();
    assert_int_equal(dao_remote__frame_header_decode(&f, buf, len, 30, 1 << 20), 0);
    assert_string_equal(f.name, want.name);
    assert_int_equal(f.type, DAO_UINT16);
    assert_int_equal(f.naxis, 2);
    assert_int_equal(f.shape[0], 3);
    assert_int_equal(f.shape[1], 5);
    assert_int_equal(f.counter, 42);
    assert_true(f.write_time_ns == want.write_time_ns);
    assert_int_equal(f.generation, 7);
    assert_int_equal(f.size, 30);
    dao_keyword k;
    dao_remote__frame_keyword_decode(&k, buf, 0);
    assert_string_equal(k.name, "EXPTIME");
    assert_true(k.value.d == 0.125);
    assert_string_equal(k.comment, "seconds");
    dao_remote__frame_keyword_decode(&k, buf, 1);
    assert_string_equal(k.name, "SIXTEENCHARSNAME");
    assert_string_equal(k.value.s, "sixteen-chars-st");
    free(buf);
}

/* Each edit breaks one field; the decoder must say so. */
typedef struct edit {
    size_t offset;
    size_t width;
    uint64_t value;
    int expect;
} edit;

static void put_le(uint8_t *p, size_t width, uint64_t v)
{
    for (size_t i = 0; i < width; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void test_frame_fields_refused(void **state)
{
    (void)state;
    const edit edits[] = {
        {0, 1, 'X', DAO_REMOTE_E_BAD_MAGIC},
        {4, 2, 2, DAO_REMOTE_E_BAD_VERSION},
        {6, 2, 161, DAO_REMOTE_E_BAD_MESSAGE},            /* header size */
        {8, 1, 0, DAO_REMOTE_E_BAD_MESSAGE},              /* NUL first, name bytes after it */
        {8, 1, '/', DAO_REMOTE_E_BAD_NAME},
        {8 + 63, 1, 'x', DAO_REMOTE_E_BAD_MESSAGE},       /* no NUL in the name field */
        {8 + 40, 1, 'x', DAO_REMOTE_E_BAD_MESSAGE},       /* bytes after the NUL */
        {72, 1, 9, DAO_REMOTE_E_BAD_MESSAGE},             /* source format */
        {73, 1, 0, DAO_REMOTE_E_BAD_MESSAGE},             /* element type */
        {73, 1, 13, DAO_REMOTE_E_BAD_MESSAGE},
        {74, 1, 0, DAO_REMOTE_E_BAD_MESSAGE},             /* naxis */
        {74, 1, 4, DAO_REMOTE_E_BAD_MESSAGE},
        {75, 1, 3, DAO_REMOTE_E_BAD_MESSAGE},             /* codec */
        {80, 4, 0, DAO_REMOTE_E_BAD_MESSAGE},             /* a zero extent */
        {88, 4, 2, DAO_REMOTE_E_BAD_MESSAGE},             /* extent beyond naxis */
        {80, 4, 0xFFFFFFFFu, DAO_REMOTE_E_BAD_MESSAGE},   /* raw size no longer matches */
        {92, 2, 3, DAO_REMOTE_E_BAD_MESSAGE},             /* keyword count vs part length */
        {92, 2, 0xFFFF, DAO_REMOTE_E_BAD_MESSAGE},
        {94, 2, 1, DAO_REMOTE_E_BAD_MESSAGE},             /* count above capacity */
        {120, 8, 31, DAO_REMOTE_E_BAD_MESSAGE},           /* raw size */
        {120, 8, UINT64_MAX, DAO_REMOTE_E_BAD_MESSAGE},
        {128, 8, 29, DAO_REMOTE_E_BAD_MESSAGE},           /* payload size vs the part */
        {128, 8, UINT64_MAX, DAO_REMOTE_E_BAD_MESSAGE},
        {140, 4, 1, DAO_REMOTE_E_BAD_MESSAGE},            /* reserved */
        {160 + 16, 1, 'Q', DAO_REMOTE_E_BAD_MESSAGE},     /* keyword type */
        {160, 1, 0, DAO_REMOTE_E_BAD_MESSAGE},            /* keyword without a name */
    };
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        size_t len;
        uint8_t *buf = encoded_header(&len);
        put_le(buf + edits[i].offset, edits[i].width, edits[i].value);
        dao_remote_frame f;
        int rc = dao_remote__frame_header_decode(&f, buf, len, 30, 1 << 20);
        if (rc != edits[i].expect)
            fail_msg("edit %zu (offset %zu): %s, expected %s", i, edits[i].offset,
                     dao_remote_err_name(rc), dao_remote_err_name(edits[i].expect));
        free(buf);
    }
}

static void test_frame_sizes_are_the_receivers(void **state)
{
    (void)state;
    size_t len;
    uint8_t *buf = encoded_header(&len);
    dao_remote_frame f;
    /* The payload part that arrived is not what the header says. */
    assert_int_equal(dao_remote__frame_header_decode(&f, buf, len, 31, 1 << 20), DAO_REMOTE_E_BAD_MESSAGE);
    /* A frame larger than the receiver accepts. */
    assert_int_equal(dao_remote__frame_header_decode(&f, buf, len, 30, 29), DAO_REMOTE_E_TOO_LARGE);
    /* A compressed payload larger than LZ4 could ever produce. */
    buf[75] = DAO_REMOTE_CODEC_LZ4;
    put_le(buf + 128, 8, 1000);
    assert_int_equal(dao_remote__frame_header_decode(&f, buf, len, 1000, 1 << 20), DAO_REMOTE_E_BAD_MESSAGE);
    /* A 3-D shape whose element count overflows size_t. */
    buf[74] = 3;
    put_le(buf + 80, 4, 0xFFFFFFFFu);
    put_le(buf + 84, 4, 0xFFFFFFFFu);
    put_le(buf + 88, 4, 0xFFFFFFFFu);
    assert_int_equal(dao_remote__frame_header_decode(&f, buf, len, 1000, SIZE_MAX), DAO_REMOTE_E_BAD_MESSAGE);
    free(buf);
}

static void test_truncated_everywhere(void **state)
{
    (void)state;
    size_t len;
    uint8_t *buf = encoded_header(&len);
    for (size_t n = 0; n < len; n++) {
        /* A copy of exactly n bytes, so ASan sees any read past it. */
        uint8_t *cut = malloc(n ? n : 1);
        memcpy(cut, buf, n);
        dao_remote_frame f;
        assert_true(dao_remote__frame_header_decode(&f, cut, n, 30, 1 << 20) < 0);
        wire_request rq;
        assert_true(dao_remote__request_decode(&rq, cut, n) < 0);
        wire_status st;
        assert_true(dao_remote__status_decode(&st, cut, n) < 0);
        wire_error e;
        assert_true(dao_remote__error_decode(&e, cut, n) < 0);
        dao_remote_entry *entries;
        size_t count;
        assert_true(dao_remote__list_decode(&entries, &count, cut, n) < 0);
        int code;
        assert_null(dao_remote__wire_kind(cut, n < 8 ? n : 7, &code));
        free(cut);
    }
    free(buf);
}

static void test_request_round_trip_and_refusals(void **state)
{
    (void)state;
    wire_request rq = {.kind = WIRE_REQUEST_FRAME, .codecs = 7, .max_fps_milli = 25000,
                       .last_counter = UINT64_MAX - 1, .last_generation = 3};
    strcpy(rq.name, "wfs");
    uint8_t buf[WIRE_REQUEST_SIZE];
    dao_remote__request_encode(buf, &rq);
    wire_request got;
    assert_int_equal(dao_remote__request_decode(&got, buf, sizeof buf), 0);
    assert_string_equal(got.name, "wfs");
    assert_true(got.last_counter == UINT64_MAX - 1);
    assert_int_equal(got.max_fps_milli, 25000);
    /* a frame request without a name, an unknown kind, a longer message */
    uint8_t bad[WIRE_REQUEST_SIZE + 1];
    memcpy(bad, buf, sizeof buf);
    memset(bad + 32, 0, 64);
    assert_int_equal(dao_remote__request_decode(&got, bad, sizeof buf), DAO_REMOTE_E_BAD_NAME);
    memcpy(bad, buf, sizeof buf);
    bad[8] = 9;
    assert_int_equal(dao_remote__request_decode(&got, bad, sizeof buf), DAO_REMOTE_E_BAD_MESSAGE);
    memcpy(bad, buf, sizeof buf);
    assert_int_equal(dao_remote__request_decode(&got, bad, sizeof bad), DAO_REMOTE_E_BAD_MESSAGE);
    /* a list request needs no name */
    wire_request list = {.kind = WIRE_REQUEST_LIST};
    dao_remote__request_encode(buf, &list);
    assert_int_equal(dao_remote__request_decode(&got, buf, sizeof buf), 0);
}

static void test_list_round_trip_and_refusals(void **state)
{
    (void)state;
    dao_remote_entry in[2] = {
        {.name = "a", .source_format = 1, .type = DAO_FLOAT, .naxis = 1, .shape = {10}, .counter = 5, .valid = true},
        {.name = "b", .source_format = 1, .valid = false},
    };
    size_t len = dao_remote__list_size(2);
    uint8_t *buf = malloc(len);
    dao_remote__list_encode(buf, in, 2);
    dao_remote_entry *out;
    size_t n;
    assert_int_equal(dao_remote__list_decode(&out, &n, buf, len), 0);
    assert_int_equal(n, 2);
    assert_string_equal(out[0].name, "a");
    assert_int_equal(out[0].type, DAO_FLOAT);
    assert_int_equal(out[0].shape[0], 10);
    assert_true(out[0].valid);
    assert_false(out[1].valid);
    free(out);
    /* A count that claims more entries than arrived, or more than allowed. */
    put_le(buf + 8, 4, 3);
    assert_int_equal(dao_remote__list_decode(&out, &n, buf, len), DAO_REMOTE_E_BAD_MESSAGE);
    put_le(buf + 8, 4, 0xFFFFFFFFu);
    assert_int_equal(dao_remote__list_decode(&out, &n, buf, len), DAO_REMOTE_E_BAD_MESSAGE);
    assert_null(out);
    free(buf);
}

static void test_codec_round_trip_every_element_size(void **state)
{
    (void)state;
    const size_t n = 4096;
    for (int type = DAO_TYPE_FIRST; type <= DAO_TYPE_LAST; type++) {
        size_t esize = dao_type_size(type), size = n * esize;
        uint8_t *src = malloc(size), *out = malloc(dao_remote__codec_bound(size));
        uint8_t *dst = malloc(size), *scratch = malloc(size);
        for (size_t i = 0; i < size; i++)
            src[i] = (uint8_t)((i / esize) % 7 + (i % esize == 0 ? (i * 31) % 3 : 0));
        for (unsigned codec = DAO_REMOTE_CODEC_LZ4; codec <= DAO_REMOTE_CODEC_SHUFFLE_LZ4; codec++) {
            size_t len = dao_remote__encode(codec, src, size, esize, out, scratch);
            assert_true(len > 0 && len < size);
            memset(dst, 0xAB, size);
            assert_int_equal(dao_remote__decode(codec, out, len, dst, size, esize, scratch), 0);
            assert_memory_equal(dst, src, size);
            /* One byte short of the frame, or one too many: refused. */
            assert_int_equal(dao_remote__decode(codec, out, len, dst, size - 1, esize, scratch),
                             DAO_REMOTE_E_BAD_PAYLOAD);
            assert_int_equal(dao_remote__decode(codec, out, len, dst, size + esize, esize, scratch) ,
                             DAO_REMOTE_E_BAD_PAYLOAD);
        }
        free(src);
        free(out);
        free(dst);
        free(scratch);
    }
}

static uint32_t xorshift(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Random mutations of valid messages and plain garbage, for a bounded time
 * (DAO_REMOTE_FUZZ_SECONDS, default 2). Whatever a decoder accepts must
 * hold together: its sizes are the ones the shape and the part give. */
static void test_fuzz_decoders(void **state)
{
    (void)state;
    const char *env = getenv("DAO_REMOTE_FUZZ_SECONDS");
    double seconds = env ? atof(env) : 2.0;
    uint32_t seed = (uint32_t)time(NULL) | 1u;
    print_message("# fuzz seed %u for %.1f s\n", seed, seconds);
    size_t hlen;
    uint8_t *valid = encoded_header(&hlen);
    uint8_t payload[64], out[64], scratch[64];
    memset(payload, 1, sizeof payload);
    double end = now_s() + seconds;
    unsigned long rounds = 0, accepted = 0;
    while (now_s() < end) {
        for (int k = 0; k < 1000; k++, rounds++) {
            size_t len = xorshift(&seed) % 2 ? hlen : xorshift(&seed) % (hlen + 64);
            uint8_t *buf = malloc(len ? len : 1);
            if (xorshift(&seed) % 4 == 0) {
                for (size_t i = 0; i < len; i++)
                    buf[i] = (uint8_t)xorshift(&seed);
            } else {
                for (size_t i = 0; i < len; i++)
                    buf[i] = i < hlen ? valid[i] : (uint8_t)xorshift(&seed);
                unsigned flips = 1 + xorshift(&seed) % 4;
                for (unsigned f = 0; f < flips && len; f++)
                    buf[xorshift(&seed) % len] = (uint8_t)xorshift(&seed);
            }
            size_t plen = xorshift(&seed) % 2 ? 30 : xorshift(&seed) % 64;
            dao_remote_frame fr;
            if (dao_remote__frame_header_decode(&fr, buf, len, plen, 1 << 20) == 0) {
                accepted++;
                assert_int_equal(fr.size, dao_remote__frame_size(fr.type, fr.naxis, fr.shape));
                assert_int_equal(fr.payload_size, plen);
                assert_int_equal(len, dao_remote__frame_header_size(fr.keyword_count));
                if (fr.size <= sizeof out)
                    (void)dao_remote__decode(fr.codec, payload, plen, out, fr.size,
                                             dao_type_size((int)fr.type), scratch);
                for (unsigned i = 0; i < fr.keyword_count; i++) {
                    dao_keyword kw;
                    dao_remote__frame_keyword_decode(&kw, buf, i);
                    assert_true(strlen(kw.name) <= DAO_KEYWORD_NAME_MAX);
                }
            }
            wire_request rq;
            wire_status st;
            wire_error e;
            (void)dao_remote__request_decode(&rq, buf, len);
            (void)dao_remote__status_decode(&st, buf, len);
            if (dao_remote__error_decode(&e, buf, len) == 0)
                assert_true(e.code < 0 && strlen(e.message) <= WIRE_ERROR_MESSAGE_MAX);
            dao_remote_entry *entries;
            size_t count;
            if (dao_remote__list_decode(&entries, &count, buf, len) == 0)
                free(entries);
            /* garbage as an LZ4 payload */
            (void)dao_remote__decode(DAO_REMOTE_CODEC_SHUFFLE_LZ4, buf, len < 64 ? len : 64, out, 60, 2, scratch);
            free(buf);
        }
    }
    print_message("# %lu messages, %lu frame headers accepted\n", rounds, accepted);
    assert_true(rounds > 0);
    free(valid);
}

static void test_url(void **state)
{
    (void)state;
    char ep[128], name[64];
    assert_int_equal(dao_remote_parse_url("tcp://rtc:5000/cam", ep, sizeof ep, name, sizeof name), 0);
    assert_string_equal(ep, "tcp://rtc:5000");
    assert_string_equal(name, "cam");
    assert_int_equal(dao_remote_parse_url("tcp://10.0.0.2/wfs.1", ep, sizeof ep, name, sizeof name), 0);
    assert_string_equal(ep, "tcp://10.0.0.2:5556");
    assert_int_equal(dao_remote_parse_url("tcp://[::1]:7/a", ep, sizeof ep, name, sizeof name), 0);
    assert_string_equal(ep, "tcp://[::1]:7");
    assert_int_equal(dao_remote_parse_url("tcp://h:1", ep, sizeof ep, NULL, 0), 0);
    const char *bad[] = {"udp://h:1/a", "tcp://", "tcp:///a", "tcp://h:0/a", "tcp://h:65536/a",
                         "tcp://h:x/a", "tcp://::1:5/a", "tcp://[::1/a", "tcp://h h:1/a", "tcp://h:/a"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(dao_remote_parse_url(bad[i], ep, sizeof ep, name, sizeof name), DAO_REMOTE_E_BAD_URL);
    assert_int_equal(dao_remote_parse_url("tcp://h:1/", ep, sizeof ep, name, sizeof name), DAO_REMOTE_E_BAD_NAME);
    assert_int_equal(dao_remote_parse_url("tcp://h:1/a/b", ep, sizeof ep, name, sizeof name), DAO_REMOTE_E_BAD_NAME);
    assert_int_equal(dao_remote_parse_url("tcp://h:1/.a", ep, sizeof ep, name, sizeof name), DAO_REMOTE_E_BAD_NAME);
    assert_int_equal(dao_remote_parse_url("tcp://h:1/a", ep, sizeof ep, NULL, 0), DAO_REMOTE_E_BAD_URL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frame_round_trip),
        cmocka_unit_test(test_frame_fields_refused),
        cmocka_unit_test(test_frame_sizes_are_the_receivers),
        cmocka_unit_test(test_truncated_everywhere),
        cmocka_unit_test(test_request_round_trip_and_refusals),
        cmocka_unit_test(test_list_round_trip_and_refusals),
        cmocka_unit_test(test_codec_round_trip_every_element_size),
        cmocka_unit_test(test_fuzz_decoders),
        cmocka_unit_test(test_url),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
