/* test-daorec-reader.c — the recording reader against files it did not
 * write or that were damaged: every one gives a defined error (a code and a
 * sentence naming the file), never a crash or a huge allocation; and FITS
 * cubes from elsewhere read as series of frames. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fitsio.h>

#include "daorec.h"
#include "test-util.h"

static char *file_path(const char *what)
{
    static unsigned counter;
    char buf[512];
    snprintf(buf, sizeof buf, "%s/%s-%u.fits", test_dir(), what, counter++);
    return strdup(buf);
}

static int open_one(const char *path, daorec_reader **r, daorec_error *err)
{
    const char *paths[] = {path};
    memset(err, 0, sizeof *err);
    return daorec_reader_open(r, paths, 1, err);
}

/* The error is refused with `code`, *r stays NULL and the message names
 * the file and contains `words`. */
static void assert_refused(const char *path, int code, const char *words)
{
    daorec_reader *r = (daorec_reader *)1;
    daorec_error err;
    int rc = open_one(path, &r, &err);
    if (rc != code)
        fail_msg("%s: %d (%s), expected %d", path, rc, err.message, code);
    assert_null(r);
    assert_int_equal(err.code, code);
    assert_non_null(strstr(err.message, path));
    if (!strstr(err.message, words))
        fail_msg("message '%s' does not say '%s'", err.message, words);
}

/* A uint16 cube made by cfitsio alone: frames × (ny, nx), pixel value
 * frame*1000 + index. extra_cards lets a test add (bad) DAO cards. */
static char *foreign_cube(int naxis, const long *naxes, void (*extra_cards)(fitsfile *, int *))
{
    char *path = file_path("foreign");
    fitsfile *f = NULL;
    int status = 0;
    fits_create_diskfile(&f, path, &status);
    fits_create_img(f, USHORT_IMG, naxis, (long *)naxes, &status);
    if (extra_cards)
        extra_cards(f, &status);
    long n = 1;
    for (int i = 0; i < naxis; i++)
        n *= naxes[i];
    unsigned short *v = malloc((size_t)n * sizeof *v);
    for (long i = 0; i < n; i++)
        v[i] = (unsigned short)(i + 40000);
    fits_write_img(f, TUSHORT, 1, n, v, &status);
    fits_close_file(f, &status);
    assert_int_equal(status, 0);
    free(v);
    return path;
}

static void test_not_fits(void **state)
{
    (void)state;
    char *path = file_path("junk");
    test_write_file(path, "SIMPLE  = nonsense and then some more bytes", 44);
    assert_refused(path, -EINVAL, "not a FITS file");
    test_write_file(path, "", 0);
    assert_refused(path, -EINVAL, "not a FITS file");
    unlink(path);
    assert_refused(path, -ENOENT, "No such file");
    assert_refused(test_dir(), -EINVAL, "not a regular file");
    free(path);
    daorec_reader *r;
    daorec_error err;
    assert_int_equal(daorec_reader_open(&r, NULL, 0, &err), -EINVAL);
    assert_null(r);
}

static void test_foreign_cube_is_frames(void **state)
{
    (void)state;
    long naxes[3] = {4, 3, 5}; /* nx 4, ny 3, 5 frames */
    char *path = foreign_cube(3, naxes, NULL);
    daorec_reader *r;
    daorec_error err;
    assert_int_equal(open_one(path, &r, &err), 0);
    assert_int_equal(daorec_reader_frame_count(r), 5);
    assert_int_equal(daorec_reader_type(r), DAO_UINT16);
    assert_int_equal(daorec_reader_naxis(r), 2);
    assert_int_equal(daorec_reader_shape(r)[0], 3);
    assert_int_equal(daorec_reader_shape(r)[1], 4);
    uint16_t frame[12];
    daorec_frame_info fi;
    assert_int_equal(daorec_reader_read(r, 4, frame, sizeof frame, &fi, &err), 0);
    assert_int_equal(frame[0], 40000 + 48);
    assert_int_equal(frame[11], 40000 + 59);
    assert_int_equal(fi.counter, 5); /* 1, 2 … without a FRAMES table */
    assert_int_equal(fi.write_time_ns, 0);
    assert_int_equal(daorec_reader_read(r, 5, frame, sizeof frame, &fi, &err), -ERANGE);
    assert_int_equal(daorec_reader_read(r, 0, frame, sizeof frame - 1, &fi, &err),
                     DAO_E_SIZE_MISMATCH);
    daorec_reader_close(r);
    free(path);

    long image[2] = {6, 2};
    path = foreign_cube(2, image, NULL);
    assert_int_equal(open_one(path, &r, &err), 0);
    assert_int_equal(daorec_reader_frame_count(r), 1);
    assert_int_equal(daorec_reader_shape(r)[0], 2);
    daorec_reader_close(r);
    free(path);

    long five[5] = {2, 2, 2, 2, 2};
    path = foreign_cube(5, five, NULL);
    assert_refused(path, -EINVAL, "more than 4 axes");
    free(path);
}

static void bad_type(fitsfile *f, int *status)
{
    fits_write_key_str(f, "DAOTYPE", "uint17", NULL, status);
}

static void bad_shape(fitsfile *f, int *status)
{
    fits_write_key_str(f, "DAOSHAPE", "(3, 5)", NULL, status); /* the cube is (3, 4) frames */
}

static void silly_shape(fitsfile *f, int *status)
{
    fits_write_key_str(f, "DAOSHAPE", "(3, -4)", NULL, status);
}

static void complex_without_recording(fitsfile *f, int *status)
{
    fits_write_key_str(f, "DAOTYPE", "complex64", NULL, status);
}

static void test_bad_dao_cards(void **state)
{
    (void)state;
    long naxes[3] = {4, 3, 5};
    char *path = foreign_cube(3, naxes, bad_type);
    assert_refused(path, -EINVAL, "DAOTYPE");
    free(path);
    path = foreign_cube(3, naxes, bad_shape);
    assert_refused(path, -EINVAL, "does not match NAXISn");
    free(path);
    path = foreign_cube(3, naxes, silly_shape);
    assert_refused(path, -EINVAL, "not a shape");
    free(path);
    path = foreign_cube(3, naxes, complex_without_recording);
    assert_refused(path, -EINVAL, "complex");
    free(path);
}

/* A recording made by the recorder itself, for the damage tests. */
static char *recording(unsigned frames, char **stem_out)
{
    const char *stream = test_stream_path();
    uint32_t shape[2] = {16, 16};
    dao_stream *w;
    assert_dao_ok(dao_stream_create(&w, stream, DAO_UINT16, 2, shape, NULL));
    daorec_record_options o = DAOREC_RECORD_OPTIONS_INIT;
    o.directory = test_dir();
    o.max_frames = frames;
    daorec_recorder *rec;
    daorec_error err;
    if (daorec_recorder_start(&rec, stream, &o, &err) < 0)
        fail_msg("start: %s", err.message);
    uint16_t frame[256] = {0};
    daorec_stats st;
    do {
        frame[0]++;
        assert_dao_ok(dao_stream_write(w, frame, sizeof frame));
        usleep(2000);
        daorec_recorder_stats(rec, &st);
    } while (st.state == DAOREC_RUNNING);
    char *stem = strdup(daorec_recorder_stem(rec));
    assert_int_equal(daorec_recorder_finish(rec, &st, &err), 0);
    assert_int_equal(st.frames_written, frames);
    dao_stream_close(w);
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s-000001.fits", test_dir(), stem);
    *stem_out = stem;
    return strdup(path);
}

static void truncate_to(const char *path, off_t size)
{
    assert_int_equal(truncate(path, size), 0);
}

static void test_damaged_chunks(void **state)
{
    (void)state;
    char *stem;
    char *path = recording(20, &stem);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    daorec_reader *r;
    daorec_error err;
    assert_int_equal(open_one(path, &r, &err), 0);
    assert_int_equal(daorec_reader_frame_count(r), 20);

    /* Cut in the FRAMES table, then in the frames: refused at open. */
    truncate_to(path, st.st_size - 2880 - 100);
    daorec_reader *r2;
    assert_true(open_one(path, &r2, &err) < 0);
    assert_null(r2);
    truncate_to(path, st.st_size / 2);
    assert_refused(path, -EINVAL, "truncated");
    truncate_to(path, 2880);
    assert_refused(path, -EINVAL, "truncated");

    /* Truncated while open: reading frames that are gone is an error. */
    uint16_t frame[256];
    int rc = daorec_reader_read(r, 19, frame, sizeof frame, NULL, &err);
    assert_int_equal(rc, -EIO);
    assert_non_null(strstr(err.message, path));
    daorec_reader_close(r);
    free(path);
    free(stem);
}

static void test_chunks_that_do_not_belong_together(void **state)
{
    (void)state;
    char *stem;
    char *a = recording(3, &stem);
    long naxes[3] = {4, 3, 5};
    char *b = foreign_cube(3, naxes, NULL);
    const char *paths[] = {a, b};
    daorec_reader *r;
    daorec_error err;
    assert_int_equal(daorec_reader_open(&r, paths, 2, &err), -EINVAL);
    assert_null(r);
    assert_non_null(strstr(err.message, "does not belong"));

    /* Two chunks of the same geometry are one recording of both. */
    const char *same[] = {a, a};
    assert_int_equal(daorec_reader_open(&r, same, 2, &err), 0);
    assert_int_equal(daorec_reader_frame_count(r), 6);
    daorec_frame_info first, fourth;
    daorec_reader_frame_info(r, 0, &first);
    daorec_reader_frame_info(r, 3, &fourth);
    assert_int_equal(first.counter, fourth.counter);
    /* Frame k was written with its counter in pixel 0. A loaded machine may
     * make the recorder miss frames, so the third one kept need not be
     * counter 3: compare with the counter the table gives. */
    uint16_t frame[256];
    daorec_frame_info sixth;
    assert_int_equal(daorec_reader_read(r, 5, frame, sizeof frame, &sixth, &err), 0);
    assert_int_equal(frame[0], (uint16_t)sixth.counter);
    daorec_frame_info third;
    daorec_reader_frame_info(r, 2, &third);
    assert_int_equal(third.counter, sixth.counter);
    daorec_reader_close(r);
    daorec_reader_close(NULL);
    free(a);
    free(b);
    free(stem);
}

/* A FRAMES table with a row too few, and a cube claiming frames its file
 * cannot hold. */
static void test_lying_headers(void **state)
{
    (void)state;
    char *stem;
    char *path = recording(4, &stem);
    fitsfile *f = NULL;
    int status = 0;
    fits_open_diskfile(&f, path, READWRITE, &status);
    fits_movnam_hdu(f, BINARY_TBL, "FRAMES", 0, &status);
    fits_delete_rows(f, 4, 1, &status);
    fits_close_file(f, &status);
    assert_int_equal(status, 0);
    assert_refused(path, -EINVAL, "one row per frame");
    free(path);

    /* The card is rewritten in the file's bytes: through cfitsio, closing
     * the file would pad it out to the size the header claims. */
    long naxes[3] = {4, 3, 5};
    path = foreign_cube(3, naxes, NULL);
    size_t size;
    uint8_t *bytes = test_read_file(path, &size);
    char *naxis3 = memmem(bytes, 2880, "NAXIS3  =", 9);
    assert_non_null(naxis3);
    memcpy(naxis3 + 10, "          2000000000", 20);
    test_write_file(path, bytes, size);
    free(bytes);
    assert_refused(path, -EINVAL, "truncated");
    free(path);
    free(stem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_not_fits),
        cmocka_unit_test(test_foreign_cube_is_frames),
        cmocka_unit_test(test_bad_dao_cards),
        cmocka_unit_test(test_damaged_chunks),
        cmocka_unit_test(test_chunks_that_do_not_belong_together),
        cmocka_unit_test(test_lying_headers),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_cleanup_paths();
    return rc;
}
