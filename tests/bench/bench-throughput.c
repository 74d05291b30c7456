/* bench-throughput.c — dao_stream_write against a raw memcpy of the same
 * size into the same kind of memory (a MAP_SHARED file mapping in the same
 * directory), best of several interleaved rounds. */
#include "bench-throughput.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench-util.h"
#include "dao.h"

static void *map_scratch(const char *dir, size_t size, char *path, size_t path_len)
{
    snprintf(path, path_len, "%s/bench%ld_scratch", dir, (long)getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || ftruncate(fd, (off_t)size) < 0) {
        perror(path);
        exit(1);
    }
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    return p;
}

static void one_size(const char *dir, unsigned n, dao_type type)
{
    uint32_t shape[2] = {n, n};
    const char *path = bench_stream_path(dir, "tput");
    dao_stream *w;
    if (dao_stream_create(&w, path, type, 2, shape, NULL) != 0)
        exit(1);
    size_t size = dao_stream_frame_size(w);
    char scratch_path[512];
    uint8_t *scratch = map_scratch(dir, size, scratch_path, sizeof(scratch_path));
    uint8_t *src = malloc(size);
    for (size_t i = 0; i < size; i++)
        src[i] = (uint8_t)(i * 31);
    /* Touch both destinations once so page faults are not measured. */
    memcpy(scratch, src, size);
    dao_stream_write(w, src, size);

    size_t reps = (size_t)(256u << 20) / size; /* ~256 MiB per round */
    if (reps < 20)
        reps = 20;
    if (reps > 200000)
        reps = 200000;
    double best_raw = 1e30, best_dao = 1e30;
    for (int round = 0; round < 7; round++) {
        int64_t t0 = bench_now_ns();
        for (size_t i = 0; i < reps; i++) {
            memcpy(scratch, src, size);
            __asm__ __volatile__("" ::: "memory");
        }
        int64_t t1 = bench_now_ns();
        for (size_t i = 0; i < reps; i++)
            dao_stream_write(w, src, size);
        int64_t t2 = bench_now_ns();
        double raw = (double)(t1 - t0) / (double)reps, lib = (double)(t2 - t1) / (double)reps;
        best_raw = raw < best_raw ? raw : best_raw;
        best_dao = lib < best_dao ? lib : best_dao;
    }
    double gbs_raw = (double)size / best_raw, gbs_dao = (double)size / best_dao; /* bytes/ns = GB/s */
    char name[64];
    snprintf(name, sizeof(name), "write %ux%u %s", n, n, dao_type_name(type));
    int pass = n >= 512 ? gbs_dao >= 0.9 * gbs_raw : -1;
    bench_row("throughput", name, gbs_dao, "GB/s", gbs_raw, n >= 512 ? ">= 0.9x memcpy" : NULL, pass);
    munmap(scratch, size);
    unlink(scratch_path);
    free(src);
    dao_stream_close(w);
}

void bench_throughput_run(const char *dir)
{
    static const unsigned sizes[] = {64, 512, 2048};
    for (size_t i = 0; i < 3; i++) {
        one_size(dir, sizes[i], DAO_FLOAT);
        one_size(dir, sizes[i], DAO_UINT16);
    }
}
