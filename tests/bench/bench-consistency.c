/* bench-consistency.c — what a reader's flag-and-counter check lets through,
 * against libdao's writer and against a writer in the format's exact §6
 * order (what existing DAO writers do), in the same run.
 *
 * The §6 writer clears the write flag, then reads the clock for the time
 * stamp, then bumps the counter. A reader that checks inside that gap takes
 * the next frame's data under the previous counter (so it later gets the
 * same data again, under the right counter), or, when a whole write fitted
 * inside its copy, a torn frame. libdao's writer clears the flag after the
 * counter (dao-write.c), which leaves no such gap. These figures are why.
 *
 * Both writers run flat out on small frames; the reader copies into freshly
 * mapped pages, whose page faults make a copy slow enough for whole writes
 * to fit inside it: the worst case the check has to survive.
 */
#include "bench-consistency.h"

#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench-util.h"
#include "dao-format.h"
#include "dao.h"

#define ELEMENTS 256

enum writer_order { ORDER_LIBDAO, ORDER_FORMAT };

struct tally {
    unsigned checked;     /* copies returned and checked element by element */
    unsigned mislabelled; /* whole frames under the previous frame's counter */
    unsigned torn;        /* copies mixing two frames, returned as good */
};

static uint32_t pattern(uint64_t counter, size_t i)
{
    return (uint32_t)(counter * 2654435761u) ^ (uint32_t)i;
}

static int64_t realtime_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Stores the header the way a §6 writer does, through its own mapping. */
static _Noreturn void write_in_format_order(const char *path, uint32_t *data)
{
    int fd = open(path, O_RDWR);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0)
        _exit(1);
    dao__md *md = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (md == MAP_FAILED)
        _exit(1);
    _Atomic uint8_t *write = (_Atomic uint8_t *)&md->write;
    _Atomic int64_t *atime = (_Atomic int64_t *)&md->atime_ns;
    _Atomic uint64_t *cnt0 = (_Atomic uint64_t *)&md->cnt0;
    for (;;) {
        uint64_t next = atomic_load_explicit(cnt0, memory_order_relaxed) + 1;
        atomic_store_explicit(write, 1, memory_order_relaxed);
        atomic_thread_fence(memory_order_release);
        for (size_t i = 0; i < ELEMENTS; i++)
            data[i] = pattern(next, i);
        atomic_store_explicit(write, 0, memory_order_release);
        atomic_store_explicit(atime, realtime_ns(), memory_order_release);
        atomic_store_explicit(cnt0, next, memory_order_release);
    }
}

static _Noreturn void write_with_libdao(dao_stream *w)
{
    for (;;) {
        void *data;
        if (dao_stream_write_begin(w, &data) < 0)
            _exit(1);
        uint64_t next = dao_stream_counter(w) + 1;
        for (size_t i = 0; i < ELEMENTS; i++)
            ((uint32_t *)data)[i] = pattern(next, i);
        if (dao_stream_write_commit(w) < 0)
            _exit(1);
    }
}

static struct tally race(const char *path, enum writer_order order, double seconds)
{
    struct tally t = {0};
    uint32_t shape[1] = {ELEMENTS};
    dao_stream *r;
    if (dao_stream_create(&r, path, DAO_UINT32, 1, shape, NULL) < 0)
        return t;
    pid_t writer = fork();
    if (writer == 0) {
        dao_stream *w;
        if (dao_stream_open(&w, path, 0) < 0)
            _exit(1);
        if (order == ORDER_FORMAT) /* the data region, where a §6 writer copies to */
            write_in_format_order(path, (uint32_t *)dao_stream_data(w));
        write_with_libdao(w);
    }
    bench_pin(1);
    size_t size = ELEMENTS * sizeof(uint32_t);
    int64_t end = bench_now_ns() + (int64_t)(seconds * 1e9);
    while (bench_now_ns() < end) {
        uint32_t *copy = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (copy == MAP_FAILED)
            break;
        dao_frame_info info;
        if (dao_stream_read(r, copy, size, 0, &info) == 0 && info.counter > 0) {
            /* The frame the data belongs to: the counter's, or the next. */
            uint64_t frame = copy[0] == pattern(info.counter + 1, 0) ? info.counter + 1 : info.counter;
            size_t wrong = 0;
            for (size_t i = 0; i < ELEMENTS; i++)
                wrong += copy[i] != pattern(frame, i);
            t.checked++;
            t.torn += wrong != 0;
            t.mislabelled += wrong == 0 && frame != info.counter;
        }
        munmap(copy, size);
    }
    bench_pin(0);
    kill(writer, SIGKILL);
    waitpid(writer, NULL, 0);
    dao_stream_close(r);
    return t;
}

void bench_consistency_run(const char *dir, double seconds)
{
    struct tally lib = race(bench_stream_path(dir, "consistency-libdao"), ORDER_LIBDAO, seconds);
    struct tally fmt = race(bench_stream_path(dir, "consistency-format"), ORDER_FORMAT, seconds);
    printf("# consistency: %u copies checked against libdao's writer, %u against a writer in §6 order;\n"
           "# the 'raw' column is the §6-order writer\n",
           lib.checked, fmt.checked);
    bench_row("reads", "copies under an earlier counter", lib.mislabelled, "", fmt.mislabelled,
              "0 with libdao's writer", lib.checked > 0 && lib.mislabelled == 0);
    bench_row("reads", "torn copies returned as good", lib.torn, "", fmt.torn, "0 with libdao's writer",
              lib.checked > 0 && lib.torn == 0);
}
