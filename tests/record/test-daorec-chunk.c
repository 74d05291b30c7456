/* test-daorec-chunk.c — chunk files as daorec-chunk.c writes them, read
 * back by cfitsio on its own (so the hand-made FITS byte order is checked
 * against cfitsio's reading of BITPIX and BZERO, not against itself) and by
 * the recording reader: every type, the axes, the cards with their counts,
 * the exact keyword table, empty chunks, and names that are taken. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fitsio.h>

#include "daorec-chunk.h"
#include "test-util.h"

#define FRAMES 3

static const char *stem_name(void)
{
    static char stem[64];
    static unsigned counter;
    snprintf(stem, sizeof stem, "chunk%ldx%u", (long)getpid(), counter++);
    return stem;
}

/* Bytes of frame k: distinct in every element and every frame. */
static void fill(unsigned char *p, size_t size, unsigned k)
{
    for (size_t j = 0; j < size; j++)
        p[j] = (unsigned char)(k * 61u + j * 11u + 5u);
}

static daorec_chunk_desc describe(dao_type type, unsigned naxis, const uint32_t *shape)
{
    daorec_chunk_desc d = {.type = type, .naxis = naxis, .chunk = 1,
                           .stream_path = "/tmp/chunk-test.im.shm",
                           .layout = {.fifo_depth = 4, .keyword_capacity = 9, .semaphores = 7}};
    memcpy(d.shape, shape, naxis * sizeof *shape);
    return d;
}

/* Write FRAMES frames (counters 10, 12, 15: gaps of 1 and 2, one of them
 * dropped) into chunk 1 of `stem` in the test directory; returns the
 * final path. */
static char *write_chunk(const char *stem, daorec_chunk_desc d, unsigned char *frames, size_t size,
                         uint64_t tail)
{
    static const uint64_t counters[FRAMES] = {10, 12, 15};
    daorec_frame_info info[FRAMES];
    for (int k = 0; k < FRAMES; k++)
        info[k] = (daorec_frame_info){.counter = counters[k],
                                      .write_time_ns = 1700000000000000000ll + k * 1000,
                                      .capture_time_ns = 1700000000000000500ll + k * 1000,
                                      .lost = k == 0 ? 0 : counters[k] - counters[k - 1] - 1,
                                      .dropped = k == 2 ? 1 : 0};
    daorec_error err;
    int fd;
    assert_int_equal(daorec__chunk_reserve(test_dir(), stem, 1, &fd, &err), 0);
    d.first = info[0];
    daorec_chunk c;
    if (daorec__chunk_begin(&c, fd, test_dir(), stem, &d, &err) < 0)
        fail_msg("begin: %s", err.message);
    for (int k = 0; k < FRAMES; k++) {
        /* In the ring, frames are converted in place; keep the originals. */
        unsigned char *copy = malloc(size);
        memcpy(copy, frames + k * size, size);
        daorec__to_fits_order(copy, size, d.type);
        struct iovec iov = {copy, size};
        const daorec_frame_info *pi = &info[k];
        assert_int_equal(daorec__chunk_append(&c, &iov, &pi, 1, &err), 0);
        free(copy);
    }
    if (daorec__chunk_finish(&c, tail, &err) < 0)
        fail_msg("finish: %s", err.message);
    char path[PATH_MAX];
    daorec__chunk_path(path, sizeof path, test_dir(), stem, 1, DAOREC_CHUNK_FITS);
    char part[PATH_MAX];
    daorec__chunk_path(part, sizeof part, test_dir(), stem, 1, DAOREC_CHUNK_PART);
    assert_int_equal(access(part, F_OK), -1); /* renamed, not copied */
    return strdup(path);
}

static long long card(fitsfile *f, const char *name)
{
    int status = 0;
    LONGLONG v = -1;
    fits_read_key(f, TLONGLONG, name, &v, NULL, &status);
    if (status)
        fail_msg("no card %s", name);
    return v;
}

static void test_every_type_read_by_cfitsio(void **state)
{
    (void)state;
    static const uint32_t shape[2] = {3, 5};
    for (int t = DAO_TYPE_FIRST; t <= DAO_TYPE_LAST; t++) {
        size_t size = dao_type_size(t) * 15;
        unsigned char *frames = malloc(size * FRAMES);
        for (unsigned k = 0; k < FRAMES; k++)
            fill(frames + k * size, size, k);
        /* NaNs have many bit patterns that cfitsio may not keep: floats get
         * ordinary values. */
        if (t == DAO_FLOAT || t == DAO_COMPLEX_FLOAT)
            for (size_t i = 0; i < size * FRAMES / 4; i++)
                ((float *)frames)[i] = (float)i * 0.25f - 3.0f;
        if (t == DAO_DOUBLE || t == DAO_COMPLEX_DOUBLE)
            for (size_t i = 0; i < size * FRAMES / 8; i++)
                ((double *)frames)[i] = (double)i * -1.5e10 + 1e-300;
        char *path = write_chunk(stem_name(), describe(t, 2, shape), frames, size, 0);

        fitsfile *f = NULL;
        int status = 0, naxis = 0, datatype = 0, any = 0;
        LONGLONG naxes[5];
        fits_open_diskfile(&f, path, READONLY, &status);
        fits_get_img_dim(f, &naxis, &status);
        fits_get_img_sizell(f, naxis, naxes, &status);
        assert_int_equal(status, 0);
        int complex = t == DAO_COMPLEX_FLOAT || t == DAO_COMPLEX_DOUBLE;
        assert_int_equal(naxis, 3 + complex);
        if (complex)
            assert_int_equal(naxes[0], 2);
        assert_int_equal(naxes[complex], 5); /* NAXIS1: the fastest frame axis */
        assert_int_equal(naxes[complex + 1], 3);
        assert_int_equal(naxes[complex + 2], FRAMES);
        unsigned char *back = calloc(1, size * FRAMES);
        static const int datatypes[] = {0, TBYTE, TSBYTE, TUSHORT, TSHORT, TUINT, TINT,
                                        TULONGLONG, TLONGLONG, TFLOAT, TDOUBLE, TFLOAT, TDOUBLE};
        datatype = datatypes[t];
        LONGLONG values = 15 * FRAMES * (complex ? 2 : 1);
        fits_read_img(f, datatype, 1, values, NULL, back, &any, &status);
        assert_int_equal(status, 0);
        if (memcmp(back, frames, size * FRAMES) != 0)
            fail_msg("type %s: cfitsio reads other values than were recorded", dao_type_name(t));
        assert_int_equal(card(f, "DAONFRM"), FRAMES);
        assert_int_equal(card(f, "DAOLOST"), 3);
        assert_int_equal(card(f, "DAODROP"), 1);
        assert_int_equal(card(f, "DAOTAIL"), 0);
        assert_int_equal(card(f, "DAOCNT"), 10);
        assert_int_equal(card(f, "DAOFIFO"), 4);
        fits_close_file(f, &status);

        daorec_reader *r;
        daorec_error err;
        const char *paths[] = {path};
        if (daorec_reader_open(&r, paths, 1, &err) < 0)
            fail_msg("reader: %s", err.message);
        assert_int_equal(daorec_reader_frame_count(r), FRAMES);
        assert_int_equal(daorec_reader_type(r), t);
        assert_int_equal(daorec_reader_naxis(r), 2);
        assert_int_equal(daorec_reader_shape(r)[0], 3);
        assert_int_equal(daorec_reader_shape(r)[1], 5);
        for (unsigned k = 0; k < FRAMES; k++) {
            daorec_frame_info fi;
            assert_int_equal(daorec_reader_read(r, k, back, size, &fi, &err), 0);
            assert_memory_equal(back, frames + k * size, size);
        }
        daorec_stream_layout layout;
        daorec_reader_stream_layout(r, &layout);
        assert_int_equal(layout.fifo_depth, 4);
        assert_int_equal(layout.keyword_capacity, 9);
        assert_int_equal(layout.semaphores, 7);
        assert_string_equal(daorec_reader_stream_path(r), "/tmp/chunk-test.im.shm");
        daorec_reader_close(r);
        free(back);
        free(frames);
        free(path);
    }
}

static void test_table_and_loss_account(void **state)
{
    (void)state;
    static const uint32_t shape[1] = {4};
    unsigned char frames[4 * FRAMES];
    char *path = write_chunk(stem_name(), describe(DAO_UINT8, 1, shape), frames, 4, 6);
    daorec_reader *r;
    daorec_error err;
    const char *paths[] = {path};
    assert_int_equal(daorec_reader_open(&r, paths, 1, &err), 0);
    daorec_frame_info fi;
    assert_int_equal(daorec_reader_frame_info(r, 2, &fi), 0);
    assert_int_equal(fi.counter, 15);
    assert_int_equal(fi.lost, 2);
    assert_int_equal(fi.dropped, 1);
    assert_int_equal(fi.write_time_ns, 1700000000000002000ll);
    assert_int_equal(fi.capture_time_ns, 1700000000000002500ll);
    assert_int_equal(daorec_reader_frame_info(r, 3, &fi), -ERANGE);
    daorec_loss loss;
    daorec_reader_loss(r, &loss);
    assert_int_equal(loss.lost, 3);
    assert_int_equal(loss.dropped, 1);
    assert_int_equal(loss.tail, 6);
    daorec_reader_close(r);
    free(path);
}

static void test_keywords_exact(void **state)
{
    (void)state;
    dao_keyword kw[4];
    memset(kw, 0, sizeof kw);
    snprintf(kw[0].name, sizeof kw[0].name, "loop.gain.x.yyy"); /* lower case, 15 bytes */
    kw[0].type = DAO_KEYWORD_DOUBLE;
    kw[0].value.d = NAN;
    snprintf(kw[1].name, sizeof kw[1].name, "EXPTIME");
    kw[1].type = DAO_KEYWORD_INT;
    kw[1].value.i = INT64_MIN;
    memset(kw[1].comment, 'c', DAO_KEYWORD_COMMENT_MAX); /* a full 80-byte comment */
    snprintf(kw[2].name, sizeof kw[2].name, "0123456789abcdef"); /* 16 bytes, no NUL room */
    kw[2].type = DAO_KEYWORD_STRING;
    snprintf(kw[2].value.s, sizeof kw[2].value.s, "\xc3\xa9 '= x  ");
    snprintf(kw[3].name, sizeof kw[3].name, "RATE");
    kw[3].type = DAO_KEYWORD_DOUBLE;
    kw[3].value.d = 0.1;
    static const uint32_t shape[1] = {2};
    daorec_chunk_desc d = describe(DAO_INT16, 1, shape);
    d.keywords = kw;
    d.n_keywords = 4;
    unsigned char frames[4 * FRAMES] = {0};
    char *path = write_chunk(stem_name(), d, frames, 4, 0);
    daorec_reader *r;
    daorec_error err;
    const char *paths[] = {path};
    assert_int_equal(daorec_reader_open(&r, paths, 1, &err), 0);
    unsigned n;
    const dao_keyword *back = daorec_reader_keywords(r, &n);
    assert_int_equal(n, 4);
    assert_string_equal(back[0].name, "loop.gain.x.yyy");
    assert_true(isnan(back[0].value.d));
    assert_int_equal(back[1].value.i, INT64_MIN);
    assert_string_equal(back[1].comment, kw[1].comment);
    assert_string_equal(back[2].name, "0123456789abcdef");
    assert_string_equal(back[2].value.s, "\xc3\xa9 '= x  ");
    assert_true(back[3].value.d == 0.1);
    daorec_reader_close(r);

    /* The people's view, in the header: long names by the HIERARCH rule. */
    fitsfile *f = NULL;
    int status = 0;
    char value[FLEN_VALUE];
    fits_open_diskfile(&f, path, READONLY, &status);
    fits_read_key(f, TSTRING, "HIERARCH DAO loop.gain.x.yyy", value, NULL, &status);
    assert_int_equal(status, 0);
    assert_string_equal(value, "NaN");
    assert_int_equal(card(f, "EXPTIME"), INT64_MIN);
    fits_close_file(f, &status);
    free(path);
}

static void test_names_taken_and_empty_chunks(void **state)
{
    (void)state;
    const char *stem = stem_name();
    daorec_error err;
    int fd, fd2;
    assert_int_equal(daorec__chunk_reserve(test_dir(), stem, 1, &fd, &err), 0);
    /* A second recorder of the stem into the same directory. */
    assert_int_equal(daorec__chunk_reserve(test_dir(), stem, 1, &fd2, &err), -EEXIST);
    assert_non_null(strstr(err.message, ".part exists"));
    static const uint32_t shape[1] = {8};
    daorec_chunk_desc d = describe(DAO_UINT8, 1, shape);
    daorec_chunk c;
    assert_int_equal(daorec__chunk_begin(&c, fd, test_dir(), stem, &d, &err), 0);
    assert_int_equal(daorec__chunk_finish(&c, 0, &err), 0);
    /* No frame: neither a chunk nor its .part file. */
    char path[PATH_MAX];
    daorec__chunk_path(path, sizeof path, test_dir(), stem, 1, DAOREC_CHUNK_FITS);
    assert_int_equal(access(path, F_OK), -1);
    daorec__chunk_path(path, sizeof path, test_dir(), stem, 1, DAOREC_CHUNK_PART);
    assert_int_equal(access(path, F_OK), -1);

    /* An existing recording is never written over. */
    unsigned char frames[8 * FRAMES] = {0};
    free(write_chunk(stem, d, frames, 8, 0));
    assert_int_equal(daorec__chunk_reserve(test_dir(), stem, 1, &fd, &err), -EEXIST);
    assert_non_null(strstr(err.message, "already exists"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_type_read_by_cfitsio),
        cmocka_unit_test(test_table_and_loss_account),
        cmocka_unit_test(test_keywords_exact),
        cmocka_unit_test(test_names_taken_and_empty_chunks),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_cleanup_paths();
    return rc;
}
