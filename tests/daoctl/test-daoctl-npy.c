/* test-daoctl-npy.c — the .npy reader on files built in memory: the three
 * format versions, and each way a file can be unusable. A refused file must
 * come back with a reason, never read out of bounds (run under valgrind or
 * ASan to see that). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "npy.h"

/* A .npy image: prefix, header padded to 64 bytes, then `data_len` bytes. */
static size_t build(unsigned char *buf, size_t cap, int version, const char *header, size_t data_len)
{
    size_t prefix = version == 1 ? 10 : 12;
    size_t hlen = strlen(header) + 1;
    size_t padded = hlen + (64 - (prefix + hlen) % 64) % 64;
    assert_true(prefix + padded + data_len <= cap);
    memcpy(buf, "\x93NUMPY", 6);
    buf[6] = (unsigned char)version;
    buf[7] = 0;
    if (version == 1) {
        buf[8] = (unsigned char)(padded & 0xff);
        buf[9] = (unsigned char)(padded >> 8);
    } else {
        for (int i = 0; i < 4; i++)
            buf[8 + i] = (unsigned char)(padded >> (8 * i));
    }
    memset(buf + prefix, ' ', padded);
    memcpy(buf + prefix, header, strlen(header));
    buf[prefix + padded - 1] = '\n';
    for (size_t i = 0; i < data_len; i++)
        buf[prefix + padded + i] = (unsigned char)i;
    return prefix + padded + data_len;
}

static void test_versions(void **state)
{
    (void)state;
    unsigned char buf[512];
    for (int version = 1; version <= 3; version++) {
        size_t len = build(buf, sizeof(buf), version, "{'descr': '<u2', 'fortran_order': False, 'shape': (3, 4), }", 24);
        npy_array a;
        assert_null(npy_parse(buf, len, &a));
        assert_int_equal(a.type, DAO_UINT16);
        assert_int_equal(a.ndim, 2);
        assert_int_equal(a.shape[0], 3);
        assert_int_equal(a.shape[1], 4);
        assert_int_equal(a.count, 12);
        assert_int_equal(a.data_size, 24);
        assert_ptr_equal(a.data, buf + len - 24);
    }
}

static void test_shapes_and_dtypes(void **state)
{
    (void)state;
    unsigned char buf[512];
    npy_array a;
    /* Key order is free; a 1-tuple has its comma; 0-d holds one element. */
    size_t len = build(buf, sizeof(buf), 1, "{\"shape\": (5,), \"fortran_order\": False, \"descr\": \"|u1\"}", 5);
    assert_null(npy_parse(buf, len, &a));
    assert_int_equal(a.type, DAO_UINT8);
    assert_int_equal(a.ndim, 1);
    len = build(buf, sizeof(buf), 1, "{'descr': '<c16', 'fortran_order': False, 'shape': (), }", 16);
    assert_null(npy_parse(buf, len, &a));
    assert_int_equal(a.type, DAO_COMPLEX_DOUBLE);
    assert_int_equal(a.ndim, 0);
    assert_int_equal(a.count, 1);
    len = build(buf, sizeof(buf), 1, "{'descr': '>i1', 'fortran_order': False, 'shape': (2L, 3L), }", 6);
    assert_null(npy_parse(buf, len, &a)); /* byte order of one byte does not matter */
    assert_int_equal(a.type, DAO_INT8);
}

static void check_refused(const char *header, size_t data_len, const char *reason_part)
{
    unsigned char buf[512];
    size_t len = build(buf, sizeof(buf), 1, header, data_len);
    npy_array a;
    const char *why = npy_parse(buf, len, &a);
    assert_non_null(why);
    if (!strstr(why, reason_part))
        fail_msg("header %s: got \"%s\", expected \"%s\"", header, why, reason_part);
}

static void test_bad_headers(void **state)
{
    (void)state;
    check_refused("{'descr': '<u2', 'fortran_order': True, 'shape': (2,), }", 4, "Fortran");
    check_refused("{'descr': '>u2', 'fortran_order': False, 'shape': (2,), }", 4, "big-endian");
    check_refused("{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }", 4, "not one of the DAO");
    check_refused("{'descr': 'u2', 'fortran_order': False, 'shape': (2,), }", 4, "byte-order");
    check_refused("{'descr': [('a', '<u2')], 'fortran_order': False, 'shape': (2,), }", 4, "structured");
    check_refused("{'descr': '<u2', 'shape': (2,), }", 4, "lacks");
    check_refused("{'descr': '<u2', 'descr': '<u2', 'fortran_order': False, 'shape': (2,)}", 4, "repeated");
    check_refused("{'descr': '<u2', 'fortran_order': False, 'shape': (2,), 'x': 1}", 4, "unexpected");
    check_refused("{'descr': '<u2', 'fortran_order': Maybe, 'shape': (2,)}", 4, "fortran_order");
    check_refused("{'descr': '<u2', 'fortran_order': False, 'shape': [2]}", 4, "not a tuple");
    check_refused("{'descr': '<u2', 'fortran_order': False, 'shape': (2, -1)}", 4, "integers");
    check_refused("{'descr': '<u2', 'fortran_order': False, 'shape': (2 3)}", 4, "integers");
    check_refused("{'descr': '<u2', 'fortran_order': False, 'shape': (99999999999999999999,)}", 4, "overflows");
    check_refused("{'descr': '<u8', 'fortran_order': False, 'shape': (4294967296, 4294967296)}", 4, "overflows");
    check_refused("{'descr': '<u8', 'fortran_order': False, 'shape': (4294967295, 4294967295)}", 4, "too large");
    check_refused("{'descr': '<u2', 'fortran_order': False, 'shape': (2,)} trailing", 4, "after its dict");
    check_refused("['descr']", 4, "not a dict");
    check_refused("{'descr': '<u2', 'fortran_order': False, 'shape': (2,)", 4, "well-formed");
    check_refused("{'descr': '<u2', 'fortran_order': False, 'shape': (3,)}", 4, "shorter");
    check_refused("{'descr': '<u2', 'fortran_order': False, 'shape': (1,)}", 4, "after its array");
}

static void test_bad_prefix(void **state)
{
    (void)state;
    unsigned char buf[512];
    npy_array a;
    size_t len = build(buf, sizeof(buf), 1, "{'descr': '<u2', 'fortran_order': False, 'shape': (2,)}", 4);
    assert_non_null(npy_parse(buf, 0, &a));
    assert_non_null(npy_parse(buf, 9, &a));
    for (size_t cut = 10; cut < len - 4; cut += 7)
        assert_non_null(strstr(npy_parse(buf, cut, &a), "truncated"));
    buf[1] = 'n';
    assert_non_null(strstr(npy_parse(buf, len, &a), "magic"));
    buf[1] = 'N';
    buf[6] = 4;
    assert_non_null(strstr(npy_parse(buf, len, &a), "version"));
    buf[6] = 2; /* a version-2 reading of a version-1 header length */
    assert_non_null(npy_parse(buf, len, &a));
    buf[6] = 1;
    buf[20] = '\0';
    assert_non_null(strstr(npy_parse(buf, len, &a), "not text"));
}

static void test_load_errors(void **state)
{
    (void)state;
    unsigned char *buf;
    npy_array a;
    const char *why;
    assert_int_equal(npy_load("/nonexistent/x.npy", &buf, &a, &why), -ENOENT);
    assert_int_equal(npy_load("/", &buf, &a, &why), -EISDIR);
    assert_null(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_versions),
        cmocka_unit_test(test_shapes_and_dtypes),
        cmocka_unit_test(test_bad_headers),
        cmocka_unit_test(test_bad_prefix),
        cmocka_unit_test(test_load_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
