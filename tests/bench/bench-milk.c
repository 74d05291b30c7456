/* bench-milk.c — dao-bench-milk: reading milk streams through libdao,
 * beside the raw baseline taken in the same run.
 *
 * A milk frame copied with dao_stream_read() (write flag and cnt0 checked
 * around the copy, or the fast circular buffer's slot) against a plain
 * memcpy of the same bytes out of the same read-only mapping: best of
 * several interleaved rounds, as dao-bench's throughput rows. The streams
 * come from the contract-made test writer (tests/peers/milk-writer).
 *
 *   dao-bench-milk [--dir DIR (default /dev/shm)] [--json]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench-util.h"
#include "dao.h"
#include "milk-writer.h"

static const uint8_t *map_read_only(const char *path, size_t *size)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        perror(path);
        exit(1);
    }
    *size = (size_t)st.st_size;
    void *p = mmap(NULL, *size, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    return p;
}

static void one_size(const char *dir, unsigned n, unsigned cb_size)
{
    milk_spec spec = MILK_SPEC_INIT;
    spec.size[0] = n;
    spec.size[1] = n;
    spec.cb_size = cb_size;
    const char *path = bench_stream_path(dir, "milk");
    milk_writer *w;
    if (milk_writer_create(&w, path, &spec) < 0) {
        perror(path);
        exit(1);
    }
    for (unsigned k = 0; k < cb_size + 1; k++)
        milk_writer_publish(w);

    dao_stream *s;
    if (dao_stream_open(&s, path, 0) != 0 || dao_stream_format(s) != DAO_FORMAT_MILK) {
        fprintf(stderr, "%s: not opened as milk\n", path);
        exit(1);
    }
    size_t frame = dao_stream_frame_size(s), map_size;
    const uint8_t *map = map_read_only(path, &map_size);
    const uint8_t *pixels = map + milk_writer_offsets(w)->pixels;
    uint8_t *dst = malloc(frame);
    memcpy(dst, pixels, frame); /* fault both in before timing */
    if (dao_stream_read(s, dst, frame, -1, NULL) != 0)
        exit(1);

    size_t reps = (size_t)(64u << 20) / frame; /* ~64 MiB a round, many rounds: best of each */
    if (reps < 20)
        reps = 20;
    double best_raw = 1e30, best_dao = 1e30;
    for (int round = 0; round < 25; round++) {
        int64_t t0 = bench_now_ns();
        for (size_t i = 0; i < reps; i++) {
            memcpy(dst, pixels, frame);
            __asm__ __volatile__("" ::: "memory");
        }
        int64_t t1 = bench_now_ns();
        for (size_t i = 0; i < reps; i++)
            dao_stream_read(s, dst, frame, -1, NULL);
        int64_t t2 = bench_now_ns();
        double raw = (double)(t1 - t0) / (double)reps, lib = (double)(t2 - t1) / (double)reps;
        best_raw = raw < best_raw ? raw : best_raw;
        best_dao = lib < best_dao ? lib : best_dao;
    }
    double gbs_raw = (double)frame / best_raw, gbs_dao = (double)frame / best_dao;
    char name[64];
    snprintf(name, sizeof(name), "milk read %ux%u float32%s", n, n, cb_size ? ", CB 4" : "");
    bench_row("milk", name, gbs_dao, "GB/s", gbs_raw, ">= 0.9x memcpy", gbs_dao >= 0.9 * gbs_raw);

    free(dst);
    munmap((void *)map, map_size);
    dao_stream_close(s);
    milk_writer_close(w);
}

int main(int argc, char **argv)
{
    const char *dir = "/dev/shm";
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else {
            fprintf(stderr, "usage: %s [--dir DIR (default /dev/shm)] [--json]\n", argv[0]);
            return 2;
        }
    }
    bench_pin(0);
    printf("dao-bench-milk: reading milk streams, against memcpy out of the same mapping%s\n",
           bench_in_vm() ? " (in a VM: timings are noisy)" : "");
    static const unsigned sizes[] = {512, 2048};
    for (size_t i = 0; i < 2; i++) {
        one_size(dir, sizes[i], 0);
        one_size(dir, sizes[i], 4);
    }
    if (json)
        bench_print_json(NULL);
    bench_cleanup();
    return 0;
}
