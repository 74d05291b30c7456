/* bench-fifo.h — in-order reading of a FIFO stream at the writer's full rate. */
#ifndef BENCH_FIFO_H
#define BENCH_FIFO_H

#include <stddef.h>

void bench_fifo_run(const char *dir, size_t frames);

#endif
