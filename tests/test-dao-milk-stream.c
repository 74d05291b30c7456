/* test-dao-milk-stream.c — milk streams through dao_stream_open() and the
 * ordinary calls: the format is told by the bytes, the handle is strictly
 * read-only, and every bad milk file has its named error.
 */
#include "test-util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dao-format.h"
#include "milk-writer.h"

static const milk_spec example = MILK_SPEC_INIT; /* 64x48 float32, "2.00", 10 semaphores */

static int64_t realtime_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static milk_writer *make_writer(const milk_spec *spec, const char **path)
{
    *path = test_stream_path();
    milk_writer *w;
    int rc = milk_writer_create(&w, *path, spec);
    if (rc < 0)
        fail_msg("milk_writer_create: %s", strerror(-rc));
    return w;
}

static const char *make_file(const milk_spec *spec)
{
    const char *path;
    milk_writer_close(make_writer(spec, &path));
    return path;
}

static void poke(const char *path, off_t offset, const void *bytes, size_t n)
{
    int fd = open(path, O_RDWR);
    assert_true(fd >= 0);
    assert_int_equal(pwrite(fd, bytes, n, offset), (ssize_t)n);
    close(fd);
}

static void expect_open_error(const char *path, int code)
{
    dao_stream *s = (dao_stream *)0x1;
    assert_dao_error(dao_stream_open(&s, path, 0), code);
    assert_null(s);
}

/* ---- geometry and frames ---- */

static void test_opens_the_contract_example_in_numpy_order(void **state)
{
    milk_spec spec = example;
    spec.nbkw = 2;
    const char *path;
    milk_writer *w = make_writer(&spec, &path);
    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, path, 0));
    assert_int_equal(dao_stream_format(s), DAO_FORMAT_MILK);
    assert_true(dao_stream_is_read_only(s));
    assert_int_equal(dao_stream_type(s), DAO_FLOAT);
    assert_int_equal(dao_stream_naxis(s), 2);
    assert_int_equal(dao_stream_shape(s)[0], 48);
    assert_int_equal(dao_stream_shape(s)[1], 64);
    assert_int_equal(dao_stream_shape(s)[2], 0);
    assert_int_equal(dao_stream_element_count(s), 3072);
    assert_int_equal(dao_stream_frame_size(s), 12288);
    assert_int_equal(dao_stream_fifo_depth(s), 1);
    assert_int_equal(dao_stream_semaphore_count(s), 10);
    assert_int_equal(dao_stream_keyword_capacity(s), 2);
    assert_int_equal(dao_stream_file_size(s), 14080);
    assert_int_equal(dao_stream_expected_file_size(s), 14080);
    assert_int_equal(dao_stream_counter(s), 0);
    assert_int_equal(dao_stream_write_time_ns(s), 0);

    int64_t before = realtime_ns();
    milk_writer_publish(w);
    int64_t after = realtime_ns();
    float frame[48][64];
    dao_frame_info info;
    assert_dao_ok(dao_stream_read(s, frame, sizeof(frame), 0, &info));
    assert_int_equal(info.counter, 1);
    assert_true(info.write_time_ns >= before && info.write_time_ns <= after);
    assert_int_equal(dao_stream_counter(s), 1);
    for (unsigned y = 0; y < 48; y++)
        for (unsigned x = 0; x < 64; x++)
            assert_true(frame[y][x] == (float)milk_pattern(1, y * 64 + x));
    /* Zero-copy: the same bytes, in place. */
    assert_memory_equal(dao_stream_data(s), frame, sizeof(frame));
    dao_stream_close(s);
    milk_writer_close(w);
}

static void test_every_type_rank_and_layout_reads_back_exactly(void **state)
{
    static const uint32_t sizes[3][3] = {{6, 0, 0}, {6, 5, 0}, {6, 5, 3}};
    static const milk_layout layouts[] = {MILK_LAYOUT_2X, MILK_LAYOUT_2X_COMPAT,
                                          MILK_LAYOUT_2X_UNROUNDED, MILK_LAYOUT_105};
    const char *path = test_stream_path();
    for (size_t l = 0; l < 4; l++)
    for (int type = 1; type <= 12; type++)
    for (unsigned naxis = 1; naxis <= 3; naxis++) {
        milk_spec spec = example;
        spec.layout = layouts[l];
        spec.named_semaphores = false;
        spec.datatype = type;
        spec.naxis = naxis;
        memcpy(spec.size, sizes[naxis - 1], sizeof(spec.size));
        spec.nbkw = naxis - 1;      /* 0, 1 or 2 keywords */
        spec.cb_size = naxis == 3 ? 3 : 0;
        milk_writer *w;
        assert_int_equal(milk_writer_create(&w, path, &spec), 0);
        milk_writer_publish(w);
        milk_writer_publish(w);

        dao_stream *s;
        assert_dao_ok(dao_stream_open(&s, path, 0));
        assert_int_equal(dao_stream_type(s), type);
        assert_int_equal(dao_stream_naxis(s), naxis);
        for (unsigned i = 0; i < naxis; i++)
            assert_int_equal(dao_stream_shape(s)[i], spec.size[naxis - 1 - i]);
        size_t esize = dao_type_size(type);
        size_t bytes = dao_stream_frame_size(s);
        assert_int_equal(bytes, dao_stream_element_count(s) * esize);
        uint8_t *frame = malloc(bytes);
        dao_frame_info info;
        assert_dao_ok(dao_stream_read(s, frame, bytes, -1, &info));
        assert_int_equal(info.counter, 2);
        /* Element (z, y, x) of the numpy array is milk's x + size[0]·(y + size[1]·z). */
        uint64_t n = dao_stream_element_count(s);
        for (uint64_t i = 0; i < n; i++) {
            uint8_t want[16];
            milk_store_value(type, want, milk_pattern(2, i));
            if (memcmp(frame + i * esize, want, esize) != 0)
                fail_msg("layout %zu type %d naxis %u: element %llu", l, type, naxis,
                         (unsigned long long)i);
        }
        free(frame);
        dao_stream_close(s);
        milk_writer_close(w);
    }
}

static void test_keywords_read_as_dao_keywords(void **state)
{
    milk_spec spec = example;
    spec.nbkw = 5;
    spec.fill_keywords = true;
    const char *path = make_file(&spec);
    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, path, 0));
    assert_int_equal(dao_stream_keyword_capacity(s), 5);
    dao_keyword kw;
    assert_dao_ok(dao_stream_keyword_find(s, "GAIN", &kw));
    assert_int_equal(kw.type, DAO_KEYWORD_INT);
    assert_int_equal(kw.value.i, -43);
    assert_string_equal(kw.comment, "detector gain");
    assert_dao_ok(dao_stream_keyword_find(s, "EXPTIME", &kw));
    assert_int_equal(kw.type, DAO_KEYWORD_DOUBLE);
    assert_true(kw.value.d == 0.001);
    assert_dao_ok(dao_stream_keyword_get(s, 2, &kw));
    assert_string_equal(kw.name, "MODE");
    assert_string_equal(kw.value.s, "fast2");
    assert_dao_ok(dao_stream_keyword_get(s, 4, &kw));
    assert_string_equal(kw.name, "KW004");
    assert_dao_error(dao_stream_keyword_find(s, "NOPE", &kw), DAO_E_NO_KEYWORD);
    dao_stream_close(s);

    /* ISIO creates every entry as 'N': none is found. */
    spec.fill_keywords = false;
    assert_dao_ok(dao_stream_open(&s, make_file(&spec), 0));
    assert_dao_ok(dao_stream_keyword_get(s, 0, &kw));
    assert_int_equal(kw.type, DAO_KEYWORD_UNUSED);
    dao_stream_close(s);
}

static void test_the_milk_header_by_milk_names(void **state)
{
    milk_spec spec = example;
    spec.nbkw = 2;
    spec.cb_size = 4;
    const char *path;
    milk_writer *w = make_writer(&spec, &path);
    for (int k = 0; k < 5; k++)
        milk_writer_publish(w);
    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, path, 0));
    dao_milk_metadata md = DAO_MILK_METADATA_INIT;
    assert_dao_ok(dao_stream_milk_metadata(s, &md));
    assert_string_equal(md.milk_version, "2.00");
    assert_string_equal(md.layout, "2.x");
    char name[64];
    snprintf(name, sizeof(name), "%s", strrchr(path, '/') + 1);
    *strstr(name, ".im.shm") = '\0';
    assert_string_equal(md.name, name);
    assert_int_equal(md.naxis, 2);
    assert_int_equal(md.size[0], 64); /* milk order */
    assert_int_equal(md.size[1], 48);
    assert_int_equal(md.datatype, 9);
    assert_int_equal(md.imagetype, 2);
    assert_int_equal(md.creatorPID, getpid());
    assert_int_equal(md.shared, 1);
    assert_int_equal(md.inode, milk_writer_inode(w));
    assert_int_equal(md.location, -1);
    assert_int_equal(md.sem, 10);
    assert_int_equal(md.NBproctrace, 10);
    assert_int_equal(md.cnt0, 5);
    assert_int_equal(md.NBkw, 2);
    assert_int_equal(md.CBsize, 4);
    assert_int_equal(md.CBindex, 1);
    assert_int_equal(md.CBcycle, 1);
    assert_int_equal(md.imdatamemsize, 12288);
    assert_true(md.time_is_tai);
    assert_true(md.writetime_ns > 0 && md.writetime_ns == dao_stream_write_time_ns(s));
    assert_true(md.creationtime_ns > 0 && md.creationtime_ns <= md.writetime_ns);

    dao_milk_metadata bad = {.version = 99};
    assert_dao_error(dao_stream_milk_metadata(s, &bad), -EINVAL);
    dao_metadata dmd = DAO_METADATA_INIT;
    assert_dao_error(dao_stream_metadata(s, 0, &dmd), DAO_E_WRONG_FORMAT);
    dao_stream_close(s);
    milk_writer_close(w);
}

/* ---- the formats are never confused ---- */

static void test_dao_streams_stay_dao(void **state)
{
    const char *path = test_stream_path();
    uint32_t shape[2] = {4, 4};
    dao_stream *w;
    assert_dao_ok(dao_stream_create(&w, path, DAO_UINT16, 2, shape, NULL));
    assert_int_equal(dao_stream_format(w), DAO_FORMAT_DAO);
    dao_stream *r;
    assert_dao_ok(dao_stream_open(&r, path, 0));
    assert_int_equal(dao_stream_format(r), DAO_FORMAT_DAO);
    dao_milk_metadata md = DAO_MILK_METADATA_INIT;
    assert_dao_error(dao_stream_milk_metadata(r, &md), DAO_E_WRONG_FORMAT);
    assert_dao_error(dao_stream_milk_semaphore_pids(r, 0, NULL, NULL), DAO_E_WRONG_FORMAT);
    dao_stream_close(r);
    dao_stream_close(w);
}

static void test_a_dao_file_that_starts_like_a_version_opens_as_dao(void **state)
{
    /* A DAO stream created at the relative path "2.00" has those bytes in
     * front, and even a milk-looking header where DAO keeps its times. */
    size_t size = DAO__MD_SIZE + 16 * 2;
    uint8_t *bytes = calloc(1, size);
    dao__md *md = (dao__md *)bytes;
    snprintf(md->name, sizeof(md->name), "2.00");
    md->naxis = 2;
    md->size[0] = md->size[1] = 4;
    md->nelement = 16;
    md->atype = DAO_UINT16;
    md->shared = 1;
    md->cnt0 = 7;
    const char *path = test_stream_path();
    test_write_file(path, bytes, size);
    uint8_t milk_bits[] = {2, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0};
    poke(path, 112, milk_bits, sizeof(milk_bits));
    free(bytes);
    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, path, DAO_OPEN_READ_ONLY));
    assert_int_equal(dao_stream_format(s), DAO_FORMAT_DAO);
    assert_int_equal(dao_stream_counter(s), 7);
    dao_stream_close(s);
}

/* ---- strictly read-only ---- */

/* The handle's own descriptor for `path`: its flags from /proc. */
static int fd_flags_of(const char *path)
{
    for (int fd = 0; fd < 1024; fd++) {
        char link[64], target[PATH_MAX];
        snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
        ssize_t n = readlink(link, target, sizeof(target) - 1);
        if (n <= 0)
            continue;
        target[n] = '\0';
        if (strcmp(target, path) != 0)
            continue;
        char info[64];
        snprintf(info, sizeof(info), "/proc/self/fdinfo/%d", fd);
        FILE *f = fopen(info, "r");
        int flags = -1;
        char line[128];
        while (f && fgets(line, sizeof(line), f))
            if (sscanf(line, "flags: %o", (unsigned *)&flags) == 1)
                break;
        if (f)
            fclose(f);
        return flags;
    }
    return -1;
}

/* The permissions of the mapping of `path` in /proc/self/maps ("r--s"). */
static void mapping_perms_of(const char *path, char perms[5])
{
    FILE *f = fopen("/proc/self/maps", "r");
    assert_non_null(f);
    char line[PATH_MAX + 128];
    strcpy(perms, "none");
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\n")] = '\0';
        size_t len = strlen(line), plen = strlen(path);
        if (len > plen && strcmp(line + len - plen, path) == 0) {
            sscanf(line, "%*s %4s", perms);
            break;
        }
    }
    fclose(f);
}

static void test_a_reader_never_writes_the_file_nor_touches_a_semaphore(void **state)
{
    milk_spec spec = example;
    spec.nbkw = 3;
    spec.fill_keywords = true;
    spec.cb_size = 2;
    const char *path;
    milk_writer *w = make_writer(&spec, &path);
    milk_writer_publish(w);
    milk_writer_close(w); /* so that the only descriptor and mapping of the file are the reader's */
    size_t size_before;
    uint8_t *before = test_read_file(path, &size_before);
    struct stat st_before;
    assert_int_equal(stat(path, &st_before), 0);

    /* Anything that opens the file for writing, changes it or its
     * attributes shows up here, even a bare open(O_RDWR) and close. */
    int watch = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    assert_true(watch >= 0);
    assert_true(inotify_add_watch(watch, path, IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE) >= 0);

    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, path, 0)); /* no READ_ONLY flag: milk is read-only anyway */
    assert_int_equal(fd_flags_of(path) & O_ACCMODE, O_RDONLY);
    char perms[5];
    mapping_perms_of(path, perms);
    assert_string_equal(perms, "r--s");

    float frame[48 * 64];
    assert_dao_ok(dao_stream_read(s, frame, sizeof(frame), 0, NULL));
    assert_dao_error(dao_stream_wait(s, 0, 0), -ETIMEDOUT);
    int slot;
    assert_dao_error(dao_stream_slot_claim(s, &slot), DAO_E_READ_ONLY);
    assert_dao_error(dao_stream_slot_claim_at(s, 3), DAO_E_READ_ONLY);
    assert_dao_error(dao_stream_write(s, frame, sizeof(frame)), DAO_E_READ_ONLY);
    void *data;
    assert_dao_error(dao_stream_write_begin(s, &data), DAO_E_READ_ONLY);
    assert_dao_error(dao_stream_keyword_set_int(s, "GAIN", 1, NULL), DAO_E_READ_ONLY);
    assert_dao_error(dao_stream_keyword_set_double(s, "X", 1.0, NULL), DAO_E_READ_ONLY);
    assert_dao_error(dao_stream_keyword_set_string(s, "X", "y", NULL), DAO_E_READ_ONLY);
    int value;
    assert_dao_ok(dao_stream_semaphore_value(s, 0, &value));
    assert_int_equal(dao_stream_slot_is_claimed(s, 0), 0);
    dao_keyword kw;
    assert_dao_ok(dao_stream_keyword_find(s, "MODE", &kw));
    assert_dao_ok(dao_stream_check_path(s));
    dao_stream_close(s);

    char events[4096];
    assert_int_equal(read(watch, events, sizeof(events)), -1);
    assert_int_equal(errno, EAGAIN);
    close(watch);
    size_t size_after;
    uint8_t *after = test_read_file(path, &size_after);
    assert_int_equal(size_after, size_before);
    assert_memory_equal(after, before, size_before);
    struct stat st_after;
    assert_int_equal(stat(path, &st_after), 0);
    assert_int_equal(st_after.st_mtim.tv_nsec, st_before.st_mtim.tv_nsec);
    assert_int_equal(st_after.st_ctim.tv_nsec, st_before.st_ctim.tv_nsec);
    /* No DAO-named semaphore was created for the stem either. */
    char name[256], file[300];
    assert_true(dao_semaphore_name(name, sizeof(name), path, 0) > 0);
    assert_true(dao_semaphore_path(file, sizeof(file), NULL, name) > 0);
    assert_int_equal(access(file, F_OK), -1);
    free(before);
    free(after);
}

static void test_named_semaphores_of_1_05_are_never_created_or_opened(void **state)
{
    milk_spec spec = example;
    spec.layout = MILK_LAYOUT_105;
    spec.named_semaphores = false; /* as if nobody had opened the stream with ISIO */
    const char *path;
    milk_writer *w = make_writer(&spec, &path);
    milk_writer_publish(w);
    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, path, 0));
    float frame[48 * 64];
    assert_dao_ok(dao_stream_read(s, frame, sizeof(frame), 0, NULL));
    assert_dao_error(dao_stream_wait(s, 0, 1000000), -ETIMEDOUT);
    int value;
    assert_dao_error(dao_stream_semaphore_value(s, 0, &value), DAO_E_WRONG_FORMAT);
    dao_stream_close(s);
    for (int slot = -1; slot < 10; slot++) {
        char name[256], file[300];
        assert_true(milk_semaphore_name(name, sizeof(name), path, slot) > 0);
        snprintf(file, sizeof(file), "/dev/shm/sem.%s", name);
        if (access(file, F_OK) == 0)
            fail_msg("%s exists", file);
    }
    milk_writer_close(w);
}

/* ---- registration, liveness, semaphores as the file records them ---- */

static void test_reader_and_writer_pids_as_recorded(void **state)
{
    milk_spec spec = example;
    spec.nsem = 3;
    const char *path;
    milk_writer *w = make_writer(&spec, &path);
    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, path, 0));
    int reader, writer;
    assert_dao_ok(dao_stream_milk_semaphore_pids(s, 1, &reader, &writer));
    assert_int_equal(reader, -1);
    assert_int_equal(writer, 0);
    assert_int_equal(dao_stream_slot_is_claimed(s, 1), 0);
    assert_int_equal(dao_stream_writer_state(s), DAO_WRITER_ALIVE); /* creatorPID is us */
    milk_writer_publish(w);
    assert_dao_ok(dao_stream_milk_semaphore_pids(s, 1, &reader, &writer));
    assert_int_equal(writer, getpid());
    int value;
    assert_dao_ok(dao_stream_semaphore_value(s, 1, &value));
    assert_int_equal(value, 1); /* posted once, nobody waited */

    /* An ISIO reader registers by writing its PID into semReadPID[1]. */
    const milk_offsets *at = milk_writer_offsets(w);
    int32_t isio_reader = getppid();
    memcpy(milk_writer_map(w) + at->sem_read_pid + 4, &isio_reader, 4);
    assert_int_equal(dao_stream_slot_is_claimed(s, 1), 1);
    assert_dao_ok(dao_stream_milk_semaphore_pids(s, 1, &reader, NULL));
    assert_int_equal(reader, isio_reader);
    assert_dao_error(dao_stream_milk_semaphore_pids(s, 3, NULL, NULL), DAO_E_BAD_SLOT);
    assert_dao_error(dao_stream_slot_is_claimed(s, 3), DAO_E_BAD_SLOT);
    dao_stream_close(s);
    milk_writer_close(w);
}

static int write_two_frames_and_exit(void *arg)
{
    milk_writer *w;
    if (milk_writer_create(&w, arg, &example) < 0)
        return 1;
    milk_writer_publish(w);
    milk_writer_publish(w);
    milk_writer_close(w);
    return 0;
}

static void test_a_dead_writer_reads_as_gone(void **state)
{
    const char *path = test_stream_path();
    assert_int_equal(test_wait_child(test_fork(write_two_frames_and_exit, (void *)path)), 0);
    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, path, 0));
    assert_int_equal(dao_stream_counter(s), 2);
    assert_int_equal(dao_stream_writer_state(s), DAO_WRITER_GONE);
    dao_stream_close(s);
}

/* ---- float16, GPU, not ready ---- */

static void test_float16_opens_but_its_pixels_are_unsupported(void **state)
{
    milk_spec spec = example;
    spec.datatype = 13;
    const char *path;
    milk_writer *w = make_writer(&spec, &path);
    milk_writer_publish(w);
    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, path, 0));
    assert_int_equal(dao_stream_type(s), DAO_FLOAT16);
    assert_string_equal(dao_type_name(dao_stream_type(s)), "float16");
    assert_int_equal(dao_type_size(DAO_FLOAT16), 0); /* no DAO stream has it */
    assert_int_equal(dao_stream_element_size(s), 2);
    assert_int_equal(dao_stream_frame_size(s), 3072 * 2);
    assert_int_equal(dao_stream_counter(s), 1);
    uint16_t frame[3072];
    assert_dao_error(dao_stream_read(s, frame, sizeof(frame), 0, NULL), DAO_E_UNSUPPORTED_TYPE);
    assert_string_equal(dao_err_name(DAO_E_UNSUPPORTED_TYPE), "DAO_E_UNSUPPORTED_TYPE");
    dao_stream_close(s);
    milk_writer_close(w);
    /* And DAO itself still refuses the code. */
    assert_int_equal(dao_type_from_name("float16"), DAO_E_BAD_TYPE);
}

static void test_a_gpu_stream_opens_without_pixels(void **state)
{
    milk_spec spec = example;
    spec.location = 2;
    spec.nbkw = 2;
    const char *path;
    milk_writer *w = make_writer(&spec, &path);
    milk_writer_publish(w);
    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, path, 0));
    assert_int_equal(dao_stream_file_size(s), 1792);
    assert_int_equal(dao_stream_frame_size(s), 12288);
    assert_null(dao_stream_data(s));
    assert_int_equal(dao_stream_counter(s), 1);
    float frame[3072];
    assert_dao_error(dao_stream_read(s, frame, sizeof(frame), 0, NULL), DAO_E_GPU_STREAM);
    dao_milk_metadata md = DAO_MILK_METADATA_INIT;
    assert_dao_ok(dao_stream_milk_metadata(s, &md));
    assert_int_equal(md.location, 2);
    dao_stream_close(s);
    milk_writer_close(w);
}

static void test_not_ready_until_the_version_is_written(void **state)
{
    milk_spec spec = example;
    spec.version = "";
    const char *path = make_file(&spec);
    expect_open_error(path, DAO_E_MILK_NOT_READY);
    poke(path, 0, "2.00", 4);
    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, path, 0));
    assert_int_equal(dao_stream_format(s), DAO_FORMAT_MILK);
    dao_stream_close(s);
}

/* ---- the bad-file corpus ---- */

static void test_truncated_at_each_region(void **state)
{
    milk_spec spec = example;
    spec.nbkw = 2;
    spec.cb_size = 2;
    const char *path = make_file(&spec);
    const uint64_t cuts[] = {384, 385, 12672, 12928, 13248, 13280, 13440, 14080, 14176, 14176 + 12288,
                             14176 + 2 * 12288 - 1};
    for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
        assert_int_equal(truncate(path, (off_t)cuts[i]), 0);
        expect_open_error(path, DAO_E_TRUNCATED_DATA);
    }
    /* Shorter than a milk header: no longer recognisable, a short DAO file. */
    assert_int_equal(truncate(path, 200), 0);
    expect_open_error(path, DAO_E_TRUNCATED_HEADER);
}

static void test_bad_versions_sizes_and_fields(void **state)
{
    static const struct {
        const char *version;
        int code;
    } versions[] = {{"1.04", DAO_E_MILK_LAYOUT}, {"3.00", DAO_E_MILK_LAYOUT}};
    for (size_t i = 0; i < 2; i++) {
        milk_spec spec = example;
        spec.version = versions[i].version;
        expect_open_error(make_file(&spec), versions[i].code);
    }

    const char *path = make_file(&example);
    uint64_t size = 384 + 12288 + 320 + 32 + 160 + 640;
    assert_int_equal(truncate(path, (off_t)size + 8), 0);
    expect_open_error(path, DAO_E_MILK_LAYOUT);
    assert_int_equal(truncate(path, (off_t)size - 8), 0);
    expect_open_error(path, DAO_E_TRUNCATED_DATA);

    path = make_file(&example);
    uint16_t nbkw = UINT16_MAX;
    poke(path, 290, &nbkw, 2);
    expect_open_error(path, DAO_E_TRUNCATED_DATA);

    path = make_file(&example);
    uint32_t cb = UINT32_MAX;
    poke(path, 292, &cb, 4);
    expect_open_error(path, DAO_E_TRUNCATED_DATA);

    path = make_file(&example);
    int8_t location = 0; /* a GPU stream that still has a pixel region */
    poke(path, 240, &location, 1);
    expect_open_error(path, DAO_E_MILK_LAYOUT);

    static const struct {
        off_t offset;
        uint8_t value;
        int code;
    } fields[] = {
        {112, 0, DAO_E_BAD_NAXIS}, {112, 4, DAO_E_BAD_NAXIS}, {136, 0, DAO_E_BAD_TYPE},
        {136, 14, DAO_E_BAD_TYPE}, {136, 20, DAO_E_BAD_TYPE}, {224, 0, DAO_E_MILK_LAYOUT},
    };
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        path = make_file(&example);
        poke(path, fields[i].offset, &fields[i].value, 1);
        expect_open_error(path, fields[i].code);
    }
}

/* ---- re-creation ---- */

static void test_recreation_by_unlink_is_replaced(void **state)
{
    const char *path;
    milk_writer *w = make_writer(&example, &path);
    milk_writer_publish(w);
    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, path, 0));
    assert_dao_ok(dao_stream_check_path(s));

    /* ISIO "2.x" re-creates: unlink, a new file (new inode), new geometry. */
    milk_spec bigger = example;
    bigger.size[0] = 128;
    milk_writer *w2;
    assert_int_equal(milk_writer_create(&w2, path, &bigger), 0);
    assert_int_not_equal(milk_writer_inode(w2), milk_writer_inode(w));
    assert_dao_error(dao_stream_check_path(s), DAO_E_REPLACED);
    /* The old mapping stays readable (the old file lives on). */
    float frame[48 * 64];
    assert_dao_ok(dao_stream_read(s, frame, sizeof(frame), 0, NULL));
    assert_true(frame[5] == (float)milk_pattern(1, 5));
    dao_stream_close(s);

    assert_dao_ok(dao_stream_open(&s, path, 0));
    assert_int_equal(dao_stream_shape(s)[1], 128);
    assert_int_equal(dao_stream_counter(s), 0);
    assert_dao_ok(dao_stream_check_path(s));
    dao_stream_close(s);
    milk_writer_close(w2);
    milk_writer_close(w);
}

/* cmocka catches SIGBUS around each test to report a crash, and libdao
 * leaves another handler alone: give libdao's guard the default disposition
 * to stand in front of, as in a program (a fault libdao did not repair then
 * kills the test). The handle must be opened after this. */
static void let_libdao_guard_sigbus(void)
{
    signal(SIGBUS, SIG_DFL);
}

static void test_in_place_recreation_is_recreated(void **state)
{
    let_libdao_guard_sigbus();
    milk_spec spec = example;
    spec.layout = MILK_LAYOUT_105;
    spec.named_semaphores = false;
    const char *path;
    milk_writer *w = make_writer(&spec, &path);
    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, path, 0));
    milk_spec smaller = spec;
    smaller.in_place = true;
    smaller.size[1] = 8;
    milk_writer *w2;
    assert_int_equal(milk_writer_create(&w2, path, &smaller), 0);
    assert_int_equal(milk_writer_inode(w2), milk_writer_inode(w));
    /* The header says another stream (as for DAO streams re-created in
     * place), and no call touches the pages the file lost. */
    assert_dao_error(dao_stream_check_path(s), DAO_E_RECREATED);
    float frame[48 * 64];
    assert_dao_error(dao_stream_read(s, frame, sizeof(frame), 0, NULL), DAO_E_RECREATED);
    assert_dao_error(dao_stream_wait(s, 0, 0), DAO_E_RECREATED);
    dao_stream_close(s);
    milk_writer_close(w2);
    milk_writer_close(w);
}

static void test_a_file_cut_under_the_reader_is_truncated_not_a_signal(void **state)
{
    let_libdao_guard_sigbus();
    milk_spec spec = example;
    spec.layout = MILK_LAYOUT_105;
    spec.named_semaphores = false;
    spec.size[0] = spec.size[1] = 512; /* 1 MiB frames: most of the file is pixels */
    const char *path;
    milk_writer *w = make_writer(&spec, &path);
    milk_writer_publish(w);
    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, path, 0));
    size_t size = dao_stream_frame_size(s);
    float *frame = malloc(size);
    assert_dao_ok(dao_stream_read(s, frame, size, 0, NULL));

    /* Cut inside the pixels: the header is intact, the frame is not. */
    assert_int_equal(truncate(path, 384 + 4096), 0);
    assert_dao_error(dao_stream_read(s, frame, size, -1, NULL), DAO_E_TRUNCATED_DATA);
    assert_dao_error(dao_stream_check_path(s), DAO_E_TRUNCATED_DATA);
    /* Cut inside the header: what is left of its page reads as zeros, a
     * header that is no longer the stream's (as for DAO streams). */
    assert_int_equal(truncate(path, 100), 0);
    assert_int_equal(dao_stream_counter(s), 0);
    assert_dao_error(dao_stream_wait(s, 0, 1000000), DAO_E_RECREATED);
    assert_dao_error(dao_stream_spin_wait(s, 5, 1000000, NULL), DAO_E_RECREATED);
    dao_keyword kw;
    assert_dao_error(dao_stream_keyword_find(s, "X", &kw), DAO_E_RECREATED);
    assert_dao_error(dao_stream_read(s, frame, size, 0, NULL), DAO_E_RECREATED);
    free(frame);
    dao_stream_close(s);
    milk_writer_close(w);
}

/* ---- waiting ---- */

static void test_waits_poll_the_counter_on_any_slot(void **state)
{
    const char *path;
    milk_writer *w = make_writer(&example, &path);
    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, path, 0));
    assert_dao_error(dao_stream_wait(s, 0, 0), -ETIMEDOUT);
    assert_dao_error(dao_stream_wait(s, DAO_SEMLOG, 5 * 1000 * 1000), -ETIMEDOUT);
    milk_writer_publish(w);
    assert_dao_ok(dao_stream_wait(s, 7, 0));
    assert_dao_error(dao_stream_wait(s, 7, 0), -ETIMEDOUT);
    uint64_t seen;
    assert_dao_ok(dao_stream_spin_wait(s, 0, 0, &seen));
    assert_int_equal(seen, 1);
    assert_dao_error(dao_stream_spin_wait(s, 1, 1000000, NULL), -ETIMEDOUT);
    dao_stream_close(s);
    milk_writer_close(w);
}

static void test_in_order_calls_on_a_milk_stream(void **state)
{
    /* A milk stream has depth 1: each frame is the newest, and lost counts
     * the frames written between two in-order reads. */
    const char *path;
    milk_writer *w = make_writer(&example, &path);
    milk_writer_publish(w);
    dao_stream *s;
    assert_dao_ok(dao_stream_open(&s, path, 0));
    float frame[48 * 64];
    dao_frame_info info;
    assert_int_equal(dao_stream_tail_counter(s), 1);
    assert_dao_error(dao_stream_read_next(s, frame, sizeof(frame), 0, &info), -EAGAIN);
    assert_dao_error(dao_stream_wait_next(s, 0, 1000000), -ETIMEDOUT);
    assert_dao_error(dao_stream_wait_next(s, DAO_SPIN, 1000000), -ETIMEDOUT);
    milk_writer_publish(w);
    assert_dao_ok(dao_stream_wait_next(s, 0, 0));
    assert_dao_ok(dao_stream_wait_next(s, DAO_SPIN, 0));
    assert_int_equal(dao_stream_read_next(s, frame, sizeof(frame), 0, &info), 0);
    assert_int_equal(info.counter, 2);
    assert_true(frame[7] == (float)milk_pattern(2, 7));
    for (int k = 0; k < 3; k++)
        milk_writer_publish(w);
    assert_int_equal(dao_stream_read_next(s, frame, sizeof(frame), 0, &info), 2); /* 3 and 4 lost */
    assert_int_equal(info.counter, 5);
    assert_int_equal(dao_stream_tail_counter(s), 5);

    assert_dao_ok(dao_stream_read_segment(s, 0, frame, sizeof(frame), 0, &info));
    assert_int_equal(info.counter, 5);
    assert_dao_error(dao_stream_read_segment(s, 1, frame, sizeof(frame), 0, &info), -EINVAL);
    assert_dao_ok(dao_stream_read_last(s, 1, frame, sizeof(frame), 0, &info));
    assert_int_equal(info.counter, 5);
    assert_dao_error(dao_stream_read_last(s, 2, frame, sizeof(frame), 0, &info), -EINVAL);
    milk_writer_publish(w);
    assert_dao_ok(dao_stream_tail_reset(s));
    assert_int_equal(dao_stream_tail_counter(s), 6);
    assert_dao_error(dao_stream_read_next(s, frame, sizeof(frame), 0, &info), -EAGAIN);
    dao_stream_close(s);
    milk_writer_close(w);
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
        cmocka_unit_test(test_opens_the_contract_example_in_numpy_order),
        cmocka_unit_test(test_every_type_rank_and_layout_reads_back_exactly),
        cmocka_unit_test(test_keywords_read_as_dao_keywords),
        cmocka_unit_test(test_the_milk_header_by_milk_names),
        cmocka_unit_test(test_dao_streams_stay_dao),
        cmocka_unit_test(test_a_dao_file_that_starts_like_a_version_opens_as_dao),
        cmocka_unit_test(test_a_reader_never_writes_the_file_nor_touches_a_semaphore),
        cmocka_unit_test(test_named_semaphores_of_1_05_are_never_created_or_opened),
        cmocka_unit_test(test_reader_and_writer_pids_as_recorded),
        cmocka_unit_test(test_a_dead_writer_reads_as_gone),
        cmocka_unit_test(test_float16_opens_but_its_pixels_are_unsupported),
        cmocka_unit_test(test_a_gpu_stream_opens_without_pixels),
        cmocka_unit_test(test_not_ready_until_the_version_is_written),
        cmocka_unit_test(test_truncated_at_each_region),
        cmocka_unit_test(test_bad_versions_sizes_and_fields),
        cmocka_unit_test(test_recreation_by_unlink_is_replaced),
        cmocka_unit_test(test_in_place_recreation_is_recreated),
        cmocka_unit_test(test_a_file_cut_under_the_reader_is_truncated_not_a_signal),
        cmocka_unit_test(test_waits_poll_the_counter_on_any_slot),
        cmocka_unit_test(test_in_order_calls_on_a_milk_stream),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
