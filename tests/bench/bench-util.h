/* bench-util.h — timing, statistics, CPU pinning and the results table of
 * dao-bench. */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int64_t bench_now_ns(void);

/* Busy-wait (no system call) for `ns`. */
void bench_spin_for(int64_t ns);

/* Pin the calling process to `cpu`; false if the machine has no such CPU. */
bool bench_pin(int cpu);

/* True when /proc/cpuinfo shows the "hypervisor" flag. */
bool bench_in_vm(void);

typedef struct {
    double p50, p90, p99, p999, max; /* microseconds */
    size_t count;
} bench_latency;

/* Sorts `ns` in place and fills the percentiles. */
bench_latency bench_percentiles(int64_t *ns, size_t n);

/* Anonymous memory shared with forked children. */
void *bench_shared_alloc(size_t size);

/* A unique stream path under `dir`; removed by bench_cleanup(). */
const char *bench_stream_path(const char *dir, const char *what);
void bench_cleanup(void);

/* The results: each row prints in the table and goes into the JSON line. */
void bench_row(const char *group, const char *name, double value, const char *unit, double baseline,
               const char *target, int pass /* 1 pass, 0 miss, -1 no target */);
void bench_print_json(const char *extra_json_fields);

#endif /* BENCH_UTIL_H */
