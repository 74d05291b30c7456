/* test-daocommon-npy.c — the .npy codec on files built in memory: the
 * reader on the three format versions and each way a file can be unusable
 * (a refused file must come back with a reason, never read out of bounds:
 * run under valgrind or ASan to see that); the writer's header against
 * numpy's own, and read back by the reader for every type. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "daocommon-npy.h"

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
        daocommon_npy_array a;
        assert_null(daocommon_npy_parse(buf, len, &a));
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
    daocommon_npy_array a;
    /* Key order is free; a 1-tuple has its comma; 0-d holds one element. */
    size_t len = build(buf, sizeof(buf), 1, "{\"shape\": (5,), \"fortran_order\": False, \"descr\": \"|u1\"}", 5);
    assert_null(daocommon_npy_parse(buf, len, &a));
    assert_int_equal(a.type, DAO_UINT8);
    assert_int_equal(a.ndim, 1);
    len = build(buf, sizeof(buf), 1, "{'descr': '<c16', 'fortran_order': False, 'shape': (), }", 16);
    assert_null(daocommon_npy_parse(buf, len, &a));
    assert_int_equal(a.type, DAO_COMPLEX_DOUBLE);
    assert_int_equal(a.ndim, 0);
    assert_int_equal(a.count, 1);
    len = build(buf, sizeof(buf), 1, "{'descr': '>i1', 'fortran_order': False, 'shape': (2L, 3L), }", 6);
    assert_null(daocommon_npy_parse(buf, len, &a)); /* byte order of one byte does not matter */
    assert_int_equal(a.type, DAO_INT8);
}

static void check_refused(const char *header, size_t data_len, const char *reason_part)
{
    unsigned char buf[512];
    size_t len = build(buf, sizeof(buf), 1, header, data_len);
    daocommon_npy_array a;
    const char *why = daocommon_npy_parse(buf, len, &a);
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
    daocommon_npy_array a;
    size_t len = build(buf, sizeof(buf), 1, "{'descr': '<u2', 'fortran_order': False, 'shape': (2,)}", 4);
    assert_non_null(daocommon_npy_parse(buf, 0, &a));
    assert_non_null(daocommon_npy_parse(buf, 9, &a));
    for (size_t cut = 10; cut < len - 4; cut += 7)
        assert_non_null(strstr(daocommon_npy_parse(buf, cut, &a), "truncated"));
    buf[1] = 'n';
    assert_non_null(strstr(daocommon_npy_parse(buf, len, &a), "magic"));
    buf[1] = 'N';
    buf[6] = 4;
    assert_non_null(strstr(daocommon_npy_parse(buf, len, &a), "version"));
    buf[6] = 2; /* a version-2 reading of a version-1 header length */
    assert_non_null(daocommon_npy_parse(buf, len, &a));
    buf[6] = 1;
    buf[20] = '\0';
    assert_non_null(strstr(daocommon_npy_parse(buf, len, &a), "not text"));
}

static void test_load_errors(void **state)
{
    (void)state;
    unsigned char *buf;
    daocommon_npy_array a;
    const char *why;
    assert_int_equal(daocommon_npy_load("/nonexistent/x.npy", &buf, &a, &why), -ENOENT);
    assert_int_equal(daocommon_npy_load("/", &buf, &a, &why), -EISDIR);
    assert_null(buf);
}

/* The header np.save writes for these arrays (numpy 1.24), byte for byte. */
static void test_header_is_numpys(void **state)
{
    (void)state;
    static const struct {
        dao_type type;
        unsigned naxis;
        uint32_t shape[3];
        const char *dict;
    } cases[] = {
        {DAO_UINT16, 2, {3, 5, 0}, "{'descr': '<u2', 'fortran_order': False, 'shape': (3, 5), }"},
        {DAO_COMPLEX_DOUBLE, 1, {7, 0, 0}, "{'descr': '<c16', 'fortran_order': False, 'shape': (7,), }"},
        {DAO_UINT8, 3, {4294967295u, 4294967295u, 4294967295u},
         "{'descr': '|u1', 'fortran_order': False, 'shape': (4294967295, 4294967295, 4294967295), }"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        unsigned char buf[DAOCOMMON_NPY_HEADER_MAX];
        int len = daocommon_npy_header(buf, cases[i].type, cases[i].naxis, cases[i].shape);
        /* numpy pads all three to 128 bytes: 'v' (118) is the dict's length. */
        assert_int_equal(len, 128);
        assert_memory_equal(buf, "\x93NUMPY\x01\x00v\x00", 10);
        size_t dict_len = strlen(cases[i].dict);
        assert_memory_equal(buf + 10, cases[i].dict, dict_len);
        for (size_t k = 10 + dict_len; k < 127; k++)
            assert_int_equal(buf[k], ' ');
        assert_int_equal(buf[127], '\n');
    }
}

/* Every type and axis count written, then read back by the reader. */
static void test_header_round_trip(void **state)
{
    (void)state;
    const uint32_t shape[3] = {2, 3, 4};
    for (int type = DAO_TYPE_FIRST; type <= DAO_TYPE_LAST; type++) {
        for (unsigned naxis = 1; naxis <= 3; naxis++) {
            unsigned char buf[DAOCOMMON_NPY_HEADER_MAX + 24 * 16];
            int len = daocommon_npy_header(buf, (dao_type)type, naxis, shape);
            assert_true(len > 0 && len % 64 == 0);
            size_t count = 1;
            for (unsigned a = 0; a < naxis; a++)
                count *= shape[a];
            size_t data = count * dao_type_size(type);
            memset(buf + len, 0xab, data);
            daocommon_npy_array a;
            assert_null(daocommon_npy_parse(buf, (size_t)len + data, &a));
            assert_int_equal(a.type, type);
            assert_int_equal(a.ndim, naxis);
            for (unsigned k = 0; k < naxis; k++)
                assert_int_equal(a.shape[k], shape[k]);
            assert_ptr_equal(a.data, buf + len);
            assert_int_equal(a.data_size, data);
        }
    }
}

static void test_header_refuses_bad_frames(void **state)
{
    (void)state;
    unsigned char buf[DAOCOMMON_NPY_HEADER_MAX];
    const uint32_t shape[3] = {2, 0, 4};
    assert_int_equal(daocommon_npy_header(buf, (dao_type)0, 1, shape), -EINVAL);
    assert_int_equal(daocommon_npy_header(buf, (dao_type)13, 1, shape), -EINVAL);
    assert_int_equal(daocommon_npy_header(buf, DAO_UINT8, 0, shape), -EINVAL);
    assert_int_equal(daocommon_npy_header(buf, DAO_UINT8, 4, shape), -EINVAL);
    assert_int_equal(daocommon_npy_header(buf, DAO_UINT8, 2, shape), -EINVAL); /* a zero extent */
    assert_null(daocommon_npy_descr((dao_type)0));
    assert_string_equal(daocommon_npy_descr(DAO_INT8), "|i1");
    assert_string_equal(daocommon_npy_descr(DAO_COMPLEX_FLOAT), "<c8");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_versions),
        cmocka_unit_test(test_shapes_and_dtypes),
        cmocka_unit_test(test_bad_headers),
        cmocka_unit_test(test_bad_prefix),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_header_is_numpys),
        cmocka_unit_test(test_header_round_trip),
        cmocka_unit_test(test_header_refuses_bad_frames),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
