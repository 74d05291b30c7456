/* test-dao-milk-read.c — reading milk frames, times, keywords and waits
 * from files the contract-made writer publishes, including a real writer
 * process at 1 kHz (milk-format.md §5–§9).
 */
#include "test-util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dao-milk.h"
#include "milk-writer.h"

typedef struct mapped {
    void *map;
    size_t size;
    dao__milk milk;
} mapped;

/* What libdao's open does for a milk file: PROT_READ, recognise, attach. */
static void map_milk(mapped *out, const char *path)
{
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    struct stat st;
    assert_int_equal(fstat(fd, &st), 0);
    out->size = (size_t)st.st_size;
    out->map = mmap(NULL, out->size, PROT_READ, MAP_SHARED, fd, 0);
    assert_true(out->map != MAP_FAILED);
    close(fd);
    dao__milk_geometry g;
    assert_int_equal(dao__milk_recognise(out->map, out->size, out->size, &g), DAO__MILK_OK);
    dao__milk_attach(&out->milk, out->map, &g, NULL);
}

static void unmap_milk(mapped *m)
{
    munmap(m->map, m->size);
}

static const milk_spec base_spec = MILK_SPEC_INIT;

/* A new stream at a fresh path, mapped as libdao maps it. */
static milk_writer *attached_writer(const milk_spec *spec, mapped *m)
{
    const char *path = test_stream_path();
    milk_writer *w;
    assert_int_equal(milk_writer_create(&w, path, spec), 0);
    map_milk(m, path);
    return w;
}

/* A new stream at a fresh path, with `frames` frames published. */
static milk_writer *writer_after(const milk_spec *spec, unsigned frames, const char **path)
{
    *path = test_stream_path();
    milk_writer *w;
    assert_int_equal(milk_writer_create(&w, *path, spec), 0);
    for (unsigned k = 0; k < frames; k++)
        milk_writer_publish(w);
    return w;
}

static int64_t realtime_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Does `frame` hold pattern frame n, element by element, in milk order? */
static bool holds_pattern(const void *frame, int datatype, uint64_t nelement, uint64_t n)
{
    size_t esize = milk_type_size(datatype);
    uint8_t want[16];
    for (uint64_t i = 0; i < nelement; i++) {
        milk_store_value(datatype, want, milk_pattern(n, i));
        if (memcmp((const uint8_t *)frame + i * esize, want, esize) != 0)
            return false;
    }
    return true;
}

static void test_reads_a_published_frame_in_numpy_order(void **state)
{
    mapped m;
    milk_writer *w = attached_writer(&base_spec, &m);
    assert_int_equal(dao__milk_counter(&m.milk), 0);
    assert_int_equal(dao__milk_write_time_ns(&m.milk), 0); /* no frame yet */

    int64_t before = realtime_ns();
    milk_writer_publish(w);
    int64_t after = realtime_ns();

    float frame[48][64];
    dao_frame_info info;
    assert_int_equal(dao__milk_read(&m.milk, frame, sizeof(frame), -1, &info), 0);
    assert_int_equal(info.counter, 1);
    /* TAI stamps come back as CLOCK_REALTIME. */
    assert_true(info.write_time_ns >= before && info.write_time_ns <= after);
    assert_true(dao__milk_write_time_ns(&m.milk) == info.write_time_ns);
    /* numpy (48, 64): pixel (y, x) is milk element y*size[0] + x. */
    for (unsigned y = 0; y < 48; y++)
        for (unsigned x = 0; x < 64; x++)
            assert_true(frame[y][x] == (float)milk_pattern(1, y * 64 + x));
    /* §5's example: (y=1, x=2) is element 66, byte 648 of the file. */
    float at648;
    memcpy(&at648, (uint8_t *)m.map + 648, 4);
    assert_true(frame[1][2] == at648);
    unmap_milk(&m);
    milk_writer_close(w);
}

static void test_every_type_and_rank_reads_back_exactly(void **state)
{
    static const uint32_t sizes[3][3] = {{7, 0, 0}, {7, 5, 0}, {7, 5, 3}};
    const char *path = test_stream_path();
    for (int type = 1; type <= 12; type++)
    for (unsigned naxis = 1; naxis <= 3; naxis++)
    for (unsigned cb = 0; cb <= 4; cb += 4) {
        milk_spec spec = base_spec;
        spec.datatype = type;
        spec.naxis = naxis;
        memcpy(spec.size, sizes[naxis - 1], sizeof(spec.size));
        spec.cb_size = cb;
        spec.nbkw = naxis; /* 1, 2 or 3 keywords */
        spec.layout = naxis == 2 ? MILK_LAYOUT_2X_UNROUNDED : MILK_LAYOUT_2X;
        milk_writer *w;
        assert_int_equal(milk_writer_create(&w, path, &spec), 0);
        mapped m;
        map_milk(&m, path);
        uint64_t n = 7 * (naxis >= 2 ? 5 : 1) * (naxis == 3 ? 3 : 1);
        size_t bytes = n * milk_type_size(type);
        uint8_t *frame = malloc(bytes);
        for (unsigned k = 1; k <= 6; k++) { /* past a wrap of the 4-slot buffer */
            milk_writer_publish(w);
            dao_frame_info info;
            assert_int_equal(dao__milk_read(&m.milk, frame, bytes, -1, &info), 0);
            assert_int_equal(info.counter, k);
            if (!holds_pattern(frame, type, n, k))
                fail_msg("type %d naxis %u cb %u frame %u differs", type, naxis, cb, k);
        }
        free(frame);
        unmap_milk(&m);
        milk_writer_close(w);
    }
}

static void test_the_circular_buffer_serves_the_last_whole_frame(void **state)
{
    /* An ISIO-like writer (no write flag) has begun the next frame in the
     * main region: the main frame is already frame 4's pixels under
     * counter 3, a tear nothing in the header shows. The fast buffer's
     * slot still holds frame 3. */
    milk_spec spec = base_spec;
    spec.write_flag = false;
    spec.cb_size = 4;
    const char *path;
    milk_writer *w = writer_after(&spec, 3, &path);
    milk_writer_fill_frame(w);

    mapped m;
    map_milk(&m, path);
    float frame[48 * 64];
    dao_frame_info info;
    assert_int_equal(dao__milk_read(&m.milk, frame, sizeof(frame), 0, &info), 0);
    assert_int_equal(info.counter, 3);
    assert_true(holds_pattern(frame, 9, 48 * 64, 3));

    /* Without a buffer the same moment cannot be told from a good frame:
     * the contract's warning about writers that skip the flag. */
    spec.cb_size = 0;
    const char *plain;
    milk_writer *w2 = writer_after(&spec, 3, &plain);
    milk_writer_fill_frame(w2);
    mapped m2;
    map_milk(&m2, plain);
    assert_int_equal(dao__milk_read(&m2.milk, frame, sizeof(frame), 0, &info), 0);
    assert_int_equal(info.counter, 3);
    assert_true(holds_pattern(frame, 9, 48 * 64, 4));

    unmap_milk(&m2);
    milk_writer_close(w2);
    unmap_milk(&m);
    milk_writer_close(w);
}

static void test_a_publish_caught_half_way_is_not_read_from_the_main_frame(void **state)
{
    /* UpdateIm has moved CBindex on but not yet cnt0: the main frame and
     * the new slot hold frame 4, the counter still says 3. */
    milk_spec spec = base_spec;
    spec.write_flag = false;
    spec.cb_size = 4;
    const char *path;
    milk_writer *w = writer_after(&spec, 3, &path);
    mapped m;
    map_milk(&m, path);
    float frame[48 * 64];
    dao_frame_info info;
    assert_int_equal(dao__milk_read(&m.milk, frame, sizeof(frame), 0, &info), 0);
    assert_int_equal(info.counter, 3); /* from the buffer: this writer keeps it */

    milk_writer_fill_frame(w);
    uint8_t *map = milk_writer_map(w);
    const milk_offsets *at = milk_writer_offsets(w);
    memcpy(map + at->cb_pixels, map + at->pixels, sizeof(frame)); /* slot 0 */
    uint32_t index = 0;
    memcpy(map + 296, &index, 4);
    uint64_t cycle = 1;
    memcpy(map + 304, &cycle, 8);
    assert_int_equal(dao__milk_read(&m.milk, frame, sizeof(frame), 0, &info), DAO_E_TORN);
    /* Given time, the mismatch outlasts any publish: then the main frame is
     * all there is (and this writer is no longer trusted to keep the
     * buffer). */
    assert_int_equal(dao__milk_read(&m.milk, frame, sizeof(frame), 100 * 1000 * 1000, &info), 0);
    assert_int_equal(info.counter, 3);
    assert_true(holds_pattern(frame, 9, 48 * 64, 4));
    unmap_milk(&m);
    milk_writer_close(w);
}

static void test_a_raised_write_flag_refuses_the_main_frame(void **state)
{
    const char *path = test_stream_path();
    milk_writer *w;
    assert_int_equal(milk_writer_create(&w, path, &base_spec), 0);
    milk_writer_publish(w);
    milk_writer_begin_frame(w);
    milk_writer_fill_frame(w);
    mapped m;
    map_milk(&m, path);
    float frame[48 * 64];
    assert_int_equal(dao__milk_read(&m.milk, frame, sizeof(frame), 0, NULL), DAO_E_TORN);
    assert_int_equal(dao__milk_read(&m.milk, frame, sizeof(frame), 20 * 1000 * 1000, NULL),
                     DAO_E_TORN);
    milk_writer_finish_frame(w);
    dao_frame_info info;
    assert_int_equal(dao__milk_read(&m.milk, frame, sizeof(frame), 0, &info), 0);
    assert_int_equal(info.counter, 2);
    assert_true(holds_pattern(frame, 9, 48 * 64, 2));
    unmap_milk(&m);
    milk_writer_close(w);
}

static void test_the_buffer_serves_frames_while_the_next_is_written(void **state)
{
    /* A writer that raises the flag, half-way through frame 3: the main
     * frame is refused, the buffer's slot for frame 2 is whole. */
    milk_spec spec = base_spec;
    spec.cb_size = 3;
    const char *path;
    milk_writer *w = writer_after(&spec, 2, &path);
    mapped m;
    map_milk(&m, path);
    float frame[48 * 64];
    dao_frame_info info;
    assert_int_equal(dao__milk_read(&m.milk, frame, sizeof(frame), 0, &info), 0); /* trusted now */
    milk_writer_begin_frame(w);
    milk_writer_fill_frame(w);
    assert_int_equal(dao__milk_read(&m.milk, frame, sizeof(frame), 0, &info), 0);
    assert_int_equal(info.counter, 2);
    assert_true(holds_pattern(frame, 9, 48 * 64, 2));
    milk_writer_finish_frame(w);
    assert_int_equal(dao__milk_read(&m.milk, frame, sizeof(frame), 0, &info), 0);
    assert_int_equal(info.counter, 3);
    assert_true(holds_pattern(frame, 9, 48 * 64, 3));
    unmap_milk(&m);
    milk_writer_close(w);
}

static void test_frame_time_is_writetime_else_atime(void **state)
{
    static const unsigned stamps[] = {MILK_STAMP_WRITETIME, MILK_STAMP_ATIME, 0};
    for (size_t i = 0; i < 3; i++) {
        milk_spec spec = base_spec;
        spec.stamps = stamps[i];
        spec.clock = i == 1 ? MILK_CLOCK_REALTIME : MILK_CLOCK_TAI;
        mapped m;
        milk_writer *w = attached_writer(&spec, &m);
        int64_t before = realtime_ns();
        milk_writer_publish(w);
        int64_t after = realtime_ns();
        int64_t t = dao__milk_write_time_ns(&m.milk);
        if (stamps[i] == 0)
            assert_int_equal(t, 0); /* older writers: unknown */
        else
            assert_true(t >= before && t <= after);
        unmap_milk(&m);
        milk_writer_close(w);
    }
}

static void test_keywords_and_registration_as_recorded(void **state)
{
    milk_spec spec = base_spec;
    spec.nbkw = 4;
    spec.fill_keywords = true;
    spec.nsem = 3;
    mapped m;
    milk_writer *w = attached_writer(&spec, &m);
    dao__milk_keyword kw;
    dao__milk_keyword_load(&m.milk, 0, &kw);
    assert_string_equal(kw.name, "EXPTIME");
    assert_int_equal(kw.type, 'D');
    assert_true(kw.value.d == 0.001);
    assert_string_equal(kw.comment, "exposure time [s]");
    dao__milk_keyword_load(&m.milk, 1, &kw);
    assert_string_equal(kw.name, "GAIN");
    assert_int_equal(kw.type, 'L');
    assert_int_equal(kw.value.i, -43);
    dao__milk_keyword_load(&m.milk, 2, &kw);
    assert_int_equal(kw.type, 'S');
    assert_string_equal(kw.value.s, "fast2");

    int32_t r, wr;
    assert_int_equal(dao__milk_semaphore_pids(&m.milk, 2, &r, &wr), 0);
    assert_int_equal(r, -1); /* nobody registered */
    assert_int_equal(wr, 0);
    milk_writer_publish(w);
    assert_int_equal(dao__milk_semaphore_pids(&m.milk, 2, &r, &wr), 0);
    assert_int_equal(wr, getpid());
    assert_int_equal(dao__milk_semaphore_pids(&m.milk, 3, &r, &wr), -EINVAL);
    unmap_milk(&m);
    milk_writer_close(w);
}

/* ---- a writer that overtakes the copy, deterministically ----
 *
 * The reader's destination has its second page protected: the copy faults
 * half-way, the handler publishes frames (as a writer running meanwhile
 * would), unprotects the page and the copy resumes. What the reader then
 * says about that copy is exactly what its after-the-copy check decides. */

static milk_writer *overtaking_writer;
static unsigned overtaking_frames;
static uint8_t *protected_page;
static long page_size;

static void publish_mid_copy(int sig, siginfo_t *si, void *ctx)
{
    uint8_t *addr = si->si_addr;
    if (addr < protected_page || addr >= protected_page + page_size) {
        signal(sig, SIG_DFL); /* a real fault: let it kill us */
        return;
    }
    for (unsigned k = 0; k < overtaking_frames; k++)
        milk_writer_publish(overtaking_writer);
    mprotect(protected_page, (size_t)page_size, PROT_READ | PROT_WRITE);
}

static int read_overtaken(const milk_spec *spec, unsigned published, unsigned overtaking,
                          dao_frame_info *info, bool *whole)
{
    page_size = sysconf(_SC_PAGESIZE);
    milk_spec s = *spec;
    s.naxis = 1;
    s.size[0] = (uint32_t)(2 * page_size / 4); /* two pages of float32 */
    const char *path = test_stream_path();
    assert_int_equal(milk_writer_create(&overtaking_writer, path, &s), 0);
    for (unsigned k = 0; k < published; k++)
        milk_writer_publish(overtaking_writer);
    mapped m;
    map_milk(&m, path);

    uint8_t *dst = mmap(NULL, 2 * (size_t)page_size, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(dst != MAP_FAILED);
    protected_page = dst + page_size;
    assert_int_equal(mprotect(protected_page, (size_t)page_size, PROT_NONE), 0);
    overtaking_frames = overtaking;
    struct sigaction sa = {.sa_sigaction = publish_mid_copy, .sa_flags = SA_SIGINFO}, old;
    sigaction(SIGSEGV, &sa, &old);
    int rc = dao__milk_read(&m.milk, dst, 2 * (size_t)page_size, 0, info);
    sigaction(SIGSEGV, &old, NULL);
    *whole = rc == 0 && holds_pattern(dst, 9, s.size[0], info->counter);
    munmap(dst, 2 * (size_t)page_size);
    unmap_milk(&m);
    milk_writer_close(overtaking_writer);
    return rc;
}

static void test_a_copy_overtaken_by_a_frame_is_refused(void **state)
{
    dao_frame_info info;
    bool whole;
    assert_int_equal(read_overtaken(&base_spec, 2, 1, &info, &whole), DAO_E_TORN);
}

static void test_a_buffer_copy_is_refused_only_once_its_slot_comes_round(void **state)
{
    milk_spec spec = base_spec;
    spec.write_flag = false;
    spec.cb_size = 4;
    dao_frame_info info;
    bool whole;
    /* Frames 4 and 5 land in other slots: frame 3's copy stays good. */
    assert_int_equal(read_overtaken(&spec, 3, 2, &info, &whole), 0);
    assert_int_equal(info.counter, 3);
    assert_true(whole);
    /* Four more frames: the fourth rewrites frame 3's slot under the copy. */
    assert_int_equal(read_overtaken(&spec, 3, 4, &info, &whole), DAO_E_TORN);
}

/* ---- a real writer process ---- */

typedef struct writer_job {
    const char *path;
    milk_spec spec;
    long period_ns;
    unsigned frames;
    long delay_ns; /* before the first frame */
} writer_job;

static int run_writer(void *arg)
{
    const writer_job *job = arg;
    milk_writer *w;
    if (milk_writer_create(&w, job->path, &job->spec) < 0)
        return 1;
    struct timespec d = {job->delay_ns / 1000000000, job->delay_ns % 1000000000};
    nanosleep(&d, NULL);
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    for (unsigned k = 0; k < job->frames; k++) {
        milk_writer_publish(w);
        next.tv_nsec += job->period_ns;
        while (next.tv_nsec >= 1000000000) {
            next.tv_nsec -= 1000000000;
            next.tv_sec++;
        }
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
    }
    milk_writer_close(w);
    return 0;
}

/* Wait for the child's file to exist and carry its version. */
static void wait_for_stream(const char *path)
{
    for (int i = 0; i < 5000; i++) {
        int fd = open(path, O_RDONLY);
        if (fd >= 0) {
            char v[4] = {0};
            ssize_t n = pread(fd, v, sizeof(v), 0);
            close(fd);
            if (n == 4 && v[0] == '2')
                return;
        }
        usleep(1000);
    }
    fail_msg("the writer never created %s", path);
}

/* Frame n of the pattern is this run of elements starting at (31 n) % 113:
 * checking a large frame is then one memcmp. */
static uint8_t *pattern_run(int datatype, uint64_t nelement)
{
    size_t esize = milk_type_size(datatype);
    uint8_t *run = malloc((nelement + 113) * esize);
    for (uint64_t i = 0; i < nelement + 113; i++)
        milk_store_value(datatype, run + i * esize, (unsigned)(i % 113));
    return run;
}

/* 1 MiB frames: the writer spends a good part of each millisecond writing
 * (and copying into the buffer), so back-to-back copies overlap its writes
 * often, and a check that let a tear through would be caught. */
static void read_while_writing_at_1khz(const milk_spec *spec)
{
    writer_job job = {.path = test_stream_path(), .spec = *spec, .period_ns = 1000000, .frames = 600};
    job.spec.size[0] = 512;
    job.spec.size[1] = 512;
    unlink(job.path);
    pid_t pid = test_fork(run_writer, &job);
    wait_for_stream(job.path);
    mapped m;
    map_milk(&m, job.path);
    size_t n = 512 * 512;
    float *frame = malloc(n * sizeof(float));
    uint8_t *run = pattern_run(9, n);
    unsigned good = 0, torn_returned = 0;
    uint64_t last = 0;
    int64_t give_up = test_now_ns() + 30 * 1000000000LL; /* only if the writer died */
    /* Back to back, so that copies keep overlapping the writer's writes. */
    while (last < 600 && test_now_ns() < give_up) {
        dao_frame_info info;
        if (dao__milk_read(&m.milk, frame, n * sizeof(float), 1000000, &info) != 0)
            continue; /* refused: fine, it was not returned as good */
        /* Frame 0 is the new file's zeros; frame n the pattern. */
        bool whole = info.counter == 0
                         ? frame[0] == 0 && memcmp(frame, frame + 1, (n - 1) * sizeof(float)) == 0
                         : memcmp(frame, run + (info.counter * 31 % 113) * sizeof(float),
                                  n * sizeof(float)) == 0;
        if (!whole)
            torn_returned++;
        else
            good++;
        assert_true(info.counter >= last);
        last = info.counter;
    }
    fprintf(stderr, "# %u good copies, %u torn returned\n", good, torn_returned);
    assert_int_equal(test_wait_child(pid), 0);
    free(run);
    free(frame);
    unmap_milk(&m);
    assert_int_equal(torn_returned, 0);
    assert_true(good > 0);
    assert_int_equal(last, 600);
}

static void test_no_torn_frame_from_a_1khz_writer_with_the_flag(void **state)
{
    read_while_writing_at_1khz(&base_spec);
}

static void test_no_torn_frame_from_a_1khz_isio_writer_through_the_buffer(void **state)
{
    milk_spec spec = base_spec;
    spec.write_flag = false; /* as ISIO's UpdateIm */
    spec.cb_size = 4;
    read_while_writing_at_1khz(&spec);
}

static void test_waiting_polls_the_counter(void **state)
{
    writer_job job = {.path = test_stream_path(), .spec = base_spec, .period_ns = 1000000,
                      .frames = 1, .delay_ns = 200 * 1000 * 1000};
    unlink(job.path);
    pid_t pid = test_fork(run_writer, &job);
    wait_for_stream(job.path);
    mapped m;
    map_milk(&m, job.path);
    /* Nothing new since we attached: a poll says so at once. */
    assert_int_equal(dao__milk_wait(&m.milk, 0), -ETIMEDOUT);
    assert_int_equal(dao__milk_wait(&m.milk, 5000000000LL), 0);
    assert_int_equal(dao__milk_counter(&m.milk), 1);
    /* The frame was returned by the wait: the next one waits again. */
    assert_int_equal(dao__milk_wait(&m.milk, 20 * 1000 * 1000), -ETIMEDOUT);
    assert_int_equal(test_wait_child(pid), 0);
    unmap_milk(&m);
}

static void test_a_read_counts_as_seen(void **state)
{
    mapped m;
    milk_writer *w = attached_writer(&base_spec, &m);
    milk_writer_publish(w);
    float frame[48 * 64];
    assert_int_equal(dao__milk_read(&m.milk, frame, sizeof(frame), -1, NULL), 0);
    assert_int_equal(dao__milk_wait(&m.milk, 0), -ETIMEDOUT);
    milk_writer_publish(w);
    assert_int_equal(dao__milk_wait(&m.milk, 0), 0);
    unmap_milk(&m);
    milk_writer_close(w);
}

static void test_an_in_place_recreation_is_another_stream(void **state)
{
    /* "1.05" re-creates by truncating the same file: same inode, and here
     * the same size and geometry too. Only the header says so. */
    milk_spec spec = base_spec;
    spec.layout = MILK_LAYOUT_105;
    spec.named_semaphores = false;
    const char *path;
    milk_writer *w = writer_after(&spec, 3, &path);
    mapped m;
    map_milk(&m, path);
    milk_writer_publish(w);
    assert_true(dao__milk_same_stream(&m.milk));
    float frame[48 * 64];
    assert_int_equal(dao__milk_read(&m.milk, frame, sizeof(frame), 0, NULL), 0);
    assert_true(dao__milk_same_stream(&m.milk));

    struct timespec pause = {0, 2 * 1000 * 1000}; /* a new creation time */
    nanosleep(&pause, NULL);
    milk_spec again = spec;
    again.in_place = true;
    milk_writer *w2;
    assert_int_equal(milk_writer_create(&w2, path, &again), 0);
    assert_int_equal(milk_writer_inode(w2), milk_writer_inode(w));
    assert_false(dao__milk_same_stream(&m.milk));
    unmap_milk(&m);
    milk_writer_close(w2);
    milk_writer_close(w);
}

static void test_a_counter_that_goes_back_is_another_stream(void **state)
{
    const char *path;
    milk_writer *w = writer_after(&base_spec, 5, &path);
    mapped m;
    map_milk(&m, path);
    assert_true(dao__milk_same_stream(&m.milk));
    uint64_t zero = 0;
    memcpy(milk_writer_map(w) + 264, &zero, 8); /* a writer that reset cnt0 */
    assert_false(dao__milk_same_stream(&m.milk));
    unmap_milk(&m);
    milk_writer_close(w);
}

static int teardown(void **state)
{
    test_cleanup_paths();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_a_published_frame_in_numpy_order),
        cmocka_unit_test(test_every_type_and_rank_reads_back_exactly),
        cmocka_unit_test(test_the_circular_buffer_serves_the_last_whole_frame),
        cmocka_unit_test(test_a_publish_caught_half_way_is_not_read_from_the_main_frame),
        cmocka_unit_test(test_a_raised_write_flag_refuses_the_main_frame),
        cmocka_unit_test(test_the_buffer_serves_frames_while_the_next_is_written),
        cmocka_unit_test(test_frame_time_is_writetime_else_atime),
        cmocka_unit_test(test_keywords_and_registration_as_recorded),
        cmocka_unit_test(test_a_copy_overtaken_by_a_frame_is_refused),
        cmocka_unit_test(test_a_buffer_copy_is_refused_only_once_its_slot_comes_round),
        cmocka_unit_test(test_no_torn_frame_from_a_1khz_writer_with_the_flag),
        cmocka_unit_test(test_no_torn_frame_from_a_1khz_isio_writer_through_the_buffer),
        cmocka_unit_test(test_waiting_polls_the_counter),
        cmocka_unit_test(test_a_read_counts_as_seen),
        cmocka_unit_test(test_an_in_place_recreation_is_another_stream),
        cmocka_unit_test(test_a_counter_that_goes_back_is_another_stream),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
