/* bench-throughput.h — write throughput against memcpy. */
#ifndef BENCH_THROUGHPUT_H
#define BENCH_THROUGHPUT_H

void bench_throughput_run(const char *dir);

#endif
