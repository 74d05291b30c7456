/* remote-test-peer.c — the writer and the reader around daoctl serve and
 * mirror in the remote tests, each a real process of its own.
 *
 *   remote-test-peer write PATH PERIOD_MS    write a frame every PERIOD_MS; byte i
 *                                            of frame n is (i * 7 + n) mod 256
 *   remote-test-peer check PATH N TIMEOUT_S  wait for N new frames at PATH (a
 *                                            mirror's stream) and check that each
 *                                            is one whole frame of that pattern
 *
 * write prints "ready" once the stream exists and runs until killed; check
 * prints "ok N FIRST LAST" (the pattern numbers it saw) and exits 0, or says
 * what was wrong and exits 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dao.h"

static void pattern(uint8_t *frame, size_t size, unsigned n)
{
    for (size_t i = 0; i < size; i++)
        frame[i] = (uint8_t)(i * 7 + n);
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int run_write(const char *path, long period_ms)
{
    dao_stream *s;
    int rc = dao_stream_open(&s, path, 0);
    if (rc < 0) {
        fprintf(stderr, "remote-test-peer: %s: %s\n", path, dao_strerror(rc));
        return 1;
    }
    size_t size = dao_stream_frame_size(s);
    uint8_t *frame = malloc(size);
    printf("ready\n");
    fflush(stdout);
    struct timespec period = {.tv_sec = period_ms / 1000, .tv_nsec = period_ms % 1000 * 1000000};
    for (unsigned n = 1;; n++) {
        pattern(frame, size, n);
        dao_stream_keyword_set_int(s, "FRAMENO", n, "pattern number");
        dao_stream_write(s, frame, size);
        nanosleep(&period, NULL);
    }
}

static int run_check(const char *path, unsigned want, double timeout_s)
{
    int64_t end = now_ns() + (int64_t)(timeout_s * 1e9);
    dao_stream *s = NULL;
    while (dao_stream_open(&s, path, DAO_OPEN_READ_ONLY) < 0) {
        if (now_ns() > end) {
            fprintf(stderr, "remote-test-peer: %s never appeared\n", path);
            return 1;
        }
        nanosleep(&(struct timespec){0, 20000000}, NULL);
    }
    size_t size = dao_stream_frame_size(s);
    uint8_t *frame = malloc(size), *expect = malloc(size);
    uint64_t seen = dao_stream_counter(s);
    unsigned got = 0, first = 0, last = 0;
    while (got < want) {
        int rc = dao_stream_spin_wait(s, seen, 100000000, &seen);
        if (rc == -ETIMEDOUT) {
            if (now_ns() > end) {
                fprintf(stderr, "remote-test-peer: %u of %u frames in time\n", got, want);
                return 1;
            }
            continue;
        }
        dao_frame_info info;
        rc = dao_stream_read(s, frame, size, 100000000, &info);
        if (rc < 0) {
            fprintf(stderr, "remote-test-peer: read: %s\n", dao_strerror(rc));
            return 1;
        }
        unsigned n = frame[0]; /* byte 0 of frame n is n mod 256 */
        pattern(expect, size, n);
        if (memcmp(frame, expect, size) != 0) {
            fprintf(stderr, "remote-test-peer: frame %u is not one whole frame\n", n);
            return 1;
        }
        dao_keyword k;
        if (dao_stream_keyword_find(s, "FRAMENO", &k) != 0 || k.type != DAO_KEYWORD_INT) {
            fprintf(stderr, "remote-test-peer: the FRAMENO keyword did not come across\n");
            return 1;
        }
        if (!got)
            first = n;
        last = n;
        got++;
    }
    printf("ok %u %u %u\n", got, first, last);
    dao_stream_close(s);
    free(frame);
    free(expect);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "write") == 0)
        return run_write(argv[2], atol(argv[3]));
    if (argc == 5 && strcmp(argv[1], "check") == 0)
        return run_check(argv[2], (unsigned)atoi(argv[3]), atof(argv[4]));
    fprintf(stderr, "usage: remote-test-peer write PATH PERIOD_MS | check PATH N TIMEOUT_S\n");
    return 2;
}
