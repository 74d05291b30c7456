/* test-dao-milk-recognise.c — telling milk files from DAO files, and every
 * milk layout variant, from their bytes alone (milk-format.md §1–§3).
 *
 * The files come from tests/peers/milk-writer, which lays them out by its
 * own reading of the contract; both it and the recogniser are held to the
 * contract's worked examples, byte for byte.
 */
#include "test-util.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dao-format.h"
#include "dao-milk.h"
#include "milk-writer.h"

/* ---- helpers ---- */

static const char *make_milk(const milk_spec *spec)
{
    const char *path = test_stream_path();
    milk_writer *w;
    int rc = milk_writer_create(&w, path, spec);
    if (rc < 0)
        fail_msg("milk_writer_create: %s", strerror(-rc));
    milk_writer_close(w);
    return path;
}

static uint64_t file_size_of(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return (uint64_t)st.st_size;
}

/* What dao_stream_open will do: copy the first bytes, then decide. */
static dao__milk_verdict recognise_file(const char *path, dao__milk_geometry *g)
{
    uint8_t probe[DAO__MILK_PROBE_SIZE] = {0};
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    ssize_t n = pread(fd, probe, sizeof(probe), 0);
    assert_true(n >= 0);
    close(fd);
    return dao__milk_recognise(probe, (size_t)n, file_size_of(path), g);
}

static void poke(const char *path, off_t offset, const void *bytes, size_t n)
{
    int fd = open(path, O_RDWR);
    assert_true(fd >= 0);
    assert_int_equal(pwrite(fd, bytes, n, offset), (ssize_t)n);
    close(fd);
}

static void expect_verdict(const char *path, dao__milk_verdict expected)
{
    dao__milk_geometry g;
    memset(&g, 0xA5, sizeof(g));
    dao__milk_verdict got = recognise_file(path, &g);
    if (got != expected)
        fail_msg("%s: verdict %d, expected %d", path, got, expected);
}

static const milk_spec example_spec = {
    .layout = MILK_LAYOUT_2X, .datatype = 9, .naxis = 2, .size = {64, 48, 0}, .nbkw = 2,
    .nsem = 10, .location = -1, .clock = MILK_CLOCK_TAI,
    .stamps = MILK_STAMP_WRITETIME | MILK_STAMP_ATIME, .write_flag = true,
};

/* ---- the contract's worked examples (§3, §5, §8) ---- */

static void test_64x48_float32_with_two_keywords(void **state)
{
    const char *path = make_milk(&example_spec);
    assert_int_equal(file_size_of(path), 14080);
    dao__milk_geometry g;
    assert_int_equal(recognise_file(path, &g), DAO__MILK_OK);
    assert_int_equal(g.layout, DAO__MILK_LAYOUT_2X);
    assert_string_equal(g.version, "2.00");
    assert_int_equal(g.datatype, 9);
    assert_int_equal(g.element_size, 4);
    /* size = {64, 48} is numpy (48, 64). */
    assert_int_equal(g.naxis, 2);
    assert_int_equal(g.shape[0], 48);
    assert_int_equal(g.shape[1], 64);
    assert_int_equal(g.shape[2], 0);
    assert_int_equal(g.nelement, 3072);
    assert_int_equal(g.frame_size, 12288);
    assert_int_equal(g.gpu_device, -1);
    assert_int_equal(g.nkeywords, 2);
    assert_int_equal(g.nsem, 10);
    assert_false(g.named_semaphores);
    assert_int_equal(g.sem_record_size, 32);
    assert_int_equal(g.cb_size, 0);
    assert_int_equal(g.regions.pixels, 384);
    assert_int_equal(g.regions.keywords, 12672);
    assert_int_equal(g.regions.semaphores, 12928);
    assert_int_equal(g.regions.semlog, 13248);
    assert_int_equal(g.regions.sem_read_pid, 13280);
    assert_int_equal(g.regions.sem_write_pid, 13320);
    assert_int_equal(g.regions.proctrace, 13440);
    assert_int_equal(g.regions.end, 14080);
    /* §5: pixel (y=1, x=2) is element 66, at byte 648. */
    assert_int_equal(g.regions.pixels + (1 * g.shape[1] + 2) * g.element_size, 648);
}

static void test_with_a_circular_buffer_of_4(void **state)
{
    milk_spec spec = example_spec;
    spec.cb_size = 4;
    const char *path = make_milk(&spec);
    assert_int_equal(file_size_of(path), 63424);
    dao__milk_geometry g;
    assert_int_equal(recognise_file(path, &g), DAO__MILK_OK);
    assert_int_equal(g.cb_size, 4);
    assert_int_equal(g.regions.cb_meta, 14080);
    assert_int_equal(g.regions.cb_pixels, 14080 + 4 * 48);
    assert_int_equal(g.regions.end, 63424);
}

static void test_7x5x3_uint8_rounded_and_unrounded(void **state)
{
    milk_spec spec = example_spec;
    spec.datatype = 1;
    spec.naxis = 3;
    spec.size[0] = 7;
    spec.size[1] = 5;
    spec.size[2] = 3;
    spec.cb_size = 4;

    const char *rounded = make_milk(&spec);
    assert_int_equal(file_size_of(rounded), 2520);
    dao__milk_geometry g;
    assert_int_equal(recognise_file(rounded, &g), DAO__MILK_OK);
    assert_int_equal(g.layout, DAO__MILK_LAYOUT_2X);
    assert_int_equal(g.shape[0], 3);
    assert_int_equal(g.shape[1], 5);
    assert_int_equal(g.shape[2], 7);
    assert_int_equal(g.frame_size, 105);
    assert_int_equal(g.regions.keywords, 384 + 112);

    spec.layout = MILK_LAYOUT_2X_UNROUNDED;
    const char *unrounded = make_milk(&spec);
    assert_int_equal(file_size_of(unrounded), 2509);
    assert_int_equal(recognise_file(unrounded, &g), DAO__MILK_OK);
    assert_int_equal(g.layout, DAO__MILK_LAYOUT_2X_UNROUNDED);
    assert_int_equal(g.regions.keywords, 384 + 105);
    assert_int_equal(g.regions.end, 2509);
}

static void test_the_example_as_1_05(void **state)
{
    milk_spec spec = example_spec;
    spec.layout = MILK_LAYOUT_105;
    spec.named_semaphores = true;
    const char *path = make_milk(&spec);
    assert_int_equal(file_size_of(path), 15808);
    dao__milk_geometry g;
    assert_int_equal(recognise_file(path, &g), DAO__MILK_OK);
    assert_int_equal(g.layout, DAO__MILK_LAYOUT_105);
    assert_string_equal(g.version, "1.05");
    assert_true(g.named_semaphores);
    assert_int_equal(g.sem_record_size, 208);
    assert_int_equal(g.regions.semaphores, 12928);
    assert_int_equal(g.regions.semlog, 12928 + 2080); /* no semlog region */
    assert_int_equal(g.regions.sem_read_pid, 12928 + 2080);
    assert_int_equal(g.regions.end, 15808);
}

static void test_a_gpu_stream_has_no_pixel_region(void **state)
{
    milk_spec spec = example_spec;
    spec.location = 3;
    const char *path = make_milk(&spec);
    assert_int_equal(file_size_of(path), 1792);
    dao__milk_geometry g;
    assert_int_equal(recognise_file(path, &g), DAO__MILK_OK);
    assert_int_equal(g.gpu_device, 3);
    assert_int_equal(g.frame_size, 12288); /* the frame still has a size, on the GPU */
    assert_int_equal(g.regions.pixels, 384);
    assert_int_equal(g.regions.keywords, 384);
}

static void test_dao_compat_header(void **state)
{
    milk_spec spec = example_spec;
    spec.layout = MILK_LAYOUT_2X_COMPAT;
    const char *path = make_milk(&spec);
    /* The example with a 4496-byte header instead of 384. */
    assert_int_equal(file_size_of(path), 14080 - 384 + 4496);
    dao__milk_geometry g;
    assert_int_equal(recognise_file(path, &g), DAO__MILK_OK);
    assert_int_equal(g.layout, DAO__MILK_LAYOUT_2X_COMPAT);
    assert_int_equal(g.regions.pixels, 4496);
    assert_int_equal(g.regions.keywords, 4496 + 12288);
}

static void test_a_temporal_cube_has_per_slice_arrays(void **state)
{
    milk_spec spec = example_spec;
    spec.naxis = 3;
    spec.size[0] = 8;
    spec.size[1] = 8;
    spec.size[2] = 5;
    spec.temporal = true;
    const char *path = make_milk(&spec);
    dao__milk_geometry g;
    assert_int_equal(recognise_file(path, &g), DAO__MILK_OK);
    assert_int_equal(g.regions.slice_writetime - g.regions.slice_atime, 80);
    assert_int_equal(g.regions.slice_cnt - g.regions.slice_writetime, 80);
    assert_int_equal(g.regions.cb_meta - g.regions.slice_cnt, 40);
    assert_int_equal(g.regions.end, file_size_of(path));

    /* The same header without those arrays in the file matches nothing. */
    spec.temporal = false;
    const char *plain = make_milk(&spec);
    uint64_t temporal = 0x20001;
    poke(plain, 144, &temporal, 8);
    expect_verdict(plain, DAO__MILK_TRUNCATED);
}

/* ---- every type, rank, keyword and CB choice, in every layout ---- */

static void test_every_type_rank_and_layout_matches_the_writer(void **state)
{
    static const uint32_t sizes[3][3] = {{5, 0, 0}, {5, 3, 0}, {5, 3, 2}};
    static const milk_layout layouts[] = {MILK_LAYOUT_2X, MILK_LAYOUT_2X_COMPAT,
                                          MILK_LAYOUT_2X_UNROUNDED, MILK_LAYOUT_105};
    unsigned checked = 0;
    const char *path = test_stream_path(); /* one path, re-created each time */
    for (size_t l = 0; l < 4; l++)
    for (int type = 1; type <= 13; type++)
    for (unsigned naxis = 1; naxis <= 3; naxis++)
    for (unsigned nbkw = 0; nbkw <= 3; nbkw += 3)
    for (unsigned cb = 0; cb <= 2; cb += 2) {
        milk_spec spec = example_spec;
        spec.layout = layouts[l];
        spec.datatype = type;
        spec.naxis = naxis;
        memcpy(spec.size, sizes[naxis - 1], sizeof(spec.size));
        spec.nbkw = nbkw;
        spec.cb_size = cb;
        spec.nsem = 3;
        spec.named_semaphores = false;

        milk_writer *w;
        assert_int_equal(milk_writer_create(&w, path, &spec), 0);
        milk_offsets at = *milk_writer_offsets(w);
        milk_writer_close(w);

        dao__milk_geometry g;
        assert_int_equal(recognise_file(path, &g), DAO__MILK_OK);
        assert_int_equal(g.datatype, type);
        assert_int_equal(g.element_size, milk_type_size(type));
        assert_int_equal(g.naxis, naxis);
        for (unsigned i = 0; i < naxis; i++)
            assert_int_equal(g.shape[i], spec.size[naxis - 1 - i]);
        assert_int_equal(g.frame_size, g.nelement * milk_type_size(type));
        /* An unrounded file whose regions all happen to be multiples of 8 is
         * byte for byte a rounded one: the contract's order picks "2.x". */
        dao__milk_layout expected = (dao__milk_layout)spec.layout;
        if (spec.layout == MILK_LAYOUT_2X_UNROUNDED && at.file_size % 8 == 0 &&
            g.layout == DAO__MILK_LAYOUT_2X)
            expected = DAO__MILK_LAYOUT_2X;
        assert_int_equal(g.layout, expected);
        assert_int_equal(g.regions.pixels, at.pixels);
        assert_int_equal(g.regions.keywords, at.keywords);
        assert_int_equal(g.regions.semaphores, at.semaphores);
        assert_int_equal(g.regions.sem_read_pid, at.sem_read_pid);
        assert_int_equal(g.regions.sem_write_pid, at.sem_write_pid);
        assert_int_equal(g.regions.proctrace, at.proctrace);
        assert_int_equal(g.regions.cb_meta, at.cb_meta);
        assert_int_equal(g.regions.cb_pixels, at.cb_pixels);
        assert_int_equal(g.regions.end, at.file_size);
        checked++;
    }
    assert_int_equal(checked, 4 * 13 * 3 * 2 * 2);
}

static void test_float16_is_recognised_not_refused(void **state)
{
    milk_spec spec = example_spec;
    spec.datatype = 13;
    const char *path = make_milk(&spec);
    dao__milk_geometry g;
    assert_int_equal(recognise_file(path, &g), DAO__MILK_OK);
    assert_int_equal(g.datatype, DAO__MILK_FLOAT16);
    assert_int_equal(g.element_size, 2);
    assert_int_equal(g.frame_size, 3072 * 2);
}

/* ---- the bad-file corpus ---- */

static void test_not_ready_while_the_version_is_zero(void **state)
{
    milk_spec spec = example_spec;
    spec.version = "";
    const char *path = make_milk(&spec);
    expect_verdict(path, DAO__MILK_NOT_READY);
    /* With nothing written at all, the bytes do not say milk: the DAO rules
     * judge the file. */
    uint8_t zeros[DAO__MILK_MD_SIZE] = {0};
    poke(path, 0, zeros, sizeof(zeros));
    expect_verdict(path, DAO__MILK_NOT_MILK);
}

static void test_truncated_at_each_region(void **state)
{
    milk_spec spec = example_spec;
    spec.cb_size = 2;
    spec.fill_keywords = true;
    const char *path = make_milk(&spec);
    dao__milk_geometry g;
    assert_int_equal(recognise_file(path, &g), DAO__MILK_OK);
    const uint64_t cuts[] = {
        g.regions.pixels, g.regions.pixels + 1, g.regions.keywords, g.regions.semaphores,
        g.regions.semlog, g.regions.sem_read_pid, g.regions.sem_write_pid, g.regions.semctrl,
        g.regions.semstatus, g.regions.proctrace, g.regions.cb_meta, g.regions.cb_pixels,
        g.regions.cb_pixels + g.frame_size, g.regions.end - 1,
    };
    for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
        assert_int_equal(truncate(path, (off_t)cuts[i]), 0);
        expect_verdict(path, DAO__MILK_TRUNCATED);
    }
    /* Too short for a header: no longer recognisable at all (the DAO rules
     * then call it a truncated header). */
    assert_int_equal(truncate(path, 383), 0);
    expect_verdict(path, DAO__MILK_NOT_MILK);
    assert_int_equal(truncate(path, 0), 0);
    expect_verdict(path, DAO__MILK_NOT_MILK);
}

static void test_size_equation_off_by_8(void **state)
{
    const char *path = make_milk(&example_spec);
    assert_int_equal(truncate(path, 14080 + 8), 0);
    expect_verdict(path, DAO__MILK_UNKNOWN_LAYOUT);
    assert_int_equal(truncate(path, 14080 - 8), 0);
    expect_verdict(path, DAO__MILK_TRUNCATED);
    /* Between the rounded and the DAO_COMPAT size: no variant. */
    assert_int_equal(truncate(path, 14080 + 4112 - 8), 0);
    expect_verdict(path, DAO__MILK_UNKNOWN_LAYOUT);
}

static void test_wrong_versions(void **state)
{
    static const struct {
        const char *version;
        dao__milk_verdict verdict;
    } cases[] = {
        {"1.04", DAO__MILK_UNKNOWN_LAYOUT}, /* 376-byte header: a layout we do not read */
        {"3.00", DAO__MILK_UNKNOWN_LAYOUT},
        {"0.9", DAO__MILK_UNKNOWN_LAYOUT},
        {"21.00", DAO__MILK_UNKNOWN_LAYOUT},
        {"2.", DAO__MILK_NOT_MILK},
        {".00", DAO__MILK_NOT_MILK},
        {"2.00a", DAO__MILK_NOT_MILK},
        {"v2.00", DAO__MILK_NOT_MILK},
        {"/tmp/cam.im.shm", DAO__MILK_NOT_MILK},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        milk_spec spec = example_spec;
        spec.version = cases[i].version;
        const char *path = make_milk(&spec);
        expect_verdict(path, cases[i].verdict);
    }
    /* 32 digits and no NUL inside the field. */
    const char *path = make_milk(&example_spec);
    poke(path, 0, "2.000000000000000000000000000000", 32);
    expect_verdict(path, DAO__MILK_NOT_MILK);
    /* A "1.05" file that says "2.00", and the reverse: the sizes disagree. */
    milk_spec old = example_spec;
    old.layout = MILK_LAYOUT_105;
    old.named_semaphores = false;
    old.version = "2.00";
    expect_verdict(make_milk(&old), DAO__MILK_UNKNOWN_LAYOUT);
    milk_spec current = example_spec;
    current.version = "1.05";
    expect_verdict(make_milk(&current), DAO__MILK_TRUNCATED);
}

static void test_huge_nbkw_and_cbsize(void **state)
{
    const char *path = make_milk(&example_spec);
    uint16_t nbkw = UINT16_MAX;
    poke(path, 290, &nbkw, 2);
    expect_verdict(path, DAO__MILK_TRUNCATED);

    path = make_milk(&example_spec);
    uint32_t cb = UINT32_MAX;
    poke(path, 292, &cb, 4);
    expect_verdict(path, DAO__MILK_TRUNCATED);

    /* CBsize × frame bytes past 2^64: no file can be that large. */
    milk_spec spec = example_spec;
    spec.naxis = 3;
    spec.size[0] = 1u << 16;
    spec.size[1] = 1u << 16;
    spec.size[2] = 1;
    spec.location = 0; /* a GPU stream, so the test file stays small */
    spec.datatype = 12;
    path = make_milk(&spec);
    poke(path, 292, &cb, 4);
    expect_verdict(path, DAO__MILK_UNKNOWN_LAYOUT);
}

static void test_location_at_or_above_zero(void **state)
{
    /* A file with pixels that claims a GPU: the size says otherwise. */
    const char *path = make_milk(&example_spec);
    int8_t device = 0;
    poke(path, 240, &device, 1);
    expect_verdict(path, DAO__MILK_UNKNOWN_LAYOUT);
    device = -2;
    poke(path, 240, &device, 1);
    expect_verdict(path, DAO__MILK_BAD_HEADER);
    /* A real GPU stream on device 0 and on device 127. */
    milk_spec spec = example_spec;
    for (int dev = 0; dev <= 127; dev += 127) {
        spec.location = dev;
        dao__milk_geometry g;
        assert_int_equal(recognise_file(make_milk(&spec), &g), DAO__MILK_OK);
        assert_int_equal(g.gpu_device, dev);
    }
}

static void test_bad_header_fields(void **state)
{
    static const struct {
        off_t offset;
        uint64_t value;
        size_t width;
        dao__milk_verdict verdict;
    } cases[] = {
        {112, 0, 1, DAO__MILK_BAD_NAXIS},
        {112, 4, 1, DAO__MILK_BAD_NAXIS},
        {120, 0, 4, DAO__MILK_BAD_SHAPE},     /* size[1] = 0 */
        {128, 3071, 8, DAO__MILK_BAD_NELEMENT},
        {136, 0, 1, DAO__MILK_BAD_TYPE},
        {136, 14, 1, DAO__MILK_BAD_TYPE},
        {136, 20, 1, DAO__MILK_BAD_TYPE},    /* ISIO's "event" type: refused by ISIO too */
        {224, 0, 1, DAO__MILK_BAD_HEADER},   /* shared */
        {312, 12280, 8, DAO__MILK_BAD_HEADER}, /* imdatamemsize */
        {136, 10, 1, DAO__MILK_BAD_HEADER},  /* float64: imdatamemsize no longer fits */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *path = make_milk(&example_spec);
        poke(path, cases[i].offset, &cases[i].value, cases[i].width);
        expect_verdict(path, cases[i].verdict);
    }
    /* Extents whose product overflows 64 bits. */
    const char *path = make_milk(&example_spec);
    uint8_t three = 3;
    uint32_t huge[3] = {UINT32_MAX, UINT32_MAX, UINT32_MAX};
    poke(path, 112, &three, 1);
    poke(path, 116, huge, sizeof(huge));
    expect_verdict(path, DAO__MILK_BAD_SHAPE);
}

/* ---- DAO files stay DAO files (§1 step 4) ---- */

static void write_dao_file(const char *path, const char *name)
{
    size_t size = DAO__MD_SIZE + 10 * 10 * 2;
    uint8_t *bytes = calloc(1, size);
    dao__md *md = (dao__md *)bytes;
    snprintf(md->name, sizeof(md->name), "%s", name);
    md->naxis = 2;
    md->size[0] = md->size[1] = 10;
    md->nelement = 100;
    md->atype = DAO_UINT16;
    md->shared = 1;
    md->sem = 10;
    md->creation_time = 1.7e9;
    test_write_file(path, bytes, size);
    free(bytes);
}

static void test_a_dao_file_is_not_milk(void **state)
{
    const char *path = test_stream_path();
    write_dao_file(path, path);
    expect_verdict(path, DAO__MILK_NOT_MILK);
}

static void test_a_dao_file_that_starts_like_a_version_is_still_not_milk(void **state)
{
    /* A DAO stream created at the relative path "2.00" starts with "2.00\0". */
    const char *path = test_stream_path();
    write_dao_file(path, "2.00");
    dao__milk_geometry g;
    assert_int_not_equal(recognise_file(path, &g), DAO__MILK_OK);

    /* Even with a milk header planted where DAO keeps its times: the size
     * equation still has to give the file's size, and it does not. */
    int fd = open(path, O_RDWR);
    assert_true(fd >= 0);
    dao__milk_md milk = {.naxis = 2, .size = {10, 10, 0}, .nelement = 100, .datatype = 3,
                         .shared = 1, .location = -1, .imdatamemsize = 200, .sem = 10};
    assert_int_equal(pwrite(fd, (uint8_t *)&milk + 112, sizeof(milk) - 112, 112),
                     (ssize_t)(sizeof(milk) - 112));
    close(fd);
    assert_int_not_equal(recognise_file(path, &g), DAO__MILK_OK);
}

static int teardown(void **state)
{
    milk_writer_remove_named_semaphores();
    test_cleanup_paths();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_64x48_float32_with_two_keywords),
        cmocka_unit_test(test_with_a_circular_buffer_of_4),
        cmocka_unit_test(test_7x5x3_uint8_rounded_and_unrounded),
        cmocka_unit_test(test_the_example_as_1_05),
        cmocka_unit_test(test_a_gpu_stream_has_no_pixel_region),
        cmocka_unit_test(test_dao_compat_header),
        cmocka_unit_test(test_a_temporal_cube_has_per_slice_arrays),
        cmocka_unit_test(test_every_type_rank_and_layout_matches_the_writer),
        cmocka_unit_test(test_float16_is_recognised_not_refused),
        cmocka_unit_test(test_not_ready_while_the_version_is_zero),
        cmocka_unit_test(test_truncated_at_each_region),
        cmocka_unit_test(test_size_equation_off_by_8),
        cmocka_unit_test(test_wrong_versions),
        cmocka_unit_test(test_huge_nbkw_and_cbsize),
        cmocka_unit_test(test_location_at_or_above_zero),
        cmocka_unit_test(test_bad_header_fields),
        cmocka_unit_test(test_a_dao_file_is_not_milk),
        cmocka_unit_test(test_a_dao_file_that_starts_like_a_version_is_still_not_milk),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
