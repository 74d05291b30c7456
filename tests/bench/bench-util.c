/* bench-util.c — the plumbing of dao-bench. */
#include "bench-util.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "dao.h"

int64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void bench_spin_for(int64_t ns)
{
    int64_t end = bench_now_ns() + ns;
    while (bench_now_ns() < end)
        __builtin_ia32_pause();
}

bool bench_pin(int cpu)
{
    if (cpu >= sysconf(_SC_NPROCESSORS_ONLN))
        return false;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof(set), &set) == 0;
}

bool bench_in_vm(void)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return false;
    char line[4096];
    bool vm = false;
    while (!vm && fgets(line, sizeof(line), f))
        vm = strncmp(line, "flags", 5) == 0 && strstr(line, " hypervisor");
    fclose(f);
    return vm;
}

static int compare_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

bench_latency bench_percentiles(int64_t *ns, size_t n)
{
    qsort(ns, n, sizeof(*ns), compare_i64);
    bench_latency l = {.count = n};
    if (n == 0)
        return l;
    l.p50 = (double)ns[n * 50 / 100] / 1e3;
    l.p90 = (double)ns[n * 90 / 100] / 1e3;
    l.p99 = (double)ns[n * 99 / 100] / 1e3;
    l.p999 = (double)ns[n * 999 / 1000] / 1e3;
    l.max = (double)ns[n - 1] / 1e3;
    return l;
}

void *bench_shared_alloc(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    return p;
}

#define MAX_PATHS 64
static char *paths[MAX_PATHS];
static int npaths;

const char *bench_stream_path(const char *dir, const char *what)
{
    char buf[512];
    snprintf(buf, sizeof(buf), "%s/bench%ld_%s.im.shm", dir, (long)getpid(), what);
    if (npaths == MAX_PATHS) {
        fprintf(stderr, "too many streams\n");
        exit(1);
    }
    paths[npaths] = strdup(buf);
    return paths[npaths++];
}

void bench_cleanup(void)
{
    for (int i = 0; i < npaths; i++) {
        dao_stream_unlink(paths[i]);
        free(paths[i]);
    }
    npaths = 0;
}

#define MAX_ROWS 64
static struct {
    char group[32], name[64], unit[16], target[48];
    double value, baseline;
    int pass;
} rows[MAX_ROWS];
static int nrows;

void bench_row(const char *group, const char *name, double value, const char *unit, double baseline,
               const char *target, int pass)
{
    if (nrows == MAX_ROWS)
        return;
    snprintf(rows[nrows].group, sizeof(rows[nrows].group), "%s", group);
    snprintf(rows[nrows].name, sizeof(rows[nrows].name), "%s", name);
    snprintf(rows[nrows].unit, sizeof(rows[nrows].unit), "%s", unit);
    snprintf(rows[nrows].target, sizeof(rows[nrows].target), "%s", target ? target : "");
    rows[nrows].value = value;
    rows[nrows].baseline = baseline;
    rows[nrows].pass = pass;
    printf("%-10s %-34s %12.3f %-6s %12.3f %8.3f  %-26s %s\n", group, name, value, unit, baseline,
           baseline != 0 ? value / baseline : 0.0, target ? target : "",
           pass < 0 ? "" : (pass ? "PASS" : "MISS"));
    fflush(stdout);
    nrows++;
}

void bench_print_json(const char *extra)
{
    printf("{%s\"results\":[", extra ? extra : "");
    for (int i = 0; i < nrows; i++) {
        printf("%s{\"group\":\"%s\",\"name\":\"%s\",\"value\":%.6g,\"unit\":\"%s\",\"baseline\":%.6g,"
               "\"target\":\"%s\",\"pass\":%s}",
               i ? "," : "", rows[i].group, rows[i].name, rows[i].value, rows[i].unit, rows[i].baseline,
               rows[i].target, rows[i].pass < 0 ? "null" : (rows[i].pass ? "true" : "false"));
    }
    printf("]}\n");
}
