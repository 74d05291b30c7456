/* test-peer.c — the other process in daoctl's tests: a real libdao writer,
 * or a reader holding slot claims, that the Python tests start, watch
 * through daoctl, and SIGKILL.
 *
 *   daoctl-test-peer write PATH PERIOD_MS   write a frame every PERIOD_MS
 *   daoctl-test-peer claim PATH N           claim N reader slots
 *   daoctl-test-peer keywords PATH          set one keyword of each type
 *   daoctl-test-peer map FILE               map FILE, as sem_open() maps a
 *                                           semaphore's file
 *
 * write, claim and map print "ready" (claim: "ready K K …") once in place and
 * then run until killed; keywords exits.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "dao.h"

static int fail(const char *what, int rc)
{
    fprintf(stderr, "daoctl-test-peer: %s: %s\n", what, dao_strerror(rc));
    return 1;
}

static int run_writer(dao_stream *s, long period_ms)
{
    unsigned char *frame = malloc(dao_stream_frame_size(s));
    if (!frame)
        return fail("malloc", -ENOMEM);
    struct timespec period = {.tv_sec = period_ms / 1000, .tv_nsec = period_ms % 1000 * 1000000};
    for (unsigned n = 0;; n++) {
        memset(frame, (int)(n & 0xff), dao_stream_frame_size(s));
        int rc = dao_stream_write(s, frame, dao_stream_frame_size(s));
        if (rc < 0)
            return fail("write", rc);
        if (n == 0) {
            printf("ready\n");
            fflush(stdout);
        }
        nanosleep(&period, NULL);
    }
}

static int run_claims(dao_stream *s, long n)
{
    printf("ready");
    for (long i = 0; i < n; i++) {
        int slot;
        int rc = dao_stream_slot_claim(s, &slot);
        if (rc < 0)
            return fail("claim", rc);
        printf(" %d", slot);
    }
    printf("\n");
    fflush(stdout);
    for (;;)
        pause();
}

static int set_keywords(dao_stream *s)
{
    int rc = dao_stream_keyword_set_int(s, "GAIN", -42, "detector gain");
    if (rc == 0)
        rc = dao_stream_keyword_set_double(s, "EXPTIME", 0.25, "seconds");
    if (rc == 0)
        rc = dao_stream_keyword_set_string(s, "MODE", "say \"hi\"\\", "quote and backslash");
    return rc < 0 ? fail("keyword", rc) : 0;
}

static int run_mapper(const char *file)
{
    int fd = open(file, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return fail(file, -errno);
    void *map = mmap(NULL, 32, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED)
        return fail(file, -errno);
    close(fd); /* the mapping alone keeps the file in use, as with sem_open */
    printf("ready\n");
    fflush(stdout);
    for (;;)
        pause();
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: daoctl-test-peer write|claim|keywords|map PATH [ARG]\n");
        return 2;
    }
    if (strcmp(argv[1], "map") == 0)
        return run_mapper(argv[2]);
    dao_stream *s;
    int rc = dao_stream_open(&s, argv[2], 0);
    if (rc < 0)
        return fail(argv[2], rc);
    if (strcmp(argv[1], "write") == 0 && argc == 4)
        return run_writer(s, atol(argv[3]));
    if (strcmp(argv[1], "claim") == 0 && argc == 4)
        return run_claims(s, atol(argv[3]));
    if (strcmp(argv[1], "keywords") == 0) {
        rc = set_keywords(s);
        dao_stream_close(s);
        return rc;
    }
    fprintf(stderr, "daoctl-test-peer: bad arguments\n");
    return 2;
}
