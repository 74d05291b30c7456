/* test-capture-fits.c — every element type saved as FITS by
 * daoview_capture_save_fits() and read back with cfitsio: BITPIX and BZERO,
 * axes in FITS order, every value, the stream's header cards and its
 * keywords; then a frame read from a real stream, end to end. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fitsio.h>

#include "capture-pattern.h"
#include "daoview-capture.h"
#include "test-util.h"

static char *fits_path(const char *what)
{
    static unsigned counter;
    char buf[512];
    snprintf(buf, sizeof buf, "%s/%s-%u.fits", test_dir(), what, counter++);
    return strdup(buf);
}

static void assert_saved(const char *path, const daoview_capture_frame *frame,
                         const daoview_capture_meta *meta)
{
    daoview_capture_error err = {0};
    int rc = daoview_capture_save_fits(path, frame, meta, &err);
    if (rc != 0)
        fail_msg("save_fits(%s) returned %d: %s", path, rc, err.message);
}

static fitsfile *open_fits(const char *path)
{
    fitsfile *f = NULL;
    int status = 0;
    fits_open_diskfile(&f, path, READONLY, &status);
    if (status) {
        char text[FLEN_ERRMSG];
        fits_get_errstatus(status, text);
        fail_msg("cfitsio cannot open %s: %s", path, text);
    }
    return f;
}

#define assert_fits_ok(status)                                                       \
    do {                                                                             \
        if ((status) != 0) {                                                         \
            char text_[FLEN_ERRMSG];                                                 \
            fits_get_errstatus((status), text_);                                     \
            fail_msg("cfitsio: %s", text_);                                          \
        }                                                                            \
    } while (0)

/* What the file must say for each type. */
static const struct {
    int bitpix;       /* BITPIX card */
    int equivalent;   /* fits_get_img_equivtype(): the type the values have */
    const char *bzero; /* BZERO card text, NULL for none */
    int datatype;     /* cfitsio type to read the values back in */
} expected[DAO_TYPE_LAST + 1] = {
    [DAO_UINT8] = {8, BYTE_IMG, NULL, TBYTE},
    [DAO_INT8] = {8, SBYTE_IMG, "-128", TSBYTE},
    [DAO_UINT16] = {16, USHORT_IMG, "32768", TUSHORT},
    [DAO_INT16] = {16, SHORT_IMG, NULL, TSHORT},
    [DAO_UINT32] = {32, ULONG_IMG, "2147483648", TUINT},
    [DAO_INT32] = {32, LONG_IMG, NULL, TINT},
    [DAO_UINT64] = {64, ULONGLONG_IMG, "9223372036854775808", TULONGLONG},
    [DAO_INT64] = {64, LONGLONG_IMG, NULL, TLONGLONG},
    [DAO_FLOAT] = {-32, FLOAT_IMG, NULL, TFLOAT},
    [DAO_DOUBLE] = {-64, DOUBLE_IMG, NULL, TDOUBLE},
    [DAO_COMPLEX_FLOAT] = {-32, FLOAT_IMG, NULL, TFLOAT},
    [DAO_COMPLEX_DOUBLE] = {-64, DOUBLE_IMG, NULL, TDOUBLE},
};

static int is_complex(dao_type t)
{
    return t == DAO_COMPLEX_FLOAT || t == DAO_COMPLEX_DOUBLE;
}

static void check_type_and_shape(dao_type type, int which)
{
    daoview_capture_frame frame;
    pattern_frame(&frame, type, which);
    void *before = malloc(frame.size);
    memcpy(before, frame.data, frame.size);
    char *path = fits_path(dao_type_name(type));
    assert_saved(path, &frame, NULL);
    /* cfitsio's API takes the pixels as non-const: make sure it only read them. */
    assert_memory_equal(frame.data, before, frame.size);

    fitsfile *f = open_fits(path);
    int status = 0;
    int bitpix = 0, equivalent = 0, naxis = 0;
    long naxes[4] = {0};
    fits_get_img_param(f, 4, &bitpix, &naxis, naxes, &status);
    fits_get_img_equivtype(f, &equivalent, &status);
    assert_fits_ok(status);
    assert_int_equal(bitpix, expected[type].bitpix);
    /* cfitsio 4.2's fits_get_img_equivtype() still reports LONGLONG_IMG for
     * BITPIX 64 with BZERO 2^63; the BZERO card and the values read back as
     * TULONGLONG below are what make it uint64. */
    if (type != DAO_UINT64)
        assert_int_equal(equivalent, expected[type].equivalent);

    char value[FLEN_VALUE], comment[FLEN_COMMENT];
    fits_read_keyword(f, "BZERO", value, comment, &status);
    if (expected[type].bzero) {
        assert_fits_ok(status);
        assert_string_equal(value, expected[type].bzero);
    } else {
        assert_int_equal(status, KEY_NO_EXIST);
        status = 0;
    }

    /* NAXIS1 is the fastest (last C) axis; complex adds a last axis of 2. */
    unsigned n = pattern_naxis[which];
    assert_int_equal(naxis, (int)n + (is_complex(type) ? 1 : 0));
    for (unsigned i = 0; i < n; i++)
        assert_int_equal(naxes[i], pattern_shape[which][n - 1 - i]);
    if (is_complex(type)) {
        assert_int_equal(naxes[n], 2);
        char ctype[FLEN_VALUE];
        char key[16];
        snprintf(key, sizeof key, "CTYPE%u", n + 1);
        fits_read_key(f, TSTRING, key, ctype, NULL, &status);
        assert_fits_ok(status);
        assert_string_equal(ctype, "COMPLEX");
    }

    char dtype[FLEN_VALUE], shape[FLEN_VALUE], expected_shape[64];
    fits_read_key(f, TSTRING, "DAOTYPE", dtype, NULL, &status);
    fits_read_key(f, TSTRING, "DAOSHAPE", shape, NULL, &status);
    assert_fits_ok(status);
    assert_string_equal(dtype, dao_type_name(type));
    if (n == 1)
        snprintf(expected_shape, sizeof expected_shape, "(%u,)", pattern_shape[which][0]);
    else if (n == 2)
        snprintf(expected_shape, sizeof expected_shape, "(%u, %u)", pattern_shape[which][0],
                 pattern_shape[which][1]);
    else
        snprintf(expected_shape, sizeof expected_shape, "(%u, %u, %u)", pattern_shape[which][0],
                 pattern_shape[which][1], pattern_shape[which][2]);
    assert_string_equal(shape, expected_shape);

    /* Every value, bit for bit (NaN and -Inf included): no null checking. */
    size_t count = frame.size / dao_type_size(type);
    size_t part = is_complex(type) ? dao_type_size(type) / 2 : dao_type_size(type);
    size_t values = is_complex(type) ? 2 * count : count;
    unsigned char *read = malloc(frame.size);
    int anynul = 0;
    fits_read_img(f, expected[type].datatype, 1, (LONGLONG)values, NULL, read, &anynul, &status);
    assert_fits_ok(status);
    const unsigned char *want = frame.data;
    if (is_complex(type)) {
        for (size_t i = 0; i < count; i++) {
            assert_memory_equal(read + i * part, want + 2 * i * part, part);           /* real */
            assert_memory_equal(read + (count + i) * part, want + (2 * i + 1) * part, part); /* imag */
        }
    } else {
        assert_memory_equal(read, want, frame.size);
    }

    fits_close_file(f, &status);
    free(read);
    free(before);
    free(path);
    free((void *)frame.data);
}

static void test_every_type_every_shape(void **state)
{
    for (int t = DAO_TYPE_FIRST; t <= DAO_TYPE_LAST; t++)
        for (int which = 0; which < PATTERN_SHAPES; which++)
            check_type_and_shape((dao_type)t, which);
}

/* C element (z, y, x) is FITS pixel (x+1, y+1, z+1): read single pixels by
 * their FITS coordinates, so that a transposed layout cannot pass. */
static void test_pixel_order(void **state)
{
    daoview_capture_frame frame = {.type = DAO_INT32, .naxis = 3, .shape = {2, 3, 4}};
    int32_t data[2][3][4];
    for (int z = 0; z < 2; z++)
        for (int y = 0; y < 3; y++)
            for (int x = 0; x < 4; x++)
                data[z][y][x] = 100 * z + 10 * y + x;
    frame.data = data;
    frame.size = sizeof data;
    char *path = fits_path("order");
    assert_saved(path, &frame, NULL);

    fitsfile *f = open_fits(path);
    int status = 0;
    for (long z = 0; z < 2; z++)
        for (long y = 0; y < 3; y++)
            for (long x = 0; x < 4; x++) {
                long fpixel[3] = {x + 1, y + 1, z + 1};
                int value = -1, anynul = 0;
                fits_read_pix(f, TINT, fpixel, 1, NULL, &value, &anynul, &status);
                assert_fits_ok(status);
                assert_int_equal(value, 100 * z + 10 * y + x);
            }
    fits_close_file(f, &status);
    free(path);
}

static void keyword(dao_keyword *kw, const char *name, char type, const char *comment)
{
    memset(kw, 0, sizeof *kw);
    snprintf(kw->name, sizeof kw->name, "%s", name);
    kw->type = type;
    snprintf(kw->comment, sizeof kw->comment, "%s", comment);
}

static void test_header_cards_and_keywords(void **state)
{
    dao_keyword kw[13];
    keyword(&kw[0], "GAIN", DAO_KEYWORD_INT, "detector gain");
    kw[0].value.i = -9007199254740993LL; /* not representable as a double */
    keyword(&kw[1], "exptime", DAO_KEYWORD_DOUBLE, "");
    kw[1].value.d = 0.1;
    keyword(&kw[2], "loop.gain.longer", DAO_KEYWORD_DOUBLE, "a name of 16 characters");
    kw[2].value.d = 1.0 / 3.0;
    keyword(&kw[3], "NAXIS", DAO_KEYWORD_INT, "would break the image if written as is");
    kw[3].value.i = 99;
    keyword(&kw[4], "DAOCNT", DAO_KEYWORD_STRING, "clashes with our own card");
    strcpy(kw[4].value.s, "theirs");
    keyword(&kw[5], "mode", DAO_KEYWORD_STRING, "loop state");
    strcpy(kw[5].value.s, "closed");
    keyword(&kw[6], "ACCENT", DAO_KEYWORD_STRING, "non-ASCII value");
    strcpy(kw[6].value.s, "h\xc3\xa9t");
    keyword(&kw[7], "NOTANUM", DAO_KEYWORD_DOUBLE, "");
    kw[7].value.d = NAN;
    keyword(&kw[8], "NEGINF", DAO_KEYWORD_DOUBLE, "");
    kw[8].value.d = -INFINITY;
    keyword(&kw[9], "my key=1", DAO_KEYWORD_INT, "space and equals sign");
    kw[9].value.i = 7;
    keyword(&kw[10], "UNUSED", DAO_KEYWORD_UNUSED, "must not appear");
    keyword(&kw[11], "", DAO_KEYWORD_INT, "no name: skipped");
    keyword(&kw[12], "SUM", DAO_KEYWORD_DOUBLE, "needs all 17 digits");
    kw[12].value.d = 0.1 + 0.2;

    char long_path[300];
    snprintf(long_path, sizeof long_path, "/tmp/%0200d/cam.im.shm", 0);
    daoview_capture_meta meta = {
        .stream_path = long_path,
        .counter = UINT64_MAX - 1,
        .write_time_ns = INT64_C(1764354612123456789),
        .keywords = kw,
        .n_keywords = 13,
    };
    daoview_capture_frame frame;
    pattern_frame(&frame, DAO_UINT16, 1);
    char *path = fits_path("cards");
    assert_saved(path, &frame, &meta);

    fitsfile *f = open_fits(path);
    int status = 0;
    char *text = NULL;
    fits_read_key_longstr(f, "DAOSTRM", &text, NULL, &status);
    assert_fits_ok(status);
    assert_string_equal(text, long_path);
    fits_free_memory(text, &status);

    ULONGLONG counter = 0;
    fits_read_key(f, TULONGLONG, "DAOCNT", &counter, NULL, &status);
    assert_fits_ok(status);
    assert_true(counter == UINT64_MAX - 1);

    char date[FLEN_VALUE], timesys[FLEN_VALUE];
    LONGLONG ns = 0;
    fits_read_key(f, TSTRING, "DATE-OBS", date, NULL, &status);
    fits_read_key(f, TSTRING, "TIMESYS", timesys, NULL, &status);
    fits_read_key(f, TLONGLONG, "DAOTNS", &ns, NULL, &status);
    assert_fits_ok(status);
    assert_string_equal(date, "2025-11-28T18:30:12.123456789");
    assert_string_equal(timesys, "UTC");
    assert_true(ns == INT64_C(1764354612123456789));

    /* The structure is intact despite the hostile NAXIS keyword. */
    int naxis = 0;
    fits_get_img_dim(f, &naxis, &status);
    assert_fits_ok(status);
    assert_int_equal(naxis, 2);

    LONGLONG i = 0;
    double d = 0;
    char s[FLEN_VALUE], comment[FLEN_COMMENT];
    fits_read_key(f, TLONGLONG, "GAIN", &i, comment, &status);
    assert_fits_ok(status);
    assert_true(i == -9007199254740993LL);
    assert_string_equal(comment, "detector gain");
    fits_read_key(f, TDOUBLE, "EXPTIME", &d, NULL, &status);
    assert_fits_ok(status);
    assert_true(d == 0.1);
    fits_read_key(f, TDOUBLE, "DAO LOOP.GAIN.LONGER", &d, NULL, &status);
    assert_fits_ok(status);
    assert_true(d == 1.0 / 3.0); /* 17 digits: bit for bit */
    fits_read_key(f, TDOUBLE, "SUM", &d, NULL, &status);
    assert_fits_ok(status);
    assert_true(d == 0.1 + 0.2);
    fits_read_key(f, TLONGLONG, "DAO NAXIS", &i, NULL, &status);
    assert_fits_ok(status);
    assert_true(i == 99);
    fits_read_key(f, TSTRING, "DAO DAOCNT", s, NULL, &status);
    assert_fits_ok(status);
    assert_string_equal(s, "theirs");
    fits_read_key(f, TSTRING, "MODE", s, NULL, &status);
    assert_fits_ok(status);
    assert_string_equal(s, "closed");
    fits_read_key(f, TSTRING, "ACCENT", s, NULL, &status);
    assert_fits_ok(status);
    assert_string_equal(s, "h??t");
    fits_read_key(f, TSTRING, "NOTANUM", s, NULL, &status);
    assert_fits_ok(status);
    assert_string_equal(s, "NaN");
    fits_read_key(f, TSTRING, "NEGINF", s, NULL, &status);
    assert_fits_ok(status);
    assert_string_equal(s, "-Inf");
    fits_read_key(f, TLONGLONG, "DAO MY_KEY_1", &i, NULL, &status);
    assert_fits_ok(status);
    assert_true(i == 7);
    fits_read_key(f, TLONGLONG, "UNUSED", &i, NULL, &status);
    assert_int_equal(status, KEY_NO_EXIST);
    status = 0;

    /* Exactly one card per used, named keyword: besides the structural
     * cards and our own, the header holds the 11 keywords, nothing else. */
    static const char *const ours[] = {
        "SIMPLE", "BITPIX", "NAXIS", "NAXIS1", "NAXIS2", "EXTEND", "COMMENT", "BZERO",
        "BSCALE", "DAOTYPE", "DAOSHAPE", "LONGSTRN", "DAOSTRM", "CONTINUE", "DAOCNT", "DATE-OBS",
        "TIMESYS", "DAOTNS", "DATE",
    };
    int nkeys = 0;
    fits_get_hdrspace(f, &nkeys, NULL, &status);
    int hierarch = 0, others = 0;
    for (int k = 1; k <= nkeys; k++) {
        char card[FLEN_CARD], name[FLEN_KEYWORD];
        int len = 0;
        fits_read_record(f, k, card, &status);
        fits_get_keyname(card, name, &len, &status);
        assert_fits_ok(status);
        int known = 0;
        for (size_t o = 0; o < sizeof ours / sizeof ours[0]; o++)
            known |= strcmp(name, ours[o]) == 0;
        if (!known)
            others++;
        if (strncmp(card, "HIERARCH", 8) == 0)
            hierarch++;
        if (strstr(card, "must not appear") || strstr(card, "no name"))
            fail_msg("skipped keyword written: %s", card);
    }
    assert_int_equal(others, 11);
    assert_int_equal(hierarch, 4);

    fits_close_file(f, &status);
    free(path);
    free((void *)frame.data);
}

/* The whole path the viewer takes: a real stream with keywords, a frame read
 * from it, its keywords collected, saved and read back. */
static void test_frame_from_stream(void **state)
{
    const char *stream_path = test_stream_path();
    uint32_t shape[2] = {4, 6};
    dao_create_options options = {.version = DAO_CREATE_OPTIONS_VERSION, .keywords = 4};
    dao_stream *w;
    assert_dao_ok(dao_stream_create(&w, stream_path, DAO_FLOAT, 2, shape, &options));
    assert_dao_ok(dao_stream_keyword_set_double(w, "WFSGAIN", 0.25, "wavefront sensor gain"));
    assert_dao_ok(dao_stream_keyword_set_string(w, "OBJECT", "HD 1234", NULL));
    float pixels[4][6];
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 6; x++)
            pixels[y][x] = (float)(y * 6 + x) - 0.5f;
    for (int k = 0; k < 3; k++)
        assert_dao_ok(dao_stream_write(w, pixels, sizeof pixels));

    dao_stream *r;
    assert_dao_ok(dao_stream_open(&r, stream_path, DAO_OPEN_READ_ONLY));
    float copy[4][6];
    dao_frame_info info;
    assert_dao_ok(dao_stream_read(r, copy, sizeof copy, 100 * 1000000LL, &info));
    dao_keyword *kw = NULL;
    unsigned nkw = 0;
    assert_dao_ok(daoview_capture_keywords_from_stream(r, &kw, &nkw));
    assert_int_equal(nkw, 2); /* two used of four entries */

    daoview_capture_frame frame = {
        .data = copy, .size = sizeof copy,
        .type = dao_stream_type(r), .naxis = dao_stream_naxis(r),
    };
    memcpy(frame.shape, dao_stream_shape(r), sizeof frame.shape);
    daoview_capture_meta meta = {
        .stream_path = dao_stream_path(r), .counter = info.counter,
        .write_time_ns = info.write_time_ns, .keywords = kw, .n_keywords = nkw,
    };
    char *path = fits_path("stream");
    assert_saved(path, &frame, &meta);
    free(kw);

    fitsfile *f = open_fits(path);
    int status = 0;
    char s[FLEN_VALUE];
    ULONGLONG counter = 0;
    LONGLONG ns = 0;
    double gain = 0;
    fits_read_key(f, TSTRING, "DAOSTRM", s, NULL, &status);
    fits_read_key(f, TULONGLONG, "DAOCNT", &counter, NULL, &status);
    fits_read_key(f, TLONGLONG, "DAOTNS", &ns, NULL, &status);
    fits_read_key(f, TDOUBLE, "WFSGAIN", &gain, NULL, &status);
    assert_fits_ok(status);
    assert_string_equal(s, stream_path);
    assert_true(counter == 3);
    assert_true(ns == info.write_time_ns);
    assert_true(gain == 0.25);
    fits_read_key(f, TSTRING, "OBJECT", s, NULL, &status);
    assert_fits_ok(status);
    assert_string_equal(s, "HD 1234");
    float back[4][6];
    int anynul = 0;
    fits_read_img(f, TFLOAT, 1, 24, NULL, back, &anynul, &status);
    assert_fits_ok(status);
    assert_memory_equal(back, pixels, sizeof pixels);
    fits_close_file(f, &status);

    dao_stream_close(r);
    dao_stream_close(w);
    free(path);
}

/* Names cfitsio would parse as its extended syntax are plain file names. */
static void test_cfitsio_syntax_in_names(void **state)
{
    daoview_capture_frame frame;
    pattern_frame(&frame, DAO_UINT8, 0);
    const char *names[] = {"frame[1].fits", "!bang.fits", "mem:.fits", "a b(c).fits"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", test_dir(), names[i]);
        assert_saved(path, &frame, NULL);
        size_t size = 0;
        uint8_t *bytes = test_read_file(path, &size);
        assert_int_equal(size, 2 * 2880);
        assert_memory_equal(bytes, "SIMPLE  =", 9);
        free(bytes);
    }
    free((void *)frame.data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_type_every_shape),
        cmocka_unit_test(test_pixel_order),
        cmocka_unit_test(test_header_cards_and_keywords),
        cmocka_unit_test(test_frame_from_stream),
        cmocka_unit_test(test_cfitsio_syntax_in_names),
    };
    int failed = cmocka_run_group_tests_name("capture-fits", tests, NULL, NULL);
    test_cleanup_paths();
    return failed;
}
