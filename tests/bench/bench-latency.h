/* bench-latency.h — notify latency and writer cost. */
#ifndef BENCH_LATENCY_H
#define BENCH_LATENCY_H

#include <stddef.h>

void bench_latency_run(const char *dir, size_t frames);
void bench_writer_cost_run(const char *dir, size_t frames);

#endif
