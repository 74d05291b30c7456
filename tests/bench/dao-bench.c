/* dao-bench — libdao's figures beside the raw primitives they are built on,
 * measured in the same run (this machine's timings drift, so only ratios
 * taken together mean anything).
 *
 *   dao-bench [--frames N] [--dir DIR] [--quick]
 *
 * Writer on CPU 0, readers on CPU 1. Streams go to DIR (default /dev/shm, a
 * tmpfs like the /tmp of most real-time machines) and are removed after.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench-consistency.h"
#include "bench-fifo.h"
#include "bench-latency.h"
#include "bench-throughput.h"
#include "bench-util.h"
#include "dao.h"

int main(int argc, char **argv)
{
    size_t frames = 100000;
    const char *dir = "/dev/shm";
    static const struct option options[] = {
        {"frames", required_argument, NULL, 'n'},
        {"dir", required_argument, NULL, 'd'},
        {"quick", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    int opt;
    while ((opt = getopt_long(argc, argv, "n:d:qh", options, NULL)) != -1) {
        switch (opt) {
        case 'n':
            frames = strtoul(optarg, NULL, 10);
            break;
        case 'd':
            dir = optarg;
            break;
        case 'q':
            frames = 5000;
            break;
        default:
            printf("usage: %s [--frames N (default 100000)] [--dir DIR (default /dev/shm)] [--quick]\n", argv[0]);
            return opt == 'h' ? 0 : 2;
        }
    }
    if (frames < 10)
        frames = 10;
    bool vm = bench_in_vm();
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    printf("dao-bench: libdao %s, %ld CPUs, %s, %zu frames per latency mode, streams in %s\n", dao_version(),
           cpus, vm ? "running in a VM (hypervisor flag set)" : "bare metal (no hypervisor flag)", frames, dir);
    if (!bench_pin(0) || cpus < 2)
        printf("warning: fewer than 2 CPUs, writer and reader share one\n");
    printf("%-10s %-34s %12s %-6s %12s %8s  %-26s %s\n", "group", "measure", "libdao", "unit", "raw", "ratio",
           "target", "");

    bench_latency_run(dir, frames);
    bench_throughput_run(dir);
    bench_writer_cost_run(dir, frames / 5 > 2000 ? frames / 5 : 2000);
    bench_consistency_run(dir, frames >= 100000 ? 5.0 : 1.0);
    bench_fifo_run(dir, frames);

    char extra[256];
    snprintf(extra, sizeof(extra), "\"version\":\"%s\",\"vm\":%s,\"cpus\":%ld,\"frames\":%zu,", dao_version(),
             vm ? "true" : "false", cpus, frames);
    bench_print_json(extra);
    bench_cleanup();
    return 0;
}
