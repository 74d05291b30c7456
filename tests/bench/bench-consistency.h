/* bench-consistency.h — what the torn-read check lets through, by writer. */
#ifndef BENCH_CONSISTENCY_H
#define BENCH_CONSISTENCY_H

void bench_consistency_run(const char *dir, double seconds);

#endif
